"""A message that tells about the store starts the check, whatever greeting it opens with.

"Hej! Lanthandel i Dikanäs, Vilhelmina kommun. Öppet vardagar 9-18" reads to the intent model
much like "hej": greeting words weigh as much as the store's facts. The understanding layer
has already found a place or a quantity in it (QuantityExtractor's entities), and a
message that gives facts about a store is the start of the check, so its facts are taken
(actions/form.py) instead of being answered with a greeting. Only the intents that would
throw the facts away are changed; questions, requests and corrections keep theirs.
"""

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY
from rasa.shared.nlu.training_data.message import Message

# Intents whose reply would drop the facts: a greeting, small talk, not understood.
DROPS_FACTS = {"greet", "chitchat", "thank", "out_of_scope", "nlu_fallback", "dont_know", "affirm"}
# Entities that tell about a store: where it is and its numbers (a yes/no or a year does not).
TELLS = {"municipality", "amount_sek", "distance_km", "hours_per_week", "article_count"}
CHECK = "check_supports"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class TellingStartsTheCheck(GraphComponent):
    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "TellingStartsTheCheck":
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = (message.get(INTENT) or {}).get("name")
            told = {entity.get("entity") for entity in message.get(ENTITIES) or []}
            if intent in DROPS_FACTS and told & TELLS:
                message.set(INTENT, {"name": CHECK, PREDICTED_CONFIDENCE_KEY: 1.0}, add_to_output=True)
                ranking = message.get(INTENT_RANKING_KEY) or []
                message.set(INTENT_RANKING_KEY, [{"name": CHECK, PREDICTED_CONFIDENCE_KEY: 1.0}]
                            + [entry for entry in ranking if entry.get("name") != CHECK], add_to_output=True)
        return messages
