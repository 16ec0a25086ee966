"""Facts said in words of their own: in passing in the message that starts the check ("öppet året
runt", "vi har ingen bro, bara båt", "vi är postombud och har apoteksombud"), and as the answer
to a yes/no question ("ja, men bara på sommaren", "allt utom färskt bröd"). The patterns are
data (statements.yml); a fact is taken only when the words say it one way.
"""

import re
import unicodedata
from functools import cache
from pathlib import Path

import yaml

from stodkollen.conversation_facts import UNKNOWN, slot_for

from .choices import CLAUSE_BOUNDARY, matching_choices

CHOICE_TABLES = {"store.services": "services", "investment.purposes": "purposes"}
SENTENCE_END = re.compile(r"[.!?]\s")
# An answer that tells something else than was asked ("vi har redan kontantuttag i kassan" to
# whether they want support for payment services): no yes, no no; the question is asked again.
NO_ANSWER = "no_answer"
# YAML reads the keys true and false as booleans
SIDES = {True: True, False: False, "unknown": UNKNOWN, NO_ANSWER: NO_ANSWER}


@cache
def _statements() -> dict:
    loaded = yaml.safe_load((Path(__file__).parent / "statements.yml").read_text(encoding="utf-8"))
    return {
        "yes_no": {path: {SIDES[side]: [re.compile(pattern) for pattern in patterns]
                          for side, patterns in sides.items()}
                   for path, sides in loaded["yes_no"].items()},
        "lists": {path: re.compile(pattern) for path, pattern in loaded["lists"].items()},
        "answers": {path: {SIDES[side]: [re.compile(pattern) for pattern in patterns]
                           for side, patterns in sides.items()}
                    for path, sides in loaded["answers"].items()},
        "hedges": [re.compile(pattern) for pattern in loaded["hedges"]],
    }


def _folded(text: str) -> str:
    """Lower case without diacritics ("är" → "ar"), spaces as one."""
    decomposed = unicodedata.normalize("NFKD", " ".join(text.casefold().split()))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


# "inte året runt", "not in town": a yes said under a negation is no yes.
NEGATED = re.compile(r"\b(?:inte|int|ej|not|never|aldrig|don't|dont|doesn't|doesnt)(?![\w'])(?: [\w']+){0,3}")


def _said_one_way(sides: dict, folded: str) -> object | None:
    """The value the patterns say, when they say one ("vet inte" wins over anything else)."""
    unnegated = NEGATED.sub(" ", folded)
    said = {value for value, patterns in sides.items()
            if any(p.search(unnegated if value is True else folded) for p in patterns)}
    if UNKNOWN in said:
        return UNKNOWN
    if NO_ANSWER in said:
        return NO_ANSWER
    return said.pop() if len(said) == 1 else None


def said_in_answer(path: str, text: str) -> object | None:
    """The yes, no or "vet inte" an answer to the question of `path` says in words of its own
    ("ja, men bara på sommaren" → no), or None."""
    sides = _statements()["answers"].get(path)
    return None if sides is None else _said_one_way(sides, _folded(text))


def hedged(text: str) -> bool:
    """Whether a yes or no in `text` is said with doubt ("jo det tror jag", "maybe")."""
    folded = _folded(text)
    return any(pattern.search(folded) for pattern in _statements()["hedges"])


# What a plan names that can only be built or bought ("funderar på solceller på taket"); a service
# or a priority area may be support asked for otherwise (betaltjänster, driftstöd).
THINGS_BUILT = {"accessibility", "reopen_closed_store", "energy_climate", "refrigeration_replacement"}


def _plans_a_thing(text: str, plan: re.Pattern) -> bool:
    """A sentence with a plan word ("funderar", "vill", "ska") that names a thing to build or buy."""
    return any(plan.search(_folded(sentence)) and THINGS_BUILT & set(matching_choices(sentence, "purposes"))
               for sentence in SENTENCE_END.split(text))


# A clause that goes on with the list of the one before ("vi är postombud och paketombud"): a
# few words, none a verb of its own or a negation ("vi vill sätta upp en uttagsautomat" is a
# clause of its own).
LIST_GOES_ON = 3
OWN_VERB = re.compile(r"\b(?:ar|e|har|saljer|erbjuder|tar|finns|inte|int|ej|ingen|inget|inga"
                      r"|are|have|sell|offer|take|not|no)\b")


def _saying(parts: list[str], offering: re.Pattern) -> list[str]:
    """The parts that say the store offers (or plans) what they name: those whose words say so,
    and a part that only goes on with such a list ("… och paketombud", "post- och paketombud")."""
    said, going_on = [], False
    for part in parts:
        folded = _folded(part)
        goes_on = len(folded.split()) <= LIST_GOES_ON and not OWN_VERB.search(folded)
        going_on = bool(offering.search(folded)) or (going_on and goes_on)
        if going_on:
            said.append(part)
    return said


def stated_facts(text: str) -> dict[str, object]:
    """Slot → value for every yes/no fact the message states one way only ("vet inte om vi har
    nån serviceplan" is "vet inte", whatever else it says), and the services or investment
    purposes the message says the store has or plans."""
    folded = _folded(text)
    told: dict[str, object] = {}
    for path, sides in _statements()["yes_no"].items():
        said = _said_one_way(sides, folded)
        if said is not None:
            told[slot_for(path)] = said
    lists = _statements()["lists"]
    if slot_for("investment.planned") not in told and _plans_a_thing(text, lists["investment.purposes"]):
        told[slot_for("investment.planned")] = True
    invests = told.get(slot_for("investment.planned")) is True
    parts = {"store.services": CLAUSE_BOUNDARY.split(text),
             "investment.purposes": SENTENCE_END.split(text) if invests else []}
    for path, offering in lists.items():
        named = [choice for part in _saying(parts[path], offering)
                 for choice in matching_choices(part, CHOICE_TABLES[path])]
        if named:
            told[slot_for(path)] = list(dict.fromkeys(named))
    return told
