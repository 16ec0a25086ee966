"""`stodkollen train` (and `make run`) skips Rasa altogether when the model was trained from the
training files as they are: the decision, on a small bot folder and a stand-in model file
(training itself runs in the end-to-end tests)."""

import hashlib
import json

import pytest

from stodkollen import cli, stack
from stodkollen.core import settings as settings_module
from stodkollen.core.settings import Settings
from stodkollen.stack import fingerprint_path, model_path, training_fingerprint, training_needed


@pytest.fixture
def config(tmp_path) -> Settings:
    bot = tmp_path / "bot"
    (bot / "domain").mkdir(parents=True)
    (bot / "data" / "nlu").mkdir(parents=True)
    (bot / "config.yml").write_text("language: sv\n", encoding="utf-8")
    (bot / "domain" / "slots.yml").write_text("slots: {}\n", encoding="utf-8")
    (bot / "data" / "nlu" / "greet.yml").write_text("nlu: []\n", encoding="utf-8")
    (bot / "tests").mkdir()  # not training input
    return Settings(data_dir=tmp_path / "data", bot_dir=bot, model_dir=tmp_path / "models")


def trained(config: Settings, model: bytes = b"a model") -> None:
    """What train() leaves behind, without running Rasa."""
    config.model_dir.mkdir(exist_ok=True)
    model_path(config).write_bytes(model)
    fingerprint_path(config).write_text(json.dumps(
        {"training_inputs": training_fingerprint(config.bot_dir),
         "model": hashlib.sha256(model).hexdigest()}), encoding="utf-8")


def test_no_model_needs_training(config):
    assert training_needed(config)


def test_a_model_trained_from_these_files_is_kept(config):
    trained(config)
    assert not training_needed(config)
    (config.bot_dir / "tests" / "stories.yml").write_text("stories: []\n", encoding="utf-8")
    assert not training_needed(config)  # the test stories are not trained on


@pytest.mark.parametrize("change", ["edit", "add", "rename", "config"])
def test_a_changed_training_file_needs_training(config, change):
    trained(config)
    greet = config.bot_dir / "data" / "nlu" / "greet.yml"
    if change == "edit":
        greet.write_text("nlu: [{intent: greet}]\n", encoding="utf-8")
    elif change == "add":
        (config.bot_dir / "domain" / "responses.yml").write_text("responses: {}\n", encoding="utf-8")
    elif change == "rename":
        greet.rename(greet.with_name("hello.yml"))
    else:
        (config.bot_dir / "config.yml").write_text("language: en\n", encoding="utf-8")
    assert training_needed(config)


def test_a_model_without_our_record_or_put_there_by_hand_needs_training(config):
    trained(config)
    model_path(config).write_bytes(b"another model")
    assert training_needed(config)
    trained(config)
    fingerprint_path(config).write_text("{not json", encoding="utf-8")
    assert training_needed(config)
    fingerprint_path(config).unlink()
    assert training_needed(config)


def test_train_says_in_swedish_that_the_model_is_current_without_starting_rasa(config, monkeypatch, capsys):
    trained(config)
    monkeypatch.setattr(settings_module, "settings", lambda: config)
    monkeypatch.setattr(stack.subprocess, "run", None)  # calling Rasa would fail the test
    assert cli.main(["train"]) == 0
    assert capsys.readouterr().out == (
        f"Modellen är aktuell, träningsfilerna är oförändrade: {model_path(config)}\n")
