"""From a response name and Rasa's tracker to the reply, in the user's channel and language."""

import re

from stodkollen.core.i18n import N_, translate

from . import answers, clarify, drafts, handoff, phone, results, summary
from .conversation import conversation_from_tracker
from .registry import response
from .reply import Reply, messages_reply
from .values import FORM_SLOTS, answer_kind

# The responses that are built from the tracker, by the registry's `render:` name.
RENDERERS = {
    "invalid_answer": answers.invalid_answer,
    "implausible_answer": answers.implausible_answer,
    "which_mile": clarify.which_mile,
    "exact_figure": clarify.exact_figure,
    "opening_days": clarify.opening_days,
    "which_is_right": clarify.which_is_right,
    "correction_done": answers.correction_done,
    "facts_noted": answers.facts_noted,
    "opening_understood": answers.opening_understood,
    "locality_understood": answers.locality_understood,
    "help": answers.help_answer,
    "summary": summary.summary,
    "result": results.result,
    "explain_result": results.explain_result,
    "handoff": handoff.handoff,
    "handoff_transfer": handoff.handoff_transfer,
    "draft_message": drafts.draft_message,
    "confirm_value": phone.confirm_value,
    "silence": phone.silence,
}
FORM_QUESTION = "utter_ask_"
LINE_BREAKS = re.compile(r"[ \t]*\n\s*")
# Questions answered with one or more of their buttons ("Välj en eller flera"): the widget shows
# them as toggles with "Klar"; "Inget av dem" answers alone.
SEVERAL_CHOICES = ("services", "purposes")
ANSWERS_ALONE = (N_("answer.none_of_them"),)


# A question about the answer just given ("Stämmer det att antalet artiklar är 1 000?", "English
# miles or Swedish mil?") is the turn's question: the form's own question, which Rasa asks again
# right after it, is left unsaid.
CLARIFYING = {"utter_implausible_answer", "utter_which_mile", "utter_exact_figure", "utter_opening_days",
              "utter_which_is_right"}
# On the phone a person asked for is put through at once: no question follows it.
PUT_THROUGH = "utter_handoff"


def _last_said(conversation) -> str | None:
    """The response the assistant last gave in this turn, if any."""
    for event in reversed(conversation.events):
        if event.get("event") == "user":
            return None
        if event.get("event") == "bot":
            return (event.get("metadata") or {}).get("utter_action")
    return None


def render_response(name: str, arguments: dict, tracker: dict) -> dict:
    """Rasa's NLG response for `name`; raises registry.UnknownResponse for a name we lack."""
    conversation = conversation_from_tracker(tracker)
    said = _last_said(conversation)
    put_through = conversation.spoken and said == PUT_THROUGH  # the call goes to a person now
    if name.startswith(FORM_QUESTION) and (said in CLARIFYING or put_through):
        return Reply("").as_rasa(conversation)
    spec = response(name).adapted(conversation.slots)
    reply = (RENDERERS[spec.render](spec, conversation, arguments or {}) if spec.render
             else messages_reply(spec, conversation))
    if name.startswith(FORM_QUESTION) and name[len(FORM_QUESTION):] in FORM_SLOTS and conversation.progress:
        reply.custom["progress"] = conversation.progress  # the widget draws "Fråga 3 av ungefär 7"
    slot = name[len(FORM_QUESTION):]
    several = slot in FORM_SLOTS and answer_kind(slot) in SEVERAL_CHOICES and not conversation.spoken
    if name.startswith(FORM_QUESTION) and several:
        reply.custom["several"] = {"alone": [translate(alone, conversation.lang) for alone in ANSWERS_ALONE]}
    if conversation.spoken:
        reply.text = LINE_BREAKS.sub(" ", reply.text)  # one stream of sentences for text-to-speech
        hints = phone.phone_hints(name, spec, conversation, reply)
        if hints:
            reply.custom["phone"] = hints
    return reply.as_rasa(conversation)
