"""Every sentence a user reads or hears comes from the gettext catalogs in `locales/`.

Code refers to a message by its id (`N_("D2.failed")` marks it for `pybabel extract`);
the Swedish catalog is the original, the English one its translation. Catalogs are read
from the compiled `.mo` when it is up to date, otherwise compiled in memory from the `.po`,
so a fresh checkout works before `make locales` has run.
"""

import gettext
from functools import cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

# The catalogs live in locales/ at the top of the checkout, where translators find them;
# stodkollen/core/locales links there, so the core reads them as its own files and the
# wheel ships them inside the package (pyproject.toml). Resolved, so that in a checkout it is
# locales/ itself, whose parent is the checkout (catalogs.py runs pybabel from there).
LOCALES_DIR = (Path(__file__).resolve().parent / "locales").resolve()
DOMAIN = "messages"
LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"


def N_(message_id: str) -> str:
    """Marks a message id for extraction without translating it yet."""
    return message_id


@cache
def catalog(lang: str) -> gettext.GNUTranslations:
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    po_path = LOCALES_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    mo_path = po_path.with_suffix(".mo")
    if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
        with open(mo_path, "rb") as compiled:
            return gettext.GNUTranslations(compiled)
    with open(po_path, "rb") as source:
        compiled = BytesIO()
        write_mo(compiled, read_po(source, locale=lang))
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def translate(message_id: str, lang: str = DEFAULT_LANGUAGE, **params) -> str:
    text = catalog(lang).gettext(message_id)
    return text.format(**params) if params else text


def has_message(message_id: str, lang: str) -> bool:
    return catalog(lang).gettext(message_id) != message_id
