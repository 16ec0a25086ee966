"""A municipality named in a sentence as people write it: "Vindelns kommun", "Åsele kommun",
"Vännäs kommun" in Swedish, "Vindeln Municipality" in English.

Sweden's municipalities and counties (SCB's codes) are kept here, in the core, because the
engine (where a sales point is) and the understanding layer (a name typed in a chat) both
read them and neither may read the other's files."""

from pathlib import Path

from stodkollen.core.i18n import N_, translate

MUNICIPALITIES_CSV = Path(__file__).parent / "data" / "municipalities.csv"
COUNTIES_CSV = Path(__file__).parent / "data" / "counties.csv"

# A Swedish municipality's name takes the genitive s before "kommun" unless it ends in a
# vowel (Umeå, Åsele, Malå) or already in s, x or z (Vännäs, Robertsfors). Official names
# that break the rule are listed.
VOWELS = set("aeiouyåäö")
NO_GENITIVE_S = VOWELS | set("sxz")
IRREGULAR_GENITIVES = {"Falun": "Falu"}


def municipality_genitive(name: str) -> str:
    """"Vindeln" → "Vindelns", "Åsele" → "Åsele", "Vännäs" → "Vännäs", "Falun" → "Falu"."""
    if name in IRREGULAR_GENITIVES:
        return IRREGULAR_GENITIVES[name]
    return name if name[-1:].casefold() in NO_GENITIVE_S else f"{name}s"


# How the name stands before the language's word for municipality: Swedish joins them with
# the genitive ("Vindelns kommun"), English puts the name as it is ("Vindeln Municipality").
NAME_BEFORE_THE_WORD = {"sv": municipality_genitive, "en": str}


def municipality_in_full(name: str, lang: str) -> str:
    """"Vindelns kommun" / "Vindeln Municipality"; "kommunen" when the name is not known."""
    if not name:
        return translate(N_("place.the_municipality"), lang)
    return translate(N_("place.municipality_in_full"), lang, name=NAME_BEFORE_THE_WORD[lang](name))
