"""The result cards (the NLG's custom.result, drawn by the widget instead of the text) carry
what the text says: the year the calculation used and that it is an estimate, no decision."""

from test_nlg import SPEC_STORE, nlg, normalised

from rules_engine.parameters import last_supported_year


def test_the_cards_carry_the_year_and_the_caveat_the_text_gives():
    for lang, year_note, caveat in (
            ("sv", "Inget år angavs, så beräkningen gäller", "uppskattning, inget beslut"),
            ("en", "No year was given, so the estimate is for", "estimate, not a decision")):
        reply = nlg("utter_result", SPEC_STORE, lang=lang)
        custom = reply["custom"]
        assert custom["year"] <= last_supported_year() and custom["notes"]
        notes = normalised(" ".join(custom["notes"]))
        assert caveat in notes and str(custom["year"]) in notes
        assert year_note in notes
        # the same sentences as under the text the cards replace
        assert all(note in normalised(reply["text"]) for note in map(normalised, custom["notes"]))
