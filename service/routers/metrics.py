"""GET /metrics: the service's figures in Prometheus' text format (service/metrics.py). Shown
to whoever has the internal token, as `Authorization: Bearer …` (Prometheus' own way) or
X-Internal-Token."""

from fastapi import APIRouter
from fastapi.responses import PlainTextResponse

from ..dependencies import AppSettings
from ..metrics import CONTENT_TYPE, METRICS, render_restarts

router = APIRouter(tags=["operations"])


@router.get("/metrics", response_class=PlainTextResponse)
def metrics(settings: AppSettings) -> PlainTextResponse:
    return PlainTextResponse(METRICS.render() + render_restarts(settings.restarts_file),
                             media_type=CONTENT_TYPE)
