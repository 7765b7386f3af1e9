"""Local HTTP servers for tests: LocalServer (the base the Slack endpoints use) and SourceServer, whose content
changes between polls.

Each path is a Route: body, content type, status, ETag/Last-Modified with 304s, delay, slow drip,
huge streamed bodies, gzip, Retry-After. It binds port 0; tests read its URL back.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import sys
import threading
import time
from dataclasses import dataclass, field
from email.message import Message
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    etag: bool = True
    last_modified: bool = True
    delay: float = 0.0  # seconds before answering
    drip: float = 0.0  # seconds between 1-byte chunks of the body (a slow server)
    huge: int = 0  # stream this many bytes instead of body
    gzip: bool = False
    headers: dict[str, str] = field(default_factory=dict)
    redirect: str | None = None
    modified_at: float = field(default_factory=time.time)


@functools.lru_cache(maxsize=4096)
def _etag(body: bytes) -> str:
    """A body's ETag, computed once per body (bench_poll serves hundreds of real feeds, 76 MB, every cycle:
    hashing them at each request made the server, not the client, the bench's bottleneck)."""
    return '"' + hashlib.sha1(body).hexdigest()[:16] + '"'


class _Listener(ThreadingHTTPServer):
    # socketserver's listen backlog is 5: twenty clients connecting at once overflow it, and the dropped SYNs
    # are sent again only after a second (a poll of 100 sources at concurrency 20 took 1.3 s instead of 0.3 s)
    request_queue_size = 128

    def handle_error(self, request, client_address) -> None:  # noqa: ANN001
        # a client that hangs up mid-request (a poll cancelled, a worker stopped) is no server error
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


class LocalServer:
    """A threaded HTTP server on 127.0.0.1 (port 0 unless given) that hands each request of METHODS to `_serve`."""

    METHODS: tuple[str, ...] = ("GET",)

    def __init__(self, port: int = 0) -> None:
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # quiet
                pass

            def do_GET(self) -> None:  # noqa: N802
                self._dispatch()

            def do_POST(self) -> None:  # noqa: N802
                self._dispatch()

            def _dispatch(self) -> None:
                if self.command in server.METHODS:
                    server._serve(self)
                else:
                    self.send_error(501, f"Unsupported method ({self.command!r})")

        self.httpd = _Listener(("127.0.0.1", port), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])

    def start(self) -> Self:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def _serve(self, h: BaseHTTPRequestHandler) -> None:
        raise NotImplementedError


class SourceServer(LocalServer):
    def __init__(self) -> None:
        super().__init__()
        self.routes: dict[str, Route] = {}
        self.hits: dict[str, int] = {}
        self.requests: list[tuple[str, Message]] = []  # headers as received: case-insensitive

    def url(self, path: str) -> str:
        return self.base + path

    def set(self, path: str, body: bytes | str = b"", **opts: object) -> Route:
        if isinstance(body, str):
            body = body.encode("utf-8")
        route = Route(body=body, **opts)  # type: ignore[arg-type]
        with self._lock:
            self.routes[path] = route
        return route

    def _serve(self, h: BaseHTTPRequestHandler) -> None:
        path = h.path
        with self._lock:
            self.hits[path] = self.hits.get(path, 0) + 1
            self.requests.append((path, h.headers))
            route = self.routes.get(path)
        if route is None:
            self._send(h, 404, b"not found", {"Content-Type": "text/plain"})
            return
        if route.delay:
            time.sleep(route.delay)
        if route.redirect:
            self._send(h, 302, b"", {"Location": route.redirect})
            return
        headers = {"Content-Type": route.content_type, **route.headers}
        etag = _etag(route.body)
        lm = formatdate(route.modified_at, usegmt=True)
        if route.status == 200:
            if route.etag:
                headers["ETag"] = etag
            if route.last_modified:
                headers["Last-Modified"] = lm
            inm = h.headers.get("If-None-Match")
            if route.etag and inm == etag:
                self._send(h, 304, b"", {k: v for k, v in headers.items() if k != "Content-Type"})
                return
            if not route.etag and route.last_modified and h.headers.get("If-Modified-Since") == lm:
                self._send(h, 304, b"", {})
                return
        if route.huge:
            self._stream_huge(h, route, headers)
            return
        body = route.body
        if route.gzip and "gzip" in h.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        if route.drip:
            h.send_response(route.status)
            for k, v in headers.items():
                h.send_header(k, v)
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            try:
                for i in range(len(body)):
                    h.wfile.write(body[i : i + 1])
                    h.wfile.flush()
                    time.sleep(route.drip)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        self._send(h, route.status, body, headers)

    def _stream_huge(self, h: BaseHTTPRequestHandler, route: Route, headers: dict[str, str]) -> None:
        h.send_response(route.status)
        for k, v in headers.items():
            h.send_header(k, v)
        h.send_header("Transfer-Encoding", "chunked")  # no Content-Length: the cap must stop the read
        h.end_headers()
        chunk = b"<p>" + b"x" * 65_000 + b"</p>\n"
        sent = 0
        try:
            while sent < route.huge:
                h.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                sent += len(chunk)
            h.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass

    @staticmethod
    def _send(h: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str]) -> None:
        try:
            h.send_response(status)
            for k, v in headers.items():
                h.send_header(k, v)
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            if body and h.command != "HEAD":
                h.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass
