"""A turn Rasa could not store is an error the user hears about, never a silent loss.

Rasa 3.6 wraps every tracker store in a `FailSafeTrackerStore`. When the store cannot be read,
it starts the conversation afresh; when it cannot be written (SQLite locked past its timeout,
PostgreSQL down), it logs "Falling back to use the 'InMemoryTrackerStore'", keeps the turn in
that process's memory and answers as if all were well, and the answer is gone from the stored
conversation. Its REST channel then catches whatever the turn raised and answers 200 with the
replies it had collected.

Here both are errors, in two places:
- `install()` (run in the Rasa process before it starts; stodkollen/logged.py) makes the
  wrapper's error callbacks raise `TrackerStoreUnavailable` instead of falling back;
- `refuse_unsaved_turns()` wraps a channel's `on_new_message` and answers 503 when the turn
  raised (stodkollen/rasa_channel.py; the phone channel lets the error reach Sanic, a 500).
The service turns either into its Swedish "försök igen om en stund" (503); the answer was
never stored, so the user sends it again and it is taken then.
"""

import logging
from contextvars import ContextVar

log = logging.getLogger(__name__)
# Set per request: the task that runs a webhook's middleware runs its handler too.
_turn_failed: ContextVar[bool] = ContextVar("turn_failed", default=False)


class TrackerStoreUnavailable(RuntimeError):
    """The conversation could not be read from, or written to, the tracker store."""


def _refuse(_store, error: Exception) -> None:
    # SQLAlchemy's message quotes the statement and its parameters (what the user said): the
    # database driver's own error says what happened without them.
    cause = getattr(error, "orig", None) or error
    first_line = (str(cause).splitlines() or [""])[0]
    log.error("tracker store failed, turn refused: %s: %s", type(cause).__name__, first_line)
    raise TrackerStoreUnavailable(type(cause).__name__) from error


def install() -> None:
    from rasa.core.tracker_store import FailSafeTrackerStore

    # Both are called inside the wrapper's `except` around the real store's call: raising
    # here ends the turn before `fallback_tracker_store` (the in-memory one) is touched.
    for callback in ("on_tracker_store_error", "on_tracker_store_retrieve_error"):
        if not callable(getattr(FailSafeTrackerStore, callback, None)):  # another Rasa: look again
            raise RuntimeError(f"Rasa's FailSafeTrackerStore has no {callback}: see {__name__}")
        setattr(FailSafeTrackerStore, callback, _refuse)


def refuse_unsaved_turns(on_new_message):
    """`on_new_message` that records a failed turn for `answer_503_for_unsaved_turns`."""

    async def handle(message) -> None:
        try:
            await on_new_message(message)
        except Exception:
            _turn_failed.set(True)
            raise  # Rasa's REST channel logs it, then would answer 200

    return handle


def answer_503_for_unsaved_turns(webhook):
    """The channel's Sanic blueprint, answering 503 for a turn `refuse_unsaved_turns` saw fail."""
    from sanic import response  # here: logged.py imports this module before Rasa and Sanic

    @webhook.middleware("request")
    async def new_turn(_request) -> None:
        _turn_failed.set(False)

    @webhook.middleware("response")
    async def refuse_if_failed(_request, _response):
        if _turn_failed.get():
            return response.json({"error": "the turn was not stored; send it again"}, status=503)
        return None

    return webhook
