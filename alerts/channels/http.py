"""What every channel needs from the network: one JSON POST that maps transport failures to RetryLater,
Retry-After as seconds, and a plain name for why a connection failed (DNS, refused, TLS)."""

from __future__ import annotations

import socket
import ssl
from typing import Any

import httpx

from alerts.errors import RetryLater
from storage.retry import parse_retry_after

# the one Retry-After parser (delta-seconds or an HTTP date), shared with source polls and spiders
retry_after_seconds = parse_retry_after


def connect_reason(exc: BaseException) -> str:
    """DNS, refused or TLS, read from the exception chain (httpx and aiosmtplib wrap the socket error)."""
    chain: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and len(chain) < 6:
        chain.append(cur)
        cur = cur.__cause__ or cur.__context__
    for e in chain:
        if isinstance(e, socket.gaierror):
            return "DNS lookup failed"
        if isinstance(e, ConnectionRefusedError):
            return "connection refused"
        if isinstance(e, ssl.SSLError):
            return f"TLS failed: {e.reason or e}"
    text = " ".join(str(e) for e in chain).lower()
    if "refused" in text:
        return "connection refused"
    if "name or service" in text or "getaddrinfo" in text or "nodename" in text:
        return "DNS lookup failed"
    if "ssl" in text or "tls" in text or "certificate" in text:
        return "TLS failed"
    return f"connection failed ({type(exc).__name__})"


async def post_json(
    channel: str, what: str, url: str, payload: dict[str, Any], headers: dict[str, str], timeout: float
) -> httpx.Response:
    """POST a JSON payload; a failure before any answer is RetryLater naming `what` (never the URL: it may be a secret)."""
    return await _post(channel, what, url, timeout, json=payload, headers=headers)


async def post_body(
    channel: str, what: str, url: str, body: bytes, headers: dict[str, str], timeout: float
) -> httpx.Response:
    """POST exact bytes (a signed body must reach the receiver byte for byte); failures as in post_json."""
    return await _post(channel, what, url, timeout, content=body, headers=headers)


async def _post(channel: str, what: str, url: str, timeout: float, **request: Any) -> httpx.Response:
    try:
        async with httpx.AsyncClient(timeout=timeout, trust_env=False) as client:
            return await client.post(url, **request)
    except httpx.ConnectError as exc:
        raise RetryLater(f"cannot connect to {what}: {connect_reason(exc)}", channel=channel) from None
    except httpx.TimeoutException:
        raise RetryLater(f"no answer from {what} within {timeout}s", channel=channel) from None
    except httpx.HTTPError as exc:
        raise RetryLater(f"{what} request failed: {type(exc).__name__}", channel=channel) from None
