"""English is understood, not only shown (issue 14): the English answer buttons map to the same
choices as the Swedish ones, English cues tell a question, a request and a correction from an
answer, and English questions in the middle of the questions get their help entry."""

from collections import Counter
from pathlib import Path

import pytest
import yaml
from nlu_examples import examples
from test_listening import STORE, heard, responses

from actions.answers import NOT_UNDERSTOOD, matching_choices, read_answer, read_asker
from actions.help_topics import help_entry
from actions.listening import Role, role_of
from stodkollen.conversation_facts import BY_SLOT
from stodkollen.core.i18n import translate
from stodkollen.dialogue_slots import HANDOFF_CONSENT, VALUE_CONFIRMATION

RESPONSES = Path(__file__).resolve().parents[1] / "service" / "nlg" / "responses.yml"
YES_NO = {"answer.yes", "answer.no", "answer.dont_know"}


def answer_buttons() -> list[tuple[str, str]]:
    """(slot, answer message id) for every answer button of every question the form asks."""
    table = yaml.safe_load(RESPONSES.read_text(encoding="utf-8"))
    found = []
    for name, response in table["responses"].items():
        slot = name.removeprefix("utter_ask_")
        buttons = response.get("buttons") if name.startswith("utter_ask_") else None
        if isinstance(buttons, str):
            buttons = table["button_sets"][buttons]
        found += [(slot, button["answer"]) for button in buttons or [] if "answer" in button]
    return found


BUTTONS = answer_buttons()


def reading(slot: str, text: str, lang: str):
    """The value the form takes for `slot` from a button's title."""
    if slot == "asker":
        return read_asker(text)
    if slot in (HANDOFF_CONSENT, VALUE_CONFIRMATION):  # a yes to the offer or the read-back
        return read_answer("yes_no", text, lang)
    return read_answer(BY_SLOT[slot].answer, text, lang)


def test_every_question_with_buttons_is_found():
    slots = {slot for slot, _ in BUTTONS}
    assert {"asker", "applicant_kind", "store_kind", "store_services", "investment_purposes",
            "store_sells_fuel"} <= slots
    assert len(BUTTONS) > 60


@pytest.mark.parametrize("slot, answer", [button for button in BUTTONS if button[1] not in YES_NO])
def test_an_english_choice_button_means_what_the_swedish_one_means(slot, answer):
    swedish = reading(slot, translate(answer, "sv"), "sv")
    english = reading(slot, translate(answer, "en"), "en")
    assert swedish is not NOT_UNDERSTOOD, translate(answer, "sv")
    assert english == swedish, (translate(answer, "en"), english, swedish)


@pytest.mark.parametrize("slot, answer", sorted({button for button in BUTTONS if button[1] in YES_NO}))
def test_an_english_yes_no_button_means_what_the_swedish_one_means(slot, answer):
    swedish = reading(slot, translate(answer, "sv"), "sv")
    assert swedish is not NOT_UNDERSTOOD
    assert reading(slot, translate(answer, "en"), "en") == swedish, translate(answer, "en")


# ---------------------------------------------------------------- choices said in everyday English
@pytest.mark.parametrize("text, table, choices", [
    ("we run a petrol station", "asker", ["fuel_station"]),
    ("just the gas station", "asker", ["fuel_station"]),
    ("a little village shop", "asker", ["store"]),
    ("the council, I work for the municipality", "asker", ["municipality"]),
    ("our village association (byaförening) owns it", "asker", ["association"]),
    ("both", "asker", ["both"]),
    ("it's a limited company", "applicant_kind", ["business"]),
    ("county council", "applicant_kind", ["public_body"]),
    ("a normal grocery shop", "store_kind", ["grocery_store"]),
    ("mail and parcels, and we have an ATM", "services", ["post", "parcel", "payment_services"]),
    ("prescription medicines", "services", ["pharmacy_agent"]),
    ("new freezers and solar panels", "purposes", ["energy_climate", "refrigeration_replacement"]),
    ("a wheelchair ramp", "purposes", ["accessibility"]),
    ("none of them", "none_of_them", ["none"]),
    ("nothing like that", "none_of_them", ["none"]),
])
def test_everyday_english_names_its_choice(text, table, choices):
    assert matching_choices(text, table) == choices


@pytest.mark.parametrize("text, kind", [("a filling station", "fuel_station"),
                                        ("we are a hardware store", "specialist_store"),
                                        ("a pick-up point for parcels", "service_point")])
def test_the_kind_of_store_is_the_first_that_fits(text, kind):
    assert read_answer("store_kind", text, "en") == kind


def test_a_gas_station_and_a_shop_together_are_both():
    assert read_asker("a shop with a gas station") == "both"


@pytest.mark.parametrize("text, fact", [
    ("sorry, the turnover was 3 million", "store.grocery_net_turnover_sek"),
    ("I meant 12 km to the gas station", "store.distance_to_nearest_fuel_station_km"),
    ("we have about 1500 items", "store.article_count"),
    ("around 200 households", "home_delivery.households"),
])
def test_english_words_near_a_number_name_its_fact(text, fact):
    assert fact in matching_choices(text, "fact_context")


# ---------------------------------------------------------------- what a message does, in English
@pytest.mark.parametrize("text, holds_value, role", [
    ("about 3 million", True, Role.ANSWER),
    ("when we counted last year it was 4 million", True, Role.ANSWER),
    ("could be around 2 million", True, Role.ANSWER),
    ("why is that important", False, Role.QUESTION),
    ("we have 900 items, is that enough?", True, Role.QUESTION),
    ("is tobacco part of it?", False, Role.QUESTION),
    ("what's a servicenod", False, Role.QUESTION),
    ("how do I send the application", False, Role.QUESTION),
    ("does lottery count?", True, Role.QUESTION),
    ("I'd like to speak with a human", False, Role.PERSON),
    ("please call me back", False, Role.PERSON),
    ("am I chatting with a human?", False, Role.QUESTION),
    ("150 people use the ATM", True, Role.ANSWER),
    ("let's start over", False, Role.RESTART),
    ("can we start from the beginning", False, Role.RESTART),
    ("hang on, I have to find the accounts", False, Role.PAUSE),
    ("can I finish this tomorrow?", False, Role.PAUSE),
    ("actually it was 12 km to the shop", True, Role.CORRECTION),
    ("sorry, I meant Vindeln", True, Role.CORRECTION),
    ("not Storuman but Sorsele", True, Role.CORRECTION),
    ("18 km, not 8", True, Role.CORRECTION),
    ("I typed 30 but it's 13", True, Role.CORRECTION),
    ("can I change an answer?", False, Role.CORRECTION),
    ("not sure but maybe 40 hours", True, Role.ANSWER),
    ("we want to change the old freezers", True, Role.ANSWER),
    ("hello there", False, Role.OTHER),
    ("actually, yes", True, Role.ANSWER),  # "actually" opens answers as often as corrections
    ("actually, could you say that again?", False, Role.QUESTION),
    ("actually it was 30 km", True, Role.CORRECTION),
    ("I mean the municipality is Vindeln", False, Role.CORRECTION),
])
def test_an_english_message_says_what_it_does_by_its_own_words(text, holds_value, role):
    assert role_of(text, holds_value) is role


# My own phrasings of the corpus's needs (not its sentences): each gets the entry that answers it.
@pytest.mark.parametrize("text, slot, entry", [
    ("why are you asking about that?", "store_article_count", "help.why.store_article_count"),
    ("what has this got to do with the support", "store_open_year_round", "help.why.store_open_year_round"),
    ("should I include lottery and tobacco sales?", "store_grocery_net_turnover_sek",
     "help.term.nettoomsattning"),
    ("is it with or without VAT", "store_grocery_net_turnover_sek", "help.term.nettoomsattning"),
    ("is a parcel pick-up counted as a payment service?", "store_services", "help.term.betaltjanster"),
    ("what do you mean?", "special_reasons", "help.term.sarskilda_skal"),
    ("what does net turnover mean", None, "help.term.nettoomsattning"),
    ("does tinned food count as groceries", "store_article_count", "help.term.dagligvaror"),
    ("what exactly is a service point", "in_central_locality", "help.term.serviceort_nod_punkt"),
    ("is there a service plan in our municipality?", "store_article_count", "help.term.serviceplan"),
    ("what is the base amount this year", None, "help.term.prisbasbelopp"),
    ("how many products do we need to have", "store_opening_hours_per_week", "help.term.mangsidigt_utbud"),
    ("we drive food out to old people, is that home delivery?", "store_services", "help.term.hemsandning"),
    ("tell me about the operating aid", None, "help.term.driftstod"),
    ("could we get the investment grant for solar panels", "investment_planned",
     "help.term.investeringsstod"),
    ("does the service grant work for us", None, "help.term.servicebidrag"),
    ("who will decide on our application", None, "help.topic.who_decides"),
    ("is this estimate binding?", None, "help.topic.who_decides"),
    ("where do I send my application", None, "help.topic.how_to_apply"),
    ("when is the deadline", None, "help.topic.deadline"),
    ("how soon would we get the money", None, "help.topic.payout_timing"),
    ("how much can we get at most", None, "help.topic.how_much_max"),
    ("who can see my figures?", None, "help.topic.privacy_my_data"),
    ("do you delete everything afterwards", None, "help.topic.privacy_my_data"),
    ("are you a robot", None, "help.topic.bot_challenge"),
    ("say that again please", "store_article_count", "help.topic.repeat_question"),
    ("could we continue in English", None, "help.topic.language_switch"),
    ("too many questions, this is annoying", None, "help.topic.complaint_frustration"),
    ("what do you need the opening hours for", "store_opening_hours_per_week",
     "help.why.store_opening_hours_per_week"),
    ("how come you want to know that", "store_article_count", "help.why.store_article_count"),
    ("do you mean delivering to people's homes", "store_services", "help.term.hemsandning"),
    ("when does the payment come", None, "help.topic.payout_timing"),
    ("is it every year?", None, None),  # "every" names no electric vehicle
])
def test_an_english_question_gets_the_entry_that_answers_it(text, slot, entry):
    assert help_entry(text, slot, None) == entry


def test_a_question_that_only_names_english_is_not_a_language_switch():
    assert help_entry("is the application form in English?", None, None) == "help.topic.how_to_apply"


# ---------------------------------------------------------------- the form, in an English conversation
ENGLISH_STORE = {**STORE, "language": "en"}


@pytest.mark.parametrize("slot, text, value", [
    ("asker", "Store", "store"),
    ("asker", "we run the petrol station", "fuel_station"),
    ("store_services", "None of them", []),
    ("store_services", "post and a pharmacy agent", ["post", "pharmacy_agent"]),
    ("store_kind", "specialist store", "specialist_store"),
])
def test_an_english_choice_is_taken_at_its_question(slot, text, value):
    asked = {**ENGLISH_STORE, slot: None, "requested_slot": slot}
    slots, _ = heard(asked, text)
    assert slots[slot] == value


def test_an_english_question_in_the_middle_gets_its_entry_and_the_question_waits():
    asked = {**ENGLISH_STORE, "requested_slot": "store_grocery_net_turnover_sek"}
    slots, messages = heard(asked, "should lottery tickets be part of that figure?")
    assert "store_grocery_net_turnover_sek" not in slots
    assert messages[0]["response"] == "utter_help" and messages[0]["entry"] == "help.term.nettoomsattning"


def test_an_english_request_for_a_person_is_offered_with_a_question():
    asked = {**ENGLISH_STORE, "requested_slot": "store_article_count"}
    slots, messages = heard(asked, "I'd rather speak to a real person", intent="inform")
    assert responses(messages) == ["utter_handoff"] and slots["handoff_offered"] is True


def test_actually_with_a_yes_answers_and_with_another_fact_corrects():
    asked = {**ENGLISH_STORE, "store_open_year_round": None, "requested_slot": "store_open_year_round"}
    slots, messages = heard(asked, "Actually, yes")
    assert slots["store_open_year_round"] is True and responses(messages) == []
    slots, messages = heard({**asked, "store_grocery_net_turnover_sek": 2_000_000},
                            "actually the turnover was 3 million")
    assert slots["store_grocery_net_turnover_sek"] == 3_000_000
    assert responses(messages) == ["utter_correction_done"]


# ---------------------------------------------------------------- one model, the same intents
def test_every_intent_has_english_examples_and_english_adds_no_intent():
    nlu = Path(__file__).resolve().parents[1] / "bot" / "data" / "nlu"
    english_files = sorted(nlu.glob("english_*.yml"))
    assert english_files
    english = Counter(intent for path in english_files for intent, _ in examples(path))
    swedish = Counter(intent for path in nlu.glob("*.yml") if path not in english_files
                      for intent, _ in examples(path))
    assert set(english) == set(swedish)
    assert min(english.values()) >= 10, english
