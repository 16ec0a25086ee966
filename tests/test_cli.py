"""`stodkollen evaluate` as a caseworker runs it: a real process, JSON in and out."""

import json
import subprocess
import sys

from examples import STORE


def stodkollen(*args, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "stodkollen.cli", *args], input=stdin,
                          capture_output=True, text=True, timeout=120)


def driftstod(output: dict) -> dict:
    return next(r for r in output["results"] if r["support"] == "sarskilt_driftstod")


def test_evaluate_from_stdin_in_swedish():
    done = stodkollen("evaluate", "-", stdin=json.dumps(STORE))
    assert done.returncode == 0, done.stderr
    result = driftstod(json.loads(done.stdout))
    assert (result["status"], result["amount_sek"]) == ("eligible", 166_667)
    assert "166\N{NO-BREAK SPACE}667\N{NO-BREAK SPACE}kr" in json.dumps(result, ensure_ascii=False)


def test_evaluate_file_in_english(tmp_path):
    facts = tmp_path / "store.json"
    facts.write_text(json.dumps(STORE), encoding="utf-8")
    done = stodkollen("evaluate", str(facts), "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert driftstod(json.loads(done.stdout))["name"] == "Special operating support"


def test_bad_input_names_the_field_without_a_traceback():
    done = stodkollen("evaluate", "-", stdin=json.dumps({"municipality": "Vannäs", "store": {"kind": 3}}))
    assert done.returncode == 2
    errors = json.loads(done.stderr)["errors"]
    assert {error["field"] for error in errors} == {"municipality", "store.kind"}
    assert "Traceback" not in done.stderr
    assert "Menade du Vännäs?" in errors[0]["message"]


def test_batch_writes_one_line_per_case_and_reports_bad_lines(tmp_path):
    batch = tmp_path / "cases.jsonl"
    cheaper = {**STORE, "store": {**STORE["store"], "grocery_net_turnover_sek": 9_000_000}}
    batch.write_text("\n".join([json.dumps(STORE), json.dumps(cheaper), '{"year": "i fjol"}']) + "\n",
                     encoding="utf-8")
    done = stodkollen("evaluate", "--batch", str(batch), "--no-explain")
    assert done.returncode == 2
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [driftstod(line)["amount_sek"] for line in lines[:2]] == [166_667, 150_000]
    assert lines[2]["line"] == 3 and lines[2]["errors"][0]["field"] == "year"
    assert "3/3" in done.stderr  # the progress bar
