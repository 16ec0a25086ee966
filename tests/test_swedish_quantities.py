"""The Swedish understanding layer: the phrase suite (tests/data/phrases.yaml), round trips
through our own formatting, and number words as num2words spells them."""

from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from num2words import num2words

from stodkollen.formatting import format_km, format_sek, spoken_km, spoken_sek
from swedish_quantities import KINDS, Quantity, parse

PHRASES = yaml.safe_load(
    (Path(__file__).parent / "data" / "phrases.yaml").read_text(encoding="utf-8")
)
NBSP = "\N{NO-BREAK SPACE}"


def _expected_value(case: dict):
    if "year_offset" in case:
        return date.today().year + case["year_offset"]
    return case["value"]


@pytest.mark.parametrize("case", PHRASES, ids=[case["text"] or "<empty>" for case in PHRASES])
def test_phrase(case):
    found = parse(case["text"], case.get("expected"))
    assert [(q.kind, q.value, q.approximate) for q in found] == [
        (want["kind"], _expected_value(want), want.get("approximate", False))
        for want in case["quantities"]
    ]
    for quantity, want in zip(found, case["quantities"], strict=True):
        assert case["text"][quantity.start:quantity.end] == quantity.text
        if "span" in want:
            assert quantity.text == want["span"]


def test_the_suite_is_large_enough_and_uses_only_known_kinds():
    assert len(PHRASES) >= 300
    assert {want["kind"] for case in PHRASES for want in case["quantities"]} == set(KINDS)


def test_whole_values_are_ints_and_others_floats():
    (distance,) = parse("12,5 km")
    (whole,) = parse("12,0 km")
    assert isinstance(distance.value, float) and distance.value == 12.5
    assert isinstance(whole.value, int) and whole.value == 12


def test_to_dict_has_exactly_the_contract_keys():
    (quantity,) = parse("ca 40 tim/vecka")
    assert quantity.to_dict() == {
        "kind": "hours_per_week", "value": 40, "text": "40 tim/vecka", "start": 3, "end": 15,
        "approximate": True,
    }
    assert isinstance(quantity, Quantity)


def test_unknown_expected_kind_is_ignored():
    assert parse("1200", expected="grocery_net_turnover_sek") == []


@settings(max_examples=80, deadline=None)
@given(st.integers(min_value=0, max_value=999_999_999))
def test_formatted_amount_reads_back(amount):
    written = format_sek(amount)
    assert [(q.kind, q.value) for q in parse(written)] == [("amount_sek", amount)]


@settings(max_examples=80, deadline=None)
@given(st.decimals(min_value=0, max_value=10_000, places=1))
def test_formatted_distance_reads_back(distance):
    (quantity,) = parse(format_km(float(distance)))
    assert quantity.kind == "distance_km" and quantity.value == float(distance)


@settings(max_examples=80, deadline=None)
@given(st.integers(min_value=0, max_value=999_999_999))
def test_number_words_read_back(number):
    words = num2words(number, lang="sv")
    assert [q.value for q in parse(words, expected="article_count")] == [number]


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=1, max_value=99_999_999))
def test_spoken_amount_reads_back(amount):
    assert [q.value for q in parse(spoken_sek(amount))] == [amount]


def test_spoken_distance_reads_back():
    assert [q.value for q in parse(spoken_km(12.5))] == [12.5]


def test_formatting_uses_swedish_grouping_and_decimal_comma():
    assert format_sek(166667).replace(NBSP, " ") == "166 667 kr"
    assert format_km(12.5).replace(NBSP, " ") == "12,5 km"
    assert spoken_sek(166667) == "etthundrasextiosextusen sexhundrasextiosju kronor"
