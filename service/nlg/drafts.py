"""Replies about the application draft: its reference (from the action server's arguments)
and its link, or that it could not be made.

The link holds a secret, so it never passes through Rasa, whose tracker store keeps every
reply: on the web the reply holds LINK_MARKER where the link goes and names the draft in its
`custom` part, and the service puts the link in when it forwards the reply to the browser
that owns the conversation (service/routers/chat.py). On the phone the link is never spoken:
the applicant is offered other ways to get it, and the reply carries the draft's reference
for the service, which takes the caller's choice."""

from string import Formatter

from stodkollen.core.i18n import translate

from .conversation import Conversation
from .registry import ResponseSpec, response
from .reply import Reply, messages_reply

FAILED = "utter_draft_failed"
# Where the service puts the draft's link; the reply's custom part names the draft under LINK_FOR.
LINK_MARKER = "[utkastlänk]"
LINK_FOR = "draft_link"


def draft_message(spec: ResponseSpec, conversation: Conversation, arguments: dict) -> Reply:
    """The spec's messages with the action's arguments (reference) filled in, and the marker
    for the link."""
    lang = conversation.lang
    arguments = {**arguments, "url": LINK_MARKER} if arguments.get("reference") else arguments
    texts = [translate(message, lang)
             for message in (spec.phone if conversation.spoken and spec.phone else spec.text)]
    needed = {name for text in texts for _, name, _, _ in Formatter().parse(text) if name}
    if not all(arguments.get(name) for name in needed):  # nothing to point to: as if it had failed
        return messages_reply(response(FAILED), conversation)
    values = {name: arguments[name] for name in needed}
    reply = Reply("\n".join(text.format(**values) for text in texts), spec.buttons)
    if "url" in needed:
        reply.custom[LINK_FOR] = arguments["reference"]
    if conversation.spoken and spec.phone_reply.get("delivery_offer"):
        if not arguments.get("reference"):
            return messages_reply(response(FAILED), conversation)
        # The service takes the caller's choice from here (service/phone/delivery.py).
        reply.custom["phone"] = {"delivery_offer": arguments["reference"]}
    return reply
