"""Free text that looks like personal data, masked before review shows or exports it.

Shop owners type and say things nobody asked for: a personnummer, a phone number, an e-mail
address (on the phone spoken with "snabel-a"), their name. Review keeps the user's words to
learn from them, so each of these is replaced by a placeholder naming what was there. Masking
errs on the side of too much: a word after "jag heter" is masked even if it was no name.

The order matters: an address's digits would otherwise be taken for a phone number, and a
personnummer (ten or twelve digits, a dash) for one too. Ten digits in a row starting with 07
can be either; they are masked as a personnummer, masked all the same.
"""

import re

PERSONNUMMER, PHONE, EMAIL, NAME, NUMBER = "[personnummer]", "[telefon]", "[e-post]", "[namn]", "#"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
# "anna punkt lind snabel-a gmail punkt com", as a speech recogniser writes an address.
_SPOKEN_EMAIL = re.compile(r"(?:\w+(?:\s+(?:punkt|streck|understreck)\s+\w+)*)\s+snabel-?\s?a\s+\w+"
                           r"(?:\s+punkt\s+\w+)+", re.IGNORECASE)
# ÅÅMMDD-NNNN or ÅÅÅÅMMDDNNNN, the dash or plus optional (a space too, as typed on a phone).
_PERSONNUMMER = re.compile(r"(?<![\d-])(?:19|20)?\d{2}(?:0[1-9]|1[0-2])(?:[0-2]\d|3[01])[-+ ]?\d{4}(?![\d-])")
# Swedish numbers: 0 or +46/0046 first, then 6–10 more digits in groups ("070-123 45 67").
_PHONE = re.compile(r"(?<![\w+])(?:\+46|0046|0)[\s-]?\(?\d{1,3}\)?(?:[\s-]?\d){5,9}(?!\d)")
# What comes after these is a name: one word, and the next unless it is a small word ("och").
_NAME = re.compile(r"\b(jag heter|mitt namn är|namnet är|heter jag|my name is|i am called)"
                   r"\s+[\w'-]+(?:\s+(?!(?:och|i|på|från|som|har|driver|men|and|from)\b)[\w'-]+)?",
                   re.IGNORECASE)
# A number said digit by digit on the phone ("noll sju noll ett två tre …"): six digits or more.
_DIGIT_WORD = r"(?:noll|ett|en|två|tre|fyra|fem|sex|sju|åtta|nio)"
_SPOKEN_DIGITS = re.compile(rf"\b{_DIGIT_WORD}(?:\s+{_DIGIT_WORD}){{5,}}\b", re.IGNORECASE)
# Numbers in figures ("3 500 000", "2,5") and in words, for grouping phrasings ("ca # mil").
_DIGITS = re.compile(r"\d+(?:[ .,:]\d+)*")
_NUMBER_WORDS = re.compile(
    r"\b(?:noll|två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|tretton|fjorton|femton|sexton|sjutton|"
    r"arton|nitton|tjugo|trettio|fyrtio|femtio|sextio|sjuttio|åttio|nittio|hundra|tusen|miljon|miljoner|"
    r"halv|halvannan|one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|million)\w*\b",
    re.IGNORECASE)


def _name(match: re.Match) -> str:
    return f"{match.group(1)} {NAME}"


def mask_personal_data(text: str) -> str:
    """The text with personnummer, e-mail addresses, phone numbers and names masked."""
    text = _EMAIL.sub(EMAIL, text)
    text = _SPOKEN_EMAIL.sub(EMAIL, text)
    text = _PERSONNUMMER.sub(PERSONNUMMER, text)
    text = _PHONE.sub(PHONE, text)
    text = _SPOKEN_DIGITS.sub(PHONE, text)
    return _NAME.sub(_name, text)


def mask_numbers(text: str) -> str:
    """Personal data masked, and every number too: "ca 3,5 mil" and "ca 12 mil" are one phrasing."""
    masked = _NUMBER_WORDS.sub(NUMBER, _DIGITS.sub(NUMBER, mask_personal_data(text)))
    return re.sub(r"#(?:\s*(?:komma|och|,)?\s*#)+", NUMBER, masked)  # "tre komma två miljoner" → "#"
