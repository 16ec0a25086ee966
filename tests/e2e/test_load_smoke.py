"""The load benchmark (benchmarks/load.py) in miniature against the shared stack: two users,
one whole conversation each, no waiting. Proves the benchmark works and its report has every
figure; the figures themselves are measured in benchmarks/README.md, never asserted here."""

import importlib.util

from stodkollen.core.settings import ROOT


def load_benchmark():
    spec = importlib.util.spec_from_file_location("load_benchmark", ROOT / "benchmarks" / "load.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_two_users_each_finish_a_whole_conversation(stack):
    load = load_benchmark()
    args = load.arguments(["--url", stack.settings.service_url, "--users", "2", "--conversations", "1",
                           "--think", "0", "--no-throughput"])
    report = load.run(args)

    [level] = report["levels"]
    assert level["errors"] == 0, level["error_examples"]
    assert level["users"] == 2 and level["conversations"] == 2
    # one store and one fuel station: every message of both scripts was answered
    assert level["turns"] == sum(len(script.messages) for script in load.SCRIPTS)
    for figure in ("p50_ms", "p95_ms", "p99_ms", "conversations_per_minute", "turns_per_second"):
        assert level[figure] > 0, figure
    assert {"nproc", "cpu", "memory_gib", "load_average_at_start"} <= report["machine"].keys()
