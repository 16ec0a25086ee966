"""The action server: rasa-sdk's own Sanic application with what rasa-sdk leaves out. The
stack starts it as `python -m stodkollen.logged actions actions.server --port 5055` (JSON logs).

- Only Rasa may call it: every request but /health must carry the internal token (Rasa sends
  it as the `X-Internal-Token` header set on the action endpoint in endpoints.yml).
- It listens on localhost (settings.internal_host) and allows no browser origins.
- Its logs are JSON lines, each marked with the request id the service gave the turn (read from
  the latest message's metadata).
- An action that fails answers 500 without the request's body (rasa-sdk's own handler echoes
  the tracker, which holds what the user typed).
"""

import argparse
import logging

from rasa_sdk import utils
from rasa_sdk.endpoint import create_app
from sanic import Sanic, response
from sanic.request import Request

from quantities import readings_kept
from stodkollen.core import jsonlog
from stodkollen.core.settings import settings
from stodkollen.core.startup_memory import freeze_what_startup_made
from stodkollen.core.tokens import token_matches

log = logging.getLogger(__name__)
TOKEN_HEADER = "X-Internal-Token"
OPEN_PATHS = {"/health"}  # the stack's health check


def request_id_of(action_call: dict | None) -> str | None:
    """The request id the service put in the metadata of the message this action answers."""
    metadata = (((action_call or {}).get("tracker") or {}).get("latest_message") or {}).get("metadata") or {}
    given = metadata.get("request_id")
    return given if isinstance(given, str) and jsonlog.VALID_REQUEST_ID.match(given) else None


def build_app(token: str) -> Sanic:
    app = create_app("actions", cors_origins=None)

    @app.middleware("request")
    async def rasa_only(request: Request):
        if request.path in OPEN_PATHS:
            return None
        if not token_matches(request.headers.get(TOKEN_HEADER), token):
            return response.json({"error": "unauthorized"}, status=401)
        if request.path == "/webhook":
            readings_kept()  # each reading of the message made once in this request (quantities)
            try:
                jsonlog.request_id.set(request_id_of(request.json))
            except Exception:  # not JSON (or compressed): rasa-sdk's handler answers it
                jsonlog.request_id.set(None)
        return None

    @app.exception(Exception)
    async def failed(request: Request, exception: Exception):
        log.error("action request failed", exc_info=exception)
        return response.json({"error": type(exception).__name__}, status=500)

    return app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=settings().actions_port)
    args = parser.parse_args(argv)
    config = settings()
    app = build_app(config.internal_token)
    log.info("action server on http://%s:%d", config.internal_host, args.port)
    freeze_what_startup_made()  # the actions and their libraries are loaded by now
    app.run(config.internal_host, args.port, workers=utils.number_of_sanic_workers(), access_log=False)


if __name__ == "__main__":
    main()
