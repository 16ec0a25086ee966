"""Every message the code uses exists, complete, in Swedish and English."""

import re
import subprocess
import sys

import pytest
from babel.messages.pofile import read_po

from stodkollen.catalogs import ids_from_tables
from stodkollen.core.i18n import LANGUAGES, LOCALES_DIR, has_message, translate

PLACEHOLDER = re.compile(r"(?<!\{)\{(\w+)\}")


def catalog(lang: str):
    with open(LOCALES_DIR / lang / "LC_MESSAGES" / "messages.po", "rb") as file:
        return read_po(file, locale=lang)


def ids_in_code(tmp_path) -> set[str]:
    """What `pybabel extract` finds in the code today, plus the ids built from tables."""
    template = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "N_",
         "-k", "translate", "--no-location", "-o", str(template), "."],
        cwd=LOCALES_DIR.parent, capture_output=True, check=True)
    with open(template, "rb") as file:
        return {message.id for message in read_po(file) if message.id} | set(ids_from_tables())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_in_code_is_translated(lang, tmp_path):
    missing = sorted(message_id for message_id in ids_in_code(tmp_path) if not has_message(message_id, lang))
    assert missing == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalog_has_no_empty_fuzzy_or_obsolete_entries(lang):
    messages = [message for message in catalog(lang) if message.id]
    assert [m.id for m in messages if not m.string or m.fuzzy] == []
    assert list(catalog(lang).obsolete) == []


def test_swedish_and_english_use_the_same_placeholders():
    swedish = {m.id: m.string for m in catalog("sv") if m.id}
    english = {m.id: m.string for m in catalog("en") if m.id}
    assert swedish.keys() == english.keys()
    differing = [message_id for message_id, text in swedish.items()
                 if set(PLACEHOLDER.findall(text)) != set(PLACEHOLDER.findall(english[message_id]))]
    assert differing == []


def test_translate_fills_placeholders():
    assert translate("year.defaulted", "sv", year=2026) == "Inget år angavs, så beräkningen gäller 2026."
    assert translate("year.defaulted", "en", year=2026) == "No year was given, so the estimate is for 2026."
