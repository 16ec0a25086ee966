"""English "miles" in the form: read as English miles (1,609 km), and asked back only where the
Swedish mil (10 km) would decide differently for this store (../shared/corpus/english.yml)."""

from service.nlg.render import render_response
from tests.test_actions import STORE, validate

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
