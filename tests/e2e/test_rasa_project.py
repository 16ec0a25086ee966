"""Rasa's own checks of the bot: the data validates and the test stories hold."""

import subprocess
import sys
from pathlib import Path

from stodkollen.stack import model_path

RASA = str(Path(sys.executable).parent / "rasa")


def run_rasa(stack, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([RASA, *args], cwd=stack.settings.bot_dir, capture_output=True, text=True,
                          timeout=600)


def test_training_data_validates_without_errors(stack):
    # Rasa also warns that the form's questions are not used in stories and that slot mapping
    # conditions name the form: known false warnings for forms whose questions the actions
    # choose. Errors make the exit code non-zero.
    done = run_rasa(stack, "data", "validate", "--domain", "domain", "--data", "data")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]


def test_the_test_stories_pass(stack, tmp_path):
    done = run_rasa(stack, "test", "core", "--stories", "tests/test_stories.yml",
                    "--model", str(model_path(stack.settings)), "--out", str(tmp_path),
                    "--fail-on-prediction-errors")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
