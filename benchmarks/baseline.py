"""The bot a Rasa team would compare Stödkollen with: a plain `rasa init` bot (DIET + TED, no
action server, Rasa's in-memory tracker store), run on the same machine, in the same run and
under the same load client, so that each figure can be given as a ratio to it
(`python benchmarks/load.py --baseline`). Shared machines are noisy; the ratio holds better
from one run to the next than either figure alone.

The bot is created with the project's own Rasa (`rasa init --no-prompt`) and trained once in
a cache folder (~/.cache/stodkollen-baseline, or STODKOLLEN_BASELINE_DIR), one per Rasa
release; a later run starts it in seconds.
"""

import asyncio
import contextlib
import importlib.metadata
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx

RASA = Path(sys.executable).parent / "rasa"
CACHE = Path(os.environ.get("STODKOLLEN_BASELINE_DIR", Path.home() / ".cache" / "stodkollen-baseline"))
# The plain bot's own phrases, in the order of its own stories: a mood conversation, then the
# question its rule answers, whose reply also proves the bot understood (not just answered).
PHRASES = ("hello", "I am sad", "yes", "great", "bye", "are you a bot?")
EXPECTED = {5: "I am a bot"}


def trained_bot(cache: Path = CACHE) -> Path:
    """The plain bot's folder with its trained model: created and trained on the first call."""
    folder = cache / f"rasa-init-{importlib.metadata.version('rasa')}"
    if next(folder.glob("models/*.tar.gz"), None):
        return folder
    building = cache / f"building-{os.getpid()}"
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    # `rasa init` trains too (minutes with DIET and TED on two cores); a half-built folder is
    # never taken for a finished one, as the rename comes last.
    subprocess.run([str(RASA), "init", "--no-prompt", "--init-dir", str(building)], cwd=building, check=True,
                   env=dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2"),
                   stdout=subprocess.DEVNULL)
    shutil.rmtree(folder, ignore_errors=True)
    building.rename(folder)
    return folder


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class BaselineBot:
    """`rasa run --enable-api` on the plain bot, REST channel, a free port; stopped on exit."""

    def __init__(self):
        self.folder = trained_bot()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_file = self.folder / "run.log"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "BaselineBot":
        with open(self.log_file, "ab") as log:
            self.process = subprocess.Popen(
                [str(RASA), "run", "--enable-api", "--interface", "127.0.0.1", "--port", str(self.port)],
                cwd=self.folder, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                env=dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2"))
        deadline = time.monotonic() + 240
        while not self._answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.__exit__()
                raise RuntimeError(f"the plain rasa init bot did not start: see {self.log_file}")
            time.sleep(0.2)
        return self

    def _answers(self) -> bool:
        with contextlib.suppress(httpx.HTTPError):
            response = httpx.post(f"{self.url}/webhooks/rest/webhook", timeout=30,
                                  json={"sender": f"warm-{uuid.uuid4().hex[:12]}", "message": "hello"})
            return response.status_code == 200 and bool(response.json())
        return False

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


async def converse(client: httpx.AsyncClient, number: int, think_s: tuple[float, float], results) -> None:
    """One conversation of the plain bot's phrases through its REST webhook, as load.converse
    does for Stödkollen: a turn with no reply, or the wrong one, is an error."""
    sender = f"load-{uuid.uuid4().hex[:16]}"
    for index, message in enumerate(PHRASES):
        if index and think_s[1] > 0:
            await asyncio.sleep(random.uniform(*think_s))
        started = time.perf_counter()
        try:
            response = await client.post("/webhooks/rest/webhook",
                                         json={"sender": sender, "message": message})
        except httpx.HTTPError as error:
            results.errors.append(f"baseline turn {index}: {type(error).__name__}")
            return
        results.latencies_s.append(time.perf_counter() - started)
        if response.status_code != 200:
            results.errors.append(f"baseline turn {index}: HTTP {response.status_code}")
            return
        text = "\n".join(reply.get("text") or "" for reply in response.json())
        if not text or EXPECTED.get(index, "") not in text:
            results.errors.append(f"baseline turn {index}: {text[:120]!r} to {message!r}")
            return
    results.conversations += 1
