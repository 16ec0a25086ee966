"""The Swedish understanding layer runs inside the trained model (issue 3)."""

import httpx


def test_model_parse_gives_normalised_entities(stack):
    parsed = httpx.post(f"{stack.settings.rasa_url}/model/parse",
                        json={"text": "omsättningen är runt två och en halv miljon, 2 mil till Vannas"},
                        params={"token": stack.settings.internal_token}, timeout=30).json()
    entities = {(e["entity"], e["value"]) for e in parsed["entities"]
                if e["extractor"] == "SwedishQuantityExtractor"}
    assert {("amount_sek", 2_500_000), ("distance_km", 20), ("municipality", "Vännäs")} <= entities
