"""Tiers by where a test lives and what it uses, so nobody has to remember to mark it:

- e2e: everything under tests/e2e (a stack of Rasa, the action server and the service);
- browser: a test that drives Chromium (it asks for the `browser` fixture), within e2e;
- scale_out: tests/e2e/test_scale_out.py (PostgreSQL, Redis, two Rasa servers);
- unit: the rest, in one process, no stack;
- slow: the unit modules listed below (`make test-fast` runs `unit and not slow`).

The markers are registered in pyproject.toml, where --strict-markers refuses any other.
"""

from pathlib import Path

import pytest

E2E_DIR = Path(__file__).parent / "e2e"
SCALE_OUT_MODULES = {"test_scale_out.py"}
# Unit modules of more than about ten seconds (measured: `pytest -m unit --durations=0`): property
# and fuzz runs, child processes importing Rasa or building the wheel, the whole scenario library,
# the intent model, and the web pages' longer journeys. `make test` runs them; test-fast does not.
SLOW_MODULES = {
    "test_rules_properties.py", "test_fuzz_api.py", "test_rasa_speedups.py", "test_rasa_tracker_errors.py",
    "test_wheel.py", "test_scenario_library.py", "test_intent_holdout.py", "test_workbench_web.py",
    "test_caseworker_session.py", "test_review_page.py", "test_privacy.py",
}


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
            if path.name in SLOW_MODULES:
                item.add_marker(pytest.mark.slow)
