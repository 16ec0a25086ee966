"""stodkollen/stack.py's helpers for starting, waiting for and stopping one process, on a real
process: a small Python HTTP server standing in for the service, so that this runs in seconds.
The end-to-end tests use the same helpers on the real stack (tests/e2e/test_widget.py)."""

import socket
import sys

import httpx
import pytest

from stodkollen.core.settings import Settings
from stodkollen.stack import Stack, wait_until

# Answers every GET with 200 and the value of STODKOLLEN_TEST_GREETING, as /health would.
SERVER = """
import http.server, os, sys
class Health(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = os.environ.get("STODKOLLEN_TEST_GREETING", "").encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Health).serve_forever()
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class HealthStack(Stack):
    """The stack's process handling, with a server that only answers its health check."""

    def commands(self) -> dict[str, list[str]]:
        return {"service": [sys.executable, "-c", SERVER, str(self.settings.service_port)]}


@pytest.fixture
def stack(tmp_path):
    stack = HealthStack(Settings(data_dir=tmp_path, service_port=free_port()), tmp_path / "logs",
                        extra_environment={"STODKOLLEN_TEST_GREETING": "hej"})
    stack.log_dir.mkdir()
    yield stack
    stack.stop()


def test_a_process_is_started_waited_for_stopped_and_started_again(stack):
    health = stack.health_urls()["service"]
    assert stack.start_and_wait("service", timeout=30) < 30
    first = stack.processes["service"]
    assert httpx.get(health).text == "hej"  # the extra environment reached the process

    stack.stop_process("service")
    assert first.poll() is not None
    with pytest.raises(httpx.ConnectError):
        httpx.get(health)

    stack.start_and_wait("service", timeout=30)
    assert stack.processes["service"] is not first
    assert httpx.get(health).status_code == 200


def test_a_process_that_stops_while_starting_is_named(stack):
    with socket.socket() as taken:  # the port is someone else's: the server cannot start
        taken.bind(("127.0.0.1", stack.settings.service_port))
        with pytest.raises(RuntimeError, match="service stopped while starting"):
            stack.start_and_wait("service", timeout=30)


def test_wait_until_counts_a_not_yet_error_as_false_and_any_other_as_an_error():
    tries = []

    def refused_twice() -> bool:
        tries.append(1)
        if len(tries) < 3:
            raise ConnectionRefusedError
        return True

    assert wait_until(refused_twice, 5, "the server", every=0.01, not_yet=(ConnectionRefusedError,)) < 5
    assert len(tries) == 3
    with pytest.raises(ConnectionRefusedError):
        wait_until(_refused, 5, "the server", every=0.01)
    with pytest.raises(TimeoutError, match="the server: not after 0 s"):
        wait_until(_refused, 0.05, "the server", every=0.01, not_yet=(ConnectionRefusedError,))


def _refused() -> bool:
    raise ConnectionRefusedError
