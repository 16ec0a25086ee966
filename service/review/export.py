"""Reviewed turns as development-corpus records (../shared/corpus/README.md), for regression.

A fact and its value become an answer record `{fact, text, value, approximate, note?}`; "not
answerable" at a question becomes `{fact, text, value: null, approximate: false, ask_again:
true}` (the answer cannot be recorded, the question is asked again); a topic becomes a question
record `{text, topic, at, note?}`. Typed answers go to answers.yml, spoken ones (the phone) to
phone_asr.yml, English ones to english.yml, questions to questions.yml (or english.yml). A
"not answerable" turn outside any question has no record to become, and is left out.

The files hold the users' masked words and the readings only: no conversation id, no sender,
and no time but the months the turns came from, in the header. They are for the corpus
harness to run as regression cases; nothing here goes into the training data: a developer
decides what does.
"""

from dataclasses import dataclass
from pathlib import Path

import yaml

from stodkollen.conversation_facts import slot_for
from stodkollen.core.i18n import has_message, translate

from .store import Reviewed
from .verdicts import FACT, NOT_ANSWERABLE, TOPIC

ANSWERS, PHONE, QUESTIONS, ENGLISH = "answers.yml", "phone_asr.yml", "questions.yml", "english.yml"
FILE_ORDER = (ANSWERS, PHONE, QUESTIONS, ENGLISH)
# The form asks "who is asking" for the corpus's applicant_kind.
ASKED_AS = {"applicant_kind": "asker"}


@dataclass(frozen=True)
class Export:
    files: dict[str, dict]  # file name → its YAML document
    months: list[str]
    records: int
    left_out: int  # "not answerable" outside any question


def _answer(reviewed: Reviewed) -> dict | None:
    verdict = reviewed.verdict
    if verdict.kind == FACT:
        record = {"fact": verdict.fact, "text": reviewed.text, "value": verdict.value,
                  "approximate": verdict.approximate}
    elif verdict.kind == NOT_ANSWERABLE and reviewed.fact_asked:
        record = {"fact": reviewed.fact_asked, "text": reviewed.text, "value": None, "approximate": False,
                  "ask_again": True}
    else:
        return None
    return {**record, "note": verdict.note} if verdict.note else record


def _question(reviewed: Reviewed) -> dict:
    record = {"text": reviewed.text, "topic": reviewed.verdict.topic, "at": reviewed.fact_asked}
    return {**record, "note": reviewed.verdict.note} if reviewed.verdict.note else record


def _asked(facts: set[str]) -> dict[str, str]:
    """How the bot words each question, as answers.yml's `asked` (context for a bare number)."""
    asked = {}
    for fact in sorted(facts):
        message_id = f"ask.{ASKED_AS.get(fact, slot_for(fact))}"
        if has_message(message_id, "sv"):
            asked[fact] = translate(message_id, "sv")
    return asked


def corpus_files(reviewed: list[Reviewed]) -> Export:
    answers: dict[str, list[dict]] = {ANSWERS: [], PHONE: [], ENGLISH: []}
    questions: dict[str, list[dict]] = {QUESTIONS: [], ENGLISH: []}
    left_out = 0
    for turn in reviewed:
        english = turn.language == "en"
        if turn.verdict.kind == TOPIC:
            questions[ENGLISH if english else QUESTIONS].append(_question(turn))
            continue
        record = _answer(turn)
        if record is None:
            left_out += 1
            continue
        answers[ENGLISH if english else PHONE if turn.channel == "phone" else ANSWERS].append(record)
    files: dict[str, dict] = {}
    if answers[ANSWERS]:
        files[ANSWERS] = {"asked": _asked({record["fact"] for record in answers[ANSWERS]}),
                          "answers": answers[ANSWERS]}
    if answers[PHONE]:
        files[PHONE] = {"answers": answers[PHONE]}
    if questions[QUESTIONS]:
        files[QUESTIONS] = {"questions": questions[QUESTIONS]}
    if answers[ENGLISH] or questions[ENGLISH]:
        files[ENGLISH] = {"answers": answers[ENGLISH], "questions": questions[ENGLISH]}
    records = sum(len(section) for document in files.values() for key, section in document.items()
                  if key != "asked")
    return Export(files, sorted({turn.month for turn in reviewed}), records, left_out)


def header(name: str, months: list[str]) -> str:
    return (f"# Stödkollen: turns the assistant did not understand, reviewed by caseworkers\n"
            f"# (`stodkollen review export`), as records of ../shared/corpus/{name}.\n"
            f"# Masked users' words and readings only; turns from {', '.join(months)}.\n"
            f"# Regression cases for the corpus harness, not training data.\n")


def write(export: Export, out: Path) -> list[Path]:
    """The files, each replaced whole (a review changed since is exported anew)."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in FILE_ORDER:
        if name not in export.files:
            continue
        path = out / name
        body = yaml.safe_dump(export.files[name], allow_unicode=True, sort_keys=False, width=110)
        path.write_text(header(name, export.months) + "\n" + body, encoding="utf-8")
        written.append(path)
    return written
