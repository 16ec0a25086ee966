"""Prerequisites shared by the supports (Förordning 2000:284 and the programme's scope)."""

from stodkollen.core.i18n import N_

from .checks import ASSESSMENT, FAILED, MISSING, PASSED, Check
from .context import Context
from .facts import ABSENT

PROGRAMME_SCOPE = "Regionalt serviceprogram 2014–2020, Definitioner och avgränsningar"
SPARSE_SERVICE = "SFS 2000:284 5 §; " + PROGRAMME_SCOPE
SERVICE_PLAN = "SFS 2000:284 6 §; Bilaga 1, Förordning (2000:284)"


def in_vasterbotten(ctx: Context) -> Check:
    """G0. The programme is Västerbotten's: "främja tillgången till kommersiell service i
    serviceglesa områden i Västerbottens län" (Syfte och övergripande mål). A real
    municipality elsewhere is not an error; the applicant is sent to that county."""
    name = ctx["municipality"]
    if name is ABSENT:
        return Check(id="G0", outcome=MISSING, message=None, reference=PROGRAMME_SCOPE,
                     needs=("municipality",))
    if name is None:
        return Check(id="G0", outcome=ASSESSMENT, message=N_("G0.unknown"), reference=PROGRAMME_SCOPE)
    municipality = ctx.municipality
    params = {"municipality": municipality.name, "county": municipality.county,
              "lansstyrelse": municipality.lansstyrelse, "region": municipality.region}
    if municipality.in_vasterbotten:
        return Check(id="G0", outcome=PASSED, message=N_("G0.passed"), reference=PROGRAMME_SCOPE,
                     value=municipality.name, params=params)
    return Check(id="G0", outcome=FAILED, message=N_("G0.failed"), reference=PROGRAMME_SCOPE,
                 value=municipality.name, threshold=municipality.county, params=params)


def outside_central_locality(ctx: Context, households: bool = False) -> Check | None:
    """G1. "Centralorterna Umeå, Skellefteå och Lycksele beskrivs inte närmare i detta
    program." Reading: a sales point in one of these three centralorter gets no support;
    for hemsändningsbidrag the question is whether the households served live there
    ("Var: Där servicen är gles (inte inom centralort)", Bilaga 2)."""
    municipality = ctx.municipality
    if municipality is None or not municipality.in_vasterbotten:
        return None
    params = {"municipality": municipality.name, "municipality_in_full": municipality.name}
    if not municipality.central_locality_excluded:
        return Check(id="G1", outcome=PASSED, message=N_("G1.not_excluded"), reference=SPARSE_SERVICE,
                     params=params)
    in_centre = ctx["in_central_locality"]
    if in_centre is ABSENT:
        return Check(id="G1", outcome=MISSING, message=None, reference=SPARSE_SERVICE,
                     needs=("in_central_locality",))
    if in_centre is None:
        return Check(id="G1", outcome=ASSESSMENT, message=N_("G1.unknown"), reference=SPARSE_SERVICE,
                     params=params)
    message = {(True, False): N_("G1.failed"), (True, True): N_("G1.failed_households"),
               (False, False): N_("G1.passed"), (False, True): N_("G1.passed_households")}
    return Check(id="G1", outcome=FAILED if in_centre else PASSED, message=message[in_centre, households],
                 reference=SPARSE_SERVICE, value=in_centre, params=params)


def service_plan(ctx: Context) -> Check:
    """G2. "Stöd får lämnas endast om kommunen har planerat varuförsörjningen på ett sådant
    sätt att behovet av stöd kan bedömas." Reading: applies to särskilt driftstöd,
    servicebidrag and hemsändningsbidrag; unknown → a caseworker assesses."""
    plan = ctx.service_plan()
    params = {"municipality_in_full": ctx.municipality.name if ctx.municipality else ""}
    if plan is ABSENT:
        return Check(id="G2", outcome=MISSING, message=None, reference=SERVICE_PLAN,
                     needs=("municipality_has_service_plan",))
    if plan is None:
        return Check(id="G2", outcome=ASSESSMENT, message=N_("G2.unknown"), reference=SERVICE_PLAN,
                     params=params)
    return Check(id="G2", outcome=PASSED if plan else FAILED,
                 message=N_("G2.passed") if plan else N_("G2.failed"), reference=SERVICE_PLAN, value=plan,
                 params=params)


def applicant(ctx: Context, check_id: str, allowed: tuple[str, ...], reference: str,
              failed_message: str | None = None) -> Check:
    """Who may apply for a support: the applicant kinds the support's text names."""
    kind = ctx["applicant_kind"]
    if kind is ABSENT:
        return Check(id=check_id, outcome=MISSING, message=None, reference=reference,
                     needs=("applicant_kind",))
    if kind is None:
        return Check(id=check_id, outcome=ASSESSMENT, message=N_("applicant.unknown"), reference=reference)
    if kind in allowed:
        return Check(id=check_id, outcome=PASSED, message=N_("applicant.passed"), reference=reference,
                     value=kind, params={"applicant_kind": kind})
    return Check(id=check_id, outcome=FAILED, message=failed_message, reference=reference, value=kind,
                 params={"applicant_kind": kind})


def place_checks(ctx: Context, households: bool = False) -> list[Check]:
    """G0 and G1, the "where" every support starts with (worked out once per evaluation)."""
    if households not in ctx.place_checks:
        ctx.place_checks[households] = [
            check for check in (in_vasterbotten(ctx), outside_central_locality(ctx, households))
            if check is not None]
    return list(ctx.place_checks[households])
