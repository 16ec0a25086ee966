"""Reading a shop owner's answer to one question into the value its fact needs.

Numbers, places and yes/no come from the understanding layer, in the conversation's language
(a bare number takes its unit from the question); choices come from the word lists in
choice_words.yml, one table for both languages: shop owners who write English mix in Swedish
words ("our byaförening runs the store"), so no word list depends on the language.
"""

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from rasa_sdk import Tracker

from quantities import (
    CONFIRM_ABOVE,
    CONFIRM_BELOW,
    CONFIRM_MILES,
    CONFIRM_RANGE,
    Quantity,
    parse,
    parse_count,
    parse_daily_hours,
    parse_deliveries,
)
from rules_engine.places import find_municipality
from stodkollen.conversation_facts import BY_SLOT, UNKNOWN, is_number
from stodkollen.dialogue_slots import CHANNEL, CONFIRMED_VALUES
from swedish_quantities.localities import locality_municipality, proper_locality_name

from .choices import matching_choices
from .statements import NO_ANSWER, hedged, said_in_answer

QUANTITY_KINDS = {"amount_sek", "distance_km", "hours_per_week", "municipality", "yes_no"}
ASKER_FACTS = {
    # Who is asking fills several facts at once, so a fuel station is never asked about
    # articles and a municipality never about a store's turnover.
    "store": {"applicant_kind": "business", "store_sells_groceries": True, "store_kind": "grocery_store"},
    "fuel_station": {"applicant_kind": "business", "store_sells_fuel": True,
                     "store_sells_groceries": False, "store_kind": "fuel_station"},
    "both": {"applicant_kind": "business", "store_sells_groceries": True, "store_sells_fuel": True,
             "store_kind": "grocery_store"},
    "municipality": {"applicant_kind": "municipality"},
    "association": {"applicant_kind": "association"},
    "public_body": {"applicant_kind": "public_body"},
}


@dataclass(frozen=True)
class NotUnderstood:
    """The answer could not be read as the question's kind."""


NOT_UNDERSTOOD = NotUnderstood()


def says_dont_know(text: str, lang: str) -> bool:
    return any(q.kind == "yes_no" and q.value == "dont_know" for q in parse(text, "yes_no", lang))


def read_asker(text: str):
    found = matching_choices(text, "asker")
    if "both" in found or {"store", "fuel_station"} <= set(found):
        return "both"
    return found[0] if found else NOT_UNDERSTOOD


def read_choice(text: str, table: str):
    found = matching_choices(text, table)
    return found[0] if found else NOT_UNDERSTOOD


def read_choices(text: str, table: str):
    """The choices the answer names; none of them when it says so, or names only things
    outside the list ("bara Svenska Spel och ATG", "larm och kameror")."""
    found = matching_choices(text, table)
    if found:
        return found
    none = matching_choices(text, "none_of_them") or table in matching_choices(text, "outside_the_choices")
    return [] if none else NOT_UNDERSTOOD


def words_joined_in_pairs(text: str) -> list[str]:
    """Each two neighbouring words as one: a name a speech recogniser split in two ("stor
    uman", "ammar näs") is found among them."""
    words = text.split()
    return [first + second for first, second in zip(words, words[1:], strict=False)]


@dataclass(frozen=True)
class Place:
    """Where an answer says the sales point is: its municipality, and the village or town
    it was named by when the answer named one from the localities table ("Åmsele")."""

    municipality: str
    locality: str | None = None


def read_place(text: str, lang: str) -> Place | NotUnderstood:
    """A municipality named outright wins over one read from a village: "Åmsele i Lycksele
    kommun" is Lycksele (the shop owner knows where the shop is; the table may lack a second
    Åmsele). The village is kept only where the two agree."""
    found = [q for q in parse(text, "municipality", lang) if q.kind == "municipality"]
    if not found:  # "stor uman", "bjur holm": a name a speech recogniser split in two
        readings = ([q for q in parse(joined, "municipality", lang) if q.kind == "municipality"]
                    for joined in words_joined_in_pairs(text))
        found = next((reading for reading in readings if reading), [])
    if not found:
        return NOT_UNDERSTOOD
    named = [q.value for q in found if q.locality is None]
    municipality = named[0] if named else found[0].value
    locality = next((q.locality for q in found if q.locality and q.value == municipality), None)
    return Place(municipality, locality)


def locality_elsewhere(locality, municipality: str) -> bool:
    """A locality the table places in another municipality than `municipality`: once the
    municipality is corrected, the locality taken with it cannot stand ("Åmsele" is no
    locality of Vännäs). Localities the table does not know are the shop owner's own."""
    placed = locality_municipality(locality) if isinstance(locality, str) else None
    return placed is not None and placed != municipality


@dataclass(frozen=True)
class Reading:
    """A value read from an answer, and whether the answer gave it as an estimate ("runt tre
    miljoner", "ett femtiotal"): the summary and the draft show it with "ca"."""

    value: Any
    approximate: bool = False
    # Why the value needs the shop owner's yes before it is taken: a range, a total with other
    # sales in it, "knappt"/"drygt" a number (the understanding layer's `confirm`).
    confirm: str | None = None
    # The two values the answer may mean, when it is no single figure: a range's ends, "knappt
    # X" (a little under X), "drygt X", or English miles and Swedish mil. The form asks only
    # where the two would decide differently for this store (actions/engine.py).
    span: tuple[Any, Any] | None = None


def read_quantity_reading(text: str, kind: str, lang: str) -> Reading:
    """The first value of the kind the question asked for ("1200" → 1200 when asked for a
    count), with the understanding layer's approximate flag. Counts of anything ("3 år", "200
    hushåll", "inga") are read by parse_count."""
    if kind == "count":
        # A bare "ja" or "nej" is no count: the question is asked again with an example of
        # a count. "nej" is not read as 0 even for years already received: on the phone "nej"
        # to a number read back means "that is wrong", and it must not turn into a new number
        # 0 there. "aldrig", "inga", "ingen gång" and "nej, inga" do say 0.
        count = parse_count(text, lang)
        return Reading(NOT_UNDERSTOOD) if count is None else _reading_of(count)
    if kind == "municipality":
        place = read_place(text, lang)
        return Reading(place if place is NOT_UNDERSTOOD else place.municipality)
    found = [q for q in parse(text, kind, lang) if q.kind == kind]
    if not found:
        return Reading(NOT_UNDERSTOOD)
    if kind == "yes_no":  # "tror det", "I believe so": a hedged yes is kept as one
        return Reading({"yes": True, "no": False, "dont_know": UNKNOWN}[found[0].value], found[0].approximate)
    return _reading_of(found[0])


def _reading_of(quantity: Quantity) -> Reading:
    return Reading(quantity.value, quantity.approximate, quantity.confirm, span_of(quantity))


# Reading: "knappt 11 miljoner", "drygt två mil" is the figure said, unless a rule's threshold
# lies within a twentieth of it on the side said: "knappt tusen" artiklar may be 960, which fails
# the 1 000 that 1 000 passes. (A careful caseworker asks only then; answers.yml's notes.)
A_LITTLE = 0.05


def span_of(quantity: Quantity) -> tuple[Any, Any] | None:
    value = quantity.value
    if quantity.confirm == CONFIRM_MILES:
        return value, quantity.swedish_mil_km
    if quantity.confirm == CONFIRM_RANGE and quantity.low is not None:
        return quantity.low, quantity.high
    if quantity.confirm == CONFIRM_BELOW and is_number(value):
        return _like(value, value * (1 - A_LITTLE)), value
    if quantity.confirm == CONFIRM_ABOVE and is_number(value):
        return value, _like(value, value * (1 + A_LITTLE))
    return None


def _like(value: int | float, other: float) -> int | float:
    """`other` as the same kind of number as `value`: whole kronor and articles stay whole."""
    return round(other) if isinstance(value, int) else round(other, 1)


def read_answer(answer_kind: str, text: str, lang: str):
    """The value for a fact from the text of an answer, UNKNOWN for "vet inte", or
    NOT_UNDERSTOOD. Any question may be answered with "vet inte"."""
    return read_answer_reading(answer_kind, text, lang).value


def read_answer_reading(answer_kind: str, text: str, lang: str) -> Reading:
    """read_answer's value, flagged approximate when the number was given as an estimate."""
    if answer_kind in QUANTITY_KINDS or answer_kind == "count":
        reading = read_quantity_reading(text, answer_kind, lang)
        if not says_dont_know(text, lang) or answer_kind == "yes_no":
            return reading
        # "vet inte, kanske ett tiotal": a guess is worth more than "vet inte"; but the 0 of
        # "ingen" in "ingen aning" is no guess. A guess after "vet inte" is an estimate even
        # without "ungefär" ("vet inte, kanske 10").
        guessed = is_number(reading.value) and reading.value != 0
        return Reading(reading.value, True) if guessed else Reading(UNKNOWN)
    if says_dont_know(text, lang):
        return Reading(UNKNOWN)
    if answer_kind in ("services", "purposes"):
        return Reading(read_choices(text, answer_kind))
    return Reading(read_choice(text, answer_kind))


# Asked "English miles, about 3,2 km, or Swedish mil, 20 km?", the shop owner names the unit
# (the buttons say "English miles" and "Swedish mil") or one of the two distances.
ENGLISH_MILE = re.compile(r"\b(?:english|engelska?|british|american|miles?|first|första)\b")
SWEDISH_MIL = re.compile(r"\b(?:swedish|svenska?|scandinavian|skandinaviska?|mil|second|andra)\b")


def which_mile(text: str, english_km: float, swedish_km: float, lang: str) -> float | None:
    """The distance meant, of the two readings of "miles"; None when the answer picks neither
    (a new distance is then read as a new answer)."""
    folded = text.casefold()
    english, swedish = ENGLISH_MILE.search(folded), SWEDISH_MIL.search(folded)
    if swedish and not english:
        return swedish_km
    if english and not swedish:
        return english_km
    said = read_quantity_reading(text, "distance_km", lang).value
    return next((meant for meant in (english_km, swedish_km) if is_number(said) and abs(said - meant) < 0.1),
                None)


# Reading: "Hur många hemsändningstillfällen …?" is answered with the round as often as with a
# number ("en gång i veckan till 22 hushåll"); the year's sum is what a caseworker would record.
SCHEDULE_ANSWERS = {"home_delivery.deliveries"}


# Reading: asked whether the store lies in the centralort ("Centralorterna Umeå, Skellefteå och
# Lycksele beskrivs inte närmare i detta program"), a shop owner who names a village of the
# municipality ("vi är i Boliden") says no: the localities table never lists a municipality's
# own centralort. Other words that say it are in statements.yml.
CENTRAL_LOCALITY = "in_central_locality"
PLANNED = "investment.planned"


def _names_a_village(text: str, lang: str) -> bool:
    place = read_place(text, lang)
    return isinstance(place, Place) and place.locality is not None


# Reading: "Hur många år har ni redan fått servicebidrag?" "Vi fick det 2019, 2020 och 2021" is
# three years: the years named are counted, unless the answer counts them itself ("två år,
# 2022 och 2023"). "och året innan" names one year more.
YEARS_COUNTED = "service_grant.years_already_received"
SINCE = re.compile(r"\b(?:sedan|sen|fr[åa]n och med|since)\b", re.IGNORECASE)
YEAR_BEFORE = re.compile(r"\b(?:året innan|året före|aret innan|aret fore|the year before)\b", re.IGNORECASE)


def _years_named(text: str, lang: str) -> tuple[int, bool, bool]:
    """How many years the answer names; whether one was said in words ("tjugo tjugotvå"): its
    number words are no count of years; and whether the count is an estimate: "sedan 2021"
    counts every year since, up to last year's."""
    named = [q for q in parse(text, "year", lang) if q.kind == "year"]
    years = {q.value for q in named}
    said_in_words = any(q.value >= 2000 and not any(char.isdigit() for char in q.text) for q in named)
    since = SINCE.search(text)
    if len(years) == 1 and since and text.find(named[0].text, since.end()) >= since.end():
        return max(date.today().year - years.pop(), 1), said_in_words, True
    return len(years) + (1 if years and YEAR_BEFORE.search(text) else 0), said_in_words, False


def _is_a_year(value: Any) -> bool:
    return is_number(value) and 1900 <= value <= 2100


def outside_the_centralort(municipality: Any, locality: Any) -> dict:
    """{"in_central_locality": False} for a village of Umeå, Skellefteå or Lycksele that the
    localities table places there: the table never lists a municipality's own centralort, so the
    question need not be asked ("Centralorterna Umeå, Skellefteå och Lycksele beskrivs inte
    närmare i detta program")."""
    found = find_municipality(municipality) if isinstance(municipality, str) else None
    village = isinstance(locality, str) and locality_municipality(locality) == municipality
    return {"in_central_locality": False} if found and found.central_locality_excluded and village else {}


def read_fact_answer(slot: str, text: str, lang: str) -> Reading:
    """read_answer_reading for the question of `slot`, which may read more than its kind."""
    path = BY_SLOT[slot].path
    if path in SCHEDULE_ANSWERS:
        schedule = parse_deliveries(text, lang)
        if schedule is not None:
            return Reading(schedule.value, schedule.approximate)
    reading = read_answer_reading(BY_SLOT[slot].answer, text, lang)
    if path == YEARS_COUNTED:
        named, said_in_words, estimated = _years_named(text, lang)
        if named and (reading.value is NOT_UNDERSTOOD or _is_a_year(reading.value) or said_in_words):
            return Reading(named, approximate=estimated)
    if path == CENTRAL_LOCALITY and _names_a_village(text, lang):
        return Reading(False)
    said = said_in_answer(path, text)
    named_a_purpose = path == PLANNED and bool(matching_choices(text, "purposes"))
    if said is None and reading.value is NOT_UNDERSTOOD and named_a_purpose:
        said = True  # "japp, ny entré med ramp", "solceller kanske": what it is for says there is one
    if said == NO_ANSWER:
        return Reading(NOT_UNDERSTOOD)
    reading = reading if said is None else Reading(said)
    yes_no_or_number = isinstance(reading.value, bool) or is_number(reading.value)
    if yes_no_or_number and not reading.approximate and hedged(text):
        return replace(reading, approximate=True)  # "ett år, tror jag", "jo det tror jag"
    return reading


def times_without_days(text: str, lang: str) -> bool:
    """"nio till arton": the days are asked for, and read together with the times."""
    return parse_daily_hours(text, lang) is not None


# On the phone every number is read back before it is taken ("Jag uppfattade tre komma två
# miljoner kronor. Stämmer det?"): speech recognition mishears, and a wrong number would give
# a wrong estimate. Typed numbers on the web are shown in the summary instead.
READ_BACK_ON_THE_PHONE = {"amount_sek", "distance_km", "hours_per_week", "count"}


def approximate_after(current: list | None, readings: dict[str, bool]) -> list[str]:
    """The approximate slots once `readings` (slot → read as an estimate) are taken: the
    latest reading of a slot decides, so an exact answer clears an earlier estimate."""
    flagged = set(current or [])
    for slot, approximate in readings.items():
        (flagged.add if approximate else flagged.discard)(slot)
    return sorted(flagged)


def needs_read_back(slot: str, value: Any, tracker: Tracker) -> bool:
    """A number heard on the phone that the caller has not yet confirmed."""
    return (tracker.get_slot(CHANNEL) == "phone" and slot in BY_SLOT
            and BY_SLOT[slot].answer in READ_BACK_ON_THE_PHONE and isinstance(value, int | float)
            and (tracker.get_slot(CONFIRMED_VALUES) or {}).get(slot) != value)


# "Vi är i Tärnaby", "byn heter Björksele", "Ja, vi ligger på Holmön, det går bara färja", "we're
# in Tarnaby", "a small village called Dikanas": the words before the name say where, the
# clause after it says something else.
LOCALITY_LEAD = re.compile(
    r"^(?:(?:vi|butiken|affären|affaren|macken|den|det|jag|we|we're|we are|i'm|it's|the store|the shop)\s+)?"
    r"(?:(?:är|ar|ligger|finns|heter|sitter|bor|håller till|haller till|are|is|am|located|based)\s+)?"
    r"(?:(?:i|på|pa|vid|utanför|in|at|near|outside)\s+)?"
    r"(?:(?:byn|orten|samhället|samhallet|(?:a |the )?(?:small |little )?(?:village|town|place))\s+"
    r"(?:of\s+)?)?"
    r"(?:(?:som\s+)?heter\s+|(?:is\s+)?(?:called|named)\s+)?", re.IGNORECASE)


YES_OR_NO_FIRST = re.compile(r"^(?:ja|jo|nej|jaa|japp|yes|yeah|yep|no)\b[,\s]*", re.IGNORECASE)


def read_locality(text: str, lang: str) -> str | None:
    """The locality an answer names, in its proper form: a place the localities table knows,
    also when a speech recogniser split it ("ammar näs"); else the answer's name itself,
    without the words around it."""
    known = [q.locality for q in parse(text, "municipality", lang) if q.kind == "municipality" and q.locality]
    if known:
        return known[0]
    for joined in words_joined_in_pairs(text):
        name = proper_locality_name(joined)
        if name and locality_municipality(name):
            return name
    said = YES_OR_NO_FIRST.sub("", text.strip())
    clause = re.split(r"[,.;!?]| och | men | det | and | but ", said, maxsplit=1)[0]
    name = LOCALITY_LEAD.sub("", clause.strip())
    words = name.split()
    # "Saxnäs vid Kultsjön": a known place first, and words on where it lies
    known_first = (proper_locality_name(" ".join(words[:count])) for count in range(len(words) - 1, 0, -1))
    return next((known for known in known_first if known and locality_municipality(known)), None) \
        or proper_locality_name(name)


# Reading: asked whether there are special reasons, a shop owner who describes them ("många
# gamla i byn utan bil") says yes; Länsstyrelsen judges the reasons (the support is then
# needs_assessment), so the description itself is kept for nothing but that yes.
DESCRIBED_MEANS_YES = {"special_reasons"}
WORDS_OF_A_DESCRIPTION = 4


def describes(slot: str, text: str) -> bool:
    return slot in DESCRIBED_MEANS_YES and len(text.split()) >= WORDS_OF_A_DESCRIPTION
