"""Replies about the application draft: its link and reference (from the action server's
arguments), or that it could not be made. The link holds a secret, so it is never spoken:
on the phone the applicant is offered other ways to get it."""

from stodkollen.i18n import translate

from .conversation import Conversation
from .registry import ResponseSpec, response
from .reply import Reply, messages_reply

ARGUMENTS = ("url", "reference")
FAILED = "utter_draft_failed"


def draft_message(spec: ResponseSpec, conversation: Conversation, arguments: dict) -> Reply:
    """The spec's messages with the draft's url and reference filled in."""
    values = {name: arguments.get(name) for name in ARGUMENTS}
    if not all(values.values()):  # nothing to point to: as if it had failed
        return messages_reply(response(FAILED), conversation)
    messages = spec.phone if conversation.spoken and spec.phone else spec.text
    separator = " " if conversation.spoken else "\n"
    return Reply(separator.join(translate(message, conversation.lang, **values) for message in messages),
                 spec.buttons)
