"""The message that starts the check often answers the first questions already: "Hej, jag har
en liten lanthandel i Sorsele och undrar vad jag kan få för stöd" says who is asking (a store)
and where (Sorsele). Those answers are taken from it instead of being asked again.

Only what is clearly said is taken: one kind of asker, one municipality. Anything less clear
is left for the form's own question, where the shop owner answers it on its own.
"""

import re

from swedish_quantities import parse

from .answers import matching_choices

SHOP_KINDS = {"store", "fuel_station"}
# "butiken i Sorsele kommun", "den enda affären i kommunen": there "kommun" says where the
# store is, not that a municipality is asking. "Jag ringer från Sorsele kommun" keeps it.
WHERE_IN_A_MUNICIPALITY = re.compile(r"\bi\s+(?:\w+\s+)?kommun(?:en)?\b", re.IGNORECASE)


def asker_in(text: str) -> str | None:
    """Who is asking, when the message names exactly one kind: a store and a fuel station
    together are "both"; a store and an association (a village association running the
    store) are two answers, so the question is asked."""
    found = set(matching_choices(WHERE_IN_A_MUNICIPALITY.sub(" ", text), "asker"))
    if "both" in found or SHOP_KINDS <= found:
        found = (found - SHOP_KINDS) | {"both"}
    return found.pop() if len(found) == 1 else None


def municipality_in(text: str) -> str | None:
    """The municipality, when the message names exactly one (two are a question to ask)."""
    named = {quantity.value for quantity in parse(text, "municipality") if quantity.kind == "municipality"}
    return named.pop() if len(named) == 1 else None


def told_when_starting(text: str) -> dict[str, str]:
    """Slot → the text's answer, for the first questions this message already answers.
    The form reads and validates these like any answer (actions/form.py)."""
    told = {"asker": asker_in(text), "municipality": municipality_in(text)}
    return {slot: value for slot, value in told.items() if value is not None}
