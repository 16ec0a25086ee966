"""QuantityExtractor inside Rasa's message flow, without training a model."""

import pytest
from rasa.shared.nlu.training_data.message import Message

from quantities.rasa_component import QuantityExtractor
from stodkollen.rasa_requests import RestartInWordsOfItsOwn
from stodkollen.rasa_telling import TellingStartsTheCheck


@pytest.fixture(scope="module")
def extractor() -> QuantityExtractor:
    return QuantityExtractor.create({}, None, None, None)


def _entities(extractor, text, **data):
    message = Message(data={"text": text, **data})
    extractor.process([message])
    return message.get("entities")


def test_adds_normalised_entities(extractor):
    assert _entities(extractor, "omsättningen är runt två och en halv miljon") == [
        {
            "entity": "amount_sek", "value": 2500000, "start": 21, "end": 43,
            "confidence_entity": 1.0, "approximate": True,
            "extractor": "QuantityExtractor",
        }
    ]


def test_several_kinds_in_one_message(extractor):
    entities = _entities(extractor, "45 timmar och 2 mil till Vannas")
    assert [(e["entity"], e["value"]) for e in entities] == [
        ("hours_per_week", 45), ("distance_km", 20), ("municipality", "Vännäs"),
    ]


def test_keeps_entities_from_earlier_extractors(extractor):
    earlier = {"entity": "other", "value": "x", "start": 0, "end": 1}
    entities = _entities(extractor, "japp", entities=[earlier])
    assert entities[0] == earlier
    assert (entities[1]["entity"], entities[1]["value"]) == ("yes_no", "yes")


def test_bare_number_takes_the_kind_asked_for_in_metadata(extractor):
    assert _entities(extractor, "1200") == []
    (entity,) = _entities(extractor, "1200", metadata={"expected": "article_count"})
    assert (entity["entity"], entity["value"]) == ("article_count", 1200)
    (entity,) = _entities(extractor, "14", metadata={"requested_slot": "distance_km"})
    assert (entity["entity"], entity["value"]) == ("distance_km", 14)


def test_unrelated_requested_slot_is_ignored(extractor):
    assert _entities(extractor, "14", metadata={"requested_slot": "shop_name"}) == []


def test_message_without_text_is_left_alone(extractor):
    message = Message(data={"intent": {"name": "greet"}})
    extractor.process([message])
    assert message.get("entities") is None


def test_training_data_passes_through(extractor):
    from rasa.shared.nlu.training_data.training_data import TrainingData

    data = TrainingData()
    assert extractor.process_training_data(data) is data


@pytest.mark.parametrize(("text", "intent"), [
    ("Nu vill jag göra samma sak för vår andra butik", "start_over"),
    ("can we do the same for our other shop", "start_over"),
    ("vi omsatte tre miljoner", "inform"),
    ("/inform", "inform"),  # a button's intent stands
])
def test_a_restart_in_words_of_its_own_gets_the_restart_intent(text, intent):
    message = Message(data={"text": text, "intent": {"name": "inform", "confidence": 0.4}})
    RestartInWordsOfItsOwn.create({}, None, None, None).process([message])
    assert message.get("intent")["name"] == intent


@pytest.mark.parametrize(("text", "intent", "after"), [
    ("Hejsan, jag har butik i Avaträsk med runt 1 100 artiklar", "faq_varied_range", "check_supports"),
    ("hej, vi är en bygdeförening som driver en servicepunkt", "greet", "check_supports"),
    ("Vi har en butik i Sorsele, när betalas stödet ut?", "faq_when_paid", "faq_when_paid"),
    ("vad räknas som en servicepunkt?", "faq_service_places", "faq_service_places"),
    ("hej", "greet", "greet"),
])
def test_a_message_that_tells_about_the_store_and_asks_nothing_starts_the_check(text, intent, after):
    message = Message(data={"text": text, "intent": {"name": intent, "confidence": 0.6}})
    QuantityExtractor.create({}, None, None, None).process([message])
    TellingStartsTheCheck.create({}, None, None, None).process([message])
    assert message.get("intent")["name"] == after
