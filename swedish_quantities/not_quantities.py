"""Numbers that are not quantities: phone numbers, postcodes, dates, clock times, ID numbers,
street addresses, week numbers and set phrases ("tusen tack"). Their tokens are set aside
before any amount is read, so "070-123 45 67" or "921 31 Lycksele" never turn into kronor."""

from functools import cache

from spacy.matcher import Matcher
from spacy.tokens import Doc

from .text import vocab

MONTHS = [
    "januari", "jan", "februari", "feb", "mars", "mar", "april", "apr", "maj", "juni", "jun",
    "juli", "jul", "augusti", "aug", "september", "sep", "sept", "oktober", "okt",
    "november", "nov", "december", "dec",
]
DIGITS = {"TEXT": {"REGEX": r"^\d+$"}}
DASH = {"TEXT": {"IN": ["-", "–", "—"]}}
DAY = {"TEXT": {"REGEX": r"^\d{1,2}(:[ea])?$"}}
CLOCK = {"TEXT": {"REGEX": r"^\d{1,2}([.:]\d\d)?$"}}
PHONE_MIN_DIGITS = 7  # so that "08-17" stays opening hours
FUELS = ["bensin", "diesel", "blyfri", "etanol", "fordonsgas", "hvo", "petrol", "gasoline"]
GRADES = ["95", "98", "100"]

PATTERNS = {
    "phone": [
        [{"TEXT": {"REGEX": r"^(0\d{1,3}|\+\d{2})$"}}, {"TEXT": {"REGEX": r"^[-–\d]+$"}, "OP": "+"}],
        [{"TEXT": {"REGEX": r"^0\d{6,}$"}}],
    ],
    "postcode": [
        [{"TEXT": {"REGEX": r"^\d{3}$"}, "SPACY": True}, {"TEXT": {"REGEX": r"^\d{2}$"}}],
        [{"TEXT": {"REGEX": r"^\d{5}$"}}, {"IS_TITLE": True}],
    ],
    "date": [
        [{"TEXT": {"REGEX": r"^\d{4}$"}}, DASH, DIGITS, DASH, DIGITS],
        [DAY, {"_": {"folded": {"IN": MONTHS}}}],
        [{"TEXT": {"REGEX": r"^\d{1,2}$"}}, {"TEXT": "/"}, {"TEXT": {"REGEX": r"^\d{1,2}$"}}],
        [{"TEXT": {"REGEX": r"^\d{1,2}\.\d{1,2}\.\d{2,4}$"}}],
    ],
    "id_number": [[{"TEXT": {"REGEX": r"^(\d{6}|\d{8})$"}}, DASH, {"TEXT": {"REGEX": r"^\d{4}$"}}]],
    "clock_time": [
        [{"_": {"folded": {"IN": ["kl", "kl.", "klockan"]}}}, CLOCK],
        [{"TEXT": {"REGEX": r"^\d{1,2}:\d\d$"}}],
    ],
    "address": [[{"_": {"folded": {"REGEX": r"(gatan|vagen|gata|vag|stigen|backen|torget)$"}}},
                 {"TEXT": {"REGEX": r"^\d{1,4}[a-zA-Z]?$"}}]],
    "week_number": [[{"_": {"folded": {"IN": ["vecka", "v."]}}},
                     {"TEXT": {"REGEX": r"^\d{1,2}$"}}]],
    # "diesel och 95", "95:an", "98 oktan", "E85": a petrol grade, no distance or count.
    "fuel_grade": [[{"_": {"folded": {"IN": FUELS}}}, {"TEXT": {"IN": [",", "och", "+", "/"]}, "OP": "?"},
                    {"TEXT": {"IN": GRADES}}],
                   [{"TEXT": {"IN": GRADES}}, {"TEXT": {"IN": [",", "och", "+", "/"]}, "OP": "?"},
                    {"_": {"folded": {"IN": FUELS + ["oktan", "oktanig"]}}}],
                   [{"TEXT": {"REGEX": r"^(95|98|100):(an|or)$"}}],
                   [{"_": {"folded": {"IN": ["e85", "e", "hvo"]}}}, {"TEXT": {"IN": ["85", "100"]}}]],
    # "tusen tack" thanks; it counts nothing. Its words are set aside, not only its digits.
    "set_phrase": [[{"_": {"folded": "tusen"}}, {"_": {"folded": {"IN": ["tack", "takk", "tak"]}}}],
                   [{"_": {"folded": "tack"}}, {"_": {"folded": {"IN": ["sa", "ska"]}}, "OP": "?"},
                    {"_": {"folded": "tusen"}}],
                   [{"_": {"folded": "tusentack"}}]],
}
WHOLE_PHRASES = {"set_phrase"}


@cache
def _matcher() -> Matcher:
    matcher = Matcher(vocab())
    for label, patterns in PATTERNS.items():
        matcher.add(label, patterns, greedy="LONGEST")
    return matcher


def read_phone_numbers(doc: Doc, blocked: set[int], expected: str | None):
    return [], _tokens_of(doc, blocked, {"phone"})


def read_not_quantities(doc: Doc, blocked: set[int], expected: str | None):
    return [], _tokens_of(doc, blocked, set(PATTERNS) - {"phone"})


def _tokens_of(doc: Doc, blocked: set[int], labels: set[str]) -> set[int]:
    """Indexes of the digit tokens in matches of these labels. The words around them stay
    free: the place after a postcode is still a place."""
    found = set()
    for match_id, start, end in _matcher()(doc):
        label, span = vocab().strings[match_id], range(start, end)
        if label not in labels or any(index in blocked for index in span):
            continue
        if label == "phone" and sum(c.isdigit() for c in doc[start:end].text) < PHONE_MIN_DIGITS:
            continue
        whole = label in WHOLE_PHRASES
        found.update(index for index in span if whole or any(c.isdigit() for c in doc[index].text))
    return found
