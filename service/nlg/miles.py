"""English "miles" asked back: "2 miles" is 3,2 km as English miles and 20 km as Swedish mil,
and where the two would decide differently the shop owner says which (actions/form.py).

The corpus's rule (../shared/corpus/english.yml): "'mile(s)' in English is read as the English
mile (1,609 km) ... Where the two readings would change the outcome, ... the bot should confirm."
"""

from stodkollen.core.formatting import format_number
from stodkollen.core.i18n import N_, translate

from .answers import invalid_answer
from .conversation import Conversation
from .registry import ButtonSpec, ResponseSpec
from .reply import Reply
from .values import formatted_value

KM_PER_SWEDISH_MIL = 10
ANSWERS = (ButtonSpec(N_("answer.english_miles")), ButtonSpec(N_("answer.swedish_mil")))


def which_mile(spec: ResponseSpec, conversation: Conversation, arguments: dict) -> Reply:
    slot, english_km, swedish_km = (arguments.get(key) for key in ("slot", "value", "swedish_mil_km"))
    if None in (slot, english_km, swedish_km):  # nothing to choose between: ask the question anew
        return invalid_answer(spec, conversation, arguments)
    lang, spoken = conversation.lang, conversation.spoken
    miles = format_number(swedish_km / KM_PER_SWEDISH_MIL, lang)
    text = translate(N_("ask.which_mile"), lang, miles=miles,
                     english=formatted_value(slot, english_km, lang, spoken=spoken),
                     swedish=formatted_value(slot, swedish_km, lang, spoken=spoken))
    return Reply(text, ANSWERS)
