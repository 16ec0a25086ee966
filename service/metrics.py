"""GET /metrics in Prometheus' text format (version 0.0.4), written by hand: prometheus_client
is not among Rasa's pinned dependencies, and three kinds of figure need little code.

- `stodkollen_turn_seconds`: how long Rasa took to answer a turn (chat and phone alike),
  a histogram by channel; failed turns are counted under errors, not timed.
- `stodkollen_errors_total{kind}`: failed responses by what went wrong (`rasa_unavailable`,
  `rate_limited`, `invalid_input`, `unauthorized`, `not_found`, `client_error`, `server_error`).
- `stodkollen_drafts_created_total{for_caseworker}`: drafts made.
- `stodkollen_requests_total{status}`: every response by status class.
- `stodkollen_process_restarts_total{process}`: processes `stodkollen run` started again after
  they stopped (stodkollen/stack.py keeps the count in a file, so a restarted service still
  shows it; one line per process, 0 for none).

Per process: with several service processes, Prometheus scrapes each (service/README.md).
"""

import bisect
import json
import threading
from collections import defaultdict
from pathlib import Path

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
# Turn latency buckets in seconds: the target is 150 ms at p95, a model may take seconds cold.
TURN_BUCKETS = (0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
ERROR_KINDS = {401: "unauthorized", 403: "unauthorized", 404: "not_found", 422: "invalid_input",
               429: "rate_limited", 503: "rasa_unavailable"}


def _labels(labels: tuple[tuple[str, str], ...]) -> str:
    if not labels:
        return ""
    def escape(value: str) -> str:
        return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")

    return "{" + ",".join(f'{name}="{escape(value)}"' for name, value in labels) + "}"


def _number(value: float) -> str:
    return repr(float(value)) if value != int(value) else str(int(value))


class Metrics:
    def __init__(self):
        self._lock = threading.Lock()
        self.counters: dict[str, dict[tuple, float]] = defaultdict(lambda: defaultdict(float))
        self.turns: dict[str, list[int]] = {}  # channel → count per bucket (cumulative at render)
        self.turn_sums: dict[str, float] = defaultdict(float)

    def count(self, name: str, amount: float = 1, **labels: str) -> None:
        with self._lock:
            self.counters[name][tuple(sorted(labels.items()))] += amount

    def observe_turn(self, seconds: float, channel: str) -> None:
        with self._lock:
            buckets = self.turns.setdefault(channel, [0] * (len(TURN_BUCKETS) + 1))
            buckets[bisect.bisect_left(TURN_BUCKETS, seconds)] += 1
            self.turn_sums[channel] += seconds

    def error(self, kind: str) -> None:
        self.count("stodkollen_errors_total", kind=kind)

    def response(self, status: int) -> None:
        self.count("stodkollen_requests_total", status=f"{status // 100}xx")
        if status >= 400:
            self.error(ERROR_KINDS.get(status, "server_error" if status >= 500 else "client_error"))

    def render(self) -> str:
        helps = {"stodkollen_requests_total": "Responses by status class.",
                 "stodkollen_errors_total": "Failed responses by kind.",
                 "stodkollen_drafts_created_total": "Application drafts created."}
        lines: list[str] = []
        with self._lock:
            for name, text in helps.items():
                lines += [f"# HELP {name} {text}", f"# TYPE {name} counter"]
                lines += [f"{name}{_labels(labels)} {_number(value)}"
                          for labels, value in sorted(self.counters.get(name, {}).items())]
            lines += ["# HELP stodkollen_turn_seconds Time Rasa took to answer a turn.",
                      "# TYPE stodkollen_turn_seconds histogram"]
            for channel, buckets in sorted(self.turns.items()):
                running = 0
                for bound, count in zip((*TURN_BUCKETS, float("inf")), buckets, strict=True):
                    running += count
                    le = "+Inf" if bound == float("inf") else _number(bound)
                    bucket = _labels((("channel", channel), ("le", le)))
                    lines.append(f"stodkollen_turn_seconds_bucket{bucket} {running}")
                lines.append(f"stodkollen_turn_seconds_sum{_labels((('channel', channel),))} "
                             f"{_number(self.turn_sums[channel])}")
                lines.append(f"stodkollen_turn_seconds_count{_labels((('channel', channel),))} {running}")
        return "\n".join(lines) + "\n"


# One per process: the routes, the Rasa client and the middleware all count into it.
METRICS = Metrics()
PROCESSES = ("service", "actions", "rasa")


def render_restarts(restarts_file: Path) -> str:
    try:
        counts = json.loads(restarts_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # not run by `stodkollen run` (systemd counts its own)
        counts = {}
    lines = ["# HELP stodkollen_process_restarts_total Processes started again after they stopped.",
             "# TYPE stodkollen_process_restarts_total counter"]
    for name in sorted(set(PROCESSES) | set(counts)):
        labels = _labels((("process", name),))
        lines.append(f"stodkollen_process_restarts_total{labels} {int(counts.get(name, 0))}")
    return "\n".join(lines) + "\n"


class CountResponses:
    """An ASGI middleware counting every response by its status."""

    def __init__(self, app: ASGIApp, metrics: Metrics = METRICS):
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        started = False

        async def counted(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                self.metrics.response(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, counted)
        except Exception:
            if not started:  # Starlette's outermost layer turns it into a 500
                self.metrics.response(500)
            raise
