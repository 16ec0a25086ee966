"""The phone channel Rasa loads from credentials.yml (`phone_channel.rasa_input.PhoneInput`):
POST /webhooks/phone/webhook on localhost, called only by the service's phone route.

Like the REST channel (stodkollen/rasa_channel.py) it takes the internal token as `?token=`,
since only the service may talk to the assistant, and the request id the service sends in
`X-Request-ID`, which marks Rasa's and the action server's log lines for the turn.
"""

import logging

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request

from stodkollen.core.jsonlog import REQUEST_ID_HEADER, VALID_REQUEST_ID, request_id
from stodkollen.core.settings import settings
from stodkollen.core.tokens import token_matches

from .protocol import EVENTS, Turn, phone_reply, rasa_message

log = logging.getLogger(__name__)


class PhoneInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "phone"

    def __init__(self, token: str | None = None):
        self.token = token or settings().internal_token

    def blueprint(self, on_new_message) -> Blueprint:
        webhook = Blueprint("phone_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request):
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request):
            given = request.headers.get(REQUEST_ID_HEADER, "")
            request_id.set(given if VALID_REQUEST_ID.match(given) else None)
            if not token_matches(request.args.get("token"), self.token):
                return response.json({"error": "unauthorized"}, status=401)
            try:
                turn = Turn.from_json(request.json or {})
                if turn.event is not None and turn.event not in EVENTS:
                    raise ValueError(f"unknown event {turn.event!r}")
                text, metadata = rasa_message(turn)
            except (KeyError, TypeError, ValueError) as error:
                return response.json({"error": str(error)}, status=400)
            log.info("turn received on the phone channel")  # nothing of what was said
            if request_id.get():
                metadata["request_id"] = request_id.get()
            collector = CollectingOutputChannel()
            await on_new_message(UserMessage(text, collector, turn.sender, input_channel=self.name(),
                                             metadata=metadata))
            return response.json(phone_reply(collector.messages, turn.lang))

        return webhook
