"""Security headers, rate limits, internal-only routes and request ids on the service
(service/security.py, service/request_ids.py), in process with a stand-in for Rasa."""

import json
import logging
import re
import sys

import httpx
import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.security import WIDGET_DIR, inline_hashes
from stodkollen.core import jsonlog
from stodkollen.core.settings import Settings

SECRET = "internal-secret-for-tests"
COUNTY = "https://www.lansstyrelsen.se"


def rasa_replies(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json=[{"recipient_id": "x", "text": "Hej!"}])


def make_client(tmp_path, transport=rasa_replies, **overrides) -> TestClient:
    settings = Settings(data_dir=tmp_path, internal_token_setting=SECRET, **overrides)
    return TestClient(create_app(settings, httpx.MockTransport(transport)))


@pytest.fixture
def client(tmp_path):
    with make_client(tmp_path, frame_ancestors=("'self'", COUNTY)) as client:
        yield client


def csp(response: httpx.Response) -> dict[str, str]:
    return {part.split()[0]: part for part in response.headers["content-security-policy"].split("; ")}


@pytest.mark.parametrize("path", ["/demo", "/health", "/api/v1/rulesets", "/handlaggare", "/no-such-page",
                                  "/widget/stodkollen-widget.js", "/static/stodkollen.css"])
def test_every_response_has_the_security_headers(client, path):
    response = client.get(path, follow_redirects=False)
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"
    policy = csp(response)
    assert policy["frame-ancestors"] == f"frame-ancestors 'self' {COUNTY}"
    assert policy["script-src"].startswith("script-src 'self'")
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    assert policy["object-src"] == "object-src 'none'"


def test_frame_ancestors_default_to_our_own_origin(tmp_path):
    with make_client(tmp_path) as client:
        assert csp(client.get("/health"))["frame-ancestors"] == "frame-ancestors 'self'"


def test_the_demo_pages_inline_script_and_style_are_allowed_by_hash_and_nothing_else(client):
    html = client.get("/demo").text
    hashes = inline_hashes(html)
    assert len(hashes["script"]) == 1 and len(hashes["style"]) == 1
    policy = csp(client.get("/demo"))
    assert policy["script-src"] == " ".join(["script-src 'self'", *hashes["script"]])
    assert policy["style-src"] == " ".join(["style-src 'self'", *hashes["style"]])
    # The hash changes with the script: a changed or injected one would not run.
    changed = html.replace("window.StodkollenConfig", "window.Other")
    assert inline_hashes(changed)["script"] != hashes["script"]
    assert (WIDGET_DIR / "demo.html").read_text(encoding="utf-8") == html


def test_the_draft_page_has_no_inline_script():
    templates = sorted((WIDGET_DIR.parent / "templates").rglob("*.html"))  # service/templates
    assert templates
    for template in templates:
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"\son[a-z]+=", text), template
        assert not inline_hashes(text)["script"], template


def test_the_api_docs_allow_their_cdn_and_their_own_inline_script(client):
    response = client.get("/docs")
    policy = csp(response)
    assert "https://cdn.jsdelivr.net" in policy["script-src"]
    assert set(inline_hashes(response.text)["script"]) <= set(policy["script-src"].split())
    assert "cdn.jsdelivr.net" not in client.get("/demo").headers["content-security-policy"]


# Rate limits

def test_chat_is_limited_per_client_with_a_swedish_429_and_retry_after(tmp_path):
    with make_client(tmp_path, rate_limit_chat_per_minute=2) as client:
        body = {"sender": "widget-1234", "message": "Hej"}
        # A new conversation each (a conversation's later turns would need its secret).
        assert [client.post("/api/v1/chat", json={**body, "sender": f"widget-{n}000"}).status_code
                for n in range(2)] == [200, 200]
        refused = client.post("/api/v1/chat", json=body)
        assert refused.status_code == 429
        assert 1 <= int(refused.headers["retry-after"]) <= 60
        detail = refused.json()["detail"]
        assert "Vänta" in detail and f"{refused.headers['retry-after']} sekunder" in detail
        # Another client is not held up.
        other = TestClient(client.app, client=("10.1.2.3", 50000))
        assert other.post("/api/v1/chat", json=body).status_code == 200


def test_evaluate_is_limited_and_answers_in_english_when_asked(tmp_path):
    facts = {"year": 2018}
    with make_client(tmp_path, rate_limit_evaluate_per_minute=1) as client:
        assert client.post("/api/v1/evaluate?lang=en", json=facts).status_code in (200, 422)
        refused = client.post("/api/v1/evaluate?lang=en", json=facts)
        assert refused.status_code == 429 and "Wait" in refused.json()["detail"]


def test_a_limit_of_zero_is_off(tmp_path):
    with make_client(tmp_path, rate_limit_chat_per_minute=0) as client:
        body = {"sender": "widget-1234", "message": "Hej"}
        assert {client.post("/api/v1/chat", json={**body, "sender": f"widget-{n:04d}"}).status_code
                for n in range(30)} == {200}


# Internal routes

@pytest.mark.parametrize("headers", [{}, {"X-Internal-Token": "guess"}, {"Authorization": "Bearer guess"}])
def test_nlg_and_metrics_answer_only_the_internal_token(client, headers):
    for response in (client.post("/nlg", json={"response": "utter_greet"}, headers=headers),
                     client.get("/metrics", headers=headers)):
        assert response.status_code == 401
        assert response.json()["detail"] == "Den här adressen är bara till för Stödkollens egna delar."


def test_nlg_and_metrics_open_with_the_token(client):
    body = {"response": "utter_greet", "tracker": {"slots": {}, "latest_message": {}}}
    nlg = client.post("/nlg", json=body, headers={"X-Internal-Token": SECRET})
    assert nlg.status_code == 200 and nlg.json()["text"]
    metrics = client.get("/metrics", headers={"Authorization": f"Bearer {SECRET}"})
    assert metrics.status_code == 200 and "# TYPE stodkollen_turn_seconds histogram" in metrics.text


# Request ids

def test_a_request_gets_an_id_and_hands_it_to_rasa(tmp_path):
    seen: list[httpx.Request] = []

    def rasa(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return rasa_replies(request)

    with make_client(tmp_path, transport=rasa) as client:
        body = {"sender": "widget-1234", "message": "Hej"}
        given = client.post("/api/v1/chat", json=body, headers={"X-Request-ID": "county-proxy.42"})
        made = client.post("/api/v1/chat", json={**body, "sender": "widget-2345"})
        forged = client.post("/api/v1/chat", json={**body, "sender": "widget-3456"},
                             headers={"X-Request-ID": "x\"}\n{\"level\": \"ERROR"})
    assert given.headers["x-request-id"] == "county-proxy.42"
    assert re.fullmatch(r"[0-9a-f]{32}", made.headers["x-request-id"])
    # A forged id is not taken: it could forge log lines.
    assert re.fullmatch(r"[0-9a-f]{32}", forged.headers["x-request-id"])
    assert [request.headers["x-request-id"] for request in seen] == [
        "county-proxy.42", made.headers["x-request-id"], forged.headers["x-request-id"]]
    assert all(request.url.params["token"] == SECRET for request in seen)


def test_log_lines_are_json_with_the_request_id_and_no_secret():
    formatter = jsonlog.JsonFormatter("service")
    record = logging.LogRecord("httpx", logging.INFO, __file__, 1, "HTTP Request: POST %s", (
        "http://127.0.0.1:5005/webhooks/rest/webhook?token=abc123&x=1",), None)
    reset = jsonlog.request_id.set("r-1")
    try:
        entry = json.loads(formatter.format(record))
    finally:
        jsonlog.request_id.reset(reset)
    assert entry["message"] == "HTTP Request: POST http://127.0.0.1:5005/webhooks/rest/webhook?token=…&x=1"
    assert entry["request_id"] == "r-1" and entry["process"] == "service" and entry["level"] == "INFO"


def test_an_exception_is_logged_by_kind_without_its_text():
    formatter = jsonlog.JsonFormatter("actions")
    typed = "omsättning 3 000 000 kr för Anna Andersson"
    try:
        raise ValueError(typed)
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    line = formatter.format(record)
    assert json.loads(line)["error"] == "ValueError" and "Anna" not in line
