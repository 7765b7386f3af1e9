"""WebSub rules, pure: find a feed's hub and self URL (Link header, <link rel="hub">, <atom:link rel="hub">),
make secrets and callback tokens, check X-Hub-Signature (sha256, and the legacy sha1)."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from urllib.parse import urljoin

_LINK_TAG = re.compile(rb"<(?:atom:|atom10:)?link\b[^>]*>", re.I)
_ATTR = re.compile(rb"""([a-zA-Z:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_HEADER_LINK = re.compile(r"<([^>]*)>\s*((?:;\s*[^;,]*)*)")
SIGNATURES = {"sha256": hashlib.sha256, "sha1": hashlib.sha1}  # sha1: hubs that predate the W3C WebSub


@dataclass(frozen=True, slots=True)
class Discovery:
    hub: str | None
    self_url: str | None


def discover(link_header: str | None, body: bytes, feed_url: str) -> Discovery:
    """The hub and rel=self of a feed: the HTTP Link header wins over links in the document (WebSub §4)."""
    hub, self_url = _from_header(link_header or "", feed_url)
    if hub is None or self_url is None:
        doc_hub, doc_self = _from_body(body[:200_000], feed_url)
        hub = hub or doc_hub
        self_url = self_url or doc_self
    return Discovery(hub, self_url)


def _from_header(value: str, base: str) -> tuple[str | None, str | None]:
    hub = self_url = None
    for url, params in _HEADER_LINK.findall(value):
        rels = re.search(r'rel\s*=\s*"?([^";]*)"?', params)
        kinds = rels.group(1).split() if rels else []
        if "hub" in kinds and hub is None:
            hub = urljoin(base, url.strip())
        if "self" in kinds and self_url is None:
            self_url = urljoin(base, url.strip())
    return hub, self_url


def _from_body(body: bytes, base: str) -> tuple[str | None, str | None]:
    hub = self_url = None
    for tag in _LINK_TAG.findall(body):
        attrs = {k.lower(): (a or b) for k, a, b in _ATTR.findall(tag)}
        rel = attrs.get(b"rel", b"").decode("utf-8", "replace").split()
        href = attrs.get(b"href", b"").decode("utf-8", "replace").strip()
        if not href:
            continue
        if "hub" in rel and hub is None:
            hub = urljoin(base, href)
        if "self" in rel and self_url is None:
            self_url = urljoin(base, href)
    return hub, self_url


def new_secret() -> str:
    return secrets.token_hex(32)


def new_token() -> str:
    return secrets.token_urlsafe(24)


def sign(secret: str, body: bytes, method: str = "sha256") -> str:
    """The X-Hub-Signature value a hub sends (for tests and for checking)."""
    return f"{method}=" + hmac.new(secret.encode(), body, SIGNATURES[method]).hexdigest()


def signature_ok(secret: str, body: bytes, header: str | None) -> bool:
    """True when X-Hub-Signature is `sha256=HEX` or `sha1=HEX` of the body under the secret (constant time)."""
    if not header or "=" not in header:
        return False
    method, _, _given = header.strip().partition("=")
    if method.lower() not in SIGNATURES:
        return False
    return hmac.compare_digest(sign(secret, body, method.lower()), header.strip().lower())
