"""Tiers by where a test lives and what it uses, so nobody has to remember to mark it:

- e2e: everything under tests/e2e (a stack of Rasa, the action server and the service);
- browser: a test that drives Chromium (it asks for the `browser` fixture), within e2e;
- scale_out: tests/e2e/test_scale_out.py (PostgreSQL, Redis, two Rasa servers);
- unit: the rest, in one process, no stack (`make test-fast` runs those not marked slow).

The markers are registered in pyproject.toml, where --strict-markers refuses any other.
"""

from pathlib import Path

import pytest

E2E_DIR = Path(__file__).parent / "e2e"
SCALE_OUT_MODULES = {"test_scale_out.py"}


def pytest_collection_modifyitems(items):
    for item in items:
        path = Path(str(item.fspath))
        if E2E_DIR in path.parents:
            item.add_marker(pytest.mark.e2e)
            if "browser" in getattr(item, "fixturenames", ()):
                item.add_marker(pytest.mark.browser)
            if path.name in SCALE_OUT_MODULES:
                item.add_marker(pytest.mark.scale_out)
        else:
            item.add_marker(pytest.mark.unit)
