"""Questions about the answer just given (actions/form.py, service/nlg/clarify.py): English
"miles" read as English miles (1,609 km) and asked back only where the Swedish mil (10 km) would
decide differently for this store (../shared/corpus/english.yml); a figure asked for where an
estimate straddles a threshold; and the form's own question left unsaid right after either."""

from service.nlg.render import render_response
from tests.test_actions import STORE, validate
from tests.test_listening import heard

GROCERY = "store_distance_to_nearest_grocery_store_km"
FUEL = "store_distance_to_nearest_fuel_station_km"
ENGLISH_STORE = {**STORE, "language": "en", "requested_slot": GROCERY}
FUEL_STATION = {**STORE, "language": "en", "asker": "fuel_station", "store_sells_groceries": False,
                "store_sells_fuel": True, "store_kind": "fuel_station", "requested_slot": FUEL}


def test_miles_on_both_sides_of_ten_km_are_asked_back_with_both_readings():
    read, said = validate(ENGLISH_STORE, {GROCERY: "2 miles"})
    assert read[GROCERY] is None
    assert read["implausible_answer"] == [GROCERY, 3.2, 20]
    assert [message["response"] for message in said] == ["utter_which_mile"]


def test_miles_that_decide_the_same_either_way_are_taken_as_english_miles():
    read, said = validate(ENGLISH_STORE, {GROCERY: "about 12 miles"})
    assert read[GROCERY] == 19.3
    assert GROCERY in read["approximate_slots"]
    assert not said
    read, _ = validate(ENGLISH_STORE, {GROCERY: "half a mile"})
    assert read[GROCERY] == 0.8


def test_a_fuel_station_is_asked_back_across_its_own_twenty_km():
    read, said = validate(FUEL_STATION, {FUEL: "5 miles"})
    assert read["implausible_answer"] == [FUEL, 8.0, 50]
    assert said[0]["response"] == "utter_which_mile"


def test_the_unit_named_or_one_of_the_two_distances_answers_the_question():
    asked = {**ENGLISH_STORE, "implausible_answer": [GROCERY, 3.2, 20]}
    for answer, meant in (("Swedish mil", 20), ("English miles", 3.2), ("svenska mil", 20),
                          ("20 km", 20), ("the first one", 3.2)):
        read, _ = validate(asked, {GROCERY: answer})
        assert read[GROCERY] == meant, answer
        assert read["implausible_answer"] is None


def test_a_yes_to_the_question_chooses_neither_and_it_is_asked_again():
    read, said = validate({**ENGLISH_STORE, "implausible_answer": [GROCERY, 3.2, 20]}, {GROCERY: "yes"})
    assert read[GROCERY] is None
    assert said[0]["response"] == "utter_invalid_answer"


def test_swedish_mil_in_english_is_ten_km_and_never_asked():
    read, said = validate(ENGLISH_STORE, {GROCERY: "2 mil"})
    assert read[GROCERY] == 20
    assert not said


def test_the_question_names_both_readings_with_english_and_swedish_buttons():
    tracker = {"sender_id": "t", "slots": {**ENGLISH_STORE, "channel": "web"}, "events": [],
               "latest_message": {}}
    reply = render_response("utter_which_mile", {"slot": GROCERY, "value": 3.2, "swedish_mil_km": 20},
                            tracker)
    assert "2 English miles, about 3.2\u00a0km, or 2 Swedish mil, 20\u00a0km?" in reply["text"]
    assert [button["title"] for button in reply["buttons"]] == ["English miles", "Swedish mil"]
    swedish = render_response("utter_which_mile", {"slot": GROCERY, "value": 3.2, "swedish_mil_km": 20},
                              {**tracker, "slots": {**tracker["slots"], "language": "sv"}})
    assert "ungefär 3,2\u00a0km, eller 2 svenska mil, 20\u00a0km" in swedish["text"]


def test_the_exact_figure_is_asked_for_in_words_of_what_was_said():
    tracker = {"sender_id": "t", "slots": {**STORE, "language": "sv", "channel": "web"}, "events": [],
               "latest_message": {}}
    near = {"slot": "store_article_count", "value": 1000, "said": "below", "low": 950, "high": 1000}
    text = render_response("utter_exact_figure", near, tracker)["text"].replace("\u00a0", " ")
    assert text.startswith("Knappt 1 000 artiklar ligger precis vid en gräns")
    straddles = {"slot": "store_grocery_net_turnover_sek", "value": 2_000_000, "said": "range",
                 "low": 1_500_000, "high": 2_500_000}
    text = render_response("utter_exact_figure", straddles, tracker)["text"].replace("\u00a0", " ")
    assert "Mellan 1 500 000 kr och 2 500 000 kr går över en gräns" in text


def test_the_forms_question_is_left_unsaid_right_after_a_question_about_the_answer():
    events = [{"event": "user", "text": "2 miles"},
              {"event": "bot", "text": "Do you mean …", "metadata": {"utter_action": "utter_which_mile"}}]
    tracker = {"sender_id": "t", "slots": {**ENGLISH_STORE, "channel": "web"}, "events": events,
               "latest_message": {}}
    assert render_response(f"utter_ask_{GROCERY}", {}, tracker)["text"] == ""
    later = {**tracker, "events": [*events, {"event": "user", "text": "yes"}]}
    assert render_response(f"utter_ask_{GROCERY}", {}, later)["text"]


HOURS = "store_opening_hours_per_week"


def test_opening_times_without_their_days_ask_which_days_and_read_both_together():
    asked = {**STORE, "language": "sv", "requested_slot": HOURS}
    read, said = validate(asked, {HOURS: "nio till arton"})
    assert read[HOURS] is None and read["times_without_days"] == "nio till arton"
    assert [message["response"] for message in said] == ["utter_opening_days"]
    days = {**asked, "times_without_days": "nio till arton"}
    assert validate(days, {HOURS: "alla dagar utom söndag"})[0][HOURS] == 54
    weekdays, _ = validate(days, {HOURS: "vardagar"})
    assert weekdays[HOURS] == 45 and weekdays["times_without_days"] is None
    assert validate(days, {HOURS: "40 timmar"})[0][HOURS] == 40  # hours of its own stand alone
    english = {**STORE, "language": "en", "requested_slot": HOURS, "times_without_days": "9 to 6"}
    assert validate(english, {HOURS: "Monday to Saturday"})[0][HOURS] == 54


GIVEN_BEFORE = {**STORE, "language": "sv", GROCERY: 20, "requested_slot": "store_article_count"}


def test_a_fact_given_again_differently_asks_which_is_right_and_keeps_the_earlier_until_then():
    slots, messages = heard(GIVEN_BEFORE, "1 500 artiklar, och det är 15 km till närmaste affär")
    assert slots["store_article_count"] == 1500
    assert GROCERY not in slots and slots["conflicting_answer"] == [GROCERY, 20, 15]
    assert "utter_which_is_right" in [message["response"] for message in messages]
    asked = {**GIVEN_BEFORE, "store_article_count": 1500, "requested_slot": "store_has_all_product_groups",
             "conflicting_answer": [GROCERY, 20, 15]}
    later, _ = heard(asked, "15 km stämmer")
    assert later[GROCERY] == 15 and later["conflicting_answer"] is None
    earlier, said = heard(asked, "det förra")
    assert earlier[GROCERY] == 20 and not said


def test_the_question_names_both_answers():
    tracker = {"sender_id": "t", "slots": {**GIVEN_BEFORE, "channel": "web"}, "events": [],
               "latest_message": {}}
    both = {"slot": GROCERY, "earlier": 20, "now": 15}
    text = render_response("utter_which_is_right", both, tracker)["text"]
    assert text.replace("\u00a0", " ") == ("Tidigare svarade du 20 km om avståndet till närmaste andra "
                                             "dagligvarubutik, nu 15 km. Vilket stämmer?")


def test_times_without_days_at_the_hours_question_ask_the_days_and_note_no_count():
    slots, messages = heard({**STORE, "language": "sv", "requested_slot": HOURS}, "nio till arton")
    assert [message["response"] for message in messages] == ["utter_opening_days"]
    assert "store_article_count" not in slots  # "arton" is no article count


def test_more_hours_than_a_week_has_are_never_taken_however_often_said():
    doubted = {**STORE, "requested_slot": HOURS, "implausible_answer": [HOURS, 980]}
    slots, messages = heard(doubted, "ja", intent="affirm")
    assert slots[HOURS] is None
    assert [message["response"] for message in messages] == ["utter_implausible_answer"]


def test_a_yes_or_no_said_in_passing_in_the_middle_of_the_questions_is_kept():
    asked = {**STORE, "requested_slot": GROCERY}
    slots, _ = heard(asked, "1,5 mil till närmaste affär, och vi har en serviceplan i kommunen")
    assert slots[GROCERY] == 15 and slots["municipality_has_service_plan"] is True


ARCHIPELAGO = "store_archipelago_without_road"


def test_a_village_named_in_another_answer_is_taken_or_asked_about():
    unplaced = {**STORE, "language": "sv", "locality": None, "municipality": None,
                "requested_slot": ARCHIPELAGO}
    slots, messages = heard(unplaced, "Ja, vi ligger på Holmön, det går bara färja")
    assert (slots[ARCHIPELAGO], slots["locality"], slots["municipality"]) == (True, "Holmön", "Umeå")
    assert "utter_facts_noted" in [message["response"] for message in messages]
    elsewhere = {**unplaced, "locality": "Ammarnäs", "municipality": "Sorsele"}
    slots, messages = heard(elsewhere, "Ja, vi ligger på Holmön, det går bara färja")
    assert slots["conflicting_answer"] == ["locality", "Ammarnäs", "Holmön"] and "locality" not in slots
    asked = {**elsewhere, ARCHIPELAGO: True, "requested_slot": "store_open_year_round",
             "conflicting_answer": ["locality", "Ammarnäs", "Holmön"]}
    moved, _ = heard(asked, "det nya")
    assert (moved["locality"], moved["municipality"]) == ("Holmön", "Umeå")
    stayed, _ = heard(asked, "Ammarnäs stämmer")
    assert stayed["locality"] == "Ammarnäs" and "municipality" not in stayed


def test_a_village_named_as_the_reason_for_no_centralort_is_taken():
    asked = {**STORE, "language": "sv", "municipality": "Umeå", "locality": None,
             "requested_slot": "in_central_locality"}
    slots, _ = heard(asked, "nej, Stöcksjö")
    assert (slots["in_central_locality"], slots["locality"]) == (False, "Stöcksjö")
