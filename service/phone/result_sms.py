"""The estimate as an sms to the calling number, with the exact amounts the ear was spared.
The telephony platform sends it (the reply's `sms` field); nothing of it is kept here."""

import re

from stodkollen.core.i18n import N_, translate

from ..nlg.conversation import Conversation
from ..nlg.handoff import LANSSTYRELSEN_PHONE
from ..nlg.results import SPOKEN_STATUSES, estimate, verdict

EMPHASIS = re.compile(r"\*\*")


def result_sms(slots: dict, lang: str) -> str:
    """"Stödkollen: en uppskattning, inte ett beslut. Särskilt driftstöd: Du kan troligen få
    166 667 kr per år. …": the supports the call read out, each with its exact amount."""
    output = estimate(Conversation("phone", lang, slots))
    lines = [f"{result['name']}: {EMPHASIS.sub('', verdict(result, lang, spoken=False))}"
             for result in output["results"] if result["status"] in SPOKEN_STATUSES]
    return "\n".join([translate(N_("phone.sms.heading"), lang),
                      *(lines or [translate(N_("result.phone.nothing"), lang)]),
                      translate(N_("phone.sms.questions"), lang, phone=LANSSTYRELSEN_PHONE)])
