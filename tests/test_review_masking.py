"""Masking personal data before review shows or exports a user's words (service/review/masking.py)."""

import pytest

from service.review.masking import EMAIL, NAME, NUMBER, PERSONNUMMER, PHONE, mask_numbers, mask_personal_data

PERSONAL_DATA = [
    ("mitt personnummer är 800101-1234", PERSONNUMMER, "800101-1234"),
    ("19800101-1234 är mitt nummer", PERSONNUMMER, "19800101-1234"),
    ("pnr 198001011234", PERSONNUMMER, "198001011234"),
    ("ring mig på 070-123 45 67", PHONE, "070-123 45 67"),
    ("+46 70 123 45 67 går bra", PHONE, "+46 70 123 45 67"),
    ("butiken har 0935-123 45", PHONE, "0935-123 45"),
    ("noll sju noll ett två tre fyra fem sex sju", PHONE, "noll sju"),
    ("skicka till anna.lind@example.se tack", EMAIL, "anna.lind@example.se"),
    ("anna punkt lind snabel-a gmail punkt com", EMAIL, "gmail"),
    ("Jag heter Anna Lind och driver butiken", NAME, "Lind"),
    ("hej mitt namn är karl-erik", NAME, "karl-erik"),
    ("Namnet är Berit", NAME, "Berit"),
    ("my name is John Smith", NAME, "Smith"),
]


@pytest.mark.parametrize("text, placeholder, hidden", PERSONAL_DATA)
def test_each_kind_of_personal_data_is_masked(text, placeholder, hidden):
    masked = mask_personal_data(text)
    assert placeholder in masked and hidden not in masked
    assert placeholder in mask_numbers(text) and hidden not in mask_numbers(text)


def test_every_kind_is_covered():
    assert {placeholder for _, placeholder, _ in PERSONAL_DATA} == {PERSONNUMMER, PHONE, EMAIL, NAME}


def test_the_words_around_a_name_stay():
    assert mask_personal_data("Jag heter Anna och driver butiken i Ammarnäs") == \
        "Jag heter [namn] och driver butiken i Ammarnäs"


@pytest.mark.parametrize("text", ["omsättningen var 3 500 000 kr", "det är 25 km", "runt 2,5 mil",
                                  "mån–fre 9–18", "vi har 1500 artiklar", "ungefär 30 hushåll"])
def test_answers_without_personal_data_are_left_as_they_are(text):
    assert mask_personal_data(text) == text


@pytest.mark.parametrize("text, masked", [
    ("omsättningen var 3 500 000 kr", f"omsättningen var {NUMBER} kr"),
    ("ca tre komma två miljoner", f"ca {NUMBER}"),
    ("runt 2,5 mil", f"runt {NUMBER} mil"),
    ("mån–fre 9–18", f"mån–fre {NUMBER}–{NUMBER}"),
    ("femton hundra artiklar", f"{NUMBER} artiklar"),
])
def test_numbers_are_masked_for_the_summary_of_phrasings(text, masked):
    assert mask_numbers(text) == masked
