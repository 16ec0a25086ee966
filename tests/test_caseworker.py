"""The caseworker pages: behind a password (PBKDF2) or the county's SSO header, a list of
drafts by reference, and each draft with its facts, result and conversation."""

import httpx
import pytest
from fastapi.testclient import TestClient
from test_drafts import APPLICANT
from test_service_api import FakeRasa, create, settings_for

from service.app import create_app
from service.caseworkers import caseworker_password_command, hash_password, verify_password

PASSWORD = "rätt häst batteri häftklammer"
HASH = hash_password(PASSWORD, iterations=1_000)  # fast in tests; the default is 600 000
AUTH = ("handlaggare", PASSWORD)


@pytest.fixture
def rasa() -> FakeRasa:
    return FakeRasa()


def client_for(tmp_path, rasa, **settings) -> TestClient:
    app = create_app(settings_for(tmp_path, **{"caseworker_password_hash": HASH, **settings}),
                     httpx.MockTransport(rasa.handle))
    return TestClient(app)


@pytest.fixture
def client(tmp_path, rasa):
    with client_for(tmp_path, rasa) as client:
        yield client


def test_password_hashes_verify_and_differ_each_time():
    assert HASH.startswith("pbkdf2_sha256$1000$") and HASH != hash_password(PASSWORD, iterations=1_000)
    assert verify_password(PASSWORD, HASH)
    assert not verify_password("fel", HASH)
    assert not verify_password(PASSWORD, "") and not verify_password(PASSWORD, "md5$1$x$y")
    assert hash_password("x").startswith("pbkdf2_sha256$600000$")


@pytest.mark.parametrize("auth", [None, ("handlaggare", "fel"), ("någon", PASSWORD)])
def test_without_the_right_credentials_nothing_is_shown(client, auth):
    create(client)
    response = client.get("/handlaggare", auth=auth)
    assert response.status_code == 401 and response.headers["www-authenticate"].startswith("Basic")
    assert "SK-" not in response.text


def test_without_a_configured_hash_nobody_gets_in(tmp_path, rasa):
    with client_for(tmp_path, rasa, caseworker_password_hash="") as client:
        assert client.get("/handlaggare", auth=("handlaggare", "")).status_code == 401


def test_the_list_shows_drafts_by_reference_newest_first_and_flags_callbacks(client):
    first = create(client).json()
    callback = create(client, for_caseworker=True).json()
    html = client.get("/handlaggare", auth=AUTH).text
    assert html.index(callback["reference"]) < html.index(first["reference"])
    assert html.count("Vill bli kontaktad") == 1 and "Vindeln" in html


def test_a_draft_with_its_facts_result_applicant_and_conversation(client):
    draft = create(client).json()
    client.put(f"/api/v1/drafts/{draft['token']}/applicant", json=APPLICANT)
    response = client.get(f"/handlaggare/{draft['reference']}", auth=AUTH)
    html = response.text.replace("\N{NO-BREAK SPACE}", " ")
    assert response.status_code == 200 and response.headers["cache-control"] == "no-store"
    for text in ("Granåns Lanthandel AB", "559123-4561", "Särskilt driftstöd", "166 667 kr per år",
                 "Antal artiklar", "Vi har en butik i Granån", "Vilken kommun ligger butiken i?",
                 "Årsredovisning"):
        assert text in html, text


def test_when_rasa_is_down_the_page_says_so(client, rasa):
    draft = create(client).json()
    rasa.down = True
    html = client.get(f"/handlaggare/{draft['reference']}", auth=AUTH).text
    assert "Samtalet kunde inte hämtas" in html and "Särskilt driftstöd" in html


def test_a_deleted_draft_shows_only_that_it_was_deleted(client):
    draft = create(client).json()
    client.delete(f"/api/v1/drafts/{draft['token']}")
    html = client.get(f"/handlaggare/{draft['reference']}", auth=AUTH).text
    assert "raderades" in html and "Särskilt driftstöd" not in html


def test_an_unknown_reference_is_404(client):
    assert client.get("/handlaggare/SK-2026-999999", auth=AUTH).status_code == 404


def test_behind_the_countys_sso_the_proxys_header_signs_in(tmp_path, rasa):
    with client_for(tmp_path, rasa, caseworker_sso_header="X-Forwarded-User") as client:
        assert client.get("/handlaggare", headers={"X-Forwarded-User": "anna.handlaggare"}).status_code == 200
        assert client.get("/handlaggare").status_code == 401


def test_the_sso_header_means_nothing_unless_configured(client):
    assert client.get("/handlaggare", headers={"X-Forwarded-User": "mallory"}).status_code == 401


def test_caseworker_password_command_prints_a_hash_that_verifies(monkeypatch, capsys):
    monkeypatch.setattr("service.caseworkers.getpass.getpass", lambda prompt: PASSWORD)
    assert caseworker_password_command(None) == 0
    printed = capsys.readouterr().out.strip()
    assert printed.startswith("STODKOLLEN_CASEWORKER_PASSWORD_HASH='")
    assert verify_password(PASSWORD, printed.split("'")[1])


def test_caseworker_password_command_refuses_a_short_password(monkeypatch):
    monkeypatch.setattr("service.caseworkers.getpass.getpass", lambda prompt: "kort")
    assert caseworker_password_command(None) == 2
