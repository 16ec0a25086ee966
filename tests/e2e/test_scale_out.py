"""Scale-out on real engines: PostgreSQL as Rasa's tracker store and as the drafts store, Redis
as Rasa's lock store, and two Rasa servers behind the service, which takes turns between them.
A conversation whose turns alternate between the two servers keeps every answer, the form goes
on where it was, and the draft lands in PostgreSQL.

The servers are Debian's (tests/e2e/install-scale-out-deps.sh, run by `make test`), started
here in a temporary folder on their own ports, and stopped afterwards. This module runs a stack
of its own: it is about processes (docs: the brief's "one running stack" rule).
"""

import asyncio
import glob
import os
import re
import shutil
import socket
import subprocess
import tempfile
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import httpx
import psycopg2
import pytest
import redis as redis_client
from conftest import PORT_OFFSET, rasa_token, texts
from rasa.utils.endpoints import EndpointConfig
from test_conversations import GROCERY_STORE

from service.drafts.lifecycle import complete_draft, create_draft, find_draft, now, request_delivery
from service.drafts.model import Applicant
from service.drafts.postgres import PostgresDraftStore
from service.drafts.retention import PersonalData, purge
from service.drafts.sqlite import SqliteDraftStore
from service.drafts.tracker import TrackerEvents
from stodkollen.core.settings import Settings
from stodkollen.rasa_lock_store import AtomicRedisLockStore
from stodkollen.stack import Stack, train, wait_until
from tests.examples import STORE

INITDB = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
REDIS = shutil.which("redis-server")
pytestmark = pytest.mark.skipif(
    not INITDB or not REDIS,
    reason="needs Debian's postgresql and redis-server: run tests/e2e/install-scale-out-deps.sh "
           "(make test does)")
# Apart from the shared e2e stack's ports (conftest.E2E_PORTS) and from other offsets.
PORTS = {"service_port": 18020 + PORT_OFFSET, "rasa_port": 15025 + PORT_OFFSET,
         "actions_port": 15075 + PORT_OFFSET}
POSTGRES_PORT = 25452 + PORT_OFFSET
REDIS_PORT = 26399 + PORT_OFFSET


def as_postgres_user() -> list[str]:
    """PostgreSQL refuses to run as root; tests in CI containers often are root."""
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def require_free_port(port: int, what: str) -> None:
    """A server left from an earlier run on the port would answer instead of ours, with its
    old databases: say so plainly rather than fail on what it holds."""
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            pytest.fail(f"port {port} for {what} is taken: stop what runs there (an earlier test run?)")


@pytest.fixture(scope="module")
def postgres():
    # Not under pytest's temporary folder: the postgres user may not enter root's.
    require_free_port(POSTGRES_PORT, "PostgreSQL")
    folder = Path(tempfile.mkdtemp(prefix="stodkollen-postgres-"))
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    bin_dir = Path(INITDB[-1]).parent
    subprocess.run([*as_postgres_user(), str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres",
                    "-A", "trust", "--no-sync"], check=True, capture_output=True)
    log = open(folder / "postgres.log", "ab")
    server = subprocess.Popen([*as_postgres_user(), str(bin_dir / "postgres"), "-D", str(data),
                               "-p", str(POSTGRES_PORT), "-k", str(folder),
                               "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"],
                              stdout=log, stderr=subprocess.STDOUT)
    url = f"postgresql://postgres@127.0.0.1:{POSTGRES_PORT}"
    # Refused, or "the database system is starting up": both an OperationalError.
    wait_until(lambda: psycopg2.connect(f"{url}/postgres").close() is None, 60, "PostgreSQL",
               not_yet=(psycopg2.OperationalError,))
    admin = psycopg2.connect(f"{url}/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        for database in ("tracker", "drafts", "drafts_equivalence"):
            cursor.execute(f"CREATE DATABASE {database}")
    admin.close()
    yield url
    server.terminate()
    server.wait(timeout=30)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def redis(tmp_path_factory):
    require_free_port(REDIS_PORT, "Redis")
    folder = tmp_path_factory.mktemp("redis")
    log = open(folder / "redis.log", "ab")
    server = subprocess.Popen([REDIS, "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "",
                               "--appendonly", "no", "--daemonize", "no", "--dir", str(folder)],
                              stdout=log, stderr=subprocess.STDOUT)
    wait_until(lambda: redis_client.Redis(port=REDIS_PORT).ping(), 60, "Redis",
               not_yet=(redis_client.ConnectionError,))
    yield f"redis://127.0.0.1:{REDIS_PORT}/0"
    server.terminate()
    server.wait(timeout=30)


@pytest.fixture(scope="module")
def scaled_stack(tmp_path_factory, postgres, redis):
    data_dir = tmp_path_factory.mktemp("scale-out-data")
    settings = Settings(host="127.0.0.1", data_dir=data_dir, rasa_instances=2, lock_store_url=redis,
                        tracker_store_url=f"{postgres}/tracker", drafts_db_url=f"{postgres}/drafts",
                        rate_limit_chat_per_minute=0, **PORTS)
    train(settings)  # the model the other end-to-end tests use
    running = Stack(settings, data_dir / "logs").start()
    yield running
    running.stop()


def turns_received(stack: Stack, name: str) -> int:
    log = (stack.log_dir / f"{name}.log").read_text(encoding="utf-8")
    return log.count("turn received on the REST channel")


def test_a_conversation_alternating_between_two_rasa_servers_stays_consistent(scaled_stack, postgres):
    settings = scaled_stack.settings
    assert settings.rasa_urls == (f"http://127.0.0.1:{settings.rasa_port}",
                                  f"http://127.0.0.1:{settings.rasa_port + 1}")
    sender = f"e2e-scale-{uuid.uuid4().hex[:12]}"
    before = {name: turns_received(scaled_stack, name) for name in ("rasa", "rasa-2")}
    turn = 0

    def say(text: str) -> list[dict]:
        """Every other turn straight to the other server: what the service's round robin does."""
        nonlocal turn
        url = settings.rasa_urls[turn % 2]
        turn += 1
        response = httpx.post(f"{url}/webhooks/rest/webhook", params=rasa_token(scaled_stack), timeout=60,
                              json={"sender": sender, "message": text, "metadata": {"channel": "web"}})
        response.raise_for_status()
        return response.json()

    def tracker(server: int) -> dict:
        return httpx.get(f"{settings.rasa_urls[server]}/conversations/{sender}/tracker",
                         params=rasa_token(scaled_stack), timeout=30).json()

    say("/check_supports")
    asked = []
    for _ in range(40):
        # Both servers see the same conversation at every step.
        first, second = tracker(0), tracker(1)
        assert first["slots"] == second["slots"]
        requested = first["slots"].get("requested_slot")
        if requested is None:
            break
        assert requested not in asked, f"{requested} asked again after {asked}: an answer was lost"
        asked.append(requested)
        say(GROCERY_STORE[requested])
    slots = tracker(turn % 2)["slots"]
    assert slots["municipality"] == "Vindeln" and slots["store_grocery_net_turnover_sek"] == 3_000_000
    assert "166 667 kr" in texts(say("ja"))
    reply = texts(say("/prepare_draft"))
    reference = re.search(r"SK-\d{4}-\d{6}", reply).group()
    after = {name: turns_received(scaled_stack, name) for name in ("rasa", "rasa-2")}
    assert after["rasa"] - before["rasa"] >= turn // 2 and after["rasa-2"] - before["rasa-2"] >= turn // 2

    # The conversation is in PostgreSQL's tracker store, the draft in its drafts database.
    with psycopg2.connect(f"{postgres}/tracker") as connection, connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM events WHERE sender_id = %s AND type_name = 'user'", [sender])
        assert cursor.fetchone()[0] == turn
    with psycopg2.connect(f"{postgres}/drafts") as connection, connection.cursor() as cursor:
        cursor.execute("SELECT sender, facts->'store'->>'grocery_net_turnover_sek' FROM drafts "
                       "WHERE reference = %s", [reference])
        assert cursor.fetchone() == (sender, "3000000")


def test_the_service_takes_turns_between_the_servers(scaled_stack):
    settings = scaled_stack.settings
    before = {name: turns_received(scaled_stack, name) for name in ("rasa", "rasa-2")}
    sender = f"e2e-scale-service-{uuid.uuid4().hex[:8]}"
    secret = {}  # the conversation's, given with the first reply
    for text in ("Hej", "/check_supports", "Butik", "Vindeln"):
        response = httpx.post(f"{settings.service_url}/api/v1/chat",
                              json={"sender": sender, "message": text, **secret}, timeout=60)
        assert response.status_code == 200, response.text
        secret = secret or {"secret": response.json()["secret"]}
    after = {name: turns_received(scaled_stack, name) for name in ("rasa", "rasa-2")}
    assert {name: after[name] - before[name] for name in after} == {"rasa": 2, "rasa-2": 2}
    slots = httpx.get(f"{settings.rasa_urls[0]}/conversations/{sender}/tracker",
                      params=rasa_token(scaled_stack), timeout=30).json()["slots"]
    assert slots["asker"] is not None and slots["municipality"] == "Vindeln"


def test_the_lock_store_lets_one_server_at_a_time_answer_a_conversation(scaled_stack):
    """Two messages of one conversation at the same moment, one to each server: with the Redis
    lock they are handled one after the other, and both are in the tracker, in some order."""
    settings = scaled_stack.settings
    sender = f"e2e-scale-lock-{uuid.uuid4().hex[:8]}"

    async def both() -> None:
        async with httpx.AsyncClient(params=rasa_token(scaled_stack), timeout=60) as client:
            responses = await asyncio.gather(*(
                client.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text})
                for url, text in zip(settings.rasa_urls, ("Hej", "/check_supports"), strict=True)))
        assert [response.status_code for response in responses] == [200, 200]

    asyncio.run(both())
    # Every event (a greeting may start the conversation over, which the default view hides).
    events = httpx.get(f"{settings.rasa_urls[0]}/conversations/{sender}/tracker", timeout=30,
                       params={**rasa_token(scaled_stack), "include_events": "ALL"}).json()["events"]
    turns = [event["text"] for event in events if event["event"] == "user"]
    assert sorted(turns) == ["/check_supports", "Hej"]
    # One turn after the other: the first turn ends listening before the second message comes.
    kinds = [event["event"] if event["event"] == "user" else event.get("name") for event in events]
    first, second = (index for index, kind in enumerate(kinds) if kind == "user")
    assert "action_listen" in kinds[first + 1:second] and kinds[-1] == "action_listen"


def test_the_postgres_draft_store_behaves_as_the_sqlite_one(postgres, tmp_path):
    """The same life of two drafts in both stores: created, found by link, completed, listed,
    one deleted, both expired and purged; every answer the same but the database ids."""
    at = now()
    applicant = Applicant(applicant_name="Granåns Lanthandel AB", organisation_number="556036-0793",
                          contact_person="Karin Lundström", email="karin@granan.example", phone="",
                          store_name="Granåns Lanthandel", store_street="Byvägen 3", store_postcode="92291",
                          store_town="Vindeln", consent=True)
    tracker = TrackerEvents(f"sqlite:///{tmp_path / 'no-tracker.sqlite'}")
    lives = []
    stores = (SqliteDraftStore(tmp_path / "drafts.sqlite"),
              PostgresDraftStore(f"{postgres}/drafts_equivalence"))
    for store in stores:
        first, token = create_draft(store, STORE, sender="s-1", for_caseworker=False,
                                    retention_days=30, at=at, link_key="a-link-key")
        second, _ = create_draft(store, STORE, sender="s-2", for_caseworker=True,
                                 retention_days=30, at=at, link_key="a-link-key")
        found = find_draft(store, token, at)
        completed = complete_draft(store, found, applicant, at)
        asked = request_delivery(store, completed, "email", "karin@granan.example", at)
        listing = store.listing(10)
        deleted = store.delete(second.id, at)
        in_use = store.senders_in_use({"s-1", "s-2", "s-3"}, at)
        missing = find_draft(store, token, at + timedelta(days=31))
        purged = purge(PersonalData(store, tracker), at + timedelta(days=31))
        lives.append([first, second, found, completed, asked, listing, deleted, in_use, missing, purged,
                      store.listing(10), store.by_reference(first.reference)])
    sqlite_life, postgres_life = lives
    assert postgres_life[3].applicant["organisation_number"] == "556036-0793"
    assert postgres_life[4].delivery["address"] == "karin@granan.example"
    assert postgres_life[6].facts is None and postgres_life[6].status == "deleted"
    assert postgres_life == sqlite_life


def test_tickets_taken_at_once_by_many_servers_are_all_different(redis):
    """The lock store itself: 8 threads (as 8 Rasa servers) each take 25 tickets for one
    conversation at once; every ticket is issued once and the lock holds them all."""
    host, port_and_db = redis.removeprefix("redis://").split(":")
    config = EndpointConfig(url=host, port=int(port_and_db.split("/")[0]), db=0)
    conversation = f"e2e-tickets-{uuid.uuid4().hex[:8]}"

    def take_tickets(_) -> list[int]:
        store = AtomicRedisLockStore(config)
        return [store.issue_ticket(conversation) for _ in range(25)]

    with ThreadPoolExecutor(max_workers=8) as pool:
        tickets = [ticket for batch in pool.map(take_tickets, range(8)) for ticket in batch]
    assert sorted(tickets) == list(range(200))
    store = AtomicRedisLockStore(config)
    assert store.get_lock(conversation).last_issued == 199
    for ticket in tickets:
        store.cleanup(conversation, ticket)
    assert store.get_lock(conversation) is None
