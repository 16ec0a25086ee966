"""Code run in a Python process of its own: the speed-ups patch Rasa (and a freeze the garbage
collector) for the whole process, so a test of them must not leave its own process changed."""

import json
import subprocess
import sys


def run_in_child(code: str, *arguments: str, timeout_s: int = 600) -> subprocess.CompletedProcess:
    """`python -c code arguments…`, once it has ended without an error."""
    done = subprocess.run([sys.executable, "-c", code, *arguments], capture_output=True, text=True,
                          timeout=timeout_s)
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def last_answer(done: subprocess.CompletedProcess):
    """The JSON the child printed last."""
    return json.loads(done.stdout.strip().splitlines()[-1])


def answer_of_child(code: str, *arguments: str, timeout_s: int = 600):
    return last_answer(run_in_child(code, *arguments, timeout_s=timeout_s))
