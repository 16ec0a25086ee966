"""Questions about the answer just given, asked where what it may mean lies across a rule's
threshold for this store (actions/form.py):

- English "miles": "2 miles" is 3,2 km as English miles and 20 km as Swedish mil, and the shop
  owner says which. The corpus's rule (../shared/corpus/english.yml): "'mile(s)' in English is
  read as the English mile (1,609 km) ... Where the two readings would change the outcome, ...
  the bot should confirm."
- "mellan 1,5 och 2,5 miljoner", "knappt tusen" artiklar: the figure is asked for, as exactly as
  the shop owner can give it (answers.yml: "Ask for the figure").
- "nio till arton": the days those opening times hold on, to make hours a week of them.
- a fact given again differently, not as a correction: which of the two is right.
"""

from stodkollen.core.formatting import format_number
from stodkollen.core.i18n import N_, translate

from .answers import invalid_answer
from .conversation import Conversation
from .registry import ButtonSpec, ResponseSpec
from .reply import Reply
from .values import formatted_value, topic

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


EXACT_FIGURE = {"range": N_("ask.exact_figure.range"), "below": N_("ask.exact_figure.below"),
                "above": N_("ask.exact_figure.above")}


def exact_figure(spec: ResponseSpec, conversation: Conversation, arguments: dict) -> Reply:
    slot, said, value = arguments.get("slot"), arguments.get("said"), arguments.get("value")
    if said not in EXACT_FIGURE or value is None:
        return invalid_answer(spec, conversation, arguments)
    lang, spoken = conversation.lang, conversation.spoken
    low, high = arguments.get("low", value), arguments.get("high", value)
    return Reply(translate(EXACT_FIGURE[said], lang, topic=topic(slot, lang),
                           value=formatted_value(slot, value, lang, spoken=spoken),
                           low=formatted_value(slot, low, lang, spoken=spoken),
                           high=formatted_value(slot, high, lang, spoken=spoken)))


def opening_days(spec: ResponseSpec, conversation: Conversation, arguments: dict) -> Reply:
    times = arguments.get("times") or conversation.slots.get("times_without_days")
    if not times:
        return invalid_answer(spec, conversation, arguments)
    return Reply(translate(N_("ask.opening_days"), conversation.lang, times=times))


def which_is_right(spec: ResponseSpec, conversation: Conversation, arguments: dict) -> Reply:
    slot, earlier, now = (arguments.get(key) for key in ("slot", "earlier", "now"))
    if None in (slot, earlier, now):
        return invalid_answer(spec, conversation, arguments)
    lang, spoken = conversation.lang, conversation.spoken
    return Reply(translate(N_("ask.which_is_right"), lang, topic=topic(slot, lang),
                           earlier=formatted_value(slot, earlier, lang, spoken=spoken),
                           now=formatted_value(slot, now, lang, spoken=spoken)))
