"""Who we are talking to, read from Rasa's tracker: the channel, the language and the slots.

Rasa's REST channel reaches the NLG endpoint as "collector" whatever the user is on, so the
real channel is the `channel` slot (set by the session start action) or, before that, the
metadata the service sends with each message.
"""

from dataclasses import dataclass, field

from stodkollen.core.i18n import LANGUAGES
from stodkollen.core.settings import settings

CHANNELS = ("web", "phone", "test")
DEFAULT_CHANNEL = "web"


@dataclass(frozen=True)
class Conversation:
    channel: str
    lang: str
    slots: dict = field(default_factory=dict)
    events: list = field(default_factory=list)  # Rasa's events, for what happened turn by turn

    @property
    def spoken(self) -> bool:
        return self.channel == "phone"

    @property
    def progress(self) -> dict | None:
        return self.slots.get("progress") or None


def _first_known(candidates, known: tuple[str, ...], default: str) -> str:
    return next((value for value in candidates if value in known), default)


def conversation_from_tracker(tracker: dict) -> Conversation:
    tracker = tracker or {}
    slots = tracker.get("slots") or {}
    metadata = (tracker.get("latest_message") or {}).get("metadata") or {}
    channel = _first_known([slots.get("channel"), metadata.get("channel")], CHANNELS, DEFAULT_CHANNEL)
    lang = _first_known([slots.get("language"), metadata.get("lang")], LANGUAGES,
                        settings().default_language)
    return Conversation(channel, lang, slots, tracker.get("events") or [])
