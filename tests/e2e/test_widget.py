"""The web widget in a real browser (Debian's chromium driven by Playwright) against the real
stack: a whole conversation by clicking and typing on the demo page, a reload in the middle,
the service stopped and started again, keyboard-only use, and axe-core's accessibility rules.

Needs what web_widget/tests/install-browser-deps.sh installs (chromium, axe-core in .cache/).
Screenshots are kept in test-artifacts/widget/.
"""

import gzip
import json
import os
import re
import signal
import subprocess
import time

import httpx
import pytest
from conftest import INSTALL_HINT
from playwright.sync_api import Page, expect
from test_conversations import GROCERY_STORE

from stodkollen.core.settings import ROOT
from stodkollen.stack import _environment

AXE = ROOT / ".cache" / "axe-core" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts" / "widget"
WIDGET_DIR = ROOT / "web_widget"
STORE = "stodkollen:conversation:v1"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
SIZE_BUDGET = 30 * 1024
NBSP = "\N{NO-BREAK SPACE}"


@pytest.fixture
def service_url(stack) -> str:
    return f"http://127.0.0.1:{stack.settings.service_port}"


def new_page(browser, viewport=DESKTOP, **options) -> Page:
    # reduced motion unless a test says otherwise: the log then scrolls at once, so the
    # screenshots show where it ends
    options.setdefault("reduced_motion", "reduce")
    context = browser.new_context(viewport=viewport, locale="sv-SE", **options)
    page = context.new_page()
    page.set_default_timeout(60_000)
    return page


@pytest.fixture
def page(browser):
    page = new_page(browser)
    yield page
    page.context.close()


# ---------- helpers: what the user sees, and what the assistant is asking ----------

def open_widget(page: Page, url: str) -> None:
    page.goto(f"{url}/demo")
    page.get_by_role("button", name="Fråga Stödkollen om stöd").click()
    expect(page.get_by_role("dialog", name="Stödkollen")).to_be_visible()
    wait_idle(page)
    expect(page.locator(".skw-bot").first).to_contain_text("Stödkollen")


def state(page: Page) -> dict:
    return page.evaluate(f"JSON.parse(localStorage.getItem('{STORE}'))")


def wait_idle(page: Page) -> None:
    """Until every message sent has been answered and drawn."""
    page.wait_for_function(f"() => {{ const s = JSON.parse(localStorage.getItem('{STORE}'));"
                           " return s && s.outbox.length === 0; }")
    expect(page.locator(".skw-typing")).to_be_hidden()


def requested_slot(stack, page: Page):
    sender = state(page)["sender"]
    tracker = httpx.get(f"{stack.settings.rasa_url}/conversations/{sender}/tracker",
                        params={"token": stack.settings.internal_token}, timeout=30)
    return tracker.json()["slots"].get("requested_slot")


def reply_button(page: Page, title: str):
    return page.locator(".skw-replies").get_by_role("button", name=re.compile(f"^{re.escape(title)}$", re.I))


def answer(page: Page, text: str) -> None:
    """Click the quick reply that says the answer, else type it."""
    button = reply_button(page, text)
    if button.count():
        button.click()
    else:
        page.get_by_label("Ditt svar").fill(text)
        page.get_by_label("Ditt svar").press("Enter")
    wait_idle(page)


def answer_questions(stack, page: Page, answers: dict, count: int | None = None) -> list[str]:
    asked = []
    for _ in range(40):
        slot = requested_slot(stack, page)
        if slot is None or (count is not None and len(asked) == count):
            return asked
        assert slot in answers, f"unexpected question {slot!r} after {asked}"
        asked.append(slot)
        answer(page, answers[slot])
    raise AssertionError(f"the form kept asking: {asked}")


def check_accessibility(page: Page, name: str) -> None:
    """axe-core's WCAG 2.0/2.1 A and AA rules and its best practices, in the page and the
    widget's shadow root: any violation fails."""
    if not AXE.exists():
        pytest.fail(f"no axe-core at {AXE}: {INSTALL_HINT}")
    # Evaluated through DevTools, as a browser extension would: a <script> tag added to the page
    # is inline, and the service's Content-Security-Policy (rightly) blocks it.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                        nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
    }""")
    assert result == [], f"axe-core violations ({name}):\n" + json.dumps(result, indent=1, ensure_ascii=False)


def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def restart_service(stack) -> None:
    """Start the service again with the command and environment Stack.start uses."""
    log = open(stack.log_dir / "service.log", "ab")
    stack.processes["service"] = subprocess.Popen(
        stack.commands()["service"], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        env=_environment(stack.settings), start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(stack.health_urls()["service"], timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.3)
    raise TimeoutError("the service did not come back")


def stop_service(stack) -> None:
    process = stack.processes["service"]
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=20)


# ---------- the tests ----------

def test_the_widget_is_small_and_served_with_its_strings(stack, service_url):
    size = sum(len(gzip.compress((WIDGET_DIR / name).read_bytes(), compresslevel=9))
               for name in ("stodkollen-widget.js", "stodkollen-widget.css"))
    assert size < SIZE_BUDGET, f"{size} bytes gzipped"
    for name in ("stodkollen-widget.js", "stodkollen-widget.css"):
        assert httpx.get(f"{service_url}/widget/{name}").status_code == 200
    english = httpx.get(f"{service_url}/widget/strings/en.json").json()
    swedish = httpx.get(f"{service_url}/widget/strings/sv.json").json()
    assert english.keys() == swedish.keys()
    assert swedish["progress"] == "Fråga {question} av ungefär {of}" and english["send"] == "Send"
    assert httpx.get(f"{service_url}/widget/strings/de.json").status_code == 422


def test_a_whole_conversation_with_a_reload_in_the_middle(stack, page, service_url):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    open_widget(page, service_url)
    reply_button(page, "Kolla mina stöd").click()
    wait_idle(page)
    expect(page.locator(".skw-progress")).to_contain_text(re.compile(r"Fråga 1 av ungefär \d+"))

    asked = answer_questions(stack, page, GROCERY_STORE, count=4)
    check_accessibility(page, "open widget with messages")
    screenshot(page, "desktop-questions")
    sender = state(page)["sender"]
    messages_before = page.locator(".skw-msg").count()

    # A half-typed answer and the conversation survive a reload.
    page.get_by_label("Ditt svar").fill("något jag inte skickat")
    page.reload()
    expect(page.get_by_role("dialog", name="Stödkollen")).to_be_visible()
    expect(page.get_by_label("Ditt svar")).to_have_value("något jag inte skickat")
    assert state(page)["sender"] == sender
    assert page.locator(".skw-msg").count() == messages_before
    expect(page.locator(".skw-progress")).to_contain_text(f"Fråga {len(asked) + 1} av")
    page.get_by_label("Ditt svar").fill("")

    asked += answer_questions(stack, page, GROCERY_STORE)
    expect(page.locator(".skw-bot").last).to_contain_text("Stämmer det")
    answer(page, "ja")
    card = page.locator(".skw-card", has_text="Särskilt driftstöd").first
    expect(card.locator(".skw-amount")).to_contain_text(re.compile(r"166[\s\u00a0]667 kr"))
    expect(card.locator(".skw-status")).to_have_text("Troligen stöd")
    assert card.locator("li").count() >= 1  # the reasons
    # Which rules produced the amounts, by the ruleset's name rather than its id.
    expect(page.locator(".skw-small", has_text="Uppskattningen bygger på")).to_contain_text(
        "Regionalt serviceprogram")
    expect(page.locator(".skw-progress")).to_be_hidden()
    check_accessibility(page, "result")
    screenshot(page, "desktop-result")
    page.set_viewport_size(PHONE)
    screenshot(page, "phone-result")

    # The draft: the link is a clear call to action that opens the draft page.
    reply_button(page, "Förbered en ansökan").click()
    wait_idle(page)
    link = page.get_by_role("link", name="Öppna ditt utkast till ansökan")
    expect(link).to_be_visible()
    href = link.get_attribute("href")
    assert re.fullmatch(rf"{re.escape(service_url)}/utkast/[A-Za-z0-9_-]{{43}}", href), href
    assert httpx.get(href).status_code == 200
    check_accessibility(page, "draft link")
    screenshot(page, "phone-draft-link")
    third_party = [url for url in requests if not url.startswith(service_url)]
    assert not third_party, third_party


def test_keyboard_only(stack, page, service_url):
    failed = []  # every request of the page, the browser's own (an icon) included, must succeed
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    page.goto(f"{service_url}/demo")
    for _ in range(30):  # Tab through the county's page to the widget
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.className === 'stodkollen-widget'"):
            break
    expect(page.get_by_role("button", name="Fråga Stödkollen om stöd")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Ditt svar")).to_be_focused()
    wait_idle(page)
    assert failed == []
    for _ in range(10):  # back from the text box to the choice we want
        page.keyboard.press("Shift+Tab")
        if reply_button(page, "Kolla mina stöd").evaluate("b => b.getRootNode().activeElement === b"):
            break
    page.keyboard.press("Enter")
    wait_idle(page)
    assert requested_slot(stack, page) == "asker"
    expect(reply_button(page, "Butik")).to_be_visible()
    # The focus stays in the text box, not on the next choices: a second Enter answers nothing.
    expect(page.get_by_label("Ditt svar")).to_be_focused()
    messages = page.locator(".skw-msg").count()
    page.keyboard.press("Enter")
    wait_idle(page)
    assert page.locator(".skw-msg").count() == messages and requested_slot(stack, page) == "asker"
    expect(reply_button(page, "Butik")).to_be_visible()
    for _ in range(10):  # the choices are a deliberate Shift+Tab away
        page.keyboard.press("Shift+Tab")
        if reply_button(page, "Butik").evaluate("b => b.getRootNode().activeElement === b"):
            break
    expect(reply_button(page, "Butik")).to_be_focused()
    page.keyboard.press("Enter")
    wait_idle(page)
    assert requested_slot(stack, page) == "municipality"
    expect(page.get_by_label("Ditt svar")).to_be_focused()
    page.keyboard.type("Vindeln")
    page.keyboard.press("Enter")
    wait_idle(page)
    assert requested_slot(stack, page) == "locality"
    expect(page.locator(".skw-progress")).to_contain_text("Fråga 3 av")
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_be_hidden()
    expect(page.get_by_role("button", name="Fråga Stödkollen om stöd")).to_be_focused()


def test_the_service_stops_and_comes_back(stack, page, service_url):
    open_widget(page, service_url)
    reply_button(page, "Kolla mina stöd").click()
    wait_idle(page)
    answer(page, "Butik")
    assert requested_slot(stack, page) == "municipality"
    stop_service(stack)
    try:
        page.get_by_label("Ditt svar").fill("Vindeln")
        page.get_by_label("Ditt svar").press("Enter")
        expect(page.locator(".skw-failed")).to_contain_text("Kunde inte skicka – försöker igen")
        expect(page.get_by_role("alert")).to_contain_text("Tjänsten svarar inte just nu")
        page.get_by_label("Ditt svar").fill("skrivet medan tjänsten var borta")
        assert state(page)["outbox"][0]["payload"] == "Vindeln"
        assert state(page)["typed"] == "skrivet medan tjänsten var borta"
        screenshot(page, "desktop-service-down")
    finally:
        restart_service(stack)
    page.get_by_role("button", name="Försök nu").click()
    wait_idle(page)
    expect(page.get_by_role("alert")).to_be_hidden()
    expect(page.locator(".skw-failed")).to_have_count(0)
    assert requested_slot(stack, page) == "locality"
    expect(page.get_by_label("Ditt svar")).to_have_value("skrivet medan tjänsten var borta")


def test_phone_width_and_english(stack, browser, service_url):
    page = new_page(browser, PHONE, is_mobile=True, has_touch=True)
    try:
        page.goto(f"{service_url}/demo")
        screenshot(page, "phone-demo-page")
        page.goto(f"{service_url}/demo?lang=en")
        page.get_by_role("button", name="Ask Stödkollen about support").click()
        wait_idle(page)
        expect(page.get_by_label("Your answer")).to_be_visible()
        box = page.locator(".skw-panel").bounding_box()
        assert box["width"] == PHONE["width"]  # the whole screen on a phone
        check_accessibility(page, "phone, English")
        screenshot(page, "phone-open")
    finally:
        page.context.close()


def test_200_percent_zoom_and_motion(stack, browser, service_url):
    """1280 × 800 at 200 % zoom is a 640 × 400 viewport: everything still fits and works.
    With reduced motion the typing dots stand still; without it they move."""
    for motion, animation in (("reduce", "none"), ("no-preference", "skw-blink")):
        page = new_page(browser, {"width": 640, "height": 400}, reduced_motion=motion)
        try:
            open_widget(page, service_url)
            panel = page.locator(".skw-panel").bounding_box()
            assert panel["x"] >= 0 and panel["y"] >= 0
            assert panel["x"] + panel["width"] <= 640 and panel["y"] + panel["height"] <= 400
            expect(page.get_by_role("button", name="Skicka")).to_be_in_viewport()
            expect(reply_button(page, "Kolla mina stöd")).to_be_visible()
            dots = page.locator(".skw-dots span").first
            assert dots.evaluate("d => getComputedStyle(d).animationName") == animation
            if motion == "reduce":
                screenshot(page, "zoom-200")
        finally:
            page.context.close()


def test_bot_text_is_drawn_as_text_never_as_html(browser, service_url):
    """What the bot says is put on the page as text: a fake reply full of HTML does nothing."""
    page = new_page(browser)
    reply = {"messages": [
        {"text": "<img src=x onerror=\"window.owned=1\"> **fet** och\n- en punkt\n- <b>två</b>",
         "buttons": [{"title": "Ja", "payload": "/affirm"}],
         "custom": {"progress": {"question": 3, "of": 7}}},
        {"text": f"Här är ditt utkast: {service_url}/utkast/hemlig-token.", "buttons": [], "custom": None},
        # A locality as typed, escaped by the NLG (service/nlg/templates.py): its signs stay signs.
        {"text": "Ort: **Kåge\\_by \\*2 \\<3**", "buttons": [], "custom": None},
    ]}
    page.route("**/api/v1/chat", lambda route: route.fulfill(json=reply))
    try:
        open_widget(page, service_url)
        bot = page.locator(".skw-bot").first
        expect(bot.locator("strong")).to_have_text("fet")
        expect(bot.locator("li")).to_have_count(2)
        expect(bot).to_contain_text("<img src=x")
        assert page.locator(".stodkollen-widget img, .stodkollen-widget b").count() == 0
        assert page.evaluate("window.owned") is None
        expect(page.locator(".skw-bot", has_text="Ort:").locator("strong")).to_have_text("Kåge_by *2 <3")
        expect(page.locator(".skw-progress")).to_contain_text("Fråga 3 av ungefär 7")
        link = page.get_by_role("link", name="Öppna ditt utkast till ansökan")
        expect(link).to_have_attribute("href", f"{service_url}/utkast/hemlig-token")
    finally:
        page.context.close()
