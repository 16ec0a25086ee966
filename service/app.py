"""The service: the only public entry of Stödkollen (docs/architecture.md).

`create_app()` builds the FastAPI application from one router per resource; `app` is the
instance uvicorn serves (`uvicorn service.app:app`).
"""

from fastapi import FastAPI

from .routers import health, nlg


def create_app() -> FastAPI:
    app = FastAPI(title="Stödkollen",
                  description="Which public supports a rural shop or fuel station in Västerbotten can get.")
    app.include_router(health.router)
    app.include_router(nlg.router)
    return app


app = create_app()
