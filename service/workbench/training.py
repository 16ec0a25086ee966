"""Training mode's scoring: a caseworker's own decision per support against the engine's.

Agreement: the status must be the same; the amount agrees when it is within
AMOUNT_TOLERANCE of the engine's (a caseworker estimating by hand rounds, the engine does
not), and when the engine gives no amount, no amount (or 0 kr) agrees. A support agrees when
both do. For every difference the page shows the checks that decided the engine's answer,
with their rule and source sentence.
"""

from dataclasses import dataclass, field

from rules_engine import SUPPORT_NAMES
from service.nlg.results import AMOUNT_CHECKS, decisive_checks
from workbench.statuses import STATUS_LABELS

from .explain import source_sentence, support_view

AMOUNT_TOLERANCE = 0.10  # ±10 % of the engine's amount
STATUSES = tuple(STATUS_LABELS)


def amount_agrees(decided: int | None, engine: int | None) -> bool:
    if not engine:
        return not decided
    return decided is not None and abs(decided - engine) <= AMOUNT_TOLERANCE * engine


@dataclass
class SupportScore:
    support: str
    name: str
    decided_status: str
    engine_status: str
    decided_amount: int | None
    engine_amount: int | None
    status_agrees: bool
    amount_agrees: bool
    reasons: list[dict] = field(default_factory=list)  # the checks behind a difference, with sources

    @property
    def agrees(self) -> bool:
        return self.status_agrees and self.amount_agrees


def _reasons(support: dict, view: dict, status_agrees: bool, amount_ok: bool) -> list[dict]:
    """The checks that decided the engine's status, and those that computed its amount."""
    wanted = set()
    if not status_agrees:
        wanted |= {check["id"] for check in decisive_checks(support)}
    if not amount_ok:
        wanted |= AMOUNT_CHECKS | {check["id"] for check in decisive_checks(support)}
    return [check for check in view["checks"] if check["id"] in wanted]


def score(decisions: dict, result: dict, lang: str) -> list[SupportScore]:
    """Each support's agreement, in the engine's order."""
    scores = []
    for support in result["results"]:
        decided = decisions[support["support"]]
        view = support_view(support, result["year"], lang)
        status_ok = decided["status"] == support["status"]
        amount_ok = amount_agrees(decided["amount_sek"], support["amount_sek"])
        scores.append(SupportScore(support["support"], support["name"], decided["status"], support["status"],
                                   decided["amount_sek"], support["amount_sek"], status_ok, amount_ok,
                                   _reasons(support, view, status_ok, amount_ok)))
    return scores


@dataclass
class Tally:
    """How many supports agreed, of how many answered."""

    agreed: int = 0
    status_agreed: int = 0
    amount_agreed: int = 0
    total: int = 0

    def add(self, scores: list[SupportScore]) -> None:
        self.total += len(scores)
        self.agreed += sum(item.agrees for item in scores)
        self.status_agreed += sum(item.status_agrees for item in scores)
        self.amount_agreed += sum(item.amount_agrees for item in scores)

    @property
    def share(self) -> float | None:
        return self.agreed / self.total if self.total else None


@dataclass
class DecidingCheck:
    """A check of the engine that decided a support the participants got the status of wrong,
    how often, and the programme's sentence behind it."""

    check_id: str
    support: str
    support_name: str
    count: int
    explanation: str  # as the engine explained it the first time it decided a wrong answer
    reference: str
    source: dict | None  # {"quote", "reference"}, when the check compared with one parameter


@dataclass
class Row:
    """One support of one participant's answer to one scenario: a line of the CSV export."""

    participant: str
    scenario_id: str
    score: SupportScore
    deciding: str  # the engine's deciding check's id, for a wrong status; "" otherwise


@dataclass
class Summary:
    by_participant: dict[str, Tally]
    by_scenario: dict[str, Tally]
    by_support: dict[str, Tally]
    answered: dict[tuple[str, str], bool]  # (participant, scenario id) → all supports agreed
    overall: Tally
    deciding: list[DecidingCheck]  # the checks that most often decided a wrong status, most first
    rows: list[Row]


DECIDING_SHOWN = 3


def _deciding(support: dict) -> dict | None:
    """The engine's deciding check for a support: the first of those that decided its status."""
    checks = decisive_checks(support)
    return checks[0] if checks else None


def summarise(answers, lang: str) -> Summary:
    """The group's agreement per participant, per scenario and per support, every answer as a
    row, and the checks that most often decided the supports the participants got wrong."""
    by_participant: dict[str, Tally] = {}
    by_scenario: dict[str, Tally] = {}
    by_support = {support: Tally() for support in SUPPORT_NAMES}
    answered, overall, rows = {}, Tally(), []
    found: dict[tuple[str, str], DecidingCheck] = {}
    for answer in answers:
        scores = score(answer.decisions, answer.result, lang)
        by_participant.setdefault(answer.participant, Tally()).add(scores)
        by_scenario.setdefault(answer.scenario_id, Tally()).add(scores)
        for item, support in zip(scores, answer.result["results"], strict=True):
            by_support[item.support].add([item])
            check = None if item.status_agrees else _deciding(support)
            rows.append(Row(answer.participant, answer.scenario_id, item, check["id"] if check else ""))
            if check:
                key = (item.support, check["id"])
                if key not in found:
                    source = source_sentence(check, answer.result["year"])
                    found[key] = DecidingCheck(check["id"], item.support, item.name, 0, check["explanation"],
                                               check["reference"], source)
                found[key].count += 1
        answered[answer.participant, answer.scenario_id] = all(item.agrees for item in scores)
        overall.add(scores)
    # sorted() is stable: of checks deciding as often, the one met first comes first.
    deciding = sorted(found.values(), key=lambda item: -item.count)[:DECIDING_SHOWN]
    return Summary(by_participant, by_scenario, by_support, answered, overall, deciding, rows)
