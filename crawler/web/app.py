"""The read-only web page: routes, rendering (Jinja2 with autoescape) and the static assets, on the stdlib server.

Pages: `/` (series, a timeline chart of each reporter's toll, latest statements), `/series/<id>` (a series'
history), `/version/<id>` (an archived version's text). Everything shown was scraped, so it is escaped; links
to sources are kept only when they are http(s); a strict Content-Security-Policy allows our own files only.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any
from urllib.parse import parse_qs, urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from storage import queries
from storage.untrusted import strip_controls

log = logging.getLogger(__name__)

STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
                ".svg": "image/svg+xml", ".ico": "image/x-icon"}  # fmt: skip
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
_ROUTES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"/"), "index"),
    (re.compile(r"/series/(\d+)"), "series"),
    (re.compile(r"/version/(\d+)"), "version"),
    (re.compile(r"/static/([a-z0-9_-]+\.[a-z]+)"), "static"),
]


def http_url(value: str | None) -> str | None:
    """A link target only if it is http(s): a scraped `javascript:` or `data:` URL is dropped."""
    if value and urlsplit(value.strip()).scheme.lower() in ("http", "https"):
        return value.strip()
    return None


def when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


def _shown(value: Any) -> Any:
    if isinstance(value, Markup):  # already HTML (tojson's output): stays HTML, minus the characters
        return Markup(strip_controls(value))
    return strip_controls(value) if isinstance(value, str) else value


def make_environment() -> Environment:
    # every value a template prints is stripped of control and bidi characters, then escaped
    env = Environment(loader=PackageLoader("crawler.web", "templates"), autoescape=select_autoescape(default=True),
                      finalize=_shown)  # fmt: skip
    env.filters["http_url"] = http_url
    env.filters["when"] = when
    return env


class WebApp:
    """Renders pages from a read-only engine; one short session per request."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.env = make_environment()

    def handle(self, path: str) -> tuple[int, str, bytes]:
        parts = urlsplit(path)
        for pattern, name in _ROUTES:
            m = pattern.fullmatch(parts.path)
            if m:
                page: Callable[..., tuple[int, str, bytes]] = getattr(self, f"page_{name}")
                return page(*m.groups(), query=parse_qs(parts.query))
        return self._not_found()

    def _render(self, template: str, status: int = 200, **context: Any) -> tuple[int, str, bytes]:
        html = self.env.get_template(template).render(**context)
        return status, "text/html; charset=utf-8", html.encode("utf-8")

    def _not_found(self) -> tuple[int, str, bytes]:
        return self._render("not_found.html", status=404)

    def page_index(self, *, query: dict[str, list[str]]) -> tuple[int, str, bytes]:
        watch = (query.get("watch") or [None])[0]
        with Session(self.engine) as session:
            series = queries.series_rows(session, watch=watch, limit=300)
            timeline = queries.timeline_rows(session, watch=watch)
            statements = queries.statement_rows(session, limit=50)
        return self._render("index.html", series=series, statements=statements, watch=watch,
                            chart=chart_data(timeline))  # fmt: skip

    def page_series(self, series_id: str, *, query: dict[str, list[str]]) -> tuple[int, str, bytes]:
        with Session(self.engine) as session:
            found = queries.find_series_row(session, series_id)
            if found is None:
                return self._not_found()
            points = queries.series_point_rows(session, found["id"])
        values = [p for p in points if p["role"] == "value"]
        label = f"{found['reporter']}: {found['victim_group']} {found['outcome']}"
        chart = chart_data([{"label": label, "values": [(p["published"], p["number"]) for p in values]}])
        return self._render("series.html", series=found, points=points, chart=chart)

    def page_version(self, version_id: str, *, query: dict[str, list[str]]) -> tuple[int, str, bytes]:
        with Session(self.engine) as session:
            number = queries.row_id(version_id)
            version = queries.version_detail(session, number) if number else None
        if version is None:
            return self._not_found()
        return self._render("version.html", v=version)

    def page_static(self, name: str, *, query: dict[str, list[str]]) -> tuple[int, str, bytes]:
        kind = STATIC_TYPES.get("." + name.rsplit(".", 1)[-1])
        asset = resources.files("crawler.web").joinpath("static", name)
        if kind is None or not asset.is_file():
            return self._not_found()
        return 200, kind, asset.read_bytes()


def chart_data(timeline: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The chart's input: one entry per series, its value points as [ISO date, number]."""
    return [
        {"label": t["label"], "id": t.get("id"),
         "values": [[d.isoformat(timespec="seconds"), n] for d, n in t["values"]]}  # fmt: skip
        for t in timeline
        if t["values"]
    ]


class _Handler(BaseHTTPRequestHandler):
    app: WebApp  # set on the subclass make_server builds
    server_version = "tollwatch"
    sys_version = ""

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        self._respond(with_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._respond(with_body=False)

    def _respond(self, *, with_body: bool) -> None:
        try:
            status, kind, body = self.app.handle(self.path)
        except Exception:
            log.exception("page %s failed", urlsplit(self.path).path)
            status, kind, body = 500, "text/plain; charset=utf-8", b"internal error (see the server log)"
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in SECURITY_HEADERS.items():
            self.send_header(name, value)
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def do_POST(self) -> None:  # noqa: N802
        self.send_error(HTTPStatus.METHOD_NOT_ALLOWED, "read-only")

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's signature
        log.debug("%s %s", self.address_string(), format % args)


def make_server(engine: Engine, *, host: str = "127.0.0.1", port: int = 8080) -> ThreadingHTTPServer:
    """A threaded HTTP server for the page (not started: call serve_forever)."""
    handler = type("Handler", (_Handler,), {"app": WebApp(engine)})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server
