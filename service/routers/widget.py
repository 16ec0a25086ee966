"""The web widget (web_widget/): its script and styles under /widget, its UI strings from
our catalogs at /widget/strings/{lang}.json, and the demo county page at /demo.

The widget is plain JavaScript and CSS, so a county embeds it with one <script> tag and no
build step. Every word it shows comes from locales/, through the route below.
"""

import gzip
import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Literal

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from stodkollen.core.i18n import N_, translate

from ..dependencies import AppSettings
from ..nlg.handoff import LANSSTYRELSEN_PHONE
from ..nlg.results import AMOUNTS
from ..pages import LABELS

# web_widget/ at the top of the checkout, linked as service/widget so the package carries it.
WIDGET_DIR = Path(__file__).resolve().parents[1] / "widget"
# Strings and assets cached by browsers for an hour: short enough for a corrected text or a
# fixed script to arrive the same day; after that the ETag makes asking again cheap (a 304).
CACHE = "public, max-age=3600"
# The script and stylesheet a county's page loads: served by the route below, gzip-compressed
# for browsers that accept it. Everything else under /widget comes from the static files.
ASSETS = {"stodkollen-widget.js": "text/javascript; charset=utf-8",
          "stodkollen-widget.css": "text/css; charset=utf-8"}

# The widget's own texts, by the key it looks them up with.
WIDGET_STRINGS = {
    "launcher": N_("widget.launcher"),
    "title": N_("widget.title"),
    "subtitle": N_("widget.subtitle"),
    "close": N_("widget.close"),
    "restart": N_("widget.restart"),
    "log_label": N_("widget.log_label"),
    "you": N_("widget.you"),
    "bot": N_("widget.bot"),
    "input_label": N_("widget.input_label"),
    "placeholder": N_("widget.placeholder"),
    "send": N_("widget.send"),
    "sending": N_("widget.sending"),
    "send_failed": N_("widget.send_failed"),
    "retry_now": N_("widget.retry_now"),
    "service_down": N_("widget.service_down"),
    "back_online": N_("widget.back_online"),
    "typing": N_("widget.typing"),
    "progress": N_("widget.progress"),
    "quick_replies": N_("widget.quick_replies"),
    "reasons": N_("widget.reasons"),
    "draft_open": N_("widget.draft_open"),
    "money": N_("widget.money"),
    "new_messages": N_("widget.new_messages"),
    "choices_done": N_("widget.choices_done"),
    "choices_several": N_("widget.choices_several"),
    "restart_confirm": N_("widget.restart_confirm"),
    "restart_yes": N_("widget.restart_yes"),
    "restart_no": N_("widget.restart_no"),
    "draft_header": N_("widget.draft_header"),
}
# Where the script holds the values the service writes in when it serves it (see boot()).
BOOT_MARK = b"/*stodkollen:boot*/null"
# Texts the chat's replies already use, shared so the cards say what the chat says.
SHARED_STRINGS = {
    "result_intro": N_("result.intro"),
    "result_ruleset": N_("result.ruleset"),
    "result_condition": N_("result.condition"),
    "result_apply_to": N_("result.apply_to"),
    **{f"status_{status}": message for status, message in LABELS["support_status"].items()},
    **{f"amount_{kind}_{period}": message for (kind, period), message in AMOUNTS.items()},
}

router = APIRouter(tags=["widget"], include_in_schema=False)


def widget_strings(lang: str) -> dict[str, str]:
    """Placeholders the widget fills itself ({question}, {amount}, …) are left in place."""
    strings = {key: translate(message, lang) for key, message in {**WIDGET_STRINGS, **SHARED_STRINGS}.items()}
    strings["service_down"] = strings["service_down"].replace("{phone}", LANSSTYRELSEN_PHONE)
    return strings


@router.get("/widget/strings/{lang}.json")
def strings(lang: Literal["sv", "en"], response: Response) -> dict[str, str]:
    response.headers["Cache-Control"] = CACHE
    return widget_strings(lang)


def boot(retention_days: int) -> bytes:
    """What the script needs before it can ask the service anything: how long it may keep the
    conversation (as long as drafts are kept), and what its launcher says, in both languages,
    when the service cannot be reached at all (a first visit, nothing cached)."""
    unreachable = {lang: {"title": translate(WIDGET_STRINGS["title"], lang), "phone": LANSSTYRELSEN_PHONE,
                          "text": translate(N_("widget.unreachable"), lang, phone=LANSSTYRELSEN_PHONE)}
                   for lang in ("sv", "en")}
    return json.dumps({"keep_days": retention_days, "unreachable": unreachable}, ensure_ascii=False).encode()


@lru_cache(maxsize=8)
def _asset(name: str, mtime_ns: int, retention_days: int) -> tuple[bytes, bytes, str]:
    """(plain, gzipped, ETag) of one asset, made once per version of the file."""
    plain = (WIDGET_DIR / name).read_bytes().replace(BOOT_MARK, boot(retention_days))
    return plain, gzip.compress(plain, compresslevel=9, mtime=0), hashlib.sha256(plain).hexdigest()[:32]


def _accepts_gzip(request: Request) -> bool:
    """Accept-Encoding names gzip (or *) without refusing it by q=0."""
    for coding in request.headers.get("accept-encoding", "").split(","):
        name, _, params = coding.strip().partition(";")
        if name.strip().lower() in ("gzip", "*") and _quality(params) > 0:
            return True
    return False


def _quality(params: str) -> float:
    for param in params.split(";"):
        key, _, value = param.strip().partition("=")
        if key.strip().lower() == "q":
            try:
                return float(value)
            except ValueError:
                return 0.0
    return 1.0


def asset(name: str, request: Request, retention_days: int) -> Response:
    """One asset, gzip-compressed when the browser accepts it, with an ETag per encoding (the
    compressed bytes are another representation) and Cache-Control beside it."""
    plain, zipped, digest = _asset(name, (WIDGET_DIR / name).stat().st_mtime_ns, retention_days)
    compressed = _accepts_gzip(request)
    etag = f'"{digest}{"-gzip" if compressed else ""}"'
    headers = {"ETag": etag, "Cache-Control": CACHE, "Vary": "Accept-Encoding"}
    if etag in [tag.strip() for tag in request.headers.get("if-none-match", "").split(",")]:
        return Response(status_code=304, headers=headers)
    if compressed:
        headers["Content-Encoding"] = "gzip"
    return Response(zipped if compressed else plain, media_type=ASSETS[name], headers=headers)


def _asset_route(name: str):
    def serve(request: Request, settings: AppSettings) -> Response:
        return asset(name, request, settings.draft_retention_days)
    return serve


for _name in ASSETS:  # one route each: any other path under /widget is left to the static files
    router.add_api_route(f"/widget/{_name}", _asset_route(_name), methods=["GET"])


@router.get("/demo")
def demo() -> FileResponse:
    """A fictional county page with the widget embedded (clearly marked as a demo)."""
    return FileResponse(WIDGET_DIR / "demo.html", media_type="text/html")


def install(app: FastAPI) -> None:
    """The routes above, then the static files (routes first, so /widget/strings wins)."""
    app.include_router(router)
    app.mount("/widget", StaticFiles(directory=WIDGET_DIR), name="widget")
