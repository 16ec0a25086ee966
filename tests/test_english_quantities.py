"""The English reader of the understanding layer (english_quantities), through quantities with
lang="en": English as newer Swedes and seasonal operators write it, Swedish words, decimal
commas and the Swedish "mil" mixed in. The phrasings are our own; ../shared/corpus/english.yml
is kept for measuring."""

import doctest
from datetime import date

import pytest

import english_quantities
import english_quantities.miles
import english_quantities.parser
from quantities import parse, parse_count
from swedish_quantities.quantity import (
    CONFIRM_ABOVE,
    CONFIRM_BELOW,
    CONFIRM_MILES,
    CONFIRM_RANGE,
)


def read(text: str, kind: str, expected: str | None = None):
    """The values of `kind` read from English `text` (with `kind` as the question's kind
    unless another is given)."""
    return [q for q in parse(text, expected or kind, lang="en") if q.kind == kind]


def only(text: str, kind: str, expected: str | None = None):
    found = read(text, kind, expected)
    assert len(found) == 1, (text, found)
    return found[0]


AMOUNTS = [
    ("turnover was about 2.8 million", 2_800_000, True),
    ("SEK 1.9m", 1_900_000, False),
    ("4,250,000 kr", 4_250_000, False),
    ("1,8 million", 1_800_000, False),  # a Swedish decimal comma inside English
    ("around 650k", 650_000, True),
    ("two and a half million kronor", 2_500_000, False),
    ("fifty thousand", 50_000, False),
    ("half a million crowns", 500_000, False),
    ("3.1 mil", 3_100_000, False),  # "mil" after a money question is a million
    ("72,500 crowns excluding VAT", 72_500, False),
    ("roughly 45,000 SEK after fees", 45_000, True),
    ("some 900 thousand", 900_000, True),
    ("two hundred and fifty thousand", 250_000, False),
    ("1,250,000.50 kronor", 1_250_001, False),
]
assert AMOUNTS


@pytest.mark.parametrize("text, value, approximate", AMOUNTS)
def test_amounts_in_english_and_in_swedish_habits(text, value, approximate):
    amount = only(text, "amount_sek")
    assert (amount.value, amount.approximate) == (value, approximate)


@pytest.mark.parametrize("text", ["€250,000", "about 40,000 dollars", "$2m", "roughly 300k EUR",
                                  "1.2 million euros"])
def test_sums_in_another_currency_are_not_kronor(text):
    assert read(text, "amount_sek") == []
    assert parse_count(text, lang="en") is None


@pytest.mark.parametrize("text, value, confirm", [
    ("just under 11 million", 11_000_000, CONFIRM_BELOW),
    ("almost 1 million", 1_000_000, CONFIRM_BELOW),
    ("just over 3 million", 3_000_000, CONFIRM_ABOVE),
    ("a bit more than 200k", 200_000, CONFIRM_ABOVE),
    ("between 30 and 70 thousand", 50_000, CONFIRM_RANGE),
    ("45-55k", 50_000, CONFIRM_RANGE),
])
def test_a_side_of_the_figure_or_a_range_is_flagged_as_in_swedish(text, value, confirm):
    amount = only(text, "amount_sek")
    assert (amount.value, amount.approximate, amount.confirm) == (value, True, confirm)


def test_the_text_and_offsets_are_the_users_english():
    text = "we made roughly 3,4 million last year"
    amount = only(text, "amount_sek")
    assert amount.text == "3,4 million"
    assert text[amount.start:amount.end] == amount.text
    hours = only("we're open Monday to Friday 9am-5pm", "hours_per_week")
    assert hours.text == "Monday to Friday 9am-5pm"


@pytest.mark.parametrize("text, value, approximate", [
    ("roughly 2,300 products", 2300, True),
    ("3.400 articles", 3400, False),  # the dot groups thousands, as on the continent
    ("around eighteen hundred items", 1800, True),
    ("about twenty-five hundred different products", 2500, True),
    ("1200", 1200, False),
])
def test_article_counts(text, value, approximate):
    count = only(text, "article_count")
    assert (count.value, count.approximate) == (value, approximate)


@pytest.mark.parametrize("text, value", [
    ("Monday to Friday 8 to 5, Saturday 9 to 1", 49),
    ("weekdays 9am-7pm, weekends 11am-3pm", 58),
    ("open 7 till 9 every day", 98),  # a shop's 7 am to 9 pm, on the twelve-hour clock
    ("11-5 Wed-Sun", 30),
    ("Mon–Sat 10:00–18:00", 48),
    ("midday to 8pm daily", 56),
    ("Mon-Fri 9-5, Sat 10 to 12", 42),  # "10 to 12" closes at noon
    ("Saturdays 8am to 10am", 2),  # said with am, the morning stays the morning
    ("from half past eight to six on weekdays", 47.5),
    ("fifty-five hours a week", 55),
    ("we're open about 40 hrs per week", 40),
    ("6 days a week, 10 hours a day", 60),
    ("weekdays 9-6 but closed for lunch 12-1", 40),
    ("M-F 9-5", 40),
    ("we open at 9 and close at 6, six days a week", 54),
    ("we are open from 10 in the morning to 6 in the evening, Tuesday to Saturday", 40),
])
def test_opening_hours_from_english_schedules(text, value):
    assert only(text, "hours_per_week").value == value


def test_a_seasons_hours_are_not_averaged_without_its_weeks():
    assert read("in summer 9 to 9 every day, in winter 10 to 4 weekdays", "hours_per_week") == []


@pytest.mark.parametrize("text, km, swedish_mil_km, approximate", [
    ("3 miles", 4.8, 30, False),
    ("about 7 miles", 11.3, 70, True),
    ("a mile", 1.6, 10, False),
    ("quarter of a mile down the road", 0.4, 2.5, False),
    ("twelve miles or so", 19.3, 120, True),
])
def test_english_miles_carry_the_swedish_reading_beside_them(text, km, swedish_mil_km, approximate):
    distance = only(text, "distance_km")
    assert (distance.value, distance.approximate) == (km, approximate)
    assert distance.swedish_mil_km == swedish_mil_km
    assert distance.confirm == CONFIRM_MILES
    assert distance.to_dict()["swedish_mil_km"] == swedish_mil_km


@pytest.mark.parametrize("text, km", [
    ("6 km", 6), ("3 mil", 30), ("2,5 mil", 25), ("1.5 mil", 15), ("2 Swedish mil", 20),
    ("5 Scandinavian miles", 50), ("one Swedish mile", 10), ("500m", 0.5),
    ("about 35 kilometres to the nearest shop", 35),
])
def test_kilometres_and_the_swedish_mil_need_no_confirmation(text, km):
    distance = only(text, "distance_km")
    assert (distance.value, distance.confirm) == (km, None)
    assert "swedish_mil_km" not in distance.to_dict()


@pytest.mark.parametrize("text", ["15 minutes by car", "a quarter of an hour's drive"])
def test_a_time_is_no_distance(text):
    assert read(text, "distance_km") == []


def test_mil_is_a_million_only_after_a_money_question():
    assert only("4 mil", "distance_km").value == 40
    assert only("4 mil", "amount_sek").value == 4_000_000


@pytest.mark.parametrize("text, value, approximate", [
    ("yep", "yes", False), ("yeah we do", "yes", False), ("of course", "yes", False),
    ("sure", "yes", False), ("yes, since 2015", "yes", False),
    ("nah", "no", False), ("not really", "no", False), ("no we don't", "no", False),
    ("no, only a charging point for cars", "no", False),
    ("no idea", "dont_know", False), ("I'm not sure", "dont_know", False),
    ("dunno", "dont_know", False), ("not as far as I know", "dont_know", False),
    ("maybe", "dont_know", False), ("can't remember", "dont_know", False),
    ("I think so", "yes", True), ("I don't think so", "no", True),
])
def test_yes_no_and_dont_know(text, value, approximate):
    answer = only(text, "yes_no")
    assert (answer.value, answer.approximate) == (value, approximate)


@pytest.mark.parametrize("text, value", [
    ("never", 0), ("none", 0), ("twice", 2), ("once", 1), ("four years", 4),
    ("about thirty households", 30), ("a dozen households", 12), ("3 times", 3),
    ("not once", 0), ("two dozen", 24),
])
def test_counts(text, value):
    assert parse_count(text, lang="en").value == value


def test_a_year_in_digits_is_no_count_and_a_year_said_in_words_is_a_year():
    assert parse_count("since 2019", lang="en") is None
    assert [(q.kind, q.value) for q in parse("we took over in 2016", lang="en")] == [("year", 2016)]
    assert [(q.kind, q.value) for q in parse("we opened on 5th May 2019", lang="en")] == [("year", 2019)]
    last_year = parse("the bank closed last year", lang="en")
    assert [(q.kind, q.value) for q in last_year] == [("year", date.today().year - 1)]


@pytest.mark.parametrize("text, municipality, locality", [
    ("Storuman municipality", "Storuman", None),
    ("Umea", "Umeå", None),
    ("we are in Vannas", "Vännäs", None),
    ("the shop is in Tarnaby", "Storuman", "Tärnaby"),
    ("a little village called Hallnas", "Vindeln", "Hällnäs"),
])
def test_places_typed_without_their_swedish_letters(text, municipality, locality):
    place = only(text, "municipality")
    assert (place.value, place.locality) == (municipality, locality)


@pytest.mark.parametrize("text", ["we are a small shop", "I run it with my son", "so about 40"])
def test_english_words_spelt_like_swedish_ones_are_not_read_as_them(text):
    """ "are" is spelt like Åre, "so" like the Swedish day "sö(ndag)"."""
    assert [q.kind for q in parse(text, "municipality", lang="en") if q.kind != "article_count"] == []


@pytest.mark.parametrize("module", [english_quantities, english_quantities.parser, english_quantities.miles])
def test_the_examples_in_the_docstrings_hold(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
