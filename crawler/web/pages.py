"""The read-only HTML page: `/` (series, chart, latest statements), `/series/<id>` (a history), `/version/<id>`
(an archived text), `/item/<id>/diff` (what changed between two versions).

Jinja2 with autoescape renders it; every printed value also loses control and bidi characters (scraped text
is untrusted); links to sources are kept only when they are http(s). The data comes from storage.queries and
the diff from crawler.web.api.diff_of: the API and the page show the same rows.
"""

from __future__ import annotations

from datetime import datetime
from importlib import resources
from typing import Any
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from sqlalchemy.orm import Session

from crawler.web.api import diff_of
from crawler.web.chart import render_chart
from storage import queries
from storage.untrusted import strip_controls

router = APIRouter(include_in_schema=False)
STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
                ".svg": "image/svg+xml", ".ico": "image/x-icon"}  # fmt: skip


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


ENV = make_environment()


def render(template: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(ENV.get_template(template).render(**context), status_code=status)


def not_found() -> HTMLResponse:
    return render("not_found.html", status=404)


def diff_link(item_id: int, version: int) -> str | None:
    return f"/item/{item_id}/diff?from={version - 1}&to={version}" if version > 1 else None


@router.get("/")
def index(request: Request, watch: str | None = None) -> Response:
    with Session(request.app.state.engine) as session:
        series = queries.series_rows(session, watch=watch, limit=300)
        statements = [{**s, "diff": diff_link(s["item_id"], s["version"])}
                      for s in queries.statement_rows(session, limit=50)]  # fmt: skip
    chart = "/chart.svg" + (f"?{urlencode({'watch': watch})}" if watch else "")
    return render("index.html", series=series, statements=statements, watch=watch, chart=chart)


@router.get("/series/{ident}")
def series(request: Request, ident: str) -> Response:
    with Session(request.app.state.engine) as session:
        found = queries.find_series_row(session, ident)
        if found is None:
            return not_found()
        points = [{**p, "diff": diff_link(p["item_id"], p["version"])}
                  for p in queries.series_point_rows(session, found["id"])]  # fmt: skip
    return render("series.html", series=found, points=points, chart=f"/series/{found['id']}/chart.svg")


@router.get("/chart.svg")
def chart(request: Request, watch: str | None = None) -> Response:
    """The timeline of the series with most points (of one watch): the same drawing as `tollwatch plot`."""
    with Session(request.app.state.engine) as session:
        drawn = queries.chart_series(session, watch=watch)
    return svg(render_chart(drawn, "svg"))


@router.get("/series/{ident}/chart.svg")
def series_chart(request: Request, ident: str) -> Response:
    with Session(request.app.state.engine) as session:
        found = queries.find_series_row(session, ident)
        if found is None:
            return not_found()
        points = queries.series_point_rows(session, found["id"])
    return svg(render_chart([(found, points)], "svg"))


def svg(body: bytes) -> Response:
    # matplotlib styles its SVG inline; the drawing holds no script and no link
    return Response(body, media_type="image/svg+xml",
                    headers={"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"})  # fmt: skip


@router.get("/version/{version_id}")
def version(request: Request, version_id: str) -> Response:
    number = queries.row_id(version_id)
    with Session(request.app.state.engine) as session:
        found = queries.version_detail(session, number) if number else None
    if found is None:
        return not_found()
    return render("version.html", v=found)


@router.get("/item/{item_id}/diff")
def item_diff(request: Request, item_id: str) -> Response:
    try:
        old = int(request.query_params.get("from") or 0) or None
        new = int(request.query_params.get("to") or 0) or None
    except ValueError:
        return not_found()
    with Session(request.app.state.engine) as session:
        found = diff_of(session, item_id, old, new)
    if found is None:
        return not_found()
    return render("diff.html", d=found)


@router.get("/static/{name}")
def static(name: str) -> Response:
    kind = STATIC_TYPES.get("." + name.rsplit(".", 1)[-1])
    asset = resources.files("crawler.web").joinpath("static", name)
    if kind is None or "/" in name or name.startswith(".") or not asset.is_file():
        return not_found()
    return Response(asset.read_bytes(), media_type=kind)
