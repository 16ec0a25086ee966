"""A route's answer, checked against its response model and written as FastAPI would.

FastAPI turns what a route returns into JSON in three steps: a walk over every value of it
(for models nested in plain dicts, which ours never are), validation against the route's
`response_model`, and encoding. The walk asks each value whether it is a model, through
pydantic's slow instance check: on the chat and NLG routes, with their nested `custom`
payloads, it was a tenth of the service's CPU a turn (py-spy). A route that returns
`validated_json(Model, content)` skips the walk and keeps the rest; `response_model=` stays
on the route for the API's documentation. tests/test_validated_json.py holds the bytes equal.
"""

from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from pydantic import BaseModel


def validated_json(model: type[BaseModel], content: dict) -> JSONResponse:
    return JSONResponse(jsonable_encoder(model.parse_obj(content)))
