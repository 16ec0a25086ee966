"""The public API's contract (/api/v1), the draft page, and no personal data in logs.
TestClient against the real app, a real SQLite file in tmp_path, and a stand-in for Rasa."""

import json
import logging
import re
import sqlite3

import httpx
import pytest
from fastapi.testclient import TestClient
from test_drafts import APPLICANT, FACTS

from rules_engine import evaluate
from service.app import create_app
from service.drafts.lifecycle import create_draft
from service.logs import RedactDraftTokens, redact
from stodkollen.core.settings import Settings

SECRET = "an-internal-secret"
MIN_ANSOKAN = "https://minansokan.example/vasterbotten"
PERSONAL = ("Granåns Lanthandel AB", "559123", "4561", "Karin", "karin@granan.example", "Byvägen")


class FakeRasa:
    """Rasa's REST channel and tracker API as the service sees them over HTTP."""

    def __init__(self):
        self.received: list[dict] = []
        self.replies: list[dict] = [{"recipient_id": "x", "text": "Hej!", "buttons": []}]
        self.down = False

    def handle(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("connection refused")
        if request.url.path == "/webhooks/rest/webhook":
            self.received.append(json.loads(request.content))
            return httpx.Response(200, json=self.replies)
        sender = request.url.path.split("/")[2]
        return httpx.Response(200, json={"sender_id": sender, "events": [
            {"event": "action", "name": "action_listen"},
            {"event": "user", "text": "Vi har en butik i Granån"},
            {"event": "bot", "text": "Vilken kommun ligger butiken i?"}]})


def settings_for(tmp_path, **overrides) -> Settings:
    return Settings(data_dir=tmp_path, internal_token_setting=SECRET, min_ansokan_url=MIN_ANSOKAN,
                    public_url_setting="https://stodkollen.example", **overrides)


@pytest.fixture
def rasa() -> FakeRasa:
    return FakeRasa()


@pytest.fixture
def client(tmp_path, rasa):
    with TestClient(create_app(settings_for(tmp_path), httpx.MockTransport(rasa.handle))) as client:
        yield client


def create(client, facts=None, **body) -> httpx.Response:
    return client.post("/api/v1/drafts", headers={"X-Internal-Token": SECRET},
                       json={"sender": "web-sender01", "facts": facts or FACTS, **body})


@pytest.fixture
def draft(client) -> dict:
    response = create(client)
    assert response.status_code == 201, response.text
    return response.json()


def drafts_in_db(client) -> int:
    return len(client.app.state.store.listing(1000))


# POST /api/v1/evaluate

def test_evaluate_gives_exactly_what_the_cli_gives(client):
    assert client.post("/api/v1/evaluate", json=FACTS).json() == evaluate(FACTS)
    assert client.post("/api/v1/evaluate?lang=en", json=FACTS).json() == evaluate(FACTS, lang="en")
    assert client.post("/api/v1/evaluate?explain=false", json=FACTS).json() == evaluate(FACTS, explain=False)


def test_evaluate_names_the_bad_field_in_swedish(client):
    facts = {**FACTS, "store": {**FACTS["store"], "article_count": -5}}
    response = client.post("/api/v1/evaluate", json=facts)
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error == {"field": "store.article_count",
                     "message": "Fältet store.article_count kan inte vara negativt."}


@pytest.mark.parametrize(("body", "lang", "message"), [
    ([1, 2], "sv", "JSON-objekt"), ("text", "en", "JSON object"),
    # lists that pydantic's dict() would have turned into facts: no facts are not an empty object
    ([], "sv", "JSON-objekt"), ([["year", 2018]], "sv", "JSON-objekt")])
def test_evaluate_wants_an_object(client, body, lang, message):
    response = client.post(f"/api/v1/evaluate?lang={lang}", json=body)
    assert response.status_code == 422 and message in response.json()["errors"][0]["message"]


def test_evaluate_rejects_an_unknown_language(client):
    response = client.post("/api/v1/evaluate?lang=de", json=FACTS)
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "lang",
                                          "message": "Fältet ”lang” har ett ogiltigt värde."}]


# GET /api/v1/rulesets

def test_rulesets_list_their_dates_and_sources(client):
    [ruleset] = client.get("/api/v1/rulesets").json()
    assert ruleset["id"] == "rsp-vasterbotten-2018" and ruleset["valid_from"] == "2018-01-01"
    assert "Regionalt serviceprogram" in ruleset["source"]


def test_a_ruleset_has_every_parameter_with_its_dated_values_and_reference(client):
    ruleset = client.get("/api/v1/rulesets/rsp-vasterbotten-2018").json()
    parameter = ruleset["parameters"]["driftstod.min_articles"]
    assert parameter["values"] == [{"valid_from": "2018-01-01", "value": 1000}]
    assert parameter["reference"] and parameter["quote"] and parameter["unit"] == "articles"
    prisbasbelopp = ruleset["national_parameters"]["prisbasbelopp"]["values"]
    assert {"valid_from": "2018-01-01", "value": 45500} in prisbasbelopp


def test_an_unknown_ruleset_is_a_swedish_404(client):
    response = client.get("/api/v1/rulesets/rsp-lappland-2030")
    assert response.status_code == 404 and "rsp-lappland-2030" in response.json()["detail"]


# POST /api/v1/chat

def test_chat_forwards_to_rasa_with_channel_and_language(client, rasa):
    response = client.post("/api/v1/chat", json={"sender": "widget-1234", "message": "  Hej  ", "lang": "en"})
    assert response.status_code == 200
    assert rasa.received == [{"sender": "widget-1234", "message": "Hej",
                              "metadata": {"channel": "web", "lang": "en"}}]
    assert response.json()["messages"] == [{"text": "Hej!", "buttons": [], "custom": None}]
    assert len(response.json()["secret"]) == 43  # the first turn's: later turns must show it


def test_chat_joins_the_custom_part_to_its_text(client, rasa):
    progress = {"question": 3, "of": 7}
    button = {"title": "Vet inte", "payload": "Vet inte"}
    rasa.replies = [{"recipient_id": "x", "text": "Tack."},
                    {"recipient_id": "x", "text": "Hur många artiklar?", "buttons": [button]},
                    {"recipient_id": "x", "custom": {"progress": progress}}]
    messages = client.post("/api/v1/chat", json={"sender": "widget-1234", "message": "ja"}).json()["messages"]
    assert [m["text"] for m in messages] == ["Tack.", "Hur många artiklar?"]
    assert messages[1]["custom"] == {"progress": progress} and messages[0]["custom"] is None


@pytest.mark.parametrize(("body", "field"), [
    ({"sender": "short", "message": "Hej"}, "sender"),
    ({"sender": "has spaces in it", "message": "Hej"}, "sender"),
    ({"sender": "widget-1234", "message": "   "}, "message"),
    ({"sender": "widget-1234", "message": "x" * 2001}, "message"),
    ({"sender": "widget-1234", "message": "Hej", "channel": "phone"}, "channel"),
    ({"message": "Hej"}, "sender")])
def test_chat_rejects_bad_requests_naming_the_field(client, rasa, body, field):
    response = client.post("/api/v1/chat", json=body)
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == [field]
    assert f"”{field}”" in response.json()["errors"][0]["message"]
    assert rasa.received == []


def test_chat_when_rasa_is_down_is_a_swedish_503(client, rasa):
    rasa.down = True
    response = client.post("/api/v1/chat", json={"sender": "widget-1234", "message": "Hej"})
    assert response.status_code == 503
    assert "går inte att nå" in response.json()["detail"] and "010-225 40 00" in response.json()["detail"]


# Drafts: create, read, export, complete, delete

def test_only_the_action_server_creates_drafts(client):
    for headers in ({}, {"X-Internal-Token": "guess"}):
        response = client.post("/api/v1/drafts", headers=headers, json={"sender": "s", "facts": FACTS})
        assert response.status_code == 401
    assert drafts_in_db(client) == 0


def test_facts_that_are_no_json_object_make_no_draft(client):
    for facts in ([], [["year", 2018]]):
        response = client.post("/api/v1/drafts", headers={"X-Internal-Token": SECRET},
                               json={"sender": "web-sender01", "facts": facts})
        assert response.status_code == 422
    assert drafts_in_db(client) == 0


def test_creating_returns_reference_token_and_the_absolute_link(client, draft):
    assert re.fullmatch(r"SK-\d{4}-\d{6}", draft["reference"])
    assert draft["url"] == f"https://stodkollen.example/utkast/{draft['token']}"


def test_the_service_computes_the_result_itself(client):
    response = client.post("/api/v1/drafts", headers={"X-Internal-Token": SECRET},
                           json={"sender": "s", "facts": FACTS, "result": {"forged": True}})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "result"
    assert drafts_in_db(client) == 0


def test_bad_facts_are_a_422_and_store_nothing(client):
    response = create(client, {**FACTS, "applicant_kind": "pirate"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "applicant_kind"
    assert drafts_in_db(client) == 0


def test_read_and_export_give_the_same_draft(client, draft):
    read = client.get(f"/api/v1/drafts/{draft['token']}").json()
    assert read["reference"] == draft["reference"] and read["status"] == "draft"
    assert read["facts"] == FACTS and read["result"]["ruleset"]["id"] == read["ruleset_id"]
    assert read["supports"] == ["sarskilt_driftstod"]
    assert read["attachments"][0] == {"id": "registreringsbevis", "name": "Registreringsbevis"}
    export = client.get(f"/api/v1/drafts/{draft['token']}/export")
    assert export.headers["content-disposition"] == f'attachment; filename="{draft["reference"]}.json"'
    package = export.json()
    assert {key: package[key] for key in read} == read
    assert package["min_ansokan"]["url"] == MIN_ANSOKAN
    assert "Välj Länsstyrelsen Västerbotten som mottagare." in package["min_ansokan"]["steps"]


def test_unknown_tokens_are_404(client, draft):
    for path in ("/api/v1/drafts/{}", "/api/v1/drafts/{}/export", "/utkast/{}"):
        assert client.get(path.format("x" * 43)).status_code == 404
        assert client.get(path.format(draft["reference"])).status_code == 404


def test_completing_through_the_api(client, draft):
    response = client.put(f"/api/v1/drafts/{draft['token']}/applicant", json=APPLICANT)
    assert response.status_code == 200
    assert response.json()["applicant"]["organisation_number"] == "559123-4561"
    assert [a["id"] for a in response.json()["attachments"]][-1] == "arsredovisning"


def test_a_bad_applicant_is_a_swedish_422_naming_each_field_and_stores_nothing(client, draft):
    body = {**APPLICANT, "organisation_number": "559123-4562", "email": "karin@", "consent": False}
    response = client.put(f"/api/v1/drafts/{draft['token']}/applicant", json=body)
    assert response.status_code == 422
    errors = {error["field"]: error["message"] for error in response.json()["errors"]}
    assert set(errors) == {"organisation_number", "email", "consent"}
    assert errors["organisation_number"].startswith("Organisationsnumret stämmer inte")
    assert client.get(f"/api/v1/drafts/{draft['token']}").json()["applicant"] is None


def test_a_missing_field_is_named_by_its_label(client, draft):
    body = {key: value for key, value in APPLICANT.items() if key != "contact_person"}
    errors = client.put(f"/api/v1/drafts/{draft['token']}/applicant?lang=en", json=body).json()["errors"]
    assert errors == [{"field": "contact_person", "message": "Contact person is missing."}]


def test_delete_through_the_api(client, draft):
    assert client.delete(f"/api/v1/drafts/{draft['token']}").status_code == 204
    assert client.get(f"/api/v1/drafts/{draft['token']}").status_code == 404
    assert client.delete(f"/api/v1/drafts/{draft['token']}").status_code == 404


# The draft page

FORM = {**APPLICANT, "someone_else_signs": None, "consent": "on"}
FORM = {key: value for key, value in FORM.items() if value is not None}


def test_the_draft_page_shows_the_draft_and_the_way_to_min_ansokan(client, draft):
    response = client.get(f"/utkast/{draft['token']}")
    assert response.status_code == 200 and response.headers["cache-control"] == "no-store"
    assert response.headers["referrer-policy"] == "no-referrer"
    html = response.text.replace("\N{NO-BREAK SPACE}", " ")
    for text in (draft["reference"], "Särskilt driftstöd", "166 667 kr per år",
                 "Länsstyrelsen Västerbotten som mottagare", "Registreringsbevis", "Organisationsnummer",
                 "Antal artiklar", "/static/stodkollen.css", 'name="consent"'):
        assert text in html, text
    assert client.get("/static/stodkollen.css").text.count("@media print") == 1


def steps_on_page(html: str) -> list[str]:
    steps = re.search(r'<ol class="steps">(.*?)</ol>', html, re.S).group(1)
    return [step.strip() for step in re.findall(r"<li>(.*?)</li>", steps, re.S)]


def test_the_min_ansokan_steps_name_only_its_supports_and_the_route_of_the_others(client):
    # Investeringsstöd is applied for through Jordbruksverket's e-service, not in Min ansökan.
    investing = {**FACTS, "investment": {"planned": True, "eligible_costs_sek": 400000,
                                         "purposes": ["energy_climate"]}}
    token = create(client, investing).json()["token"]
    steps = steps_on_page(client.get(f"/utkast/{token}").text)
    assert "Välj stödet du söker: Särskilt driftstöd." in steps
    assert not [step for step in steps if "Investeringsstöd" in step and "Min ansökan" not in step]
    assert steps[-1] == ("Investeringsstöd söks inte i Min ansökan: "
                         "Ansök hos Länsstyrelsen via Jordbruksverkets e-tjänst.")
    package = client.get(f"/api/v1/drafts/{token}/export").json()["min_ansokan"]
    assert {s["support"]: s["in_min_ansokan"] for s in package["supports"]} == {
        "sarskilt_driftstod": True, "investeringsstod": False}


def test_with_only_supports_applied_for_elsewhere_there_is_no_min_ansokan_step(client):
    investing_only = {**FACTS, "store": {**FACTS["store"], "grocery_net_turnover_sek": 20_000_000},
                      "investment": {"planned": True, "eligible_costs_sek": 400000,
                                     "purposes": ["energy_climate"]}}
    token = create(client, investing_only).json()["token"]
    steps = steps_on_page(client.get(f"/utkast/{token}").text)
    assert steps[0].startswith("Investeringsstöd söks inte i Min ansökan")
    assert not any("Välj stödet" in step or "logga in" in step for step in steps)


def test_filling_in_the_form_then_handing_over(client, draft):
    token = draft["token"]
    response = client.post(f"/utkast/{token}", data=FORM, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == f"/utkast/{token}?sparat=1#sparat"
    html = client.get(f"/utkast/{token}").text
    assert "Granåns Lanthandel AB" in html and "Kopiera de här uppgifterna" in html
    assert "Årsredovisning" in html  # an aktiebolag
    handed = client.get(f"/utkast/{token}/overlamna", follow_redirects=False)
    assert handed.status_code == 303 and handed.headers["location"] == MIN_ANSOKAN
    assert client.get(f"/api/v1/drafts/{token}").json()["status"] == "handed_over"


def test_handing_over_before_filling_in_goes_back_to_the_form(client, draft):
    response = client.get(f"/utkast/{draft['token']}/overlamna", follow_redirects=False)
    assert response.headers["location"].endswith("#uppgifter")
    assert client.get(f"/api/v1/drafts/{draft['token']}").json()["status"] == "draft"


def test_form_errors_are_shown_by_their_fields_and_nothing_is_stored(client, draft):
    form = {**FORM, "organisation_number": "12345", "email": "", "phone": ""}
    del form["consent"]
    response = client.post(f"/utkast/{draft['token']}", data=form)
    assert response.status_code == 422
    assert "Organisationsnumret ska ha 10 siffror" in response.text
    assert "Fyll i e-post eller telefon" in response.text and "Kryssa i att vi får spara" in response.text
    assert 'value="Granåns Lanthandel AB"' in response.text  # what was typed stays in the form
    assert client.get(f"/api/v1/drafts/{draft['token']}").json()["applicant"] is None


def form_of(html: str, method: str, action: str) -> str:
    form = re.search(rf'<form method="{method}" action="{re.escape(action)}">(.*?)</form>', html, re.S)
    return form.group(1)


def test_the_applicant_deletes_the_draft_from_its_page_after_confirming(client, draft):
    token = draft["token"]
    # The page's button only opens the confirmation page: deleting cannot be undone.
    form_of(client.get(f"/utkast/{token}").text, "get", f"/utkast/{token}/radera")
    confirm = client.get(f"/utkast/{token}/radera")
    assert confirm.status_code == 200 and "Vill du verkligen radera utkastet?" in confirm.text
    assert f'<a class="button secondary" href="/utkast/{token}#radera">Avbryt</a>' in confirm.text
    assert 'name="bekrafta" value="ja"' in form_of(confirm.text, "post", f"/utkast/{token}/radera")
    assert client.get(f"/api/v1/drafts/{token}").status_code == 200  # still there
    response = client.post(f"/utkast/{token}/radera", data={"bekrafta": "ja"})
    assert response.status_code == 200 and "raderat" in response.text
    assert client.get(f"/api/v1/drafts/{token}").status_code == 404


def test_a_post_without_the_confirmation_only_asks(client, draft):
    response = client.post(f"/utkast/{draft['token']}/radera")
    assert response.status_code == 200 and "Vill du verkligen radera utkastet?" in response.text
    assert client.get(f"/api/v1/drafts/{draft['token']}").status_code == 200


def test_a_deleted_or_unknown_draft_link_is_a_swedish_page_with_404(client, draft):
    token = draft["token"]
    client.post(f"/utkast/{token}/radera", data={"bekrafta": "ja"})
    for path in (f"/utkast/{token}", f"/utkast/{token}/radera", "/utkast/" + "x" * 43):
        response = client.get(path)
        assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
        assert '<html lang="sv">' in response.text and "<h1>Utkastet finns inte</h1>" in response.text
        assert "gått ut eller raderats" in response.text and "detail" not in response.text
    posted = client.post(f"/utkast/{token}", data=FORM)
    assert posted.status_code == 404 and "<h1>Utkastet finns inte</h1>" in posted.text
    # The API keeps its JSON.
    assert client.get(f"/api/v1/drafts/{token}").json()["detail"].startswith("Utkastet finns inte")


def test_no_personal_data_in_logs(client, draft, caplog):
    caplog.set_level(logging.DEBUG)
    client.post(f"/utkast/{draft['token']}", data=FORM)
    client.put(f"/api/v1/drafts/{draft['token']}/applicant", json=APPLICANT)
    client.post(f"/utkast/{draft['token']}", data={**FORM, "email": "karin@"})
    client.post(f"/utkast/{draft['token']}/radera", data={"bekrafta": "ja"})
    # The test client's own request log is the browser's side, not the service's.
    logged = "\n".join(record.getMessage() for record in caplog.records
                       if "http://testserver/" not in record.getMessage())
    assert "SK-" in logged  # the draft's life is logged ...
    for text in (*PERSONAL, draft["token"]):
        assert text not in logged  # ... by reference only


def test_the_access_log_shows_no_draft_tokens():
    token = "A" * 43
    record = logging.LogRecord("uvicorn.access", logging.INFO, "", 0, '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1:5000", "GET", f"/utkast/{token}?andra=1", "1.1", 200), None)
    RedactDraftTokens().filter(record)
    assert token not in record.getMessage() and "/utkast/…?andra=1" in record.getMessage()
    assert redact(f"/api/v1/drafts/{token}/export") == "/api/v1/drafts/…/export"


# Health, documentation, CORS

@pytest.mark.parametrize("path", ["/health", "/api/v1/health"])
def test_health(client, path):
    assert client.get(path).json() == {"status": "ok"}


def test_stack_health_reports_what_it_cannot_reach(client):
    # Whatever listens on these settings' ports (in the unit tests, usually nothing) is reported.
    health = client.get("/api/v1/health/stack").json()
    assert {health["rasa"], health["actions"]} <= {"ok", "error", "unreachable"}
    assert set(health["failed"]) >= {name for name in ("rasa", "actions") if health[name] != "ok"}
    assert health["status"] == ("degraded" if health["failed"] else "ok")


def stores_health(client) -> dict:
    health = client.get("/api/v1/health/stack").json()
    assert set(health["stores"]) == {"drafts", "trackers", "phone_calls"}
    return health


def test_stack_health_reads_every_store_and_names_the_one_that_fails(client, draft):
    settings = client.app.state.settings
    with sqlite3.connect(settings.tracker_db) as db:  # what Rasa makes when it starts
        db.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, data TEXT)")
    health = stores_health(client)
    assert health["stores"] == {"drafts": "ok", "trackers": "ok", "phone_calls": "ok"}
    assert not {"drafts", "trackers", "phone_calls"} & set(health["failed"])

    holder = sqlite3.connect(settings.tracker_db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # locked past the check's timeout, as by a stuck writer
    try:
        health = stores_health(client)
    finally:
        holder.close()
    assert health["stores"]["trackers"] == "error" and "trackers" in health["failed"]
    assert health["stores"]["drafts"] == "ok"

    with sqlite3.connect(settings.tracker_db) as db:  # as Rasa runs it (stodkollen/rasa_speedups.py)
        db.execute("PRAGMA journal_mode=WAL")
    writer = sqlite3.connect(settings.tracker_db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # a stuck writer: readers pass in WAL mode, Rasa's writes would not
    try:
        health = stores_health(client)
    finally:
        writer.close()
    assert health["stores"]["trackers"] == "error"

    with open(settings.drafts_db, "r+b") as file:  # garbage over the pages after the header
        file.seek(100)
        file.write(b"\xde\xad" * 4000)
    health = stores_health(client)
    assert health["stores"]["drafts"] == "error" and "drafts" in health["failed"]
    assert health["stores"]["trackers"] == "ok" and health["status"] == "degraded"


def test_the_api_is_documented_under_v1(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/v1/evaluate", "/api/v1/rulesets", "/api/v1/rulesets/{ruleset_id}", "/api/v1/chat",
            "/api/v1/drafts", "/api/v1/drafts/{token}", "/api/v1/drafts/{token}/export",
            "/api/v1/drafts/{token}/applicant", "/api/v1/health"} <= set(paths)
    assert not any(path.startswith(("/utkast", "/handlaggare")) for path in paths)
    assert client.get("/docs").status_code == 200


def test_cors_only_for_configured_origins(tmp_path):
    app = create_app(settings_for(tmp_path, cors_origins=("https://www.example-kommun.se",)))
    with TestClient(app) as client:
        def preflight(origin):
            return client.options("/api/v1/chat", headers={
                "Origin": origin, "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type"})
        allowed = preflight("https://www.example-kommun.se")
        assert allowed.headers["access-control-allow-origin"] == "https://www.example-kommun.se"
        assert "access-control-allow-origin" not in preflight("https://evil.example").headers


def test_without_configured_origins_there_is_no_cors(client):
    response = client.options("/api/v1/chat", headers={"Origin": "https://a.example",
                                                       "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in response.headers


# The bot's replies about drafts (service/nlg)

def nlg(client, response, channel="web", lang="sv", **arguments):
    body = {"response": response, "arguments": arguments,
            "tracker": {"slots": {"channel": channel, "language": lang}, "latest_message": {}}}
    return client.post("/nlg", json=body, headers={"X-Internal-Token": SECRET}).json()


def test_draft_ready_gives_the_link_on_the_web_and_offers_it_on_the_phone(client):
    # The link holds a secret, so no reply Rasa keeps has it: the web reply marks its place and
    # names the draft, and the service puts the link in (service/routers/chat.py).
    reference = "SK-2026-000001"
    web = nlg(client, "utter_draft_ready", reference=reference)
    assert "[utkastlänk]" in web["text"] and reference in web["text"] and "Skriv inte" in web["text"]
    assert web["custom"] == {"draft_link": reference}
    phone = nlg(client, "utter_draft_ready", channel="phone", reference=reference)
    assert "[utkastlänk]" not in phone["text"] and "draft_link" not in phone["custom"]
    assert phone["buttons"] == []
    assert phone["text"].endswith("Vill du få den med sms eller e-post, eller bli uppringd av en "
                                  "handläggare? Säg sms, e-post eller ring upp, eller nej tack.")
    # The service's phone route takes the caller's choice for this draft (service/phone/delivery.py).
    assert phone["custom"]["phone"]["delivery_offer"] == reference
    saved = nlg(client, "utter_saved_for_caseworker", lang="en", reference=reference)
    assert "SK-2026-000001" in saved["text"]


def test_draft_replies_without_arguments_say_it_failed(client):
    reply = nlg(client, "utter_draft_ready")
    assert reply["text"].startswith("Jag kunde inte spara ett utkast")
    assert [b["payload"] for b in reply["buttons"]] == ["/prepare_draft", "/talk_to_person"]


def test_the_turnover_question_says_the_figure_is_without_vat(client):
    # D4 is the net turnover (nettoomsättning), which never includes moms: the question must say so,
    # on every channel, or an owner answers with the till's total.
    for channel in ("web", "phone"):
        swedish = nlg(client, "utter_ask_store_grocery_net_turnover_sek", channel=channel)["text"]
        assert "hur mycket sålde butiken dagligvaror för förra året, utan moms?" in swedish
    english = nlg(client, "utter_ask_store_grocery_net_turnover_sek", lang="en")["text"]
    assert "last year, excluding VAT?" in english


def test_the_draft_page_names_the_ruleset_by_its_title_not_its_id(client, draft):
    html = client.get(f"/utkast/{draft['token']}").text
    assert "Beräknat enligt Regionalt serviceprogram 2014–2020 för Västerbotten, reviderat 2018 (" in html
    assert "rsp-vasterbotten-2018" not in html


def test_an_empty_field_reads_right_whatever_the_nouns_gender(client, draft):
    # "Butikens gatuadress får inte vara tomt" was wrong for utrum nouns; the sentence now fits every label.
    response = client.post(f"/utkast/{draft['token']}", data={**FORM, "store_street": "", "store_town": " "})
    assert response.status_code == 422
    for message in ("Butikens gatuadress behöver fyllas i.", "Postort behöver fyllas i."):
        assert message in response.text
    assert "tomt" not in response.text
    english = client.put(f"/api/v1/drafts/{draft['token']}/applicant?lang=en",
                         json={**APPLICANT, "store_town": ""}).json()["errors"]
    assert english == [{"field": "store_town", "message": "Town needs to be filled in."}]


def test_the_form_lets_the_browser_fill_in_the_applicants_details(client, draft):
    html = client.get(f"/utkast/{draft['token']}").text
    inputs = {re.search(r'name="([^"]+)"', tag).group(1): tag
              for tag in re.findall(r"<input[^>]*>", html, re.S)}
    autocomplete = {name: re.search(r'autocomplete="([^"]+)"', tag).group(1)
                    for name, tag in inputs.items() if "autocomplete=" in tag}
    assert autocomplete == {"applicant_name": "organization", "contact_person": "name", "email": "email",
                            "phone": "tel", "store_street": "street-address", "store_postcode": "postal-code",
                            "store_town": "address-level2"}
    # Each check box sits beside its label in one row (its ≥ 24 px size: tests/e2e/test_workbench_browser.py).
    for box in ("someone_else_signs", "consent"):
        assert re.search(rf'<div class="check-row">\s*<input id="{box}"[^>]*type="checkbox"[^>]*>\s*'
                         rf'<label for="{box}">', html), box


def test_an_expired_draft_link_is_the_same_swedish_page(client):
    # Kept for no days: expired the moment it is made.
    _, token = create_draft(client.app.state.store, FACTS, sender="web-expired01", for_caseworker=False,
                            retention_days=0, link_key="a-link-key")
    response = client.get(f"/utkast/{token}")
    assert response.status_code == 404 and "<h1>Utkastet finns inte</h1>" in response.text
