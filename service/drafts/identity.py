"""Checks of what the applicant types on the draft page: organisation number, e-mail, phone,
postcode. Each returns the normalised value or raises ValueError with a catalog message id.

An organisation number is ten digits whose last is a Luhn check digit (Skatteverket, SKV 709).
A sole trader's number is their personnummer, so every organisation number is treated as
personal data: it is kept only in the draft and never logged.
"""

import re

from stodkollen.core.i18n import N_

SEPARATORS = re.compile(r"[\s\-+]")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
PHONE = re.compile(r"^\+?[\d\s\-()]+$")
PHONE_DIGITS = (7, 15)  # a short Swedish number to the E.164 maximum
POSTCODE = re.compile(r"^\d{3} ?\d{2}$")


def luhn_valid(digits: str) -> bool:
    """The Luhn (mod 10) check: every second digit from the left doubled, digit sums added."""
    total = 0
    for position, digit in enumerate(int(character) for character in digits):
        product = digit * (2 - position % 2)
        total += product - 9 if product > 9 else product
    return total % 10 == 0


def organisation_number(text: str) -> str:
    """"5560360793" or "556036-0793" → "556036-0793"."""
    digits = SEPARATORS.sub("", text)
    if not re.fullmatch(r"\d{10}", digits):
        raise ValueError(N_("applicant.error.organisation_number_format"))
    if not luhn_valid(digits):
        raise ValueError(N_("applicant.error.organisation_number_checksum"))
    return f"{digits[:6]}-{digits[6:]}"


def is_personnummer(number: str) -> bool:
    """A sole trader's number: its middle pair is a month (01–12); an organisation's is 20 or more."""
    return 1 <= int(number[2:4]) <= 12


def is_aktiebolag(number: str) -> bool:
    """Organisation numbers of aktiebolag begin with 5 (Bolagsverket's legal-form group)."""
    return number.startswith("5") and not is_personnummer(number)


def email(text: str) -> str:
    text = text.strip()
    if len(text) > 254 or not EMAIL.match(text):
        raise ValueError(N_("applicant.error.email"))
    return text


def phone(text: str) -> str:
    text = " ".join(text.split())
    digits = re.sub(r"\D", "", text)
    if not PHONE.match(text) or not PHONE_DIGITS[0] <= len(digits) <= PHONE_DIGITS[1]:
        raise ValueError(N_("applicant.error.phone"))
    return text


def postcode(text: str) -> str:
    """"90430" or "904 30" → "904 30"."""
    text = text.strip()
    if not POSTCODE.match(text):
        raise ValueError(N_("applicant.error.postcode"))
    digits = text.replace(" ", "")
    return f"{digits[:3]} {digits[3:]}"
