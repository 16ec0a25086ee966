"""What is kept of a person, and for how long (README, "Personal data"): the retention job,
and forgetting one person on request.

Every conversation is deleted `retention_days` (settings.draft_retention_days, 30) after its
last event, or with its draft if the draft lives longer, whether it made a draft or not:
Rasa's events, the web conversation's secret (service/web_conversations.py) and the phone's
records of it (service/phone/calls.py). A draft goes when it expires. The service runs the job
at start and once a day (service/app.py), so `stodkollen run` does; `stodkollen purge` runs it
by hand (`--dry-run` only counts), and `stodkollen forget REFERENCE|SENDER` deletes one
person's draft and conversation at once.
"""

import logging
import re
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta

from stodkollen.core.formatting import format_number
from stodkollen.core.i18n import N_, translate
from stodkollen.core.settings import Settings, settings

from ..phone.calls import CallStore
from ..web_conversations import WebConversations
from .lifecycle import now
from .store import DraftStore
from .tracker import TrackerEvents

log = logging.getLogger(__name__)
REFERENCE = re.compile(r"SK-\d{4}-\d{6}")


@dataclass(frozen=True)
class PersonalData:
    """Every store that keeps something of a person. The web and phone stores are left out
    only where a deployment (or a test) has none."""

    drafts: DraftStore
    tracker: TrackerEvents
    web: WebConversations | None = None
    calls: CallStore | None = None
    retention_days: int = 30


@dataclass(frozen=True)
class Purged:
    drafts: int  # expired drafts removed
    conversations: int  # conversations deleted, wherever they had records
    events: int  # Rasa's events of those conversations


def _quiet(data: PersonalData, cutoff: datetime) -> set[str]:
    """The conversations with no event, turn or call after `cutoff` in any store (a draft
    expires the same way: at its time, not a moment after)."""
    web = data.web.last_turns() if data.web else {}
    phone = data.calls.activity() if data.calls else {}
    candidates = (data.tracker.quiet_since(cutoff.timestamp())
                  | {sender for sender, at in web.items() if at <= cutoff.timestamp()}
                  | {conversation for conversation, at in phone.items() if at <= cutoff})
    still_heard = ({sender for sender, at in web.items() if at > cutoff.timestamp()}
                   | {conversation for conversation, at in phone.items() if at > cutoff})
    return candidates - still_heard - data.tracker.active_since(cutoff.timestamp(), candidates)


def _delete_conversations(data: PersonalData, senders: set[str]) -> int:
    events = data.tracker.delete_conversations(senders)
    if data.web:
        data.web.forget(senders)
    if data.calls:
        data.calls.forget(senders)
    return events


def purge(data: PersonalData, at: datetime | None = None, dry_run: bool = False) -> Purged:
    """Delete what is past its time; with `dry_run`, only count it."""
    at = at or now()
    expired = data.drafts.expired(at)
    quiet = _quiet(data, at - timedelta(days=data.retention_days))
    gone = quiet - data.drafts.senders_in_use(quiet, at)
    if dry_run:
        return Purged(len(expired), len(gone), data.tracker.count_events(gone))
    # The conversations first: if removing the drafts then fails, the next run finds them
    # again and deleting events twice is harmless.
    events = _delete_conversations(data, gone)
    data.drafts.remove([draft.id for draft in expired])
    log.info("retention: %d expired drafts, %d conversations and their %d events deleted",
             len(expired), len(gone), events)
    return Purged(len(expired), len(gone), events)


@dataclass(frozen=True)
class Forgotten:
    drafts: list[str]  # their references
    conversations: int
    events: int


def forget(data: PersonalData, who: str) -> Forgotten | None:
    """A draft's reference (SK-2026-000123) or a conversation's id: the drafts of that
    conversation and everything kept of it, now. None when nothing is known by that name."""
    if REFERENCE.fullmatch(who):
        draft = data.drafts.by_reference(who)
        if draft is None:
            return None
        # A draft its applicant deleted keeps no sender: then it is the one thing left to remove.
        senders = {draft.sender} if draft.sender else set()
        drafts = data.drafts.by_sender(draft.sender) if draft.sender else [draft]
    else:
        senders, drafts = {who}, data.drafts.by_sender(who)
    known = (drafts or any(data.tracker.has_conversation(sender) for sender in senders)
             or (data.web and senders & set(data.web.last_turns()))
             or (data.calls and senders & set(data.calls.activity())))
    if not known:
        return None
    events = _delete_conversations(data, senders)
    data.drafts.remove([draft.id for draft in drafts])
    log.info("forgotten on request: %d drafts and %d conversations", len(drafts), len(senders))
    return Forgotten([draft.reference for draft in drafts], len(senders), events)


def personal_data(config: Settings) -> PersonalData:
    """The stores of this installation, as its settings name them."""
    from .postgres import open_store

    return PersonalData(open_store(config), TrackerEvents(config.tracker_sqlalchemy_url),
                        WebConversations.in_folder(config.data_dir),
                        CallStore(config.phone_calls_db, config.draft_retention_days),
                        config.draft_retention_days)


def _counts(lang: str, **counts: int) -> dict[str, str]:
    return {name: format_number(count, lang) for name, count in counts.items()}


def purge_command(args) -> int:
    """`stodkollen purge [--dry-run]`: the retention job, now."""
    config = settings()
    lang = config.default_language
    purged = purge(personal_data(config), dry_run=args.dry_run)
    message = N_("retention.would_purge") if args.dry_run else N_("retention.purged")
    print(translate(message, lang, **_counts(lang, drafts=purged.drafts, conversations=purged.conversations,
                                             events=purged.events)))
    return 0


def forget_command(args) -> int:
    """`stodkollen forget REFERENCE|SENDER`: one person's draft and conversation, now."""
    config = settings()
    lang = config.default_language
    forgotten = forget(personal_data(config), args.who)
    if forgotten is None:
        print(translate(N_("retention.unknown"), lang, who=args.who), file=sys.stderr)
        return 1
    print(translate(N_("retention.forgotten"), lang, who=args.who,
                    references=", ".join(forgotten.drafts) or "–",
                    **_counts(lang, drafts=len(forgotten.drafts), conversations=forgotten.conversations,
                              events=forgotten.events)))
    return 0
