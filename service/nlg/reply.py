"""A rendered reply, and the plain responses that are only catalog messages and buttons."""

import re
from dataclasses import dataclass, field

from stodkollen.core.i18n import N_, translate

from .conversation import Conversation
from .registry import ButtonSpec, ResponseSpec
from .values import lower_first, spoken_list, upper_first

LIST_MARKER = re.compile(r"^\s*(?:[-*•]|\d+\.)\s+")


@dataclass
class Reply:
    text: str
    buttons: tuple[ButtonSpec, ...] = ()
    custom: dict = field(default_factory=dict)

    def as_rasa(self, conversation: Conversation) -> dict:
        """Rasa's NLG response (rasa.core.nlg.callback.nlg_response_format_spec); the phone
        shows no buttons, so they are left out there."""
        buttons = [] if conversation.spoken else [button_as_rasa(button, conversation.lang)
                                                  for button in self.buttons]
        return {"text": self.text, "buttons": buttons, "image": None, "elements": [],
                "attachment": None, "custom": self.custom}


def button_as_rasa(button: ButtonSpec, lang: str) -> dict:
    title = upper_first(translate(button.title, lang))  # choice labels are lower case in the catalogs
    return {"title": title, "payload": title if button.is_answer else button.payload}


def as_speech(text: str) -> str:
    """Markdown to sentences for text-to-speech: no emphasis, list items as sentences."""
    sentences = []
    for line in text.replace("**", "").splitlines():
        line = LIST_MARKER.sub("", line).strip()
        if line:
            sentences.append(line if line[-1] in ".?!:" else f"{line}.")
    return " ".join(sentences)


def spoken_choices(buttons: tuple[ButtonSpec, ...], lang: str) -> str | None:
    """The answer buttons read out: "Säg butik, mack eller kommun."."""
    answers = [lower_first(translate(button.title, lang)) for button in buttons if button.is_answer]
    if not answers:
        return None
    return translate(N_("phone.say_choices"), lang, choices=spoken_list(answers, lang, style="or"))


def messages_reply(spec: ResponseSpec, conversation: Conversation) -> Reply:
    """The response's messages one per line; on the phone its spoken variant, or the same
    messages as sentences followed by the answer choices."""
    lang = conversation.lang
    if not conversation.spoken:
        return Reply("\n".join(translate(message, lang) for message in spec.text), spec.buttons)
    if spec.phone:
        return Reply(" ".join(translate(message, lang) for message in spec.phone))
    sentences = [as_speech("\n".join(translate(message, lang) for message in spec.text)),
                 spoken_choices(spec.buttons, lang)]
    return Reply(" ".join(sentence for sentence in sentences if sentence))
