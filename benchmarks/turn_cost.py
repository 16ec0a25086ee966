"""What one turn costs each process, early and late in a conversation.

    python benchmarks/turn_cost.py            # a stack of our own (ports as load.py's)

A shop owner goes through the store's conversation up to the turnover question and then asks
the same help question there again and again: the form answers it and asks the turnover again,
so the turn and its answer stay the same while the conversation (Rasa's tracker) grows. The
turn is measured a few times at the tracker's first length N and again once the tracker holds
4N events. CPU is read per process from /proc/<pid>/task/*/schedstat (nanoseconds on a CPU,
every thread, child processes included), around each turn, one turn at a time, so it is the
turn's own cost even on a shared machine; latency is what the client waited.
"""

import argparse
import contextlib
import json
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(ROOT))

from benchmarks.load import GROCERY_STORE, _read, own_stack, reply_text, stack_pids, start_cold  # noqa: E402

REPEATED = "vad menas med nettoomsättning?"
UP_TO = GROCERY_STORE.messages.index("3 miljoner")  # the turnover question is asked: stop there
GROWTH = 4


def cpu_ns(pid: int) -> int:
    """Nanoseconds the process and its children have run, every thread (schedstat's first field)."""
    total = 0
    for process in stack_pids([pid]):
        for task in Path(f"/proc/{process}/task").glob("*"):
            fields = _read(f"{task}/schedstat").split()
            total += int(fields[0]) if fields else 0
    return total


class Conversation:
    def __init__(self, service_url: str, rasa_url: str, token: str):
        self.client = httpx.Client(base_url=service_url, timeout=60)
        self.rasa = httpx.Client(base_url=rasa_url, timeout=60, params={"token": token})
        self.sender = f"cost-{uuid.uuid4().hex[:16]}"
        self.secret: dict = {}

    def say(self, message: str) -> str:
        response = self.client.post("/api/v1/chat", json={"sender": self.sender, "message": message,
                                                          "lang": "sv", "channel": "web", **self.secret})
        response.raise_for_status()
        if response.json().get("secret"):
            self.secret = {"secret": response.json()["secret"]}
        return reply_text(response.json())

    def events(self) -> int:
        return len(self.rasa.get(f"/conversations/{self.sender}/tracker").json()["events"])


def measured_turns(conversation: Conversation, pids: dict[str, int], times: int, expected: str) -> dict:
    """The repeated turn `times` times: mean CPU per process and latencies, each answer checked."""
    cpu: dict[str, list[float]] = {name: [] for name in pids}
    latencies = []
    events_before = conversation.events()
    for _ in range(times):
        before = {name: cpu_ns(pid) for name, pid in pids.items()}
        started = time.perf_counter()
        reply = conversation.say(REPEATED)
        latencies.append((time.perf_counter() - started) * 1000)
        for name, pid in pids.items():
            cpu[name].append((cpu_ns(pid) - before[name]) / 1e6)
        if reply != expected:
            raise AssertionError(f"the repeated turn was answered differently: {reply[:200]!r}")
    return {"tracker_events": events_before,
            "cpu_ms": {name: round(statistics.median(values), 1) for name, values in cpu.items()},
            "cpu_ms_sum": round(sum(statistics.median(values) for values in cpu.values()), 1),
            "latency_ms_median": round(statistics.median(latencies), 1)}


@contextlib.contextmanager
def profiled(pids: dict[str, int], profile_dir: Path | None, phase: str) -> Iterator[None]:
    """py-spy on every process while the block runs: <dir>/<phase>-<process>.txt, one collapsed
    stack a line with its sample count (flamegraph.pl's input; profile_top.py sums it up).
    The measured CPU then includes py-spy's reading of the process: compare runs without it."""
    if profile_dir is None:
        yield
        return
    profile_dir.mkdir(parents=True, exist_ok=True)
    spies = [subprocess.Popen([str(Path(sys.executable).parent / "py-spy"), "record", "--pid", str(pid),
                               "--subprocesses", "--rate", "250", "--format", "raw", "--nonblocking",
                               "--output", str(profile_dir / f"{phase}-{name}.txt")],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
             for name, pid in pids.items()]
    time.sleep(2)  # py-spy attaches
    try:
        yield
    finally:
        for spy in spies:
            spy.send_signal(signal.SIGINT)  # py-spy writes its file on SIGINT
        for spy in spies:
            spy.wait(60)


def run(times: int, port_offset: int, bot_dir: Path | None, profile_dir: Path | None = None) -> dict:
    with tempfile.TemporaryDirectory(prefix="stodkollen-cost-") as data:
        stack = own_stack(port_offset, Path(data), bot_dir)
        start_cold(stack)
        try:
            s = stack.settings
            conversation = Conversation(s.service_url, f"http://{s.internal_host}:{s.rasa_port}",
                                        s.internal_token)
            for message in GROCERY_STORE.messages[:UP_TO]:
                conversation.say(message)
            expected = conversation.say(REPEATED)  # the answer every repetition must give
            pids = {name: process.pid for name, process in stack.processes.items()}
            with profiled(pids, profile_dir, "early"):
                early = measured_turns(conversation, pids, times, expected)
            while conversation.events() < GROWTH * early["tracker_events"]:
                if conversation.say(REPEATED) != expected:
                    raise AssertionError("the repeated turn was answered differently")
            with profiled(pids, profile_dir, "late"):
                late = measured_turns(conversation, pids, times, expected)
        finally:
            stack.stop()
    return {"turn": REPEATED, "early": early, "late": late,
            "late_over_early": {"cpu": round(late["cpu_ms_sum"] / early["cpu_ms_sum"], 2),
                                "latency": round(late["latency_ms_median"] / early["latency_ms_median"], 2)}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--times", type=int, default=15, help="measured turns at N and at 4N")
    parser.add_argument("--port-offset", type=int, default=700)
    parser.add_argument("--bot-dir", type=Path, help="a copy of bot/ with a change to try (its model "
                        "is trained in STODKOLLEN_MODEL_DIR)")
    parser.add_argument("--profile", type=Path, help="a folder for py-spy's profiles of the measured turns")
    args = parser.parse_args(argv)
    report = run(args.times, args.port_offset, args.bot_dir, args.profile)
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
