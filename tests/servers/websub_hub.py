"""A small WebSub hub for tests: takes subscription requests (form POSTs), verifies intent at the subscriber's
callback (GET with hub.challenge) and pushes bodies signed with the subscription's secret, or forged."""

from __future__ import annotations

import hashlib
import hmac
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlencode

import httpx

from tests.servers.http import LocalServer


class WebSubHub(LocalServer):
    METHODS = ("POST",)

    def __init__(self, answer: int = 202) -> None:
        super().__init__(0)
        self.answer = answer
        self.requests: list[dict[str, str]] = []  # hub.* form fields of each subscription request

    @property
    def url(self) -> str:
        return f"{self.base}/hub"

    def _serve(self, h: BaseHTTPRequestHandler) -> None:
        raw = h.rfile.read(int(h.headers.get("Content-Length") or 0)).decode()
        with self._lock:
            self.requests.append({k: v[0] for k, v in parse_qs(raw).items()})
        h.send_response(self.answer)
        h.send_header("Content-Length", "0")
        h.end_headers()

    @property
    def last(self) -> dict[str, str]:
        return self.requests[-1]

    def verify(self, *, mode: str = "subscribe", challenge: str = "ch4ll3nge", **override: str) -> httpx.Response:
        """The hub's verification of intent at the subscriber's callback."""
        req = {**self.last, **override}
        query = {"hub.mode": mode, "hub.topic": req["hub.topic"], "hub.challenge": challenge, "hub.lease_seconds": "86400"}
        return httpx.get(req["hub.callback"] + "?" + urlencode(query), timeout=10)

    def push(self, body: bytes, *, secret: str | None = None, method: str = "sha256", signature: str | None = None,
             content_type: str = "application/rss+xml") -> httpx.Response:  # fmt: skip
        """POST a body to the last subscriber, signed with `secret` (default: the subscription's), or with the
        given `signature` as is (a forgery)."""
        key = (secret or self.last["hub.secret"]).encode()
        digest = {"sha256": hashlib.sha256, "sha1": hashlib.sha1}[method]
        sig = signature if signature is not None else f"{method}=" + hmac.new(key, body, digest).hexdigest()
        headers = {"Content-Type": content_type, "Link": f'<{self.url}>; rel="hub", <{self.last["hub.topic"]}>; rel="self"'}
        if sig:
            headers["X-Hub-Signature"] = sig
        return httpx.post(self.last["hub.callback"], content=body, headers=headers, timeout=30)
