"""The report's words for what a conversation found, from a ConversationRun made as the
runner makes it (the live runs are in tests/e2e/test_scenarios_e2e.py)."""

from rules_engine import evaluate
from workbench.conversation import BOT, USER, ConversationRun
from workbench.report import ScenarioOutcome, chart_fact, describe_mismatch, render_report
from workbench.scenario import Expected, Mismatch, Scenario, run_scenario

FACTS = {"year": 2025, "applicant_kind": "municipality", "municipality": "Sorsele",
         "municipality_has_service_plan": True, "store": {"kind": "service_point"},
         "investment": {"planned": False}, "home_delivery": {"net_cost_sek": 60000, "deliveries": 900}}


def _outcome() -> ScenarioOutcome:
    scenario = Scenario("hemsandning", "Hemsändning i Sorsele", "", FACTS,
                        {"hemsandningsbidrag": Expected("eligible", 30000)}, ["Hej", "ja"])
    said = dict(FACTS, home_delivery={"net_cost_sek": 50000, "deliveries": 900})
    conversation = ConversationRun(
        sender="s", transcript=[(USER, "Hej"), (BOT, "Hej! Jag är Stödkollen."), (USER, "ja"),
                                (BOT, "Du kan troligen få 25 000 kr per år.")],
        facts=said, result=evaluate(said, explain=False),
        mismatches=[Mismatch("hemsandningsbidrag", "conversation_amount_sek", 30000, 25000)])
    return ScenarioOutcome(run_scenario(scenario), conversation)


def test_a_conversation_mismatch_is_said_and_highlighted():
    outcome = _outcome()
    assert not outcome.passed and outcome.is_off("hemsandningsbidrag", "conversation_amount_sek")
    html = render_report([outcome])
    assert ("Hemsändningsbidrag: förväntat belopp 30\N{NO-BREAK SPACE}000\N{NO-BREAK SPACE}kr, samtalet "
            "med assistenten gav 25\N{NO-BREAK SPACE}000\N{NO-BREAK SPACE}kr.") in html
    assert '<td class="mismatch">' in html  # the assistant's column for the support
    assert 'class="user"' in html and "Du kan troligen få 25 000 kr per år." in html
    # The fact the conversation got differently is named (as information, not a mismatch).
    assert "(eller inte frågade efter): kommunens nettoutgift för hemsändningen" in html


def test_an_unfinished_conversation_names_the_open_question():
    text = describe_mismatch(Mismatch("", "conversation_unfinished", None, "store_article_count"), "sv")
    assert "frågade om" in text and "artiklar" in text


def test_a_scenario_without_numbers_gets_no_chart():
    assert chart_fact({"municipality": "Vindeln"}) is None
    assert chart_fact(FACTS) == "home_delivery.net_cost_sek"
