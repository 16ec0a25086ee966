"""Property-based fuzzing of POST /api/v1/evaluate in process (the real app, the real rules
engine): whatever comes in, never a 5xx, and every refusal says in Swedish what is wrong.

The OpenAPI schema only says the body is an object; what it holds is the facts contract, so
the fitting bodies are drawn from the engine's own table of facts (rules_engine.SCHEMA),
then broken in one place, or replaced by any JSON. /api/v1/chat and /api/v1/phone need Rasa
and are fuzzed against the running stack (tests/e2e/test_fuzz_chat.py). Last, markup an
applicant typed reaches the caseworker pages as text.
"""

import json

import pytest
from fastapi.testclient import TestClient
from fuzz_strategies import NASTY, NUMBERS, TEXT, assert_answered, body_bytes, fuzz_settings, request_bodies
from hypothesis import given
from hypothesis import strategies as st

from rules_engine import SCHEMA
from service.app import create_app
from stodkollen.core.settings import Settings

JSON_HEADERS = {"Content-Type": "application/json"}
MUNICIPALITIES = ["Vindeln", "Storuman", "Sorsele", "vännäs", "Umeå", "Stockholm", "Vindel", "Lycksele"]


def fact_values(fact_type) -> st.SearchStrategy:
    kind = fact_type.validate.__name__
    if fact_type.choices:
        choices = st.sampled_from(fact_type.choices)
        return st.lists(choices, max_size=4) if kind == "_choices" else choices
    return {"_boolean": st.booleans(),
            # Mostly near the limits (168 h, 2 000 km, 10^10 kr), often far past them.
            "_number": st.floats(min_value=-1, max_value=2_500, allow_nan=False) | NUMBERS,
            "_whole_number": st.integers(-5, 2 * 10**10) | NUMBERS,
            "_year": st.integers(1990, 2100),
            "_place": st.sampled_from(MUNICIPALITIES) | TEXT}[kind]


def nest(flat: dict) -> dict:
    facts: dict = {}
    for path, value in flat.items():
        *groups, name = path.split(".")
        node = facts
        for group in groups:
            node = node.setdefault(group, {})
        node[name] = value
    return facts


FACTS = st.fixed_dictionaries(
    {}, optional={path: fact_values(fact_type) for path, fact_type in SCHEMA.items()}).map(nest)


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    settings = Settings(data_dir=tmp_path_factory.mktemp("fuzz"), rate_limit_evaluate_per_minute=0)
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture(scope="module")
def spec(client) -> dict:
    return client.get("/openapi.json").json()


def test_evaluate_answers_any_body(client, spec):
    @fuzz_settings(ci_examples=400)
    @given(body=request_bodies("/api/v1/evaluate", spec, FACTS),
           lang=st.sampled_from(["sv", "en", "de", ""]), explain=st.sampled_from(["true", "false", "ja"]))
    def check(body, lang, explain):
        response = client.post("/api/v1/evaluate", content=body_bytes(body), headers=JSON_HEADERS,
                               params={"lang": lang, "explain": explain})
        assert_answered(response)
        if response.status_code == 200:
            assert len(response.json()["results"]) == 5  # every support decided, or said what it misses

    check()


@pytest.mark.parametrize("raw", [b"", b"{", b"\x00\xff\xfe", b"null", b'{"year": NaN}',
                                 b'{"year": 1e999}', json.dumps({"municipality": "x" * 100_000}).encode(),
                                 ("{" * 5000 + "}" * 5000).encode(), b'{"municipality": "\\ud800"}',
                                 b'{"year": ' + b"9" * 5000 + b"}"],
                         ids=lambda raw: repr(raw[:20]))
def test_evaluate_answers_bodies_that_are_not_facts(client, raw):
    response = client.post("/api/v1/evaluate", content=raw, headers={"Content-Type": "application/json"})
    assert response.status_code in (400, 413, 422)  # 400: not even text; 413: past the body limit
    assert_answered(response)


@pytest.mark.parametrize("text", NASTY)
def test_text_in_the_facts_comes_back_as_data_never_as_markup(client, text):
    response = client.post("/api/v1/evaluate", content=body_bytes({"year": 2018, "municipality": text}),
                           headers=JSON_HEADERS)
    assert_answered(response)
    assert response.headers["content-type"] == "application/json"  # never text/html



MARKUP = "<script>window.owned=1</script><img src=x onerror=alert(1)> Affären'; DROP TABLE drafts; --"


def test_the_caseworker_page_shows_the_applicants_words_as_text(tmp_path):
    """What the applicant typed on the draft page reaches the caseworker as text, not markup."""
    from test_caseworker import FakeRasa, client_for, sign_in
    from test_drafts import APPLICANT
    from test_service_api import create

    with client_for(tmp_path, FakeRasa()) as client:
        draft = create(client).json()
        applicant = {**APPLICANT, "applicant_name": MARKUP, "contact_person": MARKUP, "store_name": MARKUP}
        assert client.put(f"/api/v1/drafts/{draft['token']}/applicant", json=applicant).status_code == 200
        assert sign_in(client).status_code == 303
        for path in ("/handlaggare", f"/handlaggare/{draft['reference']}"):
            page = client.get(path)
            assert page.status_code == 200
            assert "<script>window.owned" not in page.text and "<img src=x" not in page.text
        # the draft's own page shows the words, escaped
        assert "&lt;script&gt;window.owned=1&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in page.text
