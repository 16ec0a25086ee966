"""Only the service reaches Rasa and the action server, and only Rasa reaches the NLG: every
internal address of the running stack refuses a caller without the internal token, and the
token is on no command line other users of the machine can read."""

from pathlib import Path

import httpx
import pytest


def test_rasa_refuses_its_api_and_its_channel_without_the_token(stack):
    rasa = stack.settings.rasa_url
    body = {"sender": "e2e-intruder", "message": "Hej"}
    for params in ({}, {"token": "guess"}):
        assert httpx.post(f"{rasa}/webhooks/rest/webhook", json=body, params=params,
                          timeout=30).status_code == 401
        assert httpx.get(f"{rasa}/conversations/e2e-intruder/tracker", params=params,
                         timeout=30).status_code == 401
        assert httpx.post(f"{rasa}/model/parse", json={"text": "Hej"}, params=params,
                          timeout=30).status_code == 401
    token = {"token": stack.settings.internal_token}
    parsed = httpx.post(f"{rasa}/model/parse", json={"text": "Hej"}, params=token, timeout=30)
    assert parsed.status_code == 200


@pytest.mark.parametrize("headers", [{}, {"X-Internal-Token": "guess"}])
def test_the_action_server_answers_only_rasa(stack, headers):
    actions = f"http://{stack.settings.internal_host}:{stack.settings.actions_port}"
    call = {"next_action": "action_prepare_draft", "sender_id": "e2e-intruder",
            "tracker": {"sender_id": "e2e-intruder", "slots": {}, "latest_message": {}, "events": []},
            "domain": {}, "version": "3.6.21"}
    assert httpx.post(f"{actions}/webhook", json=call, headers=headers, timeout=30).status_code == 401
    assert httpx.get(f"{actions}/actions", headers=headers, timeout=30).status_code == 401
    assert httpx.get(f"{actions}/health", timeout=30).status_code == 200  # the stack's health check


def test_the_nlg_and_metrics_refuse_without_the_token_and_the_service_sends_its_headers(stack):
    service = stack.settings.service_url
    refused = httpx.post(f"{service}/nlg", json={"response": "utter_greet"}, timeout=30)
    assert refused.status_code == 401
    assert httpx.get(f"{service}/metrics", timeout=30).status_code == 401
    bearer = {"Authorization": f"Bearer {stack.settings.internal_token}"}
    metrics = httpx.get(f"{service}/metrics", headers=bearer, timeout=30)
    assert metrics.status_code == 200 and "stodkollen_requests_total" in metrics.text
    demo = httpx.get(f"{service}/demo", timeout=30)
    assert "frame-ancestors 'self'" in demo.headers["content-security-policy"]
    assert demo.headers["x-content-type-options"] == "nosniff"


def test_the_endpoints_file_with_the_token_is_for_its_owner_only(stack):
    endpoints = stack.settings.data_dir / "endpoints.yml"
    assert endpoints.stat().st_mode & 0o077 == 0


def session_processes(leader: int) -> dict[int, bytes]:
    """Every process of one started process's session (it and whatever it started): its pid and
    its command line, as any user of the machine can read it."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            # The session id is the 6th field of stat, after the command name in parentheses.
            session = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[3])
            if session == leader:
                found[int(entry.name)] = (entry / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):  # ended while we looked
            continue
    return found


def test_no_command_line_of_the_stack_shows_the_internal_token(stack):
    token = stack.settings.internal_token.encode()
    command_lines = {}
    for name, process in stack.processes.items():
        command_lines[name] = session_processes(process.pid)
        assert process.pid in command_lines[name], f"{name} is not running"
    assert b"stodkollen.rasa_server" in command_lines["rasa"][stack.processes["rasa"].pid]
    for name, processes in command_lines.items():
        for pid, command_line in processes.items():
            assert token not in command_line, f"{name} (pid {pid}) shows the token on its command line"
