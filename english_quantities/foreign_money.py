"""Sums in another currency: "roughly 300 000 euros", "€40k", "$2m".

The programme works in kronor, and converting at a guessed rate would record a figure the
shop owner never gave (english.yml: "do not convert at a guessed rate. Ask for the figure in
SEK from the annual accounts"). Such a number is set aside before amounts are read, so that
not even a money question's expectation turns it into kronor, and the question is asked again.
"""

from spacy.tokens import Doc

from swedish_quantities.measures import measures_in

# Folded; "kr" and "kronor" alone are Swedish, but Norwegian and Danish kroner are no kronor.
CURRENCIES = {"euro", "euros", "eur", "€", "dollar", "dollars", "usd", "$", "pound", "pounds",
              "gbp", "£", "nok", "dkk"}


def read_foreign_money(doc: Doc, blocked: set[int], expected: str | None):
    """No quantities; the tokens of every number with a foreign currency before or after it."""
    taken: set[int] = set()
    for measure in measures_in(doc, blocked)[0]:
        after = measure.end if measure.end < len(doc) and _currency(doc, measure.end) else None
        before = measure.start - 1 if measure.start and _currency(doc, measure.start - 1) else None
        if after is not None or before is not None:
            taken.update(range(measure.start, measure.end))
            taken.update(index for index in (after, before) if index is not None)
    return [], taken


def _currency(doc: Doc, index: int) -> bool:
    return doc[index]._.folded in CURRENCIES
