"""Scripted phone calls (tests/phone_calls/*.yaml) played against the service's phone route.

A script is a caller's number and a list of turns. Each turn sends one request, exactly one
of `speech`, `digits` or `event`, on call number `call` (1 unless given; a new number is a
new call from the same phone, to test resuming), from the script's number unless the turn
gives its own `caller`, and may check the reply:

    says: [words the reply must contain]         never_says: [words it must not contain]
    expected_input: speech | digits | yes_no     transfer: true|false    hang_up: true|false
    ssml_has: [words the SSML must contain]       says_code: true (the caller's resume code)
    max_words: 60 (a reply longer than a mid-form answer's 40 words, such as the result)
    sms_has: [words the reply's sms must contain, "to" and "text"; without it, no sms]

The resume code the assistant gives ("Din kod är fyra, sju, ett, nio.") is remembered for the
rest of the script: `{code}` in a turn's speech is the code in words as heard ("fyra sju ett
nio"), in its digits the code keyed ("4719"); `{wrong_code}` is a code that is not it.
Comparisons ignore case and treat Babel's no-break spaces as spaces.
"""

import re
from pathlib import Path
from xml.etree import ElementTree

import httpx
import yaml

from phone_channel.ear import heard_badly

SCRIPTS_DIR = Path(__file__).resolve().parents[1] / "phone_calls"
INPUTS = ("speech", "digits", "event")
CHECKS = ("says", "never_says", "expected_input", "transfer", "hang_up", "ssml_has", "says_code", "sms_has",
          "max_words")
# Every reply, whatever the turn checks: made for the ear (no digits, signs or quotes), short
# (a mid-form reply under 40 words; a turn that reads a result says its own `max_words`), and
# SSML 1.1 that an XML parser reads, with no element SSML does not define.
MID_FORM_WORDS = 40
# The phone's own greeting (greet.phone): what the call does and what to say, at most 30 words.
GREETING_WORDS = 31
SSML = "{http://www.w3.org/2001/10/synthesis}"
SSML_ELEMENTS = {f"{SSML}{name}" for name in ("speak", "p", "s")}
CODE_SAID = re.compile(r"din kod är (\w+), (\w+), (\w+), (\w+)\.")
DIGIT_WORDS = {"noll": "0", "ett": "1", "två": "2", "tre": "3", "fyra": "4", "fem": "5", "sex": "6",
               "sju": "7", "åtta": "8", "nio": "9"}


def scripts() -> list[Path]:
    return sorted(SCRIPTS_DIR.glob("*.yaml"))


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _plain(text: str) -> str:
    return text.replace("\N{NO-BREAK SPACE}", " ").casefold()


def code_said(reply: dict) -> list[str] | None:
    """The resume code in the reply, as its digit words, if it says one."""
    found = CODE_SAID.search(_plain(reply["text"]))
    return list(found.groups()) if found else None


def _with_code(value: str, name: str, code: list[str] | None) -> str:
    """`{code}` the code, `{wrong_code}` one that is surely not it (each digit one more)."""
    if "code}" not in value:
        return value
    assert code, f"{value!r}: no code has been said yet"
    digits = "".join(DIGIT_WORDS[word] for word in code)
    wrong = "".join(str((int(digit) + 1) % 10) for digit in digits)
    words = {digit: word for word, digit in DIGIT_WORDS.items()}
    for placeholder, keyed in (("{code}", digits), ("{wrong_code}", wrong)):
        said = " ".join(words[digit] for digit in keyed) if name == "speech" else keyed
        value = value.replace(placeholder, said)
    return value


def check_reply(reply: dict, turn: dict, where: str) -> None:
    unknown = set(turn) - set(INPUTS) - set(CHECKS) - {"call", "caller"}
    assert not unknown, f"{where}: unknown keys {unknown}"
    text = _plain(reply["text"])
    for words in turn.get("says", []):
        assert _plain(words) in text, f"{where}: {words!r} not in {reply['text']!r}"
    for words in turn.get("never_says", []):
        assert _plain(words) not in text, f"{where}: {words!r} in {reply['text']!r}"
    for words in turn.get("ssml_has", []):
        assert _plain(words) in _plain(reply["ssml"]), f"{where}: {words!r} not in {reply['ssml']!r}"
    assert not heard_badly(reply["text"]), f"{where}: not for the ear: {reply['text']!r}"
    words, greeting = len(reply["text"].split()), turn.get("event") == "call_started"
    limit = turn.get("max_words", GREETING_WORDS if greeting else MID_FORM_WORDS)
    assert words < limit, f"{where}: {words} words: {reply['text']!r}"
    speak = ElementTree.fromstring(reply["ssml"])
    assert speak.tag == f"{SSML}speak" and speak.get("version") == "1.1", reply["ssml"]
    assert {element.tag for element in speak.iter()} <= SSML_ELEMENTS, reply["ssml"]
    assert "".join("".join(speak.itertext()).split()) == "".join(reply["text"].split()), reply["ssml"]
    sms = reply.get("sms")
    if "sms_has" in turn:
        assert sms, f"{where}: no sms in {reply}"
        for words in turn["sms_has"]:
            assert _plain(words) in _plain(f"{sms['to']} {sms['text']}"), f"{where}: {words!r} not in {sms}"
    else:
        assert sms is None, f"{where}: an sms nobody asked for: {sms}"
    if "says_code" in turn:
        assert bool(code_said(reply)) == turn["says_code"], f"{where}: code said? {reply['text']!r}"
    for flag in ("expected_input", "transfer", "hang_up"):
        if flag in turn:
            assert reply[flag] == turn[flag], f"{where}: {flag} is {reply[flag]!r}: {reply}"


def play(service_url: str, platform_token: str, script: dict, call_prefix: str,
         caller: str | None = None) -> list[dict]:
    """Every turn of the script, checked; the replies, in order."""
    caller = caller or script.get("caller")
    replies, code = [], None
    for number, turn in enumerate(script["turns"], 1):
        inputs = {name: _with_code(str(turn[name]), name, code) for name in INPUTS if name in turn}
        assert len(inputs) == 1, f"turn {number}: exactly one of {INPUTS}"
        call_id = f"{call_prefix}-{turn.get('call', 1)}"
        calling = turn.get("caller", caller)  # a turn may present the number written otherwise
        request = {"call_id": call_id, **inputs, **({"caller": calling} if calling else {})}
        response = httpx.post(f"{service_url}/api/v1/phone", json=request, timeout=120,
                              headers={"X-Phone-Platform-Token": platform_token})
        assert response.status_code == 200, f"turn {number}: {response.status_code} {response.text}"
        reply = response.json()
        check_reply(reply, turn, f"{script['name']}, turn {number} ({next(iter(inputs.values()))!r})")
        code = code_said(reply) or code
        replies.append(reply)
    return replies
