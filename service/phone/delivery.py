"""The draft's link, on the phone: it holds a secret and cannot be read out, so the caller is
offered to get it by sms or e-mail, or to have a caseworker call back (issue 7).

The exchange is between the service and the caller only. Rasa never hears the choice, the
number or the address: the request is recorded with the draft in the draft store
(service/drafts/lifecycle.py `request_delivery`), which keeps personal data only until the
draft expires or is deleted. Sending is not Stödkollen's: Länsstyrelsen sees the request on
the caseworker's page of the draft.

Choices where the issue is silent:
- The calling number is used for sms and the call back, but only after the caller has said
  yes to it, read back by its last four digits; with a withheld number, or a no, the number
  is keyed in and read back whole. That yes is the caller's consent to keep the number.
- An e-mail address is spoken ("anna punkt berg snabel-a exempel punkt se") and read back.
- "Nej tack" ends the offer; the draft stays, and its reference is read out for later.
- Three turns in a row that cannot be read end the offer the same way, as three unreadable
  answers to a form question offer a person instead of looping.
"""

import re
from dataclasses import dataclass, field, replace

from phone_channel.ear import spoken_reference
from quantities import parse
from stodkollen.core.i18n import N_, translate

from ..nlg.handoff import spoken_phone_number
from .callers import normalised_number

SMS, EMAIL, CALLBACK, DECLINED = "sms", "email", "callback", "declined"
CHANNELS = (SMS, EMAIL, CALLBACK)
CHOOSE, ADDRESS, CONFIRM = "choose", "address", "confirm"
FAILURES_BEFORE_GIVING_UP = 3

# The keypad's choices are read out in the reprompt: "knappa ett för sms, två för e-post...".
KEYED_CHOICES = {"1": SMS, "2": EMAIL, "3": CALLBACK, "0": DECLINED}
# What speech recognition writes for each choice, mishearings included ("s m s", "mejla").
SPOKEN_CHOICES = {
    SMS: re.compile(r"\b(sms\w*|s m s|es em es|text\w*|sms:a)\b"),
    EMAIL: re.compile(r"\b(e-?post\w*|e post|mejl\w*|mail\w*|e-?mail\w*|email)\b"),
    CALLBACK: re.compile(r"\b(ring\w*|uppringd|samtal|handläggare\w*|call\w*|phone)\b"),
}
DECLINE = re.compile(r"\b(nej|nä|nix|inget|ingenting|behövs inte|no|none)\b")

# A spoken e-mail address, word by word: "snabel-a" is the @, as Swedes spell addresses.
EMAIL_WORDS = [
    (re.compile(r"\b(snabel ?-?a|at-tecken|at)\b"), "@"),
    (re.compile(r"\b(punkt|dot)\b"), "."),
    (re.compile(r"\b(understreck|underscore)\b"), "_"),
    (re.compile(r"\b(bindestreck|streck|minus|dash|hyphen)\b"), "-"),
]
EMAIL_SIGNS = {"sv": {"@": "snabel-a", ".": "punkt", "_": "understreck", "-": "bindestreck"},
               "en": {"@": "at", ".": "dot", "_": "underscore", "-": "dash"}}
# An e-mail address as the phone takes it: a local part and a domain of letters, digits and
# . _ + - (no two dots, none at an end), the top-level domain letters only.
STRICT_EMAIL = re.compile(r"[a-z0-9](?:[a-z0-9_+-]|\.(?!\.))*(?<!\.)@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?"
                          r"(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,24}")
MAX_EMAIL = 254
SWEDISH_NUMBER = re.compile(r"\+46[1-9]\d{6,8}")
DIGIT_WORDS = {"noll": "0", "ett": "1", "en": "1", "två": "2", "tre": "3", "fyra": "4", "fem": "5",
               "sex": "6", "sju": "7", "åtta": "8", "nio": "9", "zero": "0", "one": "1", "two": "2",
               "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
               "nine": "9"}


@dataclass(frozen=True)
class Offer:
    """Where one call's offer stands: which draft, which step, the channel chosen, the number or
    address waiting for a yes (None: the calling number), and what the dialogue was about to
    say when the offer interrupted it (said once the offer is settled)."""
    call_id: str
    reference: str
    step: str = CHOOSE
    channel: str | None = None
    address: str | None = None
    failures: int = 0
    held_back: dict = field(default_factory=dict)  # {"texts": [...], "expected_input": ...}


@dataclass(frozen=True)
class Heard:
    speech: str | None = None
    digits: str | None = None  # None with no speech either: the caller was silent


@dataclass(frozen=True)
class Outcome:
    texts: list[str]
    expected_input: str = "speech"
    offer: Offer | None = None  # None: the offer is settled
    request: tuple[str, str] | None = None  # (channel, address) to record with the draft


def chosen(heard: Heard) -> str | None:
    """sms, email, callback or declined; None if the turn says none of them, or two."""
    if heard.digits is not None:
        return KEYED_CHOICES.get(heard.digits.rstrip("#"))
    text = (heard.speech or "").casefold().strip(" .!")
    if text in DIGIT_WORDS or text in KEYED_CHOICES:  # "tre", as the keypad's three was said
        return KEYED_CHOICES.get(DIGIT_WORDS.get(text, text))
    channels = [channel for channel, words in SPOKEN_CHOICES.items() if words.search(text)]
    if len(channels) == 1:
        return channels[0]
    return DECLINED if not channels and DECLINE.search(text) else None


def email_heard(speech: str) -> str | None:
    """"Anna punkt Berg snabel-a exempel punkt se" → "anna.berg@exempel.se", if an address:
    letters, digits and . _ + - only, so that nothing a caller says can become markup on the
    caseworker's page or in the speech synthesis (`a&b<break time='10s'/>@x.se` is refused)."""
    text = speech.casefold()
    for words, sign in EMAIL_WORDS:
        text = words.sub(sign, text)
    address = "".join(text.split())
    if len(address) > MAX_EMAIL or not STRICT_EMAIL.fullmatch(address):
        return None
    return address


def number_heard(heard: Heard) -> str | None:
    """A phone number keyed ("0701234567#") or said as digits or digit words, as digits; None if
    it is not one."""
    if heard.digits is not None:
        digits = heard.digits.rstrip("#")
    else:
        words = re.findall(r"\+?\d+|\w+", (heard.speech or "").casefold())
        if not words or not all(word.lstrip("+").isdigit() or word in DIGIT_WORDS for word in words):
            return None
        digits = "".join(DIGIT_WORDS.get(word, word) for word in words)
    return swedish_number(digits)


def swedish_number(digits: str) -> str | None:
    """A Swedish phone number as it is dialled at home ("0701234567"), from "0701234567",
    "+46701234567" or "0046701234567"; None for anything else: an area code and a subscriber
    number make eight to ten digits after the leading 0 (Post- och telestyrelsen's plan)."""
    number = normalised_number(digits)
    return "0" + number[3:] if SWEDISH_NUMBER.fullmatch(number) else None


def spoken_number_end(number: str, lang: str) -> str:
    """The last four digits, two by two: "fyra fem, sex sju"."""
    end = re.sub(r"\D", "", number)[-4:]
    return spoken_phone_number(f"{end[:2]} {end[2:]}", lang)


def spoken_phone_digits(number: str, lang: str) -> str:
    """"0701234567" → "noll sju noll, ett två tre, fyra fem, sex sju": as it is written down."""
    groups = [number[:3], number[3:6]] + [number[index:index + 2] for index in range(6, len(number), 2)]
    return spoken_phone_number(" ".join(group for group in groups if group), lang)


def spoken_email(address: str, lang: str) -> str:
    signs = EMAIL_SIGNS.get(lang, EMAIL_SIGNS["sv"])
    return " ".join(re.sub(r"[@._-]", lambda sign: f" {signs[sign.group()]} ", address).split())


def said_yes(heard: Heard) -> bool | None:
    """Yes, no, or neither; on the keypad 1 is yes and 2 is no (it is a yes-or-no question)."""
    if heard.digits is not None:
        return {"1": True, "2": False}.get(heard.digits.rstrip("#"))
    answers = {quantity.value for quantity in parse(heard.speech or "", "yes_no")}
    return True if answers == {"yes"} else False if answers == {"no"} else None


class DeliveryDialogue:
    """One turn of the offer at a time: what the caller said, and what to say back."""

    def __init__(self, lang: str, caller: str | None):
        self.lang = lang
        # The calling number as the platform gave it this turn ("070-123 45 67"), if shown;
        # kept as given, which is how a caseworker dials it.
        self.caller = caller

    def _(self, message_id: str, **values) -> str:
        return translate(message_id, self.lang, **values)

    def answer(self, offer: Offer, heard: Heard) -> Outcome:
        step = {CHOOSE: self._choose, ADDRESS: self._address, CONFIRM: self._confirm}[offer.step]
        return step(offer, heard)

    def _choose(self, offer: Offer, heard: Heard) -> Outcome:
        channel = chosen(heard)
        if channel is None:
            return self._failed(offer, heard, N_("phone.delivery.choose_again"))
        if channel == DECLINED:
            return Outcome([self._(N_("phone.delivery.declined"),
                                   reference=spoken_reference(offer.reference, self.lang))])
        if channel == EMAIL:
            return Outcome([self._(N_("phone.delivery.ask_email"))],
                           offer=replace(offer, step=ADDRESS, channel=EMAIL, failures=0))
        if self.caller:
            confirm = {SMS: N_("phone.delivery.confirm_own_number.sms"),
                       CALLBACK: N_("phone.delivery.confirm_own_number.callback")}[channel]
            return Outcome([self._(confirm, ending=spoken_number_end(self.caller, self.lang))], "yes_no",
                           replace(offer, step=CONFIRM, channel=channel, address=None, failures=0))
        return Outcome([self._(N_("phone.delivery.ask_number"))], "digits",
                       replace(offer, step=ADDRESS, channel=channel, failures=0))

    def _address(self, offer: Offer, heard: Heard) -> Outcome:
        if offer.channel == EMAIL:
            address = email_heard(heard.speech) if heard.speech else None
            spoken, ask, expected = (address and spoken_email(address, self.lang),
                                     N_("phone.delivery.ask_email"), "speech")
        else:
            address = number_heard(heard)
            spoken, ask, expected = (address and spoken_phone_digits(address, self.lang),
                                     N_("phone.delivery.ask_number"), "digits")
        if address is None:
            return self._failed(offer, heard, ask, expected)
        return Outcome([self._(N_("phone.delivery.confirm_address"), address=spoken)], "yes_no",
                       replace(offer, step=CONFIRM, address=address, failures=0))

    def _confirm(self, offer: Offer, heard: Heard) -> Outcome:
        yes = said_yes(heard)
        if yes is None:
            return self._failed(offer, heard, N_("phone.delivery.yes_or_no"), "yes_no")
        if not yes:
            ask, expected = ((N_("phone.delivery.ask_email"), "speech") if offer.channel == EMAIL
                             else (N_("phone.delivery.ask_number"), "digits"))
            return Outcome([self._(ask)], expected, replace(offer, step=ADDRESS, address=None, failures=0))
        address = offer.address or self.caller
        if not address:  # the number was shown when it was read back, and is not now
            return Outcome([self._(N_("phone.delivery.ask_number"))], "digits",
                           replace(offer, step=ADDRESS, failures=0))
        done = {SMS: N_("phone.delivery.done.sms"), EMAIL: N_("phone.delivery.done.email"),
                CALLBACK: N_("phone.delivery.done.callback")}[offer.channel]
        return Outcome([self._(done)], request=(offer.channel, address))

    def _failed(self, offer: Offer, heard: Heard, ask: str, expected: str = "speech") -> Outcome:
        """Not understood (or silence): ask again; the third time, leave the draft be."""
        failures = offer.failures + 1
        if failures >= FAILURES_BEFORE_GIVING_UP:
            return Outcome([self._(N_("phone.delivery.given_up"),
                                   reference=spoken_reference(offer.reference, self.lang))])
        heard_nothing = heard.speech is None and heard.digits is None
        why = N_("phone.delivery.silence") if heard_nothing else N_("phone.delivery.not_understood")
        return Outcome([self._(why), self._(ask)], expected,
                       replace(offer, failures=failures))
