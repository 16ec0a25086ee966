"""The message that starts the check often answers the first questions already: "Hej, jag har
en liten lanthandel i Sorsele och undrar vad jag kan få för stöd" says who is asking (a store)
and where (Sorsele). Those answers are taken from it instead of being asked again.

Only what is clearly said is taken: one kind of asker, one municipality (named outright or by
a village of the localities table, whose name then fills the locality too). Anything less
clear is left for the form's own question, where the shop owner answers it on its own.
"""

import re

from quantities import parse
from rules_engine.places import find_municipality
from swedish_quantities.localities import locality_municipality, proper_locality_name

from .answers import ASKER_FACTS, read_locality
from .choices import CLAUSE_BOUNDARY, clauses, matching_choices
from .corrections import named_values_in

SHOP_KINDS = {"store", "fuel_station"}
SALES_POINTS = SHOP_KINDS | {"both"}
HOME_DELIVERY = "home_delivery_"
PUBLIC_ASKERS = {"municipality", "public_body"}
INVESTS = re.compile(r"\binvest", re.IGNORECASE)  # investera, investeringsstöd, investment
# "butiken i Sorsele kommun", "den enda affären i kommunen": there "kommun" says where the
# store is, not that a municipality is asking. "Jag ringer från Sorsele kommun" keeps it.
# "Lanthandel i Dikanäs, Vilhelmina kommun": after a comma the municipality says where too.
WHERE_IN_A_MUNICIPALITY = re.compile(r"(?:\bi\s+(?:\w+\s+)?|,\s*\w+\s+)kommun(?:en)?\b", re.IGNORECASE)


# "3 mil till macken", "närmaste affär 45 km", "en mack 500 m bort": other sales points, named
# for a distance, say nothing of who is asking.
ELSEWHERE = re.compile(r"\b(?:närmaste|narmaste|närmsta|narmsta|nearest|closest|bort|away)\b", re.IGNORECASE)
# "bensin har vi inte": lacked, said the other way round.
LACKED_AFTER = re.compile(r"\b\w+(?=\s+(?:har|säljer|sell|have)\s+(?:vi|jag|we|i)\s+"
                          r"(?:inte|int|ej|not|no)\b)", re.IGNORECASE)
# "vi vet inte om kommunen har nån serviceplan", "kommunens serviceplan": the municipality
# talked about, not asking.
THIRD_PARTY = re.compile(r"\b(?:om|att|if|whether)\s+kommunen\b|\bkommunen\s+(?:har|hade|antog|saknar|tog)\b"
                         r"|\bkommunens\s+serviceplan\b", re.IGNORECASE)
# "till macken", "utan butik", "ingen affär i byn", "säljer inte drivmedel": a sales point we go
# to or lack is not us, nor one we work for ("kör ut hemsändningen åt kommunen"); but where we
# call from is who we are ("jag ringer från Region Västerbotten").
NOT_US = re.compile(r"\b(?:till|to|(?<!calling )(?<!i'm )from"
                    r"|(?<!ringer )(?<!är )(?<!jobbar )(?<!kommer )från|(?<!ringer )(?<!ar )fran"
                    r"|åt|utan|ingen|inget|saknar|inte|int|ej|no|not"
                    r"|don'?t|doesn'?t|without|lacks)\s+(?:(?:the|a|an|any|sell|have|säljer|har)\s+){0,2}\w+",
                    re.IGNORECASE)


def _askers_named(text: str) -> set[str]:
    """The kinds of asker the message says it is, leaving out sales points named for a
    distance, lacked or gone to, and a municipality that only says where."""
    about_us = " , ".join(clause for clause in CLAUSE_BOUNDARY.split(text) if not ELSEWHERE.search(clause))
    said_of_us = about_us
    for not_about_us in (WHERE_IN_A_MUNICIPALITY, THIRD_PARTY, LACKED_AFTER, NOT_US):
        said_of_us = not_about_us.sub(" ", said_of_us)
    return set(matching_choices(said_of_us, "asker"))


def _one_sales_point(named: set[str]) -> str | None:
    """store, fuel_station or both, when the named kinds say one of them."""
    shops = named & SALES_POINTS
    if "both" in shops or SHOP_KINDS <= shops:
        return "both"
    return shops.pop() if len(shops) == 1 else None


def asker_in(text: str) -> str | None:
    """Who is asking, when the message names exactly one kind: a store and a fuel station
    together are "both". An association that runs a store ("byaföreningen äger affären") is
    the association asking for its store (asker_facts keeps the store's facts), unless it
    trades: "en ekonomisk förening som driver butiken" is a näringsidkare, a business."""
    named = _askers_named(text)
    shop = _one_sales_point(named)
    if shop and "association" in named:
        return shop if "business" in matching_choices(text, "applicant_kind") else "association"
    if shop:
        named = (named - SALES_POINTS) | {shop}
    return named.pop() if len(named) == 1 else None


# "en mack med liten butik": a fuel station first, with a shop beside the pumps.
FUEL_STATION_WITH_A_SHOP = re.compile(
    r"\b(?:mack|macken|bensinstation|tankställe|tappställe|fuel station|gas station|petrol station)\s+"
    r"(?:med|with)\s+(?:en |ett |a )?(?:liten |litet |mindre |small |little )?"
    r"(?:butik|affär|kiosk|livs|shop|store)",
    re.IGNORECASE)


def asker_facts(asker: str, text: str) -> dict:
    """The facts who is asking fills at once; for an association, also those of the sales
    point it names ("byaföreningen äger affären": a grocery store; "vill starta en
    servicepunkt": a service point), so that they are not asked. A fuel station with a shop is
    a fuel station that also sells groceries."""
    facts = dict(ASKER_FACTS[asker])
    if asker == "both" and FUEL_STATION_WITH_A_SHOP.search(text):
        return {**facts, "store_kind": "fuel_station"}
    if asker == "association" and (shop := _one_sales_point(_askers_named(text))):
        return {**_what_is_run(ASKER_FACTS[shop]), **facts}
    # A municipality or authority names what it invests in ("en ny bil till hemsändningen":
    # a logistics solution); an association what it runs or starts.
    tells_kind = asker == "association" or (asker in PUBLIC_ASKERS and INVESTS.search(text))
    kinds = matching_choices(text, "store_kind") if tells_kind else []
    return {**facts, "store_kind": kinds[0]} if len(kinds) == 1 else facts


def _what_is_run(facts: dict) -> dict:
    """The sales point's facts among who-is-asking's, without who applies."""
    return {fact: value for fact, value in facts.items() if fact != "applicant_kind"}


def place_in(text: str, lang: str) -> tuple[str | None, str | None]:
    """(municipality, locality) when the message names exactly one municipality (two are a
    question to ask), outright or by one of its villages ("en affär i Åmsele" is Vindeln's
    Åmsele); the locality only when exactly one is named."""
    ours = _about_us(text, lang)
    named = [quantity for quantity in parse(ours, "municipality", lang) if quantity.kind == "municipality"]
    if not named:  # "en affär i ammar näs": a village a speech recogniser split in two
        village = read_locality(ours, lang)
        placed = locality_municipality(village) if village else None
        return (placed, village) if placed else (None, _village_named(ours))
    municipalities = {quantity.value for quantity in named}
    if len(municipalities) != 1:
        return None, None
    localities = {quantity.locality for quantity in named if quantity.locality}
    municipality = municipalities.pop()
    return municipality, localities.pop() if len(localities) == 1 else _village_named(ours)


def _about_us(text: str, lang: str) -> str:
    """The text with the clauses about other sales points blanked ("Närmsta mack ligger i
    Tärnaby", "4 mil till ICA Maxi i Umeå": a distance to somewhere else), so that what is kept
    stays where it was. "3 mil utanför Vilhelmina" says where we are, and is kept."""
    ours = list(text)
    for start, clause in clauses(text):
        if ELSEWHERE.search(clause) or _a_distance_to(clause, lang):
            ours[start:start + len(clause)] = " " * len(clause)
    return "".join(ours)


DESTINATION = re.compile(r"\b(?:till|to)\b", re.IGNORECASE)


def _a_distance_to(clause: str, lang: str) -> bool:
    return bool(DESTINATION.search(clause)) and any(
        quantity.kind == "distance_km" for quantity in parse(clause, lang=lang))


# "Lanthandel i Rusele": a village the localities table does not know, written as a name after
# "i" or "på", is still the store's locality (the table is not complete); its municipality is
# asked. Names of regions, countries, store chains, languages, months and days are no village
# ("in English", "we opened in May").
VILLAGE_AFTER = re.compile(r"\b(?:i|på|from|in)\s+([A-ZÅÄÖ][a-zåäöé]{2,}(?:-[A-ZÅÄÖ][a-zåäöé]+)?)\b"
                           r"(?!\s+kommun)")
NO_VILLAGES = {"västerbotten", "vasterbotten", "lappland", "norrland", "sverige", "sweden", "europe",
               "ica", "coop", "konsum", "tempo", "handlar", "willys", "maxi", "byn", "stan", "english",
               "swedish", "engelska", "svenska", "january", "february", "march", "april", "may",
               "june", "july", "august", "september", "october", "november", "december", "monday",
               "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "summer", "winter",
               "spring", "autumn", "town", "the"}


def _village_named(text: str) -> str | None:
    names = {match.group(1) for match in VILLAGE_AFTER.finditer(text)
             if match.group(1).casefold() not in NO_VILLAGES and find_municipality(match.group(1)) is None}
    return proper_locality_name(names.pop()) if len(names) == 1 else None


def told_when_starting(text: str, lang: str) -> dict[str, str]:
    """Slot → the text's answer, for the first questions this message already answers.
    The form reads and validates these like any answer (actions/form.py)."""
    asker = asker_in(text)
    if asker is None and any(slot.startswith(HOME_DELIVERY) for slot in named_values_in(text, lang)):
        # "Hemsändning i Dorotea kommun: 2 ggr/vecka till 9 hushåll, nettokostnad 41 000 kr":
        # a home delivery's own figures are a municipality's (Hemsändningsbidrag: "Vem kan få
        # stöd? Kommuner").
        asker = "municipality"
    municipality, locality = place_in(text, lang)
    # A municipality applying names no locality of a sales point (the form never asks one).
    told = {"asker": asker, "municipality": municipality,
            "locality": locality if asker != "municipality" else None}
    if asker in ("association", *PUBLIC_ASKERS):
        told.update(_what_is_run(asker_facts(asker, text)))
    return {slot: value for slot, value in told.items() if value is not None}
