"""Rasa's REST channel and conversation API, over HTTP (the service never imports Rasa)."""

import httpx

from stodkollen.settings import Settings

TIMEOUT_S = 60  # a turn may run the action server and the rules engine


class RasaUnavailable(Exception):
    """Rasa did not answer, or answered with an error."""


class RasaClient:
    def __init__(self, settings: Settings, transport: httpx.AsyncBaseTransport | None = None):
        self.http = httpx.AsyncClient(base_url=settings.rasa_url, timeout=TIMEOUT_S, transport=transport)

    async def _request(self, method: str, path: str, **kwargs) -> httpx.Response:
        try:
            response = await self.http.request(method, path, **kwargs)
            response.raise_for_status()
        except httpx.HTTPError as error:
            # Only the kind of failure: a body may hold what the user typed.
            raise RasaUnavailable(type(error).__name__) from None
        return response

    async def send(self, sender: str, message: str, metadata: dict) -> list[dict]:
        response = await self._request("POST", "/webhooks/rest/webhook",
                                       json={"sender": sender, "message": message, "metadata": metadata})
        return response.json()

    async def tracker(self, sender: str) -> dict:
        return (await self._request("GET", f"/conversations/{sender}/tracker")).json()

    async def close(self) -> None:
        await self.http.aclose()
