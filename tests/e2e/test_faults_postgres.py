"""PostgreSQL stops under a conversation (issue 17): Rasa used to keep the turn in memory and
answer as if all were well. Now the user hears "försök igen om en stund" (503), /health/stack
names the tracker store, and once PostgreSQL is back the same answer is taken: nothing lost.

A stack of its own (ports 35 above the shared stack's, between the fault drills' +25 and
other offsets) whose tracker store is a PostgreSQL server this test starts and stops.
"""

import subprocess
import tempfile
import time
from pathlib import Path

import httpx
import psycopg2
import pytest
from conftest import E2E_PORTS, Conversation
from test_faults import chat
from test_scale_out import INITDB, as_postgres_user, require_free_port

from stodkollen.core.settings import Settings
from stodkollen.stack import Stack, train, wait_until

pytestmark = pytest.mark.skipif(not INITDB, reason="needs Debian's postgresql: run "
                                "tests/e2e/install-scale-out-deps.sh (make test does)")
PORTS = {name: port + 35 for name, port in E2E_PORTS.items()}
POSTGRES_PORT = PORTS["service_port"] + 7463  # 25498 with no offset: apart from scale-out's 25452


class Postgres:
    """One PostgreSQL server that a test can stop (fast: every client is cut off) and start."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="stodkollen-postgres-fault-"))
        self.data = self.folder / "data"
        self.bin = Path(INITDB[-1]).parent
        self.url = f"postgresql://postgres@127.0.0.1:{POSTGRES_PORT}"
        self.server: subprocess.Popen | None = None
        if as_postgres_user():
            subprocess.run(["chown", "postgres", str(self.folder)], check=True)
        subprocess.run([*as_postgres_user(), str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres",
                        "-A", "trust", "--no-sync"], check=True, capture_output=True)

    def answers(self) -> bool:
        try:
            psycopg2.connect(f"{self.url}/postgres", connect_timeout=2).close()
        except psycopg2.OperationalError:
            return False
        return True

    def start(self) -> None:
        log = open(self.folder / "postgres.log", "ab")
        self.server = subprocess.Popen([*as_postgres_user(), str(self.bin / "postgres"), "-D", str(self.data),
                                        "-p", str(POSTGRES_PORT), "-k", str(self.folder),
                                        "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"],
                                       stdout=log, stderr=subprocess.STDOUT)
        log.close()
        wait_until(self.answers, 60, "PostgreSQL answers")

    def stop(self) -> None:
        subprocess.run([*as_postgres_user(), str(self.bin / "pg_ctl"), "stop", "-D", str(self.data),
                        "-m", "fast", "-w"], check=True, capture_output=True)
        self.server.wait(timeout=30)


@pytest.fixture(scope="module")
def postgres():
    require_free_port(POSTGRES_PORT, "PostgreSQL")
    server = Postgres()
    server.start()
    admin = psycopg2.connect(f"{server.url}/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("CREATE DATABASE tracker")
    admin.close()
    yield server
    if server.server.poll() is None:
        server.stop()
    subprocess.run(["rm", "-rf", str(server.folder)], check=False)


@pytest.fixture(scope="module")
def postgres_stack(tmp_path_factory, postgres) -> Stack:
    data_dir = tmp_path_factory.mktemp("stodkollen-postgres-fault")
    settings = Settings(host="127.0.0.1", data_dir=data_dir, tracker_store_url=f"{postgres.url}/tracker",
                        rate_limit_chat_per_minute=0, rate_limit_evaluate_per_minute=0, **PORTS)
    train(settings)
    running = Stack(settings, data_dir / "logs").start()
    yield running
    running.stop()


def stack_health(stack: Stack) -> dict:
    return httpx.get(f"{stack.settings.service_url}/health/stack", timeout=30).json()


def test_postgresql_stops_and_no_answer_is_lost(postgres, postgres_stack):
    conversation = Conversation(postgres_stack)
    sender = conversation.sender
    for message in ("Hej", "/check_supports", "Butik"):
        assert chat(postgres_stack, sender, message).status_code == 200
    assert conversation.slot("requested_slot") == "municipality"

    postgres.stop()
    try:
        refused = chat(postgres_stack, sender, "Vindeln")
        assert refused.status_code == 503, refused.text
        assert "Försök igen om en stund" in refused.json()["detail"]
        health = stack_health(postgres_stack)
        assert health["stores"]["trackers"] == "error" and "trackers" in health["failed"], health
    finally:
        postgres.start()
    rasa_log = (postgres_stack.log_dir / "rasa.log").read_text(encoding="utf-8", errors="replace")
    assert "InMemoryTrackerStore" not in rasa_log and "tracker store failed" in rasa_log

    # The widget sends the answer again after a 503; the first try may meet a connection the
    # restart cut off (refused again, 503), the next gets a fresh one.
    started = time.monotonic()
    wait_until(lambda: chat(postgres_stack, sender, "Vindeln").status_code == 200, 60,
               "the answer taken once PostgreSQL is back", every=1)
    print(f"\nPostgreSQL back: answer taken after {time.monotonic() - started:.1f} s")
    assert conversation.slot("municipality") == "Vindeln"
    assert conversation.slot("asker") is not None  # the answers before the outage are all there
    assert stack_health(postgres_stack)["stores"]["trackers"] == "ok"
