"""stodkollen/stack.py's supervisor on real processes (small Python ones standing in for the
stack's, so that this runs in seconds): a process killed with SIGKILL is started again after
its pause, the others are left alone, every restart is logged and counted, and the service's
/metrics shows the count. The drill on the real stack is tests/e2e/test_faults.py."""

import json
import os
import signal
import sys
import time

from fastapi.testclient import TestClient

from service.app import create_app
from stodkollen.core.settings import Settings
from stodkollen.stack import RESTART_PAUSES_S, TRUSTED_AFTER_S, Stack, Supervisor, read_restarts, wait_until

SLEEPER = [sys.executable, "-c", "import time; time.sleep(600)"]


class SleepingStack(Stack):
    """The stack's supervision, with processes that only sleep."""

    def commands(self) -> dict[str, list[str]]:
        return {"service": SLEEPER, "actions": SLEEPER, "rasa": SLEEPER}


def started(tmp_path) -> SleepingStack:
    stack = SleepingStack(Settings(data_dir=tmp_path), tmp_path / "logs")
    stack.log_dir.mkdir(parents=True)
    for name in stack.commands():
        stack.start_process(name)
    return stack


def kill(stack: Stack, name: str) -> None:
    os.killpg(stack.processes[name].pid, signal.SIGKILL)
    stack.processes[name].wait(timeout=10)


def test_a_killed_process_is_started_again_after_its_pause_and_the_others_keep_running(tmp_path):
    stack = started(tmp_path)
    try:
        supervisor = Supervisor(stack)
        others = {name: stack.processes[name].pid for name in ("service", "actions")}
        kill(stack, "rasa")
        supervisor.check(now=1000.0)  # seen stopped: started again in 1 s
        assert stack.processes["rasa"].poll() is not None
        supervisor.check(now=1000.5)
        assert stack.processes["rasa"].poll() is not None
        supervisor.check(now=1001.0)
        assert stack.processes["rasa"].poll() is None
        assert {name: stack.processes[name].pid for name in others} == others
        assert all(stack.processes[name].poll() is None for name in others)
        assert read_restarts(stack.settings) == {"rasa": 1}
        log = [json.loads(line) for line in (stack.log_dir / "supervisor.log").read_text().splitlines()]
        assert [entry["message"] for entry in log[-2:]] == [
            "process rasa stopped (exit code -9); starting it again in 1 s",
            "process rasa started again (restart 1 since the stack started)"]
    finally:
        stack.stop()


def test_the_pause_doubles_with_each_stop_in_a_row_and_resets_once_trusted(tmp_path):
    stack = started(tmp_path)
    try:
        supervisor = Supervisor(stack)
        now, pauses = 1000.0, []
        for _ in range(len(RESTART_PAUSES_S) + 1):
            kill(stack, "actions")
            supervisor.check(now)
            pauses.append(supervisor.watches["actions"].restart_at - now)
            now = supervisor.watches["actions"].restart_at
            supervisor.check(now)
        assert pauses == [*RESTART_PAUSES_S, RESTART_PAUSES_S[-1]]
        supervisor.check(now + TRUSTED_AFTER_S)  # up for two minutes: trusted again
        kill(stack, "actions")
        supervisor.check(now + TRUSTED_AFTER_S + 1)
        assert supervisor.watches["actions"].restart_at == now + TRUSTED_AFTER_S + 1 + RESTART_PAUSES_S[0]
        assert read_restarts(stack.settings) == {"actions": len(RESTART_PAUSES_S) + 1}
    finally:
        stack.stop()


def test_supervise_restarts_in_real_time_until_told_to_stop(tmp_path):
    stack = started(tmp_path)
    try:
        first = stack.processes["service"].pid
        kill(stack, "service")
        deadline = time.monotonic() + 30
        stack.supervise(until=lambda: stack.processes["service"].pid != first or time.monotonic() > deadline,
                        every=0.1)
        assert stack.processes["service"].poll() is None and stack.processes["service"].pid != first
        assert not stack.supervised
    finally:
        stack.stop()


def test_wait_until_waits_for_the_condition_not_a_fixed_time():
    calls = iter([False, False, True])
    assert wait_until(lambda: next(calls), timeout=5, what="third call", every=0.01) < 1
    try:
        wait_until(lambda: False, timeout=0.05, what="never", every=0.01)
    except TimeoutError as error:
        assert "never" in str(error)
    else:
        raise AssertionError("no TimeoutError")


def test_metrics_show_the_restarts_per_process(tmp_path):
    settings = Settings(data_dir=tmp_path, internal_token_setting="geheim")
    settings.restarts_file.write_text(json.dumps({"rasa": 2, "actions": 1}), encoding="utf-8")
    with TestClient(create_app(settings)) as client:
        text = client.get("/metrics", headers={"Authorization": "Bearer geheim"}).text
    assert 'stodkollen_process_restarts_total{process="rasa"} 2' in text
    assert 'stodkollen_process_restarts_total{process="actions"} 1' in text
    assert 'stodkollen_process_restarts_total{process="service"} 0' in text
