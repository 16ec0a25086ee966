"""The web widget in English, in a real browser against the real stack (issue 14): an
English-speaking shop owner opens /demo?lang=en, clicks "Check my supports", and answers only
by clicking the English buttons and typing English, up to the estimate and the draft's link.
Every answer must be taken (the form moves on), and no reply of the assistant may be Swedish.

The browser itself prefers Swedish (locale sv-SE, as on a shop's shared computer in
Västerbotten): the widget's own `Accept-Language: en` must win over it.

Needs what web_widget/tests/install-browser-deps.sh installs (chromium). Screenshots are kept
in test-artifacts/widget/.
"""

import re
from functools import cache

import httpx
from babel.messages.pofile import read_po
from playwright.sync_api import Page, expect
from test_widget import reply_button, requested_slot, wait_idle

from rules_engine.parameters import rulesets
from stodkollen.core.i18n import LOCALES_DIR
from stodkollen.core.settings import ROOT

ARTIFACTS = ROOT / "test-artifacts" / "widget"
WORD = re.compile(r"[^\W\d_]+")

# The store, in English: a click where the question offers the answer as a button,
# else typed. Amounts, counts and hours the way an English speaker writes them.
ENGLISH_ANSWERS = {
    "asker": "store",
    "municipality": "Vindeln",
    "locality": "Granån",
    "store_sells_fuel": "No",
    "store_open_year_round": "Yes",
    "store_opening_hours_per_week": "45 hours a week",
    "store_article_count": "about 1,500 items",
    "store_has_all_product_groups": "Yes",
    "store_distance_to_nearest_grocery_store_km": "25 km",
    "municipality_has_service_plan": "Yes",
    "store_grocery_net_turnover_sek": "3 million",
    "store_services": ["post", "parcel agent"],  # toggles, sent with "Done"
    "store_service_strategic": "No",
    "service_grant_years_already_received": "0",
    "investment_planned": "No",
    "payment_services_interested": "No",
    "service_grant_other_measures_tried": "Yes",
}


def catalog_words(lang: str) -> set[str]:
    with open(LOCALES_DIR / lang / "LC_MESSAGES" / "messages.po", "rb") as source:
        catalog = read_po(source, locale=lang)
    texts = [message.string for message in catalog if message.id and isinstance(message.string, str)]
    # without the placeholders ({amount}): their names are English in both catalogs
    return {word for text in texts for word in WORD.findall(re.sub(r"\{\w+\}", " ", text))}


@cache
def swedish_only_words() -> frozenset[str]:
    """Lower-case words of the Swedish catalog that the English one never uses ("och",
    "stämmer", "butiken"), less the names of the rule sets, which are proper names and stay
    Swedish in English replies too."""
    english = {word.lower() for word in catalog_words("en")}
    names = {word.lower() for ruleset in rulesets() for word in WORD.findall(ruleset.title)}
    return frozenset(word for word in catalog_words("sv")
                     if word.islower() and word not in english and word not in names)


def swedish_words_in(text: str) -> list[str]:
    """Without the links: a draft's address is /utkast/…, in every language."""
    words = WORD.findall(re.sub(r"https?://\S+", " ", text))
    return [word for word in words if word in swedish_only_words()]


def test_the_swedish_words_are_found_and_english_passes():
    """The detector itself: a Swedish reply is caught, an English one is not."""
    assert len(swedish_only_words()) > 500
    assert swedish_words_in("Jag förstod inte riktigt. Svara med en av dessa: butik")
    assert not swedish_words_in("I didn't quite understand. Answer with one of these: store")
    assert not swedish_words_in("Here is your draft: http://127.0.0.1:18000/utkast/abc")


# ---------- helpers: the widget as an English-speaking user sees it ----------

def bot_texts(page: Page) -> list[str]:
    return page.locator(".skw-bot").all_inner_texts()


def answer(page: Page, text: str | list[str]) -> str:
    """Click the English button that says the answer, else type it; a list is several
    choices, toggled and sent with "Done". Says which it was: "clicked" or "typed"."""
    if isinstance(text, list):
        for title in text:
            reply_button(page, title).click()
            expect(reply_button(page, title)).to_have_attribute("aria-pressed", "true")
        page.locator(".skw-replies").get_by_role("button", name="Done").click()
        how = "clicked"
    elif reply_button(page, text).count():
        reply_button(page, text).click()
        how = "clicked"
    else:
        page.get_by_label("Your answer").fill(text)
        page.get_by_label("Your answer").press("Enter")
        how = "typed"
    wait_idle(page)
    return how


def answer_every_question(stack, page: Page, answers: dict) -> dict[str, str]:
    """Each question answered from `answers`; each answer must be taken: the form asks
    something else next, not the same question again. Which answers were clicked, which typed."""
    how: dict[str, str] = {}
    for _ in range(40):
        slot = requested_slot(stack, page)
        if slot is None:
            return how
        last_reply = bot_texts(page)[-1]
        assert slot in answers, f"unexpected question {slot!r} after {list(how)}: {last_reply!r}"
        assert slot not in how, f"the answer {answers[slot]!r} to {slot} was not taken: {last_reply!r}"
        how[slot] = answer(page, answers[slot])
    raise AssertionError(f"the form kept asking: {list(how)}")


def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def english_page(browser, service_url: str) -> tuple[Page, list]:
    """The demo page with the widget in English, opened, and "Check my supports" clicked; the
    Accept-Language of every chat request it sends, in a list that grows."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="sv-SE",
                                  reduced_motion="reduce")
    page = context.new_page()
    page.set_default_timeout(60_000)
    chat_languages: list = []
    page.on("request", lambda request: chat_languages.append(request.headers.get("accept-language"))
            if request.url.endswith("/api/v1/chat") else None)
    page.goto(f"{service_url}/demo?lang=en")
    page.get_by_role("button", name="Ask Stödkollen about support").click()
    expect(page.get_by_role("dialog", name="Stödkollen")).to_be_visible()
    wait_idle(page)
    reply_button(page, "Check my supports").click()
    wait_idle(page)
    expect(page.locator(".skw-progress")).to_contain_text(re.compile(r"\d+"))
    return page, chat_languages


def assert_all_english(page: Page, chat_languages: list) -> None:
    replies = bot_texts(page)
    assert len(replies) >= 10
    swedish = {text: swedish_words_in(text) for text in replies if swedish_words_in(text)}
    assert not swedish, f"Swedish in the English conversation: {swedish}"
    user_said = page.locator(".skw-user").all_inner_texts()
    assert not [text for text in user_said if swedish_words_in(text)], user_said
    # every turn told the service its language in the header too, over the browser's own
    assert chat_languages and set(chat_languages) == {"en"}, chat_languages


# ---------- the conversations ----------

def test_an_english_conversation_by_english_clicks_and_words(stack, browser):
    service_url = f"http://127.0.0.1:{stack.settings.service_port}"
    page, chat_languages = english_page(browser, service_url)
    try:
        how = answer_every_question(stack, page, ENGLISH_ANSWERS)
        # the buttons, "store" and "No" among them, clicked and understood
        clicked = {slot for slot, way in how.items() if way == "clicked"}
        assert {"asker", "store_sells_fuel", "store_services", "investment_planned"} <= clicked, how
        expect(page.locator(".skw-bot").last).to_contain_text("right")
        answer(page, "Yes, that's right")

        card = page.locator(".skw-card", has_text="Special operating support").first
        expect(card.locator(".skw-amount")).to_contain_text(re.compile(r"166,667 SEK"))
        expect(card.locator(".skw-status")).to_have_text("Likely eligible")
        screenshot(page, "english-result")

        reply_button(page, "Prepare an application").click()
        wait_idle(page)
        link = page.get_by_role("link", name="Open your application draft")
        expect(link).to_be_visible()
        href = link.get_attribute("href")
        assert re.fullmatch(rf"{re.escape(service_url)}/utkast/[A-Za-z0-9_-]{{43}}\?lang=en", href), href
        draft = httpx.get(href)
        assert draft.status_code == 200 and '<html lang="en">' in draft.text  # the draft page in English too
        screenshot(page, "english-draft-link")
        assert_all_english(page, chat_languages)
    finally:
        page.context.close()


def test_dont_know_and_none_of_them_are_understood(stack, browser):
    """The other buttons the issue found not understood: "Don't know" and "None of them"."""
    service_url = f"http://127.0.0.1:{stack.settings.service_port}"
    page, chat_languages = english_page(browser, service_url)
    answers = {**ENGLISH_ANSWERS, "store_services": "None of them",
               "payment_services_interested": "Don't know", "store_open_year_round": "yep",
               "store_has_all_product_groups": "yes, all of them",
               # not knowing about payment services leads to what the support for them asks
               "payment_services_commercial_provider_likely": "nope",
               "payment_services_distance_to_nearest_provider_km": "about 30 km",
               "payment_services_estimated_users": "around 200 people"}
    try:
        how = answer_every_question(stack, page, answers)
        assert how["store_services"] == "clicked", how
        assert how.get("payment_services_interested") == "clicked", how
        answer(page, "Yes, that's right")
        expect(page.locator(".skw-card", has_text="Special operating support").first).to_be_visible()
        assert_all_english(page, chat_languages)
    finally:
        page.context.close()
