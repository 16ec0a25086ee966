"""Deleting a conversation from Rasa's SQL tracker store (table `events`, by `sender_id`).

Rasa 3.6 has no HTTP route to forget a conversation, so this is the one place where the
service touches Rasa's store directly: SQLite under the data folder, or the database in
STODKOLLEN_TRACKER_STORE_URL (any SQLAlchemy URL, as Rasa's SQL tracker store takes).
"""

from collections.abc import Callable
from pathlib import Path

import sqlalchemy

from .sqlite_db import private_file

EVENTS_TABLE = "events"
SQLITE = "sqlite:///"


class TrackerEvents:
    def __init__(self, url: str):
        self.url = url
        if url.startswith(SQLITE):
            # Made here, for its owner only, if Rasa has not made it yet: Rasa would make it 0644,
            # and the conversations in it are personal data.
            path = Path(url.removeprefix(SQLITE))
            path.parent.mkdir(parents=True, exist_ok=True)
            private_file(path)

    def _run(self, sql: str, parameters: dict, read: Callable, nothing_yet, write: bool = False):
        """One statement on the events table; `nothing_yet` when Rasa has not made it yet.
        Lists bind as IN (…)."""
        engine = sqlalchemy.create_engine(self.url)
        try:
            if not sqlalchemy.inspect(engine).has_table(EVENTS_TABLE):
                return nothing_yet
            statement = sqlalchemy.text(sql.format(events=EVENTS_TABLE)).bindparams(
                *(sqlalchemy.bindparam(name, expanding=True)
                  for name, value in parameters.items() if isinstance(value, list)))
            with (engine.begin() if write else engine.connect()) as connection:
                return read(connection.execute(statement, parameters))
        finally:
            engine.dispose()

    def has_conversation(self, sender: str) -> bool:
        """Whether Rasa has stored anything of this conversation."""
        return self._run("SELECT 1 FROM {events} WHERE sender_id = :sender LIMIT 1", {"sender": sender},
                         lambda result: result.first() is not None, False)

    def quiet_since(self, before: float) -> set[str]:
        """The conversations whose last event is `before` (seconds since the epoch) or older."""
        return self._run("SELECT sender_id FROM {events} GROUP BY sender_id HAVING MAX(timestamp) <= :before",
                         {"before": before}, lambda result: {row[0] for row in result}, set())

    def active_since(self, before: float, senders: set[str]) -> set[str]:
        """Those of `senders` with an event after `before`."""
        if not senders:
            return set()
        return self._run("SELECT DISTINCT sender_id FROM {events} WHERE timestamp > :before "
                         "AND sender_id IN :senders", {"before": before, "senders": sorted(senders)},
                         lambda result: {row[0] for row in result}, set())

    def count_events(self, senders: set[str]) -> int:
        if not senders:
            return 0
        return self._run("SELECT COUNT(*) FROM {events} WHERE sender_id IN :senders",
                         {"senders": sorted(senders)}, lambda result: result.scalar(), 0)

    def delete_conversations(self, senders: set[str]) -> int:
        """Delete every event of these senders; returns how many events went."""
        if not senders:
            return 0
        return self._run("DELETE FROM {events} WHERE sender_id IN :senders", {"senders": sorted(senders)},
                         lambda result: result.rowcount, 0, write=True)
