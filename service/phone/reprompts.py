"""Never stuck: the route counts reprompts of one question by what each reply is (the NLG
names every response it renders), offers a person after a few and puts the call through
after one more; and, for the ear, a question asked again is not read whole again.

A turn is a reprompt when Rasa answered with one of REPROMPTS: silence asked about, an answer
that could not be read or that looks wrong, words it could not place. The question it is
about is the last form question in the reply (`utter_ask_<slot>`), or, with none, the one
before: the greeting's silence counts for the greeting. A turn that asks something new
starts the count again.
"""

import re
from dataclasses import dataclass

SILENCE = "utter_silence"
NOT_READ = ("utter_invalid_answer", "utter_implausible_answer")
# Turns that get no further either: words the assistant could not place at all, a correction
# it could not read, and its own offer of a person after failures (actions/form.py).
NO_FURTHER = ("utter_default", "utter_out_of_scope", "utter_correction_not_understood", "utter_offer_handoff")
REPROMPTS = frozenset({SILENCE, *NOT_READ, *NO_FURTHER})
QUESTION = "utter_ask_"
FIRST_SENTENCE = re.compile(r"^.*?[.?!](?=\s|$)")


@dataclass(frozen=True)
class Count:
    question: str | None
    reprompts: int


def counted(before: Count, responses: list[str | None]) -> Count:
    """The count after this turn's responses."""
    questions = [name for name in responses if name and name.startswith(QUESTION)]
    question = questions[-1] if questions else before.question
    if not REPROMPTS.intersection(responses):
        return Count(question, 0)
    return Count(question, before.reprompts + 1 if question == before.question else 1)


def shortened(texts: list[str], responses: list[str | None]) -> list[str]:
    """A question asked again after a reprompt: after an answer that could not be read it is
    left out (the reprompt says how to answer it, with an example); after silence only its
    first sentence is said. Everything else as it was."""
    kept = []
    for index, (text, name) in enumerate(zip(texts, responses, strict=True)):
        before = responses[index - 1] if index else None
        if name and name.startswith(QUESTION) and before in NOT_READ:
            continue
        if name and name.startswith(QUESTION) and before == SILENCE:
            found = FIRST_SENTENCE.match(text)
            text = found.group() if found else text
        kept.append(text)
    return kept


def with_person_offered(texts: list[str], responses: list[str | None], offer: str,
                        keypad: str | None) -> list[str]:
    """The reprompt that offers a person: how to answer, then the offer in the place of the
    keypad hint and of the question asked again, so that the reply stays short."""
    kept = [text.replace(keypad, "").strip() if keypad else text
            for text, name in zip(texts, responses, strict=True)
            if not (name and name.startswith(QUESTION))]
    return [*(text for text in kept if text), offer]
