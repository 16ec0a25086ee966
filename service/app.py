"""The service: the only public entry of Stödkollen (docs/architecture.md).

`create_app()` builds the FastAPI application from one router per resource; `app` is the
instance uvicorn serves (`uvicorn service.app:app`). The drafts database and the HTTP
client for Rasa are opened when the application starts, not when it is imported.
"""

import asyncio
import logging
import sqlite3
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from stodkollen.core.settings import Settings, settings
from stodkollen.core.startup_memory import freeze_what_startup_made

from . import caseworkers, logs
from .client_address import ClientAddress
from .drafts.handoff import ExportPackageHandoff
from .drafts.postgres import open_store
from .drafts.retention import PersonalData, purge
from .drafts.tracker import TrackerEvents
from .errors import http_error_handler, storage_error_handler, validation_error_handler
from .metrics import CountResponses
from .phone.calls import CallStore
from .rasa import RasaClient
from .ratelimit import RateLimiter
from .request_body import RequestBody
from .request_ids import RequestIds
from .routers import (
    caseworker,
    caseworker_login,
    chat,
    draft_pages,
    drafts,
    evaluate,
    health,
    metrics,
    nlg,
    phone,
    review,
    rulesets,
    training,
    widget,
    workbench,
)
from .security import SecurityHeaders, internal_only, rate_limited, rate_limiters
from .web_conversations import WebConversations
from .workbench.store import WorkbenchStore

log = logging.getLogger(__name__)
STATIC_DIR = Path(__file__).with_name("static")
RETENTION_INTERVAL_S = 24 * 60 * 60


async def retention_job(app: FastAPI) -> None:
    """Once at start, then once a day: expired drafts, and conversations 30 days quiet, go
    (service/drafts/retention.py)."""
    while True:
        try:
            await asyncio.to_thread(purge, PersonalData(
                app.state.store, app.state.tracker, app.state.web_conversations, app.state.calls,
                app.state.settings.draft_retention_days))
        except Exception:  # a failed run must not stop tomorrow's
            log.exception("retention job failed; next attempt in a day")
        await asyncio.sleep(RETENTION_INTERVAL_S)


def lifespan(rasa_transport: httpx.AsyncBaseTransport | None):
    @asynccontextmanager
    async def run(app: FastAPI):
        logs.install()
        app.state.store = open_store(app.state.settings)  # SQLite, or PostgreSQL when configured
        app.state.rasa = RasaClient(app.state.settings, rasa_transport)
        app.state.calls = CallStore(app.state.settings.phone_calls_db,
                                    app.state.settings.draft_retention_days)
        app.state.caseworker_sessions = caseworkers.session_store(app.state.settings)
        app.state.workbench = WorkbenchStore(app.state.settings.workbench_db)
        app.state.web_conversations = WebConversations.in_folder(app.state.settings.data_dir)
        job = asyncio.create_task(retention_job(app))
        freeze_what_startup_made()
        yield
        job.cancel()
        await app.state.rasa.close()
    return run


def open_the_demo() -> RedirectResponse:
    """The bare address is what a newcomer opens: it shows the demo page with the widget."""
    return RedirectResponse("/demo", status_code=307)


def create_app(config: Settings | None = None,
               rasa_transport: httpx.AsyncBaseTransport | None = None) -> FastAPI:
    """`rasa_transport` lets tests stand in for Rasa."""
    config = config or settings()
    app = FastAPI(title="Stödkollen",
                  description="Which public supports a rural shop or fuel station in Västerbotten can get.",
                  version="1", lifespan=lifespan(rasa_transport))
    app.state.settings = config
    app.state.tracker = TrackerEvents(config.tracker_sqlalchemy_url)
    app.state.handoff = ExportPackageHandoff(config.min_ansokan_url)
    app.add_exception_handler(RequestValidationError, validation_error_handler)
    app.add_exception_handler(sqlite3.Error, storage_error_handler)
    app.add_exception_handler(HTTPException, http_error_handler)
    caseworkers.install(app)  # sign-in redirects and the CSRF refusal page
    draft_pages.install(app)  # a missing draft's link is a page, not JSON
    app.state.login_limiter = RateLimiter(config.caseworker_login_failures_per_minute)
    if config.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(config.cors_origins),
                           allow_methods=["GET", "POST", "PUT", "DELETE"], allow_headers=["Content-Type"])
    app.include_router(health.router)
    app.include_router(health.router, prefix="/api/v1")
    app.include_router(nlg.router, dependencies=[internal_only])  # only Rasa asks for responses
    app.include_router(metrics.router, dependencies=[internal_only])  # Prometheus shows the token
    app.state.rate_limits = rate_limiters(config)
    limits = {chat: [rate_limited("chat")], evaluate: [rate_limited("evaluate")]}
    # The caseworker's own routes before /handlaggare/{reference}, which would take their names.
    for router in (chat, phone, evaluate, rulesets, drafts, draft_pages, caseworker_login, training,
                   workbench, review, caseworker):
        app.include_router(router.router, dependencies=limits.get(router, []))
    app.add_api_route("/", open_the_demo, include_in_schema=False)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    widget.install(app)  # the web widget at /widget, its strings, and the demo page at /demo
    # Bodies are checked before anything reads them; the scenario import takes files.
    app.add_middleware(RequestBody, max_bytes=config.max_body_kb * 1024,
                       larger={f"{workbench.PREFIX}/importera": workbench.MAX_UPLOAD_BYTES + 64 * 1024},
                       internal=("/nlg", "/api/v1/drafts"), internal_token=lambda: config.internal_token)
    app.add_middleware(SecurityHeaders, settings=config, title=app.title)
    app.add_middleware(CountResponses)
    app.add_middleware(RequestIds)  # every log line of a request carries its id
    app.add_middleware(ClientAddress, trusted_proxies=config.trusted_proxies)  # outermost: all see the client
    return app


app = create_app()
