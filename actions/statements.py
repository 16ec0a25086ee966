"""Facts stated in passing in the message that starts the check: "öppet året runt", "vi har ingen
bro, bara båt", "vi är postombud och har apoteksombud", "vill investera i ny entré med ramp".
The patterns are data (statements.yml); a fact is taken only when the message says it one way.
"""

import re
import unicodedata
from functools import cache
from pathlib import Path

import yaml

from stodkollen.conversation_facts import UNKNOWN, slot_for

from .answers import matching_choices
from .corrections import CLAUSE_BOUNDARY

CHOICE_TABLES = {"store.services": "services", "investment.purposes": "purposes"}
SENTENCE_END = re.compile(r"[.!?]\s")
SIDES = {True: True, False: False, "unknown": UNKNOWN}  # YAML reads the keys true and false as booleans


@cache
def _statements() -> dict:
    loaded = yaml.safe_load((Path(__file__).parent / "statements.yml").read_text(encoding="utf-8"))
    return {
        "yes_no": {path: {SIDES[side]: [re.compile(pattern) for pattern in patterns]
                          for side, patterns in sides.items()}
                   for path, sides in loaded["yes_no"].items()},
        "lists": {path: re.compile(pattern) for path, pattern in loaded["lists"].items()},
    }


def _folded(text: str) -> str:
    """Lower case without diacritics ("är" → "ar"), spaces as one."""
    decomposed = unicodedata.normalize("NFKD", " ".join(text.casefold().split()))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def stated_facts(text: str) -> dict[str, object]:
    """Slot → value for every yes/no fact the message states one way only ("vet inte om vi har
    nån serviceplan" is "vet inte", whatever else it says), and the services or investment
    purposes the message says the store has or plans."""
    folded = _folded(text)
    told: dict[str, object] = {}
    for path, sides in _statements()["yes_no"].items():
        said = {value for value, patterns in sides.items() if any(p.search(folded) for p in patterns)}
        if UNKNOWN in said:
            told[slot_for(path)] = UNKNOWN
        elif len(said) == 1:
            told[slot_for(path)] = said.pop()
    lists = _statements()["lists"]
    invests = told.get(slot_for("investment.planned")) is True
    parts = {"store.services": CLAUSE_BOUNDARY.split(text),
             "investment.purposes": SENTENCE_END.split(text) if invests else []}
    for path, offering in lists.items():
        named = [choice for part in parts[path] if offering.search(_folded(part))
                 for choice in matching_choices(part, CHOICE_TABLES[path])]
        if named:
            told[slot_for(path)] = list(dict.fromkeys(named))
    return told
