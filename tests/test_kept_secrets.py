"""The secrets the processes share (the internal token, the drafts' link key, the callers' salt)
are made once in the data folder, however many ask at once: under load the service's threads
asked for the link key together at the first drafts after a fresh start, and some got HTTP 500."""

import stat
import threading
from concurrent.futures import ThreadPoolExecutor

from stodkollen.core.settings import Settings

ASKING = 16


def ask_together(data_dir, together: threading.Barrier) -> str:
    together.wait()
    return Settings(data_dir=data_dir).draft_link_key


def test_threads_asking_at_once_for_a_secret_not_yet_made_all_get_the_same_one(tmp_path):
    for attempt in range(20):
        data_dir = tmp_path / str(attempt)
        together = threading.Barrier(ASKING)
        with ThreadPoolExecutor(ASKING) as pool:
            keys = set(pool.map(ask_together, [data_dir] * ASKING, [together] * ASKING))
        assert len(keys) == 1
        kept = data_dir / "draft_link_key"
        assert kept.read_text(encoding="utf-8").strip() in keys
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600
        assert [path.name for path in data_dir.iterdir()] == ["draft_link_key"]  # no draft left
