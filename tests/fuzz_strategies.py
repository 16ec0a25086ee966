"""Hypothesis strategies for request bodies made from the service's OpenAPI schema, and the
rule every answer to them must keep (never a 5xx; every 4xx says what is wrong, in Swedish).

Bodies are drawn three ways: fitting the schema (so that requests get past validation and
reach Rasa or the rules engine), fitting it but broken in one place (a field dropped, of the
wrong type, too long, or unknown), and any JSON at all. Texts lean on what breaks software:
lone UTF-16 surrogates (which JSON can carry and no database can store), every control
character, emoji, right-to-left text, HTML/JS and SQL fragments, strings far past every length
limit and past the body limit; numbers from the tiniest float to 10^40 and the largest float.

Send bodies with `body_bytes` (json.dumps escapes a surrogate as "\\ud800", as a hostile
client would send it; httpx's `json=` cannot encode one at all).

How many cases: STODKOLLEN_FUZZ_EXAMPLES (a full run: 10000); a few hundred in CI, where the
long strings are few (drawn by sampling, not built character by character) to keep it fast.
"""

import json
import os
import re
import sys

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
    # Lone surrogates: valid in a JSON string ("\\ud800"), not text; and a pair cut in half.
    "\ud800", "\udfff", "a\udc00b", "\ud83d", "🛒\ud83d", "\udead\ubeef",
    "".join(map(chr, range(32))) + "\x7f" + "".join(map(chr, range(0x80, 0xA0))),  # every C0, DEL, C1
    "\u2028\u2029\u0085\u00ad\ufffe\uffff", "\U0010ffff\U000e0001",
    "x" * 2_001, "å" * 10_000, "\ud800" * 1_000, "9" * 70_000,  # past the fields' and the body's limits
]
# Every code point: st.text() leaves out surrogates (category Cs) unless told.
ANY_CHARACTER = st.characters(exclude_categories=())
TEXT = st.one_of(st.text(ANY_CHARACTER, max_size=60), st.sampled_from(NASTY),
                 st.lists(st.sampled_from(NASTY), min_size=1, max_size=5).map("".join))
# Huge and tiny: the largest float, the smallest subnormal, 1e27 (which once broke formatting),
# integers far past the engine's limits (10^10 kr) up to 10^40, and everything between.
EDGE_NUMBERS = [sys.float_info.max, -sys.float_info.max, sys.float_info.min, 5e-324, -5e-324, 1e27,
                1e-27, 10**10 + 1, 2**63, -(2**63) - 1, 10**40, 0.1 + 0.2, -0.0]
NUMBERS = st.one_of(st.integers(), st.integers(-(10**40), 10**40),
                    st.floats(allow_nan=False, allow_infinity=False), st.sampled_from(EDGE_NUMBERS))
JSON = st.recursive(
    st.none() | st.booleans() | NUMBERS | TEXT,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(TEXT, children, max_size=4),
    max_leaves=12)


def body_bytes(body) -> bytes:
    """The body as a client sends it: JSON with surrogates escaped (httpx's json= would raise)."""
    return json.dumps(body).encode()


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
    if kind in ("integer", "number"):
        return NUMBERS
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
