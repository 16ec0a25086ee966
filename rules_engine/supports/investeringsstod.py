"""Investeringsstöd i landsbygdsprogrammet — Bilaga 1.

"Myndigheter, kommuner, landsting, regioner, föreningar, organisationer och företag kan
söka det här stödet." "Du kan få stöd om du investerar i lokal service som
Dagligvarubutiker, Drivmedelsanläggningar, Serviceställen" … "Det finns även stöd för
investeringar i distributions- och logistiklösningar".
"""

from fractions import Fraction

from stodkollen.core.i18n import N_

from ..checks import ASSESSMENT, FAILED, MISSING, PASSED, Check
from ..context import Context
from ..distance import distance_check
from ..facts import ABSENT
from ..general import applicant, place_checks
from ..result import SupportOutcome, after_gates

SUPPORT = "investeringsstod"
PERIOD = "once"
REFERENCE = "Bilaga 1, Investeringsstöd i landsbygdsprogrammet"
OBJECTS = ("grocery_store", "fuel_station", "service_point", "logistics")
PUBLIC_APPLICANTS = ("municipality", "public_body")
DISTANCE_TESTED_KINDS = ("grocery_store", "fuel_station")
COSTS = "investment.eligible_costs_sek"
# Purposes (1)–(4) of the text; (5) is the priority area.
MOTIVATING_PURPOSES = frozenset({"accessibility", "reopen_closed_store", "energy_climate",
                                 "add_service_functions"})


def applicant_and_object(ctx: Context) -> Check:
    """IA. Every applicant kind may apply; the object must be a grocery store, fuel station,
    service point or a distribution/logistics solution (a specialist store is none)."""
    who = applicant(ctx, "IA", ("business", "municipality", "association", "public_body"),
                    REFERENCE)
    kind = ctx["store.kind"]
    if kind is not None and kind is not ABSENT and kind not in OBJECTS:
        return Check(id="IA", outcome=FAILED, message=N_("IA.failed_object"), reference=REFERENCE, value=kind,
                     params={"store_kind": kind})
    needs = who.needs + (_object_question(ctx) if kind is ABSENT else ())
    if needs:
        return Check(id="IA", outcome=MISSING, message=None, reference=REFERENCE, needs=needs)
    if kind is None or who.outcome == ASSESSMENT:
        return Check(id="IA", outcome=ASSESSMENT, message=N_("IA.unknown"), reference=REFERENCE, value=kind)
    return Check(id="IA", outcome=PASSED, message=N_("IA.passed"), reference=REFERENCE, value=kind,
                 params={"store_kind": kind})


def _object_question(ctx: Context) -> tuple[str, ...]:
    """Reading: a municipality or public body runs no sales point of its own, so it is first
    asked whether it plans an investment at all; only then which kind of sales point the
    investment is for. (Without a plan, I0 settles the support and the kind is never asked.)"""
    if ctx["applicant_kind"] in PUBLIC_APPLICANTS and ctx["investment.planned"] is ABSENT:
        return ("investment.planned",)
    return ("store.kind",)


def investment_planned(ctx: Context) -> Check:
    """I0. Reading: no planned investment, no investment support; costs given imply a plan."""
    planned = ctx["investment.planned"]
    if planned is ABSENT and ctx[COSTS] is not ABSENT:
        planned = True
    if planned is ABSENT:
        return Check(id="I0", outcome=MISSING, message=None, reference=REFERENCE,
                     needs=("investment.planned",))
    if planned is None:
        return Check(id="I0", outcome=ASSESSMENT, message=N_("I0.unknown"), reference=REFERENCE)
    return Check(id="I0", outcome=PASSED if planned else FAILED,
                 message=N_("I0.passed") if planned else N_("I0.failed"), reference=REFERENCE, value=planned)


def support_rate(ctx: Context) -> tuple[Check, Fraction | None]:
    """I1–I3 and I5: which share of the eligible costs, if any.

    "Du kan få stöd för upp till 50 procent av de utgifter som ger rätt till stöd om de är
    högre än 50 000 kronor. Du kan få stöd för upp till 90 procent … om: [(1) tillgänglighet,
    (2) nedlagd butik, (3) miljö och klimat, (4) andra grundläggande servicefunktioner,
    (5) prioriterat område]. Om du kan motivera en ersättningsinvestering av kyl- och
    frysutrustning utifrån någon av punkterna 1-4 ovan kan du få 90 procent i stöd även för
    dessa. I de fall där du kan få 90 procent av dina utgifter i stöd måste utgifterna vara
    30 000 kronor eller mer."
    """
    costs = ctx[COSTS]
    p = ctx.parameters
    high_minimum = p["investering.high_rate_min_costs_sek"]
    base_minimum = p["investering.base_rate_min_costs_sek"]
    if costs is ABSENT:
        return Check(id="I1", outcome=MISSING, message=None, reference=REFERENCE, needs=(COSTS,)), None
    if costs is None:
        return Check(id="I1", outcome=ASSESSMENT, message=N_("I1.costs_unknown"), reference=REFERENCE), None
    params = {"costs_sek": costs, "high_minimum_sek": high_minimum, "base_minimum_sek": base_minimum,
              "high_shortfall_sek": high_minimum - costs, "base_shortfall_sek": base_minimum - costs + 1}
    if costs < high_minimum:
        return Check(id="I1", outcome=FAILED, message=N_("I1.costs_too_low"), reference=REFERENCE,
                     value=costs, threshold=high_minimum, params=params), None
    purposes = ctx["investment.purposes"]
    if purposes is ABSENT:
        return Check(id="I1", outcome=MISSING, message=None, reference=REFERENCE, value=costs,
                     needs=("investment.purposes",)), None
    if purposes is None:
        if costs > base_minimum:
            return _rate(ASSESSMENT, N_("I1.purposes_unknown"), costs, base_minimum, params,
                         p["investering.base_rate"])
        return Check(id="I1", outcome=ASSESSMENT, message=N_("I1.purposes_unknown_low"), reference=REFERENCE,
                     value=costs, threshold=base_minimum, params=params), None
    motivated = bool(MOTIVATING_PURPOSES.intersection(purposes))
    if "refrigeration_replacement" in purposes and not motivated:
        return Check(id="I5", outcome=FAILED, message=N_("I5.failed"), reference=REFERENCE, value=costs,
                     params=params), None
    if motivated or "priority_area" in purposes:
        return _rate(PASSED, N_("I1.high_rate"), costs, high_minimum, params, p["investering.high_rate"])
    if costs > base_minimum:
        return _rate(PASSED, N_("I1.base_rate"), costs, base_minimum, params, p["investering.base_rate"])
    return Check(id="I1", outcome=FAILED, message=N_("I1.no_purpose_costs_too_low"), reference=REFERENCE,
                 value=costs, threshold=base_minimum, params=params), None


def _rate(outcome: str, message: str, costs: int, threshold: int, params: dict,
          rate: Fraction) -> tuple[Check, Fraction]:
    return Check(id="I1", outcome=outcome, message=message, reference=REFERENCE, value=costs,
                 threshold=threshold, params={**params, "rate_share": rate}), rate


def evaluate(ctx: Context) -> SupportOutcome:
    rate = None

    def investment_checks() -> list[Check | None]:
        nonlocal rate
        planned = investment_planned(ctx)
        checks = [planned]
        if planned.outcome != FAILED:
            rate_check, rate = support_rate(ctx)
            checks.append(rate_check)
        if ctx["store.kind"] in DISTANCE_TESTED_KINDS:
            checks.append(distance_check(ctx, "I4", REFERENCE))
        return checks

    checks = after_gates(place_checks(ctx) + [applicant_and_object(ctx)], investment_checks)
    return SupportOutcome(
        checks=checks,
        # "upp till": rounded down to whole kronor
        amount_sek=int(rate * ctx[COSTS]) if rate is not None else None,
        apply_to=N_("investeringsstod.apply_to"),
        notes=[N_("investeringsstod.up_to")],
    )
