"""Särskilt driftstöd till dagligvarubutiker i sårbara och utsatta lägen — Bilaga 1.

"Särskilt driftstöd får lämnas till ägaren till försäljningsställe som har ett mångsidigt
utbud av dagligvaror och som: – är beläget mer än 10 km från ett annat försäljningsställe
som har ett mångsidigt utbud av dagligvaror, eller i ett skärgårdsområde utan fast
landförbindelse – har fasta lokaler som är öppna så att kunderna kan få tillgång till
dagligvaror på åretruntbasis, och – har en nettoomsättning för dagligvaror som uppgick till
högst elva miljoner kronor enligt det senaste årets årsredovisning, årsbokslut eller annat
liknande underlag."
"""

from stodkollen.core.i18n import N_

from ..checks import ASSESSMENT, FAILED, MISSING, PASSED, Check
from ..context import Context
from ..distance import grocery_distance_or_archipelago
from ..facts import ABSENT
from ..general import applicant, place_checks, service_plan
from ..result import SupportOutcome, after_gates

SUPPORT = "sarskilt_driftstod"
PERIOD = "year"
WHO = "Bilaga 1, Särskilt driftstöd, Vem kan få stöd?"
DEFINITIONS = "Bilaga 1, Särskilt driftstöd, Definitioner"
AMOUNT = "Bilaga 1, Särskilt driftstöd, Så här mycket kan du få i stöd"
TURNOVER = "store.grocery_net_turnover_sek"
# "Annan grundläggande kommersiell service: Drivmedel, post, apotek och betaltjänster"
OTHER_BASIC_SERVICES = frozenset({"fuel", "post", "parcel", "pharmacy_agent", "payment_services"})


def owner_of_grocery_sales_point(ctx: Context) -> Check:
    """D0. "… får lämnas till ägaren till försäljningsställe som har ett mångsidigt utbud
    av dagligvaror". Reading: the owner is a business or an association; a municipality or
    public body is not asked about a store's turnover."""
    who = applicant(ctx, "D0", ("business", "association"), WHO, N_("D0.failed_applicant"))
    if who.outcome == FAILED:
        return who
    sells_groceries = ctx["store.sells_groceries"]
    if sells_groceries is False:
        return Check(id="D0", outcome=FAILED, message=N_("D0.failed_no_groceries"), reference=WHO,
                     value=False)
    needs = who.needs + (("store.sells_groceries",) if sells_groceries is ABSENT else ())
    if needs:
        return Check(id="D0", outcome=MISSING, message=None, reference=WHO, needs=needs)
    if sells_groceries is None or who.outcome == ASSESSMENT:
        return Check(id="D0", outcome=ASSESSMENT, message=N_("D0.unknown"), reference=WHO)
    return Check(id="D0", outcome=PASSED, message=N_("D0.passed"), reference=WHO, value=True)


def varied_range(ctx: Context) -> Check:
    """D1. "Mångsidigt utbud: Minst 1000 artiklar, varav varugrupperna mejeri, charkvaror,
    ägg, färskt bröd, frukt och grönsaker bör finnas representerade. För butiker med
    omsättning under 2 miljoner kronor kan avsteg göras från ovanstående definition av
    mångsidigt utbud." Reading: too few articles fails from 2 000 000 kr turnover, is
    assessed below it; a missing product group ("bör") is assessed."""
    articles = ctx["store.article_count"]
    minimum = ctx.parameters["driftstod.min_articles"]
    small_store_limit = ctx.parameters["driftstod.small_store_turnover_sek"]
    if articles is ABSENT:
        return Check(id="D1", outcome=MISSING, message=None, reference=DEFINITIONS,
                     needs=("store.article_count",))
    if articles is None:
        return Check(id="D1", outcome=ASSESSMENT, message=N_("D1.articles_unknown"), reference=DEFINITIONS,
                     threshold=minimum, params={"minimum_count": minimum})
    params = {"articles_count": articles, "minimum_count": minimum,
              "shortfall_count": minimum - articles, "small_store_limit_sek": small_store_limit}
    if articles >= minimum:
        groups = ctx["store.has_all_product_groups"]
        if groups is ABSENT:
            return Check(id="D1", outcome=MISSING, message=N_("D1.articles_ok"), reference=DEFINITIONS,
                         value=articles, threshold=minimum, params=params,
                         needs=("store.has_all_product_groups",))
        if groups:
            return Check(id="D1", outcome=PASSED, message=N_("D1.passed"), reference=DEFINITIONS,
                         value=articles, threshold=minimum, params=params)
        message = N_("D1.groups_missing") if groups is False else N_("D1.groups_unknown")
        return Check(id="D1", outcome=ASSESSMENT, message=message, reference=DEFINITIONS,
                     value=articles, threshold=minimum, params=params)
    turnover = ctx[TURNOVER]
    if turnover is ABSENT:
        return Check(id="D1", outcome=MISSING, message=N_("D1.too_few"), reference=DEFINITIONS,
                     value=articles, threshold=minimum, params=params, needs=(TURNOVER,))
    if turnover is not None and turnover >= small_store_limit:
        return Check(id="D1", outcome=FAILED, message=N_("D1.failed"), reference=DEFINITIONS, value=articles,
                     threshold=minimum, params=params)
    return Check(id="D1", outcome=ASSESSMENT, message=N_("D1.small_store_deviation"), reference=DEFINITIONS,
                 value=articles, threshold=minimum, params=params)


def open_year_round(ctx: Context) -> Check:
    """D3. "Öppet året runt i genomsnitt minst 40 timmar per vecka för butiker med omsättning
    på minst 2 miljoner kronor och max 11 miljoner kronor. Öppet året runt i genomsnitt
    minst 20 timmar per vecka för butiker med omsättning under 2 miljoner kronor.
    Säsongsbutiker kan inte erhålla stöd." """
    year_round = ctx["store.open_year_round"]
    if year_round is False:
        return Check(id="D3", outcome=FAILED, message=N_("D3.seasonal"), reference=DEFINITIONS, value=False)
    hours = ctx["store.opening_hours_per_week"]
    needs = tuple(path for path, answer in (("store.open_year_round", year_round),
                                            ("store.opening_hours_per_week", hours))
                  if answer is ABSENT)
    if hours is ABSENT or hours is None:
        return Check(id="D3", outcome=MISSING if needs else ASSESSMENT,
                     message=None if needs else N_("D3.hours_unknown"), reference=DEFINITIONS, needs=needs)
    minimum = _hours_minimum(ctx, hours)
    if minimum is None:
        if ctx[TURNOVER] is ABSENT or needs:
            return Check(id="D3", outcome=MISSING, message=None, reference=DEFINITIONS, value=hours,
                         needs=needs + ((TURNOVER,) if ctx[TURNOVER] is ABSENT else ()))
        return Check(id="D3", outcome=ASSESSMENT, message=N_("D3.turnover_unknown"), reference=DEFINITIONS,
                     value=hours, params={"hours": hours})
    params = {"hours": hours, "minimum_hours": minimum, "shortfall_hours": minimum - hours}
    if hours < minimum:
        return Check(id="D3", outcome=FAILED, message=N_("D3.too_few_hours"), reference=DEFINITIONS,
                     value=hours, threshold=minimum, params=params)
    if needs:
        return Check(id="D3", outcome=MISSING, message=N_("D3.hours_ok"), reference=DEFINITIONS, value=hours,
                     threshold=minimum, params=params, needs=needs)
    if year_round is None:
        return Check(id="D3", outcome=ASSESSMENT, message=N_("D3.year_round_unknown"), reference=DEFINITIONS,
                     value=hours, threshold=minimum, params=params)
    return Check(id="D3", outcome=PASSED, message=N_("D3.passed"), reference=DEFINITIONS, value=hours,
                 threshold=minimum, params=params)


def _hours_minimum(ctx: Context, hours: float) -> float | None:
    """The weekly minimum that applies: 20 h below 2 000 000 kr turnover, else 40 h. Without
    a known turnover, hours that meet 40 or fall short of 20 are decided all the same."""
    full = ctx.parameters["driftstod.min_hours_per_week"]
    small = ctx.parameters["driftstod.min_hours_per_week_small_store"]
    turnover = ctx[TURNOVER]
    if isinstance(turnover, int):
        return small if turnover < ctx.parameters["driftstod.small_store_turnover_sek"] else full
    if hours >= full:
        return full
    return small if hours < small else None


def turnover_cap(ctx: Context) -> Check:
    """D4. "… har en nettoomsättning för dagligvaror som uppgick till högst elva miljoner
    kronor enligt det senaste årets årsredovisning" (fuel, special goods, agent services,
    café and vehicle rental are not counted)."""
    turnover = ctx[TURNOVER]
    cap = ctx.parameters["driftstod.max_turnover_sek"]
    if turnover is ABSENT:
        return Check(id="D4", outcome=MISSING, message=None, reference=WHO, needs=(TURNOVER,))
    if turnover is None:
        return Check(id="D4", outcome=ASSESSMENT, message=N_("D4.unknown"), reference=WHO, threshold=cap)
    params = {"turnover_sek": turnover, "cap_sek": cap, "excess_sek": turnover - cap}
    return Check(id="D4", outcome=PASSED if turnover <= cap else FAILED,
                 message=N_("D4.passed") if turnover <= cap else N_("D4.failed"), reference=WHO,
                 value=turnover, threshold=cap, params=params)


def computed_amount(turnover: int, parameters: dict) -> int:
    """The beräkningsmodell, rounded down to whole kronor (Reading), never above the ceiling.

    Bands (Bilaga 1): 500 000–5 000 000 kr: −33 333 + 1/15 × T; 5–7 miljoner: 300 000;
    7–11 miljoner: 300 000 − 0,075 × (T − 7 000 000). Below 500 000 kr: nothing.
    """
    for band in parameters["driftstod.bands"]:
        if band["from_sek"] <= turnover <= band["to_sek"]:
            slope = band["slope"]
            exact = (band["base_sek"] * slope.denominator
                     + slope.numerator * (turnover - band["origin_sek"]))
            return max(0, min(exact // slope.denominator, parameters["driftstod.max_amount_sek"]))
    return 0


def amount(ctx: Context) -> Check | None:
    """DA. Reading: "a computed amount of 0 is not_eligible" ("beräknat stöd blir 0 kr")."""
    turnover = ctx[TURNOVER]
    if turnover is ABSENT or turnover is None or turnover > ctx.parameters["driftstod.max_turnover_sek"]:
        return None
    value = computed_amount(turnover, ctx.parameters)
    params = {"turnover_sek": turnover, "amount_sek": value,
              "ceiling_sek": ctx.parameters["driftstod.max_amount_sek"]}
    return Check(id="DA", outcome=PASSED if value > 0 else FAILED,
                 message=N_("DA.passed") if value > 0 else N_("DA.zero"), reference=AMOUNT, value=value,
                 threshold=None, params=params)


def evaluate(ctx: Context) -> SupportOutcome:
    checks = after_gates(
        place_checks(ctx) + [owner_of_grocery_sales_point(ctx)],
        lambda: [varied_range(ctx), grocery_distance_or_archipelago(ctx, "D2", WHO),
                 open_year_round(ctx), turnover_cap(ctx), service_plan(ctx), amount(ctx)])
    amount_check = next((check for check in checks if check.id == "DA"), None)
    services = ctx["store.services"] or ()
    offers_other_service = (bool(OTHER_BASIC_SERVICES.intersection(services))
                            or ctx["store.sells_fuel"] is True)
    return SupportOutcome(
        checks=checks,
        amount_sek=amount_check.value if amount_check else None,
        max_amount_sek=ctx.parameters["driftstod.max_amount_sek"],
        conditions=[N_("D5.sgei_condition")],
        # "Försäljningsställen som är betydelsefulla även för tillgängligheten till annan
        # grundläggande kommersiell service ska prioriteras."
        notes=[N_("sarskilt_driftstod.priority")] if offers_other_service else [],
        apply_to=N_("sarskilt_driftstod.apply_to"),
    )
