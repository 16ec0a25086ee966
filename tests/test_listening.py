"""Listening in context: the question being asked reads each message first (actions/listening.py,
actions/help_topics.py, the form's extraction), on trackers built from small fixtures."""

import asyncio
import re

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.form import ValidateFactsForm
from actions.help_topics import TOPIC_BY_INTENT, _patterns, entry_for_topic, help_entry, what_counts
from actions.listening import Role, role_by_intent, role_of
from stodkollen.bot_domain import form_slots, generated_files
from stodkollen.core.i18n import translate
from stodkollen.dialogue_slots import HANDOFF_CONSENT, VALUE_CONFIRMATION

STORE = {"asker": "store", "applicant_kind": "business", "store_sells_groceries": True,
         "store_kind": "grocery_store", "municipality": "Sorsele", "locality": "Ammarnäs",
         "store_sells_fuel": False, "store_open_year_round": True}
DOMAIN = {"forms": {"facts_form": {"required_slots": [spec.name for spec in form_slots()]}}}


def heard(slots: dict, text: str, intent: str = "inform") -> tuple[dict, list[dict]]:
    """The form run on `text`, said while `slots["requested_slot"]` waits: the slots it sets
    and the responses it utters."""
    events = [{"event": "action", "name": "action_listen"}, {"event": "user", "text": text},
              {"event": "slot", "name": "requested_slot", "value": slots.get("requested_slot")},
              {"event": "action", "name": "facts_form"}]
    tracker = Tracker("test", dict(slots), {"text": text, "intent": {"name": intent}, "entities": []},
                      events, False, None, {"name": "facts_form", "is_interrupted": False}, "facts_form")
    dispatcher = CollectingDispatcher()
    result = asyncio.run(ValidateFactsForm().run(dispatcher, tracker, DOMAIN))
    slots = {event["name"]: event["value"] for event in result if event["event"] == "slot"}
    return slots, dispatcher.messages


def responses(messages: list[dict]) -> list[str]:
    return [message["response"] for message in messages]


# ---------------------------------------------------------------- roles, by their own words
@pytest.mark.parametrize("text, holds_value, role", [
    ("tjugo miljoner ungefär", True, Role.ANSWER),
    ("200 personer kanske", True, Role.ANSWER),
    ("när jag räknade sist var det 4 miljoner", True, Role.ANSWER),
    ("kan vara runt 2 miljoner", True, Role.ANSWER),
    ("4 miljoner?", True, Role.ANSWER),
    ("varför vill ni veta hur många timmar vi har öppet", False, Role.QUESTION),
    ("räknas spel in i det?", True, Role.QUESTION),
    ("vi har 800 artiklar, duger det?", True, Role.QUESTION),
    ("kan jag få prata med en riktig människa", False, Role.PERSON),
    ("ring upp mig i stället", False, Role.PERSON),
    ("jag vill börja om från början", False, Role.RESTART),
    ("Kan nån hjälpa mig fylla i det här, jag är inte så van vid datorer", False, Role.PERSON),
    ("Finns det nån handläggare jag kan ringa?", False, Role.PERSON),
    ("nej, inte än", True, Role.ANSWER),  # "än" is no old value put right
    ("nä, inte i nuläget", True, Role.ANSWER),
    ("Jag svarade fel på öppettiderna, det ska vara 45 timmar", True, Role.CORRECTION),
    ("Förstod inte frågan", False, Role.QUESTION),
    ("Jag råkade svara nej på drivmedel, vi säljer faktiskt diesel", True, Role.CORRECTION),
    ("Nu vill jag göra samma sak för vår andra butik", False, Role.RESTART),
    ("Kan jag fortsätta på datorn sen? Sitter i mobilen nu", False, Role.PAUSE),
    ("jag skrev fel förut, kommunen är Malå", True, Role.CORRECTION),
    ("18 km, inte 8", True, Role.CORRECTION),
    ("vänta lite, jag ska leta fram siffrorna", False, Role.PAUSE),
    ("tror det, måste dubbelkolla", True, Role.ANSWER),
    ("hej hej", False, Role.OTHER),
])
def test_a_message_says_what_it_does_by_its_own_words(text, holds_value, role):
    assert role_of(text, holds_value) is role


def test_the_intent_decides_only_for_a_message_without_numbers():
    assert role_by_intent("talk_to_person", holds_any_quantity=False) is Role.PERSON
    assert role_by_intent("talk_to_person", holds_any_quantity=True) is Role.OTHER
    assert role_by_intent("faq_net_turnover", holds_any_quantity=False) is Role.QUESTION


# ---------------------------------------------------------------- the help that belongs to the question
def test_a_question_about_the_question_asked_gets_its_own_entry():
    assert help_entry("varför undrar du det?", "store_article_count", None) == "help.why.store_article_count"
    assert help_entry("ska jag ta med tobaken?", "store_grocery_net_turnover_sek", None) == \
        "help.term.nettoomsattning"
    assert help_entry("räknas paketutlämning som betaltjänst?", "store_services", None) == \
        "help.term.betaltjanster"
    assert help_entry("vem bestämmer till slut om pengarna?", "store_article_count", None) == \
        "help.topic.who_decides"
    assert help_entry("vad är ett basbelopp för något", None, None) == "help.term.prisbasbelopp"


def all_entries() -> set[str]:
    """Every message id the help can render."""
    topics = {key.split(" ", 1)[0] for key in _patterns()} - {"why_this_question", "what_counts_here"}
    entries = {entry_for_topic(topic) for topic in topics | set(TOPIC_BY_INTENT.values())}
    for spec in form_slots():
        if spec.name not in (VALUE_CONFIRMATION, HANDOFF_CONSENT):
            entries |= {f"help.why.{spec.name}", what_counts(spec.name)}
    return entries


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_help_entry_is_short_enough_for_the_middle_of_the_questions_and_the_ear(lang):
    entries = all_entries()
    assert len(entries) > 60
    for entry in entries:
        text = translate(entry, lang)
        assert text != entry, f"{entry} has no {lang} text"
        assert len(text) < 600 and len(re.findall(r"\S+", text)) <= 42, entry
        assert "**" not in text, entry  # read aloud as it is


# ---------------------------------------------------------------- the form listens
TURNOVER_ASKED = {**STORE, "requested_slot": "store_grocery_net_turnover_sek"}
STORE_ASKED_SPECIAL_REASONS = {**STORE, "requested_slot": "special_reasons"}


def test_a_value_of_the_kind_asked_is_the_answer_whatever_the_intent():
    slots, messages = heard(TURNOVER_ASKED, "nio miljoner kronor", intent="talk_to_person")
    assert slots["store_grocery_net_turnover_sek"] == 9_000_000
    assert "utter_handoff" not in responses(messages)


def test_a_question_gets_its_entry_and_the_question_waits():
    slots, messages = heard(TURNOVER_ASKED, "räknas momsen med?", intent="inform")
    assert "store_grocery_net_turnover_sek" not in slots
    assert messages[0]["response"] == "utter_help" and messages[0]["entry"] == "help.term.nettoomsattning"


def test_a_person_is_offered_with_a_question_and_nothing_is_saved_yet():
    slots, messages = heard(TURNOVER_ASKED, "jag vill prata med en handläggare", intent="talk_to_person")
    assert responses(messages) == ["utter_handoff"]
    assert slots["handoff_offered"] is True and slots["requested_slot"] == HANDOFF_CONSENT


def test_no_to_the_offer_goes_on_with_the_questions():
    offered = {**TURNOVER_ASKED, "handoff_offered": True, "requested_slot": HANDOFF_CONSENT}
    slots, messages = heard(offered, "nej tack", intent="deny")
    assert responses(messages) == ["utter_continue"]
    assert slots["handoff_offered"] is None and slots["requested_slot"] not in (HANDOFF_CONSENT, None)


def test_facts_given_before_their_question_are_kept_and_said():
    asked = {**STORE, "requested_slot": "store_article_count"}
    slots, messages = heard(asked, "det är tre mil till närmaste affär")
    assert slots["store_distance_to_nearest_grocery_store_km"] == 30
    assert responses(messages) == ["utter_facts_noted"]
    assert "store_article_count" not in slots


def test_an_answer_with_more_in_it_answers_and_keeps_the_rest():
    asked = {**STORE, "requested_slot": "store_article_count"}
    slots, _ = heard(asked, "runt 1 200 artiklar och vi har öppet 45 timmar i veckan")
    assert slots["store_article_count"] == 1200 and slots["store_opening_hours_per_week"] == 45
    assert "store_article_count" in slots["approximate_slots"]


def test_no_as_the_first_answer_to_years_with_servicebidrag_is_none():
    asked = {**STORE, "requested_slot": "service_grant_years_already_received"}
    slots, messages = heard(asked, "nej", intent="deny")
    assert slots["service_grant_years_already_received"] == 0
    assert responses(messages) == ["utter_correction_done"]


def test_no_to_a_doubt_asks_again_instead_of_taking_anything():
    doubted = {**STORE, "requested_slot": "store_article_count",
               "implausible_answer": ["store_article_count", 0]}
    slots, _ = heard(doubted, "nej", intent="deny")
    assert slots["store_article_count"] is None and slots["implausible_answer"] is None


def test_a_locality_is_kept_in_its_proper_form():
    asked = {**STORE, "locality": None, "requested_slot": "locality"}
    slots, _ = heard(asked, "ammarnäs")
    assert slots["locality"] == "Ammarnäs"


# ---------------------------------------------------------------- the domain, generated
def test_the_domain_files_are_what_the_tables_generate():
    files = generated_files()
    assert files
    for path, text in files.items():
        assert path.read_text(encoding="utf-8") == text, f"{path} is stale: python -m stodkollen.bot_domain"


def test_a_total_with_other_sales_in_it_needs_a_yes_before_it_is_taken():
    slots, messages = heard(TURNOVER_ASKED, "8 miljoner, men då är bensinen med")
    assert slots["store_grocery_net_turnover_sek"] is None
    assert responses(messages) == ["utter_implausible_answer"]
    doubted = {**TURNOVER_ASKED, "implausible_answer": slots["implausible_answer"]}
    taken, _ = heard(doubted, "ja", intent="affirm")
    assert taken["store_grocery_net_turnover_sek"] == 8_000_000


def test_a_figure_just_under_a_threshold_is_asked_for_and_a_yes_takes_nothing():
    slots, messages = heard(TURNOVER_ASKED, "knappt 11 miljoner")
    assert slots["store_grocery_net_turnover_sek"] is None
    assert responses(messages) == ["utter_exact_figure"]
    assert heard(TURNOVER_ASKED, "ja", intent="affirm")[0]["store_grocery_net_turnover_sek"] is None
    assert heard(TURNOVER_ASKED, "10,6 miljoner")[0]["store_grocery_net_turnover_sek"] == 10_600_000


def test_one_service_named_alone_is_a_list_of_one():
    slots, _ = heard({**STORE, "requested_slot": "store_services"}, "post")
    assert slots["store_services"] == ["post"]


def test_the_change_button_in_the_middle_of_the_questions_asks_what_to_change():
    _, messages = heard({**STORE, "requested_slot": "store_article_count"}, "/change", intent="change")
    assert responses(messages) == ["utter_ask_what_to_change"]


def test_no_with_another_value_for_an_earlier_answer_corrects_it():
    asked = {**STORE, "requested_slot": "store_open_year_round", "store_open_year_round": None}
    slots, messages = heard(asked, "nej, butiken ligger i Vännäs", intent="correct")
    assert slots["municipality"] == "Vännäs"
    assert "store_open_year_round" not in slots


def test_a_number_to_the_wrong_question_is_not_a_correction_request():
    slots, messages = heard({**STORE, "municipality": None, "requested_slot": "municipality"},
                            "femton hundra", intent="correct")
    assert responses(messages) == ["utter_invalid_answer"]


@pytest.mark.parametrize("text, municipality", [("stor uman", "Storuman"), ("vin deln", "Vindeln")])
def test_a_municipality_a_recogniser_split_in_two_is_read(text, municipality):
    asked = {**STORE, "municipality": None, "locality": None, "requested_slot": "municipality"}
    slots, _ = heard(asked, text)
    assert slots["municipality"] == municipality


@pytest.mark.parametrize("text", ["det vet jag inte", "inte vad jag vet"])
def test_dont_know_in_the_order_of_speech_is_not_a_no(text):
    slots, _ = heard({**STORE, "requested_slot": "municipality_has_service_plan"}, text)
    assert slots["municipality_has_service_plan"] == "unknown"


def test_a_guessed_correction_without_a_fact_is_not_understood():
    slots, messages = heard({**STORE, "municipality": None, "requested_slot": "municipality"},
                            "det vet väl alla som bor här", intent="correct")
    assert responses(messages) == ["utter_invalid_answer"]


def test_not_knowing_what_counts_is_an_answer_and_what_counts_is_told_with_it():
    slots, messages = heard({**STORE_ASKED_SPECIAL_REASONS}, "vet inte vad som skulle räknas")
    assert slots["special_reasons"] == "unknown"
    assert "utter_help" in responses(messages)
    slots, messages = heard({**STORE_ASKED_SPECIAL_REASONS}, "vad räknas som särskilda skäl?")
    assert "special_reasons" not in slots and "utter_help" in responses(messages)


@pytest.mark.parametrize(("text", "slot", "entry"), [
    ("Hur gör jag för att ansöka?", "store_article_count", "help.topic.how_to_apply"),
    ("hur räknar jag artiklarna?", "store_article_count", "help.term.mangsidigt_utbud"),
    ("vad kan man få investeringsstöd till", "investment_eligible_costs_sek", "help.term.investeringsstod"),
    ("Hur stor del av investeringen kan vi få tillbaka?", "investment_eligible_costs_sek",
     "help.topic.how_much_max"),
    ("Vem fattar beslutet om stödet?", "store_article_count", "help.topic.who_decides"),
    ("vad ska ni med antalet artiklar till", "store_article_count", "help.why.store_article_count"),
    ("Det här är alldeles för många frågor", "store_article_count", "help.topic.complaint_frustration"),
    ("Vi ligger 8 km från Coop men vägen är avstängd halva vintern, räknas det?",
     "store_distance_to_nearest_grocery_store_km", "help.term.sarskilda_skal"),
    ("hur lång är handläggningstiden", "store_article_count", "help.topic.payout_timing"),
    ("Ta om frågan, är du snäll", "store_article_count", "help.topic.repeat_question"),
    ("vaför vill ni veta det", "store_article_count", "help.why.store_article_count"),
    ("why does the distance matter?", "store_distance_to_nearest_grocery_store_km",
     "help.why.store_distance_to_nearest_grocery_store_km"),
    ("ska det med i siffran?", "store_grocery_net_turnover_sek", "help.term.nettoomsattning"),
    ("Vad är det för plan ni pratar om?", "municipality_has_service_plan", "help.term.serviceplan"),
    ("kan jag ansöka utan e-legitimation", "store_article_count", "help.topic.how_to_apply"),
    ("Hur länge kan man söka?", "store_article_count", "help.topic.deadline"),
    ("lämnar ni ut omsättningen till någon?", "store_grocery_net_turnover_sek", "help.topic.privacy_my_data"),
])
def test_a_question_in_other_words_gets_its_own_entry(text, slot, entry):
    assert help_entry(text, slot, None) == entry


def test_a_remark_is_answered_by_its_words_before_the_intent_models_guess():
    slots, messages = heard(TURNOVER_ASKED, "Nu börjar jag bli trött på alla frågor", intent="start_over")
    assert responses(messages) == ["utter_help"]
    assert messages[0]["entry"] == "help.topic.complaint_frustration"


@pytest.mark.parametrize(("text", "turnover"), [
    ("2,1 milj, nej vänta, 2,4 milj", 2_400_000),  # taken back and said again
    ("omsättningen var inte 2,1 utan 2,4 miljoner", 2_400_000),
])
def test_a_value_taken_back_within_the_message_gives_way_to_the_one_said_after(text, turnover):
    slots, _ = heard(TURNOVER_ASKED, text)
    assert slots["store_grocery_net_turnover_sek"] == turnover
