"""The resume code: what lets a caller, and nobody else calling from their number, go on with
a conversation that holds their answers.

Caller id can be spoofed, so the calling number alone never resumes a conversation with
answers in it. After the first answered question the caller hears a four-digit code; it is
said again when they say they will go on later, and before goodbye. Calling back from the
same number, they are asked for it: said ("fyra sju ett nio", "fyrtiosju nitton") or keyed
("4719#"). Anything else starts afresh, and the earlier conversation is not touched. Wrong
codes from one number are counted across calls (CallStore.code_failures); at the limit
(settings.phone_code_attempts) resuming is locked for that number for
settings.phone_code_lock_minutes, however many calls are made.

Choices where the issue is silent:
- A withheld number gets no code: with no number there is nothing to find the conversation by.
- The code prompt says nothing of what the conversation holds; asking for the code tells a
  caller only that someone answered questions from this number.
- At the prompt, silence or words that are no code are asked about once more; the second
  time the call starts afresh, as "ny" would. Words that are no code still count
  (CodeRequest): "jag minns inte" is offered a fresh start or a person, a person asked for
  (said, or "*#") is put through at once (the new conversation has nothing to pass on, and the
  old one is not the caller's until the code is given), "upprepa" says the prompt again and a
  question ("vad är det för kod?") is answered with what the code is; neither of the last two
  counts as a prompt.
"""

import re
import secrets
from dataclasses import dataclass
from enum import Enum

from quantities import parse
from stodkollen.conversation_facts import is_number
from stodkollen.core.formatting import spoken_number
from stodkollen.core.i18n import N_, translate

from .commands import Command, command
from .delivery import DIGIT_WORDS

CODE_DIGITS = 4
PROMPTS_BEFORE_STARTING_AFRESH = 2
# "jag minns inte", "vet inte", "jag har glömt koden": the caller has a code but not at hand.
FORGOTTEN = re.compile(r"\b(minns (den )?inte|kommer inte ihåg|glömt|glömde|vet inte|vet ej|ingen aning|"
                       r"tappat bort|hittar (den )?inte|(don't|do not|can't|cannot) (remember|recall|find)|"
                       r"forg[eo]t\w*|(don't|do not) know|no idea)\b")
# "prata med en person", "kan jag få en handläggare": a person, asked for at the code prompt.
PERSON = re.compile(r"\b(person|människa|handläggare|någon (på|från) länsstyrelsen|riktig människa|"
                    r"koppla (mig|till)|operatör|human|caseworker|someone real)\b")
# "vad är det för kod?", "vilken kod?", "hjälp": a question about the prompt.
QUESTION = re.compile(r"\b(vad|vilken|vilka|varför|hur|hjälp|förstår inte|what|which|why|how|help)\b")
# "ny", "börja om", "jag har ingen kod", "nej": the caller does not want to go on.
START_AFRESH = re.compile(r"\b(ny\w*|börja\w*|från början|ingen|inte|nej|nä|ha?r? ingen|new|start\w*|no)\b")
# "jag fortsätter senare", "jag ringer tillbaka sen": the caller will go on later.
LATER = re.compile(r"\b(fortsätt\w* (senare|sen|en annan gång|i morgon|imorgon)|"
                   r"ring\w* (tillbaka|igen|upp igen)\w*( \w+)* (senare|sen|i morgon|imorgon)|"
                   r"återkommer|hör av mig (senare|sen)|(continue|call back) later)\b")


def new_code() -> str:
    return f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"


def code_heard(speech: str | None = None, digits: str | None = None) -> str | None:
    """The four digits the caller said or keyed, or None. Speech recognition writes a code as
    digits ("4719", "47 19"), digit words ("fyra sju ett nio") or pairs ("fyrtiosju nitton");
    words that are no number ("koden är") are passed over."""
    if digits is not None:
        code = digits.rstrip("#")
    else:
        code = ""
        for word in re.findall(r"\d+|\w+", (speech or "").casefold()):
            if word.isdigit():
                code += word
            elif word in DIGIT_WORDS:
                code += DIGIT_WORDS[word]
            elif (numbers := parse(word, "article_count")) and is_number(numbers[0].value) \
                    and 10 <= numbers[0].value <= 99:
                code += str(int(numbers[0].value))
    return code if re.fullmatch(rf"\d{{{CODE_DIGITS}}}", code) else None


def spoken_code(code: str, lang: str) -> str:
    """"4719" → "fyra, sju, ett, nio": one digit at a time, with a pause between."""
    return ", ".join(spoken_number(int(digit), lang) for digit in code)


def code_sentence(code: str, lang: str) -> str:
    return translate(N_("phone.code.yours"), lang, code=spoken_code(code, lang))


def wants_to_continue_later(speech: str | None) -> bool:
    return bool(speech) and bool(LATER.search(speech.casefold()))


class CodeRequest(Enum):
    """Words at the code prompt that are no code and no "ny", but say what the caller wants."""
    FORGOTTEN = "forgotten"
    PERSON = "person"
    REPEAT = "repeat"
    QUESTION = "question"


@dataclass(frozen=True)
class CodeAnswer:
    """What the caller did at the code prompt: gave a code, chose to start afresh, asked for
    something else, or none of these."""
    code: str | None = None
    afresh: bool = False
    request: CodeRequest | None = None


def code_answer(speech: str | None, digits: str | None) -> CodeAnswer:
    code = code_heard(speech, digits)
    if code is not None:
        return CodeAnswer(code=code)
    given = command(speech, digits)
    if given is Command.PERSON:
        return CodeAnswer(request=CodeRequest.PERSON)
    if given is Command.REPEAT:
        return CodeAnswer(request=CodeRequest.REPEAT)
    said = " ".join((speech or "").casefold().split())
    # Before "ny": "jag minns inte" and "vet inte" say "inte", and are no wish to start afresh.
    for request, words in ((CodeRequest.FORGOTTEN, FORGOTTEN), (CodeRequest.PERSON, PERSON)):
        if words.search(said):
            return CodeAnswer(request=request)
    if START_AFRESH.search(said):
        return CodeAnswer(afresh=True)
    if given is Command.HELP or QUESTION.search(said):
        return CodeAnswer(request=CodeRequest.QUESTION)
    return CodeAnswer()
