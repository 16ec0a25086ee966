"""The internal token check, shared by Rasa's guarded channels and the action server without
importing Rasa for it (importing rasa.core costs the action server 0.6 s at start)."""

import hmac


def token_matches(given: str | None, expected: str) -> bool:
    """In constant time, so the token cannot be guessed a character at a time."""
    return bool(given) and hmac.compare_digest(given.encode(), expected.encode())
