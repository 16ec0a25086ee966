"""The web widget in a real browser (Debian's chromium driven by Playwright) against the real
stack: a whole conversation by clicking and typing on the demo page, a reload in the middle,
the service stopped and started again, keyboard-only use, and axe-core's accessibility rules.

Needs what web_widget/tests/install-browser-deps.sh installs (chromium, axe-core in .cache/).
Screenshots are kept in test-artifacts/widget/.
"""

import dataclasses
import gzip
import http.server
import json
import re
import threading

import httpx
import pytest
from conftest import INSTALL_HINT
from playwright.sync_api import Page, expect
from test_conversations import GROCERY_STORE

from stodkollen.core.settings import ROOT
from stodkollen.stack import Stack

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


def answer(page: Page, text: str | list[str]) -> None:
    """Click the quick reply that says the answer, else type it; a list is several choices,
    toggled and sent with "Klar"."""
    if isinstance(text, list):
        for title in text:
            reply_button(page, title).click()
            expect(reply_button(page, title)).to_have_attribute("aria-pressed", "true")
        page.locator(".skw-replies").get_by_role("button", name="Klar").click()
        wait_idle(page)
        return
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


def log_distance_from_bottom(page: Page) -> float:
    return page.locator(".skw-log").evaluate("log => log.scrollHeight - log.scrollTop - log.clientHeight")


def focused_in_widget(page: Page) -> str | None:
    """The class of the element focused inside the widget's shadow root, None when the focus
    is elsewhere on the page."""
    return page.evaluate("""() => {
        const host = document.activeElement;
        if (!host || host.className !== 'stodkollen-widget') return null;
        const inner = host.shadowRoot.activeElement;
        return inner ? (inner.className || inner.tagName) : 'host';
    }""")


# Several services, chosen as toggles and sent with "Klar".
WIDGET_ANSWERS = {**GROCERY_STORE, "store_services": ["Post", "Paketombud"]}


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
    # gzip-compressed when accepted, with Cache-Control beside the ETag
    served = httpx.get(f"{service_url}/widget/stodkollen-widget.js", headers={"Accept-Encoding": "gzip"})
    assert served.headers["content-encoding"] == "gzip" and served.headers["etag"]
    assert served.headers["cache-control"] == "public, max-age=3600"
    assert int(served.headers["content-length"]) < SIZE_BUDGET
    assert swedish["progress"] == "Fråga {question} av ungefär {of}" and english["send"] == "Send"
    assert httpx.get(f"{service_url}/widget/strings/de.json").status_code == 422


def test_a_whole_conversation_with_a_reload_in_the_middle(stack, page, service_url):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    open_widget(page, service_url)
    reply_button(page, "Kolla mina stöd").click()
    wait_idle(page)
    expect(page.locator(".skw-progress")).to_contain_text(re.compile(r"Fråga 1 av ungefär \d+"))

    asked = answer_questions(stack, page, WIDGET_ANSWERS, count=4)
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
    # back at the current question, not at the greeting
    page.wait_for_function("() => { const log = document.querySelector('.stodkollen-widget').shadowRoot"
                           ".querySelector('.skw-log'); return log.scrollHeight > log.clientHeight; }")
    assert log_distance_from_bottom(page) < 2
    expect(page.locator(".skw-progress")).to_contain_text(f"Fråga {len(asked) + 1} av")
    page.get_by_label("Ditt svar").fill("")

    for _ in range(30):  # up to the "Välj en eller flera" question
        if requested_slot(stack, page) == "store_services":
            break
        asked += answer_questions(stack, page, WIDGET_ANSWERS, count=1)
    else:
        raise AssertionError(f"no question about the services after {asked}")
    # what a screen reader is given: the question in the log, then its choices
    question = page.locator(".skw-bot").last.aria_snapshot()
    assert question == ('- text: "Stödkollen:"\n'
                        '- paragraph: Vilken annan service erbjuder ni, utöver dagligvaror?\n'
                        '- paragraph: Välj en eller flera, eller svara till exempel ”post och apoteksombud”.'
                        ), question
    assert page.locator(".skw-replies").aria_snapshot() == (
        '- group "Välj en eller flera och tryck sedan på Klar":\n'
        '  - button "Post"\n  - button "Paketombud"\n  - button "Apoteksombud"\n  - button "Betaltjänster"\n'
        '  - button "Inget av dem"\n  - button "Klar" [disabled]')
    expect(page.locator(".skw-toggle[aria-pressed=false]")).to_have_count(4)  # toggles, none pressed yet
    asked += answer_questions(stack, page, WIDGET_ANSWERS, count=1)
    expect(page.locator(".skw-user").last).to_contain_text("Post och Paketombud")
    assert requested_slot(stack, page) != "store_services"  # both were understood as one answer
    asked += answer_questions(stack, page, WIDGET_ANSWERS)
    expect(page.locator(".skw-bot").last).to_contain_text("Stämmer det")
    answer(page, "ja")
    card = page.locator(".skw-card", has_text="Särskilt driftstöd").first
    expect(card.locator(".skw-amount")).to_contain_text(re.compile(r"166[\s\u00a0]667 kr"))
    expect(card.locator(".skw-status")).to_have_text("Troligen stöd")
    assert card.locator("li").count() >= 1  # the reasons
    # Which rules produced the amounts, by the ruleset's name rather than its id.
    expect(page.locator(".skw-small", has_text="Uppskattningen bygger på")).to_contain_text(
        "Regionalt serviceprogram")
    # the cards say what the text says: the year used, and an estimate, no decision
    expect(page.locator(".skw-note").first).to_contain_text(
        re.compile(r"Inget år angavs, så beräkningen gäller \d{4}"))
    expect(page.locator(".skw-note", has_text="en uppskattning, inget beslut")).to_be_visible()
    # what a screen reader is given for one card
    snapshot = card.aria_snapshot()
    assert snapshot.startswith('- article:\n  - heading "Särskilt driftstöd" [level=3]\n'
                               '  - paragraph: Troligen stöd'), snapshot
    assert re.search(r"- paragraph: 166.667 kr per år", snapshot), snapshot
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
    # The answer buttons come forward from the text box: Tab, "Skicka", Tab, the first choice.
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Skicka")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator(".skw-replies .skw-reply").first).to_be_focused()
    for _ in range(10):  # on to the choice we want
        if reply_button(page, "Kolla mina stöd").evaluate("b => b.getRootNode().activeElement === b"):
            break
        page.keyboard.press("Tab")
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
    for _ in range(10):  # the choices are a deliberate Tab forward away
        page.keyboard.press("Tab")
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
    stack.stop_process("service")
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
        stack.start_and_wait("service", timeout=60)
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


def fake_chat(page: Page, replies: list[dict]) -> list[dict]:
    """/api/v1/chat answered by the test, reply after reply (the last one again when they run
    out); returns the requests' bodies."""
    bodies = []

    def answer_request(route):
        bodies.append(json.loads(route.request.post_data or "{}"))
        route.fulfill(json={"messages": replies[min(len(bodies), len(replies)) - 1]})

    page.route("**/api/v1/chat", answer_request)
    return bodies


def bot(text: str, buttons=(), **custom) -> dict:
    return {"text": text, "buttons": [{"title": b, "payload": b} for b in buttons], "custom": custom or None}


def test_new_conversation_asks_first_and_keeps_the_draft_link(browser, service_url):
    page = new_page(browser)
    draft = f"{service_url}/utkast/{'d' * 43}"
    fake_chat(page, [[bot("Hej! Vad vill du göra?", ["Kolla mina stöd"])],
                     [bot(f"Här är ditt utkast: {draft}")],
                     [bot("Hej igen!")]])
    try:
        open_widget(page, service_url)
        expect(page.get_by_role("link", name="Ditt utkast")).to_be_hidden()
        page.get_by_label("Ditt svar").fill("/prepare_draft")
        page.get_by_label("Ditt svar").press("Enter")
        wait_idle(page)
        header_link = page.locator(".skw-head").get_by_role("link", name="Ditt utkast")
        expect(header_link).to_have_attribute("href", draft)
        sender = state(page)["sender"]

        page.get_by_role("button", name="Nytt samtal").click()
        question = page.get_by_role("group", name=re.compile("Vill du börja ett nytt samtal"))
        expect(question).to_be_visible()
        expect(page.get_by_role("button", name="Nej, fortsätt")).to_be_focused()
        page.keyboard.press("Enter")  # no: nothing is lost
        expect(question).to_be_hidden()
        assert state(page)["sender"] == sender and page.locator(".skw-msg").count() == 3
        expect(page.get_by_role("button", name="Nytt samtal")).to_be_focused()

        page.get_by_role("button", name="Nytt samtal").click()
        page.get_by_role("button", name="Ja, börja om").click()
        wait_idle(page)
        assert state(page)["sender"] != sender
        expect(page.locator(".skw-msg")).to_have_count(1)  # the new greeting
        expect(header_link).to_have_attribute("href", draft)  # the draft is still reachable
        page.reload()
        expect(header_link).to_have_attribute("href", draft)

        # until the draft expires
        page.evaluate(f"""() => {{ const s = JSON.parse(localStorage.getItem('{STORE}'));
            s.draft.expires = Date.now() - 1000; localStorage.setItem('{STORE}', JSON.stringify(s)); }}""")
        page.reload()
        expect(page.get_by_role("dialog", name="Stödkollen")).to_be_visible()
        expect(header_link).to_be_hidden()
    finally:
        page.context.close()


def test_what_the_browser_keeps_expires_after_30_days(browser, service_url):
    page = new_page(browser)
    fake_chat(page, [[bot("Hej! Vad vill du göra?", ["Kolla mina stöd"])]])
    try:
        open_widget(page, service_url)
        sender = state(page)["sender"]
        assert state(page)["updated"] > 0
        page.reload()
        expect(page.get_by_role("dialog", name="Stödkollen")).to_be_visible()
        assert state(page)["sender"] == sender  # a day-old conversation is resumed
        strings = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('stodkollen:strings'))")
        assert strings == ["stodkollen:strings:v2:sv"]
        page.evaluate(f"""() => {{ const s = JSON.parse(localStorage.getItem('{STORE}'));
            s.updated = Date.now() - 31 * 24 * 3600 * 1000;
            localStorage.setItem('{STORE}', JSON.stringify(s)); }}""")
        page.reload()
        page.get_by_role("button", name="Fråga Stödkollen om stöd").click()
        wait_idle(page)
        assert state(page)["sender"] != sender  # 31 days later: gone, a new conversation
        # the cached texts are of no use after 30 days either: with the service unreachable
        # the launcher says so instead of drawing the widget from them
        page.evaluate("""() => { const k = 'stodkollen:strings:v2:sv';
            const c = JSON.parse(localStorage.getItem(k));
            c.saved = Date.now() - 31 * 24 * 3600 * 1000; localStorage.setItem(k, JSON.stringify(c)); }""")
        page.route("**/widget/strings/**", lambda route: route.abort())
        page.reload()
        expect(page.get_by_role("status")).to_contain_text("Stödkollen kan inte nås just nu")
    finally:
        page.context.close()


def test_a_first_visit_while_the_service_cannot_be_reached_shows_the_phone_number(browser, service_url):
    page = new_page(browser, PHONE, is_mobile=True, has_touch=True)
    page.route("**/widget/strings/**", lambda route: route.abort())
    try:
        page.goto(f"{service_url}/demo")
        fallback = page.get_by_role("status")
        expect(fallback).to_have_text(
            "Stödkollen kan inte nås just nu. Ring Länsstyrelsen Västerbotten på 010-225 40 00.")
        expect(fallback).to_be_in_viewport()
        expect(fallback).to_have_attribute("href", "tel:0102254000")
        screenshot(page, "phone-unreachable")
        page.unroute("**/widget/strings/**")
        page.evaluate("window.dispatchEvent(new Event('online'))")  # the service answers again
        expect(page.get_by_role("button", name="Fråga Stödkollen om stöd")).to_be_visible()
        expect(fallback).to_have_count(0)
    finally:
        page.context.close()


def test_progress_never_goes_backwards(browser, service_url):
    page = new_page(browser)
    totals = [(1, 18), (2, 19), (3, 20), (4, 19), (5, 17)]
    fake_chat(page, [[bot(f"Fråga {question}?", progress={"question": question, "of": of})]
                     for question, of in totals])
    try:
        open_widget(page, service_url)
        shown, widths = [], []
        for _ in totals[1:]:
            page.get_by_label("Ditt svar").fill("svar")
            page.get_by_label("Ditt svar").press("Enter")
            wait_idle(page)
            shown.append(page.locator("#skw-progress-text").text_content())
            widths.append(page.locator(".skw-fill").evaluate("f => parseFloat(f.style.width)"))
        assert shown == ["Fråga 2 av ungefär 19", "Fråga 3 av ungefär 20", "Fråga 4 av ungefär 20",
                         "Fråga 5 av ungefär 20"]
        assert widths == sorted(widths) and len(set(widths)) == len(widths)
    finally:
        page.context.close()


def test_reflow_at_320_px_and_400_percent_zoom(browser, service_url):
    """1280 × 800 at 400 % zoom is 320 × 200 CSS px (WCAG 1.4.10): no sideways scrolling, the
    text box and "Skicka" in view, and a log tall enough to read a question."""
    page = new_page(browser, {"width": 320, "height": 200})
    try:
        open_widget(page, service_url)
        expect(page.get_by_label("Ditt svar")).to_be_in_viewport()
        expect(page.get_by_role("button", name="Skicka")).to_be_in_viewport()
        log = page.locator(".skw-log").bounding_box()
        assert log["height"] >= 100, log
        assert page.locator(".skw-panel").evaluate("p => p.scrollWidth <= p.clientWidth")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        page.get_by_label("Ditt svar").fill("Kolla mina stöd")
        page.get_by_label("Ditt svar").press("Enter")
        wait_idle(page)
        expect(page.get_by_label("Ditt svar")).to_be_in_viewport()
        screenshot(page, "zoom-400")
        check_accessibility(page, "400 % zoom")
    finally:
        page.context.close()


def test_on_a_phone_the_focus_stays_in_the_full_screen_panel(browser, service_url):
    page = new_page(browser, PHONE, is_mobile=True, has_touch=True)
    try:
        open_widget(page, service_url)
        expect(page.get_by_role("dialog", name="Stödkollen")).to_have_attribute("aria-modal", "true")
        seen = set()
        for _ in range(15):  # round the panel more than once, forward
            page.keyboard.press("Tab")
            where = focused_in_widget(page)
            assert where is not None, "the focus left the panel for the page behind it"
            seen.add(where)
        assert {"skw-send", "skw-input", "skw-close"} <= seen, seen
        for _ in range(15):  # and backward
            page.keyboard.press("Shift+Tab")
            assert focused_in_widget(page) is not None
    finally:
        page.context.close()


class CountySite:
    """The county's site: a page of another origin than the service's (localhost, not
    127.0.0.1, and another port) that embeds the widget, sent with the county's own CSP. A real
    server on this machine, not route interception: Chromium keeps a page it cannot place (as
    an intercepted one) from loading anything from this machine (Private Network Access)."""

    def __init__(self, port: int):
        self.origin = f"http://localhost:{port}"
        self.page = {"html": "", "policy": ""}
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                body = site.page["html"].encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Content-Security-Policy", site.page["policy"])
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def serve(self, service: str) -> str:
        """The page, embedding the widget from `service` with the README's CSP entries."""
        self.page["html"] = (f'<!doctype html><html lang="sv"><head><meta charset="utf-8">'
                             f'<title>Länsstyrelsen (test)</title></head><body><h1>Stöd till butiker</h1>'
                             f'<script src="{service}/widget/stodkollen-widget.js" defer></script>'
                             f'</body></html>')
        self.page["policy"] = county_policy(service)
        return f"{self.origin}/stod"


@pytest.fixture
def county(stack):
    site = CountySite(stack.settings.service_port + 8)
    yield site
    site.server.shutdown()
    site.server.server_close()


@pytest.fixture
def county_service(stack, county):
    """A second service process on the stack's Rasa, with the county's origin in
    STODKOLLEN_CORS_ORIGINS, the one setting the README asks the county to make."""
    settings = dataclasses.replace(stack.settings, service_port=stack.settings.service_port + 7)
    county_stack = Stack(settings, stack.log_dir / "county",
                         extra_environment={"STODKOLLEN_CORS_ORIGINS": county.origin})
    county_stack.log_dir.mkdir(exist_ok=True)
    try:
        county_stack.start_and_wait("service", timeout=60)
        yield f"http://127.0.0.1:{settings.service_port}"
    finally:
        county_stack.stop()


def county_policy(service: str) -> str:
    """The entries the README tells the county to add to its own Content-Security-Policy."""
    return (f"default-src 'self'; script-src 'self' {service}; style-src 'self' {service}; "
            f"connect-src 'self' {service}; img-src 'self'; object-src 'none'; base-uri 'self'")


def test_embedded_on_another_origin_with_the_countys_csp(stack, browser, county, county_service):
    page = new_page(browser)
    problems = []
    page.on("console", lambda message: problems.append(message.text)
            if message.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    try:
        page.goto(county.serve(county_service))
        assert page.evaluate("location.origin") == county.origin != county_service
        page.get_by_role("button", name="Fråga Stödkollen om stöd").click()
        wait_idle(page)
        reply_button(page, "Kolla mina stöd").click()
        wait_idle(page)
        answer_questions(stack, page, GROCERY_STORE)
        answer(page, "ja")
        card = page.locator(".skw-card", has_text="Särskilt driftstöd").first
        expect(card.locator(".skw-amount")).to_contain_text(re.compile(r"166[\s\u00a0]667 kr"))
        # the styles came through the county's style-src: the panel is laid out as designed
        assert page.locator(".skw-panel").evaluate("p => getComputedStyle(p).position") == "fixed"
        assert problems == []
    finally:
        page.context.close()


def test_without_the_cors_setting_the_county_gets_the_phone_number(stack, browser, county, service_url):
    """The stack's own service has no CORS origins: the browser refuses it the texts, and the
    launcher says the service cannot be reached instead of failing silently."""
    page = new_page(browser)
    try:
        page.goto(county.serve(service_url))
        expect(page.get_by_role("status")).to_contain_text("Ring Länsstyrelsen Västerbotten på 010-225 40 00")
    finally:
        page.context.close()
