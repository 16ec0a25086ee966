"""A draft's life: created from the facts, completed by the applicant, handed over, deleted.

The link token is 256 bits: the HMAC-SHA-256 of a random value kept with the draft, with the
link key (settings.draft_link_key), which is kept apart from the drafts. Only the token's
SHA-256 is stored, so a copy of the database opens no draft page; the key lets the service
give the same link again when a conversation asks for its draft a second time (after a crash
between storing the draft and answering, say) and add it to the reply the user reads, so
the link never passes through Rasa (service/routers/chat.py).
"""

import base64
import hashlib
import hmac
import logging
import re
import secrets
from datetime import datetime, timedelta, timezone

from rules_engine import evaluate
from stodkollen.conversation_facts import is_number

from .attachments import required_attachments
from .handoff import MinAnsokanHandoff, Receipt, applied_supports
from .model import Applicant, Draft, NewDraft
from .store import DraftStore
from .tracker import TrackerEvents

log = logging.getLogger(__name__)
NONCE_BYTES = 32
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")  # 32 bytes in URL-safe base64 without padding


def now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def link_token(link_key: str, nonce: str) -> str:
    digest = hmac.new(link_key.encode(), nonce.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def draft_link_token(link_key: str, draft: Draft) -> str | None:
    """The token of an open draft's link; None for a draft that has none to give again."""
    return link_token(link_key, draft.link_nonce) if draft.link_nonce else None


def _numbers_among(facts: dict, paths: list[str]) -> list[str]:
    """The paths that name a number in the facts: a flag for anything else means nothing."""
    def value(path: str):
        group, _, key = path.rpartition(".")
        return (facts.get(group) or {}).get(key) if group else facts.get(path)
    return sorted({path for path in paths if is_number(value(path))})


def create_draft(store: DraftStore, facts: dict, *, sender: str, for_caseworker: bool,
                 retention_days: int, link_key: str, at: datetime | None = None,
                 approximate_facts: list[str] = (), form_answers: dict | None = None) -> tuple[Draft, str]:
    """The conversation's draft and its link's token. The engine runs here, on the facts as
    posted: a draft never holds a result it did not compute. Raises FactsError (nothing
    stored) for facts outside the contract. `approximate_facts` are the facts answered as
    estimates, shown with "ca".

    A conversation has at most one open draft: asked for again, it is that draft, brought up
    to date with the facts as they are now, with the same reference and link."""
    at = at or now()
    result = evaluate(facts)
    nonce = secrets.token_urlsafe(NONCE_BYTES)
    new = NewDraft(
        sender=sender, for_caseworker=for_caseworker, facts=facts, result=result,
        ruleset_id=result["ruleset"]["id"],
        supports=[support["support"] for support in applied_supports(result)],
        attachments=required_attachments(facts), token_hash=token_hash(link_token(link_key, nonce)),
        created_at=at, expires_at=at + timedelta(days=retention_days),
        approximate_facts=_numbers_among(facts, list(approximate_facts)),
        form_answers={slot: value for slot, value in (form_answers or {}).items() if value},
        link_nonce=nonce)
    draft, created = store.open_or_create(new)
    if created:
        log.info("draft %s created (for caseworker: %s)", draft.reference, for_caseworker)
    else:
        draft = store.refresh(draft, new, required_attachments(facts, draft.applicant))
        log.info("draft %s asked for again: the same draft, with the facts as they are now", draft.reference)
    return draft, link_token(link_key, draft.link_nonce)


def find_draft(store: DraftStore, token: str, at: datetime | None = None) -> Draft | None:
    """The live draft behind a link, or None: unknown, deleted and expired look the same."""
    if not TOKEN_SHAPE.fullmatch(token):
        return None
    return store.by_token_hash(token_hash(token), at or now())


def complete_draft(store: DraftStore, draft: Draft, applicant: Applicant,
                   at: datetime | None = None) -> Draft:
    details = applicant.dict(exclude={"consent"})
    details["consent_given_at"] = (at or now()).isoformat()
    completed = store.complete(draft.id, details, required_attachments(draft.facts, details), at or now())
    log.info("draft %s completed by the applicant", draft.reference)  # the details stay out of logs
    return completed


def request_delivery(store: DraftStore, draft: Draft, channel: str, address: str,
                     at: datetime | None = None) -> Draft:
    """The caller's choice of how to get the link: kept with the draft, which they may delete."""
    updated = store.request_delivery(draft.id, {"channel": channel, "address": address,
                                                "requested_at": (at or now()).isoformat()})
    log.info("draft %s: the link is asked for by %s", draft.reference, channel)  # not the address
    return updated


def hand_over_draft(store: DraftStore, handoff: MinAnsokanHandoff, draft: Draft,
                    at: datetime | None = None) -> Receipt:
    receipt = handoff.hand_over(draft)
    store.hand_over(draft.id, at or now())
    log.info("draft %s handed over (%s)", draft.reference, receipt.method)
    return receipt


def forget_conversations(store: DraftStore, tracker: TrackerEvents, senders: set[str],
                         at: datetime | None = None) -> int:
    """Delete the Rasa conversations behind these drafts, unless a live draft still needs one."""
    senders = {sender for sender in senders if sender}
    return tracker.delete_conversations(senders - store.senders_in_use(senders, at or now()))


def delete_draft(store: DraftStore, tracker: TrackerEvents, draft: Draft, at: datetime | None = None) -> None:
    """The applicant's "Radera": the draft's data and its conversation go at once."""
    store.delete(draft.id, at or now())
    forget_conversations(store, tracker, {draft.sender}, at)
    log.info("draft %s deleted by the applicant", draft.reference)
