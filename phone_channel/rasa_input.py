"""The phone channel Rasa loads from credentials.yml (`phone_channel.rasa_input.PhoneInput`):
POST /webhooks/phone/webhook on localhost, called only by the service's phone route.

Like the REST channel it takes the internal token as `?token=` (stodkollen/rasa_channel.py):
only the service may talk to the assistant.
"""

import hmac

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request

from stodkollen.settings import settings

from .protocol import EVENTS, Turn, phone_reply, rasa_message


class PhoneInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "phone"

    def __init__(self, token: str | None = None):
        self.token = token or settings().internal_token

    def _authorised(self, request: Request) -> bool:
        given = request.args.get("token") or ""
        return bool(given) and hmac.compare_digest(given.encode(), self.token.encode())

    def blueprint(self, on_new_message) -> Blueprint:
        webhook = Blueprint("phone_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request):
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request):
            if not self._authorised(request):
                return response.json({"error": "unauthorized"}, status=401)
            try:
                turn = Turn.from_json(request.json or {})
                if turn.event is not None and turn.event not in EVENTS:
                    raise ValueError(f"unknown event {turn.event!r}")
                text, metadata = rasa_message(turn)
            except (KeyError, TypeError, ValueError) as error:
                return response.json({"error": str(error)}, status=400)
            collector = CollectingOutputChannel()
            await on_new_message(UserMessage(text, collector, turn.sender, input_channel=self.name(),
                                             metadata=metadata))
            return response.json(phone_reply(collector.messages, turn.lang))

        return webhook
