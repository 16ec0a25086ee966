"""The Swedish understanding layer runs inside the trained model (issue 3)."""

import httpx
import pytest


def test_model_parse_gives_normalised_entities(stack):
    parsed = httpx.post(f"{stack.settings.rasa_url}/model/parse",
                        json={"text": "omsättningen är runt två och en halv miljon, 2 mil till Vannas"},
                        params={"token": stack.settings.internal_token}, timeout=30).json()
    entities = {(e["entity"], e["value"]) for e in parsed["entities"]
                if e["extractor"] == "QuantityExtractor"}
    assert {("amount_sek", 2_500_000), ("distance_km", 20), ("municipality", "Vännäs")} <= entities


def intent_of(stack, text: str) -> str:
    parsed = httpx.post(f"{stack.settings.rasa_url}/model/parse", json={"text": text},
                        params={"token": stack.settings.internal_token}, timeout=30).json()
    return parsed["intent"]["name"]


# A QA walk-through as a shop owner (issue 4): none of these sentences is in the training data.
@pytest.mark.parametrize(("text", "intent"), [
    # The natural opening tells about the store and asks: it starts the check.
    ("Hej, jag har en liten lanthandel i Sorsele och undrar vad jag kan få för stöd", "check_supports"),
    ("Hej! Jag har en mack i Storuman", "check_supports"),
    ("hej jag har en butik och vill veta vilka stöd jag kan få", "check_supports"),
    ("Jag driver en lanthandel i Sorsele, vilka stöd kan jag få?", "check_supports"),
    # A plain greeting stays a greeting; another business is still out of scope.
    ("hej", "greet"),
    ("hej jag har en bilverkstad och undrar vad jag kan få för stöd", "out_of_scope"),
    # After the result: an amount in a question about it is no correction.
    ("varför fick jag bara 250 000 i servicebidrag?", "explain_result"),
    ("hur mycket var det jag kunde få i driftstöd nu igen?", "explain_result"),
    ("visa uppskattningen igen", "explain_result"),
    # ...while a real correction still is one.
    ("nej, omsättningen var 3,5 miljoner", "correct"),
])
def test_what_a_shop_owner_says_is_understood(stack, text, intent):
    assert intent_of(stack, text) == intent
