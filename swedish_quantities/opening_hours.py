"""Opening schedules → hours per week: "vardagar 9–18 och lördagar 10–14" is 5 × 9 + 4 = 49.

A schedule is read as a row of items — day sets ("mån-fre", "helger", "alla dagar"), clock
ranges ("9–18", "kl 10 till 14") and "stängt" — and each day set is paired with the clock
range (or "stängt") right before or after it. A later pair overrides an earlier one for the
same day, as in "vardagar 9–18, fredagar 9–20".
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from spacy.tokens import Doc

from .number_words import word_pieces
from .quantity import HOURS_PER_WEEK, Quantity, normalised_value
from .units import unit_for

WEEK = frozenset(range(7))
WEEKDAYS = frozenset(range(5))
WEEKEND = frozenset({5, 6})
DAY_WORDS = {
    0: ["mandag", "mandagar", "mandagen", "mandagarna", "man", "ma"],
    1: ["tisdag", "tisdagar", "tisdagen", "tisdagarna", "tis", "ti"],
    2: ["onsdag", "onsdagar", "onsdagen", "onsdagarna", "ons", "on"],
    3: ["torsdag", "torsdagar", "torsdagen", "torsdagarna", "tors", "tor", "to"],
    4: ["fredag", "fredagar", "fredagen", "fredagarna", "fre", "fr"],
    5: ["lordag", "lordagar", "lordagen", "lordagarna", "lor", "lo"],
    6: ["sondag", "sondagar", "sondagen", "sondagarna", "son", "so"],
}
SINGLE_DAYS = {word: day for day, words in DAY_WORDS.items() for word in words}
# Abbreviations that are also ordinary words ("man", "to", "son"): a day only right before a
# clock range or inside a list or range of days.
AMBIGUOUS_DAYS = {"man", "ma", "ti", "on", "to", "tor", "fr", "lo", "son", "so"}
DAY_GROUPS = {
    ("vardagar",): WEEKDAYS, ("vardag",): WEEKDAYS, ("vardagarna",): WEEKDAYS,
    ("vard",): WEEKDAYS, ("veckodagar",): WEEKDAYS, ("veckodagarna",): WEEKDAYS,
    ("helger",): WEEKEND, ("helg",): WEEKEND, ("helgen",): WEEKEND, ("helgerna",): WEEKEND,
    ("alla", "dagar"): WEEK, ("varje", "dag"): WEEK, ("dagligen",): WEEK,
    ("hela", "veckan"): WEEK, ("alla", "veckans", "dagar"): WEEK,
    ("veckans", "alla", "dagar"): WEEK, ("7", "dagar", "i", "veckan"): WEEK,
    ("sju", "dagar", "i", "veckan"): WEEK,
}
DAY_RANGE_LINKS = {"-", "–", "—", "till", "tom", "t.o.m", "t.o.m."}
DAY_LIST_LINKS = {",", "och", "&", "+", "samt"}
CLOSED_WORDS = {"stangt", "stangd", "stangda", "closed", "utom", "forutom"}
CLOCK_PREFIXES = {"kl", "klockan", "fran", "mellan"}
CLOCK_LINKS = {"-", "–", "—", "till"}
CLOCK = re.compile(r"^(\d{1,2})(?:[.:](\d\d))?$")
# A clock range that pairs with no day is still a clock range when it is written like one.
CLOCK_CUES = {"oppet", "oppnar", "stanger", "oppettider", "kl", "klockan"}
MINUTES = re.compile(r"[.:]\d\d$")
MAX_GAP = 3  # "lördagar har vi öppet 10–14"
ALWAYS = (("24", "/", "7"), ("dygnet", "runt"))


@dataclass(frozen=True)
class Item:
    kind: str  # "days", "hours" (a clock range or "stängt") or "always"
    start: int
    end: int
    days: frozenset = frozenset()
    hours: Decimal = Decimal(0)
    ambiguous: bool = False  # a day abbreviation that needs a clock range right after it
    clock_like: bool = False  # minutes, "kl" or "öppet" around it: not a range of numbers


def read_schedules(doc: Doc, blocked: set[int], expected: str | None):
    """The schedule read as hours per week (at most one), and the tokens it took."""
    items = _items(doc, blocked)
    schedule, paired = {}, []
    index = 0
    while index < len(items):
        item = items[index]
        if item.kind == "always":
            schedule.update(dict.fromkeys(WEEK, Decimal(24)))
            paired.append(item)
            index += 1
            continue
        pair = items[index:index + 2]
        if len(pair) == 2 and _pairs(doc, *pair):
            days = next(i for i in pair if i.kind == "days")
            hours = next(i for i in pair if i.kind == "hours")
            schedule.update(dict.fromkeys(days.days, hours.hours))
            paired.extend(pair)
            index += 2
        else:
            index += 1
    taken = {i for item in items if item.kind == "hours" and item.clock_like
             for i in range(item.start, item.end)}
    if not paired or not any(schedule.values()):
        return [], taken
    first, last = paired[0].start, paired[-1].end
    taken.update(range(first, last))
    start, end = doc[first].idx, doc[last - 1].idx + len(doc[last - 1])
    total = sum(schedule.values())
    quantity = Quantity(HOURS_PER_WEEK, normalised_value(HOURS_PER_WEEK, total),
                        doc.text[start:end], start, end)
    return [quantity], taken


def _pairs(doc: Doc, first: Item, second: Item) -> bool:
    if {first.kind, second.kind} != {"days", "hours"}:
        return False
    gap = doc[first.end:second.start]
    if len(gap) > MAX_GAP or any(char.isdigit() or char in ".!?" for char in gap.text):
        return False
    days = first if first.kind == "days" else second
    return not days.ambiguous or (days is first and not gap)


def _items(doc: Doc, blocked: set[int]) -> list[Item]:
    items, position = [], 0
    while position < len(doc):
        item = None if position in blocked else (
            _always(doc, position) or _closed(doc, position) or _clock_range(doc, position)
            or _day_set(doc, position)
        )
        if item is None or any(index in blocked for index in range(item.start, item.end)):
            position += 1
        else:
            items.append(item)
            position = item.end
    return items


def _words(doc: Doc, position: int, count: int) -> tuple[str, ...]:
    return tuple(token._.folded.rstrip(".") or token.text for token in doc[position:position + count])


def _always(doc: Doc, position: int) -> Item | None:
    for words in ALWAYS:
        if _words(doc, position, len(words)) == words:
            return Item("always", position, position + len(words))
    return None


def _closed(doc: Doc, position: int) -> Item | None:
    if _words(doc, position, 1) in {(word,) for word in CLOSED_WORDS}:
        return Item("hours", position, position + 1, hours=Decimal(0))
    return None


def _clock(doc: Doc, position: int) -> Decimal | None:
    match = CLOCK.match(doc[position].text) if position < len(doc) else None
    if match is None or int(match[1]) > 24 or int(match[2] or 0) >= 60:
        return None
    return Decimal(match[1]) + Decimal(match[2] or 0) / 60


def _clock_range(doc: Doc, position: int) -> Item | None:
    start = position
    prefix = _words(doc, position, 1)
    if prefix and prefix[0] in CLOCK_PREFIXES:
        position += 1
    opening = _clock(doc, position)
    links = CLOCK_LINKS | ({"och"} if prefix == ("mellan",) else set())
    if opening is None or position + 1 >= len(doc) or doc[position + 1]._.folded not in links:
        return None
    position += 2
    if _words(doc, position, 1) in {("kl",), ("klockan",)}:
        position += 1
    closing = _clock(doc, position)
    if closing is None:
        return None
    after = doc[position + 1]._.folded if position + 1 < len(doc) else ""
    if unit_for(after) is not None or word_pieces(after):
        return None  # "10-12 timmar", "2-3 miljoner": numbers with a unit, not clock times
    if closing <= opening:  # "9-6" is nine to six in the evening; "0-24" round the clock
        closing += 12 if closing + 12 > opening else 24
    written_as_time = any(MINUTES.search(token.text) for token in doc[start:position + 1])
    cues = {token._.folded.rstrip(".") for token in doc[max(0, start - 2):start + 1]}
    clock_like = written_as_time or bool(cues & CLOCK_CUES)
    return Item("hours", start, position + 1, hours=closing - opening, clock_like=clock_like)


def _day_set(doc: Doc, position: int) -> Item | None:
    first = _days_at(doc, position)
    if first is None:
        return None
    days, end, single = first
    count = 1
    while end + 1 < len(doc):
        link = doc[end]._.folded
        following = _days_at(doc, end + 1)
        if following is None or link not in DAY_RANGE_LINKS | DAY_LIST_LINKS:
            break
        if link in DAY_RANGE_LINKS and single is not None and following[2] is not None:
            days |= {(single + step) % 7 for step in range((following[2] - single) % 7 + 1)}
        else:
            days |= following[0]
        end, single, count = following[1], following[2], count + 1
    ambiguous = count == 1 and _words(doc, position, 1)[0] in AMBIGUOUS_DAYS
    return Item("days", position, end, days=frozenset(days), ambiguous=ambiguous)


def _days_at(doc: Doc, position: int) -> tuple[set, int, int | None] | None:
    """The days named at `position`, where they end, and the day if it is a single one."""
    for words, days in DAY_GROUPS.items():
        if _words(doc, position, len(words)) == words:
            return set(days), position + len(words), None
    word = _words(doc, position, 1)
    if word and word[0] in SINGLE_DAYS:
        return {SINGLE_DAYS[word[0]]}, position + 1, SINGLE_DAYS[word[0]]
    return None
