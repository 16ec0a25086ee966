"""When one message gives several values of one kind, the one a careful person records.

- A cost and what came in against it: the net ("kostnaden var 90 tkr, hushållen betalade
  20 tkr i avgifter" is 70 000).
- A total and a part of it said after: the part ("totalt 4 mkr, dagligvarorna 3,2 av det"),
  since only the grocery part of a turnover counts and a total is said first to be narrowed;
  but a part named as something else than groceries is taken off the total ("5,5 mkr varav
  drivmedel 1,2" is 4,3 miljoner).
- A turnover said with sales that do not count in it and no part given ("8 miljoner, men då
  är bensinen med") is kept, flagged for confirmation: the grocery part must be asked for.
- Distances to what does not count (a kiosk, across a lake, as the crow flies) give way to
  another distance in the same message ("kiosken ligger 2 km bort men affären 3 mil").

Each rule looks at neighbouring values of the same kind only, and words beside each value.
"""

from dataclasses import replace
from decimal import Decimal

from spacy.tokens import Doc

from .quantity import AMOUNT_SEK, CONFIRM_TOTAL, DISTANCE_KM, Quantity, normalised_value

COST_STEMS = ("kostnad", "kostade", "kostar", "brutto", "utgift")
INCOME_STEMS = ("avgift", "intakt", "betala")
TOTAL_BEFORE = {"totalt", "total", "totala", "sammanlagt", "sammanlagd", "tillsammans"}
TOTAL_AFTER = {"inkl", "inklusive", "totalt", "sammanlagt", "tillsammans"}
PART_BEFORE = {"varav"}  # "5 mkr, varav 1 mkr drivmedel": the first is a total
# What a shop sells beside groceries, whose turnover does not count.
NOT_GROCERY_STEMS = ("drivmedel", "bensin", "diesel", "sport", "uthyrning", "spel", "ombud",
                     "provision", "kafe", "cafe", "restaurang", "lotter")
# What a distance may be measured to or along that is not the road to a store that counts.
NOT_COUNTING_STEMS = ("kiosk", "fagelvag", "luftlinje", "sjovag")
NOT_COUNTING_WORDS = frozenset({"sjon", "isen", "fageln"})
# "bensinen är med", "inklusive spel"; but "bensinen är inte med", "exkl. drivmedel".
INCLUDED_WORDS = {"med", "inkl", "inklusive", "ingar", "medraknad", "medraknat"}
EXCLUDED_WORDS = {"inte", "ej", "exkl", "exklusive", "utan", "forutom"}
CLAUSE_BREAKS = {",", ".", ";", "!", "?", "och", "men", "medan", "fast"}
NEAR = 3  # tokens

# A value read with the tokens it was read from: (first token, token after the last, value).
Read = tuple[int, int, Quantity]


def what_counts(doc: Doc, read: list[Read]) -> list[Read]:
    # A total is flagged first, while it is still the only amount: a part said after it wins.
    for rule in (_total_with_other_sales, _net_of_income, _part_of_total, _counting_distances):
        read = rule(doc, read)
    return read


def _neighbours(read: list[Read], kind: str):
    """Indexes of each value of `kind` and the next one of that kind."""
    indexes = [index for index, value in enumerate(read) if value[2].kind == kind]
    return zip(indexes, indexes[1:], strict=False)


def _net_of_income(doc: Doc, read: list[Read]) -> list[Read]:
    for first_at, second_at in _neighbours(read, AMOUNT_SEK):
        first, second = read[first_at], read[second_at]
        if second[2].value < first[2].value and _near(doc, first, COST_STEMS) \
                and _near(doc, second, INCOME_STEMS):
            return _difference(doc, read, first_at, second_at)
    return read


def _part_of_total(doc: Doc, read: list[Read]) -> list[Read]:
    for first_at, second_at in _neighbours(read, AMOUNT_SEK):
        first, second = read[first_at], read[second_at]
        if second[2].value >= first[2].value or not (_is_total(doc, first) or _is_part(doc, first, second)):
            continue
        if _in_clause(doc, second, NOT_GROCERY_STEMS):
            return _difference(doc, read, first_at, second_at)
        return [value for index, value in enumerate(read) if index != first_at]
    return read


def _difference(doc: Doc, read: list[Read], first_at: int, second_at: int) -> list[Read]:
    """The first value less the second, in place of both."""
    (start, _, whole), (_, end, part) = read[first_at], read[second_at]
    difference = Decimal(str(whole.value)) - Decimal(str(part.value))
    net = replace(whole, value=normalised_value(whole.kind, difference),
                  text=doc.text[whole.start:part.end], end=part.end,
                  approximate=whole.approximate or part.approximate)
    rest = [value for index, value in enumerate(read) if index not in (first_at, second_at)]
    return sorted(rest + [(start, end, net)], key=lambda value: value[0])


def _is_part(doc: Doc, total: Read, part: Read) -> bool:
    """ "5 mkr varav bensin 1,2": "varav" between them."""
    return any(token._.folded in PART_BEFORE for token in doc[total[1]:part[0]])


def _total_with_other_sales(doc: Doc, read: list[Read]) -> list[Read]:
    amounts = [index for index, value in enumerate(read) if value[2].kind == AMOUNT_SEK]
    if len(amounts) != 1 or not any(_said_included(doc, token.i) for token in doc
                                    if any(stem in token._.folded for stem in NOT_GROCERY_STEMS)):
        return read
    (index,) = amounts
    start, end, total = read[index]
    return read[:index] + [(start, end, replace(total, confirm=CONFIRM_TOTAL))] + read[index + 1:]


def _said_included(doc: Doc, index: int) -> bool:
    """ "bensinen är med", "inklusive spel": the words beside the sale say it is included."""
    words = {token._.folded.rstrip(".") for token in doc[max(0, index - NEAR):index + NEAR + 1]}
    return bool(words & INCLUDED_WORDS) and not words & EXCLUDED_WORDS


def _counting_distances(doc: Doc, read: list[Read]) -> list[Read]:
    distances = [value for value in read if value[2].kind == DISTANCE_KM]
    not_counting = [value for value in distances if _to_what_does_not_count(doc, value)]
    if not not_counting or len(not_counting) == len(distances):
        return read
    return [value for value in read if value not in not_counting]


def _near(doc: Doc, value: Read, stems: tuple[str, ...]) -> bool:
    start, end, _ = value
    words = [token._.folded for token in doc[max(0, start - NEAR):start]] + \
        [token._.folded for token in doc[end:end + NEAR]]
    return any(stem in word for word in words for stem in stems)


def _is_total(doc: Doc, value: Read) -> bool:
    return is_total(doc, value[0], value[1])


def is_total(doc: Doc, start: int, end: int) -> bool:
    """ "totalt 5 mkr", "4 mkr inkl. drivmedel": a value said as a total."""
    before = {token._.folded.rstrip(".") for token in doc[max(0, start - 2):start]}
    after = {token._.folded.rstrip(".") for token in doc[end:end + NEAR]}
    return bool(before & TOTAL_BEFORE or after & TOTAL_AFTER)


def _to_what_does_not_count(doc: Doc, value: Read) -> bool:
    """ "en kiosk 2 km bort", "över sjön är det 4 km"."""
    return _in_clause(doc, value, NOT_COUNTING_STEMS, NOT_COUNTING_WORDS)


def _in_clause(doc: Doc, value: Read, stems: tuple[str, ...], words: frozenset = frozenset()) -> bool:
    """A word with one of `stems` (or one of `words`) in the value's own clause."""
    start, end, _ = value
    first = start
    while first > 0 and doc[first - 1]._.folded not in CLAUSE_BREAKS:
        first -= 1
    last = end
    while last < len(doc) and doc[last]._.folded not in CLAUSE_BREAKS:
        last += 1
    return any(token._.folded in words or any(stem in token._.folded for stem in stems)
               for token in doc[first:last])
