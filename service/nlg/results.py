"""The estimate: the rules engine run on the tracker's answers, as cards and as words.

The NLG computes the result itself from the slots (the same `facts_from_slots` the action
server uses), so what is shown is always what the engine says about the answers shown.
"""

from rules_engine import evaluate
from rules_engine.checks import ELIGIBLE, INSUFFICIENT_DATA, NEEDS_ASSESSMENT, NOT_ELIGIBLE
from rules_engine.parameters import ruleset_by_id
from stodkollen.conversation_facts import facts_from_slots
from stodkollen.core.formatting import format_sek
from stodkollen.core.i18n import N_, translate

from .conversation import Conversation
from .registry import ResponseSpec
from .reply import Reply
from .templates import render_template
from .values import spoken_rounded_sek

# Most hopeful first: what the user can get is what they came for.
STATUS_ORDER = (ELIGIBLE, NEEDS_ASSESSMENT, INSUFFICIENT_DATA, NOT_ELIGIBLE)
# The checks that compute a support's amount or ceiling (Bilaga 1's "Så här mycket kan du få").
AMOUNT_CHECKS = frozenset({"DA", "HA", "I1", "SC"})
REASONS_SHOWN = 3
# What the phone reads: the supports worth hearing about, at most this many.
SPOKEN_STATUSES = (ELIGIBLE, NEEDS_ASSESSMENT)
SPOKEN_SUPPORTS = 3
# Why, on the phone ("mer"): the first two of them, each with the reason that decided it.
SPOKEN_REASONED = 2

VERDICTS = {  # (status, with an amount?) → sentence
    (ELIGIBLE, True): N_("result.eligible.amount"),
    (ELIGIBLE, False): N_("result.eligible"),
    (NEEDS_ASSESSMENT, True): N_("result.needs_assessment.amount"),
    (NEEDS_ASSESSMENT, False): N_("result.needs_assessment"),
    (NOT_ELIGIBLE, False): N_("result.not_eligible"),
    (INSUFFICIENT_DATA, False): N_("result.insufficient_data"),
}
OUTCOMES = {  # a check's outcome, as the first word of its line in the explanation
    "passed": N_("explain.outcome.passed"),
    "failed": N_("explain.outcome.failed"),
    "assessment": N_("explain.outcome.assessment"),
    "missing": N_("explain.outcome.missing"),
}
AMOUNTS = {  # (estimate or ceiling, period) → phrase; a one-off support is "upp till"
    ("amount", "year"): N_("amount.per_year"),
    ("amount", "once"): N_("amount.up_to"),
    ("ceiling", "year"): N_("amount.at_most_per_year"),
    ("ceiling", "once"): N_("amount.at_most"),
}


def decisive_checks(result: dict) -> list[dict]:
    """The two or three checks that decided the status: what failed (and only that, for a
    support that is out of reach: what is still unknown no longer matters), then what needs
    a caseworker's judgement or is still unknown, then how the amount came out."""
    checks = result["checks"]
    outcomes = ("failed",) if result["status"] == "not_eligible" else ("failed", "assessment", "missing")
    chosen = [check for outcome in outcomes for check in checks if check["outcome"] == outcome]
    if result["status"] in SPOKEN_STATUSES:
        chosen += [check for check in checks if check["id"] in AMOUNT_CHECKS and check["outcome"] == "passed"]
    if not chosen:
        chosen = [check for check in checks if check["outcome"] == "passed"][-1:]
    return [check for check in chosen if check["explanation"]][:REASONS_SHOWN]


def amount_phrase(result: dict, lang: str, money) -> str | None:
    period = "year" if result["period"] == "year" else "once"
    if result["amount_sek"] is not None:
        return translate(AMOUNTS["amount", period], lang, amount=money(result["amount_sek"], lang))
    if result["max_amount_sek"] and result["status"] in SPOKEN_STATUSES:
        return translate(AMOUNTS["ceiling", period], lang, amount=money(result["max_amount_sek"], lang))
    return None


def verdict(result: dict, lang: str, spoken: bool) -> str:
    """"Du kan troligen få **166 667 kr per år**." (on the phone, the amount in words)."""
    amount = amount_phrase(result, lang, spoken_rounded_sek if spoken else format_sek)
    if amount and not spoken:
        amount = f"**{amount}**"
    return translate(VERDICTS[result["status"], amount is not None], lang, amount=amount or "")


def card(result: dict, lang: str) -> dict:
    """One support as the widget draws it (custom.result)."""
    return {"support": result["support"], "name": result["name"], "status": result["status"],
            "amount_sek": result["amount_sek"], "max_amount_sek": result["max_amount_sek"],
            "period": result["period"],
            "reasons": [check["explanation"] for check in decisive_checks(result)],
            "conditions": result["conditions"], "apply_to": result["apply_to"]}


def estimate(conversation: Conversation) -> dict:
    output = evaluate(facts_from_slots(conversation.slots), lang=conversation.lang)
    output["results"].sort(key=lambda result: STATUS_ORDER.index(result["status"]))
    return output


def named_ruleset(ruleset: dict) -> dict:
    """The engine's ruleset ({id, valid_from, source}) with its title from rules_engine/rulesets/:
    an applicant reads "Regionalt serviceprogram … för Västerbotten", not the id (the caseworker
    page shows both). A stored result's id that is no longer shipped is its own title."""
    found = ruleset_by_id(ruleset["id"])
    return {**ruleset, "title": found.title if found else ruleset["id"]}


def result(spec: ResponseSpec, conversation: Conversation, arguments: dict) -> Reply:
    lang = conversation.lang
    output = estimate(conversation)
    ruleset = named_ruleset(output["ruleset"])
    # The cards carry what the text says below them: the year the calculation used ("Inget år
    # angavs, så beräkningen gäller 2026") and that it is an estimate, no decision. The widget
    # shows the cards instead of the text, so without these a phone shows amounts without caveats.
    custom = {"result": [card(result, lang) for result in output["results"]], "ruleset": ruleset,
              "year": output["year"], "notes": output["notes"]}
    if conversation.spoken:
        spoken = [{"name": result["name"], "verdict": verdict(result, lang, spoken=True)}
                  for result in output["results"] if result["status"] in SPOKEN_STATUSES]
        text = render_template("nlg/result.phone.j2", lang, supports=spoken[:SPOKEN_SUPPORTS])
    else:
        supports = [{**card(result, lang), "verdict": verdict(result, lang, spoken=False)}
                    for result in output["results"]]
        text = render_template("nlg/result.md.j2", lang, supports=supports, ruleset=ruleset,
                               notes=output["notes"])
    return Reply(text, spec.buttons, custom)


def explain_result(spec: ResponseSpec, conversation: Conversation, arguments: dict) -> Reply:
    lang = conversation.lang
    output = estimate(conversation)
    if conversation.spoken:
        # For the ear (issue 15): the supports the result read out, each with the one reason
        # that decided it; with none of those, why the others do not fit. The screen has it all.
        told = ([result for result in output["results"] if result["status"] in SPOKEN_STATUSES]
                or [result for result in output["results"] if result["status"] == NOT_ELIGIBLE])
        supports = [{"name": result["name"], "verdict": verdict(result, lang, spoken=True),
                     "reasons": [check["explanation"] for check in decisive_checks(result)[:1]]}
                    for result in told[:SPOKEN_REASONED]]
        return Reply(render_template("nlg/explain.phone.j2", lang, supports=supports))
    supports = [{"name": result["name"], "verdict": verdict(result, lang, spoken=False),
                 "checks": [{**check, "outcome": translate(OUTCOMES[check["outcome"]], lang)}
                            for check in result["checks"] if check["explanation"]]}
                for result in output["results"]]
    return Reply(render_template("nlg/explain.md.j2", lang, supports=supports,
                                 ruleset=named_ruleset(output["ruleset"]), notes=output["notes"]),
                 spec.buttons)
