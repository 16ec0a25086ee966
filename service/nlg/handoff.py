"""How to reach a person at Länsstyrelsen Västerbotten."""

import re

from stodkollen.core.formatting import spoken_number
from stodkollen.core.i18n import N_, translate

from .conversation import Conversation
from .registry import ResponseSpec
from .reply import Reply

LANSSTYRELSEN_PHONE = "010-225 40 00"
LANSSTYRELSEN_EMAIL = "vasterbotten@lansstyrelsen.se"


def spoken_phone_number(number: str, lang: str) -> str:
    """"010-225 40 00" → "noll ett noll, två två fem, fyra noll, noll noll": digit by digit,
    group by group, as a listener writes a number down."""
    groups = re.split(r"[-\s]+", number.strip())
    return ", ".join(" ".join(spoken_number(int(digit), lang) for digit in group) for group in groups)


def handoff(spec: ResponseSpec, conversation: Conversation, arguments: dict) -> Reply:
    """A person asked for. On the phone the call is put through at once, with no further
    question (the caller asked), and so nothing is passed on: only a yes to passing the answers
    on does that (actions/handoff.py)."""
    lang = conversation.lang
    if conversation.spoken:
        return handoff_transfer(spec, conversation, arguments)
    return Reply(translate(N_("handoff.contact"), lang, phone=LANSSTYRELSEN_PHONE, email=LANSSTYRELSEN_EMAIL),
                 spec.buttons)


def handoff_transfer(spec: ResponseSpec, conversation: Conversation, arguments: dict) -> Reply:
    return Reply(translate(N_("handoff.transfer.phone"), conversation.lang,
                           phone=spoken_phone_number(LANSSTYRELSEN_PHONE, conversation.lang)))
