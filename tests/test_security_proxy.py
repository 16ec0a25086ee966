"""Limits behind a reverse proxy (service/client_address.py), through a real one.

The service runs in uvicorn as `stodkollen run` starts it (no proxy headers of uvicorn's own),
trusting one proxy, 127.0.0.1. A small reverse proxy on localhost forwards to it from
127.0.0.1 and adds the client's address to X-Forwarded-For, as nginx does. Clients connect
from other loopback addresses (127.0.0.3, 127.0.0.4: each a different person), through the
proxy or straight to the service with headers of their own making. The service and its rate
limits last for the module: each test uses people of its own."""

import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
import uvicorn

from service.app import create_app
from service.caseworkers import hash_password
from service.client_address import networks, real_client
from stodkollen.core.settings import Settings

PROXY = "127.0.0.1"
ALICE, MALLORY, CASEWORKER, EVE = "127.0.0.3", "127.0.0.4", "127.0.0.5", "127.0.0.6"
PASSWORD = "rätt häst batteri häftklammer"
LIMIT = 3
HOP_BY_HOP = ("content-length", "transfer-encoding", "connection", "content-encoding")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    port = free_port()
    settings = Settings(data_dir=tmp_path_factory.mktemp("proxy"), service_port=port,
                        trusted_proxies=(PROXY,), rate_limit_evaluate_per_minute=LIMIT,
                        caseworker_login_failures_per_minute=LIMIT,
                        caseworker_password_hash=hash_password(PASSWORD, iterations=1_000))
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port,
                                           proxy_headers=False, ws="none", log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the service did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def proxy(service):
    """A reverse proxy in a few lines: forwards from 127.0.0.1, appends the client to XFF."""
    upstream = httpx.Client(base_url=service, transport=httpx.HTTPTransport(local_address=PROXY))

    class Forward(BaseHTTPRequestHandler):
        def forward(self) -> None:
            headers = {name: value for name, value in self.headers.items()
                       if name.lower() not in ("host", "content-length", "connection", "x-forwarded-for")}
            seen, client = self.headers.get("X-Forwarded-For"), self.client_address[0]
            headers["X-Forwarded-For"] = f"{seen}, {client}" if seen else client
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            answer = upstream.request(self.command, self.path, headers=headers, content=body)
            self.send_response(answer.status_code)
            for name, value in answer.headers.multi_items():
                if name.lower() not in HOP_BY_HOP:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer.content)))
            self.end_headers()
            self.wfile.write(answer.content)

        do_GET = do_POST = forward

        def log_message(self, *_args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Forward)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    upstream.close()


def person(address: str, base_url: str) -> httpx.Client:
    return httpx.Client(base_url=base_url, transport=httpx.HTTPTransport(local_address=address), timeout=30)


def evaluate(client: httpx.Client, **headers) -> int:
    return client.post("/api/v1/evaluate", json={"year": 2018}, headers=headers).status_code


def test_through_the_proxy_each_person_has_a_bucket_of_their_own(proxy):
    with person(ALICE, proxy) as alice, person(MALLORY, proxy) as mallory:
        assert [evaluate(mallory) for _ in range(LIMIT + 1)] == [200] * LIMIT + [429]
        assert evaluate(alice) == 200  # not everyone behind the proxy in one bucket
        # what a client writes into the header itself is not believed: the proxy's last word is
        assert evaluate(mallory, **{"X-Forwarded-For": "198.51.100.7"}) == 429


def test_straight_to_the_service_a_forged_header_buys_no_fresh_bucket(service):
    with person(EVE, service) as eve:
        statuses = [evaluate(eve, **{"X-Forwarded-For": f"203.0.113.{n}"}) for n in range(LIMIT + 2)]
    assert statuses == [200] * LIMIT + [429, 429]


def sign_in(client: httpx.Client, password: str) -> httpx.Response:
    form = client.get("/handlaggare/logga-in").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    return client.post("/handlaggare/logga-in", follow_redirects=False,
                       data={"user": "handlaggare", "password": password, "csrf_token": token})


def test_an_attacker_behind_the_proxy_locks_only_himself_out(proxy):
    with person(MALLORY, proxy) as mallory, person(CASEWORKER, proxy) as caseworker:
        assert [sign_in(mallory, "gissning").status_code for _ in range(LIMIT)] == [422] * LIMIT
        assert sign_in(mallory, PASSWORD).status_code == 429  # locked out, even with the password
        assert sign_in(caseworker, PASSWORD).status_code == 303  # the caseworker signs in


@pytest.mark.parametrize("peer, forwarded, trusted, client", [
    ("10.0.0.5", ["198.51.100.7"], ["10.0.0.5"], "198.51.100.7"),
    ("10.0.0.5", ["1.2.3.4, 198.51.100.7"], ["10.0.0.5"], "198.51.100.7"),  # the left is the client's own
    ("10.0.0.5", ["198.51.100.7, 10.1.2.3"], ["10.0.0.0/8"], "198.51.100.7"),  # two proxies of ours
    ("10.0.0.5", ["198.51.100.7", "10.1.2.3"], ["10.0.0.0/8"], "198.51.100.7"),  # the header twice
    ("10.0.0.5", [], ["10.0.0.5"], "10.0.0.5"),
    ("10.0.0.5", ["10.0.0.9"], ["10.0.0.0/8"], "10.0.0.9"),  # only ours: the farthest
    ("192.0.2.1", ["198.51.100.7"], ["10.0.0.5"], "192.0.2.1"),  # not a proxy of ours
    ("127.0.0.1", ["198.51.100.7"], [], "127.0.0.1"),  # none trusted by default, not even localhost
    ("2001:db8::1", ["2001:db8:1::7"], ["2001:db8::/64"], "2001:db8:1::7"),
])
def test_the_real_client_is_read_from_the_right(peer, forwarded, trusted, client):
    assert real_client(peer, forwarded, networks(trusted)) == client


def test_a_bad_proxy_setting_stops_the_service_at_start():
    with pytest.raises(ValueError):
        networks(["10.0.0.300"])
