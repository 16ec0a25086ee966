"""`stodkollen evaluate` as a caseworker runs it (a real process, JSON in and out), and what
`stodkollen run` tells a newcomer to open."""

import json
import subprocess
import sys

import pytest
from examples import STORE
from fastapi.testclient import TestClient

from service.app import create_app
from service.routers.chat import ChatRequest
from stodkollen.cli import CHAT_EXAMPLE, chat_curl, run_instructions
from stodkollen.core.settings import Settings


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



@pytest.mark.parametrize("stdin, field", [
    pytest.param('{"year": 2018, "store": {"opening_hours_per_week": 1e27}}',
                 "store.opening_hours_per_week", id="1e27 hours"),
    pytest.param('{"store": {"distance_to_nearest_grocery_store_km": 1e300}}',
                 "store.distance_to_nearest_grocery_store_km", id="1e300 km"),
    pytest.param('{"year": 2018,\n "store": }', "", id="JSON syntax"),
    pytest.param('{"year": ' + "1" * 5000 + "}", "", id="a number Python will not read"),
])
def test_values_no_shop_has_and_broken_json_exit_2_without_a_traceback(stdin, field):
    done = stodkollen("evaluate", "-", stdin=stdin)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    error = json.loads(done.stderr)["errors"][0]
    assert error["field"] == field
    assert any(words in error["message"] for words in ("större än", "inte giltig JSON", "kunde inte läsas"))


def test_json_syntax_errors_are_said_in_swedish_with_line_and_column():
    done = stodkollen("evaluate", "-", stdin='{"year": 2018,\n "store": }')
    assert json.loads(done.stderr)["errors"][0]["message"] == (
        "Indata är inte giltig JSON: felet står på rad 2, tecken 11.")


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


def test_the_bare_address_opens_the_demo_page(tmp_path):
    with TestClient(create_app(Settings(data_dir=tmp_path))) as client:
        bare = client.get("/", follow_redirects=False)
        assert (bare.status_code, bare.headers["location"]) == (307, "/demo")
        assert "stodkollen-widget.js" in client.get("/").text  # followed: the demo page itself


def test_run_tells_in_swedish_where_the_demo_the_caseworker_pages_and_the_phone_route_are(tmp_path):
    config = Settings(data_dir=tmp_path, service_port=8123, caseworker_password_hash="")
    lines = run_instructions(config, tmp_path / "logs").splitlines()
    assert lines[0] == "Stödkollen är igång." and lines[-1] == "Stoppa med Ctrl-C."
    assert "Öppna demosidan i webbläsaren:  http://127.0.0.1:8123/demo" in lines[1]
    caseworker = lines.index(next(line for line in lines if "/handlaggare" in line))
    assert lines[caseworker].split()[0] == "Handläggarsidorna:"
    assert ".venv/bin/stodkollen caseworker-password" in lines[caseworker + 1]
    assert "STODKOLLEN_CASEWORKER_PASSWORD_HASH" in lines[caseworker + 1]
    phone = next(line for line in lines if "/api/v1/phone" in line)
    assert phone.split()[:2] == ["Telefonplattformen:", "POST"]
    assert str(tmp_path / "phone_platform_token") in lines[lines.index(phone) + 1]
    assert not any(word in line for line in lines for word in ("Starting", "running", "Web service"))


def test_run_says_who_signs_in_once_a_caseworker_password_is_set(tmp_path):
    config = Settings(data_dir=tmp_path, caseworker_user="maria", caseworker_password_hash="pbkdf2$x")
    printed = run_instructions(config, tmp_path / "logs")
    assert "(logga in som maria)" in printed and "caseworker-password" not in printed


def test_run_shows_the_public_chat_route_not_rasas(tmp_path):
    printed = run_instructions(Settings(data_dir=tmp_path, service_port=8123), tmp_path / "logs")
    assert chat_curl("http://127.0.0.1:8123") in printed
    assert "/webhooks/rest" not in printed and ":5005" not in printed
    body = json.loads(CHAT_EXAMPLE)
    assert ChatRequest(**body).message == "Hej"  # the body the route takes, as printed


def test_the_phone_key_file_that_run_names_is_there(tmp_path):
    printed = run_instructions(Settings(data_dir=tmp_path), tmp_path / "logs")
    key_file = tmp_path / "phone_platform_token"
    assert str(key_file) in printed and key_file.read_text().strip()
    given = run_instructions(Settings(data_dir=tmp_path / "other", phone_platform_token_setting="k"),
                             tmp_path / "logs")
    assert "STODKOLLEN_PHONE_PLATFORM_TOKEN" in given
    assert not (tmp_path / "other" / "phone_platform_token").exists()


def test_parse_says_what_opening_times_without_days_give_and_what_the_conversation_asks():
    done = stodkollen("parse", "halv nio till sex")
    assert json.loads(done.stdout) == []
    assert "9,5 timmar om dagen" in done.stderr and "vilka dagar" in done.stderr
    with_days = stodkollen("parse", "vardagar nio till arton")
    assert json.loads(with_days.stdout)[0]["value"] == 45 and "om dagen" not in with_days.stderr
