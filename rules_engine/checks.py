"""One criterion's outcome, and how outcomes make a support's status.

Status precedence (docs/rules.md, "Facts: absent, unknown, known"): any criterion that
definitely fails → not_eligible; else any fact still absent → insufficient_data; else any
criterion that needs judgement or rests on an unknown fact → needs_assessment; else
eligible.
"""

PASSED, FAILED, MISSING, ASSESSMENT = "passed", "failed", "missing", "assessment"
ELIGIBLE, NOT_ELIGIBLE = "eligible", "not_eligible"
NEEDS_ASSESSMENT, INSUFFICIENT_DATA = "needs_assessment", "insufficient_data"


class Check:
    """A criterion applied to the facts.

    `message` is a catalog id and `params` its placeholders, rendered only when the caller
    wants explanations; `needs` names the absent facts when the outcome is MISSING.
    """

    __slots__ = ("id", "message", "needs", "outcome", "params", "reference", "threshold", "value")

    # By keyword only: eight fields of which several are numbers or None read ambiguously by position.
    def __init__(self, *, id, outcome, message, reference, value=None, threshold=None,
                 params=None, needs=()):
        self.id = id
        self.outcome = outcome
        self.value = value
        self.threshold = threshold
        self.message = message
        self.params = params or {}
        self.reference = reference
        self.needs = needs

    @property
    def passed(self) -> bool | None:
        return {PASSED: True, FAILED: False}.get(self.outcome)


def status_of(checks: list[Check]) -> str:
    outcomes = {check.outcome for check in checks}
    if FAILED in outcomes:
        return NOT_ELIGIBLE
    if MISSING in outcomes:
        return INSUFFICIENT_DATA
    if ASSESSMENT in outcomes:
        return NEEDS_ASSESSMENT
    return ELIGIBLE
