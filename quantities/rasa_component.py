"""The understanding layer inside Rasa: a custom NLU component that adds our quantities as
entities with normalised values, so forms can fill slots from them.

DIET cannot tell a turnover from a distance when both are just numbers; this component can,
from unit words, context words and the question being asked. The kind asked for comes from
the message metadata ("expected", or "requested_slot" when it is named after a kind), which
the channel may send along; without it a bare number is left alone. The language is the
metadata's "lang" (Swedish when absent).
"""

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from . import KINDS, LANGUAGES, parse


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False
)
class QuantityExtractor(GraphComponent, EntityExtractorMixin):
    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "QuantityExtractor":
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            entities = [
                {
                    "entity": quantity.kind,
                    "value": quantity.value,
                    "start": quantity.start,
                    "end": quantity.end,
                    "confidence_entity": 1.0,
                    "approximate": quantity.approximate,
                }
                for quantity in parse(text, expected_kind(message), language(message))
            ]
            message.set(
                ENTITIES,
                message.get(ENTITIES, []) + self.add_extractor_name(entities),
                add_to_output=True,
            )
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data


def expected_kind(message: Message) -> str | None:
    metadata = message.get("metadata") or {}
    for key in ("expected", "requested_slot"):
        if metadata.get(key) in KINDS:
            return metadata[key]
    return None


def language(message: Message) -> str:
    lang = (message.get("metadata") or {}).get("lang")
    return lang if lang in LANGUAGES else "sv"
