"""Which addresses tollwatch may fetch: public ones only, unless private addresses are allowed.

Every host of a feed, page, article, redirect hop or spider request is resolved and refused when any of
its addresses is loopback, private, link-local (cloud metadata), multicast or otherwise not public, so
a source (or a link inside it) cannot make tollwatch read internal services into the archive. The
allowance is the config's `allow_private_addresses: true` or TOLLWATCH_ALLOW_PRIVATE_ADDRESSES=1 (tests,
the demo and local replays serve on 127.0.0.1).
"""

from __future__ import annotations

import asyncio
import ipaddress
import os
import socket

from crawler.errors import BlockedAddress

ALLOW_ENV = "TOLLWATCH_ALLOW_PRIVATE_ADDRESSES"
SETTING = f"allow_private_addresses: true in the config, or {ALLOW_ENV}=1"
METADATA = frozenset({ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254"),
                      ipaddress.ip_address("100.100.100.200")})  # fmt: skip


def private_allowed(config_flag: bool = False) -> bool:
    """The config's allowance, or the environment's (1/true/yes)."""
    return config_flag or os.environ.get(ALLOW_ENV, "").strip().lower() in ("1", "true", "yes")


def address_kind(address: str) -> str | None:
    """Why an address may not be fetched ('loopback', 'private', …), or None when it is public."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip in METADATA:
        return "cloud-metadata"
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_multicast:
        return "multicast"
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_private:
        return "private"
    if not ip.is_global:
        return "non-public"
    return None


def refusal(url: str, host: str, address: str, kind: str) -> BlockedAddress:
    shown = host if host == address else f"{host} ({address})"
    return BlockedAddress(
        f"refused to fetch {url}: {shown} is a {kind} address (to allow it, set {SETTING})", url=url, address=address
    )


async def check_url_host(url: str, host: str, port: int | None) -> None:
    """Resolve a host and raise BlockedAddress if any of its addresses is not public.

    A name that does not resolve passes: the connection then fails with its own, clearer DNS error.
    """
    host = host.strip("[]")
    kind = address_kind(host)
    if kind is not None:
        raise refusal(url, host, host, kind)
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
        return  # a public literal address
    except ValueError:
        pass
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port or 443, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        return
    for *_, sockaddr in infos:
        address = str(sockaddr[0])
        kind = address_kind(address)
        if kind is not None:
            raise refusal(url, host, address, kind)
