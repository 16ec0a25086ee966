"""The processes' log files (`<data dir>/logs/<process>.log`): made readable by the owner and
the group only (0640), rotated by size and by age, and rotated files removed when old.

`stodkollen run` writes each process's standard output to its file (stack.py) and calls
`LogRotation.tick` from its supervising loop. A rotation copies the file to
`<process>.log.<UTC time>` and empties it ("copytruncate"): the processes hold the file open in
append mode, so they go on writing at its new start, and none has to be told or restarted. A
line written between the copy and the emptying is lost; at one rotation a day or per
`max_bytes`, that is the price of never stopping a process for its log.

The lines themselves carry no secrets or conversation ids (stodkollen/core/jsonlog.py), but
they do say who did what when, so they are kept no longer than `keep_days`.
"""

import json
import os
import re
import shutil
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO

LOG_MODE = 0o640
STAMP = "%Y%m%dT%H%M%SZ"
ROTATED = re.compile(r"(?P<log>.+\.log)\.(?P<stamp>\d{8}T\d{6}Z)")
DAY_S = 24 * 3600
CHECK_EVERY_S = 60


def private_log(path: Path) -> None:
    """No one but the owner and the group reads it; an older file loses what others could."""
    mode = stat.S_IMODE(os.stat(path).st_mode)
    if mode & ~LOG_MODE:
        os.chmod(path, mode & LOG_MODE)


def open_log(path: Path) -> BinaryIO:
    """The log file for appending (made 0640 if new), to hand to a process as its output."""
    handle = os.fdopen(os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, LOG_MODE), "ab")
    private_log(path)
    return handle


def _stamp_time(stamp: str) -> float:
    return datetime.strptime(stamp, STAMP).replace(tzinfo=timezone.utc).timestamp()


def _first_line_time(path: Path) -> float | None:
    """When the file's first line was written (our JSON lines carry it), if it says."""
    try:
        with open(path, encoding="utf-8", errors="replace") as file:
            return datetime.fromisoformat(json.loads(file.readline())["time"]).timestamp()
    except (OSError, ValueError, KeyError, TypeError):
        return None


@dataclass
class LogRotation:
    log_dir: Path
    max_bytes: int
    keep_days: int
    keep_files: int = 30  # per log, so that a flood of lines cannot fill the disk either
    clock: Callable[[], float] = time.time
    _checked_at: float = field(default=float("-inf"), init=False)

    def tick(self) -> None:
        """Rotate now if a minute has passed since the last look (the supervisor calls this
        every second)."""
        now = self.clock()
        if now - self._checked_at >= CHECK_EVERY_S:
            self._checked_at = now
            self.rotate()

    def rotated(self) -> dict[str, list[tuple[float, Path]]]:
        """Each log's rotated files with their times, oldest first."""
        found: dict[str, list[tuple[float, Path]]] = {}
        for path in self.log_dir.glob("*.log.*"):
            if match := ROTATED.fullmatch(path.name):
                found.setdefault(match["log"], []).append((_stamp_time(match["stamp"]), path))
        return {log: sorted(files) for log, files in found.items()}

    def rotate(self) -> list[Path]:
        """Rotate each log that is too big or a day old; remove what is past its keeping.
        Returns the files made."""
        now = self.clock()
        rotated = self.rotated()
        made = []
        for path in sorted(self.log_dir.glob("*.log")):
            private_log(path)
            size = path.stat().st_size
            if not size:
                continue
            earlier = rotated.get(path.name)
            began = earlier[-1][0] if earlier else _first_line_time(path)
            if size >= self.max_bytes or (began is not None and now - began >= DAY_S):
                made.append(self._copy_and_empty(path, now))
        self._remove_old(now)
        return made

    def _copy_and_empty(self, path: Path, now: float) -> Path:
        target = path.with_name(f"{path.name}.{datetime.fromtimestamp(now, timezone.utc).strftime(STAMP)}")
        with open(path, "rb") as source, os.fdopen(
                os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, LOG_MODE), "wb") as copy:
            shutil.copyfileobj(source, copy)
        os.truncate(path, 0)
        return target

    def _remove_old(self, now: float) -> None:
        for files in self.rotated().values():
            for number, (when, path) in enumerate(reversed(files)):
                if number >= self.keep_files or now - when > self.keep_days * DAY_S:
                    path.unlink(missing_ok=True)
