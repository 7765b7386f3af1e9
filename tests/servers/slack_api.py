"""A local Slack Web API endpoint: chat.postMessage with bearer-token auth, incrementing ts, thread_ts recorded.

Answers like Slack: HTTP 200 with {"ok": true, "channel": id, "ts": ...} or {"ok": false, "error": code}
(not_authed, invalid_auth, channel_not_found, invalid_blocks); `script` can put 429 + Retry-After,
a 500 or any error code first. `posted` is what the channel shows, `requests` is every try.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.servers.http import LocalServer

TOKEN = "xoxb-test-0000-secret"  # a test token that only this server knows
DESK_ID = "C0DESK0001"


@dataclass
class ApiReply:
    """A scripted answer: an HTTP status, headers and a JSON body (default: Slack's ok=false with `error`)."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    body: bytes | None = None


class SlackApiServer(LocalServer):
    METHODS = ("POST",)

    def __init__(self, port: int = 0, token: str = TOKEN) -> None:
        super().__init__(port)
        self.token = token
        self.channels = {DESK_ID: DESK_ID, "#desk": DESK_ID, "desk": DESK_ID}  # name or id → id
        self.requests: list[dict[str, Any]] = []
        self.posted: list[dict[str, Any]] = []  # accepted messages: payload + channel id + ts
        self.script: list[ApiReply] = []
        self._clock = 1_700_000_000
        self._seq = 0

    @property
    def url(self) -> str:
        """The api_url a channel config points at (Slack's is https://slack.com/api)."""
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/api"

    def top_level(self) -> list[dict[str, Any]]:
        return [p for p in self.posted if not p.get("thread_ts")]

    def replies(self, ts: str) -> list[dict[str, Any]]:
        return [p for p in self.posted if p.get("thread_ts") == ts]

    def _answer(self, payload: dict[str, Any] | None, auth: str | None) -> tuple[int, dict[str, str], bytes]:
        if self.script:
            r = self.script.pop(0)
            body = r.body if r.body is not None else json.dumps({"ok": False, "error": r.error or "internal_error"})
            return r.status, r.headers, body if isinstance(body, bytes) else body.encode()
        if not auth:
            return 200, {}, b'{"ok": false, "error": "not_authed"}'
        if auth != f"Bearer {self.token}":
            return 200, {}, b'{"ok": false, "error": "invalid_auth"}'
        if payload is None or not isinstance(payload.get("text"), str) or not isinstance(payload.get("blocks"), list):
            return 200, {}, b'{"ok": false, "error": "invalid_blocks"}'
        conversation = self.channels.get(str(payload.get("channel")))
        if conversation is None:
            return 200, {}, b'{"ok": false, "error": "channel_not_found"}'
        self._seq += 1
        ts = f"{self._clock + self._seq}.{self._seq:06d}"
        self.posted.append({**payload, "channel": conversation, "ts": ts})
        return 200, {}, json.dumps({"ok": True, "channel": conversation, "ts": ts, "message": {"ts": ts}}).encode()

    def _serve(self, h: BaseHTTPRequestHandler) -> None:
        raw = h.rfile.read(int(h.headers.get("Content-Length") or 0))
        try:
            payload = json.loads(raw)
            if not isinstance(payload, dict):
                payload = None
        except ValueError:
            payload = None
        with self._lock:
            if h.path.rstrip("/") != "/api/chat.postMessage":
                status, headers, body = 404, {}, b'{"ok": false, "error": "unknown_method"}'
            else:
                status, headers, body = self._answer(payload, h.headers.get("Authorization"))
            self.requests.append({"path": h.path, "headers": dict(h.headers.items()), "payload": payload,
                                  "status": status, "answer": body.decode()})  # fmt: skip
        try:
            h.send_response(status)
            for k, v in {"Content-Type": "application/json; charset=utf-8", **headers}.items():
                h.send_header(k, v)
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            h.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass
