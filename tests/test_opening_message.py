"""The message that starts the check answers the first questions when it clearly can
("Jag driver en lanthandel i Sorsele, vilka stöd kan jag få?"): the form's validation action
run as Rasa runs it when the form starts, on trackers built from small fixtures."""

import asyncio
from pathlib import Path

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.form import ValidateFactsForm
from actions.opening import told_when_starting

# The form as the domain declares it: rasa-sdk names the next question only when the
# computed list differs from the declared one, as it does in the running bot.
DOMAIN = {"forms": yaml.safe_load((Path(__file__).parents[1] / "bot" / "domain" / "slots.yml")
                                  .read_text(encoding="utf-8"))["forms"]}


def start_the_check(text: str, slots: dict | None = None,
                    after: str = "action_listen") -> tuple[dict, list[dict]]:
    """The validation action on the message that started the form (no question asked yet),
    run right `after` that action: the slots it sets and what it says."""
    # As Rasa sends it: the message, then the form's own execution (rasa.core.actions.forms).
    events = [{"event": "action", "name": "action_listen"}, {"event": "user", "text": text},
              {"event": "action", "name": after}, {"event": "slot", "name": "requested_slot", "value": None},
              {"event": "action", "name": "facts_form"}]
    if after == "action_listen":
        del events[2]
    tracker = Tracker("test", {"requested_slot": None, **(slots or {})},
                      {"text": text, "intent": {"name": "check_supports"}, "entities": []},
                      events, False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    set_events = asyncio.run(ValidateFactsForm().run(dispatcher, tracker, DOMAIN))
    return {event["name"]: event["value"] for event in set_events}, dispatcher.messages


def opening_understood(**told) -> dict:
    """The message CollectingDispatcher keeps for the response that says the answers back."""
    return {"text": None, "buttons": [], "elements": [], "custom": {}, "template": "utter_opening_understood",
            "response": "utter_opening_understood", "image": None, "attachment": None, **told}


def validate_answer(slots: dict, answered: dict) -> tuple[dict, list[dict]]:
    """The validation of an answer to the question being asked."""
    text = next(iter(answered.values()))
    events = [{"event": "user", "text": text}]
    events += [{"event": "slot", "name": name, "value": value} for name, value in answered.items()]
    message = {"text": text, "intent": {"name": "inform"}, "entities": []}
    tracker = Tracker("test", {**slots, **answered}, message, events, False, None,
                      {"name": "facts_form", "is_interrupted": False}, "action_listen")
    dispatcher = CollectingDispatcher()
    set_events = asyncio.run(ValidateFactsForm().get_validation_events(dispatcher, tracker, DOMAIN))
    return {event["name"]: event["value"] for event in set_events}, dispatcher.messages


def test_a_village_store_in_sorsele_is_asked_for_its_locality_next():
    slots, said = start_the_check("Jag driver en lanthandel i Sorsele, vilka stöd kan jag få?")
    assert (slots["asker"], slots["municipality"]) == ("store", "Sorsele")
    assert (slots["applicant_kind"], slots["store_sells_groceries"]) == ("business", True)
    assert slots["requested_slot"] == "locality"
    # What was understood is said back (the question itself comes from the form).
    assert said == [opening_understood(asker="store", municipality="Sorsele")]


def test_a_fuel_station_told_with_a_greeting_is_not_asked_about_groceries():
    slots, _ = start_the_check("Hej! Jag har en mack i Storuman")
    assert (slots["asker"], slots["municipality"]) == ("fuel_station", "Storuman")
    assert slots["store_sells_groceries"] is False
    assert slots["requested_slot"] == "locality"


def test_a_store_without_a_place_is_asked_for_the_municipality():
    slots, _ = start_the_check("hej jag har en butik och vill veta vilka stöd jag kan få")
    assert slots["asker"] == "store"
    assert "municipality" not in slots
    assert slots["requested_slot"] == "municipality"


def test_nothing_told_asks_who_is_asking_first():
    slots, said = start_the_check("kolla mina stöd")
    assert "asker" not in slots
    assert said == []
    assert slots["requested_slot"] == "asker"


def test_the_municipality_alone_is_taken_and_who_is_asking_is_still_asked():
    slots, said = start_the_check("vad kan vi få för stöd i Malå")
    assert slots["municipality"] == "Malå"
    assert said == [opening_understood(municipality="Malå")]
    assert slots["requested_slot"] == "asker"


def test_answers_already_given_are_not_replaced_by_the_opening_message():
    # After "börja om" declined, the form starts again on a message that is no opening.
    slots, said = start_the_check("vi har en mack i Lycksele", {"asker": "store", "municipality": "Vindeln"},
                                  after="utter_continue")
    assert "asker" not in slots and "municipality" not in slots
    assert said == []


@pytest.mark.parametrize(("text", "told"), [
    ("Hej, jag har en liten lanthandel i Sorsele och undrar vad jag kan få för stöd",
     {"asker": "store", "municipality": "Sorsele"}),
    ("hej vi har mack och livs i vannas", {"asker": "both", "municipality": "Vännäs"}),
    ("jag har en bensinstation i norsjo", {"asker": "fuel_station", "municipality": "Norsjö"}),
    # "i Sorsele kommun" says where the store is, not that a municipality asks.
    ("jag har en butik i Sorsele kommun", {"asker": "store", "municipality": "Sorsele"}),
    ("jag ringer från Sorsele kommun", {"asker": "municipality", "municipality": "Sorsele"}),
    ("hej, vi är en bygdeförening och undrar vad vi kan söka", {"asker": "association"}),
    # An association running a store asks for its store; one that trades is a business.
    ("vi är en byaförening som driver affären",
     {"asker": "association", "store_kind": "grocery_store", "store_sells_groceries": True}),
    ("Vi är en ideell förening i Granö som vill starta en servicepunkt",
     {"asker": "association", "store_kind": "service_point", "municipality": "Vindeln", "locality": "Granö"}),
    ("vi är en ekonomisk förening som driver butiken", {"asker": "store"}),
    ("jag är handlarn som kör ut hemsändningen åt kommunen", {"asker": "store"}),
    # What a municipality invests in tells the kind: a car for the home delivery is logistics.
    ("Hej, är kommunalråd i Vindeln. Kan kommunen söka investeringsstöd för en ny bil till hemsändningen?",
     {"asker": "municipality", "municipality": "Vindeln", "store_kind": "logistics"}),
    # A home delivery's own figures are a municipality's: only municipalities get its support.
    ("Hemsändning i Dorotea kommun: 2 ggr/vecka till 9 hushåll hela året, nettokostnad 41 000 kr.",
     {"asker": "municipality", "municipality": "Dorotea"}),
])
def test_who_and_where_clearly_told_are_taken(text, told):
    assert told_when_starting(text, "sv") == told


@pytest.mark.parametrize("text", [
    # A municipality asking about a store: it may ask for itself or for the store.
    "jag ringer från Sorsele kommun om byns butik",
    "vilka stöd kan jag få",
])
def test_who_is_asking_is_not_guessed_when_the_message_leaves_it_open(text):
    assert "asker" not in told_when_starting(text, "sv")


def test_two_municipalities_are_a_question_to_ask():
    assert "municipality" not in told_when_starting("vi har butik i Sorsele men bor i Storuman", "sv")


def test_a_store_in_a_named_municipality_answers_who_is_asking_as_a_store():
    slots, _ = validate_answer({"requested_slot": "asker"}, {"asker": "en lanthandel i Sorsele kommun"})
    assert slots["asker"] == "store"
    slots, _ = validate_answer({"requested_slot": "asker"}, {"asker": "kommunen"})
    assert slots["asker"] == "municipality"


@pytest.mark.parametrize(("text", "told"), [
    # Each number takes the fact its own clause names, not the first one the message names.
    ("Lanthandel i Gunnarn. 3 mil till närmaste mack och 12 km till närmaste affär",
     {"store_distance_to_nearest_fuel_station_km": 30, "store_distance_to_nearest_grocery_store_km": 12}),
    # A bare number in a clause that says what it is; counts by the word right after them.
    ("Vi vill investera i ett nytt kylrum för runt 250 000 exkl moms",
     {"investment_eligible_costs_sek": 250_000}),
    ("Ringer från Malå kommun. Vi körde 900 hemsändningar till 18 hushåll i fjol",
     {"home_delivery_deliveries": 900, "home_delivery_households": 18}),
    ("Ringer från Sorsele kommun. Vi har hemsändning till 14 hushåll en gång i veckan, det kostade oss "
     "ca 70 000 netto i fjol.", {"home_delivery_households": 14, "home_delivery_deliveries": 728,
                       "home_delivery_net_cost_sek": 70_000}),
    # A round's schedule tells the deliveries as well as the households.
    ("Kommunen kör hemsändning varannan vecka till 12 hushåll, nettokostnad 35 000 kr",
     {"home_delivery_households": 12, "home_delivery_deliveries": 312, "home_delivery_net_cost_sek": 35_000}),
])
def test_an_opening_gives_each_number_the_fact_its_own_words_name(text, told):
    slots, _ = start_the_check(text)
    assert {slot: slots.get(slot) for slot in told} == told


@pytest.mark.parametrize(("text", "told"), [
    ("Har en lanthandel i Ammarnäs, öppet hela året, och vi är paketombud",
     {"store_open_year_round": True, "store_services": ["parcel"]}),
    ("Vi driver en sommarbutik i Kittelfjäll", {"store_open_year_round": False}),
    ("Butiken ligger på en ö utan bro, det går bara båt dit", {"store_archipelago_without_road": True}),
    ("Vi funderar på att investera i solceller och en ramp vid entrén",
     {"investment_planned": True, "investment_purposes": ["accessibility", "energy_climate"]}),
    ("Jag är från Malå kommun, vi vet inte riktigt om vi har någon serviceplan",
     {"municipality_has_service_plan": "unknown"}),
    ("Vi är en mack i Slussfors, det finns ingen affär i byn", {"store_grocery_store_in_locality": False}),
])
def test_facts_stated_in_passing_are_taken_and_said_back(text, told):
    slots, said = start_the_check(text)
    assert {slot: sorted(value) if isinstance(value, list) else value
            for slot, value in slots.items() if slot in told} == told
    noted = [message for message in said if message["response"] == "utter_facts_noted"]
    assert len(noted) == 1 and told.keys() <= noted[0]["noted"].keys()


def test_who_we_are_is_no_service_offered_and_nothing_unsaid_is_taken():
    slots, _ = start_the_check("Hej, vi är en mack med en liten butik i Gunnarn, vad kan vi få?")
    assert "store_services" not in slots and "store_open_year_round" not in slots


@pytest.mark.parametrize(("text", "asker"), [
    ("Lanthandel i Vilhelmina, 2 mil till närmaste mack", "store"),
    ("Vi har macken i byn, närmaste affär ligger 4 mil bort", "fuel_station"),
    ("Tankstället i Rusksele saknar butik, det finns ingen affär i byn", "fuel_station"),
])
def test_a_sales_point_named_for_a_distance_or_lacked_is_not_who_is_asking(text, asker):
    assert told_when_starting(text, "sv")["asker"] == asker


@pytest.mark.parametrize(("text", "asker", "sells_fuel"), [
    ("Hi, I run the village shop in Ammarnas and we don't sell fuel", "store", False),
    ("We don't have a shop, just the pump in Slussfors", "fuel_station", True),
])
def test_an_english_negation_keeps_what_we_lack_out_of_who_we_are(text, asker, sells_fuel):
    slots, _ = start_the_check(text)
    assert slots.get("asker") == asker and slots.get("store_sells_fuel") is sells_fuel


@pytest.mark.parametrize(("text", "central"), [
    ("Vi har en lanthandel i Lövånger", False),  # a village of Skellefteå: not the centralort
    ("Vi har en lanthandel i Skellefteå", None),  # the town itself may be either: asked
    ("Vi har en lanthandel i Ammarnäs", None),  # Sorsele has no centralort left out: never asked
])
def test_a_village_of_umea_skelleftea_or_lycksele_is_outside_the_centralort(text, central):
    slots, _ = start_the_check(text)
    assert slots.get("in_central_locality") is central


def test_an_association_that_owns_the_store_answers_who_is_asking_and_what_it_runs():
    slots, _ = validate_answer({"requested_slot": "asker"},
                               {"asker": "Det är byaföreningen som äger affären, jag sitter i styrelsen"})
    assert (slots["asker"], slots["applicant_kind"], slots["store_kind"], slots["store_sells_groceries"]) == (
        "association", "association", "grocery_store", True)


@pytest.mark.parametrize(("text", "place"), [
    ("ringer från Dorotea kommun ang. hemsändningen", {"asker": "municipality", "municipality": "Dorotea"}),
    ("jag är kommunens serviceplanerare i Storuman", {"asker": "municipality", "municipality": "Storuman"}),
    ("en lanthandel i Ammarnäs", {"asker": "store", "municipality": "Sorsele", "locality": "Ammarnäs"}),
    ("Jag ringer från Region Västerbotten", {"asker": "public_body"}),
])
def test_where_told_with_who_is_asking_is_taken_and_said_back(text, place):
    slots, said = validate_answer({"requested_slot": "asker"}, {"asker": text})
    assert {slot: slots.get(slot) for slot in place} == place
    assert [message["response"] for message in said] == (
        ["utter_opening_understood"] if "municipality" in place else [])


def test_a_fuel_station_with_a_shop_is_a_fuel_station_that_sells_groceries():
    slots, _ = start_the_check("Hej, vi är en mack med liten butik i Gunnarn. Vi vill sätta upp laddstolpar")
    told = ("asker", "store_kind", "store_sells_groceries", "store_sells_fuel")
    assert tuple(slots[slot] for slot in told) == ("both", "fuel_station", True, True)
    slots, _ = start_the_check("Vi har butik och mack i Jörn")
    assert slots["store_kind"] == "grocery_store"


@pytest.mark.parametrize(("text", "told"), [
    ("hej, har en butik 3 mil utanför Vilhelmina, 1800 art, 3,1 milj i oms",
     {"store_article_count": 1800, "store_grocery_net_turnover_sek": 3_100_000}),
    ("Vi har fått servicebidrag två år och undrar om vi kan söka igen",
     {"service_grant_years_already_received": 2}),
    ("Nettoomsättning dagligvaror 1 650 000 enl. bokslut 2024",
     {"store_grocery_net_turnover_sek": 1_650_000}),
    ("vi är en byaförening i Fredrika, vill veta om vi kan få stöd för att byta kylarna",
     {"investment_planned": True, "investment_purposes": ["refrigeration_replacement"]}),
])
def test_an_opening_in_shorthand_gives_its_facts(text, told):
    slots, _ = start_the_check(text)
    assert {slot: slots.get(slot) for slot in told} == told


PLANS_ENERGY = {"investment_planned": True, "investment_purposes": ["energy_climate"]}


@pytest.mark.parametrize(("text", "told"), [
    ("Vi har ingen serviceplan.", {"municipality_has_service_plan": False}),
    ("Butiken på ön har bara båtförbindelse", {"store_archipelago_without_road": True}),
    ("ej alla varugrupper – vi har inget färskt bröd", {"store_has_all_product_groups": False}),
    ("en butik, bensin har vi inte", {"store_sells_fuel": False}),
    ("funderar på att sätta in en laddstolpe", PLANS_ENERGY),
    ("funderar på solceller på taket", PLANS_ENERGY),
    # A list goes on past "och" without a verb of its own.
    ("Vi är postombud och paketombud och har apoteksombud",
     {"store_services": ["parcel", "pharmacy_agent", "post"]}),
    ("vi är post- och paketombud", {"store_services": ["parcel", "post"]}),
    ("vi har apoteksombud och tar emot paket", {"store_services": ["parcel", "pharmacy_agent"]}),
    # A clause of its own is no part of the list: the cash machine is planned, not offered.
    ("Vi driver en servicepunkt med paketutlämning, vi vill sätta upp en uttagsautomat",
     {"store_services": ["parcel"], "investment_planned": True,
      "investment_purposes": ["add_service_functions"]}),
    ("jag har butik med allt från mejeri till frukt och grönt", {"store_has_all_product_groups": True}),
    # Figures of a home delivery, said in any order, and its cost on the same topic.
    ("Ringer från Malå kommun. 25 hushåll, varannan vecka. Kostnad netto 35 tkr",
     {"home_delivery_households": 25, "home_delivery_deliveries": 650, "home_delivery_net_cost_sek": 35_000}),
])
def test_facts_an_opening_states_in_words_of_its_own(text, told):
    slots, _ = start_the_check(text)
    assert {slot: sorted(value) if isinstance(value, list) else value
            for slot, value in slots.items() if slot in told} == told


@pytest.mark.parametrize(("text", "told"), [
    ("Hej, vi har en lanthandel i Sorsele, vi vet inte om kommunen har nån serviceplan",
     {"asker": "store", "municipality": "Sorsele"}),  # the municipality talked about
    ("Jag har macken i Joesjö. Närmsta mack ligger i Tärnaby",
     {"asker": "fuel_station", "municipality": "Storuman", "locality": "Joesjö"}),  # the other's place
    ("har en sommarbutik i Hemavan", {"asker": "store", "municipality": "Storuman", "locality": "Hemavan"}),
    ("Tankstation, obemannad, ingen butik", {"asker": "fuel_station"}),
])
def test_who_and_where_leave_out_what_is_said_of_others(text, told):
    assert told_when_starting(text, "sv") == told


@pytest.mark.parametrize(("text", "told"), [
    ("Serviceplan har vi", {"municipality_has_service_plan": True}),
    ("Vi i Stalon står som servicepunkt i Vilhelminas serviceplan, och affären behöver nya frysar "
     "för ungefär 260 000 kr", {"store_service_strategic": True, "municipality_has_service_plan": True,
                                "investment_planned": True,
                                "investment_purposes": ["refrigeration_replacement"],
                                "investment_eligible_costs_sek": 260_000}),
    ("Vi ligger i Lycksele kommun men inte i stan", {"in_central_locality": False}),
    ("å vi e ombud för både post å apotek", {"store_services": ["pharmacy_agent", "post"]}),
    ("en butik, vi säljer int bensin", {"store_sells_fuel": False}),
    ("Butiken i Täfteå har 1 100 art", {"store_article_count": 1100}),  # a count beside the store's name
    ("vi funderar på solceller för runt 400 000", {"investment_eligible_costs_sek": 400_000}),
])
def test_more_facts_an_opening_states(text, told):
    slots, _ = start_the_check(text)
    assert {slot: sorted(value) if isinstance(value, list) else value
            for slot, value in slots.items() if slot in told} == told


@pytest.mark.parametrize("text", ["Bygdegårdsföreningen driver butiken, jag är kassör",
                                  "jag är ordförande i byalaget"])
def test_an_association_by_any_name_is_one(text):
    assert told_when_starting(text, "sv")["asker"] == "association"


@pytest.mark.parametrize(("text", "lang", "told"), [
    ("Lanthandel i Rusele", "sv", {"asker": "store", "municipality": "Lycksele", "locality": "Rusele"}),
    # A village the table does not know is still the store's; its municipality is asked.
    ("vi har macken i Umfors. Närmsta andra mack i Hemavan 3,5 mil", "sv",
     {"asker": "fuel_station", "locality": "Umfors"}),
    ("Lanthandel i Granån, 4 mil till ICA Maxi i Umeå", "sv", {"asker": "store", "locality": "Granån"}),
    ("jag har en butik i Västerbotten", "sv", {"asker": "store"}),
    ("Hi, can we do this in English? I have a shop", "en", {"asker": "store"}),  # no village
    ("we opened the shop in May", "en", {"asker": "store"}),
])
def test_the_stores_village_is_taken_even_when_the_table_lacks_it(text, lang, told):
    assert told_when_starting(text, lang) == told


def test_who_calls_from_an_organisation_is_that_organisation():
    text = "Hej, jag ringer från Region Västerbotten och undrar om stöden till butikerna"
    assert told_when_starting(text, "sv")["asker"] == "public_body"


@pytest.mark.parametrize(("text", "told"), [
    # "int nå apoteksombud" counts no articles
    ("vi har int nå apoteksombud men vi e postombud, 1 600 art", {"store_article_count": 1600}),
    ("Hemsändning till 12 hushåll varje vecka", {"home_delivery_deliveries": 624}),
])
def test_counts_in_an_opening_go_to_what_they_count(text, told):
    slots, _ = start_the_check(text)
    assert {slot: slots.get(slot) for slot in told} == told


def test_a_distance_from_the_municipalitys_town_says_where_the_store_is():
    told = told_when_starting("hej, har en butik 3 mil utanför Vilhelmina, 1800 art", "sv")
    assert told == {"asker": "store", "municipality": "Vilhelmina"}


@pytest.mark.parametrize(("text", "told"), [
    ("vi omsatte 2,1 milj, nej vänta, 2,4 milj var det, och har ca 1 200 artiklar",
     {"store_grocery_net_turnover_sek": 2_400_000, "store_article_count": 1200}),
    # Said again bare: in the kind and scale of the value taken back.
    ("Vi omsatte 7,4 mkr, nej förresten 7,1, och har öppet 8-21 alla dagar",
     {"store_grocery_net_turnover_sek": 7_100_000, "store_opening_hours_per_week": 91}),
])
def test_a_value_taken_back_in_the_opening_gives_way_to_the_one_said_after(text, told):
    slots, _ = start_the_check(text)
    assert {slot: slots.get(slot) for slot in told} == told
