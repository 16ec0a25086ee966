"""POST /api/v1/evaluate: facts in, the engine's result out — what `stodkollen evaluate` prints."""

from typing import Annotated, Literal

from fastapi import APIRouter, Body, Request
from fastapi.responses import JSONResponse

from rules_engine import FactsError, evaluate

from ..errors import request_lang
from ..json_object import JsonObject

router = APIRouter(prefix="/api/v1", tags=["rules"])
EXAMPLE = {"year": 2018, "applicant_kind": "business", "municipality": "Vindeln",
           "municipality_has_service_plan": True,
           "store": {"sells_groceries": True, "sells_fuel": False, "kind": "grocery_store",
                     "grocery_net_turnover_sek": 3000000, "article_count": 1500,
                     "has_all_product_groups": True, "opening_hours_per_week": 45, "open_year_round": True,
                     "distance_to_nearest_grocery_store_km": 25}}


Facts = Annotated[JsonObject, Body(examples=[EXAMPLE], description="The facts contract (docs/rules.md).")]


@router.post("/evaluate", responses={422: {"description": "Bad facts: {\"errors\": [{field, message}]}"}})
def evaluate_facts(facts: Facts, request: Request, lang: Literal["sv", "en"] | None = None,
                   explain: bool = True) -> dict:
    """Every support evaluated for the facts, with statuses, amounts, missing facts and (unless
    `explain=false`) every check explained; in `lang`, else the language of the request's
    `Accept-Language`, else Swedish — the same as its errors."""
    try:
        return evaluate(facts, lang=lang or request_lang(request), explain=explain)
    except FactsError as error:
        return JSONResponse(status_code=422, content={"errors": error.errors})
