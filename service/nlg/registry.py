"""The responses the dialogue can utter, read from `responses.yml` (the registry as data)."""

from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

import yaml

REGISTRY_FILE = Path(__file__).with_name("responses.yml")


@dataclass(frozen=True)
class ButtonSpec:
    title: str  # message id
    payload: str | None = None  # an intent ("/start_over"); None: the answer's own title
    unless: tuple[tuple[str, object], ...] = ()  # (slot, value): left out when any holds

    @property
    def is_answer(self) -> bool:
        return self.payload is None

    def offered(self, slots: dict) -> bool:
        return not any(slots.get(slot) == value for slot, value in self.unless)


@dataclass(frozen=True)
class ResponseSpec:
    name: str
    text: tuple[str, ...] = ()
    phone: tuple[str, ...] = ()
    buttons: tuple[ButtonSpec, ...] = ()
    render: str | None = None
    phone_reply: dict = field(default_factory=dict)  # expect / transfer / hang_up, for the phone
    for_asker: dict = field(default_factory=dict)  # asker → {text: …, phone: …} said instead

    def adapted(self, slots: dict) -> "ResponseSpec":
        """The response for this conversation: the words for who is asking, and only the
        answers that fit what the user has said."""
        words = self.for_asker.get(slots.get("asker"), {})
        return replace(self, text=tuple(words.get("text", self.text)),
                       phone=tuple(words.get("phone", self.phone)),
                       buttons=tuple(button for button in self.buttons if button.offered(slots)))


class UnknownResponse(KeyError):
    """The dialogue asked for a response that the registry does not have."""


def _buttons(entry, button_sets: dict) -> tuple[ButtonSpec, ...]:
    entries = button_sets[entry] if isinstance(entry, str) else entry or []
    return tuple(ButtonSpec(button["answer"], unless=tuple((button.get("unless") or {}).items()))
                 if "answer" in button else ButtonSpec(button["title"], button["payload"])
                 for button in entries)


@cache
def responses() -> dict[str, ResponseSpec]:
    with open(REGISTRY_FILE, encoding="utf-8") as file:
        data = yaml.safe_load(file)
    return {name: ResponseSpec(name, tuple(entry.get("text", ())), tuple(entry.get("phone", ())),
                               _buttons(entry.get("buttons"), data["button_sets"]), entry.get("render"),
                               entry.get("phone_reply") or {}, entry.get("for_asker") or {})
            for name, entry in data["responses"].items()}


def response(name: str) -> ResponseSpec:
    try:
        return responses()[name]
    except KeyError:
        raise UnknownResponse(name) from None


def message_ids() -> list[str]:
    """Every message id the registry names, for the catalog workflow."""
    ids = []
    for spec in responses().values():
        ids += [*spec.text, *spec.phone, *(button.title for button in spec.buttons)]
        ids += [message for words in spec.for_asker.values() for messages in words.values()
                for message in messages]
    return list(dict.fromkeys(ids))
