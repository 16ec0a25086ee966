"""A message that tells about the store starts the check, whatever greeting it opens with.

"Hej! Lanthandel i Dikanäs, Vilhelmina kommun. Öppet vardagar 9-18" reads to the intent model
much like "hej": greeting words weigh as much as the store's facts. The understanding layer
has already found a place or a quantity in it (QuantityExtractor's entities), and a
message that gives facts about a store is the start of the check, so its facts are taken
(actions/form.py) instead of being answered with a greeting. Only the intents that would
throw the facts away are changed; requests and corrections keep theirs, and so do questions
that ask something. "Hejsan, jag har butik i Avaträsk med runt 1 100 artiklar" reads to the
model like the question about a varied range, but it asks nothing: it starts the check. Who is
asking tells about a store as well as its numbers ("Vi är en bygdeförening som driver en
servicepunkt").
"""

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from actions.listening import asks
from actions.opening import asker_in

# Intents whose reply would drop the facts: a greeting, small talk, not understood.
DROPS_FACTS = {"greet", "chitchat", "thank", "out_of_scope", "nlu_fallback", "dont_know", "affirm"}
# Entities that tell about a store: where it is and its numbers (a yes/no or a year does not).
TELLS = {"municipality", "amount_sek", "distance_km", "hours_per_week", "article_count"}
CHECK = "check_supports"
# Questions about the supports and their terms: dropped too when the message asks nothing.
QUESTIONS = "faq_"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class TellingStartsTheCheck(GraphComponent):
    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "TellingStartsTheCheck":
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = (message.get(INTENT) or {}).get("name") or ""
            text = message.get(TEXT) or ""
            told = {entity.get("entity") for entity in message.get(ENTITIES) or []}
            drops = intent in DROPS_FACTS or (intent.startswith(QUESTIONS) and not asks(text, True))
            if drops and not text.startswith("/") and (told & TELLS or asker_in(text)):
                set_intent(message, CHECK)
        return messages


def set_intent(message: Message, intent: str) -> None:
    """The message's intent decided by its words, ranked first with full confidence."""
    message.set(INTENT, {"name": intent, PREDICTED_CONFIDENCE_KEY: 1.0}, add_to_output=True)
    ranking = message.get(INTENT_RANKING_KEY) or []
    message.set(INTENT_RANKING_KEY, [{"name": intent, PREDICTED_CONFIDENCE_KEY: 1.0}]
                + [entry for entry in ranking if entry.get("name") != intent], add_to_output=True)
