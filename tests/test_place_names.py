"""A municipality named in a sentence: "Vindelns kommun", "Åsele kommun", "Vindeln Municipality"."""

import pytest

from stodkollen.core.place_names import municipality_in_full


@pytest.mark.parametrize(("name", "in_full"), [
    ("Vindeln", "Vindelns kommun"), ("Storuman", "Storumans kommun"), ("Nordmaling", "Nordmalings kommun"),
    ("Bjurholm", "Bjurholms kommun"), ("Åsele", "Åsele kommun"), ("Umeå", "Umeå kommun"),
    ("Malå", "Malå kommun"), ("Norsjö", "Norsjö kommun"), ("Dorotea", "Dorotea kommun"),
    ("Vännäs", "Vännäs kommun"), ("Robertsfors", "Robertsfors kommun"),
    ("Upplands Väsby", "Upplands Väsby kommun"),
    ("Malung-Sälen", "Malung-Sälens kommun"), ("Falun", "Falu kommun"),
])
def test_the_swedish_name_takes_the_genitive_s_after_a_consonant_only(name, in_full):
    assert municipality_in_full(name, "sv") == in_full


def test_the_english_name_is_the_name_and_municipality():
    assert municipality_in_full("Vindeln", "en") == "Vindeln Municipality"

