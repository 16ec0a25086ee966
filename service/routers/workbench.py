"""/handlaggare/verkstad: the scenario workbench for caseworkers.

The library (load the shipped scenarios, import and export YAML), one scenario's facts in a
form with its explained result and a what-if chart, and two scenarios side by side. Every
form posts with the session's CSRF token (service/caseworkers.py); pages that only show
things are GETs, so a link or the back button never changes anything.
"""

import base64
from dataclasses import dataclass, replace
from typing import Annotated
from urllib.parse import quote, unquote, urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from rules_engine import SUPPORT_NAMES
from stodkollen.core.formatting import format_sek
from stodkollen.core.i18n import N_, translate
from workbench.boundaries import affected_supports, boundary_cases
from workbench.report import (
    ScenarioOutcome,
    describe_mismatch,
    describe_outcome,
    render_report,
    scenario_chart,
)
from workbench.scenario import Scenario, ScenarioError, ScenarioRun, run_scenario, scenario_to_yaml, slug
from workbench.statuses import verdict_word
from workbench.whatif import VARIABLE_FACTS, whatif_svg

from ..caseworkers import CurrentCaseworker, FormCaseworker
from ..pages import page
from ..sessions import Caseworker
from ..workbench import exchange, form
from ..workbench.explain import result_view, status_label
from ..workbench.store import WorkbenchStore

PREFIX = "/handlaggare/verkstad"
router = APIRouter(prefix=PREFIX, tags=["workbench"], include_in_schema=False)
DEFAULT_WHATIF = "store.grocery_net_turnover_sek"
NAME_COOKIE = "verkstad_namn"
MAX_NAME = 80
MAX_UPLOAD_BYTES = 5_000_000
MAX_PASTED_CHARS = 200_000
# What a redirect to the library may say, by the query parameter that carries its number.
LIBRARY_NOTICES = {"inlasta": N_("workbench.notice.loaded"), "importerade": N_("workbench.notice.imported"),
                   "raderat": N_("workbench.notice.deleted")}


def get_workbench(request: Request) -> WorkbenchStore:
    return request.app.state.workbench


Workbench = Annotated[WorkbenchStore, Depends(get_workbench)]


def workbench_page(template: str, caseworker: Caseworker, status_code: int = 200, **context):
    """A workbench page with the caseworker's menu and the helpers its templates use."""
    helpers = {"money": lambda amount: format_sek(amount, "sv"),
               "fact_label": lambda path: form.label(path, "sv"),
               "status_label": lambda status: status_label(status, "sv"),
               "verdict": lambda passed: verdict_word(passed, "sv")}
    return page(template, status_code=status_code, caseworker=caseworker, **{**helpers, **context})


def found(store: WorkbenchStore, scenario_id: str) -> Scenario:
    scenario = store.scenario(scenario_id)
    if scenario is None:
        raise HTTPException(status_code=404, detail=translate(N_("workbench.error.no_scenario"), "sv",
                                                              id=scenario_id))
    return scenario


def svg_data_url(svg: str) -> str:
    """The chart travels inside the page as a data: image. Not as an <svg> element: matplotlib
    styles its shapes with style="" attributes, which our Content-Security-Policy (no inline
    styles, service/security.py) would strip from the page; an image is a document of its own."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


# ---------------------------------------------------------------------------- the library
def library_page(store: WorkbenchStore, caseworker: Caseworker, *, notice: str | None = None,
                 error: str | None = None, load_error: str | None = None, pasted: str = "",
                 status_code: int = 200, you: str = "", runs: dict | None = None):
    """The shared library (with each scenario's verdict after "run all"), and this browser's own copies."""
    return workbench_page("workbench/library.html", caseworker, status_code, scenarios=store.scenarios(),
                          copies=store.scenarios(you) if you else [], you=you, runs=runs,
                          passed=sum(not mismatches for mismatches in (runs or {}).values()),
                          notice=notice, error=error, load_error=load_error, pasted=pasted, a="", b="")


@router.get("")
def library(store: Workbench, caseworker: CurrentCaseworker, request: Request):
    counts = {key: request.query_params.get(key, "") for key in LIBRARY_NOTICES}
    notice = next((translate(LIBRARY_NOTICES[key], "sv", count=count)
                   for key, count in counts.items() if count.isdigit()), None)
    return library_page(store, caseworker, notice=notice, you=your_name(request))


def run_library(store: WorkbenchStore) -> list[ScenarioRun]:
    return [run_scenario(scenario) for scenario in store.scenarios()]


@router.get("/kor")
async def run_all(store: Workbench, caseworker: CurrentCaseworker, request: Request):
    """"Kör alla": every scenario of the shared library through the engine, each with its verdict
    and its differences from what it expects. Changes nothing, so a GET."""
    runs = await run_in_threadpool(run_library, store)
    return library_page(store, caseworker, you=your_name(request),
                        runs={run.scenario.id: [describe_mismatch(m, "sv") for m in run.mismatches]
                              for run in runs})


def library_report(store: WorkbenchStore) -> str:
    outcomes = [ScenarioOutcome(run, None, *scenario_chart(run, "sv")) for run in run_library(store)]
    return render_report(outcomes, "sv")


@router.get("/rapport.html")
async def report(store: Workbench, caseworker: CurrentCaseworker):
    """The library's report, the same page `stodkollen scenarios run --report` writes (engine only:
    the conversations need the assistant, which the CLI talks to)."""
    html = await run_in_threadpool(library_report, store)
    return Response(html, media_type="text/html; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="scenariorapport.html"',
                             "Cache-Control": "no-store"})


@router.post("/bibliotek")
def load_shipped_library(store: Workbench, caseworker: FormCaseworker):
    """The shipped scenarios replace those with the same id: "load the library" brings the
    originals back, which is what a trainer wants before a training day."""
    try:
        scenarios = exchange.shipped_library()
    except ScenarioError as error:  # a shipped file someone edited by hand: say which, load none
        return library_page(store, caseworker, load_error=error.message, status_code=422)
    store.save(*scenarios)
    return RedirectResponse(f"{PREFIX}?{urlencode({'inlasta': len(scenarios)})}", status_code=303)


@router.post("/importera")
async def import_yaml(request: Request, store: Workbench, caseworker: FormCaseworker):
    posted = await request.form()
    upload, pasted = posted.get("fil"), str(posted.get("text") or "")
    try:
        if upload is not None and not isinstance(upload, str) and upload.filename:
            data = await upload.read(MAX_UPLOAD_BYTES + 1)
            if len(data) > MAX_UPLOAD_BYTES:
                raise ScenarioError("", translate(N_("workbench.error.too_big"), "sv"))
            scenarios = exchange.read_upload(upload.filename, data)
        elif pasted.strip():
            if len(pasted) > MAX_PASTED_CHARS:
                raise ScenarioError("", translate(N_("workbench.error.too_big"), "sv"))
            scenarios = [exchange.read_pasted(pasted)]
        else:
            raise ScenarioError("", translate(N_("workbench.error.nothing_to_import"), "sv"))
    except ScenarioError as error:
        return library_page(store, caseworker, error=error.message, pasted=pasted, status_code=422)
    store.save(*scenarios)
    if len(scenarios) == 1:
        return RedirectResponse(f"{PREFIX}/scenario/{quote(scenarios[0].id)}", status_code=303)
    return RedirectResponse(f"{PREFIX}?{urlencode({'importerade': len(scenarios)})}", status_code=303)


@router.get("/export.zip")
def export_all(store: Workbench, caseworker: CurrentCaseworker):
    return Response(exchange.zip_of(store.scenarios()), media_type="application/zip",
                    headers={"Content-Disposition": 'attachment; filename="scenarier.zip"',
                             "Cache-Control": "no-store"})


@router.post("/nytt")
def new_scenario(store: Workbench, caseworker: FormCaseworker):
    name = translate(N_("workbench.new_name"), "sv")
    taken = {scenario.id for scenario in store.scenarios()}
    scenario_id = next(candidate for number in range(1, len(taken) + 2)
                       if (candidate := f"{slug(name)}-{number}") not in taken)
    store.save(Scenario(scenario_id, name, "", {}))
    return RedirectResponse(f"{PREFIX}/scenario/{quote(scenario_id)}", status_code=303)


# ---------------------------------------------------------------------------- one scenario
@router.get("/scenario/{scenario_id}.yaml")
def export_one(scenario_id: str, store: Workbench, caseworker: CurrentCaseworker):
    scenario = found(store, scenario_id)
    return Response(scenario_to_yaml(scenario), media_type="application/yaml; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{scenario.id}.yaml"',
                             "Cache-Control": "no-store"})


def chart_choice(fact_path: str | None, support: str | None,
                 scenario: Scenario | None = None) -> tuple[str, str | None]:
    """The fact to vary (one of the chart's variable facts; the scenario's own `chart:` fact when
    none is asked for) and the support to draw (all when none)."""
    default = scenario.chart.fact if scenario and scenario.chart else DEFAULT_WHATIF
    return (fact_path if fact_path in VARIABLE_FACTS else default,
            support if support in SUPPORT_NAMES else None)


def chart_bounds(scenario: Scenario, fact_path: str, typed: tuple[str, str]) -> tuple[list, str | None]:
    """The axis's [start, stop] as typed in the form ("fran", "till", Swedish numbers, empty for
    "fit the case"), else the scenario file's range for this fact; and the problem, if any."""
    asked = scenario.chart if scenario.chart and scenario.chart.fact == fact_path else None
    bounds = [asked.start, asked.stop] if asked else [None, None]
    for index, text in enumerate(typed):
        if text.strip():
            try:
                bounds[index] = form.read_amount(text)
            except form.FormProblem as problem:
                return [None, None], translate(str(problem), "sv", field=form.label(fact_path, "sv"))
    return bounds, None


def scenario_page(scenario: Scenario, caseworker: Caseworker, *, fact_path: str, support: str | None,
                  typed: dict | None = None, errors: dict | None = None, name: str | None = None,
                  description: str | None = None, status_code: int = 200,
                  bounds_typed: tuple[str, str] = ("", ""), owner: str = "", you: str = "",
                  tried: bool = False, template: str = "workbench/scenario.html"):
    """The form (as typed, with the problems, when a save failed), and for the facts (the saved
    ones, or those typed when only trying) the engine's explained answer and the what-if chart
    (over the range asked for, when it can be)."""
    run = chart = None
    bounds, chart_error = chart_bounds(scenario, fact_path, bounds_typed)
    if not errors:
        run = run_scenario(scenario)
        try:
            chart = svg_data_url(whatif_svg(scenario.facts, fact_path, support,
                                            start=bounds[0], stop=bounds[1]))
        except ValueError as error:  # a range that ends before it starts: say so, draw the fitted one
            chart_error = str(error)
            chart = svg_data_url(whatif_svg(scenario.facts, fact_path, support))
    values = typed or form.form_values(scenario.facts, "sv")
    return workbench_page(template, caseworker, status_code, scenario=scenario,
                          name=scenario.name if name is None else name,
                          description=scenario.description if description is None else description,
                          groups=form.grouped_field_views(values, errors or {}, "sv"), errors=errors or {},
                          municipalities=form.municipalities(),
                          result=result_view(run.result, "sv") if run else None,
                          mismatches=run.mismatches if run else [], chart=chart, fact_path=fact_path,
                          support=support, bounds_typed=bounds_typed, chart_error=chart_error,
                          owner=owner, you=you, tried=tried,
                          variable_facts=[(path, form.label(path, "sv")) for path in VARIABLE_FACTS],
                          supports=[(code, translate(f"support.{code}", "sv")) for code in SUPPORT_NAMES])


# ---------------------------------------------------------------------------- whose copy
def your_name(request: Request) -> str:
    """The name this browser gave for its own copies (once per browser session, as in training)."""
    return unquote(request.cookies.get(NAME_COOKIE, ""))[:MAX_NAME]


def remember_name(response: Response, name: str) -> Response:
    # A session cookie (no Max-Age): it ends with the browser session, like the training name.
    response.set_cookie(NAME_COOKIE, quote(name), path=PREFIX, httponly=True, samesite="strict")
    return response


@router.get("/scenario/{scenario_id}")
async def show_scenario(scenario_id: str, store: Workbench, caseworker: CurrentCaseworker, request: Request,
                        variera: Annotated[str | None, Query()] = None,
                        stod: Annotated[str | None, Query()] = None,
                        fran: Annotated[str, Query(max_length=40)] = "",
                        till: Annotated[str, Query(max_length=40)] = ""):
    scenario = found(store, scenario_id)
    fact_path, support = chart_choice(variera, stod, scenario)
    # Running and charting take a moment (a few hundred evaluations): off the event loop.
    return await run_in_threadpool(scenario_page, scenario, caseworker, fact_path=fact_path, support=support,
                                   bounds_typed=(fran, till), owner=store.owner(scenario.id),
                                   you=your_name(request))


@dataclass
class Posted:
    """The scenario form as sent: what was typed, the facts read from it, and its problems."""

    typed: dict
    name: str
    description: str
    facts: dict
    errors: dict
    fact_path: str
    support: str | None
    you: str


async def read_scenario_form(request: Request, scenario: Scenario) -> Posted:
    posted = await request.form()
    typed = {field.path: posted.getlist(field.path) if field.kind == "choices"
             else str(posted.get(field.path, "")) for field in form.FIELDS}
    name, description = str(posted.get("name", "")).strip(), str(posted.get("description", "")).strip()
    facts, errors = form.facts_from_form(typed, "sv")
    if not name:
        errors["name"] = translate(N_("workbench.error.no_name"), "sv")
    fact_path, support = chart_choice(str(posted.get("variera", "")), str(posted.get("stod", "")), scenario)
    you = " ".join(str(posted.get("du", "")).split())
    return Posted(typed, name, description, facts, errors, fact_path, support, you)


async def form_again(scenario: Scenario, caseworker: Caseworker, posted: Posted, store: WorkbenchStore):
    return await run_in_threadpool(scenario_page, scenario, caseworker, fact_path=posted.fact_path,
                                   support=posted.support, typed=posted.typed, errors=posted.errors,
                                   name=posted.name, description=posted.description, status_code=422,
                                   owner=store.owner(scenario.id), you=posted.you)


def chart_query(posted: Posted) -> str:
    return urlencode({"variera": posted.fact_path, **({"stod": posted.support} if posted.support else {})})


@router.post("/scenario/{scenario_id}")
async def save_scenario(scenario_id: str, request: Request, store: Workbench, caseworker: FormCaseworker):
    """Saves over the scenario where it is: the shared library's, or the caseworker's own copy."""
    scenario = found(store, scenario_id)
    posted = await read_scenario_form(request, scenario)
    if posted.errors:
        return await form_again(scenario, caseworker, posted, store)
    store.save(replace(scenario, name=posted.name, description=posted.description, facts=posted.facts),
               owner=store.owner(scenario.id))
    return RedirectResponse(f"{PREFIX}/scenario/{quote(scenario.id)}?{chart_query(posted)}#resultat",
                            status_code=303)


@router.post("/scenario/{scenario_id}/prova")
async def try_scenario(scenario_id: str, request: Request, store: Workbench, caseworker: FormCaseworker):
    """The answer and chart for the facts as typed, saving nothing: what a caseworker tries
    changes no one's case. Sent by the page's script on every change (X-Prova: fragment, only
    the answer comes back), or by the "Prova" button (the whole page)."""
    scenario = found(store, scenario_id)
    posted = await read_scenario_form(request, scenario)
    posted.errors.pop("name", None)  # a name is needed to save, not to try
    template = "workbench/_live.html" if request.headers.get("X-Prova") == "fragment" \
        else "workbench/scenario.html"
    tried = replace(scenario, facts=posted.facts)
    return await run_in_threadpool(scenario_page, tried, caseworker, fact_path=posted.fact_path,
                                   support=posted.support, typed=posted.typed, errors=posted.errors,
                                   name=posted.name, description=posted.description,
                                   status_code=422 if posted.errors else 200, owner=store.owner(scenario.id),
                                   you=posted.you, tried=True, template=template)


@router.post("/scenario/{scenario_id}/kopia")
async def save_copy(scenario_id: str, request: Request, store: Workbench, caseworker: FormCaseworker):
    """"Spara som min kopia": the facts as typed, saved as the caseworker's own copy (one per
    scenario and name, saved over when saved again), beside the shared library, never over it."""
    scenario = found(store, scenario_id)
    posted = await read_scenario_form(request, scenario)
    if not posted.you or len(posted.you) > MAX_NAME:
        posted.errors["du"] = translate(N_("workbench.error.your_name"), "sv", most=MAX_NAME)
    if posted.errors:
        return await form_again(scenario, caseworker, posted, store)
    original = scenario_id.split("--", 1)[-1]  # a copy of a copy is a copy of the original
    copy_id = f"{slug(posted.you)}--{original}"
    copy = replace(scenario, id=copy_id, name=posted.name, description=posted.description, facts=posted.facts)
    store.save(copy, owner=posted.you)
    response = RedirectResponse(f"{PREFIX}/scenario/{quote(copy_id)}?{chart_query(posted)}#resultat",
                                status_code=303)
    return remember_name(response, posted.you)


@router.get("/scenario/{scenario_id}/gransfall")
async def boundaries(scenario_id: str, store: Workbench, caseworker: CurrentCaseworker):
    """The scenario's boundary cases (workbench/boundaries.py) with the engine's outcome, for a
    trainer to quiz with; the same as `stodkollen scenarios boundaries`."""
    scenario = found(store, scenario_id)
    cases = await run_in_threadpool(boundary_cases, scenario, "sv")
    rows = [{"case": case, "outcome": describe_outcome(case.scenario.expected, supports, "sv")}
            for case, supports in zip(cases, affected_supports(cases), strict=True)]
    return workbench_page("workbench/boundaries.html", caseworker, scenario=scenario, rows=rows)


@router.get("/scenario/{scenario_id}/gransfall.zip")
async def boundaries_zip(scenario_id: str, store: Workbench, caseworker: CurrentCaseworker):
    """The boundary cases as scenario files, to import into the library or a training session."""
    scenario = found(store, scenario_id)
    cases = await run_in_threadpool(boundary_cases, scenario, "sv")
    return Response(exchange.zip_of([case.scenario for case in cases]), media_type="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{scenario.id}-gransfall.zip"',
                             "Cache-Control": "no-store"})


@router.post("/scenario/{scenario_id}/radera")
def delete_scenario(scenario_id: str, store: Workbench, caseworker: FormCaseworker):
    found(store, scenario_id)
    store.delete(scenario_id)
    return RedirectResponse(f"{PREFIX}?raderat=1", status_code=303)


# ---------------------------------------------------------------------------- side by side
def fact_differences(first: Scenario, second: Scenario) -> list[dict]:
    """Every fact either scenario answers, with both values as the form shows them."""
    values = form.form_values(first.facts, "sv"), form.form_values(second.facts, "sv")
    rows = []
    for field in form.FIELDS:
        left, right = (form.display_value(field, side[field.path], "sv") for side in values)
        if left or right:
            rows.append({"label": form.label(field.path, "sv"), "first": left, "second": right,
                         "differs": left != right})
    return rows


def result_differences(first: dict, second: dict) -> list[dict]:
    rows = []
    for left, right in zip(first["supports"], second["supports"], strict=True):
        rows.append({"name": left["name"], "first": left, "second": right,
                     "status_differs": left["status"] != right["status"],
                     "amount_differs": left["amount_sek"] != right["amount_sek"]})
    return rows


@router.get("/jamfor")
def compare(store: Workbench, caseworker: CurrentCaseworker, a: str = "", b: str = ""):
    scenarios = store.scenarios()
    chosen = [store.scenario(a) if a else None, store.scenario(b) if b else None]
    context = {"scenarios": scenarios, "a": a, "b": b, "facts": None, "results": None}
    if all(chosen):
        results = [result_view(run_scenario(scenario).result, "sv") for scenario in chosen]
        context.update(first=chosen[0], second=chosen[1], facts=fact_differences(*chosen),
                       results=result_differences(*results), rulesets=[r["ruleset"] for r in results])
    return workbench_page("workbench/compare.html", caseworker, **context)
