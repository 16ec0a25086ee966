"""The words around a number that say what it counts. All keys are folded (see text.fold).

A unit word decides the kind; without one, a context word in the same sentence may
("omsättningen är 3 200 000"), and only then the question being asked.
"""

from dataclasses import dataclass
from decimal import Decimal

from .quantity import AMOUNT_SEK, ARTICLE_COUNT, DISTANCE_KM, HOURS_PER_WEEK


@dataclass(frozen=True)
class Unit:
    kind: str | None  # None: a unit we recognise but do not read ("3 anställda", "5 %")
    factor: Decimal = Decimal(1)
    # Things a "how many?" question may count ("3 år", "200 hushåll"), unlike "5 %" or "200 liter".
    counted: bool = False


_SEK = Unit(AMOUNT_SEK)
_KM = Unit(DISTANCE_KM)
_HOURS = Unit(HOURS_PER_WEEK)
_ARTICLES = Unit(ARTICLE_COUNT)
_COUNTED = Unit(None, counted=True)
_MEASURED = Unit(None)
# The period each kind is measured over. Another period ("8 timmar om dagen", "60 000 i
# månaden") cannot be converted without guessing, so such an answer is not read at all.
NATURAL_PERIODS = {AMOUNT_SEK: "year", HOURS_PER_WEEK: "week"}

UNITS: dict[str, Unit] = {
    **dict.fromkeys(["kr", "kronor", "krona", "sek", "spann", ":-", ",-"], _SEK),
    **dict.fromkeys(["mkr", "msek", "mnkr", "miljkr"], Unit(AMOUNT_SEK, Decimal(10**6))),
    # Thousands of kronor, as accounts write them ("850 tkr", "2100 kkr") and as people say
    # them: "lax", "papp" and "lakan" are slang for a thousand kronor.
    **dict.fromkeys(["tkr", "tsek", "ksek", "kkr", "lax", "laxar", "papp", "lakan"],
                    Unit(AMOUNT_SEK, Decimal(1000))),
    **dict.fromkeys(["km", "kilometer", "kilometers", "kilometern", "kilomenter", "kilometrar",
                      "kilometrarna"], _KM),
    # A Swedish mil is 10 km, and "en halvmil" is 5 km.
    # "mill" is how a speech recogniser may write it.
    **dict.fromkeys(["mil", "mils", "mila", "mill"], Unit(DISTANCE_KM, Decimal(10))),
    **dict.fromkeys(["halvmil", "halvmils"], Unit(DISTANCE_KM, Decimal(5))),
    **dict.fromkeys(["meter", "metrar", "m"], Unit(DISTANCE_KM, Decimal("0.001"))),
    **dict.fromkeys(["timmar", "timme", "tim", "timmer", "timar", "tmmar", "h"], _HOURS),
    "veckotimmar": _HOURS,
    **dict.fromkeys(
        ["artiklar", "artikel", "artiklarna", "artikelnummer", "varor", "varorna",
         "produkter", "produkt", "sorter", "sku", "skus"],
        _ARTICLES,
    ),
    **dict.fromkeys(
        ["ar", "aren", "manader", "manad", "veckor", "vecka", "dagar", "dag", "dygn",
         "anstallda", "personer", "kunder", "bilar", "invanare", "butiker", "mackar", "pumpar",
         "ganger", "gang", "ggr", "hushall", "hushallen", "leveranser", "leverans",
         "hemsandningar", "korningar", "anvandare"],
        _COUNTED,
    ),
    **dict.fromkeys(
        ["%", "procent", "minuter", "min", "liter", "kubik", "m3", "kvm", "kvadratmeter"],
        _MEASURED,
    ),
}
# Words allowed between a number and its unit: "1 200 olika artiklar", "300 st varor".
FILLERS = {"olika", "st", "stycken", "sorters"}

# "i veckan", "/v", "per år", "om dagen" — a link word, then the period.
PERIOD_WORDS = {
    **dict.fromkeys(["vecka", "veckan", "v", "veckor", "veckorna"], "week"),
    **dict.fromkeys(["ar", "aret"], "year"),
    **dict.fromkeys(["dag", "dagen", "dan", "dygn", "dygnet"], "day"),
    **dict.fromkeys(["manad", "manaden", "man"], "month"),
}
PERIOD_LINKS = {"/", "per", "i", "om", "varje", "a", "pa"}
STANDALONE_PERIODS = {"arligen": "year", "dagligen": "day", "manadsvis": "month"}

APPROXIMATE_BEFORE = {
    "ca", "c:a", "cirka", "circa", "runt", "ungefar", "ung", "ungf", "typ", "omkring",
    "kring", "drygt", "knappt", "nastan", "narmare", "uppemot", "over", "under", "~",
    "runtomkring", "strax", "mer", "mindre", "storleksordningen", "sisadar", "sadar", "cirkus",
    "kanske",  # "kanske ett hundratal": a guess at a number is still that number
    "uppskattningsvis", "uppskattat", "ungefarligen", "grovt", "cirkabelopp",
    "dryg", "knapp",  # "en dryg halv miljon"
}
# Markers that also say on which side of the figure the truth lies ("knappt 11 miljoner").
BELOW_WORDS = {"knappt", "knapp", "nastan", "under", "mindre", "uppemot"}
ABOVE_WORDS = {"drygt", "dryg", "over", "mer"}
# "en knapp mil", "en dryg timme", "en god mil": said between the number and its unit.
MARKERS_BEFORE_THE_UNIT = {"knapp": "knapp", "knappa": "knapp", "dryg": "dryg", "dryga": "dryg",
                           "god": "dryg", "goda": "dryg", "bra": "dryg"}
# Words that join markers ("mer än", "runt om", "på runt", "ca. 40"); alone they mark nothing.
APPROXIMATE_LINKS = {"an", "pa", "om", "i", "."}
APPROXIMATE_AFTER = {"ungefar", "typ", "cirka", "ca", "ish", "kanske", "tror"}
# Hedges that fold into other words ("väl" into "val", choice; "säg" into "sag", saw), so they
# are compared as written: "det är väl 4,5", "säg 200".
APPROXIMATE_BEFORE_AS_WRITTEN = {"väl", "säg"}
# "3 miljoner eller så", "40 timmar eller nåt"
APPROXIMATE_AFTER_OR = {"sa", "nat", "nagot", "nagonting"}

# Words that tell what a bare number is about. A stem may sit anywhere in the word, since
# Swedish compounds put it last: "dagligvaruomsättning", "drivmedelsförsäljning".
CONTEXT_STEMS = {
    AMOUNT_SEK: ("omsat", "forsalj", "intakt", "kostnad", "investering", "vinst",
                 "resultat", "belopp", "budget", "summa"),
    DISTANCE_KM: ("avstand", "bort", "harifran", "narmaste", "narmsta"),
    HOURS_PER_WEEK: ("oppet", "oppen"),
    ARTICLE_COUNT: ("sortiment", "artik", "varor", "produkt"),
}
CONTEXT_WORDS = {"oms": AMOUNT_SEK, "langt": DISTANCE_KM}
# "Nettoomsättning dagligvaror 1 650 000", "1 200 olika dagligvaror": groceries name the sales as
# often as the articles, so they tell no count; the words further off decide.
# ("dagligvaruomsättning" still names the sales.)
NOT_A_COUNT_STARTS = ("dagligvar",)


def unit_for(word: str) -> Unit | None:
    """The unit a folded word names ("milj." and "kr." written with a full stop too)."""
    return UNITS.get(word.rstrip(".") or word)


def context_kind(word: str) -> str | None:
    unit = unit_for(word)
    if unit is not None:
        return unit.kind
    if word in CONTEXT_WORDS:
        return CONTEXT_WORDS[word]
    kind = next(
        (kind for kind, stems in CONTEXT_STEMS.items() if any(stem in word for stem in stems)),
        None,
    )
    return None if kind == ARTICLE_COUNT and word.startswith(NOT_A_COUNT_STARTS) else kind
