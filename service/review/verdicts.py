"""What a caseworker records for a failed turn, checked against the facts contract.

A verdict is one of: the fact and the value a careful person would have read ("fact"), the
topic of a question or remark made instead of an answer ("topic"), or "not answerable". The
value is typed the way the development corpus (../shared/corpus/README.md) types it: money
and counts integers, km and hours numbers, yes/no booleans, lists of the contract's words,
the municipality's official name, the locality as written; "vet inte" is the contract's null.
"""

import re
from dataclasses import dataclass
from typing import Any

from rules_engine.facts import BOOL, MONEY, NUMBER, SCHEMA, Problem
from stodkollen.conversation_facts import BY_SLOT, DIALOGUE_FACTS
from stodkollen.core.i18n import N_, translate

from .masking import mask_personal_data

FACT, TOPIC, NOT_ANSWERABLE = "fact", "topic", "not_answerable"
VERDICTS = (FACT, TOPIC, NOT_ANSWERABLE)
LOCALITY = "locality"  # a dialogue slot, not an engine fact: the corpus records it all the same
FACTS = (*DIALOGUE_FACTS, LOCALITY)
# The corpus's topics (../shared/corpus/questions.yml: topics), in its order, with their labels;
# a test keeps them equal to the corpus's while the corpus is at hand.
TOPICS = {
    "why_this_question": N_("review.topic.why_this_question"),
    "term_nettoomsattning": N_("review.topic.term_nettoomsattning"),
    "term_dagligvaror": N_("review.topic.term_dagligvaror"),
    "term_drivmedel": N_("review.topic.term_drivmedel"),
    "term_serviceplan": N_("review.topic.term_serviceplan"),
    "term_serviceort_nod_punkt": N_("review.topic.term_serviceort_nod_punkt"),
    "term_prisbasbelopp": N_("review.topic.term_prisbasbelopp"),
    "term_mangsidigt_utbud": N_("review.topic.term_mangsidigt_utbud"),
    "term_sarskilda_skal": N_("review.topic.term_sarskilda_skal"),
    "term_hemsandning": N_("review.topic.term_hemsandning"),
    "term_betaltjanster": N_("review.topic.term_betaltjanster"),
    "term_servicebidrag": N_("review.topic.term_servicebidrag"),
    "term_investeringsstod": N_("review.topic.term_investeringsstod"),
    "term_driftstod": N_("review.topic.term_driftstod"),
    "who_decides": N_("review.topic.who_decides"),
    "how_to_apply": N_("review.topic.how_to_apply"),
    "deadline": N_("review.topic.deadline"),
    "payout_timing": N_("review.topic.payout_timing"),
    "how_much_max": N_("review.topic.how_much_max"),
    "privacy_my_data": N_("review.topic.privacy_my_data"),
    "talk_to_person": N_("review.topic.talk_to_person"),
    "repeat_question": N_("review.topic.repeat_question"),
    "go_back_change_answer": N_("review.topic.go_back_change_answer"),
    "start_over": N_("review.topic.start_over"),
    "pause_continue_later": N_("review.topic.pause_continue_later"),
    "bot_challenge": N_("review.topic.bot_challenge"),
    "out_of_scope": N_("review.topic.out_of_scope"),
    "thanks": N_("review.topic.thanks"),
    "complaint_frustration": N_("review.topic.complaint_frustration"),
    "language_switch": N_("review.topic.language_switch"),
}
DONT_KNOW = {"", "vet inte", "null", "okänt", "okänd"}
YES, NO = {"ja", "yes", "true", "sant"}, {"nej", "no", "false", "falskt"}
# Who is asking is not an engine fact: its answer is read as the applicant kind.
FACT_OF_QUESTION = {"asker": "applicant_kind", LOCALITY: LOCALITY}
LIST_ANSWERS = ("services", "purposes")


class VerdictError(ValueError):
    """A verdict that cannot be kept, with a Swedish message for the form."""


@dataclass(frozen=True)
class Verdict:
    kind: str
    fact: str | None = None
    value: Any = None
    approximate: bool = False
    topic: str | None = None
    note: str = ""


def fact_of(question: str | None, confirming: str | None = None) -> str | None:
    """The fact a pending question asks for (at a read-back: the number being read back)."""
    slot = confirming or question
    if slot in FACT_OF_QUESTION:
        return FACT_OF_QUESTION[slot]
    return BY_SLOT[slot].path if slot in BY_SLOT else None


def _typed(fact: str, text: str) -> Any:
    """The caseworker's typed value as the contract's type, before the contract checks it."""
    folded = text.strip().lower()
    if folded in DONT_KNOW:
        return None
    if fact == LOCALITY:
        return text.strip()
    kind = SCHEMA[fact]
    if kind is BOOL:
        return True if folded in YES else False if folded in NO else text
    if DIALOGUE_FACTS[fact].answer in LIST_ANSWERS:
        return [item.strip() for item in folded.split(",") if item.strip()]
    if kind in (MONEY, NUMBER):
        number = re.sub(r"[\s\u00a0]", "", folded).replace(",", ".")
        try:
            value = float(number)
        except ValueError:
            return text
        return int(value) if value.is_integer() else value
    return text.strip()


def read_value(fact: str, text: str) -> Any:
    """The value for the fact, or VerdictError saying, in Swedish, why it is not one."""
    if fact not in FACTS:
        raise VerdictError(translate(N_("review.error.unknown_fact"), "sv", fact=fact))
    value = _typed(fact, text)
    if value is None or fact == LOCALITY:
        return value
    kind = SCHEMA[fact]
    checked = kind.validate(value, kind.choices)
    if isinstance(checked, Problem):
        raise VerdictError(translate(checked.message_id, "sv", field=fact, **checked.params))
    return list(checked) if isinstance(checked, tuple) else checked


def verdict_from_form(kind: str, fact: str, value: str, approximate: bool, topic: str, note: str) -> Verdict:
    """The verdict from the review form; the caseworker's note is masked like the user's words."""
    note = mask_personal_data(note.strip())
    if kind == FACT:
        return Verdict(FACT, fact=fact, value=read_value(fact, value), approximate=approximate, note=note)
    if kind == TOPIC:
        if topic not in TOPICS:
            raise VerdictError(translate(N_("review.error.unknown_topic"), "sv", topic=topic))
        return Verdict(TOPIC, topic=topic, note=note)
    if kind == NOT_ANSWERABLE:
        return Verdict(NOT_ANSWERABLE, note=note)
    raise VerdictError(translate(N_("review.error.no_verdict"), "sv"))
