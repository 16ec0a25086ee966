"""GET /metrics: the service's figures in Prometheus' text format (service/metrics.py). Shown
to whoever has the internal token, as `Authorization: Bearer …` (Prometheus' own way) or
X-Internal-Token."""

from fastapi import APIRouter
from fastapi.responses import PlainTextResponse

from ..metrics import CONTENT_TYPE, METRICS

router = APIRouter(tags=["operations"])


@router.get("/metrics", response_class=PlainTextResponse)
def metrics() -> PlainTextResponse:
    return PlainTextResponse(METRICS.render(), media_type=CONTENT_TYPE)
