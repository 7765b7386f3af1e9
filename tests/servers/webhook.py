"""A local JSON webhook receiver that verifies X-Tollwatch-Signature the way a consumer would (its own HMAC of
the raw body under the shared secret, compared in constant time) and can answer a scripted status."""

from __future__ import annotations

import hashlib
import hmac
import json
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.servers.http import LocalServer


class WebhookServer(LocalServer):
    METHODS = ("POST",)

    def __init__(self, secret: str | None = None) -> None:
        super().__init__(0)
        self.secret = secret
        self.received: list[Any] = []  # bodies whose signature checked out (or any body, without a secret)
        self.rejected = 0  # requests refused for a missing or wrong signature
        self.headers: list[dict[str, str]] = []
        self.script: list[int] = []  # statuses to answer first, in order; then 200

    @property
    def url(self) -> str:
        return f"{self.base}/hooks/tollwatch"

    def _verified(self, raw: bytes, header: str | None) -> bool:
        if self.secret is None:
            return True
        want = "sha256=" + hmac.new(self.secret.encode(), raw, hashlib.sha256).hexdigest()
        return header is not None and hmac.compare_digest(want, header)

    def _serve(self, h: BaseHTTPRequestHandler) -> None:
        raw = h.rfile.read(int(h.headers.get("Content-Length") or 0))
        with self._lock:
            self.headers.append(dict(h.headers.items()))
            status = self.script.pop(0) if self.script else 200
            if status == 200 and not self._verified(raw, h.headers.get("X-Tollwatch-Signature")):
                status = 401
                self.rejected += 1
            if status == 200:
                self.received.append(json.loads(raw))
        h.send_response(status)
        h.send_header("Content-Length", "2")
        h.end_headers()
        h.wfile.write(b"ok")
