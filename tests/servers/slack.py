"""A local Slack incoming-webhook endpoint: records every request, checks the payload, can answer 429/500.

Like Slack-compatible relays, it drops a re-sent message whose Idempotency-Key it already accepted
(answers 200 without posting it again): `posted` is what a channel would show, `requests` is every try.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.servers.http import LocalServer


@dataclass
class Reply:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b"ok"


class SlackServer(LocalServer):
    METHODS = ("POST",)

    def __init__(self, port: int = 0) -> None:
        super().__init__(port)
        self.requests: list[dict[str, Any]] = []  # every request: headers + payload
        self.posted: list[dict[str, Any]] = []  # accepted messages, one per idempotency key
        self.script: list[Reply] = []  # replies to use first, in order; then 200
        self.delay = 0.0  # seconds to wait after receiving, before answering (a slow endpoint)
        self.received = threading.Event()
        self._keys: set[str] = set()

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/services/T000/B000/secret-token"

    def _serve(self, h: BaseHTTPRequestHandler) -> None:
        length = int(h.headers.get("Content-Length") or 0)
        raw = h.rfile.read(length)
        try:
            payload = json.loads(raw)
            valid = isinstance(payload.get("text"), str) and isinstance(payload.get("blocks"), list)
        except (ValueError, AttributeError):
            payload, valid = None, False
        key = h.headers.get("Idempotency-Key")
        with self._lock:
            reply = self.script.pop(0) if self.script else Reply()
            self.requests.append({"path": h.path, "headers": dict(h.headers.items()), "payload": payload,
                                  "status": reply.status})  # fmt: skip
            if not valid:
                reply = Reply(400, body=b"invalid_payload")
            elif reply.status == 200 and not (key and key in self._keys):
                self.posted.append(payload)
                if key:
                    self._keys.add(key)
        self.received.set()
        if self.delay:
            time.sleep(self.delay)
        try:
            h.send_response(reply.status)
            for k, v in {"Content-Type": "text/plain", **reply.headers}.items():
                h.send_header(k, v)
            h.send_header("Content-Length", str(len(reply.body)))
            h.end_headers()
            h.wfile.write(reply.body)
        except (BrokenPipeError, ConnectionResetError):
            pass
