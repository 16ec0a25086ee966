"""The retention job: expired drafts go, with the Rasa conversations that made them.

`stodkollen purge-drafts` runs it by hand; the service runs it once a day (service/app.py).
"""

import logging
from dataclasses import dataclass
from datetime import datetime

from .lifecycle import forget_conversations, now
from .store import DraftStore
from .tracker import TrackerEvents

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Purged:
    drafts: int
    events: int


def purge_expired(store: DraftStore, tracker: TrackerEvents, at: datetime | None = None) -> Purged:
    at = at or now()
    expired = store.expired(at)
    # The conversations first: if removing the drafts then fails, the next run finds them
    # again and deleting events twice is harmless; the other way round, an orphaned
    # conversation would stay for ever.
    events = forget_conversations(store, tracker, {draft.sender for draft in expired}, at)
    store.remove([draft.id for draft in expired])
    log.info("retention: %d expired drafts and %d conversation events deleted", len(expired), events)
    return Purged(len(expired), events)


def purge_drafts_command(args) -> int:
    """`stodkollen purge-drafts`: the retention job, now."""
    from stodkollen.core.settings import settings

    from .postgres import open_store

    config = settings()
    purged = purge_expired(open_store(config), TrackerEvents(config.tracker_sqlalchemy_url))
    print(f"Deleted {purged.drafts} expired drafts and {purged.events} events of their conversations.")
    return 0
