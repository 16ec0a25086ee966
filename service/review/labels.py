"""The words the review page and charts use for questions, channels, reasons and topics."""

from rules_engine.render import fact_label as engine_fact_label
from stodkollen.core.i18n import N_, translate

from .turns import (
    ABANDONED,
    ASKED_AGAIN,
    CONFIRMATION,
    CORRECTED,
    DENIED,
    HANDOFF,
    NOT_UNDERSTOOD,
    SUMMARY_QUESTION,
)
from .verdicts import FACT, LOCALITY, NOT_ANSWERABLE, TOPIC, TOPICS

QUESTIONS = {SUMMARY_QUESTION: N_("review.question.summary"), CONFIRMATION: N_("review.question.read_back"),
             None: N_("review.question.none")}
CHANNELS = {"web": N_("review.channel.web"), "phone": N_("review.channel.phone"),
            "test": N_("review.channel.test"), "unknown": N_("review.channel.unknown")}
REASONS = {NOT_UNDERSTOOD: N_("review.reason.not_understood"), ASKED_AGAIN: N_("review.reason.asked_again"),
           CORRECTED: N_("review.reason.corrected"), DENIED: N_("review.reason.denied"),
           HANDOFF: N_("review.reason.handoff"), ABANDONED: N_("review.reason.abandoned")}
VERDICTS = {FACT: N_("review.verdict.fact"), TOPIC: N_("review.verdict.topic"),
            NOT_ANSWERABLE: N_("review.verdict.not_answerable")}


def question_label(question: str | None, lang: str = "sv") -> str:
    if question in QUESTIONS:
        return translate(QUESTIONS[question], lang)
    text = translate(f"topic.{question}", lang)
    return text[:1].upper() + text[1:]


def channel_label(channel: str, lang: str = "sv") -> str:
    return translate(CHANNELS.get(channel, CHANNELS["unknown"]), lang)


def reason_label(reason: str, lang: str = "sv") -> str:
    return translate(REASONS[reason], lang)


def verdict_label(verdict: str, lang: str = "sv") -> str:
    return translate(VERDICTS[verdict], lang)


def topic_label(topic: str, lang: str = "sv") -> str:
    return translate(TOPICS[topic], lang)


def fact_label(fact: str, lang: str = "sv") -> str:
    text = translate(N_("review.fact.locality"), lang) if fact == LOCALITY else engine_fact_label(fact, lang)
    return text[:1].upper() + text[1:]

