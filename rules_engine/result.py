"""From a support's checks to the JSON the contract promises."""

from dataclasses import dataclass, field

from .checks import ELIGIBLE, INSUFFICIENT_DATA, NEEDS_ASSESSMENT, Check, blocks, status_of
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


def gate(checks: list[Check]) -> bool:
    """True while "who and where" is undecided or has failed: the store's and the money's
    criteria are not asked about until then (so a municipality is never asked about a
    store's turnover, and a store outside Västerbotten is asked nothing more)."""
    return any(blocks(check) for check in checks)


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
