"""`make corpus`: every record of the development corpus through the running assistant, with
the figures per file, per fact and per topic (tests/corpus/figures.md, quoted in the README).

    .venv/bin/python -m tests.corpus.run                 # a stack of its own (e2e ports + 50)
    .venv/bin/python -m tests.corpus.run --rasa-url http://127.0.0.1:5005   # the running one
    .venv/bin/python -m tests.corpus.run --files english.yml --failures     # one file, its misses

english.yml is said in English conversations (lang "en"), the rest in Swedish ones.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from tqdm import tqdm

from stodkollen.core.settings import Settings, settings
from stodkollen.stack import Stack, train

from .harness import Assistant, CorpusRun, Figures, load

FIGURES = Path(__file__).with_name("figures.md")
# The e2e ports + 50, moved by the same STODKOLLEN_E2E_PORT_OFFSET, so that runs side by side
# keep apart.
PORT_OFFSET = int(os.environ.get("STODKOLLEN_E2E_PORT_OFFSET", "0"))
CORPUS_PORTS = {"service_port": 18050 + PORT_OFFSET, "rasa_port": 15050 + PORT_OFFSET,
                "actions_port": 15100 + PORT_OFFSET}


# (file, kind, key, group): what each part of the corpus is, and the group a sample spreads over.
PARTS = (("answers.yml", "answer", "answers", "fact"),
         ("phone_asr.yml", "phone", "answers", "fact"),
         ("openings.yml", "opening", "openings", None),
         ("questions.yml", "question", "questions", "topic"),
         ("english.yml", "answer", "answers", "fact"),
         ("english.yml", "question", "questions", "topic"))
FILES = tuple(dict.fromkeys(name for name, *_ in PARTS))
# The language its conversations are held in (the message metadata's `lang`); Swedish otherwise.
LANG = {"english.yml": "en"}


def records(sample: int | None = None, files: tuple[str, ...] = FILES) -> list[tuple[str, str, dict]]:
    """(file, kind, record) for the corpus, or a stratified sample: `sample` records per fact
    (answers) and per topic (questions), spread over each group, and every opening."""
    chosen = []
    for name, kind, key, group in PARTS:
        if name not in files:
            continue
        found = load(name)[key]
        if sample and group:
            groups: dict[str, list[dict]] = {}
            for record in found:
                groups.setdefault(record[group], []).append(record)
            found = [record for members in groups.values()
                     for record in members[::max(1, len(members) // sample)][:sample]]
        chosen += [(name, kind, record) for record in found]
    return chosen


def run(assistant: Assistant, chosen: list[tuple[str, str, dict]]) -> Figures:
    figures = Figures()
    corpora: dict[str, CorpusRun] = {}  # one per language: its prefixes are walked in that language
    for name, kind, record in tqdm(chosen, desc="Korpusen", unit="post"):
        lang = LANG.get(name, "sv")
        corpus = corpora.setdefault(lang, CorpusRun(assistant, lang, figures))
        if kind == "answer":
            corpus.answer(name, record)
        elif kind == "phone":
            corpus.answer(name, record, channel="phone")
        elif kind == "opening":
            corpus.opening(name, record)
        else:
            corpus.question(name, record)
    return figures


def _pct(share: tuple[int, int]) -> str:
    passed, total = share
    return f"{passed}/{total} ({100 * passed / total:.1f} %)" if total else "–"


def report(figures: Figures) -> str:
    lines = ["| file | items | taken right |", "| --- | --- | --- |"]
    for name in ("answers.yml", "phone_asr.yml", "openings.yml"):
        lines.append(f"| {name} | value and also facts | {_pct(_both(figures, name))} |")
    implied = figures.share(source="openings.yml", kind="implied")
    lines.append(f"| openings.yml | implied (gazetteer) | {_pct(implied)} |")
    questions = figures.share(source="questions.yml")
    lines.append(f"| questions.yml | right entry and next step | {_pct(questions)} |")
    for kind, what in (("value", "answers: each value"), ("also", "answers: each `also` fact"),
                       ("topic", "questions: right entry and next step")):
        lines.append(f"| english.yml | {what} | {_pct(figures.share(source='english.yml', kind=kind))} |")
    lines.append(f"\nReferrals created without a yes: {figures.referrals}\n")
    asked = ", ".join(f"“{text}”" for text in figures.which_mile) or "none"
    lines.append(f"Asked which mile was meant (english.yml): {asked}\n")
    lines += ["| fact (answers.yml + phone_asr.yml) | taken right |", "| --- | --- |"]
    facts: dict[str, list[int]] = {}
    for source in ("answers.yml", "phone_asr.yml"):
        for fact, (passed, total) in figures.by("group", source=source, kind="value").items():
            facts.setdefault(fact, [0, 0])
            facts[fact][0] += passed
            facts[fact][1] += total
    lines += [f"| {fact} | {_pct(tuple(share))} |" for fact, share in sorted(facts.items())]
    lines += ["", "| topic (questions.yml) | right |", "| --- | --- |"]
    topics = figures.by("group", source="questions.yml")
    lines += [f"| {topic} | {_pct(share)} |" for topic, share in topics.items()]
    lines += ["", "| fact (english.yml) | taken right |", "| --- | --- |"]
    lines += [f"| {fact} | {_pct(share)} |"
              for fact, share in figures.by("group", source="english.yml", kind="value").items()]
    lines += ["", "| topic (english.yml) | right |", "| --- | --- |"]
    lines += [f"| {topic} | {_pct(share)} |"
              for topic, share in figures.by("group", source="english.yml", kind="topic").items()]
    return "\n".join(lines) + "\n"


def _both(figures: Figures, name: str) -> tuple[int, int]:
    passed = total = 0
    for kind in ("value", "also"):
        p, t = figures.share(source=name, kind=kind)
        passed, total = passed + p, total + t
    return passed, total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Utvecklingskorpusen genom den körande assistenten.")
    parser.add_argument("--rasa-url", help="en redan körande Rasa (annars startas en egen stack)")
    parser.add_argument("--sample", type=int, help="bara N poster per fakta och ämne")
    parser.add_argument("--failures", action="store_true", help="lista varje miss")
    parser.add_argument("--files", nargs="+", choices=FILES, default=FILES,
                        help="bara dessa filer (siffrorna skrivs då inte till figures.md)")
    args = parser.parse_args(argv)
    chosen = records(args.sample, tuple(args.files))
    started = time.monotonic()
    if args.rasa_url:
        figures = run(Assistant(args.rasa_url, settings().internal_token), chosen)
    else:
        with tempfile.TemporaryDirectory() as data_dir:
            config = Settings(host="127.0.0.1", data_dir=Path(data_dir), rate_limit_chat_per_minute=0,
                              rate_limit_evaluate_per_minute=0, **CORPUS_PORTS)
            train(config)
            stack = Stack(config, Path(data_dir) / "logs").start()
            try:
                figures = run(Assistant(config.rasa_url, config.internal_token), chosen)
            finally:
                stack.stop()
    text = report(figures)
    if args.failures:
        text += "\n" + "\n".join(f"- {item.source} {item.group}: {item.text!r} → {item.detail}"
                                 for item in figures.items if not item.passed)
    if not args.sample and tuple(args.files) == FILES:
        FIGURES.write_text(f"Measured {time.strftime('%Y-%m-%d')}, {len(chosen)} records, "
                           f"{time.monotonic() - started:.0f} s.\n\n" + report(figures), encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
