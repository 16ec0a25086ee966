"""The distance criteria, shared by särskilt driftstöd (D2), servicebidrag (S2) and
investeringsstöd (I4).

Avståndskriterier: "Ett försäljningsställe kan erhålla stöd om butiken har ett visst
avstånd till närmaste serviceställe. – mer än 10 km för dagligvarubutik. – mer än 20 km
gäller för drivmedelstation/tappställe. Om det inte finns en dagligvarubutik på orten
gäller dock minst 15 km. Vid särskilda skäl kan undantag från avståndskriteriet göras."
"""

from stodkollen.core.i18n import N_

from .checks import ASSESSMENT, FAILED, MISSING, PASSED, Check
from .context import Context
from .facts import ABSENT

GROCERY_DISTANCE = "store.distance_to_nearest_grocery_store_km"
FUEL_DISTANCE = "store.distance_to_nearest_fuel_station_km"


def _grocery_criterion(ctx: Context, check_id: str, reference: str) -> Check:
    """More than 10 km (strictly) to the nearest other grocery store with mångsidigt utbud."""
    distance = ctx[GROCERY_DISTANCE]
    limit = ctx.parameters["distance.grocery_store_min_km"]
    if distance is ABSENT:
        return Check(id=check_id, outcome=MISSING, message=None, reference=reference,
                     needs=(GROCERY_DISTANCE,))
    if distance is None:
        return Check(id=check_id, outcome=ASSESSMENT, message=N_("distance.grocery.unknown"),
                     reference=reference, threshold=limit)
    params = {"distance_km": distance, "limit_km": limit, "shortfall_km": limit - distance}
    if distance > limit:
        return Check(id=check_id, outcome=PASSED, message=N_("distance.grocery.passed"), reference=reference,
                     value=distance, threshold=limit, params=params)
    message = N_("distance.grocery.at_limit") if distance == limit else N_("distance.grocery.failed")
    return Check(id=check_id, outcome=FAILED, message=message, reference=reference, value=distance,
                 threshold=limit, params=params)


def _fuel_criterion(ctx: Context, check_id: str, reference: str) -> Check:
    """More than 20 km to the nearest other fuel station, or at least 15 km when the
    locality has no grocery store."""
    distance = ctx[FUEL_DISTANCE]
    limit = ctx.parameters["distance.fuel_station_min_km"]
    reduced_limit = ctx.parameters["distance.fuel_station_min_km_without_grocery_store"]
    if distance is ABSENT:
        return Check(id=check_id, outcome=MISSING, message=None, reference=reference, needs=(FUEL_DISTANCE,))
    if distance is None:
        return Check(id=check_id, outcome=ASSESSMENT, message=N_("distance.fuel.unknown"),
                     reference=reference, threshold=limit)
    params = {"distance_km": distance, "limit_km": limit, "reduced_limit_km": reduced_limit,
              "shortfall_km": limit - distance, "reduced_shortfall_km": reduced_limit - distance}
    if distance > limit:
        return Check(id=check_id, outcome=PASSED, message=N_("distance.fuel.passed"), reference=reference,
                     value=distance, threshold=limit, params=params)
    if distance < reduced_limit:
        return Check(id=check_id, outcome=FAILED, message=N_("distance.fuel.failed"), reference=reference,
                     value=distance, threshold=limit, params=params)
    grocery_in_locality = ctx["store.grocery_store_in_locality"]
    if grocery_in_locality is ABSENT:
        return Check(id=check_id, outcome=MISSING, message=None, reference=reference,
                     needs=("store.grocery_store_in_locality",))
    if grocery_in_locality is None:
        return Check(id=check_id, outcome=ASSESSMENT, message=N_("distance.fuel.locality_unknown"),
                     reference=reference, value=distance, threshold=reduced_limit, params=params)
    if grocery_in_locality:
        message = (N_("distance.fuel.at_limit") if distance == limit
                   else N_("distance.fuel.failed_grocery_in_locality"))
        return Check(id=check_id, outcome=FAILED, message=message, reference=reference, value=distance,
                     threshold=limit, params=params)
    return Check(id=check_id, outcome=PASSED, message=N_("distance.fuel.passed_no_grocery_in_locality"),
                 reference=reference, value=distance, threshold=reduced_limit, params=params)


def grocery_distance_or_archipelago(ctx: Context, check_id: str, reference: str) -> Check:
    """Särskilt driftstöd: "beläget mer än 10 km från ett annat försäljningsställe som har
    ett mångsidigt utbud av dagligvaror, eller i ett skärgårdsområde utan fast
    landförbindelse". The fuel criterion plays no part; an island store needs no distance."""
    if ctx["store.archipelago_without_road"] is True:
        return Check(id=check_id, outcome=PASSED, message=N_("distance.archipelago"), reference=reference,
                     value=True)
    criterion = _grocery_criterion(ctx, check_id, reference)
    if criterion.outcome != FAILED:
        return criterion
    return _exception_for_failed_distance(ctx, criterion, archipelago_counts=True)


def distance_check(ctx: Context, check_id: str, reference: str) -> Check | None:
    """The criteria the sales point is tested on: groceries → the grocery criterion, fuel →
    the fuel criterion, both → either may hold. None when it sells neither."""
    sells = {"store.sells_groceries": ctx["store.sells_groceries"],
             "store.sells_fuel": ctx["store.sells_fuel"]}
    not_known = tuple(path for path, answer in sells.items() if answer is ABSENT)
    if not_known:
        return Check(id=check_id, outcome=MISSING, message=None, reference=reference, needs=not_known)
    # An unknown answer (null) still lets its criterion count: the sales point may sell it.
    criteria = [criterion(ctx, check_id, reference) for path, criterion in
                (("store.sells_groceries", _grocery_criterion), ("store.sells_fuel", _fuel_criterion))
                if sells[path] is not False]
    if not criteria:
        return None
    by_outcome = {}
    for criterion in criteria:
        by_outcome.setdefault(criterion.outcome, []).append(criterion)
    if PASSED in by_outcome:
        return by_outcome[PASSED][0]
    if MISSING in by_outcome:
        needs = tuple(path for check in by_outcome[MISSING] for path in check.needs)
        return Check(id=check_id, outcome=MISSING, message=None, reference=reference, needs=needs)
    if ASSESSMENT in by_outcome:
        return by_outcome[ASSESSMENT][0]
    return _exception_for_failed_distance(ctx, by_outcome[FAILED][0], archipelago_counts=False)


def _exception_for_failed_distance(ctx: Context, failed: Check, archipelago_counts: bool) -> Check:
    """Särskilt driftstöd also accepts "ett skärgårdsområde utan fast landförbindelse";
    every distance criterion yields to "särskilda skäl" (then a caseworker judges)."""
    if archipelago_counts:
        archipelago = ctx["store.archipelago_without_road"]
        if archipelago is ABSENT:
            return _with(failed, MISSING, needs=("store.archipelago_without_road",))
        if archipelago is None:
            return _with(failed, ASSESSMENT, message=(failed.message, N_("distance.archipelago_unknown")))
    special_reasons = ctx["special_reasons"]
    if special_reasons is ABSENT:
        return _with(failed, MISSING, needs=("special_reasons",))
    if special_reasons is False:
        return _with(failed, FAILED, message=(failed.message, N_("distance.no_special_reasons")))
    return _with(failed, ASSESSMENT, message=(failed.message, N_("distance.special_reasons")))


def _with(check: Check, outcome: str, message=None, needs=()) -> Check:
    return Check(id=check.id, outcome=outcome, message=message if message is not None else check.message,
                 reference=check.reference, value=check.value, threshold=check.threshold, params=check.params,
                 needs=needs)
