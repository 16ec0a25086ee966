"""Villages named where the municipality is asked: the localities table and how the
understanding layer reads it ("Åmsele" → Vindeln, never Åsele)."""

import pytest
import yaml

from actions.answers import read_locality
from rules_engine.places import find_municipality
from swedish_quantities import parse
from swedish_quantities.localities import (
    LOCALITIES_YAML,
    Locality,
    localities_by_key,
    localities_from,
    locality_municipality,
    proper_locality_name,
)
from swedish_quantities.text import fold

TABLE = yaml.safe_load(LOCALITIES_YAML.read_text(encoding="utf-8"))
PLACED = [(name, municipality) for municipality, names in TABLE.items() for name in names
          if sum(name in others for others in TABLE.values()) == 1]


def test_the_table_names_only_vasterbotten_municipalities_and_no_municipality_as_a_village():
    for municipality, names in TABLE.items():
        assert find_municipality(municipality).in_vasterbotten
        assert names == sorted(names), f"{municipality}: keep the villages in alphabetical order"
        assert not any(find_municipality(name) for name in names)


@pytest.mark.parametrize(("village", "municipality"), [
    ("Åmsele", "Vindeln"), ("Hällnäs", "Vindeln"), ("Tvärålund", "Vindeln"), ("Granö", "Vindeln"),
    ("Sävar", "Umeå"), ("Holmsund", "Umeå"), ("Hörnefors", "Umeå"), ("Obbola", "Umeå"),
    ("Byske", "Skellefteå"), ("Boliden", "Skellefteå"), ("Skelleftehamn", "Skellefteå"),
    ("Tärnaby", "Storuman"), ("Hemavan", "Storuman"), ("Ammarnäs", "Sorsele"), ("Saxnäs", "Vilhelmina"),
    ("Borgafjäll", "Dorotea"), ("Fredrika", "Åsele"), ("Kristineberg", "Lycksele"),
    ("Bastuträsk", "Norsjö"), ("Adak", "Malå"), ("Rundvik", "Nordmaling"), ("Vännäsby", "Vännäs"),
    ("Bygdeå", "Robertsfors"),
])
def test_a_village_lies_in_its_municipality(village, municipality):
    assert locality_municipality(village) == municipality
    assert locality_municipality(fold(village)) == municipality  # "tarnaby", "hallnas"


def test_a_name_in_two_municipalities_is_not_placed():
    # Ersmark is a village in both Umeå and Skellefteå.
    assert locality_municipality("Ersmark") is None
    assert localities_from({"Umeå": ["Storbyn"], "Skellefteå": ["Storbyn"]}) == {
        "storbyn": Locality("Storbyn", None)}


def test_a_village_the_table_lacks_is_not_placed():
    assert locality_municipality("Granån") is None


@pytest.mark.parametrize("table", [
    {"Vindel": ["Åmsele"]},  # a misspelt municipality would quietly lose its villages
    {"Boden": ["Gunnarsbyn"]},  # not in Västerbotten
    {"Vindeln": ["Vindeln"]},  # the municipality's own name stays the municipality
    {"Umeå": ["Åsele"]},
])
def test_a_mistake_in_the_table_stops_loading(table):
    with pytest.raises(ValueError):
        localities_from(table)


@pytest.mark.parametrize(("village", "municipality"), PLACED)
def test_every_village_answered_is_its_municipality_and_never_another(village, municipality):
    for written in (village, fold(village), fold(village).capitalize(), f"i {village}"):
        found = [(q.kind, q.value, q.locality) for q in parse(written, "municipality")]
        assert found == [("municipality", municipality, village)], written


@pytest.mark.parametrize("text", ["Åmsele", "Amsele", "amsele", "i Åmsele", "butiken ligger i Åmsele",
                                  "jag har en affär i Åmsele", "Åmsele by"])
def test_amsele_is_never_asele(text):
    for expected in ("municipality", None):
        assert all(q.value != "Åsele" for q in parse(text, expected)), (text, expected)
    assert [q.value for q in parse("Åsele", "municipality")] == ["Åsele"]
    assert [q.value for q in parse("Asele", "municipality")] == ["Åsele"]


def test_a_municipalitys_own_name_is_never_read_through_the_table():
    for municipality in TABLE:
        (quantity,) = parse(municipality, "municipality")
        assert (quantity.value, quantity.locality) == (municipality, None)


@pytest.mark.parametrize("text", ["Granån", "i Granån", "Ersmark", "butiken ligger i Ersmark", "Ådak"])
def test_a_place_in_no_table_is_not_understood_as_before(text):
    assert parse(text, "municipality") == []


def test_the_contract_names_the_locality_only_where_one_was_named():
    (by_village,) = parse("i Hällnäs")
    assert by_village.to_dict() == {"kind": "municipality", "value": "Vindeln", "text": "Hällnäs",
                                    "start": 2, "end": 9, "approximate": False, "locality": "Hällnäs"}
    (named,) = parse("i Vindeln")
    assert "locality" not in named.to_dict()


def test_every_listed_name_is_loaded():
    assert {name for names in TABLE.values() for name in names} == {
        locality.name for locality in localities_by_key().values()}


@pytest.mark.parametrize(("typed", "proper"), [
    # A name in the table: its spelling there, found folded as people type it.
    ("ammarnäs", "Ammarnäs"), ("AMMARNÄS", "Ammarnäs"), ("hallnas", "Hällnäs"),
    ("tarnaby", "Tärnaby"), ("  Åmsele. ", "Åmsele"), ("i ammarnäs", "Ammarnäs"),
    ("från hällnäs", "Hällnäs"), ("byn Tvärålund", "Tvärålund"), ("ersmark", "Ersmark"),
    # A municipality's own name: its official spelling.
    ("skelleftea", "Skellefteå"), ("vannas", "Vännäs"),
    # Not in the table: the words as typed, each name part capitalised.
    ("övre långträsk", "Övre Långträsk"), ("granån", "Granån"),
    ("nedre ström i viken", "Nedre Ström i Viken"),
    ("björn och stenbyn", "Björn och Stenbyn"), ("LILLA KÄLLBERG", "Lilla Källberg"),
    ("kåge-byske", "Kåge-Byske"), ("i östra ytterberg", "Östra Ytterberg"),
])
def test_a_locality_is_given_its_proper_written_form(typed, proper):
    assert proper_locality_name(typed) == proper


@pytest.mark.parametrize("typed", ["", "   ", " . "])
def test_an_empty_locality_has_no_name(typed):
    assert proper_locality_name(typed) is None


def test_every_listed_village_typed_folded_gets_the_tables_spelling():
    assert PLACED
    for village, _ in PLACED:
        assert proper_locality_name(fold(village)) == village


@pytest.mark.parametrize(("text", "village"), [
    ("vi är i Kittelfjell", "Kittelfjäll"),  # ä written as it sounds
    ("lanthandel i hellnäs", "Hällnäs"),
    ("Macken i Blattniksele", "Blattnicksele"),  # a letter fewer, as it sounds
    ("om sele", "Åmsele"),  # heard by a speech recogniser, in two words
])
def test_a_village_spelt_as_it_sounds_is_that_village_where_a_place_is_meant(text, village):
    assert read_locality(text, "sv") == village


@pytest.mark.parametrize(("text", "village"), [
    ("Jag har en butik på Holmön. Vi har ingen bro.", "Holmön"),
    ("Tjenare, Tärnaby Fjällhandel här.", "Tärnaby"),  # a store named after its village
])
def test_a_village_is_read_on_an_island_and_in_a_stores_name(text, village):
    assert [q.locality for q in parse(text)] == [village]


def test_a_word_that_only_sounds_like_a_village_where_no_place_is_meant_is_not_one():
    assert parse("vi har ett omsele") == []
