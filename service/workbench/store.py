"""The workbench's SQLite file (sqlite-utils): the scenario library and the training sessions.

Scenarios are kept as their parts (name, description, facts, expected outcome, conversation)
so that YAML is only a way in and out (workbench/scenario.py reads and writes it). A training
session keeps its own copy of the scenarios it was started with, so that an edit in the
library during a training day changes no one's exercise, and each answer keeps the engine's
full answer at the time, so that the group's summary stays what the group saw.
"""

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from workbench.scenario import Expected, Scenario, chart_from_data

from ..drafts.sqlite_db import connection, write_transaction

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS scenarios (id TEXT PRIMARY KEY, name TEXT NOT NULL, "
    "description TEXT NOT NULL, facts TEXT NOT NULL, expected TEXT NOT NULL, conversation TEXT NOT NULL, "
    "updated_at TEXT NOT NULL, chart TEXT NOT NULL DEFAULT 'null', owner TEXT NOT NULL DEFAULT '', "
    "channel TEXT NOT NULL DEFAULT 'web', caller TEXT)",
    "CREATE TABLE IF NOT EXISTS training_sessions (id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
    "scenarios TEXT NOT NULL, created_at TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS training_participants (id INTEGER PRIMARY KEY, "
    "session_id INTEGER NOT NULL REFERENCES training_sessions(id), name TEXT NOT NULL, "
    "UNIQUE (session_id, name))",
    "CREATE TABLE IF NOT EXISTS training_answers ("
    "session_id INTEGER NOT NULL REFERENCES training_sessions(id), "
    "participant_id INTEGER NOT NULL REFERENCES training_participants(id), scenario_id TEXT NOT NULL, "
    "decisions TEXT NOT NULL, result TEXT NOT NULL, recorded_at TEXT NOT NULL, "
    "PRIMARY KEY (session_id, participant_id, scenario_id))",
)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def scenario_row(scenario: Scenario) -> dict:
    return {"id": scenario.id, "name": scenario.name, "description": scenario.description,
            "facts": json.dumps(scenario.facts, ensure_ascii=False),
            "expected": json.dumps({support: {"status": expected.status, "amount_sek": expected.amount_sek}
                                    for support, expected in scenario.expected.items()}),
            "conversation": json.dumps(scenario.conversation, ensure_ascii=False),
            "chart": json.dumps(scenario.chart.as_data() if scenario.chart else None),
            "channel": scenario.channel, "caller": scenario.caller}


def scenario_from_row(row: dict) -> Scenario:
    expected = {support: Expected(**value) for support, value in json.loads(row["expected"]).items()}
    return Scenario(row["id"], row["name"], row["description"], json.loads(row["facts"]), expected,
                    json.loads(row["conversation"]), chart_from_data(json.loads(row.get("chart") or "null")),
                    row.get("channel") or "web", row.get("caller"))


@dataclass(frozen=True)
class TrainingSession:
    id: int
    name: str
    scenarios: list[Scenario]

    def scenario(self, scenario_id: str) -> Scenario | None:
        return next((scenario for scenario in self.scenarios if scenario.id == scenario_id), None)


@dataclass(frozen=True)
class Answer:
    """A participant's decisions for one scenario ({support: {"status", "amount_sek"}}) and the
    engine's explained answer at the time."""

    participant: str
    scenario_id: str
    decisions: dict
    result: dict


class WorkbenchStore:
    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with connection(path) as db:
            db.enable_wal()
            with write_transaction(db):
                for statement in SCHEMA:
                    db.execute(statement)
                # A file from before ranges, copies, channels and callers gets their columns.
                columns = db["scenarios"].columns_dict
                if "chart" not in columns:
                    db["scenarios"].add_column("chart", str, not_null_default="null")
                if "owner" not in columns:
                    db["scenarios"].add_column("owner", str, not_null_default="")
                if "channel" not in columns:
                    db["scenarios"].add_column("channel", str, not_null_default="web")
                if "caller" not in columns:
                    db["scenarios"].add_column("caller", str)

    # ------------------------------------------------------------------ the library
    def scenarios(self, owner: str = "") -> list[Scenario]:
        """The shared library (owner ""), or one caseworker's own copies."""
        with connection(self.path) as db:
            return [scenario_from_row(row) for row in db.query(
                "SELECT * FROM scenarios WHERE owner = ? ORDER BY name, id", [owner])]

    def owner(self, scenario_id: str) -> str:
        """Whose copy a scenario is ("" for the shared library's)."""
        with connection(self.path) as db:
            row = db.execute("SELECT owner FROM scenarios WHERE id = ?", [scenario_id]).fetchone()
        return row[0] if row else ""

    def scenario(self, scenario_id: str) -> Scenario | None:
        with connection(self.path) as db:
            rows = list(db.query("SELECT * FROM scenarios WHERE id = ?", [scenario_id]))
        return scenario_from_row(rows[0]) if rows else None

    def save(self, *scenarios: Scenario, owner: str = "") -> None:
        """Add or replace (by id), all in one transaction; `owner` makes them someone's own copies."""
        with connection(self.path) as db, write_transaction(db):
            db.table("scenarios").upsert_all([{**scenario_row(scenario), "updated_at": _now(), "owner": owner}
                                              for scenario in scenarios], pk="id")

    def delete(self, scenario_id: str) -> None:
        with connection(self.path) as db, write_transaction(db):
            db.execute("DELETE FROM scenarios WHERE id = ?", [scenario_id])

    # ------------------------------------------------------------------ training
    def start_training(self, name: str, scenarios: list[Scenario]) -> int:
        with connection(self.path) as db, write_transaction(db):
            table = db.table("training_sessions")
            table.insert({"name": name, "created_at": _now(),
                          "scenarios": json.dumps([scenario_row(scenario) for scenario in scenarios],
                                                  ensure_ascii=False)})
            return table.last_pk

    def training_sessions(self) -> list[TrainingSession]:
        with connection(self.path) as db:
            rows = list(db.query("SELECT * FROM training_sessions ORDER BY id DESC"))
        return [self._training(row) for row in rows]

    def training_session(self, session_id: int) -> TrainingSession | None:
        with connection(self.path) as db:
            rows = list(db.query("SELECT * FROM training_sessions WHERE id = ?", [session_id]))
        return self._training(rows[0]) if rows else None

    @staticmethod
    def _training(row: dict) -> TrainingSession:
        scenarios = [scenario_from_row(item) for item in json.loads(row["scenarios"])]
        return TrainingSession(row["id"], row["name"], scenarios)

    def join(self, session_id: int, name: str) -> int:
        """The participant's id; the same name in the same session is the same participant, so
        that someone whose phone lost the page simply joins again."""
        with connection(self.path) as db, write_transaction(db):
            db.execute("INSERT OR IGNORE INTO training_participants (session_id, name) VALUES (?, ?)",
                       [session_id, name])
            return db.execute("SELECT id FROM training_participants WHERE session_id = ? AND name = ?",
                              [session_id, name]).fetchone()[0]

    def participant(self, session_id: int, participant_id: int) -> str | None:
        with connection(self.path) as db:
            row = db.execute("SELECT name FROM training_participants WHERE session_id = ? AND id = ?",
                             [session_id, participant_id]).fetchone()
        return row[0] if row else None

    def participants(self, session_id: int) -> list[tuple[int, str]]:
        with connection(self.path) as db:
            return [tuple(row) for row in db.execute("SELECT id, name FROM training_participants "
                                                     "WHERE session_id = ? ORDER BY name", [session_id])]

    def record(self, session_id: int, participant_id: int, scenario_id: str, decisions: dict,
               result: dict) -> None:
        """A decision is recorded once: the first answer, given before seeing the engine's, counts."""
        with connection(self.path) as db, write_transaction(db):
            db.execute("INSERT OR IGNORE INTO training_answers VALUES (?, ?, ?, ?, ?, ?)",
                       [session_id, participant_id, scenario_id, json.dumps(decisions),
                        json.dumps(result, ensure_ascii=False), _now()])

    def answers(self, session_id: int, participant_id: int | None = None) -> list[Answer]:
        query = ("SELECT a.*, p.name FROM training_answers a JOIN training_participants p "
                 "ON p.id = a.participant_id WHERE a.session_id = ?")
        params: list = [session_id]
        if participant_id is not None:
            query += " AND a.participant_id = ?"
            params.append(participant_id)
        with connection(self.path) as db:
            rows = list(db.query(query + " ORDER BY p.name", params))
        return [Answer(row["name"], row["scenario_id"], json.loads(row["decisions"]),
                       json.loads(row["result"])) for row in rows]
