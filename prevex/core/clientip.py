"""The client's address, correct behind the reverse proxies named in ``TRUSTED_PROXIES``.

``REMOTE_ADDR`` is the address of whoever opened the connection: behind a reverse proxy,
the proxy. Each proxy appends the address it received the request from to
``X-Forwarded-For``; a client can put anything at the left of that header. So the header
is read from the right: while the address in hand is a trusted proxy, step one address
left; the first untrusted one is the client. Without trusted proxies (the default) the
header is ignored entirely.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _trusted(address: str, networks: tuple) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(remote_addr: str, forwarded_for: str, proxies) -> str:
    networks = _networks(tuple(proxies))
    address = (remote_addr or "").strip()
    if not networks or not _trusted(address, networks):
        return address
    hops = [h.strip() for h in (forwarded_for or "").split(",") if h.strip()]
    while hops:
        candidate = hops.pop()
        try:
            ipaddress.ip_address(candidate)
        except ValueError:
            return address  # a malformed hop: stop at the last address we can vouch for
        address = candidate
        if not _trusted(address, networks):
            return address
    return address


def client_ip(request) -> str:
    """``AXES_CLIENT_IP_CALLABLE`` and the per-address login throttle use this."""
    return client_address(
        request.META.get("REMOTE_ADDR", ""),
        request.META.get("HTTP_X_FORWARDED_FOR", ""),
        getattr(settings, "TRUSTED_PROXIES", ()),
    )
