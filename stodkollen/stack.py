"""Train the assistant and run the whole stack: the web service (with the NLG endpoint),
the action server and Rasa, as real processes talking HTTP on this machine.

Used by `stodkollen train`, `stodkollen run` and the end-to-end tests, so all three start
the same thing the same way.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import yaml

from .settings import ROOT, Settings

MODEL_NAME = "stodkollen"
BIN = Path(sys.executable).parent


def model_path(settings: Settings) -> Path:
    return settings.model_dir / f"{MODEL_NAME}.tar.gz"


def train(settings: Settings) -> Path:
    """Train unless nothing changed: Rasa compares the data's fingerprint with the model's."""
    settings.model_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run([str(BIN / "rasa"), "train", "--domain", "domain", "--data", "data",
                    "--config", "config.yml", "--out", str(settings.model_dir),
                    "--fixed-model-name", MODEL_NAME],
                   cwd=settings.bot_dir, check=True, env=_environment(settings))
    return model_path(settings)


def endpoints_file(settings: Settings) -> Path:
    """Rasa's endpoints for this run: our action server, our NLG route, and the tracker store
    (SQLite under the data folder, or the SQL database given in the settings)."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    if settings.tracker_store_url:
        tracker_store = {"type": "SQL", "url": settings.tracker_store_url}
    else:
        tracker_store = {"type": "SQL", "dialect": "sqlite",
                         "db": str(settings.data_dir / "rasa_tracker.sqlite")}
    endpoints = {"action_endpoint": {"url": settings.actions_url},
                 "nlg": {"url": settings.nlg_url},
                 "tracker_store": tracker_store}
    path = settings.data_dir / "endpoints.yml"
    path.write_text(yaml.safe_dump(endpoints, sort_keys=False), encoding="utf-8")
    return path


def _environment(settings: Settings) -> dict:
    environment = dict(os.environ, PYTHONPATH=str(ROOT), SANIC_HOST=settings.internal_host)
    environment.update(settings.as_environment())  # every process reads the same ports and data folder
    # Keep TensorFlow and Rasa quiet and local: no telemetry from this machine.
    environment.update(TF_CPP_MIN_LOG_LEVEL="2", RASA_TELEMETRY_ENABLED="false")
    return environment


@dataclass
class Stack:
    settings: Settings
    log_dir: Path
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    def commands(self) -> dict[str, list[str]]:
        s = self.settings
        return {
            # --ws none: uvicorn would pick up Rasa's old websockets (<11) and fail on it.
            "service": [sys.executable, "-m", "uvicorn", "service.app:app", "--ws", "none", "--host", s.host,
                        "--port", str(s.service_port)],
            "actions": [sys.executable, "-m", "rasa_sdk", "--actions", "actions",
                        "--port", str(s.actions_port)],
            "rasa": [str(BIN / "rasa"), "run", "--enable-api", "--model", str(model_path(s)),
                     "--endpoints", str(endpoints_file(s)), "--credentials", "credentials.yml",
                     "--interface", s.internal_host, "--port", str(s.rasa_port)],
        }

    def health_urls(self) -> dict[str, str]:
        s = self.settings
        return {"service": f"http://{s.internal_host}:{s.service_port}/health",
                "actions": f"http://{s.internal_host}:{s.actions_port}/health",
                "rasa": f"{s.rasa_url}/"}

    def start(self, timeout: float = 240) -> "Stack":
        self.log_dir.mkdir(parents=True, exist_ok=True)
        for name, command in self.commands().items():
            log = open(self.log_dir / f"{name}.log", "ab")
            cwd = self.settings.bot_dir if name == "rasa" else ROOT
            self.processes[name] = subprocess.Popen(command, cwd=cwd, stdout=log, stderr=subprocess.STDOUT,
                                                    env=_environment(self.settings), start_new_session=True)
        self.wait_until_ready(timeout)
        return self

    def wait_until_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        waiting = dict(self.health_urls())
        while waiting:
            for name, url in list(waiting.items()):
                if self.processes[name].poll() is not None:
                    self.stop()
                    raise RuntimeError(f"{name} stopped while starting; see {self.log_dir / name}.log")
                with contextlib.suppress(httpx.HTTPError):  # not listening yet
                    if httpx.get(url, timeout=2).status_code == 200:
                        del waiting[name]
            if time.monotonic() > deadline:
                self.stop()
                raise TimeoutError(f"not ready after {timeout:.0f} s: {', '.join(waiting)}")
            time.sleep(0.5)

    def restart(self, timeout: float = 240) -> "Stack":
        self.stop()
        self.processes.clear()
        return self.start(timeout)

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
