"""The read-only JSON API under /api: series, figures, statements, items, diffs, sources, alerts.

Every route reads through storage.queries (the functions the CLI and the page use) in one short read-only
session, answers with an ETag (a repeated request with If-None-Match gets 304), and describes itself in
/api/openapi.json. Listings are newest first and paginated by an opaque `cursor` (keyset: any depth costs the
same); `since`/`until` bound them by date.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.encoders import jsonable_encoder
from sqlalchemy.orm import Session

from alerts.events import event_from_payload
from alerts.render import headline
from crawler.diff import stats, word_diff
from crawler.web import schemas
from storage import queries
from storage.untrusted import strip_controls

router = APIRouter(prefix="/api", responses={404: {"model": schemas.Problem}, 400: {"model": schemas.Problem}})
MAX_LIMIT = 1000
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="rows per page")]
Cursor = Annotated[str | None, Query(description="the previous page's next_cursor")]
Since = Annotated[str | None, Query(description="on or after this day (YYYY-MM-DD, UTC) or ISO time")]
Until = Annotated[str | None, Query(description="on or before this day (inclusive), or before this ISO time")]


def session(request: Request) -> Iterator[Session]:
    with Session(request.app.state.engine) as s:
        yield s


Db = Annotated[Session, Depends(session)]


def _shown(value: Any) -> Any:
    """Scraped text as the API shows it: escape sequences, control characters and bidi overrides removed."""
    if isinstance(value, str):
        return strip_controls(value)
    if isinstance(value, dict):
        return {k: _shown(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shown(v) for v in value]
    return value


def cached(request: Request, payload: Any) -> Response:
    """JSON with an ETag of its bytes; 304 with no body when the client already holds exactly that."""
    body = json.dumps(_shown(jsonable_encoder(payload)), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {"ETag": etag, "Cache-Control": "no-cache"}
    if etag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)


def day(value: str | None, *, end: bool, name: str) -> datetime | None:
    """The CLI's date rule: a bare day is a whole UTC day (`until` inclusive); an ISO time is used as given."""
    if value is None:
        return None
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        raise HTTPException(400, f"{name}: {value!r} is not a date (YYYY-MM-DD or an ISO time)") from None
    dt = dt if dt.tzinfo else dt.replace(tzinfo=UTC)
    return dt + timedelta(days=1) if end and len(value) == 10 else dt


def encode_cursor(*parts: object) -> str:
    """An opaque cursor: the listing's kind and where its page ended."""
    return base64.urlsafe_b64encode("|".join(map(str, parts)).encode()).decode().rstrip("=")


def _cursor_parts(cursor: str, kind: str) -> list[str]:
    try:
        parts = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode().split("|")
    except (ValueError, UnicodeDecodeError):
        parts = []
    if not parts or parts[0] != kind:
        raise HTTPException(400, "cursor: not one this listing gave out")
    return parts[1:]


def keyset_cursor(cursor: str | None) -> queries.Before | None:
    """(date, id) where the previous page of a newest-first listing ended."""
    if not cursor:
        return None
    try:
        when, ident = _cursor_parts(cursor, "k")
        return datetime.fromisoformat(when), int(ident)
    except ValueError:
        raise HTTPException(400, "cursor: not one this listing gave out") from None


def number_cursor(cursor: str | None, kind: str) -> int | None:
    if not cursor:
        return None
    try:
        (value,) = _cursor_parts(cursor, kind)
        return int(value)
    except ValueError:
        raise HTTPException(400, "cursor: not one this listing gave out") from None


def page(rows: list[dict[str, Any]], limit: int, key: Callable[[dict[str, Any]], tuple[datetime, int]]) -> dict[str, Any]:
    """One page of a keyset listing: `limit + 1` rows were asked for, so a further row means a next page."""
    more = len(rows) > limit
    rows = rows[:limit]
    return {"items": rows, "next_cursor": encode_cursor("k", *(v.isoformat() if isinstance(v, datetime) else v for v in key(rows[-1]))) if more else None}


def diff_path(item_id: int, version: int) -> str | None:
    return f"/api/items/{item_id}/diff?from={version - 1}&to={version}" if version > 1 else None


@router.get("/series", response_model=schemas.SeriesPage, summary="Series with their current value")
def list_series(request: Request, db: Db, watch: str | None = None, reported_by: str | None = None,
                limit: Limit = 100, cursor: Cursor = None) -> Response:  # fmt: skip
    offset = number_cursor(cursor, "o") or 0  # series move (their order is by latest value): a plain offset
    rows = queries.series_rows(db, watch=watch, reported_by=reported_by, limit=limit + 1, offset=offset)
    next_cursor = encode_cursor("o", offset + limit) if len(rows) > limit else None
    return cached(request, {"items": rows[:limit], "next_cursor": next_cursor})


@router.get("/series/{ident}", response_model=schemas.SeriesHistory, summary="One series and its full history")
def one_series(request: Request, db: Db, ident: str) -> Response:
    found = queries.find_series_row(db, ident)
    if found is None:
        raise HTTPException(404, f"no series {ident!r}")
    history = [{**p, "diff": diff_path(p["item_id"], p["version"])} for p in queries.series_point_rows(db, found["id"])]
    return cached(request, {**found, "history": history})


@router.get("/figures", response_model=schemas.FigurePage, summary="Figures, newest first (the CLI's filters)")
def list_figures(request: Request, db: Db, watch: str | None = None, reported_by: str | None = None,
                 outcome: str | None = None, since: Since = None, until: Until = None, limit: Limit = 200,
                 cursor: Cursor = None) -> Response:  # fmt: skip
    rows = queries.figure_rows(db, watch=watch, reported_by=reported_by, outcome=outcome,
                               since=day(since, end=False, name="since"), until=day(until, end=True, name="until"),
                               limit=limit + 1, before=keyset_cursor(cursor))  # fmt: skip
    return cached(request, page(rows, limit, lambda r: (r["published"], r["figure_id"])))


@router.get("/statements", response_model=schemas.StatementPage, summary="Statements, newest first")
def list_statements(request: Request, db: Db, speaker: str | None = None, official: bool | None = None,
                    since: Since = None, until: Until = None, limit: Limit = 200, cursor: Cursor = None) -> Response:  # fmt: skip
    rows = queries.statement_rows(db, speaker=speaker, official=official,
                                  since=day(since, end=False, name="since"), until=day(until, end=True, name="until"),
                                  limit=limit + 1, before=keyset_cursor(cursor))  # fmt: skip
    rows = [{**r, "diff": diff_path(r["item_id"], r["version"])} for r in rows]
    return cached(request, page(rows, limit, lambda r: (r["published"], r["statement_id"])))


@router.get("/items", response_model=schemas.ItemPage, summary="Archived items, newest first")
def list_items(request: Request, db: Db, source: str | None = None, since: Since = None, limit: Limit = 200,
               cursor: Cursor = None) -> Response:  # fmt: skip
    rows = queries.item_rows(db, source_key=source, since=day(since, end=False, name="since"), limit=limit + 1,
                             before=keyset_cursor(cursor))  # fmt: skip
    # the listing's own order: published, else first seen
    return cached(request, page(rows, limit, lambda r: (r["published"] or r["first_seen"], r["item_id"])))


@router.get("/items/{item_id}", response_model=schemas.ItemDetail, summary="One item and its versions")
def one_item(request: Request, db: Db, item_id: str) -> Response:
    number = queries.row_id(item_id)
    found = queries.item_detail(db, number) if number else None
    if found is None:
        raise HTTPException(404, f"no item {item_id!r}")
    return cached(request, found)


@router.get("/versions/{version_id}", response_model=schemas.VersionText, summary="One archived version, with its text")
def one_version(request: Request, db: Db, version_id: str) -> Response:
    number = queries.row_id(version_id)
    found = queries.version_detail(db, number) if number else None
    if found is None:
        raise HTTPException(404, f"no version {version_id!r}")
    return cached(request, found)


@router.get("/items/{item_id}/diff", response_model=schemas.DiffOut,
            summary="Word diff between two versions (default: the previous one and the newest)")  # fmt: skip
def item_diff(request: Request, db: Db, item_id: str,
              from_: Annotated[int | None, Query(alias="from", ge=1)] = None,
              to: Annotated[int | None, Query(ge=1)] = None) -> Response:  # fmt: skip
    found = diff_of(db, item_id, from_, to)
    if found is None:
        raise HTTPException(404, f"no item {item_id!r} with those versions")
    return cached(request, found)


def diff_of(db: Session, item_id: str, old: int | None, new: int | None) -> dict[str, Any] | None:
    """The diff between two versions of an item (the page renders the same dict)."""
    number = queries.row_id(item_id)
    item = queries.item_detail(db, number) if number else None
    if item is None:
        return None
    numbers = [v["version"] for v in item["versions"]]
    new = new or numbers[-1]
    old = old or (new - 1 if new > 1 else new)
    texts = queries.version_texts(db, item["item_id"], (old, new))
    if texts is None:
        return None
    a, b = texts
    text = word_diff(a["text"], b["text"])
    title = word_diff(a["title"] or "", b["title"] or "") if (a["title"] or "") != (b["title"] or "") else []
    counted = stats(text)
    by_number = {v["version"]: v for v in item["versions"]}
    return {
        "item_id": item["item_id"],
        "item": item,
        "old": by_number[old],
        "new": by_number[new],
        "title": [{"op": s.op, "text": s.text} for s in title],
        "text": [{"op": s.op, "text": s.text} for s in text],
        "words_deleted": counted.words_deleted,
        "words_inserted": counted.words_inserted,
    }


@router.get("/sources", response_model=list[schemas.SourceOut], summary="Sources with their health")
def list_sources(request: Request, db: Db) -> Response:
    return cached(request, queries.source_rows(db))


@router.get("/alerts", response_model=schemas.AlertPage, summary="Alerts with their deliveries, newest first")
def list_alerts(request: Request, db: Db, status: str | None = None, limit: Limit = 100,
                cursor: Cursor = None) -> Response:  # fmt: skip
    rows = queries.alert_rows(db, status=status, limit=limit + 1, before_id=number_cursor(cursor, "a"))
    more = len(rows) > limit
    rows = [{**r, "headline": _headline(r["payload"])} for r in rows[:limit]]
    return cached(request, {"items": rows, "next_cursor": encode_cursor("a", rows[-1]["alert_id"]) if more else None})


def _headline(payload: dict[str, Any]) -> str | None:
    try:
        return headline(event_from_payload(payload))
    except (KeyError, TypeError, ValueError):  # an alert kind this version does not know
        return None
