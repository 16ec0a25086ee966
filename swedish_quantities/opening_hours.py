"""Opening schedules → hours per week: "vardagar 9–18 och lördagar 10–14" is 5 × 9 + 4 = 49.

A schedule is read as a row of items — day sets ("mån-fre", "helger", "varannan lördag"),
clock ranges ("9–18", "kl 10 till 14", "halv nio till sex"), "stängt", lunch closures
("lunchstängt 12–13") and a changed opening or closing time ("då öppnar vi kl 10") — and
each day set is paired with the clock range (or "stängt") right before or after it. A later
pair overrides an earlier one for the same day, as in "vardagar 9–18, fredagar 9–20".

Said aloud, hours run to twelve: a closing time at or before the opening one is in the
afternoon ("nio till sex" is 9–18, "tio till tre" 10–15). A clock range that pairs with no
day is still set aside when it is clearly a time of day, so that "nio till arton" is never
averaged into 13,5 hours a week; the week it describes is then not known and nothing is read.
Without any clock range, "fem dagar i veckan, åtta timmar om dagen" is 40 (see weekly_hours).
Hours that change with the season ("sommartid …, resten av året …") are not read: their
average needs the number of weeks each holds.
"""

from dataclasses import dataclass, replace
from decimal import Decimal

from spacy.tokens import Doc

from .clock_times import clock_time
from .number_words import word_pieces
from .quantity import HOURS_PER_WEEK, Quantity, normalised_value
from .units import unit_for
from .weekly_hours import DAY_COUNT_WORDS, read_days_times_hours

WEEK = frozenset(range(7))
WEEKDAYS = frozenset(range(5))
WEEKEND = frozenset({5, 6})
# Each day as written, abbreviated and as said ("lördan", "fredar": the spoken forms of
# "lördagen" and "fredagar").
DAY_STEMS = {0: "man", 1: "tis", 2: "ons", 3: "tors", 4: "fre", 5: "lor", 6: "son"}
SPOKEN_ENDINGS = ("dan", "dar", "da")
DAY_WORDS = {
    0: ["mandag", "mandagar", "mandagen", "mandagarna", "man", "ma", "mand"],
    1: ["tisdag", "tisdagar", "tisdagen", "tisdagarna", "tis", "ti", "tisd"],
    2: ["onsdag", "onsdagar", "onsdagen", "onsdagarna", "ons", "on", "onsd"],
    3: ["torsdag", "torsdagar", "torsdagen", "torsdagarna", "tors", "tor", "to", "torsd"],
    4: ["fredag", "fredagar", "fredagen", "fredagarna", "fre", "fr", "fred"],
    5: ["lordag", "lordagar", "lordagen", "lordagarna", "lor", "lo", "lord"],
    6: ["sondag", "sondagar", "sondagen", "sondagarna", "son", "so", "sond"],
}
SINGLE_DAYS = {
    **{word: day for day, words in DAY_WORDS.items() for word in words},
    **{stem + ending: day for day, stem in DAY_STEMS.items() for ending in SPOKEN_ENDINGS},
}
# Abbreviations that are also ordinary words ("man", "to", "son"): a day only right before a
# clock range or inside a list or range of days.
AMBIGUOUS_DAYS = {"man", "ma", "ti", "on", "to", "tor", "fr", "lo", "son", "so"}
DAY_GROUPS = {
    ("vardagar",): WEEKDAYS, ("vardag",): WEEKDAYS, ("vardagarna",): WEEKDAYS,
    ("vard",): WEEKDAYS, ("vardar",): WEEKDAYS, ("vardan",): WEEKDAYS,
    ("veckodagar",): WEEKDAYS, ("veckodagarna",): WEEKDAYS,
    ("helger",): WEEKEND, ("helg",): WEEKEND, ("helgen",): WEEKEND, ("helgerna",): WEEKEND,
    ("alla", "dagar"): WEEK, ("alla", "dar"): WEEK, ("varje", "dag"): WEEK, ("dagligen",): WEEK,
    ("hela", "veckan"): WEEK, ("alla", "veckans", "dagar"): WEEK,
    ("veckans", "alla", "dagar"): WEEK,
}
# "varannan lördag": open every other week, so half of that day's hours count per week.
EVERY_OTHER = ("varannan", "vartannat")
DAY_RANGE_LINKS = {"-", "–", "—", "till", "tom", "t.o.m", "t.o.m."}
DAY_LIST_LINKS = {",", "och", "&", "+", "samt"}
CLOSED_WORDS = {"stangt", "stangd", "stangda", "closed", "utom", "forutom"}
CLOCK_PREFIXES = {"kl", "klockan", "fran", "mellan"}
CLOCK_LINKS = {"-", "–", "—", "till"}
# A clock range that pairs with no day is still a clock range when it is written like one.
CLOCK_CUES = {"oppet", "oppnar", "stanger", "oppettider", "kl", "klockan"}
# "lunchstängt 12–13", "stängt för lunch 12–13", "lunch 12–13", "stängt 12–13".
BREAK_FILLERS = {"stangt", "stangd", "for", "pa", "lunch", "lunchen", "kl", "klockan",
                 "mellan", "fran"}
LONGEST_BREAK = 2  # hours; "stängt 12–13" is a break, "stängt 9–18" no part of one
# "öppnar vi kl 10", "stänger klockan sex": one end of the day changed.
OPENS, CLOSES = "oppnar", "stanger"
TIME_FILLERS = {"vi", "man", "kl", "klockan", "redan", "forst", "inte", "forran"}
MAX_GAP = 3  # "lördagar har vi öppet 10–14"
SEASON_STEMS = ("sommar", "vinter", "sasong")
WEEK_WORDS = {("i", "veckan"), ("per", "vecka"), ("om", "veckan"), ("varje", "vecka")}
ALWAYS = (("24", "/", "7"), ("dygnet", "runt"))
HALF = Decimal("0.5")
FOLDED_WORDS = "stodkollen_folded_words"  # doc.user_data's key for _folded_words
# Set in doc.user_data by a reader of a language that tells the time on the twelve-hour clock
# (english_quantities): there "open 8 till 10" is a shop's day from 8 am to 10 pm, where a
# Swede would have written 8–22. A closing hour said without minutes is then in the evening
# when the morning reading gives a day shorter than SHORTEST_DAY and the evening one no longer
# than LONGEST_DAY ("10 to 12" stays noon, "6 to 10" stays four hours in the morning).
TWELVE_HOUR_CLOCK = "twelve_hour_clock"
SHORTEST_DAY = Decimal(4)
LONGEST_DAY = Decimal(16)
NOON = Decimal(12)


@dataclass(frozen=True)
class Item:
    # "days", "hours" (a clock range or "stängt"), "always", "break" (closed for a while,
    # e.g. lunch), "opens" or "closes" (one end of the day: `opening` or `closing` holds it)
    kind: str
    start: int
    end: int
    days: frozenset = frozenset()
    every_other: frozenset = frozenset()  # days open every other week
    # A list of days ("mån–fre och lör") as its parts, to share between two clock ranges.
    parts: tuple = ()
    opening: Decimal = Decimal(0)
    closing: Decimal = Decimal(0)
    closed: bool = False
    ambiguous: bool = False  # a day abbreviation that needs a clock range right after it
    clock_like: bool = False  # minutes, "kl", "halv" or "öppet" around it: not numbers

    @property
    def hours(self) -> Decimal:
        return self.closing - self.opening


@dataclass
class Week:
    """The opening time of each day that has one, and what is closed within it."""

    open: dict  # day → (opening, closing, share of the weeks); None where closed
    breaks: list  # (days or None for every open day, hours)
    last_days: frozenset | None = None
    last_range: Item | None = None

    def set(self, days: Item, hours: Item) -> None:
        for day in days.days:
            share = HALF if day in days.every_other else Decimal(1)
            self.open[day] = None if hours.closed else (hours.opening, hours.closing, share)
        self.last_days = days.days
        if not hours.closed:
            self.last_range = hours

    def total(self) -> Decimal:
        hours = {day: (closing - opening, share) for day, times in self.open.items()
                 if times is not None for opening, closing, share in [times]}
        for days, length in self.breaks:
            for day in hours if days is None else days & hours.keys():
                hours[day] = (hours[day][0] - length, hours[day][1])
        return sum((length * share for length, share in hours.values()), Decimal(0))


def read_schedules(doc: Doc, blocked: set[int], expected: str | None):
    """The schedule read as hours per week (at most one), and the tokens it took."""
    items = _items(doc, blocked, expected)
    week, paired = Week({}, []), []
    index = 0
    while index < len(items):
        used = _read_at(doc, items, index, week)
        paired.extend(items[index:index + used])
        index += used or 1
    taken = {i for item in items if item.kind in ("hours", "break") and item.clock_like
             for i in range(item.start, item.end)}
    if not paired or not week.open or not week.total():
        found, days_times_hours = read_days_times_hours(doc, blocked | taken)
        return found, taken | days_times_hours
    first, last = paired[0].start, paired[-1].end
    taken.update(range(first, last))
    if _seasonal(doc, first, last):
        return [], taken
    start, end = doc[first].idx, doc[last - 1].idx + len(doc[last - 1])
    total = week.total()
    quantity = Quantity(HOURS_PER_WEEK, normalised_value(HOURS_PER_WEEK, total),
                        doc.text[start:end], start, end)
    return [quantity], taken


def _seasonal(doc: Doc, first: int, last: int) -> bool:
    """ "sommartid 9–20 alla dagar, resten av året 10–17": hours that change with the season
    average out only over the number of weeks each holds, which is not said."""
    words = [token._.folded for token in doc[max(0, first - MAX_GAP):last + MAX_GAP]]
    return any(stem in word for word in words for stem in SEASON_STEMS)


def _read_at(doc: Doc, items: list[Item], index: int, week: Week) -> int:
    """Apply what starts at items[index] to the week; how many items it used (0: none)."""
    item = items[index]
    if item.kind == "always":
        week.set(Item("days", item.start, item.end, days=WEEK),
                 Item("hours", item.start, item.end, closing=Decimal(24)))
        return 1
    if item.kind == "break":
        week.breaks.append((week.last_days, item.hours))
        return 1
    if item.kind in ("opens", "closes"):
        return _changed_time(doc, items, index, week)
    triple = items[index:index + 3]
    if len(triple) == 3 and _shared_list(doc, *triple):
        # "10–17 mån–fre och lör 10–13": the list's last part goes with the range after it.
        first, days, second = triple
        head, tail = _split(days)
        week.set(head, first)
        week.set(tail, second)
        return 3
    pair = items[index:index + 2]
    if len(pair) == 2 and _pairs(doc, *pair):
        days = next(i for i in pair if i.kind == "days")
        hours = next(i for i in pair if i.kind == "hours")
        week.set(days, hours)
        return 2
    return 0


def _changed_time(doc: Doc, items: list[Item], index: int, week: Week) -> int:
    """ "utom söndag, då öppnar vi kl 10": right after a pair, one end of the day is
    changed for the days just named, the other end kept from the last clock range."""
    item, before = items[index], items[index - 1] if index else None
    if week.last_days is None or week.last_range is None or before is None or before.kind != "days":
        return 0
    if _gap_too_wide(doc, before, item):
        return 0
    opening = item.opening if item.kind == "opens" else week.last_range.opening
    closing = item.closing if item.kind == "closes" else week.last_range.closing
    if closing <= opening:
        return 0
    week.set(Item("days", item.start, item.end, days=week.last_days),
             Item("hours", item.start, item.end, opening=opening, closing=closing))
    return 1


def _pairs(doc: Doc, first: Item, second: Item) -> bool:
    if {first.kind, second.kind} != {"days", "hours"} or _gap_too_wide(doc, first, second):
        return False
    days = first if first.kind == "days" else second
    return not days.ambiguous or (days is first and first.end == second.start)


def _gap_too_wide(doc: Doc, first: Item, second: Item) -> bool:
    gap = doc[first.end:second.start]
    return len(gap) > MAX_GAP or any(char.isdigit() or char in ".!?" for char in gap.text)


def _shared_list(doc: Doc, first: Item, days: Item, second: Item) -> bool:
    return (first.kind == second.kind == "hours" and days.kind == "days" and len(days.parts) > 1
            and not first.closed and not second.closed
            and _pairs(doc, first, days) and _pairs(doc, days, second))


def _split(days: Item) -> tuple[Item, Item]:
    """A list of days cut where a comma stands, or else before its last part: "mån–fre,
    lör och sön" is mån–fre | lör och sön; "mån–fre och lör" is mån–fre | lör."""
    parts, links = days.parts, [link for _, link in days.parts[1:]]
    cut = links.index(",") + 1 if "," in links else len(parts) - 1

    def joined(chosen):
        found = frozenset().union(*(part.days for part, _ in chosen))
        halves = frozenset().union(*(part.every_other for part, _ in chosen))
        return replace(days, days=found, every_other=halves, parts=())

    return joined(parts[:cut]), joined(parts[cut:])


def _items(doc: Doc, blocked: set[int], expected: str | None) -> list[Item]:
    items, position = [], 0
    while position < len(doc):
        item = None if position in blocked else (
            _always(doc, position) or _break(doc, position, expected)
            or _changed_end(doc, position) or _closed(doc, position)
            or _clock_range(doc, position, expected) or _day_set(doc, position)
        )
        if item is None or any(index in blocked for index in range(item.start, item.end)):
            position += 1
        else:
            items.append(item)
            position = item.end
    return _days_except(doc, _joined_ends(doc, items))


EXCEPT_WORDS = {"utom", "forutom"}


def _days_except(doc: Doc, items: list[Item]) -> list[Item]:
    """ "alla dagar utom söndag 9–18": the days said, less the days after "utom", are one set of
    days for the clock range that follows (not Sunday alone). "… utom söndag, då öppnar vi kl
    10" changes Sunday's hours instead (_read_at), so it is left as it is."""
    merged, index = [], 0
    while index < len(items):
        trio = items[index:index + 3]
        changes_an_end = index + 3 < len(items) and items[index + 3].kind in ("opens", "closes")
        excepts = [item.kind for item in trio] == ["days", "hours", "days"] and trio[1].closed \
            and {token._.folded for token in doc[trio[1].start:trio[1].end]} & EXCEPT_WORDS
        if excepts and not changes_an_end:
            kept = trio[0].days - trio[2].days
            merged.append(replace(trio[0], end=trio[2].end, days=kept, every_other=trio[0].every_other & kept,
                                  parts=()))
            index += 3
        else:
            merged.append(items[index])
            index += 1
    return merged


def _joined_ends(doc: Doc, items: list[Item]) -> list[Item]:
    """ "öppnar kl 9 och stänger kl 18" is the clock range 9–18; as in a range, a closing hour at
    or before the opening one is in the afternoon ("öppnar nio och stänger sex", "we open at 9
    and close at 6")."""
    joined, index = [], 0
    while index < len(items):
        pair = items[index:index + 2]
        closing = pair[-1].closing + (NOON if pair[-1].closing <= pair[0].opening else 0)
        if [item.kind for item in pair] == ["opens", "closes"] and not _gap_too_wide(doc, *pair) \
                and closing > pair[0].opening:
            joined.append(Item("hours", pair[0].start, pair[1].end, opening=pair[0].opening,
                               closing=closing, clock_like=True))
            index += 2
        else:
            joined.append(items[index])
            index += 1
    return joined


def _words(doc: Doc, position: int, count: int) -> tuple[str, ...]:
    return tuple(_folded_words(doc)[position:position + count])


def _folded_words(doc: Doc) -> list[str]:
    """Each token's folded form without its final dot (its text if that leaves nothing), made
    once per text: every position is compared with every day and phrase in the tables above,
    and a token's folded form is a spaCy extension, slow to ask for."""
    words = doc.user_data.get(FOLDED_WORDS)
    if words is None:
        words = doc.user_data[FOLDED_WORDS] = [token._.folded.rstrip(".") or token.text for token in doc]
    return words


def _always(doc: Doc, position: int) -> Item | None:
    for words in ALWAYS:
        if _words(doc, position, len(words)) == words:
            return Item("always", position, position + len(words))
    return None


def _closed(doc: Doc, position: int) -> Item | None:
    if _words(doc, position, 1) in {(word,) for word in CLOSED_WORDS}:
        return Item("hours", position, position + 1, closed=True)
    return None


def _break(doc: Doc, position: int, expected: str | None) -> Item | None:
    """ "lunchstängt 12–13", "stängt för lunch 12–13", "lunch 12-13", "stängt 12–13"."""
    word = _words(doc, position, 1)
    if not word or not (word[0].startswith("lunch") or word[0] in ("stangt", "stangd")):
        return None
    after = position + 1
    while after < len(doc) and _words(doc, after, 1)[0] in BREAK_FILLERS:
        after += 1
    closed_for = _clock_range(doc, after, expected)
    if closed_for is None or closed_for.hours <= 0:
        return None
    said_lunch = any(word.startswith("lunch") for word in _words(doc, position, after - position))
    if not said_lunch and closed_for.hours > LONGEST_BREAK:
        return None  # "söndag stängt 9–18 vardagar": closed, then another day's hours
    return replace(closed_for, kind="break", start=position, clock_like=True)


def _changed_end(doc: Doc, position: int) -> Item | None:
    """ "öppnar vi kl 10", "stänger klockan sex": one clock time after the verb."""
    word = _words(doc, position, 1)
    if word not in ((OPENS,), (CLOSES,)):
        return None
    at = position + 1
    while at < len(doc) and _words(doc, at, 1)[0] in TIME_FILLERS:
        at += 1
    time = clock_time(doc, at)
    if time is None or (time.end < len(doc) and doc[time.end]._.folded in CLOCK_LINKS):
        return None  # "öppnar 9–18" is a clock range, read as one
    kind = "opens" if word == (OPENS,) else "closes"
    return Item(kind, position, time.end, opening=time.hour, closing=time.hour, clock_like=True)


def _clock_range(doc: Doc, position: int, expected: str | None) -> Item | None:
    start = position
    prefix = _words(doc, position, 1)
    if prefix and prefix[0] in CLOCK_PREFIXES:
        position += 1
    opening = clock_time(doc, position)
    links = CLOCK_LINKS | ({"och"} if prefix == ("mellan",) else set())
    if opening is None or opening.end >= len(doc) or doc[opening.end]._.folded not in links:
        return None
    position = opening.end + 1
    if _words(doc, position, 1) in {("kl",), ("klockan",)}:
        position += 1
    closing = clock_time(doc, position, closing=True)
    if closing is None:
        return None
    after = doc[closing.end]._.folded if closing.end < len(doc) else ""
    if unit_for(after) is not None or word_pieces(after):
        return None  # "10-12 timmar", "2-3 miljoner": numbers with a unit, not clock times
    close = closing.hour
    if close <= opening.hour:  # "9-6", "nio till sex" is to six in the evening; "0-24" all day
        close += 12 if close + 12 > opening.hour else 24
    elif doc.user_data.get(TWELVE_HOUR_CLOCK) and _evening_meant(opening, closing):
        close += 12
    cues = {token._.folded.rstrip(".") for token in doc[max(0, start - 2):start + 1]}
    clock_like = (opening.with_minutes or closing.with_minutes or bool(cues & CLOCK_CUES)
                  or expected == HOURS_PER_WEEK)
    return Item("hours", start, closing.end, opening=opening.hour, closing=close,
                clock_like=clock_like)


def _evening_meant(opening, closing) -> bool:
    if closing.with_minutes or closing.hour >= NOON:
        return False
    return closing.hour - opening.hour < SHORTEST_DAY and closing.hour + NOON - opening.hour <= LONGEST_DAY


def _day_set(doc: Doc, position: int) -> Item | None:
    first = _days_at(doc, position)
    if first is None:
        return None
    part, end, single = first
    parts = [(part, None)]
    while end < len(doc):
        link = doc[end]._.folded
        # "måndag onsdag fredag": days said one after another are a list too.
        adjacent = None if link in AMBIGUOUS_DAYS else _days_at(doc, end)
        following = adjacent or (_days_at(doc, end + 1) if end + 1 < len(doc) else None)
        if following is None or (adjacent is None and link not in DAY_RANGE_LINKS | DAY_LIST_LINKS):
            break
        if adjacent is None and link in DAY_RANGE_LINKS and single is not None \
                and following[2] is not None:
            days = {(single + step) % 7 for step in range((following[2] - single) % 7 + 1)}
            part = replace(part, days=part.days | days, end=following[0].end)
            parts[-1] = (part, parts[-1][1])
        else:
            parts.append((following[0], "" if adjacent else link))
        end, single = following[1], following[2]
    ambiguous = len(parts) == 1 and parts[0][0].start + 1 == parts[0][0].end \
        and _words(doc, position, 1)[0] in AMBIGUOUS_DAYS
    days = frozenset().union(*(part.days for part, _ in parts))
    halves = frozenset().union(*(part.every_other for part, _ in parts))
    return Item("days", position, end, days=days, every_other=halves, ambiguous=ambiguous,
                parts=tuple(parts))


def _days_at(doc: Doc, position: int) -> tuple[Item, int, int | None] | None:
    """The days named at `position` (as an Item), where they end, and the day if it is a
    single one."""
    counted = _counted_days(doc, position)
    if counted is not None:
        return counted, counted.end, None
    every_other = _words(doc, position, 1)[0] in EVERY_OTHER
    at = position + 1 if every_other else position
    for words, days in DAY_GROUPS.items():
        if _words(doc, at, len(words)) == words:
            end = at + len(words)
            return Item("days", position, end, days=days,
                        every_other=days if every_other else frozenset()), end, None
    word = _words(doc, at, 1)
    if word and word[0] in SINGLE_DAYS:
        day = frozenset({SINGLE_DAYS[word[0]]})
        item = Item("days", position, at + 1, days=day, every_other=day if every_other else frozenset())
        return item, at + 1, None if every_other else SINGLE_DAYS[word[0]]
    return None


def _counted_days(doc: Doc, position: int) -> Item | None:
    """ "3 dar i veckan", "fem dagar i veckan": so many days, unnamed. Which ones does not
    change the sum, so they are taken as the first of the week."""
    count = _words(doc, position, 1)[0]
    pieces = word_pieces(count) if not count.isdigit() else (("add", Decimal(count)),)
    if not pieces or len(pieces) != 1 or pieces[0][0] != "add" or position + 1 >= len(doc):
        return None
    days = pieces[0][1]
    if doc[position + 1].text.casefold() not in DAY_COUNT_WORDS or not 0 < days <= len(WEEK):
        return None
    end = position + 2
    if _words(doc, end, 2) in WEEK_WORDS:
        end += 2
    return Item("days", position, end, days=frozenset(range(int(days))))
