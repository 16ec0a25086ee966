"""Deleting a conversation from Rasa's SQL tracker store (table `events`, by `sender_id`).

Rasa 3.6 has no HTTP route to forget a conversation, so this is the one place where the
service touches Rasa's store directly: SQLite under the data folder, or the database in
STODKOLLEN_TRACKER_STORE_URL (any SQLAlchemy URL, as Rasa's SQL tracker store takes).
"""

import sqlalchemy

EVENTS_TABLE = "events"


class TrackerEvents:
    def __init__(self, url: str):
        self.url = url

    def has_conversation(self, sender: str) -> bool:
        """Whether Rasa has stored anything of this conversation."""
        engine = sqlalchemy.create_engine(self.url)
        try:
            if not sqlalchemy.inspect(engine).has_table(EVENTS_TABLE):
                return False
            statement = sqlalchemy.text(f"SELECT 1 FROM {EVENTS_TABLE} WHERE sender_id = :sender LIMIT 1")
            with engine.connect() as connection:
                return connection.execute(statement, {"sender": sender}).first() is not None
        finally:
            engine.dispose()

    def delete_conversations(self, senders: set[str]) -> int:
        """Delete every event of these senders; returns how many events went."""
        if not senders:
            return 0
        engine = sqlalchemy.create_engine(self.url)
        try:
            if not sqlalchemy.inspect(engine).has_table(EVENTS_TABLE):
                return 0  # Rasa has not stored anything yet
            statement = sqlalchemy.text(f"DELETE FROM {EVENTS_TABLE} WHERE sender_id IN :senders").bindparams(
                sqlalchemy.bindparam("senders", expanding=True))
            with engine.begin() as connection:
                return connection.execute(statement, {"senders": sorted(senders)}).rowcount
        finally:
            engine.dispose()
