"""The NLG endpoint: every response renders in both languages, on the web and the phone."""

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.nlg.registry import responses
from service.pages import fact_lines
from stodkollen.conversation_facts import BY_SLOT
from stodkollen.core.i18n import LANGUAGES

app = create_app()
# Only Rasa asks for responses: it shows the internal token (stodkollen/stack.py, endpoints.yml).
client = TestClient(app, headers={"X-Internal-Token": app.state.settings.internal_token})
FORM_QUESTIONS = ["utter_ask_asker", "utter_ask_locality"] + [f"utter_ask_{slot}" for slot in BY_SLOT]
# The spec's store (rules-spec, Särskilt driftstöd): 3 000 000 kr → 166 667 kr per year.
SPEC_STORE = {
    "asker": "store", "locality": "Hällnäs", "applicant_kind": "business", "municipality": "Vindeln",
    "municipality_has_service_plan": True, "store_sells_groceries": True, "store_sells_fuel": False,
    "store_kind": "grocery_store", "store_grocery_net_turnover_sek": 3_000_000, "store_article_count": 1500,
    "store_has_all_product_groups": True, "store_opening_hours_per_week": 45,
    "store_open_year_round": True, "store_distance_to_nearest_grocery_store_km": 25,
}
MARKDOWN = re.compile(r"\*\*|^\s*- |\]\(|https?://", re.MULTILINE)
LEFTOVER_PLACEHOLDER = re.compile(r"\{\w*\}")


def tracker(slots: dict | None = None, metadata: dict | None = None) -> dict:
    """A tracker as Rasa 3.6 sends it (DialogueStateTracker.current_state)."""
    return {
        "sender_id": "test-user",
        "slots": {"failed_attempts": 0.0, "requested_slot": None, **(slots or {})},
        "latest_message": {"text": "hej", "intent": {"name": "greet", "confidence": 0.98},
                           "entities": [], "message_id": "m1", "metadata": metadata or {}},
        "latest_event_time": 1767225600.0, "followup_action": None, "paused": False, "events": [],
        "latest_input_channel": "rest", "active_loop": {}, "latest_action": {"action_name": "action_listen"},
        "latest_action_name": "action_listen",
    }


def nlg(response: str, slots: dict | None = None, *, channel: str = "web", lang: str = "sv",
        arguments: dict | None = None, metadata: dict | None = None) -> dict:
    body = {"response": response, "arguments": arguments or {}, "id": None,
            "tracker": tracker({"channel": channel, "language": lang, **(slots or {})}, metadata),
            "channel": {"name": "collector"}}
    reply = client.post("/nlg", json=body)
    assert reply.status_code == 200, reply.text
    return reply.json()


def normalised(text: str) -> str:
    return text.replace("\N{NO-BREAK SPACE}", " ")


def titles(reply: dict) -> list[str]:
    return [button["title"] for button in reply["buttons"]]


def test_greeting_offers_the_three_ways_in():
    reply = nlg("utter_greet")
    assert titles(reply) == ["Kolla mina stöd", "Berätta om stöden", "Prata med en person"]
    assert [button["payload"] for button in reply["buttons"]] == ["/check_supports", "/faq_supports",
                                                                  "/talk_to_person"]
    assert "Länsstyrelsen" in reply["text"] and "fem minuter" in reply["text"]


@pytest.mark.parametrize("channel", ["web", "phone"])
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("response", FORM_QUESTIONS)
def test_every_form_question_renders(response, lang, channel):
    reply = nlg(response, channel=channel, lang=lang)
    assert reply["text"].strip() and not LEFTOVER_PLACEHOLDER.search(reply["text"])
    if channel == "phone":
        assert reply["buttons"] == [] and not MARKDOWN.search(reply["text"])


@pytest.mark.parametrize("slot", [slot for slot, fact in BY_SLOT.items() if fact.answer == "yes_no"])
def test_yes_no_questions_have_yes_no_and_dont_know(slot):
    reply = nlg(f"utter_ask_{slot}")
    assert [(b["title"], b["payload"]) for b in reply["buttons"]] == [("Ja", "Ja"), ("Nej", "Nej"),
                                                                      ("Vet inte", "Vet inte")]
    assert nlg(f"utter_ask_{slot}", channel="phone")["text"].endswith("Säg ja, nej eller vet inte.")


def test_choice_answers_are_their_own_payload_in_the_users_language():
    assert titles(nlg("utter_ask_asker")) == ["Butik", "Mack", "Både butik och mack", "Kommun", "Förening"]
    assert nlg("utter_ask_asker")["buttons"][0]["payload"] == "Butik"
    assert nlg("utter_ask_asker", lang="en")["buttons"][0]["payload"] == "Store"
    assert titles(nlg("utter_ask_store_services"))[-1] == "Inget av dem"
    assert "Säg butik, mack, både butik och mack, kommun eller förening." in nlg(
        "utter_ask_asker", channel="phone")["text"]


def test_progress_passes_through_to_the_widget():
    progress = {"question": 3, "of": 7}
    assert nlg("utter_ask_store_article_count", {"progress": progress})["custom"]["progress"] == progress
    assert "progress" not in nlg("utter_ask_store_article_count")["custom"]
    assert "progress" not in nlg("utter_greet", {"progress": progress})["custom"]


def test_result_for_the_spec_store():
    reply = nlg("utter_result", SPEC_STORE)
    text = normalised(reply["text"])
    assert "166 667 kr per år" in text and "uppskattning" in text
    # The applicant reads the programme's title; the id stays in the widget's data and for caseworkers.
    assert ("Uppskattningen bygger på reglerna i Regionalt serviceprogram 2014–2020 för Västerbotten, "
            "reviderat 2018." in text) and "rsp-vasterbotten-2018" not in text
    cards = {card["support"]: card for card in reply["custom"]["result"]}
    assert cards["sarskilt_driftstod"]["status"] == "eligible"
    assert cards["sarskilt_driftstod"]["amount_sek"] == 166_667
    assert cards["sarskilt_driftstod"]["reasons"] and cards["sarskilt_driftstod"]["apply_to"]
    assert reply["custom"]["ruleset"]["id"] == "rsp-vasterbotten-2018"
    assert reply["custom"]["ruleset"]["title"].startswith("Regionalt serviceprogram 2014–2020")
    assert [b["payload"] for b in reply["buttons"]] == [
        "/prepare_draft", "/explain_result", "/talk_to_person", "/start_over"]


def test_result_on_the_phone_speaks_the_amount():
    # Rounded for the ear to the nearest thousand (166 667 kr); the draft and the sms keep it exact.
    reply = nlg("utter_result", SPEC_STORE, channel="phone")
    assert "cirka etthundrasextiosjutusen kronor per år" in reply["text"]
    assert reply["buttons"] == [] and not MARKDOWN.search(reply["text"])
    assert reply["text"].endswith("Säg mer för detaljer, ansökan för ett utkast, eller sms.")


def test_result_in_english():
    text = normalised(nlg("utter_result", SPEC_STORE, lang="en")["text"])
    assert "166,667 SEK a year" in text and "Special operating support" in text


def test_explanation_names_every_check_and_its_source():
    text = nlg("utter_explain_result", SPEC_STORE)["text"]
    assert "Källa: Bilaga 1, Särskilt driftstöd" in text and "**Uppfyllt:**" in text


def test_summary_lists_the_answers_and_asks_to_confirm():
    reply = nlg("utter_summary", {**SPEC_STORE, "special_reasons": "unknown"})
    text = normalised(reply["text"])
    for line in ("Kommun: **Vindeln**", "Antal artiklar: **1 500 artiklar**",
                 "Försäljning av dagligvaror förra året: **3 000 000 kr**", "Öppet: **45 timmar per vecka**",
                 "Säljer drivmedel: **Nej**", "Särskilda skäl: **Vet inte**", "Ort: **Hällnäs**"):
        assert line in text
    assert text.endswith("Stämmer det?")
    assert [b["payload"] for b in reply["buttons"]] == ["/affirm", "/change"]
    spoken = nlg("utter_summary", SPEC_STORE, channel="phone")["text"]
    assert "tre miljoner kronor" in spoken and spoken.endswith("Säg ja eller ändra.")


ESTIMATED_TURNOVER = {**SPEC_STORE, "approximate_slots": ["store_grocery_net_turnover_sek"]}


@pytest.mark.parametrize(("channel", "lang", "expected"), [
    ("web", "sv", "Försäljning av dagligvaror förra året: **ca 3 000 000 kr**"),
    ("web", "en", "**approx. 3,000,000 SEK**"),
    ("phone", "sv", "cirka tre miljoner kronor"),
    ("phone", "en", "about three million kronor"),
])
def test_the_summary_marks_an_estimated_number(channel, lang, expected):
    text = normalised(nlg("utter_summary", ESTIMATED_TURNOVER, channel=channel, lang=lang)["text"])
    assert expected in text
    # Only the estimate: the number of articles was answered exactly.
    assert ("ca 1 500" not in text and "cirka ett" not in text and "approx. 1,500" not in text
            and "about one thousand" not in text)


def test_the_summary_without_estimates_has_no_ca():
    text = normalised(nlg("utter_summary", SPEC_STORE)["text"])
    assert "**3 000 000 kr**" in text and "ca " not in text


def test_the_caseworker_facts_mark_the_estimated_ones():
    facts = {"store": {"grocery_net_turnover_sek": 3_000_000, "article_count": 1500}}
    lines = fact_lines(facts, "sv", ["store.grocery_net_turnover_sek"])
    assert sorted(normalised(line["value"]) for line in lines) == ["1 500 artiklar", "ca 3 000 000 kr"]


def test_what_the_user_typed_cannot_become_markdown():
    assert "Ort: **\\*\\*Storby\\*\\***" in nlg("utter_summary", {"locality": "**Storby**"})["text"]


@pytest.mark.parametrize(("arguments", "expected"), [
    ({"slot": "store_grocery_net_turnover_sek", "value": 3_500_000},
     "Tack, jag har ändrat omsättningen till 3 500 000 kr."),
    ({"slot": "store_distance_to_nearest_grocery_store_km", "value": 12.5},
     "Tack, jag har ändrat avståndet till närmaste andra dagligvarubutik till 12,5 km."),
    ({"slot": "store_open_year_round", "value": "unknown"},
     "Tack, jag har ändrat svaret om öppet året runt till vet inte."),
])
def test_correction_done_names_what_changed(arguments, expected):
    assert normalised(nlg("utter_correction_done", arguments=arguments)["text"]) == expected


def test_a_value_given_before_its_question_is_noted_not_changed():
    arguments = {"slot": "home_delivery_net_cost_sek", "value": 90_000, "previous": None}
    assert normalised(nlg("utter_correction_done", arguments=arguments)["text"]) == \
        "Tack, jag har noterat kostnaden för hemsändningen: 90 000 kr."
    assert normalised(nlg("utter_correction_done", lang="en", arguments=arguments)["text"]) == \
        "Thanks, I have noted the cost of home delivery: 90,000 SEK."
    changed = {**arguments, "previous": 80_000}
    assert "har ändrat" in nlg("utter_correction_done", arguments=changed)["text"]


@pytest.mark.parametrize("unknown", ["unknown", "dont_know"])
def test_dont_know_reads_as_words_in_the_summary_never_as_a_code(unknown):
    slots = {**SPEC_STORE, "payment_services_estimated_users": unknown}
    text = nlg("utter_summary", slots)["text"]
    assert "Väntade användare av betaltjänster: **Vet inte**" in text
    assert "dont" not in text and "\\_" not in text and "unknown" not in text
    english = nlg("utter_summary", slots, lang="en")["text"]
    assert "Don't know" in english and "unknown" not in english


def test_the_caseworker_facts_show_an_unknown_count_in_words():
    facts = {"payment_services": {"estimated_users": None}}
    assert fact_lines(facts, "sv") == [{"label": "Väntade användare av betaltjänster", "value": "Vet inte"}]
    assert fact_lines(facts, "en")[0]["value"] == "Don't know"


def test_implausible_answer_repeats_the_value_and_gives_an_example():
    text = normalised(nlg("utter_implausible_answer",
                          arguments={"slot": "store_grocery_net_turnover_sek", "value": 30})["text"])
    assert text.startswith("Stämmer det att omsättningen är 30 kr? Det verkar lågt.")
    assert "2,5 miljoner" in text
    spoken = nlg("utter_implausible_answer", channel="phone",
                 arguments={"slot": "store_opening_hours_per_week", "value": 400})["text"]
    assert "fyrahundra timmar per vecka" in spoken and "högt" in spoken


@pytest.mark.parametrize("slot", ["asker", "locality", *BY_SLOT])
def test_invalid_answer_explains_how_to_answer_every_slot(slot):
    text = nlg("utter_invalid_answer", arguments={"slot": slot})["text"]
    assert text.startswith("Jag förstod inte riktigt.") and not LEFTOVER_PLACEHOLDER.search(text)


def test_the_years_question_is_helped_with_its_own_example_not_articles():
    text = nlg("utter_invalid_answer", arguments={"slot": "service_grant_years_already_received"})["text"]
    assert text == ("Jag förstod inte riktigt. Svara med antalet år, till exempel ”0” om ni aldrig har "
                    "fått det, eller ”två”.")


def test_invalid_answer_without_arguments_uses_the_requested_slot():
    reply = nlg("utter_invalid_answer", {"requested_slot": "store_sells_fuel"})
    assert "Svara ja, nej eller vet inte." in reply["text"] and titles(reply) == ["Ja", "Nej", "Vet inte"]


def test_handoff_gives_the_number_and_spells_it_on_the_phone():
    assert "010-225 40 00" in nlg("utter_handoff")["text"]
    assert "noll ett noll, två två fem, fyra noll, noll noll" in nlg("utter_handoff", channel="phone")["text"]


@pytest.mark.parametrize("channel", ["web", "phone"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_response_renders(lang, channel):
    for name in responses():
        reply = nlg(name, SPEC_STORE, channel=channel, lang=lang)
        assert reply["text"].strip() and not LEFTOVER_PLACEHOLDER.search(reply["text"]), name
        if channel == "phone":
            assert reply["buttons"] == [] and not MARKDOWN.search(reply["text"]), name


def test_every_reply_validates_against_rasas_nlg_schema():
    from jsonschema import validate
    from rasa.core.nlg.callback import nlg_response_format_spec

    for name in responses():
        validate(nlg(name, SPEC_STORE), nlg_response_format_spec())


@pytest.mark.parametrize(("slots", "metadata", "expected"), [
    ({"channel": "phone"}, {"channel": "web"}, "phone"),  # the slot wins
    ({"channel": None}, {"channel": "phone"}, "phone"),  # before the slot is set: the metadata
    ({"channel": None}, {}, "web"),
    ({"channel": "collector"}, {}, "web"),  # Rasa's own channel name is no channel of ours
])
def test_channel_comes_from_the_slot_then_the_metadata(slots, metadata, expected):
    reply = nlg("utter_ask_store_sells_fuel", {**slots, "language": "sv"}, metadata=metadata,
                channel=slots["channel"])
    assert (reply["buttons"] == []) == (expected == "phone")


@pytest.mark.parametrize(("language", "metadata", "expected"), [
    ("en", {"lang": "sv"}, "Hello"), (None, {"lang": "en"}, "Hello"), (None, {}, "Hej")])
def test_language_comes_from_the_slot_then_the_metadata_then_the_default(language, metadata, expected):
    assert nlg("utter_greet", lang=language, metadata=metadata)["text"].startswith(expected)


def test_unknown_response_is_a_clear_404():
    reply = client.post("/nlg", json={"response": "utter_nonexistent", "tracker": tracker()})
    assert reply.status_code == 404 and "utter_nonexistent" in reply.json()["detail"]


def test_registry_has_every_response_the_bot_names():
    """Every utter_ the domain, the rules, the stories or the test stories name is rendered by
    the NLG registry (the domain is split over bot/domain/*.yml)."""
    bot = Path(__file__).resolve().parents[1] / "bot"
    domain_files = sorted((bot / "domain").glob("*.yml"))
    story_files = sorted((bot / "data").rglob("*.yml")) + sorted((bot / "tests").rglob("*.yml"))
    assert domain_files and story_files
    named = {name for path in domain_files + story_files
             for name in re.findall(r"\butter_[a-z0-9_]+", path.read_text(encoding="utf-8"))}
    assert len(named) >= 20
    assert named - set(responses()) == set()


def test_registry_covers_every_form_question_and_the_engines_choices():
    from rules_engine.facts import APPLICANT_KINDS, INVESTMENT_PURPOSES, SERVICES, STORE_KINDS

    assert set(FORM_QUESTIONS) <= set(responses())
    for response, prefix, codes in [("utter_ask_applicant_kind", "applicant_kind", APPLICANT_KINDS),
                                    ("utter_ask_store_kind", "store_kind", STORE_KINDS),
                                    ("utter_ask_store_services", "service", SERVICES),
                                    ("utter_ask_investment_purposes", "purpose", INVESTMENT_PURPOSES)]:
        answers = {button.title for button in responses()[response].buttons}
        assert {f"{prefix}.{code}" for code in codes} <= answers


def test_a_municipality_is_asked_about_its_own_investment_plans():
    to_a_store = nlg("utter_ask_investment_planned", {"asker": "store"})["text"]
    to_the_municipality = nlg("utter_ask_investment_planned", {"asker": "municipality"})["text"]

    assert "ni en investering i butiken eller macken" in to_a_store
    assert to_the_municipality.startswith("Planerar kommunen en investering i en butik eller mack")


def test_a_store_that_sells_no_fuel_is_not_offered_fuel_as_a_service():
    offered = titles(nlg("utter_ask_store_services", {"asker": "store", "store_sells_fuel": False}))
    not_yet_told = titles(nlg("utter_ask_store_services", {"asker": "store"}))
    read_out = nlg("utter_ask_store_services", {"store_sells_fuel": False}, channel="phone")["text"]
    help_text = nlg("utter_invalid_answer", {"store_sells_fuel": False},
                    arguments={"slot": "store_services"})

    assert offered == ["Post", "Paketombud", "Apoteksombud", "Betaltjänster", "Inget av dem"]
    assert "Drivmedel" in not_yet_told
    assert "drivmedel" not in read_out.lower()
    assert "Drivmedel" not in titles(help_text) and "drivmedel" not in help_text["text"].lower()


@pytest.mark.parametrize(("told", "said"), [
    ({"asker": "store", "municipality": "Sorsele"}, "Då vet jag att det gäller en butik i Sorsele kommun."),
    ({"asker": "both"}, "Då vet jag att det gäller en butik med mack."),
    ({"municipality": "Malå"}, "Då vet jag att det gäller Malå kommun."),
    # A municipality's name ending in a consonant takes the genitive s: "Vindelns kommun".
    ({"asker": "municipality", "municipality": "Vindeln"},
     "Då vet jag att det är Vindelns kommun som frågar."),
    ({"asker": "store", "municipality": "Storuman"},
     "Då vet jag att det gäller en butik i Storumans kommun."),
    # Worked out from a village: said with the village, and the invitation to correct it.
    ({"asker": "store", "municipality": "Vindeln", "locality": "Åmsele"},
     "Då vet jag att det gäller en butik i Åmsele i Vindelns kommun. Säg till om det inte stämmer."),
    ({"municipality": "Storuman", "locality": "Tärnaby"},
     "Då vet jag att det gäller Tärnaby i Storumans kommun. Säg till om det inte stämmer."),
    # A village the table does not know: the municipality is asked next.
    ({"asker": "fuel_station", "locality": "Umfors"}, "Då vet jag att det gäller en mack i Umfors."),
])
def test_what_the_opening_message_told_is_said_back(told, said):
    assert nlg("utter_opening_understood", arguments=told)["text"] == said
    assert nlg("utter_opening_understood", channel="phone", arguments=told)["text"] == said


@pytest.mark.parametrize(("told", "said"), [
    ({"locality": "Åmsele", "municipality": "Vindeln"},
     "Åmsele ligger i Vindelns kommun, så jag räknar med Vindeln. Säg till om det inte stämmer."),
    # Names ending in a vowel or in s take no genitive s.
    ({"locality": "Fredrika", "municipality": "Åsele"},
     "Fredrika ligger i Åsele kommun, så jag räknar med Åsele. Säg till om det inte stämmer."),
    ({"locality": "Vännäsby", "municipality": "Vännäs"},
     "Vännäsby ligger i Vännäs kommun, så jag räknar med Vännäs. Säg till om det inte stämmer."),
    ({"locality": "Holmsund", "municipality": "Umeå"},
     "Holmsund ligger i Umeå kommun, så jag räknar med Umeå. Säg till om det inte stämmer."),
])
def test_a_municipality_taken_from_a_village_is_said_with_an_invitation_to_correct_it(told, said):
    # The same sentence reads and sounds right: no buttons, no markup, nothing the phone skips.
    for channel in ("web", "phone"):
        reply = nlg("utter_locality_understood", channel=channel, arguments=told)
        assert (reply["text"], reply["buttons"]) == (said, [])


def test_a_municipality_taken_from_a_village_in_english():
    told = {"locality": "Åmsele", "municipality": "Vindeln"}
    assert nlg("utter_locality_understood", lang="en", arguments=told)["text"] == (
        "Åmsele is in Vindeln Municipality, so I will go with Vindeln. Tell me if that is not right.")
    assert nlg("utter_opening_understood", lang="en", arguments={"asker": "store", **told})["text"] == (
        "So this is about a store in Åmsele, Vindeln Municipality. Tell me if that is not right.")


def test_without_its_arguments_the_village_sentence_says_the_conversations_place():
    slots = {"locality": "Hällnäs", "municipality": "Vindeln"}
    assert nlg("utter_locality_understood", slots)["text"].startswith("Hällnäs ligger i Vindelns kommun")
    assert nlg("utter_locality_understood", {"municipality": "Vindeln"})["text"] == ""


def test_an_estimate_is_said_as_one_when_corrected_and_when_read_back():
    corrected = {"slot": "store_grocery_net_turnover_sek", "value": 3_500_000, "approximate": True}
    assert normalised(nlg("utter_correction_done", arguments=corrected)["text"]) == \
        "Tack, jag har ändrat omsättningen till ca 3 500 000 kr."
    waiting = {"value_to_confirm": ["store_grocery_net_turnover_sek", 3_000_000],
               "approximate_slots": ["store_grocery_net_turnover_sek"]}
    heard = nlg("utter_ask_value_confirmation", waiting, channel="phone")["text"]
    assert heard.startswith("Jag uppfattade cirka tre miljoner kronor.")
    exact = nlg("utter_ask_value_confirmation", {**waiting, "approximate_slots": []}, channel="phone")["text"]
    assert exact.startswith("Jag uppfattade tre miljoner kronor.")
