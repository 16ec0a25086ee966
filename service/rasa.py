"""Rasa's REST channel and conversation API, over HTTP (the service never imports Rasa).

Every call carries the internal token (`?token=`: Rasa's `--auth-token`, and our REST channel,
stodkollen/rasa_channel.py) and the request's X-Request-ID. With more than one Rasa server
(settings.rasa_urls) the turns go to each in turn: they share the tracker store and a Redis
lock store, so any of them can answer any turn of a conversation. A server that refuses the
connection is skipped for that call (nothing reached it, so nothing is answered twice).
"""

import itertools
import time

import httpx

from stodkollen.core.jsonlog import REQUEST_ID_HEADER, request_id
from stodkollen.core.settings import Settings

from .conversation_ids import is_phone, is_web
from .metrics import METRICS

TIMEOUT_S = 60  # a turn may run the action server and the rules engine


class RasaUnavailable(Exception):
    """Rasa did not answer, or answered with an error."""


class RasaClient:
    def __init__(self, settings: Settings, transport: httpx.AsyncBaseTransport | None = None):
        self.servers = [httpx.AsyncClient(base_url=url, timeout=TIMEOUT_S, transport=transport,
                                          params={"token": settings.internal_token})
                        for url in settings.rasa_urls]
        self._turns = itertools.cycle(range(len(self.servers)))

    async def _request(self, method: str, path: str, **kwargs) -> httpx.Response:
        first = next(self._turns)
        headers = {REQUEST_ID_HEADER: current} if (current := request_id.get()) else {}
        for number in range(len(self.servers)):
            server = self.servers[(first + number) % len(self.servers)]
            try:
                response = await server.request(method, path, headers=headers, **kwargs)
                response.raise_for_status()
                return response
            except httpx.ConnectError:
                continue  # this server is down; the next one may answer
            except httpx.HTTPError as error:
                # Only the kind of failure: a body may hold what the user typed.
                raise RasaUnavailable(type(error).__name__) from None
        raise RasaUnavailable("ConnectError")

    async def send(self, sender: str, message: str, metadata: dict) -> list[dict]:
        if not is_web(sender):  # the web and the phone never share a conversation
            raise ValueError("not a web conversation's id")
        started = time.perf_counter()
        response = await self._request("POST", "/webhooks/rest/webhook",
                                       json={"sender": sender, "message": message, "metadata": metadata})
        METRICS.observe_turn(time.perf_counter() - started, str(metadata.get("channel", "unknown")))
        return response.json()

    async def phone_turn(self, turn: dict) -> dict:
        """One turn of a call through Rasa's phone channel (phone_channel/): the reply to speak."""
        if not is_phone(turn["sender"]):
            raise ValueError("not a phone conversation's id")
        started = time.perf_counter()
        response = await self._request("POST", "/webhooks/phone/webhook", json=turn)
        METRICS.observe_turn(time.perf_counter() - started, "phone")
        return response.json()

    async def tracker(self, sender: str) -> dict:
        return (await self._request("GET", f"/conversations/{sender}/tracker")).json()

    async def close(self) -> None:
        for server in self.servers:
            await server.aclose()
