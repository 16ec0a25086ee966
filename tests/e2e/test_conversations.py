"""Whole conversations through Rasa's REST channel, checking the amounts in the answer."""

from conftest import texts

# The example: 3 000 000 kr, 1 500 articles, 45 h/week, 2,5 mil → 166 667 kr.
GROCERY_STORE = {
    "asker": "Butik",
    "municipality": "Vindeln",
    "locality": "Granån",
    "store_sells_fuel": "nej",
    "store_open_year_round": "ja, hela året",
    "store_opening_hours_per_week": "45 timmar i veckan",
    "store_article_count": "cirka 1 500 artiklar",
    "store_has_all_product_groups": "ja",
    "store_distance_to_nearest_grocery_store_km": "2,5 mil",
    "municipality_has_service_plan": "ja",
    "store_grocery_net_turnover_sek": "3 miljoner",
    "store_services": "post och paket",
    "store_service_strategic": "nej",
    "service_grant_years_already_received": "0",
    "investment_planned": "nej",
    "payment_services_interested": "nej",
    "service_grant_other_measures_tried": "ja",
}


def start(conversation) -> None:
    greeting = conversation.say("Hej")
    assert "uppskattning" in texts(greeting).lower()
    conversation.say("/check_supports")


def test_grocery_store_gets_its_driftstod_estimate(conversation):
    start(conversation)
    estimated_turnover = {**GROCERY_STORE, "store_grocery_net_turnover_sek": "runt tre miljoner"}
    summary = texts(conversation.answer_questions(estimated_turnover))
    # Answers given as estimates stay estimates in the summary; the exact ones have no "ca".
    assert "Försäljning av dagligvaror förra året: **ca 3 000 000 kr**" in summary
    assert "Stämmer det" in summary
    assert "**ca 1 500 artiklar**" in summary and "**45 timmar per vecka**" in summary
    result = texts(conversation.say("ja"))
    assert "166 667 kr" in result
    assert "reglerna i Regionalt serviceprogram 2014–2020 för Västerbotten" in result  # not the id


def test_a_fuel_station_is_never_asked_about_articles(conversation):
    start(conversation)
    answers = {
        "asker": "Mack", "municipality": "Storuman", "locality": "Slussfors",
        "store_distance_to_nearest_fuel_station_km": "35 km",
        "municipality_has_service_plan": "vet inte", "service_grant_years_already_received": "1",
        "investment_planned": "nej", "payment_services_interested": "nej",
        "service_grant_other_measures_tried": "nej",
    }
    conversation.answer_questions(answers)
    assert not {"store_article_count", "store_grocery_net_turnover_sek"} & set(conversation.asked)
    assert "Servicebidrag" in texts(conversation.say("ja"))


def test_a_municipality_is_asked_about_home_delivery_not_turnover(conversation):
    start(conversation)
    answers = {
        "asker": "Kommun", "municipality": "Sorsele", "store_kind": "serviceställe",
        "municipality_has_service_plan": "ja", "investment_planned": "nej",
        "home_delivery_net_cost_sek": "80 000 kr", "home_delivery_deliveries": "1200",
        "home_delivery_households": "25 hushåll",
    }
    conversation.answer_questions(answers)
    assert "store_grocery_net_turnover_sek" not in conversation.asked
    # No investment planned: which kind of sales point it would be for is never asked.
    assert "investment_planned" in conversation.asked and "store_kind" not in conversation.asked
    result = texts(conversation.say("ja"))
    assert "40 000 kr" in result  # min(80 000 / 2, 100 × 1 200)


def test_an_investment_gets_ninety_percent_for_accessibility(conversation):
    start(conversation)
    answers = {**GROCERY_STORE, "investment_planned": "ja",
               "investment_eligible_costs_sek": "120 000 kr",
               "investment_purposes": "tillgänglighet, en ramp vid entrén"}
    conversation.answer_questions(answers)
    assert "108 000 kr" in texts(conversation.say("ja"))


def test_a_correction_in_the_middle_and_after_the_summary(conversation):
    start(conversation)
    answers = dict(GROCERY_STORE)
    conversation.say(answers["asker"])
    conversation.say(answers["municipality"])
    conversation.say("nej, jag menade Vännäs")
    assert conversation.slot("municipality") == "Vännäs"
    conversation.answer_questions(answers)
    conversation.say("ändra")
    conversation.say("omsättningen var runt 9 miljoner")
    assert "store_grocery_net_turnover_sek" in conversation.slot("approximate_slots")
    conversation.say("omsättningen var 9 miljoner")  # the exact figure: the "ca" goes
    assert conversation.slot("store_grocery_net_turnover_sek") == 9_000_000
    assert "store_grocery_net_turnover_sek" not in conversation.slot("approximate_slots")
    assert "150 000 kr" in texts(conversation.say("ja"))


def test_a_digression_inside_the_form_returns_to_the_question(conversation):
    start(conversation)
    conversation.say("Butik")
    asked_before = conversation.slot("requested_slot")
    answer = texts(conversation.say("vad betyder mångsidigt utbud?"))
    assert "1 000 artiklar" in answer
    assert conversation.slot("requested_slot") == asked_before


def test_talk_to_a_person_at_any_time(conversation):
    start(conversation)
    conversation.say("Butik")
    assert "010-225 40 00" in texts(conversation.say("kan jag prata med en människa?"))


def test_restart_after_confirmation_forgets_the_answers(conversation):
    start(conversation)
    conversation.say("Butik")
    conversation.say("Vindeln")
    conversation.say("börja om")
    conversation.say("ja")
    assert conversation.slot("municipality") is None
