"""Answers a question reads beyond its kind (actions/answers.py read_fact_answer): deliveries a
year told as a round's schedule (swedish_quantities/deliveries.py), and whether the store lies
in the centralort told by a place or a distance from town, and a season that outweighs a yes to
opening the year round, the years of servicebidrag counted from the years named, and an
estimate ("mellan 3 och 4 miljoner", "knappt tusen") taken as said unless what it may mean lies
across a rule's threshold."""

from datetime import date

import pytest

from actions.answers import NOT_UNDERSTOOD, read_fact_answer, read_locality
from actions.corrections import named_values_in
from actions.engine import missing_slots
from quantities import parse_count, parse_deliveries
from tests.test_actions import STORE, validate

DELIVERIES = "home_delivery_deliveries"
HOUSEHOLDS = "home_delivery_households"
MUNICIPALITY = {"asker": "municipality", "applicant_kind": "municipality", "municipality": "Sorsele"}


@pytest.mark.parametrize(("text", "per_year", "approximate"), [
    ("två gånger i veckan till 12 hushåll", 1248, False),
    ("varannan tisdag till 8 hushåll", 208, False),
    ("varje vecka, cirka 30 hushåll", 1560, True),
    ("en gång i månaden till 40 hushåll", 480, False),
    ("vi gjorde 50 körningar med ungefär 10 hushåll per körning", 500, True),
    ("på fredagar till ett tiotal hushåll året runt", 520, True),
])
def test_a_schedule_with_households_is_the_years_deliveries(text, per_year, approximate):
    found = parse_deliveries(text)
    assert (found.value, found.approximate) == (per_year, approximate)


@pytest.mark.parametrize("text", ["en gång i veckan", "30 hushåll", "ungefär 700 leveranser", "vet inte"])
def test_no_schedule_with_households_is_left_to_the_count(text):
    assert parse_deliveries(text) is None


def test_only_the_deliveries_question_takes_the_years_sum():
    schedule = "varannan vecka till 9 hushåll"
    read, _ = validate({**MUNICIPALITY, "requested_slot": DELIVERIES}, {DELIVERIES: schedule})
    assert read[DELIVERIES] == 234
    read, _ = validate({**MUNICIPALITY, "requested_slot": HOUSEHOLDS}, {HOUSEHOLDS: schedule})
    assert read[HOUSEHOLDS] == 9


@pytest.mark.parametrize(("text", "central"), [
    ("vi ligger i Obbola", False),
    ("Skellefteå kommun men fyra mil utanför stan", False),
    ("we're in Holmsund", False),
    ("mitt i Umeå", True),
    ("i centrum", True),
    ("ja, centralt", True),
    ("nej", False),
    ("vi är i Skellefteå", NOT_UNDERSTOOD),
])
def test_a_village_or_a_distance_from_town_says_the_store_is_outside_the_centralort(text, central):
    lang = "en" if text.startswith("we") else "sv"
    assert read_fact_answer("in_central_locality", text, lang).value is central



@pytest.mark.parametrize(("text", "year_round"), [
    ("jo, men endast under sommarsäsongen", False),
    ("inte på vintern", False),
    ("vi är en sommarbutik", False),
    ("only during the summer season", False),
    ("hela året utom nyårsdagen", True),
    ("ja, året om", True),
    ("all year except a week in July", True),
    ("ja", True),
])
def test_a_season_outweighs_a_yes_and_a_holiday_closure_is_no_season(text, year_round):
    assert read_fact_answer("store_open_year_round", text, "sv").value is year_round


@pytest.mark.parametrize(("text", "years"), [
    ("vi hade det 2020 och 2021", 2),
    ("2018, 2019, 2020 och 2022", 4),
    ("förra året och året innan", 2),
    ("tre år, 2021 till 2023", 3),
    ("en gång, 2020", 1),
    ("vi har inte fått något", 0),
    ("2022", 1),
])
def test_the_years_named_are_counted_unless_the_answer_counts_them(text, years):
    assert read_fact_answer("service_grant_years_already_received", text, "sv").value == years


TURNOVER = "store_grocery_net_turnover_sek"
ARTICLES = "store_article_count"
PASSING_STORE = {**STORE, "store_open_year_round": True, "store_opening_hours_per_week": 50,
                 "store_has_all_product_groups": True, "store_distance_to_nearest_grocery_store_km": 25,
                 "store_archipelago_without_road": False, "municipality_has_service_plan": True}


@pytest.mark.parametrize(("slot", "text", "taken"), [
    (TURNOVER, "någonstans mellan 4 och 5 miljoner", 4_500_000),  # the same band: the middle
    (TURNOVER, "strax under 3 miljoner", 3_000_000),
    (ARTICLES, "drygt 1 300", 1300),
    (ARTICLES, "mellan 1300 och 1600 artiklar", 1450),
    ("investment_eligible_costs_sek", "mellan 100 och 200 tusen", 150_000),  # above every line
])
def test_an_estimate_that_decides_the_same_either_way_is_taken_as_said(slot, text, taken):
    read, said = validate({**PASSING_STORE, "requested_slot": slot}, {slot: text})
    assert read[slot] == taken
    assert slot in read["approximate_slots"]
    assert not said


@pytest.mark.parametrize(("slot", "text"), [
    (TURNOVER, "mellan 1 och 3 miljoner"),  # 2 000 000 changes the hours the store needs
    (TURNOVER, "knappt 11 miljoner"),  # the amount runs down to nothing at 11 000 000
    (ARTICLES, "knappt ettusen"),  # 1 000 articles pass, 960 do not
    (ARTICLES, "mellan 900 och 1200"),
    # Before the purposes are known: without one, 50 000 kr is the line for 50 % (I2)
    ("investment_eligible_costs_sek", "mellan 40 och 60 tusen"),
])
def test_an_estimate_across_a_threshold_is_asked_for_as_a_figure(slot, text):
    read, said = validate({**PASSING_STORE, "requested_slot": slot}, {slot: text})
    assert read[slot] is None
    assert [message["response"] for message in said] == ["utter_exact_figure"]


@pytest.mark.parametrize(("text", "per_year"), [
    ("twice a week to 15 households", 1560),
    ("every other Friday to 10 homes", 260),
    ("once a month, 30 households", 360),
])
def test_an_english_schedule_with_households_is_the_years_deliveries(text, per_year):
    assert parse_deliveries(text, "en").value == per_year


@pytest.mark.parametrize("text", ["ja, allt utom chark", "everything except fresh fruit",
                                  "förutom ägg har vi allt"])
def test_a_product_group_excepted_is_no_to_having_them_all(text):
    assert read_fact_answer("store_has_all_product_groups", text, "sv").value is False


@pytest.mark.parametrize(("slot", "text", "said"), [
    ("store_open_year_round", "nej, inte året runt", False),
    ("store_open_year_round", "we're not open all year", False),
    ("in_central_locality", "nej, inte mitt i stan", False),
    ("in_central_locality", "not in town, no", False),
    ("store_sells_fuel", "nej, bara en laddstolpe", False),
    ("store_grocery_store_in_locality", "det finns en kiosk men ingen riktig affär", False),
    ("store_service_strategic", "ja, butiken står som servicepunkt i serviceplanen", True),
    ("payment_services_interested", "det låter intressant", True),
])
def test_words_of_their_own_say_yes_or_no_and_a_negation_is_heard(slot, text, said):
    assert read_fact_answer(slot, text, "sv").value is said


def test_what_an_investment_is_for_told_with_the_yes_is_taken_and_said_back():
    asked = {**STORE, "requested_slot": "investment_planned"}
    read, said = validate(asked, {"investment_planned": "ja, vi ska byta ut frysarna mot nya"})
    assert read["investment_planned"] is True
    assert read["investment_purposes"] == ["refrigeration_replacement"]
    assert [message["response"] for message in said] == ["utter_facts_noted"]
    read, _ = validate(asked, {"investment_planned": "vi funderar på solceller till taket"})
    assert read["investment_planned"] is True and read["investment_purposes"] == ["energy_climate"]
    none_planned, _ = validate(asked, {"investment_planned": "nej, inga planer just nu"})
    assert none_planned["investment_planned"] is False


ANSWERED_STORE = {**STORE, "store_sells_fuel": False, "store_open_year_round": True,
                  "store_opening_hours_per_week": 50, "store_article_count": 1500,
                  "store_has_all_product_groups": True,
                  "store_distance_to_nearest_grocery_store_km": 25, "municipality_has_service_plan": True,
                  "store_grocery_net_turnover_sek": 3_000_000, "store_services": ["post"],
                  "store_service_strategic": False, "service_grant_years_already_received": 0,
                  "investment_planned": False, "payment_services_interested": False}


def test_a_fact_that_only_adds_advice_is_asked_once_its_support_can_be_had():
    assert missing_slots(ANSWERED_STORE) == ["service_grant_other_measures_tried"]
    assert missing_slots({**ANSWERED_STORE, "service_grant_other_measures_tried": True}) == []
    # A fourth year of servicebidrag is not granted: no advice on it either.
    assert missing_slots({**ANSWERED_STORE, "service_grant_years_already_received": 3}) == []
    municipality = {"asker": "municipality", "applicant_kind": "municipality", "municipality": "Sorsele",
                    "municipality_has_service_plan": True, "investment_planned": False,
                    "home_delivery_net_cost_sek": 80_000, "home_delivery_deliveries": 1200}
    assert missing_slots(municipality) == ["home_delivery_households"]


def test_a_pasted_run_of_absurd_numbers_is_read_without_failing():
    # Found by the chat fuzz test: "1e309" has more digits than Decimal's precision.
    pasted = ("-1e309" * 400)[:2000]
    for start in range(0, 12, 3):
        assert parse_count(pasted[start:]) is None or parse_count(pasted[start:]).value > 0
    assert isinstance(named_values_in(pasted, "sv"), dict)


@pytest.mark.parametrize(("slot", "text", "value", "hedged"), [
    ("municipality_has_service_plan", "jo det tror jag", True, True),
    ("payment_services_interested", "det låter intressant", True, True),
    ("payment_services_commercial_provider_likely", "Ica i grannbyn har pratat om att bli ombud", True, True),
    ("investment_planned", "kanske nästa år, vi funderar på solceller", True, True),
    ("store_sells_fuel", "nej, tror inte det", False, True),
    ("payment_services_interested", "jo det vore bra", True, False),
    ("store_open_year_round", "ja, hela året", True, False),
])
def test_a_yes_or_no_said_with_doubt_is_taken_as_an_estimate(slot, text, value, hedged):
    reading = read_fact_answer(slot, text, "sv")
    assert (reading.value, reading.approximate) == (value, hedged)


@pytest.mark.parametrize(("slot", "text", "chosen"), [
    # Only things outside the list: none of the choices, not a question asked again.
    ("store_services", "bara Svenska Spel och ATG", []),
    ("store_services", "Swish tar vi förstås", []),
    ("investment_purposes", "larm och kameror", []),
    ("investment_purposes", "ny kassa", []),
    # A listed choice told in other words.
    ("investment_purposes", "jo, vi ska öppna butiken igen, den stängde i våras", ["reopen_closed_store"]),
    ("investment_purposes", "sätta in en uttagsautomat och ta emot dagskassor", ["add_service_functions"]),
    ("investment_purposes", "sätta upp en dieselpump, det finns ingen mack i byn", ["add_service_functions"]),
    ("investment_purposes", "kylar med koldioxid som köldmedium",
     ["energy_climate", "refrigeration_replacement"]),
    ("store_services", "ombud för Apoteket och Systembolaget", ["pharmacy_agent"]),
])
def test_a_list_answer_names_its_choices_or_only_things_outside_them(slot, text, chosen):
    assert sorted(read_fact_answer(slot, text, "sv").value) == chosen


def test_words_outside_any_list_are_no_answer_to_a_list_question():
    assert read_fact_answer("store_services", "hmm", "sv").value is NOT_UNDERSTOOD


def test_years_said_aloud_are_counted_not_read_as_a_count_of_twenty():
    text = "vi fick det tjugo tjugotvå och tjugo tjugotre"
    reading = read_fact_answer("service_grant_years_already_received", text, "sv")
    assert reading.value == 2


def test_telling_what_the_store_already_offers_is_no_answer_to_wanting_support_for_it():
    asked = "payment_services_interested"
    assert read_fact_answer(asked, "vi har redan kontantuttag i kassan", "sv").value is NOT_UNDERSTOOD
    assert read_fact_answer(asked, "ja, vi har redan kontantuttag men vill ha mer", "sv").value is True


def test_on_the_phone_the_answer_is_read_back_before_a_number_given_besides():
    asked = {**MUNICIPALITY, "channel": "phone", "requested_slot": DELIVERIES}
    read, _ = validate(asked, {DELIVERIES: "en gång i veckan till tjugo hushåll", HOUSEHOLDS: 20})
    assert read["value_to_confirm"] == [DELIVERIES, 1040] and read[HOUSEHOLDS] is None


def test_answers_in_other_words():
    said_with_doubt = read_fact_answer("service_grant_years_already_received", "ett år, tror jag", "sv")
    assert (said_with_doubt.value, said_with_doubt.approximate) == (1, True)
    assert read_fact_answer("store_open_year_round", "summer season only", "en").value is False
    assert read_locality("the village of Stensele", "en") == "Stensele"


def test_years_since_are_counted_up_to_last_year_as_an_estimate():
    since = read_fact_answer("service_grant_years_already_received", "vi har haft det sedan 2021", "sv")
    assert (since.value, since.approximate) == (date.today().year - 2021, True)
    listed = read_fact_answer("service_grant_years_already_received",
                              "Vi fick det 2019, 2020 och 2021, sen bytte vi till driftstöd", "sv")
    assert (listed.value, listed.approximate) == (3, False)  # "sen" here is "then"


def test_years_of_servicebidrag_listed_in_an_opening_are_counted():
    named = named_values_in("Vi har fått servicebidrag 2021, 2022 och 2023. Omsättning 2 miljoner", "sv")
    assert named["service_grant_years_already_received"].value == 3


def test_a_group_said_to_be_missing_is_no_to_having_them_all():
    answer = "mejeri å bröd ja, men ingen chark"
    assert read_fact_answer("store_has_all_product_groups", answer, "sv").value is False
