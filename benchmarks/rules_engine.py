"""Decisions per second of the rules engine on generated cases, on one core.

    python benchmarks/rules_engine.py [--cases 100000] [--explain-cases 20000]

Targets (issue 2): at least 50 000 cases a second without rendered explanations and at least
3 000 a second with full Swedish explanations. Each case decides all five supports.
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.cases import random_facts  # noqa: E402
from rules_engine import evaluate  # noqa: E402


def measure(cases: list[dict], explain: bool) -> float:
    evaluate(cases[0], explain=explain)  # warm the caches (parameters, catalogs, places)
    started = time.perf_counter()
    for facts in cases:
        evaluate(facts, explain=explain)
    return len(cases) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--explain-cases", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2018)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target says
    rng = random.Random(args.seed)
    cases = [random_facts(rng) for _ in range(args.cases)]
    plain = measure(cases, explain=False)
    explained = measure(cases[: args.explain_cases], explain=True)
    print(f"cases: {args.cases} (each decides 5 supports), one core")
    print(f"without explanations: {plain:,.0f} cases/s = {5 * plain:,.0f} support decisions/s "
          "(target 50 000/s)")
    print(f"with Swedish explanations: {explained:,.0f} cases/s = {5 * explained:,.0f} support decisions/s "
          "(target 3 000/s)")


if __name__ == "__main__":
    main()
