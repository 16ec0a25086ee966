"""The bot's NLU examples as (intent, plain text), for the held-out checks."""

import re
from pathlib import Path

import yaml

BOT = Path(__file__).resolve().parents[1] / "bot"
HOLDOUT = BOT / "tests" / "nlu_intents_holdout.yml"
# English phrasings held out the same way: one model serves both languages (issue 14).
HOLDOUT_EN = BOT / "tests" / "nlu_intents_holdout_en.yml"
ANNOTATION = re.compile(r"\[([^\]]*)\](?:\{[^}]*\}|\([^)]*\))")


def examples(path: Path) -> list[tuple[str, str]]:
    found = []
    for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
        for line in (block.get("examples") or "").splitlines():
            if "intent" in block and line.strip().startswith("- "):
                found.append((block["intent"], ANNOTATION.sub(r"\1", line.strip()[2:])))
    return found


def training_examples() -> list[tuple[str, str]]:
    files = sorted((BOT / "data" / "nlu").glob("*.yml"))
    assert files, "no NLU training data found"
    return [example for path in files for example in examples(path)]
