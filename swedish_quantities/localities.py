"""Villages and towns in Västerbotten named where a municipality is asked: "Åmsele", "i Tärnaby",
"hallnas". Each is read as its municipality, with the locality's proper name alongside.

The table is swedish_quantities/data/localities.yaml (see its header for where it comes from and
why it is not complete). Names match folded, like municipality names, but exactly: a village
is never a typo of a municipality ("Åmsele" is no Åsele), nor a typo of another village.

A locality counts only where a place is clearly meant, since some are also words or first
names ("Fredrika"): right after "i", "från", "byn" …, as the whole answer to the
municipality question ("Åmsele", "Åmsele by"), or beside its municipality ("Tärnaby,
Storumans kommun"). Its tokens are set aside wherever it stands, so that the municipalities'
forgiving typo matching never turns one into a municipality.
"""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from spacy.tokens import Doc

from .municipalities import (
    MAX_NAME_TOKENS,
    PLACE_PREPOSITIONS,
    adds_diacritics,
    municipalities_by_key,
    name_key,
)
from .quantity import MUNICIPALITY, Quantity

LOCALITIES_YAML = Path(__file__).resolve().parent / "data" / "localities.yaml"
# "en affär i byn Åmsele", "ute i samhället Hällnäs", "en butik på Holmön".
LOCALITY_CUES = PLACE_PREPOSITIONS | {"pa", "byn", "orten", "samhallet"}
# "Tärnaby Fjällhandel här", "Ammarnäs Livs": a store named after its village names the place.
STORE_NAME_ENDINGS = ("handel", "handeln", "livs", "affar", "affaren", "butik", "butiken", "handlarn")
# As the whole answer, a locality may come with one word more: "Åmsele by", "byn Åmsele".
WORDS_BESIDE_AN_ANSWER = 1


@dataclass(frozen=True)
class Locality:
    name: str
    municipality: str | None  # None: the name lies in two municipalities, which is not guessed


@cache
def localities_by_key() -> dict[str, Locality]:
    """Each locality under its folded name ("amsele")."""
    return localities_from(yaml.safe_load(LOCALITIES_YAML.read_text(encoding="utf-8")))


def localities_from(table: dict[str, list[str]]) -> dict[str, Locality]:
    """The table (municipality → its localities) by folded name. A name listed under two
    municipalities is kept without one. A mistake in the table stops loading, so that a
    misspelt municipality never quietly loses its villages."""
    municipalities = municipalities_by_key()
    found: dict[str, Locality] = {}
    for municipality_name, names in table.items():
        municipality = municipalities.get(name_key(municipality_name))
        if municipality is None or municipality.name != municipality_name or not municipality.in_vasterbotten:
            raise ValueError(f"{municipality_name!r} is no municipality in Västerbotten (localities table)")
        for name in names:
            key = name_key(name)
            if key in municipalities:
                raise ValueError(f"{name!r} is a municipality's name; it cannot be a locality as well")
            earlier = found.get(key)
            in_two = earlier is not None and earlier.municipality != municipality_name
            found[key] = Locality(name, None if in_two else municipality_name)
    return found


# Spelt as it sounds: "Kittelfjell" (Kittelfjäll), "om sele" heard for Åmsele, "Blattniksele"
# (Blattnicksele). Names that sound alike are matched where a place is clearly meant,
# and only when the sound belongs to one locality and to no municipality.
SOUNDS = str.maketrans({"ä": "e", "æ": "e", "é": "e", "å": "o", "ö": "o", "ø": "o", "ü": "y",
                        "-": "", " ": ""})
SHORTEST_SOUND_ALIKE = 5


def sound_key(name: str) -> str:
    """ "Kittelfjäll" and "kittelfjell" → "kitelfjel": å, ä, ö as they sound, "ck" as "k",
    doubled letters as one."""
    sounded = name.casefold().translate(SOUNDS).replace("ck", "k")
    return re.sub(r"(\w)\1+", r"\1", sounded)


@cache
def localities_by_sound() -> dict[str, Locality]:
    by_sound: dict[str, Locality | None] = {}
    for locality in localities_by_key().values():
        key = sound_key(locality.name)
        by_sound[key] = locality if key not in by_sound else None
    for municipality in municipalities_by_key().values():
        by_sound[sound_key(municipality.name)] = None
    return {key: locality for key, locality in by_sound.items()
            if locality is not None and len(key) >= SHORTEST_SOUND_ALIKE}


def sounds_like_a_locality(text: str) -> Locality | None:
    return localities_by_sound().get(sound_key(text))


def locality_municipality(name: str) -> str | None:
    """The municipality a locality lies in, by the table; None for a name the table does not
    place ("Granån", or one in two municipalities)."""
    locality = localities_by_key().get(name_key(name))
    return locality.municipality if locality else None


def read_localities(doc: Doc, blocked: set[int], expected: str | None):
    quantities, taken, position = [], set(), 0
    while position < len(doc):
        found = None if position in blocked else _locality_at(doc, position)
        if found is None:
            position += 1
            continue
        locality, end, exact = found
        span = doc[position:end]
        meant = bool(locality.municipality) and _place_meant(doc, position, end, locality, expected)
        if meant:
            quantities.append(Quantity(MUNICIPALITY, locality.municipality, span.text, span.start_char,
                                       span.end_char, locality=locality.name))
        if meant or exact:  # a name that only sounds like a village is left to other readers
            taken.update(range(position, end))
            position = end
        else:
            position += 1
    return quantities, taken


def _locality_at(doc: Doc, start: int) -> tuple[Locality, int, bool] | None:
    """(the locality, the token after its name, whether spelt as the table spells it)."""
    for end in range(min(len(doc), start + MAX_NAME_TOKENS), start, -1):
        span = doc[start:end]
        if not span[-1].is_alpha:
            continue
        locality = localities_by_key().get(name_key(span.text))
        if locality is not None and not adds_diacritics(span.text, locality.name):
            return locality, end, True
    first = doc[start]
    sounds_like = sounds_like_a_locality(first.text) if first.is_alpha else None
    return (sounds_like, start + 1, False) if sounds_like else None


def _place_meant(doc: Doc, start: int, end: int, locality: Locality, expected: str | None) -> bool:
    after_cue = start > 0 and doc[start - 1]._.folded in LOCALITY_CUES
    store_named = end < len(doc) and doc[end]._.folded.endswith(STORE_NAME_ENDINGS)
    words = sum(1 for token in doc if token.is_alpha)
    whole_answer = expected == MUNICIPALITY and words <= (end - start) + WORDS_BESIDE_AN_ANSWER
    return after_cue or store_named or whole_answer or _names_its_municipality(doc, locality)


def _names_its_municipality(doc: Doc, locality: Locality) -> bool:
    """"Tärnaby, Storumans kommun": the message says where the village lies, too."""
    wanted = name_key(locality.municipality or "")
    return any(token._.folded in (wanted, f"{wanted}s") for token in doc)


# Words that stay lower case inside a place's name ("Övre Långträsk", "Gamla Ström i Byn").
LOWER_CASE_PARTS = {"i", "och", "på", "vid", "by", "över", "under"}
# What people put before a place's name in an answer: "i Ammarnäs", "byn Granån".
LEADING_CUES = LOCALITY_CUES | {"fran"}
NAME_HYPHENS = "-–"


def proper_locality_name(text: str) -> str | None:
    """A locality as it is written: the table's spelling for a name it knows ("ammarnäs" →
    "Ammarnäs", "hallnas" → "Hällnäs"), a municipality's own spelling ("skelleftea" →
    "Skellefteå"), else the user's words with each name part capitalised the Swedish way
    ("övre långträsk" → "Övre Långträsk", "KÅGE-BYSKE" → "Kåge-Byske"), small words inside
    kept lower case. A leading "i", "från" or "byn" is no part of the name. None for an
    empty answer."""
    words = text.strip().strip(".,!?").split()
    while len(words) > 1 and name_key(words[0]) in LEADING_CUES:
        words = words[1:]
    if not words:
        return None
    key = name_key(" ".join(words))
    known = (localities_by_key().get(key) or municipalities_by_key().get(key)
             or sounds_like_a_locality(" ".join(words)))
    if known is not None:
        return known.name
    return " ".join(
        word.casefold() if index and word.casefold() in LOWER_CASE_PARTS else _capitalised(word)
        for index, word in enumerate(words)
    )


def _capitalised(word: str) -> str:
    """Each part of a hyphenated name capitalised; the rest as typed, unless all in capitals
    ("BJURHOLM"), where it is lower-cased."""
    parts, part = [], ""
    for char in word + NAME_HYPHENS[0]:
        if char in NAME_HYPHENS:
            rest = part[1:].lower() if part.isupper() else part[1:]
            parts.append(part[:1].upper() + rest)
            part = ""
            parts.append(char)
        else:
            part += char
    return "".join(parts[:-1])
