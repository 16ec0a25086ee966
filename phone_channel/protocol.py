"""The phone channel's protocol between the service and Rasa, as plain data.

The service sends one turn of a call: the conversation id it chose for the caller, the
language, and either the recognised speech, the keyed digits or an event. The turn becomes
one Rasa message (events become intents sent as payloads, like the widget's "/silence"), and
the assistant's replies become one reply for the telephony platform: the text to speak, the
same as SSML, what input to listen for next, and whether to hang up or transfer the call.

How each reply is meant for the ear (what it expects, whether it transfers or ends the call)
is decided where it is rendered, by the NLG endpoint's phone channel, and travels in the
reply's `custom.phone` (service/nlg/render.py).
"""

import re
from dataclasses import dataclass
from xml.sax.saxutils import escape

EVENTS = ("call_started", "call_resumed", "no_input", "talk_to_person", "explain_result")
# The intents the events stand for: a new call is greeted, a call back with the right code is
# offered to go on, silence is asked again, the keypad's key for a person asks for one, and
# "mer" after the result (which ends "Säg mer för detaljer") asks for its reasons.
EVENT_PAYLOADS = {"call_started": "/greet", "call_resumed": "/call_again", "no_input": "/silence",
                  "talk_to_person": "/talk_to_person", "explain_result": "/explain_result"}
EXPECTED_INPUTS = ("speech", "digits", "yes_no")
DEFAULT_EXPECTED = "speech"
SSML_LANGUAGES = {"sv": "sv-SE", "en": "en-GB"}
SSML_NAMESPACE = "http://www.w3.org/2001/10/synthesis"  # SSML 1.1; only speak, p and s are used
SENTENCE_END = re.compile(r"(?<=[.?!])\s+")
# The keypad: digits, "*" as the decimal comma ("12*5#" is 12,5), "#" ends the entry.
KEYED = re.compile(r"^[0-9*]*#?$")


@dataclass(frozen=True)
class Turn:
    sender: str
    lang: str = "sv"
    speech: str | None = None
    digits: str | None = None
    event: str | None = None

    @classmethod
    def from_json(cls, data: dict) -> "Turn":
        return cls(sender=str(data["sender"]), lang=data.get("lang") or "sv", speech=data.get("speech"),
                   digits=data.get("digits"), event=data.get("event"))


def keyed_number(digits: str) -> str:
    """"25#" → "25", "12*5#" → "12,5": what was keyed, as the understanding layer reads a
    bare number (the question being asked gives it its unit). Nothing keyed → ""."""
    if not KEYED.match(digits):
        raise ValueError(f"not keypad digits: {digits!r}")
    return digits.rstrip("#").replace("*", ",")


def rasa_message(turn: Turn) -> tuple[str, dict]:
    """The text Rasa receives for this turn, and its metadata (the NLG and the session start
    read the real channel from it: Rasa's channels reach the NLG as "collector")."""
    metadata = {"channel": "phone", "lang": turn.lang}
    if turn.event is not None:
        return EVENT_PAYLOADS[turn.event], {**metadata, "input": "event"}
    if turn.digits is not None:
        keyed = keyed_number(turn.digits)
        # Only "#" keyed: as if nothing was said.
        return (keyed or EVENT_PAYLOADS["no_input"]), {**metadata, "input": "digits"}
    # What was heard is never a "/payload": those are the events' own.
    spoken = " ".join((turn.speech or "").split()).lstrip("/")
    return (spoken or EVENT_PAYLOADS["no_input"]), {**metadata, "input": "speech"}


def _replies(messages: list[dict]) -> list[dict]:
    """Rasa's collected messages send a reply's `custom` as a message of its own after its
    text; join them again."""
    replies: list[dict] = []
    for message in messages:
        if message.get("text"):
            replies.append({"text": message["text"], "phone": {}})
        custom = (message.get("custom") or {}).get("phone")
        if custom and replies:
            replies[-1]["phone"] = custom
    return replies


def ssml(texts: list[str], lang: str) -> str:
    """Each reply a paragraph, each sentence a sentence, for the platform's speech synthesis."""
    paragraphs = "".join(
        "<p>" + "".join(f"<s>{escape(sentence)}</s>" for sentence in SENTENCE_END.split(text.strip())
                        if sentence) + "</p>"
        for text in texts)
    return (f'<speak version="1.1" xmlns="{SSML_NAMESPACE}" '
            f'xml:lang="{SSML_LANGUAGES.get(lang, "sv-SE")}">{paragraphs}</speak>')


def _expected_input(replies: list[dict]) -> str:
    """The last reply's expectation, except that the keypad, once offered, stays offered while
    the form asks the question again after it."""
    expects = [reply["phone"]["expect"] for reply in replies if reply["phone"].get("expect")]
    if "digits" in expects and expects[-1] == "speech":
        return "digits"
    return expects[-1] if expects else DEFAULT_EXPECTED


def phone_reply(messages: list[dict], lang: str) -> dict:
    """One reply for the telephony platform from the assistant's messages of one turn. After a
    transfer, the questions the dialogue would go on with are left unsaid: a person takes over;
    after a goodbye that ends the call, so are they: nobody is left to answer them.
    After the offer of ways to get a draft's link, they are held back, for the service to say
    once the caller has chosen (`delivery_offer`; service/phone/delivery.py)."""
    spoken: list[dict] = []
    held_back: list[dict] = []
    transfer = hang_up = False
    offer = None
    for reply in _replies(messages):
        if offer is not None:
            held_back.append(reply)
            continue
        if (transfer or hang_up) and reply["phone"].get("expect"):
            continue
        spoken.append(reply)
        transfer = transfer or bool(reply["phone"].get("transfer"))
        hang_up = hang_up or bool(reply["phone"].get("hang_up"))
        offer = reply["phone"].get("delivery_offer")
    texts = [reply["text"] for reply in spoken]
    # `texts` and `responses` are for the service, which may add to what is said (the resume
    # code) and counts reprompts by what each reply is; it sends the platform text and SSML.
    answer = {"texts": texts, "responses": [reply["phone"].get("response") for reply in spoken],
              "expected_input": _expected_input(spoken), "hang_up": hang_up and not transfer,
              "transfer": transfer}
    if offer is not None:
        answer["delivery_offer"] = {"reference": offer, "held_back": {
            "texts": [reply["text"] for reply in held_back],
            "expected_input": _expected_input(held_back) if held_back else None}}
    return answer
