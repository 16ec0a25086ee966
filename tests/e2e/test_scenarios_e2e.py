"""The library's conversation scenarios, typed into the live assistant over Rasa's REST
channel, or said on its phone channel (`channel: phone`, the recogniser's words): what the
assistant concludes must be what the scenario expects, its typed answer must state the
amounts, and `stodkollen scenarios run` must say so in its report."""

import shutil
from pathlib import Path

import pytest

from stodkollen.cli import main
from workbench.conversation import Assistant, run_conversation
from workbench.scenario import load_library

LIBRARY = Path(__file__).resolve().parents[2] / "scenarios"
CONVERSATIONS = [scenario for scenario in load_library(LIBRARY) if scenario.conversation]


@pytest.fixture(scope="module")
def assistant(stack):
    talking = Assistant(stack.settings.rasa_url, stack.settings.internal_token)
    yield talking
    talking.close()


def test_the_library_has_conversations_on_both_channels():
    assert len(CONVERSATIONS) >= 8
    assert sum(scenario.channel == "phone" for scenario in CONVERSATIONS) >= 3


@pytest.mark.parametrize("scenario", CONVERSATIONS, ids=lambda scenario: scenario.id)
def test_a_conversation_reaches_the_expected_outcome(assistant, scenario):
    run = run_conversation(assistant, scenario)
    transcript = "\n".join(f"{speaker}: {text}" for speaker, text in run.transcript)
    assert run.unfinished is None, transcript
    assert run.mismatches == [], transcript
    # The conversation typed every turn and got an answer to each.
    assert [text for speaker, text in run.transcript if speaker == "user"] == scenario.conversation
    assert run.transcript[-1][0] == "bot"
    if scenario.channel == "phone":  # a call: greeted before the first words, with a phone conversation's id
        assert run.transcript[0][0] == "bot" and run.sender.startswith("phone-")


def test_the_command_runs_the_conversations_into_its_report(stack, tmp_path, monkeypatch, capsys):
    library = tmp_path / "samtal"
    library.mkdir()
    for scenario in CONVERSATIONS[:2]:
        shutil.copy(LIBRARY / f"{scenario.id}.yaml", library)
    # The command reads the internal token from the same data folder as the running stack.
    monkeypatch.setenv("STODKOLLEN_DATA_DIR", str(stack.settings.data_dir))
    report = tmp_path / "rapport.html"
    code = main(["scenarios", "run", str(library), "--rasa-url", stack.settings.rasa_url,
                 "--report", str(report)])
    out = capsys.readouterr().out
    assert code == 0, out
    html = report.read_text(encoding="utf-8")
    assert "Samtalet med assistenten" in html and 'class="user"' in html and 'class="bot"' in html
    for scenario in CONVERSATIONS[:2]:
        assert scenario.conversation[-1] in html
    assert 'class="mismatch"' not in html
