"""The responses the dialogue can utter, read from `responses.yml` (the registry as data)."""

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

REGISTRY_FILE = Path(__file__).with_name("responses.yml")


@dataclass(frozen=True)
class ButtonSpec:
    title: str  # message id
    payload: str | None = None  # an intent ("/start_over"); None: the answer's own title

    @property
    def is_answer(self) -> bool:
        return self.payload is None


@dataclass(frozen=True)
class ResponseSpec:
    name: str
    text: tuple[str, ...] = ()
    phone: tuple[str, ...] = ()
    buttons: tuple[ButtonSpec, ...] = ()
    render: str | None = None
    phone_reply: dict = field(default_factory=dict)  # expect / transfer / hang_up, for the phone


class UnknownResponse(KeyError):
    """The dialogue asked for a response that the registry does not have."""


def _buttons(entry, button_sets: dict) -> tuple[ButtonSpec, ...]:
    entries = button_sets[entry] if isinstance(entry, str) else entry or []
    return tuple(ButtonSpec(button["answer"]) if "answer" in button
                 else ButtonSpec(button["title"], button["payload"]) for button in entries)


@cache
def responses() -> dict[str, ResponseSpec]:
    with open(REGISTRY_FILE, encoding="utf-8") as file:
        data = yaml.safe_load(file)
    return {name: ResponseSpec(name, tuple(entry.get("text", ())), tuple(entry.get("phone", ())),
                               _buttons(entry.get("buttons"), data["button_sets"]), entry.get("render"),
                               entry.get("phone_reply") or {})
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
    return list(dict.fromkeys(ids))
