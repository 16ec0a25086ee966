"""The library's conversation scenarios on the running stack: typed into the assistant over
Rasa's REST channel, or, for a call (`channel: phone`), said through the service's phone route
(POST /api/v1/phone) as the telephony platform would. What the assistant concludes must be what
the scenario expects, its typed answer must state the amounts, a call's replies must say each
turn's `says`, and `stodkollen scenarios run` must say so in its report."""

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from service.phone.calls import Call
from stodkollen.cli import main
from stodkollen.scenarios_cli import ServiceCallRecords
from workbench.conversation import Assistant, PhoneLine, request_id, run_conversation
from workbench.report import describe_mismatch
from workbench.scenario import load_library, turn_input

LIBRARY = Path(__file__).resolve().parents[2] / "scenarios"
CONVERSATIONS = [scenario for scenario in load_library(LIBRARY) if scenario.conversation]
CALLS = [scenario for scenario in CONVERSATIONS if scenario.channel == "phone"]


@pytest.fixture(scope="module")
def assistant(stack):
    talking = Assistant(stack.settings.rasa_url, stack.settings.internal_token)
    yield talking
    talking.close()


class SeenCallRecords(ServiceCallRecords):
    """The command's records of the stack's call store, keeping each call as the phone route
    recorded it (the runner forgets it once its conversation is found)."""

    def __init__(self, config):
        super().__init__(config)
        self.seen: dict[str, Call | None] = {}

    def conversation_of(self, call_id: str) -> str | None:
        self.seen[call_id] = self.store.call(call_id)
        return super().conversation_of(call_id)


@pytest.fixture(scope="module")
def line(stack):
    """The phone route with the platform's token, read the way the phone tests read it."""
    phone = PhoneLine(stack.settings.service_url, stack.settings.phone_platform_token,
                      SeenCallRecords(stack.settings))
    yield phone
    phone.close()


def test_the_library_has_conversations_on_both_channels():
    assert len(CONVERSATIONS) >= 8
    assert len(CALLS) >= 3
    # The calls use what only the phone route has: a calling number, keyed digits, spoken replies.
    assert any(scenario.caller for scenario in CALLS)
    assert any(turn_input(turn)[0] == "digits" for scenario in CALLS for turn in scenario.conversation)
    assert all(any(isinstance(turn, dict) and turn.get("says") for turn in scenario.conversation)
               for scenario in CALLS)


@pytest.mark.parametrize("scenario", CONVERSATIONS, ids=lambda scenario: scenario.id)
def test_a_conversation_reaches_the_expected_outcome(assistant, line, scenario):
    run = run_conversation(assistant, scenario, line)
    transcript = "\n".join(f"{speaker}: {text}" for speaker, text in run.transcript)
    assert run.unfinished is None, transcript
    assert run.mismatches == [], transcript
    assert run.transcript[-1][0] == "bot"
    said = [text for speaker, text in run.transcript if speaker == "user"]
    if scenario.channel == "web":  # typed every turn and got an answer to each
        assert said == scenario.conversation
        assert run.call_id is None
    else:  # a call: greeted before the first words
        assert len(said) == len(scenario.conversation) and run.transcript[0][0] == "bot"


def _log_entries(stack, process: str) -> list[dict]:
    return [json.loads(entry) for entry in (stack.log_dir / f"{process}.log").read_text("utf-8").splitlines()]


@pytest.mark.parametrize("scenario", CALLS, ids=lambda scenario: scenario.id)
def test_a_call_goes_through_the_services_phone_route(stack, assistant, line, scenario):
    """Not Rasa's phone channel directly: the route's call store held the call, ended, with the
    conversation the slots were read from; the service's access log has every turn's request on
    POST /api/v1/phone, and Rasa's log the same request ids (the route passed each turn on).
    Then the call is forgotten, so the number is a first caller again the next time."""
    run = run_conversation(assistant, scenario, line)
    call = line.records.seen[run.call_id]
    assert call is not None and call.ended
    assert call.conversation_id == run.sender and run.sender.startswith("phone-")
    assert (call.caller_hash is not None) == bool(scenario.caller)
    assert line.records.store.call(run.call_id) is None and line.records.store.code_of(run.sender) is None
    turns = [request_id(run.call_id, number) for number in range(len(scenario.conversation) + 2)]
    routed = {entry["request_id"] for entry in _log_entries(stack, "service")
              if entry["logger"] == "uvicorn.access" and "POST /api/v1/phone" in entry["message"]
              and entry.get("request_id") in turns}
    assert routed == set(turns)
    forwarded = {entry.get("request_id") for entry in _log_entries(stack, "rasa")}
    assert set(turns[:-1]) <= forwarded  # every turn but the hang-up, which the route ends itself


def test_a_reply_that_does_not_say_what_the_call_expects_is_a_mismatch(assistant, line):
    """The same call, expecting words its reply does not say: the run names the turn's reply."""
    call = CALLS[0]
    last = {**call.conversation[-1], "says": ["femtio miljoner kronor"]}
    wrong = replace(call, id=f"{call.id}-fel", conversation=[*call.conversation[:-1], last])
    run = run_conversation(assistant, wrong, line)
    assert [(mismatch.field, mismatch.expected) for mismatch in run.mismatches] == [
        ("conversation_said", "femtio miljoner kronor")]
    assert run.mismatches[0].actual == run.transcript[-1][1]
    said = describe_mismatch(run.mismatches[0], "sv")
    assert said.startswith("Telefonsvaret sa inte ”femtio miljoner kronor”. Det sa: ”"), said


def test_the_command_runs_the_conversations_into_its_report(stack, tmp_path, monkeypatch, capsys):
    library = tmp_path / "samtal"
    library.mkdir()
    chosen = [CONVERSATIONS[0], CALLS[0]]
    for scenario in chosen:
        shutil.copy(LIBRARY / f"{scenario.id}.yaml", library)
    # The command reads the internal and platform tokens and the call store from the same data
    # folder as the running stack.
    monkeypatch.setenv("STODKOLLEN_DATA_DIR", str(stack.settings.data_dir))
    report = tmp_path / "rapport.html"
    code = main(["scenarios", "run", str(library), "--rasa-url", stack.settings.rasa_url,
                 "--service-url", stack.settings.service_url, "--report", str(report)])
    out = capsys.readouterr().out
    assert code == 0, out
    html = report.read_text(encoding="utf-8")
    assert "Samtalet med assistenten" in html and 'class="user"' in html and 'class="bot"' in html
    assert "Samtalet med assistenten i telefon (genom tjänstens telefonväg)" in html
    for scenario in chosen:
        assert turn_input(scenario.conversation[-1])[1] in html
    assert 'class="mismatch"' not in html
