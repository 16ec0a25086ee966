"""The Swedish understanding layer: the phrase suite (tests/data/phrases.yaml), round trips
through our own formatting, and number words as num2words spells them."""

from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from num2words import num2words

from quantities import parse_daily_hours
from stodkollen.core.formatting import format_km, format_sek, spoken_km, spoken_sek
from swedish_quantities import KINDS, Quantity, parse, parse_count
from swedish_quantities.clock_times import clock_time
from swedish_quantities.text import tokenize
from swedish_quantities.typos import typo_distance

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
    assert [(q.kind, q.value, q.approximate, q.locality, q.confirm) for q in found] == [
        (want["kind"], _expected_value(want), want.get("approximate", False), want.get("locality"),
         want.get("confirm"))
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


COUNTS = [
    # Answers to "Hur många år …?", "… hushåll?", "… hemsändningar på ett år?"
    ("3 år", 3), ("tre", 3), ("ett år", 1), ("en", 1), ("ca 200 hushåll", 200),
    ("ja, i två år", 2), ("jo, fyra år", 4), ("vi har fått det i 3 år", 3), ("1 200", 1200),
    ("1200 leveranser om året", 1200), ("typ 300 pers", 300), ("det är 2000", 2000),
    # None said in words is 0.
    ("noll", 0), ("0", 0), ("inga", 0), ("inga år", 0), ("inga alls", 0), ("aldrig", 0),
    ("ingen gång", 0), ("inte en enda gång", 0), ("nej, inga", 0), ("nej, aldrig", 0),
    # No count: yes/no alone, other units and periods, years, phone numbers, "en" in a phrase.
    ("ja", None), ("japp", None), ("jo", None), ("nej", None), ("nä", None), ("nej tack", None),
    ("12 km", None), ("5 %", None), ("3 gånger i veckan", None), ("sedan 2019", None),
    ("i fjol", None), ("070-123 45 67", None), ("en bit", None), ("är", None), ("", None),
    # What the words around a number say wins: money and hours are no counts.
    ("omsättningen är 3000", None), ("3 miljoner", None), ("45 timmar", None),
    # A number with another unit is no count, however it is spelled or spoken.
    ("tjugofem kilometer", None), ("tjugofem kilometrar", None), ("25 km", None),
    # About so many: the round number, never the article's 1.
    ("ett femtiotal", 50), ("ett tiotal", 10), ("ett tjugotal", 20), ("ett trettiotal", 30),
    ("ett hundratal", 100), ("kanske ett hundratal i byn", 100), ("ett par hundra", 200),
    ("några hundra", 300), ("ett 50-tal personer", 50), ("vi räknar med ett femtiotal användare", 50),
    ("ett femtontal", 15), ("ett tolvtal hushåll", 12),
    # A dozen counts twelve: "ett dussin" exactly, "ett par dussin" about 24.
    ("ett dussin", 12), ("två dussin hushåll", 24), ("ett par dussin", 24),
    # A product is one count.
    ("40 veckor gånger 10 hushåll", 400), ("4 x 50 leveranser", 200),
]


@pytest.mark.parametrize(("text", "value"), COUNTS, ids=[text or "<empty>" for text, _ in COUNTS])
def test_count(text, value):
    count = parse_count(text)
    if value is None:
        assert count is None
    else:
        assert count is not None and count.kind == "article_count" and count.value == value
        assert text[count.start:count.end] == count.text


def test_count_keeps_the_approximate_flag_and_the_span():
    count = parse_count("ungefär 25 hushåll")
    assert (count.value, count.approximate, count.text) == (25, True, "25 hushåll")
    assert parse_count("inga år").text == "inga"


@pytest.mark.parametrize("text", ["ett femtiotal", "kanske ett hundratal i byn", "ett par hundra",
                                  "några hundra", "ett 50-tal", "kanske 50", "ett femtontal",
                                  "ett par dussin"])
def test_about_so_many_is_approximate(text):
    assert parse_count(text).approximate


def test_an_article_before_a_noun_is_still_no_round_number():
    assert parse_count("ett par år") is None
    assert parse_count("ett år").approximate is False


@pytest.mark.parametrize(("typed", "name", "distance"), [
    ("lyksele", "lycksele", 1), ("lyckselle", "lycksele", 1), ("lyckesle", "lycksele", 1),
    ("vindrln", "vindeln", 1), ("lycksele", "lycksele", 0),
    ("spara", "skara", 2), ("vantas", "vannas", 2), ("amsele", "asele", 1),
])
def test_a_typo_is_a_slip_of_the_thumb(typed, name, distance):
    assert typo_distance(typed, name) == distance


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


@pytest.mark.parametrize(("said", "hour", "with_minutes"), [
    ("nio", 9, False), ("arton", 18, False), ("tjugotvå", 22, False), ("halv tio", 9.5, True),
    ("halv ett", 0.5, True), ("kvart över åtta", 8.25, True), ("kvart i fem", 4.75, True),
    ("kvart över 8", 8.25, True), ("9.30", 9.5, True), ("18:45", 18.75, True),
    # Morning or afternoon is for the range to decide ("tio till halv ett" ends at 12.30).
    # Glued digits are a time only beside a day: as likely a number ("1200 artiklar").
    ("1830", 18.5, False), ("930", 9.5, False),
])
def test_a_clock_time_is_read_in_words_and_digits(said, hour, with_minutes):
    time = clock_time(tokenize(said), 0)
    assert (float(time.hour), time.with_minutes) == (hour, with_minutes)


@pytest.mark.parametrize("said", ["ett", "en", "25", "2460", "trettio", "halv", "kvart", "tusen"])
def test_no_clock_time(said):
    assert clock_time(tokenize(said), 0) is None


def test_ett_closes_a_range_but_opens_none():
    assert clock_time(tokenize("ett"), 0, closing=True).hour == 1


def test_a_lone_digit_after_millions_is_tenths_only_when_said_apart():
    # Spoken "två miljoner tre" is 2,3 miljoner; num2words' "två miljonertre" is 2 000 003.
    assert [q.value for q in parse("två miljoner tre")] == [2_300_000]
    assert [q.value for q in parse("två miljonertre", "article_count")] == [2_000_003]
    assert [q.value for q in parse("två tusen tre", "article_count")] == [2003]


def test_a_split_number_word_is_joined_only_where_no_part_is_a_number_alone():
    assert [q.value for q in parse("sju mil joner")] == [7_000_000]
    assert [q.value for q in parse("sju mil")] == [70]
    assert [q.value for q in parse("tjugo fem", "distance_km")] == [25]


@pytest.mark.parametrize(("text", "kind", "confirm"), [
    ("mellan 2 och 3 miljoner", "amount_sek", "range"),
    ("knappt 2 miljoner", "amount_sek", "below"), ("drygt 1000 artiklar", "article_count", "above"),
    ("3 miljoner, men spelet är med", "amount_sek", "total"),
])
def test_a_value_to_read_back_says_why_in_the_contract(text, kind, confirm):
    (quantity,) = parse(text)
    assert (quantity.kind, quantity.to_dict()["confirm"]) == (kind, confirm)


def test_an_unhedged_value_has_no_confirm_key():
    (quantity,) = parse("3 miljoner")
    assert "confirm" not in quantity.to_dict()


@pytest.mark.parametrize(("text", "expected", "years"), [
    ("vi fick det tjugo tjugotvå och tjugo tjugotre", "year", [2022, 2023]),
    ("tjugotjugoett", "year", [2021]),
    ("sedan tjugo nitton", None, [2019]),
    # Said as numbers where no year is asked or cued: twenty and twenty-two, no year.
    ("vi har tjugo tjugotvå", None, []),
])
def test_a_year_said_aloud_is_read_where_a_year_is_meant(text, expected, years):
    assert [q.value for q in parse(text, expected) if q.kind == "year"] == years


@pytest.mark.parametrize("text", ["tusen tack", "Tusen tack!", "tack så tusen"])
def test_thanks_count_nothing(text):
    assert parse(text, "article_count") == [] and parse_count(text) is None


@pytest.mark.parametrize(("text", "found"), [
    ("kostnad 180' exkl moms", [("amount_sek", 180_000)]),  # the bookkeeper's thousands
    ("'180'", []),  # a quoted figure is no thousands
    ("Nettoomsättning dagligvaror 1 650 000 enl. bokslut 2024", [("amount_sek", 1_650_000), ("year", 2024)]),
])
def test_shorthand_figures(text, found):
    assert [(q.kind, q.value) for q in parse(text)] == found


@pytest.mark.parametrize(("text", "lang", "hours"), [
    ("nio till arton", "sv", 9), ("från åtta till fem", "sv", 9), ("halv nio till sex", "sv", 9.5),
    ("from 9 to 6", "en", 9),
    ("vardagar nio till arton", "sv", None), ("45 timmar", "sv", None), ("hej", "sv", None),
])
def test_opening_times_without_days_give_one_days_hours(text, lang, hours):

    assert parse_daily_hours(text, lang) == hours


@pytest.mark.parametrize(("text", "expected", "found"), [
    ("bara diesel och 95, närmaste mack 5 mil", None, [("distance_km", 50, False)]),  # a petrol grade
    ("typ 2 komma 4 mille", None, [("amount_sek", 2_400_000, True)]),  # digits after a spoken comma
    ("en knapp mil", None, [("distance_km", 10, True)]),
    ("två dryga mil", None, [("distance_km", 20, True)]),
    ("en dryg halv miljon", None, [("amount_sek", 500_000, True)]),
    ("uppskattningsvis 1700", "article_count", [("article_count", 1700, True)]),
    ("alla dar 9–21", None, [("hours_per_week", 84, False)]),  # "dar", as "dagar" is said
])
def test_everyday_wordings_of_numbers(text, expected, found):
    assert [(q.kind, q.value, q.approximate) for q in parse(text, expected)] == found


@pytest.mark.parametrize(("text", "expected", "found"), [
    ("Vard 9.30-18, lörd 10-13", None, [("hours_per_week", 45.5, False)]),  # "lörd", as written
    ("sådär 2,2 milj", None, [("amount_sek", 2_200_000, True)]),
    ("nä det vet jag faktiskt inte", "yes_no", [("yes_no", "dont_know", False)]),
    ("inget jag kan komma på", "yes_no", [("yes_no", "no", False)]),
])
def test_more_everyday_wordings(text, expected, found):
    assert [(q.kind, q.value, q.approximate) for q in parse(text, expected)] == found


def test_about_so_many_of_any_number_word():
    count = parse_count("ett tjugofemtal")
    assert (count.value, count.approximate) == (25, True)
