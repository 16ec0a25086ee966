"""The bot's Markdown as the widget shows it (web_widget/stodkollen-widget.js, `markdown()`):
**bold**, one paragraph a line, lines starting "- ", "* " or "• " as a list, and http(s)
addresses as links. Everything else is text: escaped here, so no HTML in a reply ever
reaches the report as HTML."""

import re

from markupsafe import Markup, escape

BOLD = re.compile(r"\*\*(.+?)\*\*")
LIST_ITEM = re.compile(r"^\s*[-*•]\s+(.*)$")
URL = re.compile(r"https?://[^\s<>\"]+")
# Punctuation after an address ends the sentence, not the address (as in the widget).
URL_TAIL = re.compile(r"[.,:;!?)]+$")
# A backslash before a sign is a sign the user typed (service/nlg/templates.py escapes them):
# set aside as a private-use character while the markup is read, then shown as the sign.
ESCAPABLE = "\\`*_[]#<>|"
ESCAPED = re.compile(r"\\([\\`*_\[\]#<>|])")
SET_ASIDE = re.compile("[\ue000-\ue009]")


def _set_aside(text: str) -> str:
    return ESCAPED.sub(lambda match: chr(0xE000 + ESCAPABLE.index(match.group(1))), text)


def _text(text: str) -> Markup:
    return escape(SET_ASIDE.sub(lambda match: ESCAPABLE[ord(match.group()) - 0xE000], text))


def _linked(text: str) -> Markup:
    parts, last = [], 0
    for match in URL.finditer(text):
        url = URL_TAIL.sub("", match.group())
        parts += [_text(text[last:match.start()]), Markup('<a href="{0}">{0}</a>').format(url)]
        last = match.start() + len(url)
    return Markup("").join([*parts, _text(text[last:])])


def _inline(text: str) -> Markup:
    # re.split with one group alternates text and what stood between ** and **, as the widget's split.
    return Markup("").join(Markup("<strong>{}</strong>").format(_linked(part)) if index % 2 else _linked(part)
                           for index, part in enumerate(BOLD.split(text)))


def render_markdown(text: str) -> Markup:
    blocks: list[Markup] = []
    items: list[Markup] = []
    for line in re.split(r"\r?\n", _set_aside(str(text))):
        item = LIST_ITEM.match(line)
        if item:
            items.append(Markup("<li>{}</li>").format(_inline(item[1])))
            continue
        if items:
            blocks.append(Markup("<ul>{}</ul>").format(Markup("").join(items)))
            items = []
        if line.strip():
            blocks.append(Markup("<p>{}</p>").format(_inline(line)))
    if items:
        blocks.append(Markup("<ul>{}</ul>").format(Markup("").join(items)))
    return Markup("").join(blocks)
