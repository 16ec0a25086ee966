"""From a support's checks to the JSON the contract promises."""

from collections.abc import Callable
from dataclasses import dataclass, field

from .checks import ELIGIBLE, FAILED, INSUFFICIENT_DATA, MISSING, NEEDS_ASSESSMENT, Check, status_of
from .facts import in_asking_order


@dataclass
class SupportOutcome:
    """What a support module decides; the engine adds status, missing facts and text."""

    checks: list[Check]
    amount_sek: int | None = None
    max_amount_sek: int | None = None
    conditions: list[str] = field(default_factory=list)  # catalog ids
    notes: list[str] = field(default_factory=list)  # catalog ids
    apply_to: str | None = None  # catalog id


def after_gates(gates: list[Check | None], later: Callable[[], list[Check | None]]) -> list[Check]:
    """"Who and where" come first. When they fail, nothing more is asked (a store outside
    Västerbotten, a municipality and a store's turnover). While they are undecided only
    their questions are asked, yet a criterion that already fails on the facts at hand
    settles the support: "any criterion that definitely fails → not_eligible (no more
    questions needed)"."""
    decided = [check for check in gates if check is not None]
    if any(check.outcome == FAILED for check in decided):
        return decided
    rest = [check for check in later() if check is not None]
    if any(check.outcome == MISSING for check in decided):
        return decided + [check for check in rest if check.outcome == FAILED]
    return decided + rest


def support_result(support: str, period: str, outcome: SupportOutcome) -> dict:
    status = status_of(outcome.checks)
    missing = (in_asking_order(path for check in outcome.checks for path in check.needs)
               if status == INSUFFICIENT_DATA else [])
    return {
        "support": support,
        "status": status,
        # "amount_sek is given for eligible and needs_assessment whenever the support has a
        # formula and its inputs are known; it is null for not_eligible and insufficient_data."
        "amount_sek": outcome.amount_sek if status in (ELIGIBLE, NEEDS_ASSESSMENT) else None,
        "max_amount_sek": outcome.max_amount_sek,
        "period": period,
        "checks": outcome.checks,
        "missing_facts": missing,
        "conditions": outcome.conditions,
        "notes": outcome.notes,
        "apply_to": outcome.apply_to,
    }
