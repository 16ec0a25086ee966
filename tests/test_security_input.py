"""Bad input never costs a 500 or unbounded memory (issue 17, "Bad input"): the body limit is
enforced before anything parses the body, rate-limited clients included; a lone surrogate is
422 naming the field on every route; JSON syntax errors say so; numbers of any size format."""

import asyncio
import json

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from service.app import create_app
from stodkollen.core.formatting import format_number
from stodkollen.core.settings import Settings

JSON_HEADERS = {"Content-Type": "application/json"}


@pytest.fixture
def app(tmp_path):
    return create_app(Settings(data_dir=tmp_path, rate_limit_evaluate_per_minute=2))


@pytest.fixture
def client(app):
    with TestClient(app) as client:
        yield client


def test_a_body_over_the_limit_gets_413_in_swedish(client):
    body = json.dumps({"municipality": "x" * 70_000}).encode()
    response = client.post("/api/v1/evaluate", content=body, headers=JSON_HEADERS)
    assert response.status_code == 413
    assert response.json()["detail"] == "Förfrågan är för stor: högst 64 kB tas emot."
    english = client.post("/api/v1/evaluate?lang=en", content=body, headers=JSON_HEADERS)
    assert english.json()["detail"] == "The request is too large: at most 64 kB are accepted."


def test_a_body_without_a_length_is_cut_off_at_the_limit_too(client):
    chunks = (b"x" * 10_000 for _ in range(100))  # sent chunked: no Content-Length to trust
    response = client.post("/api/v1/evaluate", content=chunks, headers=JSON_HEADERS)
    assert response.status_code == 413


def test_the_limit_is_a_setting(tmp_path):
    with TestClient(create_app(Settings(data_dir=tmp_path, max_body_kb=1))) as client:
        body = json.dumps({"municipality": "x" * 2_000})
        assert client.post("/api/v1/evaluate", content=body, headers=JSON_HEADERS).status_code == 413
        assert client.post("/api/v1/evaluate", json={"year": 2018}).status_code == 200


def test_a_rate_limited_client_cannot_make_us_read_a_large_body(client):
    for _ in range(2):
        assert client.post("/api/v1/evaluate", json={"year": 2018}).status_code == 200
    assert client.post("/api/v1/evaluate", json={"year": 2018}).status_code == 429
    response = client.post("/api/v1/evaluate", content=b"[" * 1_000_000, headers=JSON_HEADERS)
    assert response.status_code == 413


def test_the_middleware_stops_reading_at_the_limit(app):
    """Driven as the server drives it: an endless body is read only up to the limit."""
    pulled = 0

    async def endless_body():
        nonlocal pulled
        pulled += 1
        return {"type": "http.request", "body": b"x" * 16_384, "more_body": True}

    sent: list[dict] = []

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/api/v1/evaluate", "raw_path": b"/api/v1/evaluate",
             "query_string": b"", "headers": [(b"content-type", b"application/json")],
             "client": ("203.0.113.9", 5000), "server": ("testserver", 80), "scheme": "http",
             "http_version": "1.1", "root_path": "", "app": app}

    async def drive():
        async with app.router.lifespan_context(app):
            await app(scope, endless_body, send)

    asyncio.run(drive())
    assert sent[0]["status"] == 413
    assert pulled == 5  # 5 × 16 kB is the first past 64 kB


# ------------------------------------------------------------------ text that is not Unicode

def body_routes(app) -> list[tuple[str, str]]:
    routes = [(method, route.path) for route in app.routes if isinstance(route, APIRoute)
              for method in sorted(route.methods & {"POST", "PUT", "PATCH", "DELETE"})]
    assert {("POST", "/api/v1/chat"), ("POST", "/api/v1/evaluate"), ("POST", "/api/v1/phone"),
            ("PUT", "/api/v1/drafts/{token}/applicant")} <= set(routes)
    return routes


def test_a_lone_surrogate_gets_422_naming_the_field_on_every_route(app, client):
    routes = body_routes(app)
    for method, path in routes:
        url = path.replace("{token}", "a" * 43).replace("{reference}", "SK-2026-000001")
        url = url.replace("{", "").replace("}", "")
        body = '{"message": "hej \\ud800 då", "store": {"kind": "x"}}'
        response = client.request(method, url, content=body.encode(), headers=JSON_HEADERS)
        assert response.status_code == 422, (method, path, response.text)
        assert response.json()["errors"] == [{
            "field": "message",
            "message": "Fältet ”message” innehåller tecken som inte är giltig Unicode-text "
                       "(ett ensamt surrogattecken)."}]


@pytest.mark.parametrize("body, field", [
    ('{"store": {"kind": "\\udfff"}}', "store.kind"),
    ('{"store": {"services": ["post", "\\ud83d"]}}', "store.services.1"),
    ('{"\\ud800x": 1}', "?x"),  # the key itself: named with the surrogate shown as "?"
])
def test_the_surrogate_is_found_where_it_is(client, body, field):
    response = client.post("/api/v1/evaluate", content=body.encode(), headers=JSON_HEADERS)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field


def test_a_surrogate_pair_is_text_and_passes(client):
    response = client.post("/api/v1/evaluate", content=b'{"municipality": "\\ud83d\\uded2"}',
                           headers=JSON_HEADERS)
    assert response.status_code == 422  # no such municipality, said as such: the emoji was read
    assert "\N{SHOPPING TROLLEY}" in response.json()["errors"][0]["message"]


# ------------------------------------------------------------------ JSON syntax, huge numbers

def test_a_json_syntax_error_says_where_the_json_breaks(client):
    response = client.post("/api/v1/evaluate", content=b'{"year": 2018,\n  "store": }', headers=JSON_HEADERS)
    assert response.status_code == 422
    assert response.json()["errors"] == [{
        "field": "", "message": "Förfrågan är inte giltig JSON: felet står på rad 2, tecken 12."}]
    chat = client.post("/api/v1/chat?lang=en", content=b'{"sender": "abcdefgh", "message": "hej"',
                       headers=JSON_HEADERS)
    assert chat.json()["errors"][0]["message"].startswith("The request is not valid JSON")


@pytest.mark.parametrize("path, value", [("opening_hours_per_week", 1e27),
                                         ("distance_to_nearest_grocery_store_km", 1.7e308),
                                         ("grocery_net_turnover_sek", 10**40)])
def test_a_huge_fact_is_422_naming_the_field(client, path, value):
    response = client.post("/api/v1/evaluate", json={"year": 2018, "store": {path: value}})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == f"store.{path}"
    assert "kan inte vara större än" in response.json()["errors"][0]["message"]


@given(value=st.floats() | st.integers() | st.integers(min_value=10**4000, max_value=10**4400),
       lang=st.sampled_from(["sv", "en"]), decimals=st.integers(0, 3))
def test_format_number_never_raises(value, lang, decimals):
    assert format_number(value, lang, decimals)


def test_format_number_groups_what_it_used_to_refuse():
    assert format_number(1e27) == "\N{NO-BREAK SPACE}".join(["1"] + ["000"] * 9)
    assert format_number(10**5000) == "1,0E+5000"


def test_rasa_may_send_a_long_conversation_to_the_nlg_endpoint_with_the_token(app, client):
    """Rasa sends the whole conversation with each reply it asks for: past 64 kB in a long one."""
    events = [{"event": "user", "text": "ett långt svar " * 20}] * 400
    body = json.dumps({"response": "utter_greet", "arguments": {}, "channel": {"name": "rest"},
                       "tracker": {"sender_id": "abcdefgh", "slots": {}, "latest_message": {},
                                   "events": events}}).encode()
    assert len(body) > 64 * 1024
    token = app.state.settings.internal_token
    assert client.post("/nlg", content=body, headers=JSON_HEADERS).status_code == 413
    assert client.post("/nlg", content=body, headers={**JSON_HEADERS, "X-Internal-Token": "gissat"}
                       ).status_code == 413
    answered = client.post("/nlg", content=body, headers={**JSON_HEADERS, "X-Internal-Token": token})
    assert answered.status_code == 200, answered.text[:300]
