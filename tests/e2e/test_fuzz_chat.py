"""Property-based fuzzing of the routes that need Rasa, /api/v1/chat and /api/v1/phone, against
the shared running stack (real Rasa, action server and rules engine), with bodies drawn from
the service's OpenAPI schema (tests/fuzz_strategies.py): never a 5xx, every refusal in
Swedish. Then what a shop owner may type — 100 kB, control characters, emoji, right-to-left
text, HTML/JS, SQL — is answered, and shown as text in the widget and on the draft page.

A few hundred cases in CI; STODKOLLEN_FUZZ_EXAMPLES=10000 for the full run.
"""

import importlib.util
import re
import uuid

import httpx
import pytest
from hypothesis import given
from playwright.sync_api import expect
from test_widget import new_page, open_widget, wait_idle

from service.routers.evaluate import EXAMPLE as FACTS
from stodkollen.core.settings import ROOT


def _strategies():
    spec = importlib.util.spec_from_file_location("fuzz_strategies", ROOT / "tests" / "fuzz_strategies.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fuzz = _strategies()


@pytest.fixture(scope="module")
def service(stack) -> httpx.Client:
    with httpx.Client(base_url=stack.settings.service_url, timeout=60) as client:
        yield client


@pytest.fixture(scope="module")
def spec(service) -> dict:
    return service.get("/openapi.json").json()


@pytest.mark.parametrize(("route", "ci_examples"), [("/api/v1/chat", 200), ("/api/v1/phone", 150)])
def test_any_body_is_answered(stack, service, spec, route, ci_examples):
    if route not in spec["paths"]:
        pytest.skip(f"no {route} in this service")
    # The phone route answers only the telephony platform; without its token every body would
    # get the same 401 and the route itself would never be reached.
    platform = {"X-Phone-Platform-Token": stack.settings.phone_platform_token}
    headers = platform if route == "/api/v1/phone" else {}

    statuses = set()

    @fuzz.fuzz_settings(ci_examples)
    @given(body=fuzz.request_bodies(route, spec))
    def check(body):
        response = service.post(route, content=fuzz.body_bytes(body),
                                headers={**headers, "Content-Type": "application/json"})
        statuses.add(response.status_code)
        fuzz.assert_answered(response)

    check()
    assert 200 in statuses, f"no body reached the route itself: {sorted(statuses)}"


def test_a_phone_turn_from_anyone_but_the_platform_is_refused_in_swedish(service):
    turn = {"call_id": f"fuzz-{uuid.uuid4().hex[:12]}", "event": "call_started"}
    for headers in ({}, {"X-Phone-Platform-Token": "gissat"}):
        refused = service.post("/api/v1/phone", json=turn, headers=headers)
        assert refused.status_code == 401
        assert refused.json()["detail"] == "Bara telefonitjänsten får skicka samtal hit."


def sender() -> str:
    return f"fuzz-{uuid.uuid4().hex[:12]}"


@pytest.mark.parametrize("text", fuzz.NASTY)
def test_what_a_shop_owner_may_type_is_answered(service, text):
    conversation = sender()
    started = service.post("/api/v1/chat", json={"sender": conversation, "message": "/check_supports"})
    assert started.status_code == 200
    turn = {"sender": conversation, "secret": started.json()["secret"], "message": text}  # with its secret
    response = service.post("/api/v1/chat", headers={"Content-Type": "application/json"},
                            content=fuzz.body_bytes(turn))
    fuzz.assert_answered(response)
    if response.status_code == 200:
        assert response.json()["messages"], "a message no one answered"
    else:  # refused only: nothing but spaces, no Unicode text, longer than a message may be
        assert not text.strip() or any(0xD800 <= ord(char) < 0xE000 for char in text) or len(text) > 2000


def test_too_long_a_message_is_refused_in_swedish_and_the_conversation_goes_on(service):
    conversation = sender()
    refused = service.post("/api/v1/chat", json={"sender": conversation, "message": "å" * 3_000})
    assert refused.status_code == 422
    [error] = refused.json()["errors"]
    assert error["field"] == "message" and "högst 2000 tecken" in error["message"]
    unread = service.post("/api/v1/chat", json={"sender": conversation, "message": "å" * 100_000})
    assert unread.status_code == 413  # past the body limit: refused before it is parsed
    assert unread.json()["detail"] == "Förfrågan är för stor: högst 64 kB tas emot."
    assert service.post("/api/v1/chat", json={"sender": conversation, "message": "Hej"}).json()["messages"]


MARKUP = ["<img src=x onerror=\"window.owned=1\">", "<script>window.owned=2</script>",
          "\"><svg onload=\"window.owned=3\">", "'; DROP TABLE drafts; --", "مرحبا \u202eevil\u202c 🛒⛽️"]


def test_the_widget_shows_what_was_typed_as_text(stack, browser):
    page = new_page(browser)
    try:
        open_widget(page, stack.settings.service_url)
        for text in MARKUP:
            page.get_by_label("Ditt svar").fill(text)
            page.get_by_label("Ditt svar").press("Enter")
            wait_idle(page)
            expect(page.locator(".skw-user").last).to_contain_text(text)
        assert page.evaluate("window.owned") is None
        injected = ".stodkollen-widget img, .stodkollen-widget script, .stodkollen-widget svg"
        assert page.locator(injected).count() == 0
    finally:
        page.context.close()


def test_the_draft_page_shows_the_applicants_words_as_text(stack):
    created = httpx.post(f"{stack.settings.service_url}/api/v1/drafts", timeout=60,
                         headers={"X-Internal-Token": stack.settings.internal_token},
                         json={"sender": sender(), "facts": FACTS}).json()
    markup = "<script>window.owned=1</script> Affären'; DROP TABLE drafts; --"
    applicant = {"applicant_name": markup, "organisation_number": "556036-0793", "contact_person": markup,
                 "email": "butik@example.se", "store_name": markup, "store_street": "Storgatan 1",
                 "store_postcode": "922 31", "store_town": "Vindeln", "someone_else_signs": False,
                 "consent": True}
    saved = httpx.put(f"{stack.settings.service_url}/api/v1/drafts/{created['token']}/applicant",
                      json=applicant, timeout=60)
    assert saved.status_code == 200, saved.text
    html = httpx.get(f"{stack.settings.service_url}/utkast/{created['token']}", timeout=60).text
    assert "<script>window.owned" not in html
    assert re.search(r"&lt;script&gt;window\.owned=1&lt;/script&gt; Affären(&#39;|&#x27;|')", html)
