"""Yes, no and "don't know" in everyday Swedish: "japp", "nä", "stämmer inte", "ingen aning".

Phrases are matched on folded tokens; the longest wins, so "stämmer inte" is a no and
"tror inte det" a hesitant no. One answer is returned: "don't know" if said at all ("nej,
vet inte"), otherwise the first.
"""

from functools import cache

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .quantity import YES_NO, Quantity
from .text import typed_form_pattern, vocab

YES, NO, DONT_KNOW = "yes", "no", "dont_know"
PHRASES = {
    YES: ["ja", "jaa", "jaaa", "japp", "jepp", "jupp", "jo", "joo", "jodå", "jadå", "javisst",
          "jajamen", "jajamensan", "ja visst", "ja tack", "självklart", "yes", "yep", "jep",
          "stämmer", "det stämmer", "stämmer bra", "helt rätt", "det gör vi", "det har vi",
          "det är det", "det gör det"],
    NO: ["nej", "nä", "nää", "näe", "nej tack", "nope", "nix", "icke", "nejdå", "nej då",
         "näpp", "inte alls", "absolut inte", "verkligen inte", "inte riktigt", "stämmer inte",
         "stämmer int", "det stämmer inte", "inte korrekt", "inte rätt", "visst inte",
         "det gör vi inte", "det har vi inte", "har vi inte", "har inte", "inget jag kan komma på",
         "inget som jag vet", "inte vad jag kan komma på"],
    DONT_KNOW: ["vet inte", "vet ej", "vetej", "vetinte", "vet int", "ve inte", "vete",
                "ingen aning", "ingen koll", "har ingen koll", "ingen susning", "oklart",
                "osäker", "osäkert", "inte säker", "inte säkert", "minns inte", "minns ej",
                "kommer inte ihåg", "svårt att säga", "vete tusan", "vete fan", "vete katten",
                "nja", "inte koll", "ingen aning alls",
                # the inverted order of speech: "det vet jag inte", "inte vad jag vet", "veit int"
                "vet jag inte", "vet vi inte", "vet jag int", "vet jag faktiskt inte", "vet jag faktiskt int",
                "vet jag inte riktigt", "vet jag ej", "inte vad jag vet",
                "inte vad vi vet", "veit int", "veit inte", "vet itt", "vet inte riktigt"],
}
# Hesitant answers: understood, but flagged as approximate.
HESITANT = {YES: ["tror det", "tror att det", "tror så"],
            NO: ["tror inte det", "tror inte", "tror ej"]}
# Words that answer a question on their own but mean something else inside a sentence
# ("exakt 3 miljoner", "rätt mycket", "3 miljoner kanske").
ALONE_ONLY = {YES: ["absolut", "visst", "precis", "exakt", "rätt", "korrekt", "mm", "mhm",
                    "aa", "okej", "ok"],
              NO: ["fel"], DONT_KNOW: ["kanske", "kanske det"]}
# Only when the question was a yes/no question: "inte", "aldrig", "har vi".
WHEN_ASKED = {YES: ["har vi", "gör vi", "finns", "har"],
              NO: ["inte", "ej", "int", "aldrig", "inga", "ingen"]}
GROUPS = {"plain": PHRASES, "hesitant": HESITANT, "alone": ALONE_ONLY, "asked": WHEN_ASKED}
# "finns inte", "har vi ingen", "finns det inga": a yes-word of WHEN_ASKED denied by the word
# after it (or the one after that) is a no, longer than the yes it contains so it wins.
DENIED = {"verbs": ["finns", "har", "gor"],
          "negations": ["inte", "ej", "int", "ingen", "inga", "inget", "aldrig"]}


@cache
def _matcher() -> Matcher:
    matcher = Matcher(vocab())
    for group, phrases_by_answer in GROUPS.items():
        for answer, phrases in phrases_by_answer.items():
            patterns = [[typed_form_pattern(word) for word in phrase.split()]
                        for phrase in phrases]
            matcher.add(f"{group}:{answer}", patterns)
    verb, negation = ({"_": {"folded": {"IN": DENIED[words]}}} for words in ("verbs", "negations"))
    matcher.add(f"asked:{NO}", [[verb, negation], [verb, {"IS_ALPHA": True}, negation]])
    return matcher


def read_yes_no(doc: Doc, blocked: set[int], expected: str | None) -> list[Quantity]:
    spans = [
        span for match_id, start, end in _matcher()(doc)
        if not any(index in blocked for index in range(start, end))
        and _counts(span := Span(doc, start, end, label=match_id), expected)
    ]
    answers = filter_spans(spans)
    if not answers:
        return [], set()
    # "har ingen aning": the "don't know" wins even where a longer no overlaps it.
    dont_know = [span for span in spans if span.label_.endswith(DONT_KNOW)]
    chosen = min(dont_know, key=lambda span: (span.start, -len(span))) if dont_know else answers[0]
    group, answer = chosen.label_.split(":")
    quantity = Quantity(YES_NO, answer, chosen.text, chosen.start_char, chosen.end_char,
                        approximate=group == "hesitant")
    return [quantity], set(range(chosen.start, chosen.end))


def _counts(span: Span, expected: str | None) -> bool:
    group = span.label_.split(":")[0]
    if group == "asked":
        return expected == YES_NO
    if group == "alone":
        return _alone(span)
    return True


def _alone(span: Span) -> bool:
    doc = span.doc
    before_ok = span.start == 0 or doc[span.start - 1].is_punct
    after_ok = span.end == len(doc) or doc[span.end].is_punct
    return before_ok and after_ok
