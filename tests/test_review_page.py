"""/handlaggare/granskning: the review queue, the verdict form, the summaries and the overview,
on a real SQLite tracker store written by Rasa's SQLTrackerStore (tests/test_review_turns.py)."""

import re
import time

import pytest
from test_caseworker import client_for, sign_in
from test_review_turns import (
    Conversation,
    abandoned,
    asked_three_times,
    corrected,
    denied_read_back,
    denied_summary,
    fine,
    handoff_after_failure,
    not_understood,
    save,
)
from test_service_api import FakeRasa

from service.review.events import DAY_S, stored_events
from service.review.store import ReviewStore, review_db
from service.review.turns import read_conversation, turn_key

PAGE = "/handlaggare/granskning"


def recent() -> float:
    """An hour ago: the page reads the clock, so the conversations are made relative to it."""
    return time.time() - 3600


def personal(sender="personlig-01") -> Conversation:
    return (Conversation(sender, start=recent()).user("hej", "check_supports").start_form()
            .ask("store_opening_hours_per_week")
            .user("Jag heter Anna Lind, ring 070-123 45 67 så förklarar jag tiderna")
            .bot("utter_invalid_answer", "Jag förstod inte riktigt.", slot="store_opening_hours_per_week")
            .ask("store_opening_hours_per_week").user("45").slot("store_opening_hours_per_week", 45)
            .end_form().bot("utter_summary").user("ja", "affirm").bot("utter_result"))


def many_at_distance(number: int) -> Conversation:
    return (Conversation(f"avstand-{number:02d}", start=recent()).user("hej", "check_supports").start_form()
            .ask("store_distance_to_nearest_grocery_store_km").user(f"ungefär {number + 2} km typ")
            .bot("utter_invalid_answer", slot="store_distance_to_nearest_grocery_store_km")
            .ask("store_distance_to_nearest_grocery_store_km").user("30")
            .slot("store_distance_to_nearest_grocery_store_km", 30).end_form().bot("utter_summary")
            .user("ja", "affirm").bot("utter_result"))


def with_clock(make, sender: str) -> Conversation:
    """One of the failing conversations, moved to the last hour."""
    made = make(sender)
    offset = recent() - made.events[0].timestamp
    for event in made.events:
        event.timestamp += offset
    return made


FAILING = {"det är där uppe vid fjället": not_understood, "en bra bit bort faktiskt": asked_three_times,
           "nej jag menade 3,5 miljoner": corrected, "nej det stämmer inte": denied_summary,
           "jag vill prata med en människa": handoff_after_failure}


@pytest.fixture
def rasa() -> FakeRasa:
    return FakeRasa()


@pytest.fixture
def old_turn(tmp_path) -> str:
    """The tracker store, written before the service starts; the key of the failed turn of a
    conversation past retention (the service's own retention jobs may delete it when they start)."""
    conversations = [with_clock(make, f"{make.__name__}-01") for make in FAILING.values()]
    conversations += [with_clock(denied_read_back, "telefon-01"), abandoned(minutes_ago=45),
                      with_clock(fine, "bra-01"), personal(),
                      *(many_at_distance(number) for number in range(3))]
    url = save(tmp_path / "rasa_tracker.sqlite", *conversations, too_old())
    stored = stored_events(url, since=0)["gammal-01"]
    [old] = [turn for turn in read_conversation("gammal-01", stored, time.time())[0] if turn.failed]
    return old.key


@pytest.fixture
def client(tmp_path, rasa, old_turn):
    with client_for(tmp_path, rasa) as client:
        yield client


def too_old() -> Conversation:
    return (Conversation("gammal-01", start=time.time() - 31 * DAY_S).user("hej", "check_supports")
            .start_form().ask("municipality").user("ett gammalt samtal")
            .bot("utter_invalid_answer", slot="municipality"))


@pytest.fixture
def signed_in(client):
    assert sign_in(client).status_code == 303
    return client


def csrf(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_the_page_needs_a_signed_in_caseworker(client):
    for path in (PAGE, f"{PAGE}/oversikt"):
        response = client.get(path)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/handlaggare/logga-in")
    posted = client.post(f"{PAGE}/{turn_key('x', 1)}", data={"verdict": "not_answerable"})
    assert posted.status_code == 303 and posted.headers["location"].startswith("/handlaggare/logga-in")


def test_every_way_of_failing_is_in_the_queue_and_nothing_past_retention(signed_in):
    page = signed_in.get(PAGE).text
    for text in FAILING:
        assert text in page
    assert "tre komma två miljoner" in page or "nej" in page  # the phone read-back
    assert "kanske tusen" in page  # abandoned at the next question
    assert "ett gammalt samtal" not in page and "gammal-01" not in page
    assert 'href="/handlaggare/granskning"' in page  # in the caseworker menu


def test_personal_data_is_masked_on_the_page(signed_in):
    page = signed_in.get(PAGE).text
    assert "Jag heter [namn], ring [telefon] så förklarar jag tiderna" in page
    assert "Lind" not in page and "070-123" not in page


def test_the_question_that_fails_most_comes_first(signed_in):
    page = signed_in.get(PAGE).text
    headings = re.findall(r'<section class="sheet wide review-question" id="fraga-([^"]+)"', page)
    assert headings[0] == "store_distance_to_nearest_grocery_store_km"
    assert len(headings) == len(set(headings)) >= 5


def test_the_summary_gives_shares_and_phrasings_with_numbers_masked(signed_in):
    page = signed_in.get(PAGE).text
    per_question = page[page.index('id="per-fraga"'):page.index('id="per-kanal"')]
    assert "”ungefär # km typ” (3)" in per_question
    assert "ungefär 4 km" not in page.split('id="per-fraga"')[1]
    per_channel = page[page.index('id="per-kanal"'):]
    assert "Webben" in per_channel and "Telefon" in per_channel and "\N{NO-BREAK SPACE}%" in per_channel


def test_a_verdict_is_kept_masked_and_takes_the_turn_off_the_queue(signed_in, tmp_path):
    page = signed_in.get(PAGE).text
    key = _key_of(page, "Jag heter [namn]")
    response = signed_in.post(f"{PAGE}/{key}", data={
        "csrf_token": csrf(page), "verdict": "fact", "fact": "store.opening_hours_per_week",
        "value": "", "topic": "", "note": "Skrev jag heter Anna Lind och 070-123 45 67, inga tider"})
    assert response.status_code == 303
    assert "Jag heter [namn]" not in signed_in.get(PAGE).text
    [kept] = ReviewStore(review_db(tmp_path)).reviewed()
    assert kept.text == "Jag heter [namn], ring [telefon] så förklarar jag tiderna"
    assert kept.verdict.fact == "store.opening_hours_per_week" and kept.verdict.value is None
    assert "070-123" not in kept.verdict.note and "Lind" not in kept.verdict.note
    assert kept.channel == "web" and re.fullmatch(r"\d{4}-\d{2}", kept.month)


def test_a_value_that_is_not_one_is_refused_in_swedish(signed_in, tmp_path):
    page = signed_in.get(PAGE).text
    key = _key_of(page, "det är där uppe vid fjället")
    response = signed_in.post(f"{PAGE}/{key}", data={
        "csrf_token": csrf(page), "verdict": "fact", "fact": "municipality", "value": "Oslo"})
    assert response.status_code == 422 and "är ingen svensk kommun" in response.text
    assert 'value="Oslo"' in response.text
    assert ReviewStore(review_db(tmp_path)).count() == 0


def test_a_verdict_needs_the_sessions_csrf_token(signed_in, tmp_path):
    page = signed_in.get(PAGE).text
    key = _key_of(page, "det är där uppe vid fjället")
    response = signed_in.post(f"{PAGE}/{key}", data={"csrf_token": "fel", "verdict": "not_answerable"})
    assert response.status_code == 403 and ReviewStore(review_db(tmp_path)).count() == 0


def test_a_turn_past_retention_cannot_be_reviewed(signed_in, old_turn):
    page = signed_in.get(PAGE).text
    response = signed_in.post(f"{PAGE}/{old_turn}",
                              data={"csrf_token": csrf(page), "verdict": "not_answerable"})
    assert response.status_code == 404


def test_the_overview_shows_the_funnel_per_channel_and_week_and_the_most_failed_questions(signed_in):
    page = signed_in.get(f"{PAGE}/oversikt").text
    assert page.count('src="data:image/svg+xml;base64,') == 3  # web, phone, most failed
    web = page[page.index('id="tratt-web"'):page.index('id="mest-misslyckade"')]
    started = re.search(r"Påbörjade samtal</th>((?:<td>\d+</td>)+)", web).group(1)
    assert sum(map(int, re.findall(r"\d+", started))) == 11  # every web conversation in retention
    result = re.search(r"Fick resultatet</th>((?:<td>\d+</td>)+)", web).group(1)
    assert sum(map(int, re.findall(r"\d+", result))) == 8
    assert "Frågorna med flest misslyckade turer" in page


def _key_of(page: str, text: str) -> str:
    """The key of the queued turn with this text (the id of its <article>)."""
    article = page[:page.index(text)].rsplit('<article class="review-turn" id="tur-', 1)[1]
    return article.split('"', 1)[0]
