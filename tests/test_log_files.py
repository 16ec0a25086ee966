"""Logs: no secret or conversation id in a line, files 0640, rotated by size and by age, and
rotated files removed when past their keeping (a faked clock)."""

import json
import logging
from datetime import datetime, timedelta, timezone

import pytest

from stodkollen.core.jsonlog import JsonFormatter, redact_secrets
from stodkollen.log_files import LogRotation, open_log

TOKEN = "Zq0V2m8yK3fJb9QhT5nR1cXwL7pD4sGe6aUoIiEyHkM"  # token_urlsafe(32)'s shape
assert len(TOKEN) == 43


@pytest.mark.parametrize(("line", "secret"), [
    (f'127.0.0.1:5 - "GET /utkast/{TOKEN} HTTP/1.1" 200', TOKEN),
    (f'"DELETE /api/v1/drafts/{TOKEN} HTTP/1.1" 204', TOKEN),
    ("HTTP Request: GET http://127.0.0.1:5005/conversations/butik-0001/tracker?token=hemligt", "butik-0001"),
    ("HTTP Request: GET http://127.0.0.1:5005/conversations/butik-0001/tracker?token=hemligt", "hemligt"),
    ('{"sender": "butik-0001", "message": "Hej"}', "butik-0001"),
    ("sender_id=butik-0001 took the lock", "butik-0001"),
    ("turn of w-0123456789abcdef01234567 answered", "0123456789abcdef01234567"),
    ("call phone-0123456789abcdef01234567 started", "0123456789abcdef01234567"),
    ("X-Internal-Token: hemligt", "hemligt"),
    (f"a secret on its own: {TOKEN}.", TOKEN),
])
def test_secrets_and_ids_are_redacted(line, secret):
    assert secret not in redact_secrets(line)


def test_what_a_reader_needs_stays():
    line = '127.0.0.1:5 - "POST /api/v1/chat HTTP/1.1" 200; draft SK-2026-000012 created'
    assert redact_secrets(line) == line


def test_every_json_line_is_redacted():
    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1:5", "GET", f"/utkast/{TOKEN}", "1.1", 200), None)
    assert json.loads(JsonFormatter("service").format(record))["message"] == \
        '127.0.0.1:5 - "GET /utkast/… HTTP/1.1" 200'


class Clock:
    def __init__(self):
        self.now = datetime(2026, 12, 6, 12, tzinfo=timezone.utc).timestamp()

    def __call__(self) -> float:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta).total_seconds()


def line_at(clock: Clock, text: str = "x") -> bytes:
    when = datetime.fromtimestamp(clock(), timezone.utc).isoformat(timespec="milliseconds")
    return (json.dumps({"time": when, "message": text}) + "\n").encode()


def test_a_log_is_made_0640_and_an_older_one_loses_what_others_could_read(tmp_path):
    with open_log(tmp_path / "service.log") as log:
        log.write(b"line\n")
    assert (tmp_path / "service.log").stat().st_mode & 0o777 == 0o640
    older = tmp_path / "supervisor.log"
    older.write_text("line\n")
    older.chmod(0o644)
    LogRotation(tmp_path, max_bytes=1 << 20, keep_days=14).rotate()
    assert older.stat().st_mode & 0o777 == 0o640


def test_a_log_is_rotated_at_its_size_and_the_writer_goes_on_in_the_same_file(tmp_path):
    clock = Clock()
    rotation = LogRotation(tmp_path, max_bytes=1000, keep_days=14, clock=clock)
    with open_log(tmp_path / "rasa.log") as writer:  # as a process holds it
        writer.write(line_at(clock) * 10)
        writer.flush()
        assert rotation.rotate() == []  # small and young
        writer.write(line_at(clock) * 30)
        writer.flush()
        [rotated] = rotation.rotate()
        writer.write(line_at(clock, "after"))
        writer.flush()
    assert rotated.name == "rasa.log.20261206T120000Z" and rotated.stat().st_mode & 0o777 == 0o640
    assert len(rotated.read_bytes().splitlines()) == 40
    assert (tmp_path / "rasa.log").read_bytes() == line_at(clock, "after")


def test_a_log_is_rotated_daily_and_rotated_files_go_after_their_days(tmp_path):
    clock = Clock()
    rotation = LogRotation(tmp_path, max_bytes=1 << 20, keep_days=14, clock=clock)
    log = tmp_path / "actions.log"
    made = []
    for _day in range(20):
        with open_log(log) as writer:
            writer.write(line_at(clock))
        clock.advance(hours=23)
        assert rotation.rotate() == []  # not a day yet
        clock.advance(hours=1)
        made += rotation.rotate()
    assert len(made) == 20
    kept = sorted(path.name for path in tmp_path.glob("actions.log.*"))
    assert len(kept) == 15  # 14 days back, and the one made today
    assert kept[0] == (datetime(2026, 12, 6, 12, tzinfo=timezone.utc) + timedelta(days=6)).strftime(
        "actions.log.%Y%m%dT%H%M%SZ")


def test_a_flood_of_lines_cannot_fill_the_disk(tmp_path):
    clock = Clock()
    rotation = LogRotation(tmp_path, max_bytes=100, keep_days=14, keep_files=3, clock=clock)
    for _ in range(10):
        (tmp_path / "service.log").write_bytes(line_at(clock) * 5)
        rotation.rotate()
        clock.advance(seconds=1)
    assert len(list(tmp_path.glob("service.log.*"))) == 3


def test_the_supervisor_looks_once_a_minute(tmp_path):
    clock = Clock()
    rotation = LogRotation(tmp_path, max_bytes=10, keep_days=14, clock=clock)
    log = tmp_path / "service.log"
    log.write_bytes(line_at(clock))
    rotation.tick()
    log.write_bytes(line_at(clock))
    clock.advance(seconds=59)
    rotation.tick()
    assert len(list(tmp_path.glob("service.log.*"))) == 1
    clock.advance(seconds=1)
    rotation.tick()
    assert len(list(tmp_path.glob("service.log.*"))) == 2
