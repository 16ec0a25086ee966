"""Jinja2 for the longer replies, with `_()` bound to our gettext catalogs.

One environment per language, so that concurrent requests in different languages never
share a gettext callable. The templates write Markdown or plain speech, not HTML (the
widget renders text safely); autoescape is on for any HTML template that may come.
"""

import re
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from stodkollen.core.i18n import translate

TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "templates"
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#<>|])")


def escape_markdown(text) -> str:
    """What a user typed (a locality) must not turn into emphasis or a link."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


@cache
def environment(lang: str) -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES_DIR), extensions=["jinja2.ext.i18n"],
                      autoescape=select_autoescape(["html", "xml"]), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    # Our catalogs use {name} placeholders (str.format), hence plain callables, not newstyle.
    env.install_gettext_callables(
        gettext=lambda message_id, **params: translate(message_id, lang, **params),
        ngettext=lambda singular, plural, n, **params: translate(singular if n == 1 else plural, lang,
                                                                 n=n, **params),
        newstyle=False)
    env.filters["md"] = escape_markdown
    return env


def render_template(name: str, lang: str, **context) -> str:
    return environment(lang).get_template(name).render(**context).strip()
