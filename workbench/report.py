"""The library report: one self-contained HTML page (inline CSS, inline SVG charts) with, per
scenario, the result table, every check with its source, the conversation's transcript and
each mismatch highlighted. Written so it can be mailed to a colleague or opened offline."""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import yaml
from babel.dates import format_datetime
from jinja2 import Environment, FileSystemLoader, select_autoescape

from rules_engine import SUPPORT_NAMES
from rules_engine.facts import validate
from rules_engine.render import fact_label
from stodkollen.conversation_facts import BY_SLOT
from stodkollen.core.formatting import BABEL_LOCALES, format_sek
from stodkollen.core.i18n import DEFAULT_LANGUAGE, N_, translate

from .conversation import BOT, USER, ConversationRun
from .markdown import render_markdown
from .scenario import FileError, Mismatch, ScenarioRun
from .statuses import STATUS_LABELS, outcome_word, status_word, verdict_word
from .whatif import VARIABLE_FACTS, chart_range, fact_value, thresholds, whatif_svg, year_of

TEMPLATES = Path(__file__).parent / "templates"
# What a mismatch says, by its field (the conversation's have their own wording).
MISMATCH_MESSAGES = {
    "status": N_("report.mismatch.status"),
    "amount_sek": N_("report.mismatch.amount_sek"),
    "conversation_status": N_("report.mismatch.conversation_status"),
    "conversation_amount_sek": N_("report.mismatch.conversation_amount_sek"),
    "conversation_reply": N_("report.mismatch.conversation_reply"),
    "conversation_unfinished": N_("report.mismatch.conversation_unfinished"),
    "conversation_facts": N_("report.mismatch.conversation_facts"),
    "conversation_said": N_("report.mismatch.conversation_said"),
}
SPEAKER_LABELS = {USER: N_("report.speaker.user"), BOT: N_("report.speaker.bot")}


@dataclass
class ScenarioOutcome:
    """Everything found out about one scenario."""

    run: ScenarioRun
    conversation: ConversationRun | None = None
    chart_fact: str | None = None  # the fact the chart varies
    chart: str | None = None  # inline SVG

    @property
    def mismatches(self) -> list[Mismatch]:
        return self.run.mismatches + (self.conversation.mismatches if self.conversation else [])

    @property
    def passed(self) -> bool:
        return not self.mismatches

    def is_off(self, support: str, *fields: str) -> bool:
        """Whether a mismatch concerns this support in one of these fields (to highlight it)."""
        return any(m.support == support and m.field in fields for m in self.mismatches)


def chart_fact(facts: dict) -> str | None:
    """The fact a scenario's chart varies: of the variable facts the scenario gives a number
    for, the one whose value lies nearest a threshold (relative to its chart's range), since
    that is the cliff a caseworker will ask about; turnover first on a tie."""
    candidates = []
    year = year_of(facts)
    for path in VARIABLE_FACTS:
        value = fact_value(facts, path)
        if type(value) not in (int, float):
            continue
        start, stop = chart_range(facts, path, year)
        nearest = min((abs(value - threshold) for _, threshold in thresholds(path, year, facts)),
                      default=float("inf"))
        candidates.append((nearest / (stop - start), path))
    return min(candidates, key=lambda candidate: candidate[0])[1] if candidates else None


def scenario_chart(run: ScenarioRun, lang: str) -> tuple[str, str] | tuple[None, None]:
    """(the fact varied, the inline SVG), or (None, None) for a scenario with nothing to vary.
    The scenario's own `chart:` (fact and range) wins over the fact chosen for it."""
    asked = run.scenario.chart
    path = asked.fact if asked else chart_fact(run.scenario.facts)
    if path is None:
        return None, None
    svg = whatif_svg(run.scenario.facts, path, lang=lang, id_prefix=f"{run.scenario.id}-",
                     start=asked.start if asked else None, stop=asked.stop if asked else None)
    return path, svg[svg.index("<svg"):]  # inline: without the XML declaration and doctype


def _shown(value, lang: str) -> str:
    """A mismatch's value in words: an amount, a status, the question still open, or text."""
    if value is None:
        return translate(N_("report.no_amount"), lang)
    if type(value) is int:
        return format_sek(value, lang)
    if value in STATUS_LABELS:
        return status_word(value, lang)
    if value in BY_SLOT:
        return fact_label(BY_SLOT[value].path, lang)
    return str(value)


def describe_outcome(expected: dict, supports: list[str], lang: str) -> str:
    """"Särskilt driftstöd: Uppfyller villkoren, 233 333 kr; Servicebidrag: Bedömning behövs"."""
    parts = []
    for support in supports:
        outcome = expected[support]
        words = status_word(outcome.status, lang)
        if outcome.amount_sek is not None:
            words += f", {format_sek(outcome.amount_sek, lang)}"
        parts.append(f"{translate(f'support.{support}', lang)}: {words}")
    return "; ".join(parts)


def describe_mismatch(mismatch: Mismatch, lang: str) -> str:
    support = translate(f"support.{mismatch.support}", lang) if mismatch.support else ""
    return translate(MISMATCH_MESSAGES[mismatch.field], lang, support=support,
                     expected=_shown(mismatch.expected, lang), actual=_shown(mismatch.actual, lang))


def facts_differing(scenario_facts: dict, conversation_facts: dict) -> list[str]:
    """The scenario's facts (the year aside: the dialogue never asks it) that the conversation
    did not collect as written — shown as information, since an unasked fact may not matter."""
    written, collected = validate(scenario_facts), validate(conversation_facts)
    return [path for path, value in written.items()
            if path != "year" and collected.get(path, object()) != value]


def _environment(lang: str) -> Environment:
    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                              trim_blocks=True, lstrip_blocks=True)
    environment.filters["markdown"] = render_markdown
    environment.globals.update(
        _=lambda message_id, **params: translate(message_id, lang, **params),
        supports=SUPPORT_NAMES,
        sek=lambda amount: _shown(amount, lang),
        status=lambda code: status_word(code, lang),
        outcome_label=lambda code: outcome_word(code, lang),
        verdict=lambda passed: verdict_word(passed, lang),
        speaker_label=lambda code: translate(SPEAKER_LABELS[code], lang),
        fact_labels=lambda paths: ", ".join(fact_label(path, lang) for path in paths),
        as_yaml=lambda data: yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100),
        mismatch=lambda mismatch: describe_mismatch(mismatch, lang),
        facts_differing=facts_differing,
    )
    return environment


def render_report(outcomes: list[ScenarioOutcome], lang: str = DEFAULT_LANGUAGE,
                  now: datetime | None = None, errors: list[FileError] = ()) -> str:
    """The report; `errors` (files that could not be read) get a section of their own at the top."""
    now = now or datetime.now().astimezone()
    ruleset_ids = sorted({outcome.run.result["ruleset"]["id"] for outcome in outcomes})
    return _environment(lang).get_template("report.html").render(
        outcomes=outcomes, lang=lang, ruleset_ids=", ".join(ruleset_ids), errors=list(errors),
        error_files=len({error.file for error in errors}),
        passed=sum(outcome.passed for outcome in outcomes),
        generated=format_datetime(now, "d MMMM y HH:mm", locale=BABEL_LOCALES[lang]))


def write_report(outcomes: list[ScenarioOutcome], path, lang: str = DEFAULT_LANGUAGE,
                 errors: list[FileError] = ()) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_report(outcomes, lang, errors=errors), encoding="utf-8")
    return path
