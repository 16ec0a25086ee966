"""service/validated_json.py writes a route's answer as FastAPI would from the route's
response_model: the same bytes, for every response the NLG renders (web and phone, Swedish and
English, the estimate with its cards) and for chat answers with and without a secret."""

from fastapi import FastAPI
from fastapi.testclient import TestClient

from service.nlg import render_response
from service.nlg.registry import responses
from service.routers.chat import ChatResponse
from service.routers.nlg import NLGResponse
from service.validated_json import validated_json
from tests.test_nlg import SPEC_STORE, tracker

app = FastAPI()


def answered_both_ways(route: str, model) -> None:
    """POST /fastapi/<route> answers as FastAPI writes `model`; POST /ours/<route>, as we do."""

    async def by_fastapi(content: dict) -> dict:
        return content

    async def by_us(content: dict):
        return validated_json(model, content)

    app.add_api_route(f"/fastapi/{route}", by_fastapi, methods=["POST"], response_model=model)
    app.add_api_route(f"/ours/{route}", by_us, methods=["POST"], response_model=model)


answered_both_ways("nlg", NLGResponse)
answered_both_ways("chat", ChatResponse)
client = TestClient(app)


def rendered_responses() -> list[dict]:
    rendered = []
    for channel in ("web", "phone"):
        for lang in ("sv", "en"):
            state = tracker({"channel": channel, "language": lang, "requested_slot": "store_article_count",
                             **SPEC_STORE})
            for name in sorted(responses()):
                try:
                    rendered.append(render_response(name, {"slot": "store_article_count"}, state))
                except Exception:  # a response that needs arguments these do not give
                    continue
    return rendered


def written(route: str, content: dict) -> list[bytes]:
    return [client.post(f"/{by}/{route}", json=content).content for by in ("fastapi", "ours")]


def test_the_same_bytes_as_fastapi_writes():
    nlg = rendered_responses()
    assert len(nlg) > 200 and any(reply.get("custom") for reply in nlg)
    for content in nlg:
        by_fastapi, by_us = written("nlg", content)
        assert by_us == by_fastapi
    as_chat = [{key: reply[key] for key in ("text", "buttons", "custom") if key in reply} for reply in nlg]
    for start in range(0, len(as_chat), 3):
        for secret in ({}, {"secret": "s" * 43}):
            by_fastapi, by_us = written("chat", {"messages": as_chat[start:start + 3], **secret})
            assert by_us == by_fastapi
