"""The top costs in a py-spy profile in raw (collapsed) form: for each function, the share of
samples in which it is on the stack (inclusive) and on top (its own code).

    python benchmarks/profile_top.py /tmp/profiles/rasa.txt [--top 40] [--under handle_message]
"""

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

# "function (file.py:line)": the line number differs from sample to sample, the function does not.
LINE = re.compile(r":\d+\)$")


def frames(stack: str) -> list[str]:
    return [LINE.sub(")", frame) for frame in stack.split(";")]


def top(path: Path, count: int, under: str | None) -> list[tuple[str, float, float]]:
    inclusive: Counter = Counter()
    own: Counter = Counter()
    total = 0
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, samples = line.rpartition(" ")
        if not stack or not samples.isdigit():
            continue
        names = frames(stack)
        if under:  # only samples inside this function, e.g. the handling of a message
            hits = [index for index, name in enumerate(names) if under in name]
            if not hits:
                continue
            names = names[hits[0]:]
        total += int(samples)
        for name in set(names):
            inclusive[name] += int(samples)
        own[names[-1]] += int(samples)
    return [(name, 100 * samples / total, 100 * own[name] / total)
            for name, samples in inclusive.most_common(count)] if total else []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("profile", type=Path)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--under", help="count only samples with this function on the stack")
    args = parser.parse_args(argv)
    for name, inclusive, own in top(args.profile, args.top, args.under):
        print(f"{inclusive:5.1f} % {own:5.1f} %  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
