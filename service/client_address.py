"""Who the client is, behind a reverse proxy we trust and only then.

The rate limits and the caseworker's sign-in lockout count per client address. Behind a
reverse proxy every request comes from the proxy, so all users would share one bucket and one
attacker's wrong passwords would lock the caseworker out; the proxy says who the client was in
X-Forwarded-For. Anyone can send that header, though, so it is read only when the request comes
from an address in STODKOLLEN_TRUSTED_PROXIES (addresses or networks: "10.0.0.5, 10.1.0.0/16");
none by default, not even 127.0.0.1, whose users could otherwise forge a fresh bucket per request.

The header is read from the right, the end our proxy wrote: each trusted hop is skipped and
the first address that is not one of ours is the client (what a client put on the left itself
is never believed). `scope["client"]` is set to it, so every part of the service, logs
included, sees the real client. Uvicorn's own reading of the header (trusting 127.0.0.1) is
turned off where we start it: `--no-proxy-headers` (stodkollen/stack.py, deploy/).
"""

import ipaddress
from collections.abc import Iterable

from starlette.types import ASGIApp, Receive, Scope, Send

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def networks(proxies: Iterable[str]) -> tuple[Network, ...]:
    """The trusted proxies as networks; a bad entry is an error at start, not a silent hole."""
    return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies if proxy.strip())


def _is_trusted(address: str, trusted: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted)


def real_client(peer: str, forwarded_for: list[str], trusted: tuple[Network, ...]) -> str:
    """The client's address: the peer, unless the peer is a trusted proxy that says otherwise."""
    if not _is_trusted(peer, trusted):
        return peer
    hops = [hop.strip() for header in forwarded_for for hop in header.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, trusted):
            return hop
    return hops[0] if hops else peer  # every hop is ours: the farthest is the client


class ClientAddress:
    """An ASGI middleware: `scope["client"]` becomes the real client's address."""

    def __init__(self, app: ASGIApp, trusted_proxies: Iterable[str]):
        self.app = app
        self.trusted = networks(trusted_proxies)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and self.trusted and scope.get("client"):
            peer = scope["client"][0]
            forwarded = [value.decode("latin-1") for name, value in scope.get("headers") or []
                         if name == b"x-forwarded-for"]
            client = real_client(peer, forwarded, self.trusted)
            if client != peer:
                scope = {**scope, "client": (client, 0)}  # the client's own port is not known
        await self.app(scope, receive, send)
