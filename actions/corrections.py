"""Corrections and volunteered answers at any point: "nej, omsättningen var 3,5 miljoner",
"jag menade 12 km", "butiken ligger i Vannas", "användarna är ungefär 50"."""

import re
from dataclasses import replace
from functools import cache, lru_cache

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from quantities import Quantity, parse, parse_count, parse_deliveries
from stodkollen.conversation_facts import BY_SLOT, DIALOGUE_FACTS, is_number, slot_for
from stodkollen.core.i18n import translate
from stodkollen.dialogue_slots import APPROXIMATE_SLOTS, LOCALITY, REQUESTED_SLOT, VALUE_TO_CONFIRM
from swedish_quantities.text import fold

from .answers import approximate_after, locality_elsewhere, needs_read_back, read_fact_answer
from .choices import CLAUSE_BOUNDARY, clauses, matching_choices
from .conversation import language_of
from .statements import stated_facts

# Which fact a quantity is about when no word in the message says so. A count has no usual
# fact: years, households and users are all counted, so only words or the question tell.
DEFAULT_FACT = {
    "amount_sek": "store.grocery_net_turnover_sek",
    "distance_km": "store.distance_to_nearest_grocery_store_km",
    "hours_per_week": "store.opening_hours_per_week",
    "article_count": "store.article_count",
    "municipality": "municipality",
}
DEFAULT_FACT_FOR_MUNICIPALITIES = {"amount_sek": "home_delivery.net_cost_sek"}
DEFAULT_FACT_FOR_FUEL_STATIONS = {"distance_km": "store.distance_to_nearest_fuel_station_km"}
# "35 kilometer till Storuman": a place right after these words is where a distance goes,
# not where the shop is.
DESTINATION_WORDS = {"till", "fran", "mot", "fram", "hit", "dit", "to", "from", "towards"}
COUNT = "count"
DELIVERIES = "home_delivery.deliveries"
YEARS_RECEIVED = "service_grant.years_already_received"
PLANNED, COSTS = "investment.planned", "investment.eligible_costs_sek"
SMALLEST_BARE_COST = 10_000  # a bare number this large beside an investment is money, not a count
LANGUAGES = ("sv", "en")


def _takes(fact_answer: str, kind: str) -> bool:
    """Whether a fact answered as `fact_answer` takes a quantity of the layer's `kind`."""
    return fact_answer == kind or (kind == "article_count" and fact_answer == COUNT)


@cache
def _labels() -> list[tuple[str, str]]:
    """(folded label, fact) for the summary's labels and the topics the bot names facts by, in
    both languages, longest first: "väntade användare av betaltjänster: 50" names its fact."""
    labels = [(fold(translate(f"{prefix}.{fact.slot}", lang)), fact.path)
              for fact in DIALOGUE_FACTS.values() for prefix in ("summary", "topic") for lang in LANGUAGES]
    return sorted(labels, key=lambda label: -len(label[0]))


@lru_cache(maxsize=256)  # asked again for the same clause by each of its numbers
def _named_facts(text: str) -> tuple[str, ...]:
    """Facts named in the message: by their summary label first, then by words near them."""
    folded = " ".join(fold(word) for word in text.split())
    by_label = [path for label, path in _labels() if label and label in folded]
    return (*by_label, *matching_choices(text, "fact_context"))


# What a bare number is read as in a clause whose words name one fact ("1800 art", "kostnad 180'").
BARE_NUMBER_KINDS = {"amount_sek", "distance_km", "hours_per_week"}
BARE = re.compile(r"[\d\s.,]+")
# "1 300 hemsändningar i fjol till 26 hushåll": a clause counts a thing or two, never hundreds
# (each count read costs a parse of the clause's rest).
COUNTS_IN_A_CLAUSE = 3
# Reading a clause's bare numbers costs a parse each: the message's first clauses are read, and a
# run of words longer than a clause ever is (a pasted text) is left to parse() alone.
CLAUSES_READ, LONGEST_CLAUSE = 12, 200
# Found in a clause, these leave its numbers to be read: "1 300 hemsändningar i fjol".
NOT_MEASURES = {"year", "municipality"}
SENTENCES = re.compile(r"[.;!?](?:\s|$)")


def _clause(text: str, quantity: Quantity) -> str:
    """The clause a quantity stands in: its words name its fact before the rest of the message."""
    starts = [match.end() for match in CLAUSE_BOUNDARY.finditer(text) if match.end() <= quantity.start]
    ends = [match.start() for match in CLAUSE_BOUNDARY.finditer(text) if match.start() >= quantity.end]
    return text[max(starts, default=0):min(ends, default=len(text))]


def _facts_naming(kind: str, text: str, quantity: Quantity) -> list[str]:
    """The facts of `kind` the quantity's own words name ("26 hushåll"), else its clause's, else
    those the whole message names."""
    for words in (quantity.text, _clause(text, quantity), text):
        named = [path for path in _named_facts(words) if _takes(DIALOGUE_FACTS[path].answer, kind)]
        if named:
            return named
    return []


def _fact_for(kind: str, text: str, quantity: Quantity, tracker: Tracker) -> str | None:
    """The fact a quantity of `kind` is about: the one the words around it name; else the
    question being asked, if it takes that kind; else the usual one for this applicant."""
    named = _facts_naming(kind, text, quantity)
    if named:
        return named[0]
    requested = BY_SLOT.get(tracker.get_slot(REQUESTED_SLOT) or "")
    if requested and _takes(requested.answer, kind):
        return requested.path
    if tracker.get_slot("applicant_kind") == "municipality" and kind in DEFAULT_FACT_FOR_MUNICIPALITIES:
        return DEFAULT_FACT_FOR_MUNICIPALITIES[kind]
    if tracker.get_slot("store_sells_groceries") is False and kind in DEFAULT_FACT_FOR_FUEL_STATIONS:
        return DEFAULT_FACT_FOR_FUEL_STATIONS[kind]
    return DEFAULT_FACT.get(kind)


def _is_destination(text: str, quantity: Quantity) -> bool:
    words = text[:quantity.start].split()
    return quantity.kind == "municipality" and bool(words) and fold(words[-1]) in DESTINATION_WORDS


def _quantities(text: str, lang: str) -> list[tuple[str, Quantity]]:
    """(kind, quantity) for every value in the message: parse()'s amounts, distances, hours
    and places; a bare number in a clause that names what it is ("1800 art", "för ca 90 000 +
    moms" after "investera"), read as that; and a count of anything ("ungefär 50 personer")
    that parse() leaves alone, one a clause."""
    # A correction's "nej" says the earlier answer was wrong; it answers nothing itself.
    found = [(q.kind, q) for q in parse(text, lang=lang)
             if q.kind != "yes_no" and not _is_destination(text, q) and not _named_otherwise(text, q)]
    for start, clause in clauses(text)[:CLAUSES_READ]:
        if len(clause) > LONGEST_CLAUSE or any(start <= q.start < start + len(clause)
                                               for kind, q in found if kind not in NOT_MEASURES):
            continue
        found += [(kind, replace(q, start=q.start + start, end=q.end + start))
                  for kind, q in _bare_numbers(clause, lang)]
    return sorted(found, key=lambda found_quantity: found_quantity[1].start)


def _named_otherwise(text: str, quantity: Quantity) -> bool:
    """A bare number ("1800") that parse() took for one kind while its clause names another
    ("1800 art, 3,1 milj i oms"): left for its clause's words to read."""
    if not BARE.fullmatch(quantity.text.strip()):
        return False
    named = {DIALOGUE_FACTS[path].answer for path in _named_facts(_clause(text, quantity))}
    return bool(named) and not any(_takes(answer, quantity.kind) for answer in named)


def _bare_numbers(clause: str, lang: str) -> list[tuple[str, Quantity]]:
    """The clause's number read as what its words name, if they name one kind; else its counts
    ("1 300 hemsändningar i fjol till 26 hushåll", "Butiken i Täfteå har 1 100 art": a count
    named beside the store's distance)."""
    kinds = {DIALOGUE_FACTS[path].answer for path in _named_facts(clause)}
    if len(kinds) == 1 and kinds <= BARE_NUMBER_KINDS:
        kind = kinds.pop()
        read = [q for q in parse(clause, kind, lang) if q.kind == kind]
        if read:
            return [(kind, read[0])]
    counts, offset = [], 0
    while len(counts) < COUNTS_IN_A_CLAUSE and (count := parse_count(clause[offset:], lang)) is not None \
            and count.end > 0:
        counts.append((COUNT, replace(count, start=count.start + offset, end=count.end + offset)))
        offset += count.end
    return counts


def _placed(text: str, tracker: Tracker) -> list[tuple[str, int | float | str, bool]]:
    """(slot, value, given as an estimate) for every quantity in the message whose fact can
    be told."""
    placed = []
    for kind, quantity in _quantities(text, language_of(tracker)):
        path = _fact_for(kind, text, quantity, tracker)
        where = (quantity.start, quantity.end)
        estimate = quantity.approximate and kind != "municipality"
        if path:
            placed.append((slot_for(path), quantity.value, estimate, where))
        if path == "municipality" and quantity.locality:  # "butiken ligger i Hällnäs": Vindeln's
            placed.append((LOCALITY, quantity.locality, False, where))
    return [(slot, value, approximate) for slot, value, approximate, _ in _taken_back_within(text, placed)]


# "2,1 milj, nej vänta, 2,4 milj", "inte 2,1 utan 2,4": words that take back the value before.
TAKEN_BACK = re.compile(r"\b(?:nej|nä|vänta|förresten|menar|menade|utan|snarare|rättare sagt|förlåt|sorry"
                        r"|i mean|actually|or rather|no)\b", re.IGNORECASE)


def _taken_back(text: str, earlier_end: int, later_start: int) -> bool:
    """Whether the words between two values take the first back."""
    return bool(TAKEN_BACK.search(text[earlier_end:later_start]))


def _taken_back_within(text: str, placed: list[tuple]) -> list[tuple]:
    """The values said, less each one the message takes back and says again. Otherwise the
    first stands ("12 km, inte 21")."""
    kept: list[tuple] = []
    for entry in placed:
        slot, (start, _) = entry[0], entry[3]
        earlier = next((said for said in kept if said[0] == slot), None)
        if earlier is not None and _taken_back(text, earlier[3][1], start):
            kept.remove(earlier)
        kept.append(entry)
    return kept


def estimates_in(text: str, tracker: Tracker) -> dict[str, bool]:
    """Slot → whether the message gave its number as an estimate ("runt 3,5 miljoner")."""
    found: dict[str, bool] = {}
    for slot, value, approximate in _placed(text, tracker):
        if is_number(value):
            found.setdefault(slot, approximate)
    return found


def named_values_in(text: str, lang: str) -> dict[str, Quantity]:
    """Slot → quantity for every quantity whose fact the message names by its words ("2,5 mil
    till närmaste affär", "1 500 artiklar", or hours a week, which only one fact takes): facts
    given before their question is asked. A bare number names none, and a place is left to
    its own question."""
    found: dict[str, Quantity] = {}
    # "servicebidrag 2021, 2022 och 2023": the years named are counted, as the question would.
    years = slot_for(YEARS_RECEIVED)
    for sentence in SENTENCES.split(text):
        if years not in found and YEARS_RECEIVED in _named_facts(sentence):
            reading = read_fact_answer(years, sentence, lang)
            if is_number(reading.value):
                found[years] = Quantity("article_count", reading.value, sentence, 0, 0, reading.approximate)
    last: tuple[str, str, Quantity] | None = None  # (slot, kind, quantity) of the value said last
    for kind, quantity in _quantities(text, lang):
        if kind == "municipality" or _none_of_something_else(kind, text, quantity):
            continue
        again = _said_again(text, last, quantity, lang)
        if again is not None:  # "vi omsatte 7,4 mkr, nej förresten 7,1": the same fact, said again
            found[last[0]] = again
            last = (last[0], last[1], again)
            continue
        named = _facts_naming(kind, text, quantity)
        only = [path for path, fact in DIALOGUE_FACTS.items() if fact.answer == kind]
        # Hours a week can only be the opening hours: "vardagar nio till arton" names itself. An
        # amount beside an investment the message states is its cost ("nya frysar för 260 000 kr",
        # "solceller för runt 400 000").
        fact = _on_the_topic(named, found) if named else only[0] if len(only) == 1 else None
        if fact is None and _an_investments_cost(kind, quantity, text):
            fact, quantity = COSTS, replace(quantity, kind="amount_sek")
        if fact:
            found.setdefault(slot_for(fact), quantity)
            last = (slot_for(fact), kind, quantity)
    # "till 14 hushåll en gång i veckan", "25 hushåll, varannan vecka": a round's schedule, said
    # within a sentence, tells the deliveries too.
    schedules = (parse_deliveries(sentence, lang) for sentence in SENTENCES.split(text) if sentence.strip())
    schedule = next((deliveries for deliveries in schedules if deliveries is not None), None)
    if schedule is not None:
        found.setdefault(slot_for(DELIVERIES), schedule)
    return found


def _said_again(text: str, last: tuple | None, quantity: Quantity, lang: str) -> Quantity | None:
    """The value said last, taken back and given anew ("2,1 milj, nej vänta, 2,4 milj"; a bare
    "nej förresten 7,1" in the earlier value's kind and scale), or None."""
    if last is None or not _taken_back(text, last[2].end, quantity.start):
        return None
    slot, kind, _ = last
    if quantity.kind == kind:
        return quantity
    if not BARE.fullmatch(quantity.text.strip()):
        return None
    read = [q for q in parse(quantity.text, kind, lang) if q.kind == kind]
    return replace(read[0], start=quantity.start, end=quantity.end) if read else None


def _none_of_something_else(kind: str, text: str, quantity: Quantity) -> bool:
    """"vi har int nå apoteksombud", "ingen serviceplan": a none whose own clause names no fact
    counts nothing of ours (not the articles named elsewhere in the message)."""
    none = kind == COUNT and quantity.value == 0
    return none and not _facts_naming(kind, _clause(text, quantity), quantity)


def _an_investments_cost(kind: str, quantity: Quantity, text: str) -> bool:
    money = kind == "amount_sek" or (kind == COUNT and quantity.value >= SMALLEST_BARE_COST)
    return money and _states_an_investment(text)


@lru_cache(maxsize=64)
def _states_an_investment(text: str) -> bool:
    return stated_facts(text).get(slot_for(PLANNED)) is True


def _on_the_topic(named: list[str], found: dict) -> str:
    """Of the facts a number's words name, one about what the message has told so far: "25
    hushåll, varannan vecka. Kostnad netto 35 tkr" tells the home delivery's cost, not an
    investment's."""
    told = {BY_SLOT[slot].path.split(".")[0] for slot in found}
    return next((path for path in named if path.split(".")[0] in told), named[0])


def corrections_in(text: str, tracker: Tracker) -> dict:
    """Slot → new value for every quantity in the message that names a fact, leaving out
    values the slot already holds (nothing to change)."""
    found: dict = {}
    for slot, value, _ in _placed(text, tracker):
        if tracker.get_slot(slot) != value:
            found.setdefault(slot, value)
    return found


def correction_events(text: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """The facts a correction changes, said back, as events. The form hears every correction:
    in the middle of its questions, and after them (the summary, the result), when a message
    that tells a fact starts it again."""
    corrections = corrections_in(text, tracker)
    # Every number the message gives decides its slot's "ca", also one the slot already
    # holds: "omsättningen var 9 miljoner" after "runt 9 miljoner" says it is exact.
    flagged = approximate_after(tracker.get_slot(APPROXIMATE_SLOTS), estimates_in(text, tracker))
    unchanged = flagged == sorted(tracker.get_slot(APPROXIMATE_SLOTS) or [])
    flags = [] if unchanged else [SlotSet(APPROXIMATE_SLOTS, flagged)]
    if not corrections:
        if _placed(text, tracker):
            return flags  # only what we already had ("butiken ligger i Vindeln"): nothing to change
        dispatcher.utter_message(response="utter_correction_not_understood")
        return []
    if len(corrections) == 1 and needs_read_back(*next(iter(corrections.items())), tracker):
        # On the phone the one number heard is read back first; the form asks it next.
        return [SlotSet(VALUE_TO_CONFIRM, list(next(iter(corrections.items())))), *flags]
    requested = tracker.get_slot(REQUESTED_SLOT)
    said = _say_a_locality(corrections, dispatcher)
    for slot, value in corrections.items():
        if slot == requested or slot in said:
            continue  # the answer to the question being asked is just taken, as the form would
        # `previous` None: a value given before its question, "noted" rather than "changed".
        dispatcher.utter_message(response="utter_correction_done", slot=slot, value=value,
                                 previous=tracker.get_slot(slot), approximate=slot in flagged)
    if "municipality" in corrections and LOCALITY not in corrections \
            and locality_elsewhere(tracker.get_slot(LOCALITY), corrections["municipality"]):
        # "Åmsele" was taken with Vindeln; in Vännäs it cannot be: the form asks the locality.
        corrections[LOCALITY] = None
    # Plausibility is the form's: it validates these when it resumes.
    return [*(SlotSet(slot, value) for slot, value in corrections.items()), *flags]


def _say_a_locality(corrections: dict, dispatcher: CollectingDispatcher) -> set[str]:
    """A municipality taken from a village ("nej, butiken ligger i Hällnäs") is said as the
    form says it (actions/form.py), even for the question being asked: the shop owner named
    a village, and hears which municipality we made of it. The slots it covers."""
    if "municipality" not in corrections or not corrections.get(LOCALITY):
        return set()
    dispatcher.utter_message(response="utter_locality_understood", locality=corrections[LOCALITY],
                             municipality=corrections["municipality"])
    return {"municipality", LOCALITY}
