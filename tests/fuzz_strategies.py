"""Hypothesis strategies for request bodies made from the service's OpenAPI schema, and the
rule every answer to them must keep (never a 5xx; every 4xx says what is wrong, in Swedish).

Bodies are drawn three ways: fitting the schema (so that requests get past validation and
reach Rasa or the rules engine), fitting it but broken in one place (a field dropped, of the
wrong type, too long, or unknown), and any JSON at all. Texts lean on what breaks software:
control characters, emoji, right-to-left text, HTML/JS and SQL fragments, huge numbers.

How many cases: STODKOLLEN_FUZZ_EXAMPLES (a full run: 10000); a few hundred in CI.
"""

import os
import re

import httpx
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

FULL_RUN = int(os.environ.get("STODKOLLEN_FUZZ_EXAMPLES", "0"))


def fuzz_settings(ci_examples: int) -> settings:
    return settings(max_examples=FULL_RUN or ci_examples, deadline=None, derandomize=not FULL_RUN,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


NASTY = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "\"><svg onload=alert(1)>",
    "javascript:alert(1)", "{{7*7}} ${7*7} {0} %s %(x)s", "'; DROP TABLE drafts; --", "1 OR 1=1",
    "Robert'); DELETE FROM events;--", "\x00\x01\x02\x1b[31m\x7f", "\u202eevil\u202c", "\ufeff\u200b\u200d",
    "مرحبا بالعالم", "שלום עולם", "🛒⛽️👩🏽‍🌾🇸🇪", "ÅÄÖ åäö é ü ß", "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇", "\r\n\t", " " * 50,
    "9" * 400, "-1e309", "NaN", "Infinity", "null", "[]", "{}", "\\u0000", "../../etc/passwd", "%00",
]
TEXT = st.one_of(st.text(max_size=60), st.sampled_from(NASTY),
                 st.lists(st.sampled_from(NASTY), min_size=1, max_size=5).map("".join))
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | TEXT,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(TEXT, children, max_size=4),
    max_leaves=12)


def resolve(schema: dict, spec: dict) -> dict:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def string_strategy(schema: dict) -> st.SearchStrategy:
    if "pattern" in schema:
        return st.from_regex(schema["pattern"], fullmatch=True)
    low, high = schema.get("minLength", 0), schema.get("maxLength")
    fitting = TEXT.filter(lambda text: len(text.strip()) >= low and (high is None or len(text) <= high))
    if high is None:
        return fitting
    return fitting | st.sampled_from(NASTY).map(lambda text: (text * (high // len(text) + 1))[:high])


def from_schema(schema: dict, spec: dict) -> st.SearchStrategy:
    """Values that fit a (pydantic v1 style) JSON schema."""
    schema = resolve(schema, spec)
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kind = schema.get("type")
    if kind == "string":
        return string_strategy(schema)
    if kind == "integer":
        return st.integers()
    if kind == "number":
        return st.floats(allow_nan=False, allow_infinity=False) | st.integers()
    if kind == "boolean":
        return st.booleans()
    if kind == "array":
        return st.lists(from_schema(schema.get("items", {}), spec), max_size=5)
    if kind == "object" and "properties" in schema:
        properties = {name: from_schema(value, spec) for name, value in schema["properties"].items()}
        required = set(schema.get("required", []))
        optional = {name: value for name, value in properties.items() if name not in required}
        return st.fixed_dictionaries({name: properties[name] for name in required}, optional=optional)
    return JSON


def broken(body: dict) -> st.SearchStrategy:
    """The body with one thing wrong."""
    if not body:
        return st.just({"unknown": "x"})
    name = st.sampled_from(sorted(body))
    return st.one_of(
        name.map(lambda key: {k: v for k, v in body.items() if k != key}),  # a field missing
        st.tuples(name, JSON).map(lambda pair: {**body, pair[0]: pair[1]}),  # of any type
        st.tuples(name, st.integers(2001, 120_000)).map(lambda pair: {**body, pair[0]: "å" * pair[1]}),
        st.tuples(TEXT, JSON).map(lambda pair: {**body, f"x_{pair[0]}": pair[1]}),  # an unknown field
    )


def request_bodies(route: str, spec: dict, fitting: st.SearchStrategy | None = None) -> st.SearchStrategy:
    """`fitting` replaces what the schema gives when it says too little (the facts are `object`)."""
    schema = spec["paths"][route]["post"]["requestBody"]["content"]["application/json"]["schema"]
    fitting = fitting if fitting is not None else from_schema(schema, spec)
    return st.one_of(fitting, fitting.flatmap(lambda body: broken(body) if isinstance(body, dict)
                                              else st.just(body)), JSON)


# Pydantic's and Starlette's own English, which must never reach a user.
ENGLISH_DEFAULTS = re.compile(r"field required|value is not|ensure this value|Internal Server Error|"
                              r"Method Not Allowed|Not Found|Expecting value", re.I)


def assert_answered(response: httpx.Response) -> None:
    """Never a 5xx; every 4xx with a message a person can read (Swedish by default)."""
    assert response.status_code < 500, f"{response.status_code}: {response.text[:500]}"
    if response.status_code >= 400:
        body = response.json()
        messages = ([body["detail"]] if isinstance(body.get("detail"), str)
                    else [error["message"] for error in body.get("errors") or []])
        assert messages and all(message.strip() for message in messages), body
        assert not any(ENGLISH_DEFAULTS.search(message) for message in messages), body
