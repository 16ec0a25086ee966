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


@app.post("/fastapi/nlg", response_model=NLGResponse)
async def nlg_by_fastapi(content: dict) -> dict:
    return content


@app.post("/ours/nlg", response_model=NLGResponse)
async def nlg_by_us(content: dict):
    return validated_json(NLGResponse, content)


@app.post("/fastapi/chat", response_model=ChatResponse)
async def chat_by_fastapi(content: dict) -> dict:
    return content


@app.post("/ours/chat", response_model=ChatResponse)
async def chat_by_us(content: dict):
    return validated_json(ChatResponse, content)


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
