"""Load on the whole stack: simulated shop owners talk to the assistant through the service's
public chat route (`POST /api/v1/chat`), as the web widget does, and we measure each turn.

    python benchmarks/load.py                      # start a stack, 1/10/50 users, think time 1–3 s
    python benchmarks/load.py --url http://host:8000 --users 10 --duration 120
    python benchmarks/load.py --users 2 --conversations 1 --think 0 --no-throughput   # smoke

Each simulated user is a distinct sender that goes through a whole conversation (greeting,
"Kolla mina stöd", every question of the form, the summary, the estimate, and for the store a
draft), waits a random 1–3 s between a reply and its next message, and starts over until the
level's time is up. A conversation counts as completed only if its estimate says what the
rules engine says for those answers, so a turn that silently went wrong is an error too.

The throughput mode sends with no waiting at rising concurrency and reports the most turns a
second the stack answered. With a stack of its own (no --url), the report also has its
cold start (starting the processes to the first answer) and its peak memory: the resident
set (RSS) and the proportional set (PSS, shared pages divided among the processes that share
them) summed over the stack's process trees, sampled every half second from /proc.
"""

import argparse
import asyncio
import contextlib
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(ROOT))

from benchmarks.baseline import BaselineBot  # noqa: E402
from benchmarks.baseline import converse as bot_converse  # noqa: E402
from stodkollen.core.settings import Settings  # noqa: E402
from stodkollen.stack import Stack, train  # noqa: E402

TURN_TIMEOUT_S = 60
LEVELS = (1, 10, 50)
THROUGHPUT_LEVELS = (1, 2, 4, 8, 16, 32)
# The benchmark measures the stack, not the rate limiter: all its users come from one address,
# so a stack it starts has the per-client limits off (0, stodkollen/core/settings.py). A stack
# given with --url must be started with them off, or the report will show 429s as errors.
NO_RATE_LIMITS = {"STODKOLLEN_RATE_LIMIT_CHAT_PER_MINUTE": "0",
                  "STODKOLLEN_RATE_LIMIT_EVALUATE_PER_MINUTE": "0"}


@dataclass(frozen=True)
class Script:
    """A shop owner's whole conversation: what they type, in order, and what the last reply
    must say. The answers are in the order the form asks for them with these facts (the same
    facts as tests/e2e/test_conversations.py)."""
    name: str
    messages: tuple[str, ...]
    expected: tuple[tuple[int, str], ...]  # (message index, text its reply must contain)


GROCERY_STORE = Script(
    "grocery store with a draft",
    ("Hej", "/check_supports", "Butik", "Vindeln", "Granån", "nej", "ja, hela året", "45 timmar i veckan",
     "cirka 1 500 artiklar", "ja", "2,5 mil", "ja", "3 miljoner", "post och paket", "nej", "0", "nej", "nej",
     "ja", "ja", "/prepare_draft"),
    ((19, "166 667 kr"), (20, "/utkast/")),
)
FUEL_STATION = Script(
    "fuel station",
    ("Hej", "/check_supports", "Mack", "Storuman", "Slussfors", "35 km", "vet inte", "1", "nej", "nej", "nej",
     "ja"),
    ((11, "Servicebidrag"),),
)
SCRIPTS = (GROCERY_STORE, FUEL_STATION)


@dataclass
class Results:
    latencies_s: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    conversations: int = 0


def reply_text(body: dict) -> str:
    text = "\n".join(message.get("text") or "" for message in body.get("messages", []))
    return text.replace("\N{NO-BREAK SPACE}", " ")


async def converse(client: httpx.AsyncClient, script: Script, think_s: tuple[float, float],
                   results: Results) -> None:
    """One whole conversation; stops at the first failed turn (a real user would be stuck too)."""
    sender = f"load-{uuid.uuid4().hex[:16]}"
    expected = dict(script.expected)
    # The first reply gives the conversation's secret; the widget sends it with every later turn.
    secret: dict = {}
    for index, message in enumerate(script.messages):
        if index and think_s[1] > 0:
            await asyncio.sleep(random.uniform(*think_s))
        started = time.perf_counter()
        try:
            response = await client.post("/api/v1/chat", json={"sender": sender, "message": message,
                                                               "lang": "sv", "channel": "web", **secret})
        except httpx.HTTPError as error:
            results.errors.append(f"{script.name} turn {index}: {type(error).__name__}")
            return
        results.latencies_s.append(time.perf_counter() - started)
        if response.status_code != 200:
            results.errors.append(f"{script.name} turn {index}: HTTP {response.status_code}")
            return
        reply = response.json()
        if reply.get("secret"):
            secret = {"secret": reply["secret"]}
        text = reply_text(reply)
        if not text:
            results.errors.append(f"{script.name} turn {index}: no reply to {message!r}")
            return
        if index in expected and expected[index] not in text:
            results.errors.append(f"{script.name} turn {index}: {expected[index]!r} not in the reply "
                                  f"{text[:120]!r}")
            return
    results.conversations += 1


async def shop_owner(client: httpx.AsyncClient, number: int, think_s: tuple[float, float],
                     results: Results) -> None:
    """The `number`th conversation of the level: the scripts take turns."""
    await converse(client, SCRIPTS[number % len(SCRIPTS)], think_s, results)


# One whole conversation of some bot: Stödkollen's shop owner, or the plain bot's (baseline.py).
Talk = Callable[[httpx.AsyncClient, int, tuple[float, float], Results], Awaitable[None]]


async def user(client: httpx.AsyncClient, number: int, deadline: float, conversations: int | None,
               think_s: tuple[float, float], results: Results, talk: Talk) -> None:
    if think_s[1] > 0:  # users arrive spread out, not all in the same instant
        await asyncio.sleep(random.uniform(0, think_s[1]))
    done = 0
    while (done < conversations) if conversations else (time.monotonic() < deadline):
        before = len(results.errors)
        await talk(client, number + done, think_s, results)
        done += 1
        if len(results.errors) > before and think_s[1] > 0:
            await asyncio.sleep(think_s[1])  # a stuck user waits before starting over


def percentile(values: list[float], fraction: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


async def run_level(url: str, users: int, duration_s: float, conversations: int | None,
                    think_s: tuple[float, float], talk: Talk = shop_owner) -> dict:
    results = Results()
    limits = httpx.Limits(max_connections=users, max_keepalive_connections=users)
    async with httpx.AsyncClient(base_url=url, timeout=TURN_TIMEOUT_S, limits=limits) as client:
        started = time.monotonic()
        load_before = os.getloadavg()[0]
        await asyncio.gather(*(user(client, number, started + duration_s, conversations, think_s,
                                    results, talk) for number in range(users)))
        elapsed = time.monotonic() - started
    ms = [latency * 1000 for latency in results.latencies_s]
    return {"users": users, "think_s": list(think_s), "elapsed_s": round(elapsed, 1),
            "turns": len(ms), "errors": len(results.errors), "error_examples": results.errors[:5],
            "conversations": results.conversations,
            "conversations_per_minute": round(results.conversations / elapsed * 60, 1),
            "turns_per_second": round(len(ms) / elapsed, 1),
            "p50_ms": _round(percentile(ms, 0.50)), "p95_ms": _round(percentile(ms, 0.95)),
            "p99_ms": _round(percentile(ms, 0.99)), "mean_ms": _round(statistics.fmean(ms) if ms else None),
            "max_ms": _round(max(ms) if ms else None),
            "load_average_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)]}


def _round(value: float | None) -> float | None:
    return round(value, 1) if value is not None else None


async def max_throughput(url: str, duration_s: float, levels: tuple[int, ...]) -> dict:
    """No waiting: more users at once until the stack answers no more turns a second."""
    steps = []
    for users in levels:
        step = await run_level(url, users, duration_s, None, (0.0, 0.0))
        steps.append(step)
        best = max(s["turns_per_second"] for s in steps)
        if step["errors"] or (len(steps) > 1 and step["turns_per_second"] < best * 1.05
                              and steps[-2]["turns_per_second"] >= best * 0.95):
            break  # saturated: doubling the users bought nothing, or the stack started failing
    best = max(steps, key=lambda s: s["turns_per_second"])
    return {"max_turns_per_second": best["turns_per_second"], "at_users": best["users"], "steps": steps}


# ---------- the stack's processes: memory ----------

def _read(path: str) -> str:
    try:
        with open(path, encoding="ascii", errors="replace") as file:
            return file.read()
    except OSError:  # the process went away meanwhile
        return ""


def stack_pids(roots: list[int]) -> Iterator[int]:
    """The roots and every descendant (Rasa and uvicorn may fork workers)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = _read(f"/proc/{entry}/stat")
            if stat:  # "pid (comm) state ppid ..."; comm may hold spaces, so split after ")"
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
    todo = list(roots)
    while todo:
        pid = todo.pop()
        yield pid
        todo.extend(children.get(pid, []))


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time used so far by the processes and their descendants."""
    ticks = 0
    for pid in stack_pids(pids):
        stat = _read(f"/proc/{pid}/stat")
        if stat:
            fields = stat.rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def memory_kib(pids: list[int]) -> tuple[int, int]:
    """Summed RSS and PSS in KiB (smaps_rollup's Rss and Pss lines)."""
    rss = pss = 0
    for pid in stack_pids(pids):
        for line in _read(f"/proc/{pid}/smaps_rollup").splitlines():
            if line.startswith("Rss:"):
                rss += int(line.split()[1])
            elif line.startswith("Pss:"):
                pss += int(line.split()[1])
    return rss, pss


class MemorySampler:
    """Samples the stack's memory on a thread every half second and keeps the peak."""

    def __init__(self, stack: Stack):
        self.stack = stack
        self.peak_rss_kib = self.peak_pss_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            # the processes as the stack starts them (and again, should it restart one)
            rss, pss = memory_kib([process.pid for process in list(self.stack.processes.values())])
            self.peak_rss_kib = max(self.peak_rss_kib, rss)
            self.peak_pss_kib = max(self.peak_pss_kib, pss)
            self._stop.wait(0.5)

    def __enter__(self) -> "MemorySampler":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def report(self) -> dict:
        return {"peak_rss_mib": round(self.peak_rss_kib / 1024),
                "peak_pss_mib": round(self.peak_pss_kib / 1024)}


# ---------- starting a stack of our own ----------

def first_answer(url: str, timeout_s: float = 240) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        with contextlib.suppress(httpx.HTTPError):  # not listening yet
            response = httpx.post(f"{url}/api/v1/chat", timeout=TURN_TIMEOUT_S,
                                  json={"sender": f"cold-{uuid.uuid4().hex[:12]}", "message": "Hej"})
            if response.status_code == 200 and reply_text(response.json()):
                return
        if time.monotonic() > deadline:
            raise TimeoutError("no answer from the stack")
        time.sleep(0.1)


def own_stack(port_offset: int, data_dir: Path, bot_dir: Path | None = None) -> Stack:
    """A stack on our own ports and data folder; `bot_dir`, a copy of bot/ to try a change on."""
    os.environ.update(NO_RATE_LIMITS)  # the processes inherit our environment
    settings = Settings(host="127.0.0.1", data_dir=data_dir, service_port=18000 + port_offset,
                        rasa_port=15005 + port_offset, actions_port=15055 + port_offset,
                        **({"bot_dir": bot_dir} if bot_dir else {}))
    train(settings)  # before the clock starts: cold start is starting, not training
    return Stack(settings, data_dir / "logs")


def start_cold(stack: Stack) -> float:
    """Seconds from starting the processes to the first answer through the chat route."""
    started = time.monotonic()
    stack.start()
    first_answer(stack.settings.service_url)
    return time.monotonic() - started


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in _read("/proc/cpuinfo").splitlines()
                if line.startswith("model name")), platform.processor())
    memory_kib_total = next((int(line.split()[1]) for line in _read("/proc/meminfo").splitlines()
                             if line.startswith("MemTotal:")), 0)
    return {"nproc": os.cpu_count(), "cpu": cpu, "memory_gib": round(memory_kib_total / 1024 ** 2, 1),
            "python": platform.python_version(),
            "load_average_at_start": [round(value, 2) for value in os.getloadavg()]}


# ---------- compared with a plain `rasa init` bot (--baseline, benchmarks/baseline.py) ----------

# Issue 18's levels, (users, think time): each is run on Stödkollen, then on the plain bot.
COMPARISON_LEVELS = ((1, (0.0, 0.0)), (10, (1.0, 3.0)), (50, (1.0, 3.0)), (20, (0.0, 0.0)))
# Stödkollen's figure as a ratio to the plain bot's in the same run: (level, figure, limit).
RATIO_TARGETS = (((1, "p95_ms"), "at most", 1.6), ((50, "p95_ms"), "at most", 0.6),
                 ((20, "turns_per_second"), "at least", 1.8))
CPU_MS_PER_TURN_TARGET = 45


def _ratio(ours: float | None, theirs: float | None) -> float | None:
    return round(ours / theirs, 2) if ours is not None and theirs else None


def compare(url: str, pids: dict[str, int], bot: BaselineBot, duration_s: float) -> dict:
    """Each level on Stödkollen, then on the plain bot, with the CPU each process used per turn."""
    levels = []
    cpu_s = dict.fromkeys(pids, 0.0)
    for users, think in COMPARISON_LEVELS:
        row: dict = {"users": users, "think_s": list(think)}
        plain = {"rasa": bot.process.pid}
        for name, target, processes, talk in (("stodkollen", url, pids, shop_owner),
                                               ("baseline", bot.url, plain, bot_converse)):
            before = {process: cpu_seconds([pid]) for process, pid in processes.items()}
            level = asyncio.run(run_level(target, users, duration_s, None, think, talk))
            used = {process: cpu_seconds([pid]) - before[process] for process, pid in processes.items()}
            level["cpu_ms_per_turn"] = {process: round(seconds * 1000 / max(level["turns"], 1), 1)
                                        for process, seconds in used.items()}
            row[name] = level
            if name == "stodkollen":
                for process, seconds in used.items():
                    cpu_s[process] += seconds
        row["ratio"] = {figure: _ratio(row["stodkollen"][figure], row["baseline"][figure])
                        for figure in ("p50_ms", "p95_ms", "p99_ms", "turns_per_second")}
        levels.append(row)
    turns = sum(row["stodkollen"]["turns"] for row in levels)
    cpu_ms = {process: round(seconds * 1000 / max(turns, 1), 1) for process, seconds in cpu_s.items()}
    by_users = {row["users"]: row for row in levels}
    targets = [{"figure": f"{figure} at {users} users", "ratio": by_users[users]["ratio"][figure],
                "target": f"{bound} {limit}",
                "met": by_users[users]["ratio"][figure] is not None and (
                    by_users[users]["ratio"][figure] <= limit if bound == "at most"
                    else by_users[users]["ratio"][figure] >= limit)}
               for (users, figure), bound, limit in RATIO_TARGETS]
    if pids:
        targets.append({"figure": "CPU ms per turn, summed", "value": round(sum(cpu_ms.values()), 1),
                        "target": f"at most {CPU_MS_PER_TURN_TARGET}",
                        "met": sum(cpu_ms.values()) <= CPU_MS_PER_TURN_TARGET})
    return {"comparison": levels, "cpu_ms_per_turn": cpu_ms, "targets": targets,
            "errors": sum(row[name]["errors"] for row in levels for name in ("stodkollen", "baseline"))}


# ---------- the run ----------

def parse_think(text: str) -> tuple[float, float]:
    low, _, high = text.partition("-")
    return float(low), float(high or low)


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="a running stack's service, e.g. http://127.0.0.1:8000 "
                        "(default: start a stack of our own)")
    parser.add_argument("--users", default=",".join(map(str, LEVELS)),
                        help="concurrent users per level, comma-separated (default: %(default)s)")
    parser.add_argument("--duration", type=float, default=90,
                        help="seconds each level keeps starting conversations (default: %(default)s)")
    parser.add_argument("--conversations", type=int,
                        help="instead of --duration: conversations per user, then stop")
    parser.add_argument("--think", default="1-3", help="seconds between a reply and the next message, "
                        "low-high (default: %(default)s; 0 for none)")
    parser.add_argument("--no-throughput", action="store_true", help="skip the no-waiting mode")
    parser.add_argument("--throughput-duration", type=float, default=30,
                        help="seconds per step of the no-waiting mode (default: %(default)s)")
    parser.add_argument("--port-offset", type=int, default=700,
                        help="for a stack of our own: ports 18000/15005/15055 + offset "
                        "(default: %(default)s)")
    parser.add_argument("--baseline", action="store_true",
                        help="instead of the levels above: issue 18's levels, each on Stödkollen and then "
                        "on a plain `rasa init` bot (benchmarks/baseline.py), with the ratios")
    parser.add_argument("--json", type=Path, help="also write the report here")
    return parser.parse_args(argv)


def measure(url: str, args: argparse.Namespace, pids: dict[str, int]) -> dict:
    if args.baseline:
        with BaselineBot() as bot:
            return compare(url, pids, bot, args.duration)
    think = parse_think(args.think)
    report = {"levels": [asyncio.run(run_level(url, int(users), args.duration, args.conversations, think))
                         for users in args.users.split(",")]}
    if not args.no_throughput:
        report["throughput"] = asyncio.run(max_throughput(url, args.throughput_duration, THROUGHPUT_LEVELS))
    return report


def run(args: argparse.Namespace) -> dict:
    report: dict = {"machine": machine(), "started": time.strftime("%Y-%m-%d %H:%M:%S %Z")}
    if args.url:
        report.update(measure(args.url.rstrip("/"), args, {}))
    else:
        with tempfile.TemporaryDirectory(prefix="stodkollen-load-") as data:
            stack = own_stack(args.port_offset, Path(data))
            # Sampling from the start keeps the peak of loading the model too.
            with MemorySampler(stack) as sampler:
                try:
                    report["cold_start_s"] = round(start_cold(stack), 1)
                    before = {name: cpu_seconds([process.pid]) for name, process in stack.processes.items()}
                    report.update(measure(stack.settings.service_url, args,
                                          {name: process.pid for name, process in stack.processes.items()}))
                    # where the CPU went while the users talked: which process to make faster
                    report["cpu_s_by_process"] = {
                        name: round(cpu_seconds([process.pid]) - before[name], 1)
                        for name, process in stack.processes.items()}
                finally:
                    stack.stop()
            report["memory"] = sampler.report()
    report["load_average_at_end"] = [round(value, 2) for value in os.getloadavg()]
    return report


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    report = run(args)
    text = json.dumps(report, indent=2, ensure_ascii=False)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    if args.baseline:
        return 1 if report["errors"] else 0
    return 1 if any(level["errors"] for level in report["levels"]) else 0


if __name__ == "__main__":
    sys.exit(main())
