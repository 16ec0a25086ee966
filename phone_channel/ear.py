"""Text for the ear: what the telephony platform's speech synthesis reads holds no digits, no
symbols and no quotes.

The replies are written for the screen first and many are shared ("till exempel ”850 000 kr”",
"minst 1 000 artiklar", "vardagar 9–18"); a synthesiser reads digits and signs its own way
(or not at all), and quotes are silent at best. So every phone text passes through here last,
in the order below, each step reading what the ones before it left:

1. Markdown emphasis and quotes go: they are for the eye.
2. A draft's reference is read in groups: "SK-2026-000019" → "S K, tjugotjugosex, nitton".
3. A phone number is read digit by digit, group by group, as a listener writes it down.
4. A range of numbers is read with "till": "9–18" → "nio till arton".
5. A number, with its unit if it has one ("850 000 kr", "12 km", "90 %"), in words.
6. The signs that are left in words ("@", "&", "+") or as a pause; a dot inside a web or
   e-mail address is "punkt".

The spoken amounts the NLG renders itself ("cirka etthundrasextiosjutusen kronor") need none
of this; it is the net under everything else.
"""

import re

from stodkollen.core.formatting import spoken_number

QUOTES = re.compile(r"[”“„\"«»‘’]|(?<!\w)'|'(?!\w)")
EMPHASIS = re.compile(r"\*\*|__")
REFERENCE = re.compile(r"\b([A-ZÅÄÖ]{2})-(\d{4})-(\d+)\b")
PHONE_NUMBER = re.compile(r"(?<![\d+])0\d{1,3}-\d{2,3}(?: \d{2}){1,3}(?!\d)")
# Numbers as each language writes them (Babel, stodkollen/core/formatting.py): "166 667,5" in
# Swedish; "166,667.5" in English, whose texts also show the Swedish way of answering ("12,5").
SWEDISH_NUMBER = r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
ENGLISH_THOUSANDS = r"\d{1,3}(?:,\d{3})+(?!\d)(?:\.\d+)?"
NUMBER = {"sv": SWEDISH_NUMBER, "en": rf"{ENGLISH_THOUSANDS}|\d+\.\d+|{SWEDISH_NUMBER}"}
RANGE = {lang: re.compile(rf"(?<![\d,.])({number})\s*[–-]\s*({number})(?!\d|,\d)")
         for lang, number in NUMBER.items()}
UNIT_WORDS = {"sv": {"kr": "kronor", "SEK": "kronor", "km": "kilometer", "%": "procent", "st": "stycken",
                     "h": "timmar"},
              "en": {"kr": "kronor", "SEK": "kronor", "km": "kilometres", "%": "per cent", "st": "pieces",
                     "h": "hours"}}
WITH_UNIT = {lang: re.compile(rf"(?<![\d,.])({number})(?:\s*(kr|SEK|km|%|st|h)\b|\s*(%))?")
             for lang, number in NUMBER.items()}
ADDRESS_DOT = re.compile(r"(?<=\w)\.(?=[a-zåäö]{2,}\b)")
SIGNS = {"sv": {"@": " snabel-a ", "&": " och ", "+": " plus ", "=": " är ", "§": " paragraf "},
         "en": {"@": " at ", "&": " and ", "+": " plus ", "=": " is ", "§": " section "}}
DOT = {"sv": " punkt ", "en": " dot "}
# Signs read as a pause: brackets, slashes, dashes between words, list marks.
PAUSES = re.compile(r"\s*[()\[\]{}/|–—•*#<>_~^]\s*")
LIST_DASH = re.compile(r"(?:^|\s)-\s")  # "- **Särskilt driftstöd:**", a list item
NO_EAR = re.compile(r"[0-9\"”“„«»%&@+=§()\[\]{}/|–—•*#<>_~^$€]")


def _number(text: str, lang: str) -> str:
    """"850 000" → 850000, "2,5" → 2.5 ("850,000", "2.5" in English), in words."""
    if lang == "en" and re.fullmatch(ENGLISH_THOUSANDS, text):
        plain = text.replace(",", "")
    else:
        plain = re.sub(r"[ \u00a0\u202f]", "", text).replace(",", ".")
    return spoken_number(float(plain) if "." in plain else int(plain), lang)


def spoken_reference(reference: str, lang: str) -> str:
    """"SK-2026-000019" → "S K, tjugotjugosex, nitton": the letters one by one, the year as a
    year is said, the running number as a number."""
    found = REFERENCE.fullmatch(reference)
    if not found:
        return reference
    letters, year, number = found.groups()
    halves = [spoken_number(int(year[:2]), lang), spoken_number(int(year[2:]), lang)]
    said_year = ("" if lang == "sv" else " ").join(halves)  # "tjugotjugosex", "twenty twenty-six"
    return f"{' '.join(letters)}, {said_year}, {spoken_number(int(number), lang)}"


def spoken_digits(number: str, lang: str) -> str:
    """"010-225 40 00" → "noll ett noll, två två fem, fyra noll, noll noll"."""
    groups = re.split(r"[-\s]+", number.strip())
    return ", ".join(" ".join(spoken_number(int(digit), lang) for digit in group) for group in groups)


def for_the_ear(text: str, lang: str) -> str:
    text = QUOTES.sub("", EMPHASIS.sub("", text))
    text = REFERENCE.sub(lambda found: spoken_reference(found.group(), lang), text)
    text = PHONE_NUMBER.sub(lambda found: spoken_digits(found.group(), lang), text)
    till = {"sv": "till", "en": "to"}[lang]
    text = RANGE[lang].sub(lambda found: f"{_number(found[1], lang)} {till} {_number(found[2], lang)}", text)
    units = UNIT_WORDS[lang]
    text = WITH_UNIT[lang].sub(lambda found: " ".join(
        [_number(found[1], lang)] + ([units[found[2] or found[3]]] if found[2] or found[3] else [])), text)
    text = ADDRESS_DOT.sub(DOT[lang], text)
    for sign, words in SIGNS[lang].items():
        text = text.replace(sign, words)
    text = PAUSES.sub(", ", LIST_DASH.sub(", ", text))
    text = re.sub(r"\s+([,.?!:;])", r"\1", text)
    text = re.sub(r"([.?!:;]),|,([.?!:;,])", r"\1\2", text)
    return re.sub(r"\s{2,}", " ", text).strip(" ,")


def heard_badly(text: str) -> list[str]:
    """What in a phone text the ear would get wrong: digits, symbols, quotes (for tests)."""
    return NO_EAR.findall(text)
