"""A turn as review shows and keeps it: personal data masked, the time cut to the month.

Everything the page and the export see of a turn goes through `shown()`, so nothing unmasked
reaches a caseworker's screen, the review database or a corpus file.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from .masking import mask_personal_data
from .turns import Turn
from .verdicts import fact_of

SWEDEN = ZoneInfo("Europe/Stockholm")


@dataclass(frozen=True)
class ShownTurn:
    key: str
    month: str  # "2026-12"
    week: str  # "2026-W49", for the funnel's columns only
    channel: str
    language: str
    question: str | None
    fact_asked: str | None  # the fact the pending question asks for, if any
    text: str
    reading: dict  # {"intent", "confidence", "entities": [[kind, value]], "read": {slot: value}}
    replies: tuple[str, ...]
    reply_texts: tuple[str, ...]
    reasons: tuple[str, ...]


def _masked(value: Any) -> Any:
    if isinstance(value, str):
        return mask_personal_data(value)
    if isinstance(value, list | tuple):
        return [_masked(item) for item in value]
    if isinstance(value, dict):
        return {key: _masked(item) for key, item in value.items()}
    return value


def month_of(at: float) -> str:
    return datetime.fromtimestamp(at, SWEDEN).strftime("%Y-%m")


def week_of(at: float) -> str:
    year, week, _ = datetime.fromtimestamp(at, SWEDEN).isocalendar()
    return f"{year}-W{week:02d}"


def shown(turn: Turn) -> ShownTurn:
    reading = {"intent": turn.intent, "confidence": turn.confidence,
               "entities": [[kind, _masked(value)] for kind, value in turn.entities],
               "read": _masked(turn.read)}
    return ShownTurn(key=turn.key, month=month_of(turn.at), week=week_of(turn.at), channel=turn.channel,
                     language=turn.language, question=turn.question,
                     fact_asked=fact_of(turn.question, turn.confirming), text=mask_personal_data(turn.text),
                     reading=reading, replies=turn.replies,
                     reply_texts=tuple(mask_personal_data(text) for text in turn.reply_texts),
                     reasons=turn.reasons)
