"""The caseworkers' reviews: a SQLite file in the data folder (sqlite-utils).

A reviewed turn keeps only what the export needs: the user's words (masked), what the
assistant read (masked), the question it came at, the channel and language, the month, and
the verdict. No conversation id, no sender, no time finer than the month. The turn's key is
a hash of the conversation id and the event: it tells which turns of the queue are done
while the conversation is kept, and names nobody once it is gone.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from ..drafts.sqlite_db import connection, write_transaction
from .shown import ShownTurn
from .verdicts import Verdict

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS reviewed_turns (turn_key TEXT PRIMARY KEY, month TEXT NOT NULL, "
    "channel TEXT NOT NULL, language TEXT NOT NULL, question TEXT, fact_asked TEXT, text TEXT NOT NULL, "
    "reading TEXT NOT NULL, reasons TEXT NOT NULL, verdict TEXT NOT NULL, fact TEXT, value TEXT, "
    "approximate INTEGER NOT NULL DEFAULT 0, topic TEXT, note TEXT NOT NULL DEFAULT '')",
)


def review_db(data_dir: Path) -> Path:
    return data_dir / "review.sqlite"


@dataclass(frozen=True)
class Reviewed:
    """A reviewed turn as kept: what the export writes a corpus record from."""

    month: str
    channel: str
    language: str
    question: str | None
    fact_asked: str | None
    text: str
    reading: dict
    verdict: Verdict


class ReviewStore:
    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with connection(path) as db:
            db.enable_wal()
            with write_transaction(db):
                for statement in SCHEMA:
                    db.execute(statement)

    def record(self, turn: ShownTurn, verdict: Verdict) -> None:
        """Keep (or replace) the verdict on a turn, with the turn's masked words and reading."""
        row = {"turn_key": turn.key, "month": turn.month, "channel": turn.channel, "language": turn.language,
               "question": turn.question, "fact_asked": turn.fact_asked, "text": turn.text,
               "reading": json.dumps(turn.reading, ensure_ascii=False), "reasons": json.dumps(turn.reasons),
               "verdict": verdict.kind, "fact": verdict.fact, "topic": verdict.topic, "note": verdict.note,
               "value": json.dumps(verdict.value, ensure_ascii=False),
               "approximate": int(verdict.approximate)}
        with connection(self.path) as db, write_transaction(db):
            db.table("reviewed_turns").upsert(row, pk="turn_key")

    def reviewed_keys(self) -> set[str]:
        with connection(self.path) as db:
            return {row["turn_key"] for row in db.query("SELECT turn_key FROM reviewed_turns")}

    def reviewed(self) -> list[Reviewed]:
        with connection(self.path) as db:
            rows = list(db.query("SELECT * FROM reviewed_turns ORDER BY month, channel, question, text"))
        return [_reviewed(row) for row in rows]

    def count(self) -> int:
        with connection(self.path) as db:
            return db.execute("SELECT COUNT(*) FROM reviewed_turns").fetchone()[0]


def _reviewed(row: dict) -> Reviewed:
    verdict = Verdict(row["verdict"], fact=row["fact"], value=json.loads(row["value"]),
                      approximate=bool(row["approximate"]), topic=row["topic"], note=row["note"])
    return Reviewed(row["month"], row["channel"], row["language"], row["question"], row["fact_asked"],
                    row["text"], json.loads(row["reading"]), verdict)
