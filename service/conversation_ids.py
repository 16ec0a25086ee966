"""The shapes of conversation ids, checked whole (`fullmatch`: a `$` would let "abcdefgh\n"
through). The web and the phone never share a conversation: the service makes every phone
conversation's id itself (service/phone/calls.py), in a shape the web refuses."""

import re

# The widget's random id ("w-" and 24 hex digits), or any id a web page picks of this shape.
WEB_PATTERN = r"(?!phone-)[A-Za-z0-9_-]{8,64}"
PHONE_PATTERN = r"phone-[0-9a-f]{24}"
# For the API's documentation (JSON Schema); the validators check WEB_PATTERN, whole.
WEB_SCHEMA = r"^[A-Za-z0-9_-]{8,64}$"


def is_web(sender: str) -> bool:
    return re.fullmatch(WEB_PATTERN, sender) is not None


def is_phone(sender: str) -> bool:
    return re.fullmatch(PHONE_PATTERN, sender) is not None
