"""/handlaggare/verkstad/ovning: training mode for a Handlardag group.

A trainer starts a named session with some scenarios from the library; each participant
enters their name (no accounts) and, per scenario, records their own decision for every
support before the engine's answer is shown. The answer page scores agreement and shows,
for every difference, the rule and the source sentence behind the engine's answer; the
summary page sums the session up per participant, per scenario and per support.
"""

from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from rules_engine import SUPPORT_NAMES, evaluate
from stodkollen.core.formatting import format_percent, format_sek
from stodkollen.core.i18n import N_, translate

from ..caseworkers import CurrentCaseworker, FormCaseworker
from ..sessions import Caseworker
from ..workbench import form
from ..workbench.explain import status_label
from ..workbench.store import TrainingSession, WorkbenchStore
from ..workbench.training import AMOUNT_TOLERANCE, STATUSES, score, summarise
from ..workbench.training_export import summary_csv
from .workbench import PREFIX, Workbench, workbench_page

router = APIRouter(prefix=f"{PREFIX}/ovning", tags=["training"], include_in_schema=False)
TRAINING = f"{PREFIX}/ovning"
MAX_NAME = 80


def whole_percent(share: float | None) -> str:
    """"87 %": a group of ten needs no tenths of a per cent."""
    return "–" if share is None else format_percent(round(share, 2), "sv")


def training_page(template: str, caseworker: Caseworker, status_code: int = 200, **context):
    return workbench_page(template, caseworker, status_code, tolerance=format_percent(AMOUNT_TOLERANCE, "sv"),
                          percent=whole_percent,
                          money=lambda amount: "–" if amount is None else format_sek(amount, "sv"), **context)


def session_or_404(store: WorkbenchStore, session_id: int) -> TrainingSession:
    session = store.training_session(session_id)
    if session is None:
        raise HTTPException(status_code=404, detail=translate(N_("training.error.no_session"), "sv"))
    return session


def participant_or_404(store: WorkbenchStore, session_id: int, participant_id: int) -> str:
    name = store.participant(session_id, participant_id)
    if name is None:
        raise HTTPException(status_code=404, detail=translate(N_("training.error.no_participant"), "sv"))
    return name


# ---------------------------------------------------------------------------- sessions
def sessions_page(store: WorkbenchStore, caseworker: Caseworker, *, name: str = "", chosen=(),
                  errors: dict | None = None, status_code: int = 200):
    return training_page("workbench/training_sessions.html", caseworker, status_code,
                         sessions=store.training_sessions(), scenarios=store.scenarios(), name=name,
                         chosen=set(chosen), errors=errors or {})


@router.get("")
def sessions(store: Workbench, caseworker: CurrentCaseworker):
    return sessions_page(store, caseworker)


@router.post("")
async def start_session(request: Request, store: Workbench, caseworker: FormCaseworker):
    posted = await request.form()
    name, chosen = str(posted.get("name", "")).strip(), posted.getlist("scenario")
    library = {scenario.id: scenario for scenario in store.scenarios()}
    scenarios = [library[scenario_id] for scenario_id in chosen if scenario_id in library]
    errors = {}
    if not name or len(name) > MAX_NAME:
        errors["name"] = translate(N_("training.error.session_name"), "sv", most=MAX_NAME)
    if not scenarios:
        errors["scenario"] = translate(N_("training.error.no_scenarios"), "sv")
    if errors:
        return sessions_page(store, caseworker, name=name, chosen=chosen, errors=errors, status_code=422)
    session_id = store.start_training(name, scenarios)
    return RedirectResponse(f"{TRAINING}/{session_id}", status_code=303)


@router.get("/{session_id}")
def session(session_id: int, store: Workbench, caseworker: CurrentCaseworker):
    return join_page(store, caseworker, session_or_404(store, session_id))


def join_page(store: WorkbenchStore, caseworker: Caseworker, session: TrainingSession, *, name: str = "",
              error: str | None = None, status_code: int = 200):
    return training_page("workbench/training_join.html", caseworker, status_code, session=session,
                         participants=store.participants(session.id), name=name, error=error)


@router.post("/{session_id}/delta")
async def join(session_id: int, request: Request, store: Workbench, caseworker: FormCaseworker):
    session = session_or_404(store, session_id)
    name = " ".join(str((await request.form()).get("name", "")).split())
    if not name or len(name) > MAX_NAME:
        return join_page(store, caseworker, session, name=name, status_code=422,
                         error=translate(N_("training.error.participant_name"), "sv", most=MAX_NAME))
    participant_id = store.join(session.id, name)
    return RedirectResponse(f"{TRAINING}/{session.id}/deltagare/{participant_id}", status_code=303)


@router.get("/{session_id}/deltagare/{participant_id}")
def exercises(session_id: int, participant_id: int, store: Workbench, caseworker: CurrentCaseworker):
    session = session_or_404(store, session_id)
    name = participant_or_404(store, session_id, participant_id)
    answered = {answer.scenario_id: all(item.agrees for item in score(answer.decisions, answer.result, "sv"))
                for answer in store.answers(session_id, participant_id)}
    return training_page("workbench/training_exercises.html", caseworker, session=session,
                         participant_id=participant_id, participant=name, answered=answered)


# ---------------------------------------------------------------------------- one exercise
def read_decisions(posted, supports: list[str]) -> tuple[dict, dict, dict]:
    """The decisions as typed, as numbers, and the problems, per support."""
    typed, decisions, errors = {}, {}, {}
    for support in supports:
        status = str(posted.get(f"{support}.status", ""))
        amount_text = str(posted.get(f"{support}.amount_sek", "")).strip()
        typed[support] = {"status": status, "amount_sek": amount_text}
        amount = None
        if amount_text:
            compact = form.SPACES.sub("", amount_text).removesuffix("kr")
            if compact.isdigit():
                amount = int(compact)
            else:
                errors[support] = translate(N_("training.error.amount"), "sv")
        if status not in STATUSES:
            errors[support] = translate(N_("training.error.status"), "sv")
        decisions[support] = {"status": status, "amount_sek": amount}
    return typed, decisions, errors


def exercise_page(store: WorkbenchStore, caseworker: Caseworker, session: TrainingSession,
                  participant_id: int, scenario_id: str, *, typed: dict | None = None,
                  errors: dict | None = None, status_code: int = 200):
    scenario = session.scenario(scenario_id)
    if scenario is None:
        raise HTTPException(status_code=404, detail=translate(N_("workbench.error.no_scenario"), "sv",
                                                              id=scenario_id))
    name = participant_or_404(store, session.id, participant_id)
    answer = next((answer for answer in store.answers(session.id, participant_id)
                   if answer.scenario_id == scenario_id), None)
    supports = [(code, translate(f"support.{code}", "sv")) for code in SUPPORT_NAMES]
    scores = score(answer.decisions, answer.result, "sv") if answer else None
    return training_page("workbench/training_exercise.html", caseworker, status_code, session=session,
                         participant_id=participant_id, participant=name, scenario=scenario,
                         supports=supports,
                         statuses=[(status, status_label(status, "sv")) for status in STATUSES],
                         typed=typed or {}, errors=errors or {}, scores=scores,
                         ruleset=answer.result["ruleset"] if answer else None,
                         action=f"{TRAINING}/{session.id}/deltagare/{participant_id}/{quote(scenario_id)}")


@router.get("/{session_id}/deltagare/{participant_id}/{scenario_id}")
async def exercise(session_id: int, participant_id: int, scenario_id: str, store: Workbench,
                   caseworker: CurrentCaseworker):
    session = session_or_404(store, session_id)
    return await run_in_threadpool(exercise_page, store, caseworker, session, participant_id, scenario_id)


@router.post("/{session_id}/deltagare/{participant_id}/{scenario_id}")
async def decide(session_id: int, participant_id: int, scenario_id: str, request: Request, store: Workbench,
                 caseworker: FormCaseworker):
    session = session_or_404(store, session_id)
    scenario = session.scenario(scenario_id)
    participant_or_404(store, session_id, participant_id)
    if scenario is None:
        raise HTTPException(status_code=404, detail=translate(N_("workbench.error.no_scenario"), "sv",
                                                              id=scenario_id))
    typed, decisions, errors = read_decisions(await request.form(), SUPPORT_NAMES)
    if errors:
        return await run_in_threadpool(exercise_page, store, caseworker, session, participant_id, scenario_id,
                                       typed=typed, errors=errors, status_code=422)
    result = await run_in_threadpool(evaluate, scenario.facts, lang="sv")
    store.record(session.id, participant_id, scenario.id, decisions, result)
    return RedirectResponse(f"{TRAINING}/{session.id}/deltagare/{participant_id}/{quote(scenario.id)}#svar",
                            status_code=303)


# ---------------------------------------------------------------------------- the group
@router.get("/{session_id}/sammanfattning")
async def summary(session_id: int, store: Workbench, caseworker: CurrentCaseworker):
    session = session_or_404(store, session_id)
    answers = store.answers(session.id)
    result = await run_in_threadpool(summarise, answers, "sv")
    participants = [name for _, name in store.participants(session.id)]
    return training_page("workbench/training_summary.html", caseworker, session=session, summary=result,
                         participants=participants,
                         supports=[(code, translate(f"support.{code}", "sv")) for code in SUPPORT_NAMES])


@router.get("/{session_id}/sammanfattning.csv")
async def summary_csv_file(session_id: int, store: Workbench, caseworker: CurrentCaseworker):
    """The summary per participant, scenario and support, for a spreadsheet."""
    session = session_or_404(store, session_id)
    result = await run_in_threadpool(summarise, store.answers(session.id), "sv")
    names = {scenario.id: scenario.name for scenario in session.scenarios}
    filename = f"ovning-{session.id}-sammanfattning.csv"
    return Response(summary_csv(result, names, "sv"), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"',
                             "Cache-Control": "no-store"})
