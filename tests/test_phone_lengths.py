"""Made for the ear: every reply the phone speaks is short enough to take in by ear (at most
60 words; the greeting at most 30), with no digits, signs or typographic quotes."""

import pytest
from fastapi.testclient import TestClient

from phone_channel.ear import for_the_ear, heard_badly
from service.app import create_app
from stodkollen.core.settings import Settings

GREETING_WORDS = 30


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    config = Settings(data_dir=tmp_path_factory.mktemp("data"), rasa_port=1, internal_token_setting="secret",
                      phone_platform_token_setting="platform")
    with TestClient(create_app(config), headers={"X-Internal-Token": "secret"}) as client:
        yield client


def spoken(client, response: str, slots: dict, lang: str = "sv") -> str:
    tracker = {"slots": {"channel": "phone", "language": lang, **slots}, "events": [], "latest_message": {}}
    reply = client.post("/nlg", json={"response": response, "tracker": tracker})
    assert reply.status_code == 200, reply.text
    return for_the_ear(reply.json()["text"], lang)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_phone_greeting_says_what_the_call_does_and_what_to_say_in_thirty_words(lang, client):
    greeting = spoken(client, "utter_greet", {}, lang)
    assert len(greeting.split()) <= GREETING_WORDS and not heard_badly(greeting), greeting
    said = {"sv": ("Stödkollen", "stöd", "Säg kolla mina stöd", "prata med en person"),
            "en": ("Stödkollen", "supports", "Say check my supports", "talk to a person")}[lang]
    assert all(words in greeting for words in said), greeting
    # The web keeps its own, longer greeting with buttons.
    tracker = {"slots": {"language": lang}, "events": [], "latest_message": {}}
    web = client.post("/nlg", json={"response": "utter_greet", "tracker": tracker}).json()
    assert web["text"] != greeting and web["buttons"]
