"""A village named where the municipality is asked ("Åmsele"): the form takes the municipality
from the localities table and the village as the locality, and says so; corrections and the
opening message do the same. Actions on trackers built from small fixtures (no Rasa running)."""

import pytest
from test_actions import STORE, correct, required, validate
from test_opening_message import opening_understood, start_the_check

from actions.answers import Place, read_place
from actions.opening import told_when_starting

ASKED = {**{key: value for key, value in STORE.items() if key not in ("municipality", "locality")},
         "requested_slot": "municipality"}


def locality_understood(locality: str, municipality: str) -> dict:
    """The message CollectingDispatcher keeps for the sentence about the village."""
    return {"text": None, "buttons": [], "elements": [], "custom": {},
            "template": "utter_locality_understood", "response": "utter_locality_understood",
            "image": None, "attachment": None, "locality": locality, "municipality": municipality}


@pytest.mark.parametrize(("answer", "locality", "municipality"), [
    ("Åmsele", "Åmsele", "Vindeln"), ("amsele", "Åmsele", "Vindeln"), ("i Tärnaby", "Tärnaby", "Storuman"),
    ("Hällnäs", "Hällnäs", "Vindeln"), ("tarnaby", "Tärnaby", "Storuman"), ("Holmsund", "Holmsund", "Umeå"),
    ("vi är i Sävar", "Sävar", "Umeå"), ("Fredrika", "Fredrika", "Åsele"),
])
def test_a_village_answers_the_municipality_and_the_locality(answer, locality, municipality):
    slots, messages = validate(ASKED, {"municipality": answer})
    assert (slots["municipality"], slots["locality"]) == (municipality, locality)
    assert messages == [locality_understood(locality, municipality)]
    # The locality is not asked next: the store's questions follow.
    assert "locality" not in required({**ASKED, **slots, "requested_slot": None})


def test_a_municipality_answered_outright_says_nothing_and_asks_the_locality_next():
    slots, messages = validate(ASKED, {"municipality": "Vindeln"})
    assert slots["municipality"] == "Vindeln" and "locality" not in slots and messages == []
    assert required({**ASKED, **slots, "requested_slot": None})[0] == "locality"


def test_a_municipality_named_outright_wins_over_the_table():
    assert read_place("Åmsele i Lycksele kommun", "sv") == Place("Lycksele")
    assert read_place("Åmsele i Vindelns kommun", "sv") == Place("Vindeln", "Åmsele")
    slots, messages = validate(ASKED, {"municipality": "Åmsele i Lycksele kommun"})
    assert slots["municipality"] == "Lycksele" and "locality" not in slots and messages == []


def test_a_place_the_table_does_not_know_is_asked_again_as_before():
    for answer in ("Granån", "Ersmark"):  # unknown; in two municipalities
        slots, messages = validate(ASKED, {"municipality": answer})
        assert slots["municipality"] is None and messages[0]["response"] == "utter_invalid_answer"


def test_a_village_taken_with_its_municipality_goes_when_the_municipality_is_corrected():
    taken = {**STORE, "municipality": "Vindeln", "locality": "Åmsele"}
    slots, messages = correct(taken, "nej, butiken ligger i Vännäs")
    assert (slots["municipality"], slots["locality"]) == ("Vännäs", None)
    assert [message["response"] for message in messages] == ["utter_correction_done"]
    assert messages[0]["slot"] == "municipality"
    # The form asks for the locality again.
    assert required({**taken, **slots})[0] == "locality"


def test_a_locality_of_the_shop_owners_own_stays_when_the_municipality_is_corrected():
    own = {**STORE, "municipality": "Vindeln", "locality": "Granån"}
    slots, _ = correct(own, "nej, butiken ligger i Vännäs")
    assert slots["municipality"] == "Vännäs" and "locality" not in slots


def test_a_village_in_a_correction_moves_the_store_to_its_municipality_and_says_so():
    slots, messages = correct({**STORE, "municipality": "Lycksele"}, "nej, butiken ligger i Hällnäs")
    assert (slots["municipality"], slots["locality"]) == ("Vindeln", "Hällnäs")
    assert messages == [locality_understood("Hällnäs", "Vindeln")]


def test_a_village_given_as_a_correction_to_the_question_asked_is_said_too():
    # The classifier may take "nej, den ligger i Åmsele" for a correction while the question is asked.
    slots, messages = correct(ASKED, "butiken ligger i Åmsele")
    assert (slots["municipality"], slots["locality"]) == ("Vindeln", "Åmsele")
    assert messages == [locality_understood("Åmsele", "Vindeln")]


@pytest.mark.parametrize(("text", "told"), [
    ("jag har en affär i Åmsele", {"asker": "store", "municipality": "Vindeln", "locality": "Åmsele"}),
    ("hej, vi har en mack i tarnaby",
     {"asker": "fuel_station", "municipality": "Storuman", "locality": "Tärnaby"}),
    ("vad kan man få för stöd i Hällnäs", {"municipality": "Vindeln", "locality": "Hällnäs"}),
    # Two municipalities are a question to ask, villages or not.
    ("vi har butik i Åmsele men bor i Lycksele", {"asker": "store"}),
    # A municipality asking has no locality of a sales point.
    ("jag ringer från Vindelns kommun om Åmsele", {"asker": "municipality", "municipality": "Vindeln"}),
])
def test_the_opening_message_tells_the_village_too(text, told):
    assert told_when_starting(text, "sv") == told


def test_an_opening_with_a_village_goes_on_past_the_locality():
    slots, said = start_the_check("Hej, jag har en affär i Åmsele och undrar vad jag kan få")
    assert (slots["asker"], slots["municipality"], slots["locality"]) == ("store", "Vindeln", "Åmsele")
    assert said == [opening_understood(asker="store", municipality="Vindeln", locality="Åmsele")]
    assert slots["requested_slot"] not in ("locality", "municipality", "asker", None)

