"""The demo's local replay server: serves the scenario's feeds and pages on 127.0.0.1, with ETag/304, and
changes them as the scenario's days pass (crawler.demo.scenario.publish)."""

from __future__ import annotations

import hashlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self


class ReplayServer:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._routes: dict[str, tuple[bytes, str]] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # quiet
                pass

            def do_GET(self) -> None:  # noqa: N802
                server._serve(self)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def start(self) -> Self:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def set(self, path: str, body: bytes | str, content_type: str = "text/html; charset=utf-8") -> None:
        with self._lock:
            self._routes[path] = (body.encode("utf-8") if isinstance(body, str) else body, content_type)

    def _serve(self, h: BaseHTTPRequestHandler) -> None:
        with self._lock:
            route = self._routes.get(h.path)
        if route is None:
            self._send(h, 404, b"not found", {"Content-Type": "text/plain"})
            return
        body, content_type = route
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if h.headers.get("If-None-Match") == etag:
            self._send(h, 304, b"", {"ETag": etag})
            return
        self._send(h, 200, body, {"Content-Type": content_type, "ETag": etag})

    @staticmethod
    def _send(h: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str]) -> None:
        try:
            h.send_response(status)
            for k, v in headers.items():
                h.send_header(k, v)
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            if body:
                h.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass
