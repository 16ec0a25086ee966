"""Train the assistant and run the whole stack: the web service (with the NLG endpoint),
the action server and Rasa, as real processes talking HTTP on this machine.

Used by `stodkollen train`, `stodkollen run` and the end-to-end tests, so all three start
the same thing the same way.

`stodkollen run` also supervises (`Stack.supervise`): a process that stops (killed for its
memory, crashed) is started again after a pause that doubles with each stop in a row (1 s,
2 s, 4 s … at most 60 s; a process up for two minutes is trusted again), while the others
keep serving and the service says "försök igen om en stund" for the seconds it takes. Each
restart is logged (`<data dir>/logs/supervisor.log`, JSON) and counted in
`<data dir>/restarts.json`, which the service shows in /metrics. In production systemd does
the same with the units in deploy/.
"""

import contextlib
import hashlib
import importlib.metadata
import json
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import yaml

from .core import jsonlog
from .core.i18n import N_, translate
from .core.settings import ROOT, Settings
from .log_files import LogRotation, open_log

MODEL_NAME = "stodkollen"
BIN = Path(sys.executable).parent
RESTART_PAUSES_S = (1, 2, 4, 8, 16, 32, 60)  # after the 1st, 2nd, … stop in a row
TRUSTED_AFTER_S = 120  # up this long, a process's next stop is a first stop again
log = logging.getLogger("stodkollen.supervisor")


def wait_until(condition: Callable[[], bool], timeout: float, what: str, every: float = 0.2,
               not_yet: tuple[type[Exception], ...] = ()) -> float:
    """Wait for `condition` (not for a fixed time); the seconds it took, or TimeoutError.
    An exception of a `not_yet` type from `condition` counts as false: a server that refuses
    connections while it starts (psycopg2.OperationalError, redis.ConnectionError)."""
    started = time.monotonic()

    def met() -> bool:
        try:
            return bool(condition())
        except not_yet:
            return False

    while not met():
        if time.monotonic() - started > timeout:
            raise TimeoutError(f"{what}: not after {timeout:.0f} s")
        time.sleep(every)
    return time.monotonic() - started


def answers(url: str) -> bool:
    with contextlib.suppress(httpx.HTTPError):  # not listening (yet)
        return httpx.get(url, timeout=2).status_code == 200
    return False


def model_path(settings: Settings) -> Path:
    return settings.model_dir / f"{MODEL_NAME}.tar.gz"


# What a model is trained from, under bot/: a change to any of these files needs a new model.
TRAINING_INPUTS = ("config.yml", "domain", "data")


def training_fingerprint(bot_dir: Path) -> str:
    """A hash of the training files' names and contents and of Rasa's version. Rasa's own
    check (`rasa train` on unchanged data) loads and validates everything and re-saves the
    model, ~25 s; this reads a few hundred kB."""
    digest = hashlib.sha256(f"rasa {importlib.metadata.version('rasa')}\n".encode())
    for name in TRAINING_INPUTS:
        top = bot_dir / name
        for path in sorted([top] if top.is_file() else top.rglob("*")):
            if path.is_file():
                digest.update(f"{path.relative_to(bot_dir).as_posix()}\n".encode())
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def fingerprint_path(settings: Settings) -> Path:
    """Next to the model: which training files made it, and which model file that is."""
    return settings.model_dir / f"{MODEL_NAME}.fingerprint.json"


def _model_hash(settings: Settings) -> str:
    return hashlib.sha256(model_path(settings).read_bytes()).hexdigest()


def training_needed(settings: Settings) -> bool:
    """True unless the model was trained from the training files as they are now. A model put
    there by hand (another model, another copy) has no record of ours and is trained again."""
    if not model_path(settings).exists():
        return True
    try:
        kept = json.loads(fingerprint_path(settings).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return True
    return kept != {"training_inputs": training_fingerprint(settings.bot_dir), "model": _model_hash(settings)}


def train(settings: Settings) -> Path:
    """Train unless nothing changed since the model was trained (training_needed)."""
    if not training_needed(settings):
        return model_path(settings)
    inputs = training_fingerprint(settings.bot_dir)  # before training: an edit during it retrains next time
    settings.model_dir.mkdir(parents=True, exist_ok=True)
    # Rasa still compares its own fingerprints: with our record missing (a first run) and the
    # data unchanged, it keeps the model rather than training again.
    subprocess.run([str(BIN / "rasa"), "train", "--domain", "domain", "--data", "data",
                    "--config", "config.yml", "--out", str(settings.model_dir),
                    "--fixed-model-name", MODEL_NAME],
                   cwd=settings.bot_dir, check=True, env=_environment(settings))
    fingerprint_path(settings).write_text(json.dumps(
        {"training_inputs": inputs, "model": _model_hash(settings)}), encoding="utf-8")
    return model_path(settings)


def lock_store(url: str) -> dict:
    """Rasa's lock store from redis://host:port/db: every Rasa server serving one conversation
    must take the same lock, or two of them could answer one shop owner at once."""
    parts = urlsplit(url)
    if parts.scheme != "redis" or not parts.hostname:
        raise ValueError(f"STODKOLLEN_LOCK_STORE_URL must be redis://host:port/db, not {url!r}")
    # Rasa's own RedisLockStore is not atomic between servers; ours is (rasa_lock_store.py).
    store = {"type": "stodkollen.rasa_lock_store.AtomicRedisLockStore", "url": parts.hostname,
             "port": parts.port or 6379,
             "db": int(parts.path.strip("/") or 0)}
    if parts.password:
        store["password"] = parts.password
    return store


def endpoints_file(settings: Settings) -> Path:
    """Rasa's endpoints for this run: our action server, our NLG route (both shown the internal
    token in a header, which stays out of URLs and so out of access logs), the tracker store
    (SQLite under the data folder, or the SQL database given in the settings) and, when set, the
    Redis lock store. The file holds the token: readable by its owner only."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    if settings.tracker_store_url:
        tracker_store = {"type": "SQL", "url": settings.tracker_store_url}
    else:
        tracker_store = {"type": "SQL", "dialect": "sqlite",
                         "db": str(settings.data_dir / "rasa_tracker.sqlite")}
    internal = {"X-Internal-Token": settings.internal_token}
    endpoints = {"action_endpoint": {"url": settings.actions_url, "headers": dict(internal)},
                 "nlg": {"url": settings.nlg_url, "headers": dict(internal)},
                 "tracker_store": tracker_store}
    if settings.lock_store_url:
        endpoints["lock_store"] = lock_store(settings.lock_store_url)
    path = settings.data_dir / "endpoints.yml"
    path.touch(mode=0o600)
    path.chmod(0o600)  # also when an older run left it readable
    path.write_text(yaml.safe_dump(endpoints, sort_keys=False), encoding="utf-8")
    return path


def logging_config_file(settings: Settings, process: str) -> Path:
    """The JSON logging configuration (stodkollen/core/jsonlog.py) for one process, as a file."""
    path = settings.data_dir / f"logging-{process}.json"
    path.write_text(json.dumps(jsonlog.logging_config(process)), encoding="utf-8")
    return path


def rasa_names(settings: Settings) -> list[str]:
    """"rasa", then "rasa-2", … when the stack runs more than one Rasa server."""
    return ["rasa" if number == 0 else f"rasa-{number + 1}"
            for number in range(max(1, settings.rasa_instances))]


def _environment(settings: Settings) -> dict:
    environment = dict(os.environ, PYTHONPATH=str(ROOT), SANIC_HOST=settings.internal_host)
    environment.update(settings.as_environment())  # every process reads the same ports and data folder
    # The secret Rasa, the action server and the service show each other (given, or the data
    # folder's own): in the environment, not on a command line other users can read.
    environment["STODKOLLEN_INTERNAL_TOKEN"] = settings.internal_token
    # Keep TensorFlow and Rasa quiet and local: no telemetry from this machine.
    environment.update(TF_CPP_MIN_LOG_LEVEL="2", RASA_TELEMETRY_ENABLED="false")
    return environment


@dataclass
class Stack:
    settings: Settings
    log_dir: Path
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    supervised: bool = False
    # Added to every process's environment, also when the supervisor starts one again: settings
    # that Settings.as_environment does not hand on (a caseworker's password hash, which Rasa and
    # the action server have no business seeing; a test's CORS origin).
    extra_environment: dict[str, str] = field(default_factory=dict)

    def commands(self) -> dict[str, list[str]]:
        s = self.settings
        commands = {
            # --ws none: uvicorn would pick up Rasa's old websockets (<11) and fail on it.
            # --no-proxy-headers: X-Forwarded-For is read by the service, from trusted proxies only
            # (service/client_address.py); uvicorn's own reading trusts anyone on 127.0.0.1.
            "service": [sys.executable, "-m", "uvicorn", "service.app:app", "--ws", "none", "--host", s.host,
                        "--port", str(s.service_port), "--no-proxy-headers",
                        "--log-config", str(logging_config_file(s, "service"))],
            "actions": [sys.executable, "-m", "stodkollen.logged", "actions", "actions.server",
                        "--port", str(s.actions_port)],
        }
        endpoints = endpoints_file(s)
        for number, name in enumerate(rasa_names(s)):
            # Rasa takes its API token only on its command line, which any user may read: the
            # launcher adds it from the environment inside the process (stodkollen/rasa_server.py).
            commands[name] = [sys.executable, "-m", "stodkollen.rasa_server", name,
                              "run", "--enable-api",
                              "--model", str(model_path(s)), "--endpoints", str(endpoints),
                              "--credentials", "credentials.yml",
                              "--interface", s.internal_host, "--port", str(s.rasa_port + number)]
        return commands

    def health_urls(self) -> dict[str, str]:
        s = self.settings
        urls = {"service": f"http://{s.internal_host}:{s.service_port}/health",
                "actions": f"http://{s.internal_host}:{s.actions_port}/health"}
        for number, name in enumerate(rasa_names(s)):
            urls[name] = f"http://{s.internal_host}:{s.rasa_port + number}/"
        return urls

    def start(self, timeout: float = 240) -> "Stack":
        self.log_dir.mkdir(parents=True, exist_ok=True)
        write_restarts(self.settings, {})  # counted from this start
        for name in self.commands():
            self.start_process(name)
        try:
            self.wait_until_ready(timeout)
        except (RuntimeError, TimeoutError):
            self.stop()
            raise
        return self

    def start_process(self, name: str) -> subprocess.Popen:
        """Start one process (again) with its command, folder, log file and environment."""
        log_file = open_log(self.log_dir / f"{name}.log")  # 0640, rotated by supervise()
        cwd = self.settings.bot_dir if name.startswith("rasa") else ROOT
        self.processes[name] = subprocess.Popen(self.commands()[name], cwd=cwd, stdout=log_file,
                                                stderr=subprocess.STDOUT,
                                                env={**_environment(self.settings), **self.extra_environment},
                                                start_new_session=True)
        log_file.close()  # the child has its own copy
        return self.processes[name]

    def start_and_wait(self, name: str, timeout: float = 240) -> float:
        """Start one process that is not running (stopped, or never started) and wait until it
        answers its health check; the seconds it took (TimeoutError, or RuntimeError if it stops)."""
        self.start_process(name)
        return self.wait_until_ready(timeout, [name])

    def wait_until_ready(self, timeout: float, names: list[str] | None = None) -> float:
        """Until each named process (all by default) answers its health check; the seconds it took.
        A process that stops meanwhile is a RuntimeError, unless a supervisor is starting it again."""
        waiting = dict(self.health_urls()) if names is None else {n: self.health_urls()[n] for n in names}

        def ready() -> bool:
            for name, url in list(waiting.items()):
                if self.processes[name].poll() is not None and not self.supervised:
                    raise RuntimeError(f"{name} stopped while starting; see {self.log_dir / name}.log")
                if answers(url):
                    del waiting[name]
            return not waiting

        return wait_until(ready, timeout, f"ready: {', '.join(waiting)}", every=0.3)

    def supervise(self, until: Callable[[], bool] = lambda: False, every: float = 1.0) -> None:
        """Start again any process that stops, until `until()` is true (Ctrl-C for `stodkollen run`)."""
        supervisor = Supervisor(self)
        logs = LogRotation(self.log_dir, self.settings.log_max_mb * 1024 * 1024, self.settings.log_keep_days)
        self.supervised = True
        try:
            while not until():
                supervisor.check(time.monotonic())
                logs.tick()
                time.sleep(every)
        finally:
            self.supervised = False

    def restart(self, timeout: float = 240) -> "Stack":
        self.stop()
        self.processes.clear()
        return self.start(timeout)

    def stop_process(self, name: str, timeout: float = 20) -> None:
        """Stop one process and what it started (its process group): SIGTERM, then SIGKILL if it
        is still there after `timeout` s. start_and_wait brings it back."""
        process = self.processes[name]
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
        _wait_or_kill(process, timeout)

    def stop(self) -> None:
        # Every process told first, then waited for: the slowest sets the time, not their sum.
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            _wait_or_kill(process, 20)


def _wait_or_kill(process: subprocess.Popen, timeout: float) -> None:
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=timeout)


def read_restarts(settings: Settings) -> dict[str, int]:
    with contextlib.suppress(OSError, ValueError):
        return json.loads(settings.restarts_file.read_text(encoding="utf-8"))
    return {}


def write_restarts(settings: Settings, counts: dict[str, int]) -> None:
    """Whole or not at all (the service may read it at any moment)."""
    path = settings.restarts_file
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f"{path.name}.{os.getpid()}")
    draft.write_text(json.dumps(counts, sort_keys=True), encoding="utf-8")
    os.replace(draft, path)


@dataclass
class Watch:
    """What the supervisor knows of one process."""
    stops_in_a_row: int = 0
    started_at: float = 0.0
    restart_at: float | None = None  # a stop was seen; start it again then


class Supervisor:
    """One look at each process per `check`: a stopped one is given its pause, then started."""

    def __init__(self, stack: Stack):
        self.stack = stack
        now = time.monotonic()
        self.watches = {name: Watch(started_at=now) for name in stack.processes}
        self.restarts = read_restarts(stack.settings)
        # One JSON line per event, beside the processes' own logs (one supervisor at a time).
        for old in list(log.handlers):
            log.removeHandler(old)
            old.close()
        path = stack.log_dir / "supervisor.log"
        open_log(path).close()  # made 0640, as the others
        handler = logging.FileHandler(path, encoding="utf-8")
        handler.setFormatter(jsonlog.JsonFormatter("supervisor"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)

    def check(self, now: float) -> None:
        for name, process in list(self.stack.processes.items()):
            watch = self.watches.setdefault(name, Watch(started_at=now))
            code = process.poll()
            if code is None:
                if watch.stops_in_a_row and now - watch.started_at >= TRUSTED_AFTER_S:
                    watch.stops_in_a_row = 0
            elif watch.restart_at is None:
                pause = RESTART_PAUSES_S[min(watch.stops_in_a_row, len(RESTART_PAUSES_S) - 1)]
                watch.restart_at = now + pause
                log.warning("process %s stopped (exit code %s); starting it again in %s s", name, code, pause)
                print(translate(N_("cli.run.restarting"), self.stack.settings.default_language,
                                name=name, seconds=pause), file=sys.stderr, flush=True)
            elif now >= watch.restart_at:
                self.stack.start_process(name)
                watch.stops_in_a_row += 1
                watch.started_at, watch.restart_at = now, None
                self.restarts[name] = self.restarts.get(name, 0) + 1
                write_restarts(self.stack.settings, self.restarts)
                log.warning("process %s started again (restart %d since the stack started)",
                            name, self.restarts[name])


def prepare(settings: Settings) -> None:
    """What a process manager needs before it starts the processes itself (deploy/, systemd):
    Rasa's endpoints file, the service's logging configuration, and a current model."""
    endpoints_file(settings)
    logging_config_file(settings, "service")
    train(settings)


if __name__ == "__main__":  # `python -m stodkollen.stack prepare` (deploy/stodkollen-prepare.service)
    from .core.settings import settings as current_settings

    if sys.argv[1:] != ["prepare"]:
        sys.exit("usage: python -m stodkollen.stack prepare")
    prepare(current_settings())
