"""Scripted phone calls (tests/phone_calls/*.yaml) played against the service's phone route.

A script is a caller's number and a list of turns. Each turn sends one request, exactly one
of `speech`, `digits` or `event`, on call number `call` (1 unless given; a new number is a
new call from the same phone, to test resuming), and may check the reply:

    says: [words the reply must contain]         never_says: [words it must not contain]
    expected_input: speech | digits | yes_no     transfer: true|false    hang_up: true|false
    ssml_has: [words the SSML must contain]

Comparisons ignore case and treat Babel's no-break spaces as spaces.
"""

from pathlib import Path

import httpx
import yaml

SCRIPTS_DIR = Path(__file__).resolve().parents[1] / "phone_calls"
INPUTS = ("speech", "digits", "event")
CHECKS = ("says", "never_says", "expected_input", "transfer", "hang_up", "ssml_has")


def scripts() -> list[Path]:
    return sorted(SCRIPTS_DIR.glob("*.yaml"))


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _plain(text: str) -> str:
    return text.replace("\N{NO-BREAK SPACE}", " ").casefold()


def check_reply(reply: dict, turn: dict, where: str) -> None:
    unknown = set(turn) - set(INPUTS) - set(CHECKS) - {"call"}
    assert not unknown, f"{where}: unknown keys {unknown}"
    text = _plain(reply["text"])
    for words in turn.get("says", []):
        assert _plain(words) in text, f"{where}: {words!r} not in {reply['text']!r}"
    for words in turn.get("never_says", []):
        assert _plain(words) not in text, f"{where}: {words!r} in {reply['text']!r}"
    for words in turn.get("ssml_has", []):
        assert _plain(words) in _plain(reply["ssml"]), f"{where}: {words!r} not in {reply['ssml']!r}"
    for flag in ("expected_input", "transfer", "hang_up"):
        if flag in turn:
            assert reply[flag] == turn[flag], f"{where}: {flag} is {reply[flag]!r}: {reply}"


def play(service_url: str, platform_token: str, script: dict, call_prefix: str,
         caller: str | None = None) -> list[dict]:
    """Every turn of the script, checked; the replies, in order."""
    caller = caller or script.get("caller")
    replies = []
    for number, turn in enumerate(script["turns"], 1):
        inputs = {name: str(turn[name]) for name in INPUTS if name in turn}
        assert len(inputs) == 1, f"turn {number}: exactly one of {INPUTS}"
        call_id = f"{call_prefix}-{turn.get('call', 1)}"
        request = {"call_id": call_id, **inputs, **({"caller": caller} if caller else {})}
        response = httpx.post(f"{service_url}/api/v1/phone", json=request, timeout=120,
                              headers={"X-Phone-Platform-Token": platform_token})
        assert response.status_code == 200, f"turn {number}: {response.status_code} {response.text}"
        reply = response.json()
        check_reply(reply, turn, f"{script['name']}, turn {number} ({next(iter(inputs.values()))!r})")
        replies.append(reply)
    return replies
