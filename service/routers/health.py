"""Is the service up, and can it reach Rasa and the action server?"""

import httpx
from fastapi import APIRouter

from stodkollen.core.settings import settings

router = APIRouter(tags=["health"])


@router.get("/health")
def health() -> dict:
    return {"status": "ok"}


@router.get("/health/stack")
async def stack_health() -> dict:
    """The service's view of the processes behind it (Rasa, the action server)."""
    config = settings()
    # Rasa's / and the action server's /health need no token; one entry per Rasa server.
    checks = {("rasa" if number == 0 else f"rasa-{number + 1}"): f"{url}/"
              for number, url in enumerate(config.rasa_urls)}
    checks["actions"] = config.actions_url.replace("/webhook", "/health")
    status = {}
    async with httpx.AsyncClient(timeout=3) as client:
        for name, url in checks.items():
            try:
                status[name] = "ok" if (await client.get(url)).status_code == 200 else "error"
            except httpx.HTTPError:
                status[name] = "unreachable"
    return {"status": "ok" if set(status.values()) == {"ok"} else "degraded", **status}
