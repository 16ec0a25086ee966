"""Caseworkers sign in with a form: a server-side session in an HttpOnly, SameSite=Strict cookie
that ends on "Logga ut", after an idle hour and after eight hours; every form POST carries the
session's CSRF token; failed sign-ins are limited per client."""

from dataclasses import replace

import httpx
import pytest
from fastapi.testclient import TestClient
from test_caseworker import HASH, PASSWORD, client_for, sign_in
from test_service_api import FakeRasa, settings_for

from service.app import create_app
from service.caseworkers import SESSION_COOKIE, safe_next


class Clock:
    def __init__(self):
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def client(tmp_path):
    with client_for(tmp_path, FakeRasa()) as client:
        yield client


@pytest.fixture
def clock(client) -> Clock:
    clock = Clock()
    client.app.state.caseworker_sessions.clock = clock
    return clock


def csrf_token(client: TestClient, path: str = "/handlaggare") -> str:
    html = client.get(path).text
    return html.split('name="csrf_token" value="')[1].split('"')[0]


def test_signing_in_sets_a_strict_httponly_secure_cookie_for_the_caseworker_pages_only(client):
    response = sign_in(client)
    assert response.status_code == 303 and response.headers["location"] == "/handlaggare"
    cookie = response.headers["set-cookie"].lower()
    for attribute in ("httponly", "samesite=strict", "secure", "path=/handlaggare", "max-age=28800"):
        assert attribute in cookie, attribute
    page = client.get("/handlaggare")
    assert page.status_code == 200 and "Inloggad: handlaggare" in page.text and "Logga ut" in page.text


def test_over_plain_http_the_cookie_is_not_marked_secure(tmp_path):
    config = replace(settings_for(tmp_path), caseworker_password_hash=HASH,
                     public_url_setting="http://localhost:8000")
    app = create_app(config, httpx.MockTransport(FakeRasa().handle))
    with TestClient(app, follow_redirects=False) as client:
        assert "secure" not in sign_in(client).headers["set-cookie"].lower()
        assert client.get("/handlaggare").status_code == 200


def test_signing_in_leads_back_to_the_page_asked_for_and_never_to_another_site(client):
    asked = client.get("/handlaggare/SK-2026-000001?x=1")
    assert asked.headers["location"] == "/handlaggare/logga-in?nasta=%2Fhandlaggare%2FSK-2026-000001%3Fx%3D1"
    form = client.get(asked.headers["location"]).text
    assert 'name="nasta" value="/handlaggare/SK-2026-000001?x=1"' in form
    response = sign_in(client, nasta="/handlaggare/SK-2026-000001?x=1")
    assert response.headers["location"] == "/handlaggare/SK-2026-000001?x=1"
    for hostile in ("https://evil.example", "//evil.example", "/handlaggare.evil", "/api/v1/drafts", ""):
        assert safe_next(hostile) == "/handlaggare"


def test_a_wrong_password_keeps_the_user_name_and_says_what_went_wrong(client):
    response = sign_in(client, "handlaggare", "fel lösenord")
    assert response.status_code == 422 and SESSION_COOKIE not in response.headers.get("set-cookie", "")
    assert "Fel användarnamn eller lösenord" in response.text and 'value="handlaggare"' in response.text
    assert 'aria-describedby="login-error"' in response.text


def test_logging_out_ends_the_session_on_the_server_too(client):
    sign_in(client)
    copied_cookie = client.cookies[SESSION_COOKIE]
    response = client.post("/handlaggare/logga-ut", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 303
    assert response.headers["location"] == "/handlaggare/logga-in?meddelande=utloggad"
    assert "Du är utloggad" in client.get(response.headers["location"]).text
    client.cookies.set(SESSION_COOKIE, copied_cookie, domain="testserver", path="/handlaggare")
    assert client.get("/handlaggare").status_code == 303  # a copy of the cookie opens nothing


def test_a_session_ends_after_an_idle_hour(client, clock):
    sign_in(client)
    clock.now += 59 * 60
    assert client.get("/handlaggare").status_code == 200
    clock.now += 59 * 60  # each request restarts the idle hour
    assert client.get("/handlaggare").status_code == 200
    clock.now += 61 * 60
    response = client.get("/handlaggare")
    assert response.status_code == 303 and "meddelande=utgangen" in response.headers["location"]
    assert "Du har loggats ut" in client.get(response.headers["location"]).text


def test_a_session_ends_after_eight_hours_however_busy(client, clock):
    sign_in(client)
    for _ in range(15):  # a request every half hour for seven and a half hours
        clock.now += 30 * 60
        assert client.get("/handlaggare").status_code == 200
    clock.now += 31 * 60
    assert client.get("/handlaggare").status_code == 303


def test_the_session_lengths_are_settings(tmp_path):
    with client_for(tmp_path, FakeRasa(), caseworker_session_minutes=5) as client:
        clock = Clock()
        client.app.state.caseworker_sessions.clock = clock
        sign_in(client)
        clock.now += 6 * 60
        assert client.get("/handlaggare").status_code == 303


def test_the_sign_in_form_itself_needs_its_token_from_this_browser(client, tmp_path):
    bare = {"user": "handlaggare", "password": PASSWORD}
    assert client.post("/handlaggare/logga-in", data=bare).status_code == 403  # no cookie, no token
    form = client.get("/handlaggare/logga-in")
    assert "samesite=strict" in form.headers["set-cookie"].lower()
    token = csrf_token(client, "/handlaggare/logga-in")
    with client_for(tmp_path / "other", FakeRasa()) as other:  # another site's page, another browser
        refused = other.post("/handlaggare/logga-in", data={**bare, "csrf_token": token})
        assert refused.status_code == 403 and "Formuläret kunde inte skickas" in refused.text
    assert client.post("/handlaggare/logga-in", data={**bare, "csrf_token": token}).status_code == 303


@pytest.mark.parametrize("token", [None, "", "fel"])
def test_a_form_without_the_sessions_csrf_token_is_refused_in_swedish(client, token):
    sign_in(client)
    response = client.post("/handlaggare/logga-ut", data={} if token is None else {"csrf_token": token})
    assert response.status_code == 403 and "Formuläret kunde inte skickas" in response.text
    assert client.get("/handlaggare").status_code == 200  # still signed in


def test_another_sessions_csrf_token_is_refused(tmp_path):
    with client_for(tmp_path, FakeRasa()) as first, TestClient(first.app, base_url="https://testserver",
                                                                follow_redirects=False) as second:
        sign_in(first)
        sign_in(second)
        response = second.post("/handlaggare/logga-ut", data={"csrf_token": csrf_token(first)})
        assert response.status_code == 403


def test_behind_sso_forms_carry_a_token_a_foreign_site_cannot_know(tmp_path):
    with client_for(tmp_path, FakeRasa(), caseworker_sso_header="X-Forwarded-User") as client:
        anna, bo = {"X-Forwarded-User": "anna"}, {"X-Forwarded-User": "bo"}
        token = client.get("/handlaggare", headers=anna).text.split('name="csrf_token"')
        assert len(token) == 1  # no sign-out form: the proxy signs out
        anna_token = client.app.state.caseworker_sessions.sso_caseworker("anna").csrf_token
        assert anna_token != client.app.state.caseworker_sessions.sso_caseworker("bo").csrf_token
        def sign_out(headers, data):
            return client.post("/handlaggare/logga-ut", headers=headers, data=data).status_code

        assert sign_out(anna, {}) == 403
        assert sign_out(bo, {"csrf_token": anna_token}) == 403
        assert sign_out(anna, {"csrf_token": anna_token}) == 303


def test_failed_sign_ins_are_limited_per_client_and_successes_do_not_count(tmp_path):
    with client_for(tmp_path, FakeRasa(), caseworker_login_failures_per_minute=3) as client:
        for _ in range(5):  # a room signing in together from one address, each in their own browser
            client.cookies.clear()
            assert sign_in(client).status_code == 303
        client.cookies.clear()
        for _ in range(3):
            assert sign_in(client, password="gissning").status_code == 422
        refused = sign_in(client)  # even the right password waits now: nothing is computed
        assert refused.status_code == 429 and 0 < int(refused.headers["retry-after"]) <= 60
        assert "För många misslyckade inloggningar" in refused.text


def test_the_login_limit_can_be_turned_off(tmp_path):
    with client_for(tmp_path, FakeRasa(), caseworker_login_failures_per_minute=0) as client:
        for _ in range(12):
            assert sign_in(client, password="gissning").status_code == 422
