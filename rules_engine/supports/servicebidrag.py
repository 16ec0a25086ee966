"""Servicebidrag — Bilaga 1 ("Olika stöd").

"Bidrag beviljas endast om det finns särskilda skäl och andra åtgärder har prövats, men
inte visat sig vara ändamålsenliga." "Servicebidrag kan beviljas till näringsidkare med
försäljningsställen för dagligvaror eller drivmedel, näringsidkare med försäljningsställen
för fackhandelsvaror, om det finns särskilda skäl, och näringsidkare som på annat sätt
säljer och levererar dagligvaror i området, om det finns särskilda skäl."
"""

from stodkollen.core.i18n import N_

from ..checks import ASSESSMENT, FAILED, MISSING, PASSED, Check
from ..context import Context
from ..distance import distance_check
from ..facts import ABSENT
from ..general import applicant, place_checks, service_plan
from ..result import SupportOutcome, after_gates

SUPPORT = "servicebidrag"
PERIOD = "year"
REFERENCE = "Bilaga 1, Servicebidrag"
KINDS_WITHOUT_SPECIAL_REASONS = ("grocery_store", "fuel_station")
KINDS_WITH_SPECIAL_REASONS = ("specialist_store", "logistics")
# Reading (spec): "well-developed = at least two of fuel, post or parcel, pharmacy_agent,
# payment_services"; post and parcel count as one function.
SERVICE_FUNCTIONS = {"fuel": "fuel", "post": "post", "parcel": "post",
                     "pharmacy_agent": "pharmacy_agent", "payment_services": "payment_services"}


def sales_point(ctx: Context) -> Check:
    """S0. Businesses and associations with a sales point for groceries or fuel; specialist
    stores and other deliverers of groceries only with special reasons. Reading: a service
    point, a municipality or a public body cannot get servicebidrag."""
    who = applicant(ctx, "S0", ("business", "association"), REFERENCE, N_("S0.failed_applicant"))
    if who.outcome == FAILED:
        return who
    kind = ctx["store.kind"]
    if kind == "service_point":
        return Check(id="S0", outcome=FAILED, message=N_("S0.failed_service_point"), reference=REFERENCE,
                     value=kind)
    if kind in KINDS_WITH_SPECIAL_REASONS and ctx["special_reasons"] is False:
        return Check(id="S0", outcome=FAILED, message=N_("S0.failed_no_special_reasons"), reference=REFERENCE,
                     value=kind, params={"store_kind": kind})
    needs = who.needs + (("store.kind",) if kind is ABSENT else ())
    if kind in KINDS_WITH_SPECIAL_REASONS and ctx["special_reasons"] is ABSENT:
        needs += ("special_reasons",)
    if needs:
        return Check(id="S0", outcome=MISSING, message=None, reference=REFERENCE, needs=needs)
    if kind is None or who.outcome == ASSESSMENT:
        return Check(id="S0", outcome=ASSESSMENT, message=N_("S0.unknown"), reference=REFERENCE, value=kind)
    if kind in KINDS_WITH_SPECIAL_REASONS:
        return Check(id="S0", outcome=ASSESSMENT, message=N_("S0.special_reasons"), reference=REFERENCE,
                     value=kind, params={"store_kind": kind})
    return Check(id="S0", outcome=PASSED, message=N_("S0.passed"), reference=REFERENCE, value=kind,
                 params={"store_kind": kind})


def special_reasons_and_other_measures() -> Check:
    """S1. Reading: whether there are special reasons and other measures have been tried is
    for Länsstyrelsen to judge, so servicebidrag is at best needs_assessment."""
    return Check(id="S1", outcome=ASSESSMENT, message=N_("S1.assessment"), reference=REFERENCE)


def at_most_three_years(ctx: Context) -> Check:
    """S4. "Bidrag lämnas för sammanlagt högst tre år." """
    years = ctx["service_grant.years_already_received"]
    limit = ctx.parameters["servicebidrag.max_years"]
    if years is ABSENT:
        return Check(id="S4", outcome=MISSING, message=None, reference=REFERENCE,
                     needs=("service_grant.years_already_received",))
    if years is None:
        return Check(id="S4", outcome=ASSESSMENT, message=N_("S4.unknown"), reference=REFERENCE,
                     threshold=limit, params={"limit_years": limit})
    params = {"years": years, "limit_years": limit, "remaining_years": limit - years}
    return Check(id="S4", outcome=PASSED if years < limit else FAILED,
                 message=N_("S4.passed") if years < limit else N_("S4.failed"), reference=REFERENCE,
                 value=years, threshold=limit, params=params)


def ceiling(ctx: Context) -> Check:
    """SC. "Bidrag får beviljas med högst 250 000 kronor per år till samma mottagare. Bidrag
    som avser dagligvarubutiker med ett väl utbyggt utbud av grundläggande
    servicefunktioner, eller som av servicestrategiska skäl bedöms som betydelsefulla, får
    dock utsträckas till högst 300 000 kronor per år." """
    base = ctx.parameters["servicebidrag.max_amount_sek"]
    extended = ctx.parameters["servicebidrag.max_amount_extended_sek"]
    if ctx["store.kind"] != "grocery_store":
        return Check(id="SC", outcome=PASSED, message=N_("SC.base"), reference=REFERENCE, value=base,
                     params={"ceiling_sek": base})
    services = ctx["store.services"]
    if services is ABSENT:
        return Check(id="SC", outcome=MISSING, message=None, reference=REFERENCE, needs=("store.services",))
    functions = {SERVICE_FUNCTIONS[service] for service in services or ()}
    needed = ctx.parameters["servicebidrag.min_service_functions"]
    if len(functions) >= needed:
        return Check(id="SC", outcome=PASSED, message=N_("SC.well_developed"), reference=REFERENCE,
                     value=extended, threshold=needed,
                     params={"ceiling_sek": extended, "functions_count": len(functions)})
    strategic = ctx["store.service_strategic"]
    if strategic is ABSENT:
        return Check(id="SC", outcome=MISSING, message=None, reference=REFERENCE,
                     needs=("store.service_strategic",))
    if strategic:
        return Check(id="SC", outcome=PASSED, message=N_("SC.strategic"), reference=REFERENCE, value=extended,
                     params={"ceiling_sek": extended})
    return Check(id="SC", outcome=PASSED, message=N_("SC.base_grocery"), reference=REFERENCE, value=base,
                 threshold=needed,
                 params={"ceiling_sek": base, "functions_count": len(functions), "needed_count": needed})


def evaluate(ctx: Context) -> SupportOutcome:
    checks = after_gates(
        place_checks(ctx) + [sales_point(ctx)],
        lambda: [special_reasons_and_other_measures(), distance_check(ctx, "S2", REFERENCE),
                 service_plan(ctx), at_most_three_years(ctx), ceiling(ctx)])
    ceiling_check = next((check for check in checks if check.id == "SC"), None)
    notes = []
    if ctx["service_grant.other_measures_tried"] is False:
        notes.append(N_("S1.other_measures_first"))
    return SupportOutcome(
        checks=[check for check in checks if check is not None],
        # Until the ceiling is decided, the general one stands.
        max_amount_sek=(ceiling_check.value if ceiling_check and ceiling_check.outcome == PASSED
                        else ctx.parameters["servicebidrag.max_amount_sek"]),
        notes=notes,
        apply_to=N_("servicebidrag.apply_to"),
    )
