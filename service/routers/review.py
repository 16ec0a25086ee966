"""/handlaggare/granskning: the turns the assistant did not understand, for caseworkers to review.

The queue (failed turns of conversations still inside the retention period, the question
that fails most first), a form per turn to record what a careful person would have read, and
a summary per question and per channel; /oversikt shows the form's funnel and the questions
with most failed turns as charts. Everything shown is masked (service/review/shown.py).
Signed-in caseworkers only; the form posts with the session's CSRF token.
"""

import functools
import time
from pathlib import Path
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, HTTPException, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse

from stodkollen.core.formatting import format_percent
from stodkollen.core.i18n import N_, translate

from ..caseworkers import CurrentCaseworker, FormCaseworker
from ..dependencies import AppSettings
from ..pages import page
from ..review import labels
from ..review.charts import failed_questions_svg, funnel_svg
from ..review.events import Reviewable, reviewable
from ..review.shown import shown
from ..review.store import ReviewStore, review_db
from ..review.summary import funnel, funnel_questions, queue, shares
from ..review.verdicts import FACTS, TOPICS, VERDICTS, VerdictError, verdict_from_form
from .workbench import svg_data_url

PATH = "/handlaggare/granskning"
router = APIRouter(prefix=PATH, tags=["caseworker"], include_in_schema=False)
# Turns shown per question in the queue; the question's own page (?fraga=) shows them all.
TURNS_PER_QUESTION = 5
ALL_QUESTIONS = ""


@functools.cache
def _store(path: Path) -> ReviewStore:
    return ReviewStore(path)


def _read(settings) -> tuple[Reviewable, ReviewStore]:
    found = reviewable(settings.tracker_sqlalchemy_url, time.time(), settings.draft_retention_days)
    return found, _store(review_db(settings.data_dir))


def _helpers() -> dict:
    return {"question_label": labels.question_label, "channel_label": labels.channel_label,
            "reason_label": labels.reason_label, "verdict_label": labels.verdict_label,
            "topic_label": labels.topic_label, "fact_label": labels.fact_label, "percent": format_percent,
            "facts": FACTS, "topics": list(TOPICS), "verdicts": VERDICTS}


def _queue_page(settings, caseworker, question: str | None, status_code: int = 200,
                errors: dict | None = None, typed: dict | None = None):
    found, store = _read(settings)
    reviewed = store.reviewed_keys()
    queued = queue(found.turns, reviewed)
    if question is not None:
        queued = [entry for entry in queued if (entry.question or ALL_QUESTIONS) == question]
    return page("caseworker/review.html", status_code=status_code, caseworker=caseworker, queued=queued,
                one_question=question is not None, turns_per_question=TURNS_PER_QUESTION,
                total=len(found.turns), failed=sum(turn.failed for turn in found.turns),
                reviewed_count=len(reviewed), retention_days=settings.draft_retention_days,
                by_question=shares(found.turns, lambda turn: turn.question),
                by_channel=shares(found.turns, lambda turn: turn.channel),
                errors=errors or {}, typed=typed or {}, **_helpers())


@router.get("")
async def review_queue(settings: AppSettings, caseworker: CurrentCaseworker,
                       fraga: Annotated[str | None, Query(max_length=100)] = None):
    return await run_in_threadpool(_queue_page, settings, caseworker, fraga)


@router.get("/oversikt")
async def overview(settings: AppSettings, caseworker: CurrentCaseworker):
    found, _ = await run_in_threadpool(_read, settings)
    columns = funnel(found.progress)
    questions = funnel_questions(columns)
    channels = sorted({column.channel for column in columns})
    charts = {channel: svg_data_url(funnel_svg(
        [column for column in columns if column.channel == channel], questions,
        translate(N_("review.chart.funnel"), "sv", channel=labels.channel_label(channel))))
        for channel in channels}
    by_question = shares(found.turns, lambda turn: turn.question)
    failing = any(share.failed for share in by_question)
    most_failed = svg_data_url(failed_questions_svg(by_question)) if failing else None
    return page("caseworker/review_overview.html", caseworker=caseworker, columns=columns, channels=channels,
                questions=questions, charts=charts, most_failed=most_failed, by_question=by_question,
                retention_days=settings.draft_retention_days, **_helpers())


@router.post("/{turn_key}")
async def record_verdict(turn_key: str, settings: AppSettings, caseworker: FormCaseworker,
                         verdict: Annotated[str, Form(max_length=40)] = "",
                         fact: Annotated[str, Form(max_length=100)] = "",
                         value: Annotated[str, Form(max_length=500)] = "",
                         approximate: Annotated[bool, Form()] = False,
                         topic: Annotated[str, Form(max_length=100)] = "",
                         note: Annotated[str, Form(max_length=1000)] = "",
                         fraga: Annotated[str | None, Form(max_length=100)] = None):
    found, store = await run_in_threadpool(_read, settings)
    turn = next((turn for turn in found.turns if turn.key == turn_key and turn.failed), None)
    if turn is None:  # past the retention period, or never a failed turn
        raise HTTPException(status_code=404, detail=translate(N_("review.error.no_turn"), "sv"))
    try:
        chosen = verdict_from_form(verdict, fact, value, approximate, topic, note)
    except VerdictError as error:
        typed = {"verdict": verdict, "fact": fact, "value": value, "approximate": approximate,
                 "topic": topic, "note": note}
        return await run_in_threadpool(_queue_page, settings, caseworker, fraga, 422,
                                       {turn_key: str(error)}, {turn_key: typed})
    await run_in_threadpool(store.record, shown(turn), chosen)
    target = PATH if fraga is None else f"{PATH}?{urlencode({'fraga': fraga})}"
    return RedirectResponse(target, status_code=303)
