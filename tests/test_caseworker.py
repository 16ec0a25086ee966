"""The caseworker pages: behind a sign-in (PBKDF2 password, tests/test_caseworker_session.py) or
the county's SSO header, a list of drafts by reference, and each draft with its facts, result
and conversation."""

import re

import httpx
import pytest
from fastapi.testclient import TestClient
from test_drafts import APPLICANT
from test_service_api import FakeRasa, create, settings_for

from service.app import create_app
from service.caseworkers import caseworker_password_command, hash_password, verify_password
from service.drafts.lifecycle import request_delivery

PASSWORD = "rätt häst batteri häftklammer"
HASH = hash_password(PASSWORD, iterations=1_000)  # fast in tests; the default is 600 000


@pytest.fixture
def rasa() -> FakeRasa:
    return FakeRasa()


def client_for(tmp_path, rasa, **settings) -> TestClient:
    """The public URL is https, so the session cookie is Secure: the client speaks https too."""
    app = create_app(settings_for(tmp_path, **{"caseworker_password_hash": HASH, **settings}),
                     httpx.MockTransport(rasa.handle))
    return TestClient(app, base_url="https://testserver", follow_redirects=False)


def sign_in(client: TestClient, user: str = "handlaggare", password: str = PASSWORD,
            **fields) -> httpx.Response:
    """Open the sign-in form (its CSRF token comes with it) and send it."""
    form = client.get("/handlaggare/logga-in").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    return client.post("/handlaggare/logga-in",
                       data={"user": user, "password": password, "csrf_token": token, **fields})


@pytest.fixture
def client(tmp_path, rasa):
    with client_for(tmp_path, rasa) as client:
        yield client


@pytest.fixture
def signed_in(client):
    assert sign_in(client).status_code == 303
    return client


def test_password_hashes_verify_and_differ_each_time():
    assert HASH.startswith("pbkdf2_sha256$1000$") and HASH != hash_password(PASSWORD, iterations=1_000)
    assert verify_password(PASSWORD, HASH)
    assert not verify_password("fel", HASH)
    assert not verify_password(PASSWORD, "") and not verify_password(PASSWORD, "md5$1$x$y")
    assert hash_password("x").startswith("pbkdf2_sha256$600000$")


@pytest.mark.parametrize("user, password", [("handlaggare", "fel"), ("någon", PASSWORD)])
def test_without_the_right_credentials_nothing_is_shown(client, user, password):
    reference = create(client).json()["reference"]
    assert sign_in(client, user, password).status_code == 422
    for path in ("/handlaggare", f"/handlaggare/{reference}"):
        response = client.get(path)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/handlaggare/logga-in")
    assert reference not in client.get("/handlaggare", follow_redirects=True).text


def test_http_basic_no_longer_opens_the_pages(client):
    """Browsers send Basic credentials with cross-site forms too, and cannot log out of them."""
    assert client.get("/handlaggare", auth=("handlaggare", PASSWORD)).status_code == 303


def test_without_a_configured_hash_nobody_gets_in(tmp_path, rasa):
    with client_for(tmp_path, rasa, caseworker_password_hash="") as client:
        assert sign_in(client, "handlaggare", "").status_code == 422
        assert client.get("/handlaggare").status_code == 303
        assert "stodkollen caseworker-password" in client.get("/handlaggare/logga-in").text


def test_the_list_shows_drafts_by_reference_newest_first_and_flags_callbacks(signed_in):
    client = signed_in
    first = create(client).json()
    callback = create(client, for_caseworker=True, sender="web-sender02").json()  # another conversation
    html = client.get("/handlaggare").text
    assert html.index(callback["reference"]) < html.index(first["reference"])
    assert html.count("Vill bli kontaktad") == 1 and "Vindeln" in html


def test_a_draft_with_its_facts_result_applicant_and_conversation(signed_in):
    client = signed_in
    draft = create(client).json()
    client.put(f"/api/v1/drafts/{draft['token']}/applicant", json=APPLICANT)
    response = client.get(f"/handlaggare/{draft['reference']}")
    html = response.text.replace("\N{NO-BREAK SPACE}", " ")
    assert response.status_code == 200 and response.headers["cache-control"] == "no-store"
    for text in ("Granåns Lanthandel AB", "559123-4561", "Särskilt driftstöd", "166 667 kr per år",
                 "Antal artiklar", "Vi har en butik i Granån", "Vilken kommun ligger butiken i?",
                 "Årsredovisning"):
        assert text in html, text


def test_a_link_asked_for_on_the_phone_shows_how_and_where_to_send_it(signed_in):
    client = signed_in
    draft = create(client).json()
    store = client.app.state.store
    request_delivery(store, store.by_reference(draft["reference"]), "sms", "070-123 45 67")
    listing = client.get("/handlaggare").text
    assert "Länken med sms" in listing
    html = client.get(f"/handlaggare/{draft['reference']}").text
    assert "Vill få länken" in html and "med sms till 070-123 45 67" in html and "begärt" in html


def test_when_rasa_is_down_the_page_says_so(signed_in, rasa):
    draft = create(signed_in).json()
    rasa.down = True
    html = signed_in.get(f"/handlaggare/{draft['reference']}").text
    assert "Samtalet kunde inte hämtas" in html and "Särskilt driftstöd" in html


def test_a_deleted_draft_shows_only_that_it_was_deleted(signed_in):
    draft = create(signed_in).json()
    signed_in.delete(f"/api/v1/drafts/{draft['token']}")
    html = signed_in.get(f"/handlaggare/{draft['reference']}").text
    assert "raderades" in html and "Särskilt driftstöd" not in html


def test_an_unknown_reference_is_404(signed_in):
    assert signed_in.get("/handlaggare/SK-2026-999999").status_code == 404


def test_behind_the_countys_sso_the_proxys_header_signs_in(tmp_path, rasa):
    with client_for(tmp_path, rasa, caseworker_sso_header="X-Forwarded-User") as client:
        response = client.get("/handlaggare", headers={"X-Forwarded-User": "anna.handlaggare"})
        assert response.status_code == 200 and "anna.handlaggare" in response.text
        assert "Logga ut" not in response.text  # the proxy signs out, not we
        assert client.get("/handlaggare").status_code == 303


def test_the_sso_header_means_nothing_unless_configured(client):
    assert client.get("/handlaggare", headers={"X-Forwarded-User": "mallory"}).status_code == 303


def test_caseworker_password_command_prints_a_hash_that_verifies(monkeypatch, capsys):
    monkeypatch.setattr("service.caseworkers.getpass.getpass", lambda prompt: PASSWORD)
    assert caseworker_password_command(None) == 0
    printed = capsys.readouterr().out.strip()
    assert printed.startswith("STODKOLLEN_CASEWORKER_PASSWORD_HASH='")
    assert verify_password(PASSWORD, printed.split("'")[1])


def test_caseworker_password_command_refuses_a_short_password(monkeypatch):
    monkeypatch.setattr("service.caseworkers.getpass.getpass", lambda prompt: "kort")
    assert caseworker_password_command(None) == 2


class RasaWithButtons(FakeRasa):
    """A conversation as Rasa's tracker keeps it: the widget's /greet on opening, a click on a
    button (its payload), a typed answer, the phone's /silence, and the bot's Markdown."""

    def handle(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/conversations/"):
            yes_no = [{"title": "Ja", "payload": "/affirm"}, {"title": "Nej", "payload": "/deny"}]
            return httpx.Response(200, json={"sender_id": "web-sender01", "events": [
                {"event": "user", "text": "/greet"},
                {"event": "bot", "text": "Hej! Jag är **Stödkollen**.", "data": {"buttons": None}},
                {"event": "bot", "text": "Säljer butiken dagligvaror?", "data": {"buttons": yes_no}},
                {"event": "user", "text": "/affirm"},
                {"event": "bot", "text": "Vilken kommun?\n- Vindeln\n- <b>Lycksele</b>", "data": {}},
                {"event": "user", "text": "Vindeln <script>x</script>"},
                {"event": "user", "text": "/silence"}]})
        return super().handle(request)


def test_the_conversation_shows_button_titles_not_payloads_and_the_bots_markdown(tmp_path):
    with client_for(tmp_path, RasaWithButtons()) as client:
        assert sign_in(client).status_code == 303
        html = client.get(f"/handlaggare/{create(client).json()['reference']}").text
    conversation = re.search(r'<ol class="conversation">(.*?)</ol>', html, re.S).group(1)
    turns = [turn.strip().removesuffix("</li>") for turn in conversation.split('<li class="')[1:]]
    said = [re.sub(r"\s+", " ", turn.split("</span>", 1)[1]).strip() for turn in turns]
    assert said == ['<div class="said"><p>Hej! Jag är <strong>Stödkollen</strong>.</p></div>',
                    '<div class="said"><p>Säljer butiken dagligvaror?</p></div>',
                    '<span class="said">Ja</span>',
                    '<div class="said"><p>Vilken kommun?</p><ul><li>Vindeln</li>'
                    '<li>&lt;b&gt;Lycksele&lt;/b&gt;</li></ul></div>',
                    '<span class="said">Vindeln &lt;script&gt;x&lt;/script&gt;</span>']
    assert "/greet" not in html and "/affirm" not in html and "/silence" not in html


def test_the_caseworker_sees_the_rulesets_title_and_its_id(signed_in):
    html = signed_in.get(f"/handlaggare/{create(signed_in).json()['reference']}").text
    assert ("Beräknat enligt Regionalt serviceprogram 2014–2020 för Västerbotten, reviderat 2018, "
            "regeluppsättning rsp-vasterbotten-2018 (") in html


def test_the_caseworker_sees_which_figures_were_estimates(signed_in):
    created = create(signed_in, approximate_facts=["store.grocery_net_turnover_sek"]).json()
    html = signed_in.get(f"/handlaggare/{created['reference']}").text.replace("\N{NO-BREAK SPACE}", " ")
    assert "<td>ca 3 000 000 kr</td>" in html
    assert "exakta siffrorna" not in html  # the request to the applicant is on the applicant's page
