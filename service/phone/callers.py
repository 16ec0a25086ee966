"""A caller's number as a salted hash: enough to find the caller's conversation again when
they call back, and nothing anyone can turn back into the number without the secret."""

import hashlib
import hmac
import re

NOT_DIALLED = re.compile(r"[\s().-]")


def normalised_number(number: str) -> str:
    """"070-123 45 67", "+46 70 123 45 67" and "0046701234567" are one caller."""
    digits = NOT_DIALLED.sub("", number)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    elif digits.startswith("0"):
        digits = "+46" + digits[1:]  # a national Swedish number
    return digits


def caller_hash(number: str, salt: str) -> str:
    return hmac.new(salt.encode(), normalised_number(number).encode(), hashlib.sha256).hexdigest()
