"""Rate limits per client: `RateLimiter(per_minute).allow(key) -> bool`.

A sliding window of one minute per key (a client's address, a user name): at most
`per_minute` requests in any 60 seconds. `per_minute=0` turns the limit off, so tests, the
load benchmark and a county with its own gateway limits can do without it.

In memory, per process: with several service processes, each allows `per_minute` — set the
limit per process, or limit at the reverse proxy in front of them (service/README.md).
"""

import math
import threading
import time
from collections import deque
from collections.abc import Callable

WINDOW_S = 60.0
# Forget keys nobody used for a window, so that a stream of new addresses cannot fill memory.
SWEEP_EVERY = 1000


class RateLimiter:
    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic):
        if per_minute < 0:
            raise ValueError("per_minute must be 0 (off) or more")
        self.per_minute = per_minute
        self.clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()  # sync routes run in a thread pool
        self._calls = 0

    @property
    def enabled(self) -> bool:
        return self.per_minute > 0

    def allow(self, key: str) -> bool:
        """Count one request for `key`; False when it is over the limit (and then not counted,
        so a client that keeps trying is let in again a minute after its last accepted request)."""
        if not self.enabled:
            return True
        now = self.clock()
        with self._lock:
            self._calls += 1
            if self._calls % SWEEP_EVERY == 0:
                self._sweep(now)
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - WINDOW_S:
                hits.popleft()
            if len(hits) >= self.per_minute:
                return False
            hits.append(now)
            return True

    def retry_after(self, key: str) -> int:
        """Whole seconds until `key` may send again (for the Retry-After header); 0 if it may now."""
        if not self.enabled:
            return 0
        now = self.clock()
        with self._lock:
            hits = self._hits.get(key)
            if not hits or len(hits) < self.per_minute:
                return 0
            return max(1, math.ceil(hits[0] + WINDOW_S - now))

    def _sweep(self, now: float) -> None:
        for key in [key for key, hits in self._hits.items() if not hits or hits[-1] <= now - WINDOW_S]:
            del self._hits[key]
