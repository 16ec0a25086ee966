"""Everyday words for the engine's choices (choice_words.yml), and the clauses of a message."""

import re
from functools import cache
from pathlib import Path

import yaml

# Where one clause ends and the next begins: "1,5 mil till närmaste affär o 2 mil till macken",
# "Dagligvaror ca 2,4 mkr, 1 100 artiklar, 2 mil till närmaste butik" (a decimal comma has no
# space after it).
CLAUSE_BOUNDARY = re.compile(r"[.;:!?]\s|,\s|\s(?:och|o|men|samt|plus|and|but)\s|\s[-–]\s", re.IGNORECASE)


@cache
def choice_words() -> dict:
    return yaml.safe_load((Path(__file__).parent / "choice_words.yml").read_text(encoding="utf-8"))


def _mentions(text: str, phrase: str, others: frozenset[str]) -> bool:
    """Whole words, but a long word may go on ("kyl" → "kylskåp", "apotek" → "apoteksombud"),
    unless that longer word is another choice's own ("post" does not go on to "postnord"), or
    the phrase ends in "$" ("art$": "art", never "arton")."""
    exact = phrase.endswith("$")
    phrase = phrase.removesuffix("$")
    ending = r"\w*" if len(phrase) >= 3 and not exact else r"\b"
    return any(match.group() == phrase or match.group() not in others
               for match in re.finditer(rf"(?<!\w){re.escape(phrase)}{ending}", text))


@cache
def _others(table: str, choice: str) -> frozenset[str]:
    return frozenset(phrase for other, phrases in choice_words()[table].items() if other != choice
                     for phrase in phrases)


def matching_choices(text: str, table: str) -> list[str]:
    folded = text.casefold()
    return [choice for choice, phrases in choice_words()[table].items()
            if any(_mentions(folded, phrase, _others(table, choice)) for phrase in phrases)]


def clauses(text: str) -> list[tuple[int, str]]:
    """(where it starts, the clause) for each clause of the message."""
    starts = [0] + [match.end() for match in CLAUSE_BOUNDARY.finditer(text)]
    ends = [match.start() for match in CLAUSE_BOUNDARY.finditer(text)] + [len(text)]
    return [(start, text[start:end]) for start, end in zip(starts, ends, strict=True) if end > start]
