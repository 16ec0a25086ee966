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


def _linked(text: str) -> Markup:
    parts, last = [], 0
    for match in URL.finditer(text):
        url = URL_TAIL.sub("", match.group())
        parts += [escape(text[last:match.start()]), Markup('<a href="{0}">{0}</a>').format(url)]
        last = match.start() + len(url)
    return Markup("").join([*parts, escape(text[last:])])


def _inline(text: str) -> Markup:
    # re.split with one group alternates text and what stood between ** and **, as the widget's split.
    return Markup("").join(Markup("<strong>{}</strong>").format(_linked(part)) if index % 2 else _linked(part)
                           for index, part in enumerate(BOLD.split(text)))


def render_markdown(text: str) -> Markup:
    blocks: list[Markup] = []
    items: list[Markup] = []
    for line in re.split(r"\r?\n", str(text)):
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
