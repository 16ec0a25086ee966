"""What the service needs from wherever drafts are kept. `SqliteDraftStore` is the one used
today; a PostgreSQL store implements the same methods (with its own migrations)."""

from abc import ABC, abstractmethod
from datetime import datetime

from .model import Draft, NewDraft


class DraftStore(ABC):
    @abstractmethod
    def open_or_create(self, new: NewDraft) -> tuple[Draft, bool]:
        """The open draft (status `draft`, not expired at `new.created_at`) of `new.sender` if
        there is one, else `new` stored with its reference; True when created. One transaction,
        so that two requests at once, or a retry after a crash, make one draft."""

    @abstractmethod
    def refresh(self, draft: Draft, new: NewDraft, attachments: list[str]) -> Draft:
        """The open draft asked for again: its facts, result and estimates from `new`; flagged
        for a caseworker if either was; `new`'s link if it had none (made before links could be
        made again). The applicant's details, the reference and the times stay."""

    @abstractmethod
    def by_token_hash(self, token_hash: str, now: datetime) -> Draft | None:
        """The live draft (not deleted, not expired) whose link token has this hash."""

    @abstractmethod
    def by_reference(self, reference: str) -> Draft | None:
        """Any draft by its reference, for caseworkers (a deleted one keeps no data)."""

    @abstractmethod
    def listing(self, limit: int, offset: int = 0) -> list[Draft]:
        """The newest drafts first."""

    @abstractmethod
    def complete(self, draft_id: int, applicant: dict, attachments: list[str], at: datetime) -> Draft:
        """Save the applicant's details and the attachments they imply."""

    @abstractmethod
    def request_delivery(self, draft_id: int, delivery: dict) -> Draft:
        """Record how the applicant wants the link (sms, e-mail or a call back), and where."""

    @abstractmethod
    def hand_over(self, draft_id: int, at: datetime) -> Draft:
        """Mark the draft handed over to Min ansökan."""

    @abstractmethod
    def delete(self, draft_id: int, at: datetime) -> Draft:
        """Wipe the draft's data and link at once; a row with its reference and status
        `deleted` stays until it expires, so a caseworker who was told the reference learns
        what became of it."""

    @abstractmethod
    def expired(self, now: datetime) -> list[Draft]:
        """Every draft, in any status, whose expiry time has passed."""

    @abstractmethod
    def remove(self, draft_ids: list[int]) -> None:
        """Remove these drafts for good."""

    @abstractmethod
    def by_sender(self, sender: str) -> list[Draft]:
        """Every draft of this conversation, in any status (to forget a person on request)."""

    @abstractmethod
    def senders_in_use(self, senders: set[str], now: datetime) -> set[str]:
        """Those of `senders` that a live draft still refers to."""
