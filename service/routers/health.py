"""Is the service up, and can it reach Rasa, the action server and every store they keep?"""

import asyncio

import httpx
from fastapi import APIRouter

from ..dependencies import AppSettings
from ..store_health import check_stores

router = APIRouter(tags=["health"])


@router.get("/health")
def health() -> dict:
    return {"status": "ok"}


@router.get("/health/stack")
async def stack_health(config: AppSettings) -> dict:
    """The service's view of the processes behind it (Rasa, the action server) and of the
    stores (drafts, Rasa's conversations, phone calls), each read for real; `failed` names
    every one that is not "ok"."""
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
    stores = await asyncio.to_thread(check_stores, config)  # SQLite waits block; not on the loop
    failed = [name for name, state in {**status, **stores}.items() if state != "ok"]
    return {"status": "degraded" if failed else "ok", **status, "stores": stores, "failed": failed}
