"""Reading the conversations still kept in Rasa's SQL tracker store, for review.

The same table service/drafts/tracker.py deletes from (`events`: one row per event, its JSON in
`data`), read with SQLAlchemy so that SQLite and PostgreSQL alike work. Only events inside the
retention period are read: what is older is not shown, even before the retention job has
deleted it.
"""

import json
from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy

from ..drafts.tracker import EVENTS_TABLE
from .turns import Progress, Turn, read_conversation

DAY_S = 24 * 60 * 60


@dataclass(frozen=True)
class Reviewable:
    turns: list[Turn]
    progress: list[Progress]


def retention_start(now: float, retention_days: int) -> float:
    return now - retention_days * DAY_S


def stored_events(url: str, since: float) -> dict[str, list[tuple[int, dict]]]:
    """sender → [(row id, event)] in stored order, for events at or after `since`."""
    engine = sqlalchemy.create_engine(url)
    try:
        if not sqlalchemy.inspect(engine).has_table(EVENTS_TABLE):
            return {}  # Rasa has not stored anything yet
        query = sqlalchemy.text(f"SELECT id, sender_id, data FROM {EVENTS_TABLE} "
                                "WHERE timestamp >= :since ORDER BY sender_id, id")
        conversations: dict[str, list[tuple[int, dict]]] = defaultdict(list)
        with engine.connect() as connection:
            for row_id, sender, data in connection.execute(query, {"since": since}):
                conversations[sender].append((row_id, json.loads(data)))
        return conversations
    finally:
        engine.dispose()


def reviewable(url: str, now: float, retention_days: int) -> Reviewable:
    """Every turn and every conversation's progress inside the retention period."""
    turns: list[Turn] = []
    progress: list[Progress] = []
    for sender, events in stored_events(url, retention_start(now, retention_days)).items():
        conversation_turns, conversation_progress = read_conversation(sender, events, now)
        turns.extend(conversation_turns)
        progress.append(conversation_progress)
    return Reviewable(turns, progress)
