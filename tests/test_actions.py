"""The action server's actions on trackers built from small fixtures (no Rasa running)."""

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import NOT_UNDERSTOOD, read_answer
from actions.conversation import channel_and_language
from actions.corrections import correction_events, corrections_in
from actions.form import ValidateFactsForm
from phone_channel.protocol import Turn, rasa_message
from stodkollen.conversation_facts import UNKNOWN

DOMAIN = {"forms": {"facts_form": {"required_slots": ["asker"]}}}
STORE = {"asker": "store", "applicant_kind": "business", "store_sells_groceries": True,
         "store_kind": "grocery_store", "municipality": "Vindeln", "locality": "Granån"}


def tracker(slots: dict, text: str = "", answered: dict | None = None, intent: str = "inform") -> Tracker:
    """A tracker in the form, whose latest user message filled `answered` slots."""
    events = [{"event": "user", "text": text}]
    events += [{"event": "slot", "name": name, "value": value} for name, value in (answered or {}).items()]
    all_slots = {**slots, **(answered or {}), "requested_slot": slots.get("requested_slot")}
    return Tracker("test", all_slots, {"text": text, "intent": {"name": intent}, "entities": []},
                   events, False, None, {"name": "facts_form", "is_interrupted": False}, "action_listen")


def run(coroutine):
    return asyncio.run(coroutine)


def required(slots: dict) -> list[str]:
    return run(ValidateFactsForm().required_slots([], CollectingDispatcher(), tracker(slots), DOMAIN))


def validate(slots: dict, answered: dict, intent: str = "inform") -> tuple[dict, list[dict]]:
    dispatcher = CollectingDispatcher()
    form = ValidateFactsForm()
    answer = tracker(slots, answered=answered, intent=intent)
    events = run(form.get_validation_events(dispatcher, answer, DOMAIN))
    return {event["name"]: event["value"] for event in events}, dispatcher.messages


def test_who_is_asking_comes_first():
    assert required({}) == ["asker"]


def test_a_fuel_station_is_never_asked_about_articles_or_turnover():
    fuel_station = {**STORE, "asker": "fuel_station", "store_sells_groceries": False,
                    "store_sells_fuel": True, "store_kind": "fuel_station"}
    asked = required(fuel_station)
    assert "store_distance_to_nearest_fuel_station_km" in asked
    assert not {"store_article_count", "store_grocery_net_turnover_sek"} & set(asked)


def test_a_municipality_is_asked_about_home_delivery_not_a_store():
    municipality = {"asker": "municipality", "applicant_kind": "municipality", "municipality": "Sorsele"}
    asked = required(municipality)
    assert "store_grocery_net_turnover_sek" not in asked
    assert "locality" not in asked
    asked = required({**municipality, "store_kind": "service_point", "municipality_has_service_plan": True,
                      "investment_planned": False})
    assert asked[:2] == ["home_delivery_net_cost_sek", "home_delivery_deliveries"]


def test_the_locality_is_asked_right_after_a_municipality_in_vasterbotten():
    asked = required({k: v for k, v in STORE.items() if k != "locality"})
    assert asked[0] == "locality"


def test_progress_before_who_and_where_estimates_a_village_store():
    form = ValidateFactsForm()
    progress = run(form._progress(CollectingDispatcher(), tracker({}), DOMAIN))
    assert progress["question"] == 1 and 10 <= progress["of"] <= 25


def test_who_is_asking_fills_the_applicant_facts():
    slots, _ = validate({"requested_slot": "asker"}, {"asker": "vi har en mack"})
    assert slots["asker"] == "fuel_station"
    assert (slots["store_sells_fuel"], slots["store_sells_groceries"]) == (True, False)


def test_a_bare_number_takes_its_unit_from_the_question():
    slots, _ = validate({**STORE, "requested_slot": "store_distance_to_nearest_grocery_store_km"},
                        {"store_distance_to_nearest_grocery_store_km": "25"})
    assert slots["store_distance_to_nearest_grocery_store_km"] == 25


def test_dont_know_is_kept_as_unknown():
    slots, _ = validate({**STORE, "requested_slot": "store_article_count"},
                        {"store_article_count": "vet inte"})
    assert slots["store_article_count"] == UNKNOWN


def test_an_unreadable_answer_is_asked_again_with_an_example():
    slots, messages = validate({**STORE, "requested_slot": "store_grocery_net_turnover_sek"},
                               {"store_grocery_net_turnover_sek": "mycket"})
    assert slots["store_grocery_net_turnover_sek"] is None and slots["failed_attempts"] == 1
    assert messages[0]["response"] == "utter_invalid_answer"


def test_small_talk_instead_of_an_answer_gets_its_reply_and_the_question_again():
    slots, messages = validate({**STORE, "requested_slot": "store_article_count"},
                               {"store_article_count": "hur mår du idag"}, intent="chitchat")
    assert slots["store_article_count"] is None and messages[0]["response"] == "utter_chitchat"


def test_an_answer_is_an_answer_whatever_the_classifier_thought():
    slots, _ = validate({**STORE, "requested_slot": "investment_purposes"},
                        {"investment_purposes": "nya kylar för att spara energi"}, intent="out_of_scope")
    assert set(slots["investment_purposes"]) == {"refrigeration_replacement", "energy_climate"}


def test_the_third_unreadable_answer_offers_a_person_instead_of_looping():
    slots, messages = validate({**STORE, "requested_slot": "store_article_count", "failed_attempts": 2},
                               {"store_article_count": "många"})
    assert messages[0]["response"] == "utter_offer_handoff" and slots["failed_attempts"] == 0


def test_a_suspicious_value_is_questioned_once_and_accepted_when_repeated():
    asked = {**STORE, "requested_slot": "store_grocery_net_turnover_sek"}
    slots, messages = validate(asked, {"store_grocery_net_turnover_sek": "30 kr"})
    assert slots["store_grocery_net_turnover_sek"] is None
    assert messages[0]["response"] == "utter_implausible_answer" and messages[0]["value"] == 30
    slots, messages = validate({**asked, "implausible_answer": ["store_grocery_net_turnover_sek", 30]},
                               {"store_grocery_net_turnover_sek": "30 kr"})
    assert slots["store_grocery_net_turnover_sek"] == 30 and messages == []


def test_four_hundred_hours_a_week_is_impossible():
    slots, messages = validate({**STORE, "requested_slot": "store_opening_hours_per_week"},
                               {"store_opening_hours_per_week": "400 timmar i veckan"})
    assert slots["store_opening_hours_per_week"] is None
    assert messages[0]["response"] == "utter_implausible_answer"


def test_corrections_find_the_fact_from_the_words_around_the_number():
    in_form = tracker({**STORE, "requested_slot": "store_article_count"})
    assert corrections_in("nej, omsättningen var 3,5 miljoner", in_form) == {
        "store_grocery_net_turnover_sek": 3_500_000}
    assert corrections_in("jag menade 12 km till macken", in_form) == {
        "store_distance_to_nearest_fuel_station_km": 12}
    assert corrections_in("butiken ligger i Vannas", in_form) == {"municipality": "Vännäs"}


def test_the_no_of_a_correction_does_not_answer_a_yes_no_question():
    asking_yes_no = tracker({**STORE, "requested_slot": "payment_services_commercial_provider_likely"})
    assert corrections_in("nej jag menade 2,6 miljoner", asking_yes_no) == {
        "store_grocery_net_turnover_sek": 2_600_000}


def test_channel_and_language_come_from_the_message_metadata():
    events = channel_and_language({"channel": "phone", "lang": "en"})
    assert [(event["name"], event["value"]) for event in events] == [("channel", "phone"), ("language", "en")]
    assert channel_and_language({"channel": "collector"}) == []


YEARS_RECEIVED = "service_grant_years_already_received"
ASKING_YEARS = {**STORE, "requested_slot": YEARS_RECEIVED}


def test_a_yes_alone_never_fills_a_count_but_asks_again_with_the_example():
    for answer in ("ja", "japp", "jo"):
        slots, messages = validate(ASKING_YEARS, {YEARS_RECEIVED: answer})
        assert slots[YEARS_RECEIVED] is None and slots["failed_attempts"] == 1, answer
        assert messages == [{**messages[0], "response": "utter_invalid_answer", "slot": YEARS_RECEIVED}]


def test_no_as_the_first_answer_to_years_received_is_none_and_said_back():
    """Reading: "Hur många år har ni redan fått servicebidrag?" "Nej." means none."""
    for answer in ("nej", "nä"):
        slots, messages = validate(ASKING_YEARS, {YEARS_RECEIVED: answer})
        assert slots[YEARS_RECEIVED] == 0, answer
        assert [message["response"] for message in messages] == ["utter_correction_done"]
    again = {**ASKING_YEARS, "failed_attempts": 1}  # not the first answer: no guess
    slots, _ = validate(again, {YEARS_RECEIVED: "nej"})
    assert slots[YEARS_RECEIVED] is None


def test_never_and_none_are_zero_years_and_a_number_after_yes_is_read():
    for answer, years in (("aldrig", 0), ("inga år", 0), ("ingen gång", 0), ("noll", 0), ("inga", 0),
                          ("nej, aldrig", 0), ("ja, i två år", 2), ("tre år", 3)):
        slots, messages = validate(ASKING_YEARS, {YEARS_RECEIVED: answer})
        assert (slots[YEARS_RECEIVED], messages) == (years, []), answer


def test_no_to_a_count_read_back_on_the_phone_asks_again_and_is_not_read_as_zero():
    reading_back = {**ASKING_YEARS, "channel": "phone", "value_to_confirm": [YEARS_RECEIVED, 3],
                    "requested_slot": "value_confirmation"}
    slots, _ = validate(reading_back, {"value_confirmation": "nej"})
    assert slots[YEARS_RECEIVED] is None and slots["value_to_confirm"] is None


def test_mille_is_a_million_kronor():
    asked = {**STORE, "requested_slot": "store_grocery_net_turnover_sek"}
    for answer, amount in (("1,7 mille", 1_700_000), ("1,7 mille kronor", 1_700_000),
                           ("en mille", 1_000_000)):
        slots, _ = validate(asked, {"store_grocery_net_turnover_sek": answer})
        assert slots["store_grocery_net_turnover_sek"] == amount, answer


def test_a_village_is_not_taken_for_the_municipality_it_resembles():
    asked = {key: value for key, value in STORE.items() if key not in ("municipality", "locality")}
    # Åmsele is a village in Vindeln (tests/test_locality_answers.py), never Åsele.
    slots, _ = validate({**asked, "requested_slot": "municipality"}, {"municipality": "Åmsele"})
    assert slots["municipality"] == "Vindeln"
    slots, messages = validate({**asked, "requested_slot": "municipality"}, {"municipality": "Granån"})
    assert slots["municipality"] is None and messages[0]["response"] == "utter_invalid_answer"
    for typed, municipality in (("Asele", "Åsele"), ("Vannas", "Vännäs"), ("Lyksele", "Lycksele")):
        slots, _ = validate({**asked, "requested_slot": "municipality"}, {"municipality": typed})
        assert slots["municipality"] == municipality


def test_the_verb_is_is_no_year_in_a_distance():
    slots, _ = validate({**STORE, "requested_slot": "store_distance_to_nearest_grocery_store_km"},
                        {"store_distance_to_nearest_grocery_store_km": "det är 12"})
    assert slots["store_distance_to_nearest_grocery_store_km"] == 12


def test_new_fridges_that_use_less_electricity_save_energy_too():
    # Replacing refrigeration alone is not supported; with an energy purpose it is (rules-spec I5).
    slots, _ = validate({**STORE, "requested_slot": "investment_purposes"},
                        {"investment_purposes": "nya kyldiskar som drar mindre el"})
    assert set(slots["investment_purposes"]) == {"refrigeration_replacement", "energy_climate"}


def test_there_is_none_here_answers_no():
    asked = {**STORE, "requested_slot": "store_grocery_store_in_locality"}
    for answer in ("det finns ingen affär här", "finns inte", "här har vi ingen"):
        slots, _ = validate(asked, {"store_grocery_store_in_locality": answer})
        assert slots["store_grocery_store_in_locality"] is False, answer


USERS = "payment_services_estimated_users"
FUEL_STATION = {**STORE, "asker": "fuel_station", "store_sells_groceries": False, "store_sells_fuel": True,
                "store_kind": "fuel_station", "municipality": "Storuman"}
MUNICIPALITY = {"asker": "municipality", "applicant_kind": "municipality", "municipality": "Sorsele"}


def correct(slots: dict, text: str) -> tuple[dict, list[dict]]:
    """What a correction sets and says for `text`."""
    dispatcher = CollectingDispatcher()
    events = correction_events(text, dispatcher, tracker(slots, text, intent="correct"))
    return {event["name"]: event["value"] for event in events}, dispatcher.messages


@pytest.mark.parametrize(("text", "value"), [
    ("ett femtiotal", 50), ("ett hundratal", 100), ("kanske ett hundratal i byn", 100),
    ("ett par hundra", 200), ("vet inte, kanske ett tiotal", 10), ("ett", 1),
])
def test_about_so_many_users_is_that_round_number(text, value):
    slots, messages = validate({**STORE, "requested_slot": USERS}, {USERS: text})
    assert slots[USERS] == value and messages == []


def test_dont_know_and_no_idea_stay_unknown_for_a_count():
    for text in ("vet inte", "ingen aning", "kanske"):
        assert read_answer("count", text, "sv") == UNKNOWN


@pytest.mark.parametrize("text", ["tjugofem kilometer", "tjugofem kilometrar", "25 km"])
def test_a_number_with_another_unit_does_not_fill_a_count_but_asks_again(text):
    assert read_answer("count", text, "sv") is NOT_UNDERSTOOD
    slots, messages = validate({**STORE, "requested_slot": "store_article_count", "channel": "phone"},
                               {"store_article_count": text})
    assert slots["store_article_count"] is None and "value_to_confirm" not in slots
    assert messages[0]["response"] == "utter_invalid_answer"


@pytest.mark.parametrize(("text", "estimated"), [
    ("användarna är ungefär 50", [USERS]),
    ("nej, det är ungefär 50 personer som skulle använda betaltjänsterna", [USERS]),
    ("väntade användare av betaltjänster: 50", None), ("Väntade användare av betaltjänster: ca 50", [USERS]),
])
def test_a_count_correction_finds_its_fact_by_its_words_or_the_summary_label(text, estimated):
    at_summary = {**STORE, USERS: 1}
    slots, messages = correct(at_summary, text)
    # An estimate is flagged for the summary's "ca"; an exact number leaves the flags as they were.
    assert slots == {USERS: 50, **({"approximate_slots": estimated} if estimated else {})}
    assert messages == [{**messages[0], "response": "utter_correction_done", "slot": USERS, "value": 50,
                         "previous": 1, "approximate": bool(estimated)}]


def test_the_answer_to_the_question_asked_is_taken_and_the_destination_is_no_municipality():
    asked = {**FUEL_STATION, "requested_slot": "store_distance_to_nearest_fuel_station_km"}
    slots, messages = correct(asked, "det är typ 35 kilometer till Storuman")
    assert slots == {"store_distance_to_nearest_fuel_station_km": 35,
                     "approximate_slots": ["store_distance_to_nearest_fuel_station_km"]}  # "typ"
    assert messages == []  # no "jag har ändrat" for an answer, nor for the unchanged municipality


def test_a_value_equal_to_the_stored_one_is_not_changed():
    assert corrections_in("butiken ligger i Vindeln", tracker(STORE)) == {}
    slots, messages = correct(STORE, "butiken ligger i Vindeln")
    assert slots == {} and messages == []


def test_a_value_given_before_its_question_is_taken_without_saying_changed():
    asked = {**MUNICIPALITY, "requested_slot": "store_kind"}
    slots, messages = correct(asked, "nettokostnaden blev ungefär 90 000 kronor förra året")
    assert slots == {"home_delivery_net_cost_sek": 90_000,
                     "approximate_slots": ["home_delivery_net_cost_sek"]}
    assert [(m["response"], m["slot"], m["previous"]) for m in messages] == [
        ("utter_correction_done", "home_delivery_net_cost_sek", None)]


@pytest.mark.parametrize("text", ["jag vill ändra något", "kanske ett hundratal i byn"])
def test_a_correction_whose_fact_cannot_be_told_is_not_understood(text):
    # A count alone names no fact: years, households and users are all counted.
    slots, messages = correct({**STORE, USERS: 50}, text)
    assert slots == {} and [m["response"] for m in messages] == ["utter_correction_not_understood"]


TURNOVER = "store_grocery_net_turnover_sek"
DISTANCE = "store_distance_to_nearest_grocery_store_km"


@pytest.mark.parametrize(("slot", "text", "value"), [
    (TURNOVER, "runt tre miljoner", 3_000_000), (USERS, "ungefär 50 användare", 50),
    ("store_article_count", "cirka 1 200 artiklar", 1200), (USERS, "ett femtiotal", 50),
    (USERS, "vet inte, kanske 10", 10),  # a guess after "vet inte" is an estimate too
])
def test_an_answer_given_as_an_estimate_is_flagged_beside_its_number(slot, text, value):
    slots, _ = validate({**STORE, "requested_slot": slot}, {slot: text})
    assert slots[slot] == value and slots["approximate_slots"] == [slot]


def test_an_exact_answer_leaves_no_flag_and_keeps_the_other_estimates():
    earlier = {**STORE, TURNOVER: 3_000_000, "approximate_slots": [TURNOVER], "requested_slot": USERS}
    slots, _ = validate(earlier, {USERS: "50"})
    assert slots[USERS] == 50 and slots["approximate_slots"] == [TURNOVER]


def test_a_value_validated_again_keeps_its_flag():
    # The form validates every filled slot again when it resumes after a correction.
    again = {**STORE, "approximate_slots": [TURNOVER], "requested_slot": USERS}
    slots, _ = validate(again, {TURNOVER: 3_000_000})
    assert slots[TURNOVER] == 3_000_000 and "approximate_slots" not in slots


def test_an_exact_correction_clears_the_flag_and_an_estimated_one_sets_it():
    at_summary = {**STORE, TURNOVER: 3_000_000, DISTANCE: 10, "approximate_slots": [DISTANCE]}
    slots, _ = correct(at_summary, "jag menade 12 km")
    assert slots == {DISTANCE: 12, "approximate_slots": []}
    slots, _ = correct(at_summary, "nej, omsättningen var runt 3,5 miljoner")
    assert slots == {TURNOVER: 3_500_000, "approximate_slots": [DISTANCE, TURNOVER]}
    slots, messages = correct(at_summary, "nej, avståndet är exakt 10 km")  # the same number, now exact
    assert slots == {"approximate_slots": []} and messages == []


ON_THE_PHONE = {**STORE, "channel": "phone"}


def test_the_phone_read_back_keeps_the_estimate_when_the_caller_says_yes():
    slots, _ = validate({**ON_THE_PHONE, "requested_slot": TURNOVER}, {TURNOVER: "runt tre miljoner"})
    assert slots["value_to_confirm"] == [TURNOVER, 3_000_000] and slots["approximate_slots"] == [TURNOVER]
    reading_back = {**ON_THE_PHONE, **slots, "requested_slot": "value_confirmation"}
    confirmed, _ = validate(reading_back, {"value_confirmation": "ja"})
    assert confirmed[TURNOVER] == 3_000_000 and "approximate_slots" not in confirmed  # kept as it was


def test_the_phone_read_back_takes_the_flag_of_a_new_number_and_clears_it_on_no():
    reading_back = {**ON_THE_PHONE, "value_to_confirm": [TURNOVER, 3_000_000],
                    "approximate_slots": [TURNOVER], "requested_slot": "value_confirmation"}
    slots, _ = validate(reading_back, {"value_confirmation": "nej, fyra miljoner"})
    assert slots["value_to_confirm"] == [TURNOVER, 4_000_000] and slots["approximate_slots"] == []
    slots, _ = validate(reading_back, {"value_confirmation": "nej"})
    assert slots[TURNOVER] is None and slots["approximate_slots"] == []


def test_a_phone_correction_read_back_carries_its_flag():
    slots, _ = correct({**ON_THE_PHONE, TURNOVER: 2_000_000}, "nej, omsättningen var runt 3,5 miljoner")
    assert slots == {"value_to_confirm": [TURNOVER, 3_500_000], "approximate_slots": [TURNOVER]}


def test_keyed_digits_are_exact():
    # The phone channel gives Rasa keyed digits as a bare number ("12*5#" → "12,5").
    keyed, _ = rasa_message(Turn(sender="x", digits="3000000#"))
    earlier = {**ON_THE_PHONE, "approximate_slots": [TURNOVER], "requested_slot": TURNOVER}
    slots, _ = validate(earlier, {TURNOVER: keyed})
    assert slots["value_to_confirm"] == [TURNOVER, 3_000_000] and slots["approximate_slots"] == []
