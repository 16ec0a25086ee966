"""The language of the service's errors (issue 14): one rule for every route, `request_lang`
in service/errors.py. The body's `lang` when the body can be read; else `?lang`; else
`Accept-Language`, which the widget sends with every request; else Swedish. So a body that
cannot be read, a rate-limited turn or an unknown address is answered in the widget's language.

The real application, with its middleware, over a real SQLite data folder; "Rasa" is a port
nobody listens on, so a turn that gets past the checks ends in the real 503 of Rasa down."""

import json
import socket

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.errors import accepted_language, body_lang
from service.nlg.handoff import LANSSTYRELSEN_PHONE
from stodkollen.core.i18n import translate
from stodkollen.core.settings import Settings

CHAT = "/api/v1/chat"
JSON = {"Content-Type": "application/json"}
ENGLISH = {"Accept-Language": "en"}
TURN = {"sender": "widget-5678", "message": "Store", "channel": "web"}


def closed_port() -> int:
    """A port that was free a moment ago: connecting to it is refused, as to a Rasa that is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def make_client(tmp_path):
    def make(**settings) -> TestClient:
        return TestClient(create_app(Settings(
            data_dir=tmp_path, rasa_urls_setting=(f"http://127.0.0.1:{closed_port()}",), **settings)))
    return make


@pytest.fixture
def client(make_client):
    with make_client() as client:
        yield client


def detail(response) -> str:
    return response.json()["detail"]


def first_error(response) -> str:
    return response.json()["errors"][0]["message"]


# ------------------------------------------------------------------ the rule's parts

@pytest.mark.parametrize("header, lang", [
    ("en", "en"), ("sv", "sv"), ("en-GB", "en"), ("EN-us", "en"), ("sv-SE,sv;q=0.9,en;q=0.8", "sv"),
    ("en-GB,en;q=0.9,sv;q=0.8", "en"), ("de,en;q=0.5", "en"), ("en;q=0.4, sv;q=0.6", "sv"),
    ("en;q=0, sv;q=0.1", "sv"), ("sv;q=nan, en;q=0.2", "en"), ("en;q=much", None), ("de", None),
    ("*", None), ("", None), ("fi-FI, nb;q=0.9", None)])
def test_accept_language_is_ranked_by_quality_then_order(header, lang):
    assert accepted_language(header) == lang


@pytest.mark.parametrize("body, lang", [
    (b'{"lang": "en", "message": "hi"}', "en"), (b'{"lang": "sv"}', "sv"), (b'{"lang": "de"}', None),
    (b'{"lang": 5}', None), (b'[{"lang": "en"}]', None), (b'{"lang": "en", "message": ', None),
    (b'{"message": "hi"}', None), (b'{"lang": "en", "x": "\xff"}', None),
    (b'{"lang": "en", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", None)])
def test_the_body_lang_is_read_only_from_a_readable_json_object(body, lang):
    assert body_lang(body) == lang


# ------------------------------------------------------------------ bodies that cannot be read

def test_broken_json_is_answered_in_the_accept_language(client):
    broken = b'{"sender": "widget-5678", "lang": "en", "message": "hi"'  # breaks at its end
    response = client.post(CHAT, content=broken, headers={**JSON, **ENGLISH})
    assert response.status_code == 422
    where = {"line": 1, "column": len(broken) + 1}
    assert first_error(response) == translate("error.request.json_syntax", "en", **where)
    swedish = client.post(CHAT, content=broken, headers=JSON)
    assert first_error(swedish) == translate("error.request.json_syntax", "sv", **where)


def test_a_body_that_is_not_utf8_is_answered_in_the_accept_language(client):
    response = client.post(CHAT, content=b'{"lang": "en", "message": "caf\xe9"}', headers={**JSON, **ENGLISH})
    assert response.status_code == 400
    assert detail(response) == translate("error.request.body", "en")


def test_a_body_too_large_to_read_is_answered_in_the_accept_language(client):
    body = json.dumps({**TURN, "lang": "en", "message": "x" * 70_000})
    response = client.post(CHAT, content=body, headers={**JSON, "Accept-Language": "en-GB,en;q=0.9"})
    assert response.status_code == 413
    assert detail(response) == translate("error.request.too_large", "en", limit="64")


def test_a_wrong_lang_in_the_body_leaves_the_header_to_decide(client):
    response = client.post(CHAT, json={**TURN, "lang": 5}, headers=ENGLISH)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "lang"
    assert first_error(response) == translate("error.request.invalid", "en",
                                              field=translate("error.request.field", "en", name="lang"))


# ------------------------------------------------------------------ a readable body's lang decides

def test_a_field_error_is_in_the_body_lang_without_any_header(client):
    too_long = client.post(CHAT, json={**TURN, "lang": "en", "message": "x" * 2001})
    assert too_long.status_code == 422
    assert first_error(too_long) == translate("error.request.too_long", "en",
                                              field=translate("error.request.field", "en", name="message"),
                                              limit=2000)


def test_the_body_lang_outranks_the_query_and_the_header(client):
    body = {**TURN, "lang": "sv", "message": "x" * 2001}
    response = client.post(f"{CHAT}?lang=en", json=body, headers=ENGLISH)
    assert first_error(response) == translate("error.request.too_long", "sv",
                                              field=translate("error.request.field", "sv", name="message"),
                                              limit=2000)


def test_the_rate_limit_answers_in_the_body_lang(make_client):
    """The issue's case: the widget sends `lang` in the body, and the 429 came back Swedish."""
    with make_client(rate_limit_chat_per_minute=2) as client:
        for number in range(2):  # a new conversation each; Rasa is down, so each is a 503
            assert client.post(CHAT, json={**TURN, "lang": "en", "sender": f"widget-{number}000"}
                               ).status_code == 503
        refused = client.post(CHAT, json={**TURN, "lang": "en"})
        assert refused.status_code == 429
        seconds = int(refused.headers["retry-after"])
        assert detail(refused) == translate("api.error.rate_limited", "en", seconds=seconds)
        swedish = client.post(CHAT, json={**TURN, "lang": "sv"}, headers=ENGLISH)
        assert detail(swedish) == translate("api.error.rate_limited", "sv",
                                            seconds=int(swedish.headers["retry-after"]))


def test_rasa_down_and_not_yours_are_in_the_body_lang(client):
    first = client.post(CHAT, json={**TURN, "lang": "en"}, headers={"Accept-Language": "sv"})
    assert first.status_code == 503
    assert detail(first) == translate("chat.unavailable", "en", phone=LANSSTYRELSEN_PHONE)
    assert first.json()["secret"]
    # The same conversation without its secret: another browser's.
    stranger = client.post(CHAT, json={**TURN, "lang": "en"})
    assert stranger.status_code == 403
    assert detail(stranger) == translate("chat.not_yours", "en")


# ------------------------------------------------------------------ no body at all

def test_unknown_address_and_method_are_in_the_accept_language(client):
    missing = client.get("/api/v1/no-such-thing", headers=ENGLISH)
    assert missing.status_code == 404
    assert detail(missing) == translate("error.request.not_found", "en")
    assert detail(client.get("/api/v1/no-such-thing")) == translate("error.request.not_found", "sv")
    wrong_method = client.get(CHAT, headers=ENGLISH)
    assert wrong_method.status_code == 405
    assert wrong_method.headers["allow"] == "POST"
    assert detail(wrong_method) == translate("error.request.method_not_allowed", "en", method="GET")


def test_a_missing_draft_and_ruleset_are_in_the_accept_language(client):
    draft = client.get("/api/v1/drafts/" + "x" * 43, headers=ENGLISH)
    assert draft.status_code == 404
    assert detail(draft) == translate("api.error.no_draft", "en")
    ruleset = client.get("/api/v1/rulesets/none", headers=ENGLISH)
    assert detail(ruleset) == translate("api.error.no_ruleset", "en", id="none")


def test_the_query_lang_outranks_the_header(client):
    """A link chosen for a language (an English draft link) is read in it, whatever the
    browser prefers."""
    response = client.get("/api/v1/drafts/" + "x" * 43 + "?lang=en", headers={"Accept-Language": "sv-SE"})
    assert detail(response) == translate("api.error.no_draft", "en")


def test_evaluate_answers_and_refuses_in_the_accept_language(client):
    refused = client.post("/api/v1/evaluate", json={"year": 1900}, headers=ENGLISH)
    assert refused.status_code == 422
    swedish = client.post("/api/v1/evaluate", json={"year": 1900})
    assert first_error(refused) != first_error(swedish)
    result = client.post("/api/v1/evaluate", json={"year": 2018}, headers=ENGLISH).json()
    assert result == client.post("/api/v1/evaluate?lang=en", json={"year": 2018}).json()
    assert result != client.post("/api/v1/evaluate", json={"year": 2018}).json()


def test_nothing_said_is_swedish(client):
    response = client.post(CHAT, content=b"{", headers={**JSON, "Accept-Language": "de-DE,fr;q=0.5"})
    assert first_error(response) == translate("error.request.json_syntax", "sv", line=1, column=2)
