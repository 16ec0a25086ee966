"""Nothing the phone says is longer than the ear takes in: at most MAX_WORDS words a turn.

A longer reply (the reasons after "mer" for two supports, with the amounts in words) is said
in parts, whole sentences each: the first part ends "Vill du höra mer?", a yes or "mer" says
the next, and a no goes straight to the reply's last sentence, which is what the caller can
say next or the question they are asked. The reply's last sentence always closes its last
part, so what to say next is never cut off. The route keeps the parts still to say with the
call (CallState.held), and drops them as soon as the caller says anything else.
"""

import re

MAX_WORDS = 60
SENTENCES = re.compile(r"[^.?!]*[.?!]+(?=\s|$)|[^.?!]+[^\s.?!][^.?!]*$")


def word_count(texts: list[str]) -> int:
    return sum(len(text.split()) for text in texts)


def sentences(texts: list[str]) -> list[str]:
    """The texts' sentences, in order ("Hej! Jag heter." → "Hej!", "Jag heter.")."""
    return [found.strip() for text in texts for found in SENTENCES.findall(text) if found.strip()]


def in_parts(texts: list[str], asking_more: str, limit: int = MAX_WORDS) -> list[list[str]]:
    """`texts` as parts of whole sentences, each at most `limit` words with `asking_more`
    after every part but the last. One part when it all fits. A single sentence longer than
    a part is a part on its own (the catalogs have none: tests/test_phone_lengths.py)."""
    if word_count(texts) <= limit:
        return [texts]
    budget = limit - word_count([asking_more])
    parts: list[list[str]] = [[]]
    for sentence in sentences(texts):
        if parts[-1] and word_count([*parts[-1], sentence]) > budget:
            parts.append([])
        parts[-1].append(sentence)
    # The last part has no question after it: what fits of the one before goes into it.
    while len(parts) > 1 and word_count([parts[-2][-1], *parts[-1]]) <= limit and len(parts[-2]) > 1:
        parts[-1].insert(0, parts[-2].pop())
    return parts
