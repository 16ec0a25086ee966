"""Stöd till grundläggande betaltjänster — Förordning (2014:139), Bilaga 1.

"Stöd får lämnas till företag som bedöms kunna tillhandahålla grundläggande betaltjänster
där det finns ett behov av sådana tjänster. Vid bedömningen tas hänsyn till avståndet till
närmaste tillhandahållare av grundläggande betaltjänster och till det uppskattade antalet
användare av tjänsterna. Stöd får inte lämnas där det är sannolikt att någon annan aktör
inom rimlig tid kommer att tillhandahålla grundläggande betaltjänster på kommersiell grund."
"""

from stodkollen.core.i18n import N_

from ..checks import ASSESSMENT, FAILED, MISSING, PASSED, Check
from ..context import Context
from ..facts import ABSENT
from ..general import applicant, place_checks
from ..result import SupportOutcome, after_gates

SUPPORT = "betaltjanster"
PERIOD = "none"
REFERENCE = "SFS 2014:139; Bilaga 1, Grundläggande betaltjänster"
FACTS = ("payment_services.interested", "payment_services.commercial_provider_likely",
         "payment_services.distance_to_nearest_provider_km", "payment_services.estimated_users")


def interested(ctx: Context) -> Check:
    """B0. Reading: not interested → "inte aktuellt"; other payment facts imply interest."""
    answer = ctx["payment_services.interested"]
    if answer is ABSENT and any(ctx[path] is not ABSENT for path in FACTS[1:]):
        answer = True
    if answer is ABSENT:
        return Check(id="B0", outcome=MISSING, message=None, reference=REFERENCE,
                     needs=("payment_services.interested",))
    if answer is None:
        return Check(id="B0", outcome=ASSESSMENT, message=N_("B0.unknown"), reference=REFERENCE)
    return Check(id="B0", outcome=PASSED if answer else FAILED,
                 message=N_("B0.passed") if answer else N_("B0.failed"), reference=REFERENCE, value=answer)


def no_commercial_provider(ctx: Context) -> Check:
    """B1. "Stöd får inte lämnas där det är sannolikt att någon annan aktör inom rimlig tid
    kommer att tillhandahålla grundläggande betaltjänster på kommersiell grund." """
    likely = ctx["payment_services.commercial_provider_likely"]
    if likely is ABSENT:
        return Check(id="B1", outcome=MISSING, message=None, reference=REFERENCE,
                     needs=("payment_services.commercial_provider_likely",))
    if likely is None:
        return Check(id="B1", outcome=ASSESSMENT, message=N_("B1.unknown"), reference=REFERENCE)
    return Check(id="B1", outcome=FAILED if likely else PASSED,
                 message=N_("B1.failed") if likely else N_("B1.passed"), reference=REFERENCE, value=likely)


def need(ctx: Context) -> Check:
    """B2. The two factors of the assessment, shown to the caseworker; never decided here."""
    distance = ctx["payment_services.distance_to_nearest_provider_km"]
    users = ctx["payment_services.estimated_users"]
    needs = tuple(path for path, value in zip(FACTS[2:], (distance, users), strict=True) if value is ABSENT)
    if needs:
        return Check(id="B2", outcome=MISSING, message=None, reference=REFERENCE, needs=needs)
    # An unknown factor is shown as such; the caseworker assesses either way.
    return Check(id="B2", outcome=ASSESSMENT, message=N_("B2.assessment"), reference=REFERENCE,
                 params={"distance_km": distance, "users_count": users})


def evaluate(ctx: Context) -> SupportOutcome:
    who = applicant(ctx, "BA", ("business",), REFERENCE, N_("BA.failed"))
    checks = after_gates(place_checks(ctx) + [who],
                         lambda: [interested(ctx), no_commercial_provider(ctx), need(ctx)])
    return SupportOutcome(checks=checks, apply_to=N_("betaltjanster.apply_to"))
