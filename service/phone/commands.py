"""Commands a caller can give at any point of a call, said or keyed, answered by the route:
repeat what was just said, help (what can be said and keyed), back to change an answer, and a
person. And the keypad's 1 and 2 as yes and no, only where a yes or no is asked for.

Keys: `*` is the decimal comma and `#` ends a number, so a command key is a sequence no
number can be: two stars ("**") repeats, a star and the hash key ("*#") asks for a person.
Neither uses 0, the draft-delivery dialogue's "nej tack". The help says them.
"""

import re
from enum import Enum

from stodkollen.core.i18n import N_, translate

from .reprompts import FIRST_SENTENCE


class Command(Enum):
    REPEAT = "repeat"
    HELP = "help"
    BACK = "back"
    PERSON = "person"


KEYS = {"**": Command.REPEAT, "*#": Command.PERSON}
YES_NO_KEYS = {"1": "ja", "2": "nej"}
SAID = (
    (Command.REPEAT, re.compile(r"\b(upprepa\w*|va(d)? sa(de)? du|en gång till|säg det igen|ta det igen|"
                                r"hörde inte|repeat|say (that|it) again|pardon)\b")),
    (Command.HELP, re.compile(r"^(hjälp( mig)?|jag behöver hjälp|vad kan jag säga|help( me)?|"
                              r"what can i say)$")),
    (Command.BACK, re.compile(r"^(gå )?(tillbaka|backa)|^(jag vill )?ändra( (mitt|ett) svar| svaret)?$|"
                              r"^förra frågan$|^(go )?back$|^change( (my|an) answer)?$")),
)


def command(speech: str | None, digits: str | None) -> Command | None:
    if digits is not None:
        return KEYS.get(digits) or KEYS.get(digits.removesuffix("#"))  # "**" or "**#"; "*#"
    text = " ".join((speech or "").casefold().strip(" .!?").split())
    return next((name for name, words in SAID if words.search(text)), None)


def yes_no_key(digits: str | None, expected_input: str | None) -> str | None:
    """"1" is "ja" and "2" is "nej", only while a yes or no is asked for; elsewhere a number."""
    if digits is None or expected_input != "yes_no":
        return None
    return YES_NO_KEYS.get(digits.rstrip("#"))


def help_texts(last_texts: list[str], expected_input: str | None, lang: str) -> list[str]:
    """What can be said and keyed, then the last question again, short."""
    texts = [translate(N_("phone.help"), lang)]
    if expected_input == "yes_no":
        texts.append(translate(N_("phone.help.yes_no_keys"), lang))
    if last_texts:
        question = FIRST_SENTENCE.match(last_texts[-1])
        texts.append(question.group() if question else last_texts[-1])
    return texts
