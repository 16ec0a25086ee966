"""Faults against real processes: the action server killed mid-form, Rasa killed under the
widget, the service killed while it writes a draft, and a drafts database that is full or
read-only. Each ends with nothing lost and nothing half written.

These tests kill processes, so they run on a stack of their own (ports 25 above the shared
stack's, its own data folder), never on the shared `stack` the other suites use. Every test
starts with all three processes running: one a test killed is started again first.
"""

import os
import shutil
import signal
import sqlite3
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from conftest import E2E_PORTS, Conversation
from playwright.sync_api import expect
from test_conversations import GROCERY_STORE
from test_widget import new_page, open_widget, reply_button, wait_idle

from service.routers.evaluate import EXAMPLE as FACTS
from stodkollen.core.settings import ROOT, Settings
from stodkollen.stack import Stack, _environment, train

# 25 above the shared stack's: +50 would put this Rasa on the shared action server's port
# (15005 + 50 = 15055), and offsets of 100 keep other test runs apart.
FAULT_PORTS = {name: port + 25 for name, port in E2E_PORTS.items()}
DRAFTS_CAP_MB = 1  # small, so that the full-database test fills it in a moment


@pytest.fixture(scope="module")
def fault_stack(tmp_path_factory) -> Stack:
    data_dir = tmp_path_factory.mktemp("stodkollen-faults")
    settings = Settings(host="127.0.0.1", data_dir=data_dir, rate_limit_chat_per_minute=0,
                        rate_limit_evaluate_per_minute=0, drafts_db_max_mb=DRAFTS_CAP_MB, **FAULT_PORTS)
    train(settings)  # the model the shared stack uses, unless the training data changed
    running = Stack(settings, Path(data_dir) / "logs").start()
    yield running
    running.stop()


@pytest.fixture
def faulty(fault_stack) -> Stack:
    for name, process in fault_stack.processes.items():
        if process.poll() is not None:
            start_process(fault_stack, name)
    return fault_stack


# ---------- starting and killing one process of the stack ----------

def start_process(stack: Stack, name: str, timeout: float = 240) -> None:
    """Start one process again with the command and environment Stack.start uses."""
    log = open(stack.log_dir / f"{name}.log", "ab")
    stack.processes[name] = subprocess.Popen(
        stack.commands()[name], cwd=stack.settings.bot_dir if name.startswith("rasa") else ROOT,
        stdout=log, stderr=subprocess.STDOUT, env=_environment(stack.settings), start_new_session=True)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert stack.processes[name].poll() is None, f"{name} stopped while starting; see its log"
        try:
            if httpx.get(stack.health_urls()[name], timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"{name} did not come back")


def kill(stack: Stack, name: str) -> None:
    """kill -9: no goodbye, no cleanup, as when the machine runs out of memory."""
    process = stack.processes[name]
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=20)


# ---------- talking to the service, as the widget does ----------

SECRETS: dict[str, str] = {}  # each conversation's secret, given with its first reply


def chat(stack: Stack, sender: str, message: str) -> httpx.Response:
    secret = {"secret": SECRETS[sender]} if sender in SECRETS else {}
    response = httpx.post(f"{stack.settings.service_url}/api/v1/chat", timeout=60,
                          json={"sender": sender, "message": message, "lang": "sv", "channel": "web",
                                **secret})
    if response.headers.get("content-type") == "application/json" and response.json().get("secret"):
        SECRETS[sender] = response.json()["secret"]
    return response


def text(response: httpx.Response) -> str:
    return "\n".join(m["text"] or "" for m in response.json()["messages"]).replace("\N{NO-BREAK SPACE}", " ")


def test_the_action_server_dies_mid_form_and_every_answer_is_kept(faulty):
    conversation = Conversation(faulty)  # for reading the tracker
    sender = conversation.sender
    for message in ("Hej", "/check_supports", "Butik"):
        assert chat(faulty, sender, message).status_code == 200
    assert conversation.slot("requested_slot") == "municipality"

    kill(faulty, "actions")
    refused = chat(faulty, sender, "Vindeln")
    assert refused.status_code == 503
    assert "Försök igen" in refused.json()["detail"] and "finns kvar" in refused.json()["detail"]

    start_process(faulty, "actions")
    # what the widget does by itself after a 503: the same message again
    assert "ort" in text(chat(faulty, sender, "Vindeln")).lower()
    assert conversation.slot("municipality") == "Vindeln"
    # the rest of the form, then the estimate, which needs every answer from before the crash
    for _ in range(40):
        asked = conversation.slot("requested_slot")
        if asked is None:
            break
        assert chat(faulty, sender, GROCERY_STORE[asked]).status_code == 200
    assert "166 667 kr" in text(chat(faulty, sender, "ja"))


def test_rasa_dies_and_the_widget_says_so_in_swedish_then_goes_on(faulty, browser):
    service_url = faulty.settings.service_url
    page = new_page(browser)
    try:
        open_widget(page, service_url)
        reply_button(page, "Kolla mina stöd").click()
        wait_idle(page)
        kill(faulty, "rasa")

        response = chat(faulty, f"fault-{uuid.uuid4().hex[:10]}", "Hej")
        assert response.status_code == 503
        assert "Assistenten går inte att nå just nu" in response.json()["detail"]
        page.get_by_label("Ditt svar").fill("Butik")
        page.get_by_label("Ditt svar").press("Enter")
        expect(page.get_by_role("alert")).to_contain_text("Assistenten går inte att nå just nu")
        expect(page.get_by_role("alert")).to_contain_text("010-225 40 00")

        start_process(faulty, "rasa")
        page.get_by_role("button", name="Försök nu").click()
        wait_idle(page)
        expect(page.get_by_role("alert")).to_be_hidden()
        expect(page.locator(".skw-bot").last).to_contain_text("kommun")
    finally:
        page.context.close()


# ---------- the drafts database ----------

def drafts_db(stack: Stack) -> Path:
    return stack.settings.drafts_db


def create_draft(stack: Stack, timeout: float = 60) -> httpx.Response:
    """What the action server does when a shop owner asks for a draft."""
    return httpx.post(f"{stack.settings.service_url}/api/v1/drafts", timeout=timeout,
                      headers={"X-Internal-Token": stack.settings.internal_token},
                      json={"sender": f"fault-{uuid.uuid4().hex[:10]}", "facts": FACTS})


def query(stack: Stack, sql: str, params: tuple = ()) -> list[tuple]:
    with sqlite3.connect(drafts_db(stack), timeout=30) as db:
        return db.execute(sql, params).fetchall()


def draft_rows(stack: Stack) -> list[tuple]:
    return query(stack, "SELECT id, reference, token_hash, result FROM drafts")


def assert_intact(stack: Stack) -> None:
    assert query(stack, "PRAGMA integrity_check") == [("ok",)]
    for _id, reference, token_hash, result in draft_rows(stack):
        assert reference and token_hash and result, "a draft written in half"


def write_lock_held(stack: Stack) -> bool:
    db = sqlite3.connect(drafts_db(stack), timeout=0, isolation_level=None)
    try:
        db.execute("BEGIN IMMEDIATE")
        db.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:  # "database is locked"
        return True
    finally:
        db.close()


def test_the_service_dies_while_writing_a_draft_and_leaves_no_half_draft(faulty):
    assert create_draft(faulty).status_code == 201
    before = draft_rows(faulty)
    # A hook in the database, not in the code: after the draft's row is inserted and before
    # its reference is set (the same transaction), a trigger keeps SQLite busy for minutes.
    query(faulty, "CREATE TABLE stall (n INTEGER)")
    query(faulty, "INSERT INTO stall SELECT value FROM json_each(?)", (str(list(range(2000))),))
    query(faulty, "CREATE TRIGGER stall_after_insert AFTER INSERT ON drafts BEGIN "
                  "SELECT count(*) FROM stall a, stall b, stall c; END")
    outcome: list = []

    def write() -> None:
        try:
            outcome.append(create_draft(faulty, timeout=120).status_code)
        except httpx.HTTPError as error:
            outcome.append(type(error).__name__)

    writer = threading.Thread(target=write)
    writer.start()
    deadline = time.monotonic() + 30
    while not write_lock_held(faulty):
        assert time.monotonic() < deadline, "the service never began writing the draft"
        time.sleep(0.05)
    time.sleep(0.5)  # well inside the transaction: the insert is done, the trigger is running
    kill(faulty, "service")
    writer.join(timeout=30)
    # the connection dropped without an answer (closed, or reset if bytes were still unread)
    assert outcome in (["RemoteProtocolError"], ["ReadError"])

    query(faulty, "DROP TRIGGER stall_after_insert")
    query(faulty, "DROP TABLE stall")
    assert draft_rows(faulty) == before
    assert_intact(faulty)
    start_process(faulty, "service")
    assert create_draft(faulty).status_code == 201
    assert len(draft_rows(faulty)) == len(before) + 1


def test_a_full_database_refuses_the_draft_in_swedish_and_loses_nothing(faulty):
    assert create_draft(faulty).status_code == 201
    before = draft_rows(faulty)
    # Something else filled the file up to the service's cap (settings.drafts_db_max_mb).
    query(faulty, "CREATE TABLE filler (b BLOB)")
    query(faulty, "INSERT INTO filler SELECT zeroblob(4000) FROM json_each(?)",
          (str(list(range(DRAFTS_CAP_MB * 1024 * 1024 // 4000 + 10))),))
    try:
        refused = create_draft(faulty)
        assert refused.status_code == 503
        assert "Det går inte att spara just nu" in refused.json()["detail"]
        assert draft_rows(faulty) == before
        assert_intact(faulty)
    finally:
        query(faulty, "DROP TABLE filler")
    assert create_draft(faulty).status_code == 201  # room again: drafts are written again


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """The file made immutable (chattr +i), which even root cannot write: SQLite then opens it
    read-only, as on a file system remounted read-only after a disk error."""
    if not shutil.which("chattr") or subprocess.run(["chattr", "+i", str(path)]).returncode:
        pytest.skip("needs chattr on a file system with the immutable attribute (ext4, xfs)")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_a_read_only_database_still_shows_drafts_and_refuses_new_ones_in_swedish(faulty):
    created = create_draft(faulty)
    assert created.status_code == 201
    before = draft_rows(faulty)
    with read_only(drafts_db(faulty)):
        token = created.json()["token"]
        shown = httpx.get(f"{faulty.settings.service_url}/api/v1/drafts/{token}", timeout=30)
        assert shown.status_code == 200 and shown.json()["reference"] == created.json()["reference"]
        refused = create_draft(faulty)
        assert refused.status_code == 503
        assert "Det går inte att spara just nu" in refused.json()["detail"]
    assert draft_rows(faulty) == before
    assert_intact(faulty)
    assert create_draft(faulty).status_code == 201
