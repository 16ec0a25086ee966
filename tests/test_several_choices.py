"""A "Välj en eller flera" question tells the widget so (custom.several), with the answer that
stands alone ("Inget av dem"); other questions and the phone get no such thing."""

from test_nlg import nlg


def test_several_choices_are_marked_for_the_widget():
    for response, lang, alone in (("utter_ask_store_services", "sv", "Inget av dem"),
                                  ("utter_ask_investment_purposes", "en", "None of them")):
        reply = nlg(response, lang=lang)
        assert reply["custom"]["several"] == {"alone": [alone]}
        assert alone in [button["title"] for button in reply["buttons"]]
    assert "several" not in nlg("utter_ask_store_services", channel="phone")["custom"]
    assert "several" not in nlg("utter_ask_store_sells_fuel")["custom"]  # one answer: ja, nej, vet inte
