"""Municipality names as people type them: "Vännäs", "vannas", "Skelleftea", "Lyckselle".

Names come from the core's table (stodkollen/core/data/municipalities.csv). Folded spellings
(no å/ä/ö) match exactly; a small typo (a slip of the thumb, see typos) is forgiven on names of
five letters or more when the word is written like a name or where a place is expected. Names
that are also Swedish words ("boden" is the shop, "vara" goods, "mark" land) count only when
written like a name or asked for. People leave out å, ä and ö but never add them: "våra" (our)
is no Vara.
"""

import csv
from dataclasses import dataclass
from functools import cache, lru_cache

from spacy.tokens import Doc

from stodkollen.core.place_names import MUNICIPALITIES_CSV

from .quantity import MUNICIPALITY, Quantity
from .text import fold
from .typos import typo_distance

VASTERBOTTEN_COUNTY_CODE = "24"
# Lowercase spellings that are ordinary Swedish (or chat) words as well as municipality names.
COMMON_WORDS = {
    "ale", "are", "ange", "berg", "bjuv", "boden", "grums", "kil", "kinda", "laxa", "lund",
    "mala", "mark", "mora", "nora", "sala", "salem", "sater", "säter", "skara", "trosa", "vara",
}
# Words one slip from a municipality's name, so never taken for a typo of it: "vinden" is the
# attic or the wind (not Vindeln), "bästa" best (not Båstad), "säger" says (not Säter). Real
# villages ("Åmsele" is no Åsele) are set aside before this reader by localities.py.
# Folded, like every key here.
NOT_TYPOS = {"vinden", "basta", "sager"}
PLACE_PREPOSITIONS = {"i", "fran", "nara", "utanfor", "vid"}
MAX_NAME_TOKENS = 3  # "Upplands-Bro" is three tokens: "Upplands", "-", "Bro"
FUZZY_MIN_LENGTH = 5


@dataclass(frozen=True)
class Municipality:
    name: str
    in_vasterbotten: bool


@cache
def municipalities_by_key() -> dict[str, Municipality]:
    """Each municipality under its folded name, hyphens read as spaces ("upplands bro")."""
    with open(MUNICIPALITIES_CSV, encoding="utf-8", newline="") as file:
        return {
            name_key(row["name"]): Municipality(
                row["name"], row["county_code"] == VASTERBOTTEN_COUNTY_CODE
            )
            for row in csv.DictReader(file)
        }


def name_key(name: str) -> str:
    return " ".join(fold(name).replace("-", " ").split())


def read_municipalities(doc: Doc, blocked: set[int], expected: str | None):
    quantities, taken, position = [], set(), 0
    while position < len(doc):
        found = None if position in blocked else _municipality_at(doc, position, expected)
        if found is None:
            position += 1
            continue
        municipality, end = found
        span = doc[position:end]
        quantities.append(Quantity(MUNICIPALITY, municipality.name, span.text,
                                   span.start_char, span.end_char))
        taken.update(range(position, end))
        position = end
    return quantities, taken


def _municipality_at(doc: Doc, start: int, expected: str | None):
    named = expected == MUNICIPALITY or _written_as_name(doc, start) or _before_kommun(doc, start)
    for end in range(min(len(doc), start + MAX_NAME_TOKENS), start, -1):
        span = doc[start:end]
        if not span[-1].is_alpha:
            continue
        municipality = _exact(name_key(span.text))
        if municipality is not None and (named or not _common_word(span.text)) \
                and not adds_diacritics(span.text, municipality.name):
            return municipality, end
    if doc[start].is_alpha:
        municipality = _closest(name_key(doc[start].text))
        # "i Vindelen": a place word is enough for our own county's names; others need more.
        if municipality is not None and (
            named or municipality.in_vasterbotten and _after_place_word(doc, start)
        ):
            return municipality, start + 1
    return None


def _common_word(written: str) -> bool:
    """Also folded: "våra" (our) is written "vara" without its å."""
    return any(form in COMMON_WORDS or form.removesuffix("s") in COMMON_WORDS
               for form in (written.lower(), fold(written)))


def adds_diacritics(written: str, name: str) -> bool:
    """An å, ä or ö typed where the name has a plain letter ("våra" for Vara, "måla" for
    Malå); one for another ("Äsele") is a slip."""
    return any(typed != wanted and not typed.isascii() and typed.isalpha() and wanted.isascii()
               for typed, wanted in zip(written.lower(), name.lower(), strict=False))


def _exact(key: str) -> Municipality | None:
    by_key = municipalities_by_key()
    # "Umeås butiker": the genitive s.
    return by_key.get(key) or (by_key.get(key[:-1]) if key.endswith("s") else None)


@lru_cache(maxsize=16384)  # called for every longer word of every message
def _closest(key: str) -> Municipality | None:
    """A Västerbotten name before others, the nearest spelling first, none if two tie."""
    if len(key) < FUZZY_MIN_LENGTH or key in NOT_TYPOS or key.removesuffix("s") in NOT_TYPOS:
        return None
    allowed = 1 if len(key) < 8 else 2
    candidates = sorted(
        (typo_distance(key, candidate_key), not municipality.in_vasterbotten, candidate_key)
        for candidate_key, municipality in municipalities_by_key().items()
        if candidate_key[0] == key[0] and abs(len(candidate_key) - len(key)) <= allowed
        and len(candidate_key) >= FUZZY_MIN_LENGTH  # "maila" is no Malå
    )
    candidates = [c for c in candidates if c[0] <= allowed]
    if not candidates or len(candidates) > 1 and candidates[0][:2] == candidates[1][:2]:
        return None
    return municipalities_by_key()[candidates[0][2]]


def _written_as_name(doc: Doc, start: int) -> bool:
    """Capitalised, and not merely because it opens a sentence — unless it is the answer."""
    token = doc[start]
    opens_sentence = start == 0 or doc[start - 1].text in ".!?"
    return token.is_title and (not opens_sentence or len(doc) <= 2)


def _after_place_word(doc: Doc, start: int) -> bool:
    return start > 0 and doc[start - 1]._.folded in PLACE_PREPOSITIONS


def _before_kommun(doc: Doc, start: int) -> bool:
    return start + 1 < len(doc) and doc[start + 1]._.folded.startswith("kommun")
