"""GET /api/v1/rulesets: the programme's parameters as dated data, each with its source."""

from fastapi import APIRouter, HTTPException, Request

from rules_engine.parameters import national_parameters, ruleset_by_id, rulesets
from stodkollen.core.i18n import N_, translate

from ..errors import request_lang

router = APIRouter(prefix="/api/v1/rulesets", tags=["rules"])


def _summary(ruleset) -> dict:
    return {"id": ruleset.id, "valid_from": ruleset.valid_from, "valid_until": ruleset.valid_until,
            "title": ruleset.title, "source": ruleset.source}


@router.get("")
def list_rulesets() -> list[dict]:
    return [_summary(ruleset) for ruleset in rulesets()]


@router.get("/{ruleset_id}")
def get_ruleset(ruleset_id: str, request: Request) -> dict:
    """Every parameter: description, unit, reference, the quoted sentence and its dated values;
    and the national amounts (prisbasbelopp) the rules use."""
    ruleset = ruleset_by_id(ruleset_id)
    if ruleset is None:
        raise HTTPException(status_code=404, detail=translate(N_("api.error.no_ruleset"),
                                                              request_lang(request), id=ruleset_id))
    return {**_summary(ruleset), "parameters": ruleset.parameters,
            "national_parameters": national_parameters()}
