"""Secrets and personal data on the web chat: a conversation belongs to the browser that began
it (its secret, not its id, lets it go on), ids are checked whole, and a draft's link reaches
the browser without passing through Rasa."""

import asyncio
import json
import sqlite3

import httpx
import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.drafts.lifecycle import find_draft
from service.rasa import RasaClient
from service.routers.caseworker import conversation_lines
from stodkollen.core.settings import Settings
from tests.test_drafts import FACTS

SECRET = "the-internal-token"
LINK = "https://stodkollen.example/utkast/"


class FakeRasa:
    """Rasa's REST channel: answers each turn with `replies`, and remembers what it got."""

    def __init__(self):
        self.received: list[dict] = []
        self.replies: list[dict] = [{"recipient_id": "x", "text": "Hej!"}]
        self.down = False

    def handle(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("connection refused")
        self.received.append(json.loads(request.content))
        return httpx.Response(200, json=self.replies)


@pytest.fixture
def rasa() -> FakeRasa:
    return FakeRasa()


@pytest.fixture
def client(tmp_path, rasa):
    settings = Settings(data_dir=tmp_path, internal_token_setting=SECRET,
                        public_url_setting="https://stodkollen.example")
    with TestClient(create_app(settings, httpx.MockTransport(rasa.handle))) as client:
        yield client


def say(client, sender: str, message: str = "Hej", secret: str | None = None) -> httpx.Response:
    body = {"sender": sender, "message": message} | ({"secret": secret} if secret else {})
    return client.post("/api/v1/chat", json=body)


def test_the_first_reply_gives_a_secret_and_only_it_lets_the_conversation_go_on(client, rasa):
    first = say(client, "w-0123456789abcdef01234567")
    assert first.status_code == 200 and len(secret := first.json()["secret"]) == 43
    assert say(client, "w-0123456789abcdef01234567").status_code == 403  # the id alone
    wrong = say(client, "w-0123456789abcdef01234567", secret="A" * 43)
    assert wrong.status_code == 403 and "webbläsaren som började" in wrong.json()["detail"]
    again = say(client, "w-0123456789abcdef01234567", "Vindeln", secret=secret)
    assert again.status_code == 200 and again.json()["secret"] is None
    assert [turn["message"] for turn in rasa.received] == ["Hej", "Vindeln"]


def test_a_secret_for_no_conversation_we_know_is_refused(client, rasa):
    assert say(client, "w-unknown-conversation", secret="B" * 43).status_code == 403
    assert rasa.received == []


def test_a_conversation_rasa_already_has_cannot_be_claimed_by_its_id(client, rasa, tmp_path):
    """One begun before secrets were given, or by a client that talks to Rasa itself."""
    with sqlite3.connect(tmp_path / "rasa_tracker.sqlite") as db:
        db.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, type_name TEXT, data TEXT)")
        db.execute("INSERT INTO events (sender_id, type_name, data) VALUES (?, 'user', '{}')",
                   ["w-begun-before-1"])
    assert say(client, "w-begun-before-1").status_code == 403
    assert say(client, "w-a-new-one-1234").status_code == 200
    assert rasa.received == [{"sender": "w-a-new-one-1234", "message": "Hej",
                              "metadata": {"channel": "web", "lang": "sv"}}]


def test_the_secret_comes_with_a_503_too_so_the_widget_can_send_again(client, rasa):
    rasa.down = True
    down = say(client, "w-rasa-was-down-1")
    assert down.status_code == 503 and len(secret := down.json()["secret"]) == 43
    rasa.down = False
    assert say(client, "w-rasa-was-down-1", secret=secret).status_code == 200


@pytest.mark.parametrize("sender", ["abcdefgh\n", "abcdefgh\r\n", "phone-0123456789abcdef01234567", "short",
                                    "x" * 65, "has space"])
def test_ids_are_checked_whole_and_phone_ids_are_refused_on_the_web(client, rasa, sender):
    response = say(client, sender)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "sender"
    assert rasa.received == []


def test_a_secret_is_checked_whole(client, rasa):
    assert say(client, "w-0123456789abcdef01234567", secret="A" * 43 + "\n").status_code == 422


def test_the_rasa_client_keeps_web_and_phone_apart(tmp_path):
    client = RasaClient(Settings(data_dir=tmp_path, internal_token_setting=SECRET))
    with pytest.raises(ValueError):
        asyncio.run(client.send("phone-0123456789abcdef01234567", "Hej", {"channel": "web"}))
    with pytest.raises(ValueError):
        asyncio.run(client.phone_turn({"sender": "w-0123456789abcdef01234567", "speech": "hej"}))


# The draft's link: put in by the service, never through Rasa

def draft_ready(reference: str) -> list[dict]:
    """The reply the NLG renders for utter_draft_ready on the web, as Rasa's REST channel sends it."""
    return [{"recipient_id": "x", "text": f"Här är ditt utkast, med referensen {reference}: [utkastlänk]"},
            {"recipient_id": "x", "custom": {"draft_link": reference}}]


def create_draft(client, sender: str) -> dict:
    response = client.post("/api/v1/drafts", headers={"X-Internal-Token": SECRET},
                           json={"sender": sender, "facts": FACTS})
    assert response.status_code == 201
    return response.json()


def test_the_service_puts_the_link_of_the_conversations_own_draft_in_the_reply(client, rasa):
    secret = say(client, "w-with-a-draft-01").json()["secret"]
    draft = create_draft(client, "w-with-a-draft-01")
    rasa.replies = draft_ready(draft["reference"])
    [message] = say(client, "w-with-a-draft-01", "/prepare_draft", secret=secret).json()["messages"]
    link = f"{LINK}{draft['token']}"
    assert message["text"] == f"Här är ditt utkast, med referensen {draft['reference']}: {link}"
    assert message["custom"] is None  # the draft's name was for the service only
    assert find_draft(client.app.state.store, draft["token"]).reference == draft["reference"]


def test_another_conversations_draft_gets_no_link(client, rasa):
    theirs = create_draft(client, "w-someone-else-01")
    rasa.replies = draft_ready(theirs["reference"])
    [message] = say(client, "w-trying-theirs-1", "/prepare_draft").json()["messages"]
    assert LINK not in message["text"] and theirs["token"] not in message["text"]
    assert message["text"].startswith("Jag kunde inte spara ett utkast")


def test_a_deleted_draft_gets_no_link(client, rasa):
    secret = say(client, "w-deletes-draft-1").json()["secret"]
    draft = create_draft(client, "w-deletes-draft-1")
    assert client.delete(f"/api/v1/drafts/{draft['token']}").status_code == 204
    rasa.replies = draft_ready(draft["reference"])
    [message] = say(client, "w-deletes-draft-1", "/prepare_draft", secret=secret).json()["messages"]
    assert LINK not in message["text"]


# The caseworker's transcript: what a user typed is never a link there

def test_an_address_the_user_typed_is_no_link_on_the_caseworkers_page():
    lines = conversation_lines({"events": [
        {"event": "user", "text": "Orten heter https://elak.example/?x=1"},
        {"event": "bot", "text": "Jag hittar ingen ort som heter **https://elak.example/?x=1**.",
         "data": {}}]})
    assert lines[0] == {"speaker": "user", "text": "Orten heter https://elak.example/?x=1", "html": None}
    assert str(lines[1]["html"]) == ("<p>Jag hittar ingen ort som heter <strong>https://elak.example/?x=1"
                                     "</strong>.</p>")


@pytest.mark.parametrize("turn", [{"call_id": "c-42\n", "event": "call_started"},
                                  {"call_id": "c-42", "caller": "070-123 45 67\n", "event": "call_started"},
                                  {"call_id": "c-42", "digits": "35#\n"}])
def test_the_phone_route_checks_its_ids_whole_too(client, rasa, turn):
    platform = {"X-Phone-Platform-Token": client.app.state.settings.phone_platform_token}
    response = client.post("/api/v1/phone", json=turn, headers=platform)
    assert response.status_code == 422 and rasa.received == []
    assert response.json()["errors"][0]["field"] in turn
