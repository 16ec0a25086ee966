"""A restart asked for in words of its own starts the restart question, whatever the intent.

"Nu vill jag göra samma sak för vår andra butik" asks to start again, but reads to the intent
model much like an answer. The form reads such a message by its words (actions/listening.py,
RESTART) and leaves it to the rule that asks before starting over; that rule follows the
intent, so the intent is set from the same words here. The question that follows ("Vill du
börja om från början?") guards against a misreading: nothing is lost without a yes.
"""

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from actions.listening import RESTART, folded

from .rasa_telling import set_intent

START_OVER = "start_over"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class RestartInWordsOfItsOwn(GraphComponent):
    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "RestartInWordsOfItsOwn":
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            intent = (message.get(INTENT) or {}).get("name")
            if intent == START_OVER or text.startswith("/") or not RESTART.search(folded(text)):
                continue
            set_intent(message, START_OVER)
        return messages
