"""Tokens for the Swedish understanding layer: spaCy's blank Swedish tokenizer, tuned for
how numbers are typed on a phone, and the folded form every word list is written in."""

import unicodedata
from functools import cache, lru_cache

import spacy
from spacy.tokens import Doc, Token
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

LETTER = r"[^\W\d_]"
DASHES = "-–—"
# Spaces that Babel and phones put inside numbers ("166 667 kr"). They are replaced by a plain
# space of the same length, so offsets into the original text stay valid.
NUMBER_SPACES = {"\u00a0": " ", "\u202f": " ", "\u2007": " "}

# Split what people glue together: "3miljoner", "45h", "3,5mkr", "9–18", "mån-fre", "070-123".
EXTRA_INFIXES = [
    rf"(?<=\d)(?={LETTER})",
    rf"(?<={LETTER})(?=\d)",
    rf"(?<=\d)[{DASHES}/](?=\d)",
    rf"(?<={LETTER})[{DASHES}/](?={LETTER})",
]
# "3 400 000:-" and "500,-" are Swedish ways of writing kronor; "~40" means about 40.
EXTRA_SUFFIXES = [r"(?<=\d):-", r"(?<=\d),-"]
EXTRA_PREFIXES = [r"~"]


@cache
def _nlp() -> spacy.language.Language:
    nlp = spacy.blank("sv")
    defaults = nlp.Defaults
    nlp.tokenizer.infix_finditer = compile_infix_regex(
        list(defaults.infixes) + EXTRA_INFIXES
    ).finditer
    nlp.tokenizer.suffix_search = compile_suffix_regex(
        EXTRA_SUFFIXES + list(defaults.suffixes)
    ).search
    nlp.tokenizer.prefix_search = compile_prefix_regex(
        EXTRA_PREFIXES + list(defaults.prefixes)
    ).search
    if not Token.has_extension("folded"):
        Token.set_extension("folded", getter=lambda token: fold(token.text))
    return nlp


def tokenize(text: str) -> Doc:
    return _nlp().make_doc(text.translate(str.maketrans(NUMBER_SPACES)))


def vocab():
    return _nlp().vocab


# Common words that fold into other words of our lists: "är" (is) into "ar", which is how
# "år" (year) is typed without å ("det är 12" is no "det år 12"), and "här" (here) into
# "har" (have: "har vi" answers yes). Written with their ä they keep it; typed as "ar" and
# "har" they stay ambiguous and are read as "år" and "har".
KEPT_AS_WRITTEN = {"är", "här"}


def typed_form_pattern(word: str) -> dict:
    """A Matcher token pattern for a word of our lists as it may arrive: "är" as "är" or "ar"."""
    folded, plain = fold(word), _strip_diacritics(word.casefold())
    return {"_": {"folded": folded if plain == folded else {"IN": [folded, plain]}}}


@lru_cache(maxsize=65536)  # every word list reads every token's folded form
def fold(word: str) -> str:
    """Lowercase without diacritics: people type "Vannas" and "lordag" on foreign keyboards,
    so every word list is compared in this form ("Vännäs" → "vannas")."""
    lowered = word.casefold()
    return lowered if lowered in KEPT_AS_WRITTEN else _strip_diacritics(lowered)


def _strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))
