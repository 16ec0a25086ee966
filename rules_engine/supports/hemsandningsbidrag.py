"""Hemsändningsbidrag — Bilaga 1 and 2; Förordning (2000:284) 19–21 §§.

"19 § Stöd till kommersiell service kan lämnas som hemsändningsbidrag till kommuner för
att bekosta kommunens hemsändning av dagligvaror till de hushåll som har störst avstånd
till eller saknar möjligheter att på annat sätt ta sig till butiken."
"""

from stodkollen.core.i18n import N_

from ..checks import ASSESSMENT, FAILED, MISSING, PASSED, Check
from ..context import Context
from ..facts import ABSENT
from ..general import applicant, place_checks, service_plan
from ..result import SupportOutcome, after_gates

SUPPORT = "hemsandningsbidrag"
PERIOD = "year"
REFERENCE = "SFS 2000:284 19–21 §§; Bilaga 1, Hemsändningsbidrag"
RECOMMENDATIONS = "Bilaga 2, Rekommendationer för hemsändningsbidrag"
NET_COST = "home_delivery.net_cost_sek"
DELIVERIES = "home_delivery.deliveries"
WEEKS_PER_YEAR = 52


def net_cost_threshold(ctx: Context) -> Check:
    """H1. "Bidrag lämnas endast om nettoutgiften eller de direkta kostnaderna uppgår till
    minst ett halvt prisbasbelopp." (20 §)"""
    net_cost = ctx[NET_COST]
    share = ctx.parameters["hemsandning.min_net_cost_share_of_prisbasbelopp"]
    prisbasbelopp = ctx.parameters["prisbasbelopp"]
    minimum = share * prisbasbelopp
    params = {"minimum_sek": minimum, "prisbasbelopp_sek": prisbasbelopp, "year": ctx.year}
    if net_cost is ABSENT:
        return Check(id="H1", outcome=MISSING, message=None, reference=REFERENCE, needs=(NET_COST,))
    if net_cost is None:
        return Check(id="H1", outcome=ASSESSMENT, message=N_("H1.unknown"), reference=REFERENCE,
                     threshold=minimum, params=params)
    params.update(net_cost_sek=net_cost, shortfall_sek=minimum - net_cost)
    if net_cost >= minimum:
        return Check(id="H1", outcome=PASSED, message=N_("H1.passed"), reference=REFERENCE, value=net_cost,
                     threshold=minimum, params=params)
    return Check(id="H1", outcome=FAILED, message=N_("H1.failed"), reference=REFERENCE, value=net_cost,
                 threshold=minimum, params=params)


def amount(ctx: Context) -> Check | None:
    """HA. "Hemsändningsbidrag … får lämnas med ett belopp som motsvarar högst 50 procent av
    kommunens nettoutgift för hemsändningen … Bidraget får dock inte överstiga 100 kronor
    per hushåll och hemsändningstillfälle." (20 §) Rounded down to whole kronor."""
    net_cost, deliveries = ctx[NET_COST], ctx[DELIVERIES]
    if deliveries is ABSENT:
        return Check(id="HA", outcome=MISSING, message=None, reference=REFERENCE, needs=(DELIVERIES,))
    if not isinstance(net_cost, int):
        return None
    if deliveries is None:
        return Check(id="HA", outcome=ASSESSMENT, message=N_("HA.deliveries_unknown"), reference=REFERENCE)
    half_of_cost = int(ctx.parameters["hemsandning.max_share_of_net_cost"] * net_cost)
    per_delivery_cap = ctx.parameters["hemsandning.max_per_delivery_sek"] * deliveries
    value = min(half_of_cost, per_delivery_cap)
    params = {"amount_sek": value, "half_cost_sek": half_of_cost, "cap_sek": per_delivery_cap,
              "deliveries_count": deliveries,
              "per_delivery_sek": ctx.parameters["hemsandning.max_per_delivery_sek"]}
    if value == 0:
        return Check(id="HA", outcome=FAILED, message=N_("HA.zero"), reference=REFERENCE, value=0,
                     params=params)
    message = N_("HA.limited_by_deliveries") if per_delivery_cap < half_of_cost else N_("HA.half_cost")
    return Check(id="HA", outcome=PASSED, message=message, reference=REFERENCE, value=value, params=params)


def delivery_frequency_note(ctx: Context) -> list[str]:
    """Recommendation, not a criterion: "Antal: Högst två leveranser per vecka och hushåll." """
    deliveries, households = ctx[DELIVERIES], ctx["home_delivery.households"]
    if not isinstance(deliveries, int) or not households:
        return []
    per_week = deliveries / households / WEEKS_PER_YEAR
    if per_week > ctx.parameters["hemsandning.recommended_max_deliveries_per_week"]:
        return [N_("hemsandningsbidrag.too_frequent")]
    return []


def evaluate(ctx: Context) -> SupportOutcome:
    checks = after_gates(
        place_checks(ctx, households=True) + [applicant(ctx, "H0", ("municipality",), REFERENCE,
                                                        N_("H0.failed"))],
        lambda: [net_cost_threshold(ctx), service_plan(ctx), amount(ctx)])
    amount_check = next((check for check in checks if check.id == "HA"), None)
    return SupportOutcome(
        checks=checks,
        amount_sek=amount_check.value if amount_check and amount_check.outcome == PASSED else None,
        conditions=[N_("hemsandningsbidrag.paid_in_arrears")],
        notes=[N_("hemsandningsbidrag.recommendations")] + delivery_frequency_note(ctx),
        apply_to=N_("hemsandningsbidrag.apply_to"),
    )
