"""The workbench's words for a support's status, a check's outcome and a scenario's verdict.

One place, so that `stodkollen scenarios run`, the HTML report, the charts' legend, the web
workbench and training mode all say the same: each word is a catalog id in locales/
(workbench.status.*, workbench.outcome.*, report.ok / report.failed), chosen here once.
"""

from stodkollen.core.i18n import N_, translate

STATUS_LABELS = {"eligible": N_("workbench.status.eligible"),
                 "needs_assessment": N_("workbench.status.needs_assessment"),
                 "insufficient_data": N_("workbench.status.insufficient_data"),
                 "not_eligible": N_("workbench.status.not_eligible")}
OUTCOME_LABELS = {"passed": N_("workbench.outcome.passed"), "failed": N_("workbench.outcome.failed"),
                  "missing": N_("workbench.outcome.missing"),
                  "assessment": N_("workbench.outcome.assessment")}
VERDICT_LABELS = {True: N_("report.ok"), False: N_("report.failed")}


def status_word(status: str, lang: str) -> str:
    """"Uppfyller villkoren", "Bedömning behövs", "Uppgifter saknas", "Inte stöd"."""
    return translate(STATUS_LABELS[status], lang)


def outcome_word(outcome: str, lang: str) -> str:
    """A check's outcome: "uppfyllt", "inte uppfyllt", "uppgift saknas", "bedöms av Länsstyrelsen"."""
    return translate(OUTCOME_LABELS[outcome], lang)


def verdict_word(passed: bool, lang: str) -> str:
    """A scenario against what it expects: "Inga avvikelser" or "Avvikelser"."""
    return translate(VERDICT_LABELS[passed], lang)
