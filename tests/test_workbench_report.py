"""The report's words for what a conversation found, from a ConversationRun made as the
runner makes it (the live runs are in tests/e2e/test_scenarios_e2e.py)."""

from rules_engine import evaluate
from workbench.conversation import BOT, USER, ConversationRun
from workbench.markdown import render_markdown
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


def test_the_transcript_shows_the_bots_markdown_as_the_widget_does_and_no_html_ever():
    outcome = _outcome()
    outcome.conversation.transcript = [
        (USER, "**inte fet** <b>min text</b>"),
        (BOT, "Du kan få **Hemsändningsbidrag**.\n- ett <script>alert(1)</script>\n- två\n"
              "Läs https://example.se/utkast/abc?x=1&y=2. Klart"),
    ]
    html = render_report([outcome])
    transcript = html[html.index('<div class="transcript">'):]
    assert "Du kan få <strong>Hemsändningsbidrag</strong>." in transcript
    assert "<ul><li>ett &lt;script&gt;alert(1)&lt;/script&gt;</li><li>två</li></ul>" in transcript
    assert ('Läs <a href="https://example.se/utkast/abc?x=1&amp;y=2">https://example.se/utkast/abc?x=1&amp;y=2'
            "</a>. Klart") in transcript  # the full stop ends the sentence, not the address
    assert "<p>**inte fet** &lt;b&gt;min text&lt;/b&gt;</p>" in transcript  # what the user typed is text
    assert "<script>" not in html and "<b>" not in html


def test_the_markdown_subset_escapes_what_it_does_not_render():
    assert render_markdown("**<i>x</i>** och `kod` och [länk](javascript:alert(1))") == (
        "<p><strong>&lt;i&gt;x&lt;/i&gt;</strong> och `kod` och [länk](javascript:alert(1))</p>")
    assert render_markdown('https://x.se/"><script>') == (
        '<p><a href="https://x.se/">https://x.se/</a>&#34;&gt;&lt;script&gt;</p>')
    assert render_markdown("• a\n\n* b") == "<ul><li>a</li></ul><ul><li>b</li></ul>"


def test_signs_the_user_typed_stay_signs():
    """The NLG escapes what users typed (service/nlg/templates.py escape_markdown): "\\*" is a
    star to show, never markup and never a visible backslash."""
    assert render_markdown("Ort: **Kåge\\_by \\*2 \\<3**") == "<p>Ort: <strong>Kåge_by *2 &lt;3</strong></p>"
    assert render_markdown("\\* ingen punkt") == "<p>* ingen punkt</p>"
