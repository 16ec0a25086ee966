"""The way from a draft to Min ansökan: a link (not a form, which the page's CSP would stop)
to a route that records the handover and answers 303 to the e-service; the steps beside it;
a copy button per value in COPY_FIELDS order; and the answers that are no engine facts (the
locality) kept in the draft, its export and the caseworker's view."""

import html
import re

import httpx
import pytest
from fastapi.testclient import TestClient
from test_caseworker import HASH, sign_in
from test_service_api import APPLICANT, FACTS, FORM, SECRET, FakeRasa

from service.app import create_app
from service.drafts.handoff import COPY_FIELDS
from stodkollen.core.settings import Settings

MIN_ANSOKAN = "https://www.minansokan.se"
LOCALITY = "Ammarnäs"


@pytest.fixture
def client(tmp_path, monkeypatch):
    """The service with the default Min ansökan address, as shipped."""
    monkeypatch.delenv("STODKOLLEN_MIN_ANSOKAN_URL", raising=False)
    settings = Settings(data_dir=tmp_path, internal_token_setting=SECRET,
                        public_url_setting="https://stodkollen.example", caseworker_password_hash=HASH)
    app = create_app(settings, httpx.MockTransport(FakeRasa().handle))
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as client:
        yield client


@pytest.fixture
def token(client) -> str:
    response = client.post("/api/v1/drafts", headers={"X-Internal-Token": SECRET},
                           json={"sender": "web-sender01", "facts": FACTS,
                                 "form_answers": {"asker": "store", "locality": LOCALITY}})
    assert response.status_code == 201, response.text
    return response.json()["token"]


def filled_in(client, token: str) -> str:
    saved = client.post(f"/utkast/{token}", data=FORM)
    assert saved.status_code == 303, saved.text
    return client.get(saved.headers["location"]).text


def status(client, token: str) -> str:
    return client.get(f"/api/v1/drafts/{token}").json()["status"]


def test_the_default_target_is_the_e_service_itself(monkeypatch):
    monkeypatch.delenv("STODKOLLEN_MIN_ANSOKAN_URL", raising=False)
    assert Settings().min_ansokan_url == MIN_ANSOKAN


def test_the_way_on_is_a_link_and_only_following_it_hands_the_draft_over(client, token):
    page = filled_in(client, token)
    link = re.search(r'<a class="button" href="([^"]+)" rel="noreferrer">Gå vidare till Min ansökan</a>',
                     page)
    assert link and link.group(1) == f"/utkast/{token}/overlamna"
    assert "overlamna" not in "".join(re.findall(r"<form[^>]*>", page))  # no form posts there
    assert status(client, token) == "draft"  # showing the page hands nothing over

    followed = client.get(link.group(1))
    assert followed.status_code == 303 and followed.headers["location"] == MIN_ANSOKAN
    assert followed.headers["referrer-policy"] == "no-referrer"  # the token stays here
    assert status(client, token) == "handed_over"
    assert "Du gick vidare till Min ansökan" in client.get(f"/utkast/{token}").text


def test_a_post_to_the_handover_is_refused_and_hands_nothing_over(client, token):
    filled_in(client, token)
    assert client.post(f"/utkast/{token}/overlamna").status_code == 405
    assert status(client, token) == "draft"


def test_the_steps_log_in_create_an_application_and_choose_the_county(client, token):
    steps = client.get(f"/api/v1/drafts/{token}/export").json()["min_ansokan"]["steps"]
    assert "BankID rekommenderas" in steps[0] and "www.minansokan.se" in steps[0]
    assert steps[1:4] == ["Skapa en ny ansökan.", "Välj Länsstyrelsen Västerbotten som mottagare.",
                          "Välj stödet du söker: Särskilt driftstöd."]


def test_every_value_has_a_copy_button_in_copy_fields_order(client, token):
    page = filled_in(client, token)
    copied = [html.unescape(value) for value in re.findall(r'data-copy="([^"]*)"', page)]
    applicant = client.get(f"/api/v1/drafts/{token}").json()["applicant"]
    given = [applicant[key] for key, _label in COPY_FIELDS if applicant[key]]
    assert len(given) == len([key for key, _label in COPY_FIELDS if APPLICANT[key]]) == 8  # no phone
    assert copied[:len(given)] == given
    assert copied[len(given):len(given) + 2] == ["Vindeln", LOCALITY]  # municipality, then locality
    assert copied[-1].startswith("SK-")  # the reference last
    names = re.findall(r'aria-labelledby="(copy-button-\d+) (copy-\d+)"', page)
    assert len(names) == len(copied)  # each button named by its own label: "Kopiera Kommun"
    assert '<p class="notice saved" id="sparat" tabindex="-1" data-focus-on-load>' in page


def test_the_locality_is_in_the_draft_its_export_and_the_caseworker_view(client, token):
    assert client.get(f"/api/v1/drafts/{token}").json()["form_answers"] == {"asker": "store",
                                                                            "locality": LOCALITY}
    export = client.get(f"/api/v1/drafts/{token}/export").json()
    assert export["form_answers"]["locality"] == LOCALITY
    page = client.get(f"/utkast/{token}").text
    facts = re.search(r'<section class="sheet" id="underlag">(.*?)</section>', page, re.S).group(1)
    assert LOCALITY in facts and "<td>butik</td>" in facts  # who asks, as the chat's summary says it
    reference = client.get(f"/api/v1/drafts/{token}").json()["reference"]
    assert sign_in(client).status_code == 303
    assert LOCALITY in client.get(f"/handlaggare/{reference}").text


def test_only_the_forms_own_answers_are_taken(client):
    response = client.post("/api/v1/drafts", headers={"X-Internal-Token": SECRET},
                           json={"sender": "web-sender01", "facts": FACTS,
                                 "form_answers": {"organisation_number": "5591234561"}})
    assert response.status_code == 422  # personal data never comes from the chat


def test_the_draft_json_is_never_cached(client, token):
    assert client.get(f"/api/v1/drafts/{token}").headers["cache-control"] == "no-store"


def test_an_english_draft_page_stays_english_through_its_links_and_forms(client, token):
    page = client.get(f"/utkast/{token}?lang=en").text
    assert '<html lang="en">' in page and "Delete the draft now" in page
    assert f'action="/utkast/{token}?lang=en"' in page and 'name="lang" value="en"' in page
    saved = client.post(f"/utkast/{token}?lang=en", data=FORM)
    assert saved.status_code == 303 and "lang=en" in saved.headers["location"]
    shown = client.get(saved.headers["location"]).text
    assert f"/utkast/{token}/overlamna?lang=en" in shown and "Gå vidare till Min ansökan" not in shown
    assert "Radera" not in client.get(f"/utkast/{token}/radera?lang=en").text
