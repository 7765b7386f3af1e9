"""Read-side functions returning plain dicts: used by the CLI query commands and the web page. Read-only.

Nothing here writes; the full-text search is in storage.search, the SQL sandbox in storage.readonly.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import Alert, Delivery, Figure, Item, ItemVersion, Series, SeriesPoint, Source, Statement

_MAX_ROW_ID = 2**63 - 1  # the largest id any backend stores (BIGINT); a larger number names no row


def row_id(value: int | str) -> int | None:
    """An id from a URL or the command line, or None when it cannot name a row (not a number, or too large)."""
    text = str(value)
    if not text.isdigit() or len(text) > 19:
        return None
    number = int(text)
    return number if 0 < number <= _MAX_ROW_ID else None


Before = tuple[datetime, int]  # a page's end in a newest-first listing: (its date, its id); the next page is older


def _older_than(when: Any, ident: Any, before: Before | None) -> Any:
    """The keyset condition of the next page in a (when desc, id desc) listing: an indexed range, any depth."""
    if before is None:
        return None
    return (when < before[0]) | ((when == before[0]) & (ident < before[1]))


def source_rows(session: Session) -> list[dict[str, Any]]:
    counts = dict(session.execute(select(Item.source_id, func.count()).group_by(Item.source_id)).all())
    rows = []
    for s in session.scalars(select(Source).order_by(Source.key)):
        rows.append(
            {
                "key": s.key,
                "name": s.name,
                "organization": s.organization,
                "type": s.kind,
                "enabled": s.enabled,
                "interval_s": s.interval_seconds,
                "items": counts.get(s.id, 0),
                "last_status": s.last_status,
                "last_polled": s.last_polled_at,
                "last_ok": s.last_ok_at,
                "failures": s.failures,
                "next_due": s.next_due,
                "last_error": s.last_error,
                "url": s.url,
            }
        )
    return rows


def item_rows(
    session: Session,
    *,
    source_key: str | None = None,
    since: datetime | None = None,
    limit: int | None = 200,
    before: Before | None = None,
) -> list[dict[str, Any]]:
    """Items newest first (by published date, else first seen); `before` continues a listing (keyset)."""
    when = func.coalesce(Item.published_at, Item.first_seen)
    query = select(Item, Source.key).join(Source).order_by(when.desc(), Item.id.desc())
    if source_key:
        query = query.where(Source.key == source_key)
    if since:
        query = query.where(when >= since)
    if before:
        query = query.where(_older_than(when, Item.id, before))
    if limit:
        query = query.limit(limit)
    return [
        {
            "item_id": item.id,
            "source": key,
            "published": item.published_at,
            "first_seen": item.first_seen,
            "last_seen": item.last_seen,
            "versions": item.version_count,
            "title": item.title,
            "url": item.url,
            "guid": item.guid,
        }
        for item, key in session.execute(query)
    ]


# --- the query side: figures, series, statements, versions (issue: querying the archive) -------------------
#
# Dates: a figure's or a statement's date is the publication date of the item version it came from, else the
# time that version was fetched (figure.published_at / statement.published_at hold exactly that). `since` is
# inclusive and `until` exclusive: the CLI turns "--until 2025-03-09" into "before 2025-03-10 00:00 UTC".


def _like(pattern: str) -> str:
    """A case-insensitive substring pattern with LIKE's wildcards taken literally."""
    escaped = pattern.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def matching_reporters(session: Session, pattern: str) -> list[str]:
    """Canonical reporter names matching a name or alias (case-insensitive substring).

    The canonical names are those of the series; a figure's reporter is the canonical name of what the text
    said (`reported_by`), so "observatory" finds SOHR through the figures that wrote it out in full.
    """
    like = _like(pattern)
    names = set(session.scalars(select(Series.reporter).where(func.lower(Series.reporter).like(like, escape="\\"))))
    names.update(
        session.scalars(
            select(Figure.reporter)
            .where(Figure.reporter.is_not(None), func.lower(Figure.reported_by).like(like, escape="\\"))
            .distinct()
        )
    )
    return sorted(n for n in names if n)


def _toll(number: int | None, number_max: int | None, vague: str | None) -> str:
    if number is None:
        return vague or ""
    return f"{number}–{number_max}" if number_max and number_max != number else str(number)


def figure_rows(
    session: Session,
    *,
    watch: str | None = None,
    reported_by: str | None = None,
    outcome: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int | None = 200,
    before: Before | None = None,
) -> list[dict[str, Any]]:
    """Figures newest first, filtered by watch, reporter (name or alias), outcome and publication date.

    `before` (a row's published date and figure id) continues a listing after that row.
    """
    query = select(Figure, Source.key).join(Source, Source.id == Figure.source_id)
    if reported_by:
        reporters = matching_reporters(session, reported_by)
        if not reporters:
            return []
        query = query.where(Figure.reporter.in_(reporters))
    if outcome:
        query = query.where(Figure.outcome == outcome.lower())
    if watch:
        in_watch = (
            select(SeriesPoint.id)
            .join(Series, Series.id == SeriesPoint.series_id)
            .where(SeriesPoint.figure_id == Figure.id, Series.watch == watch)
        )
        query = query.where(in_watch.exists())
    if since:
        query = query.where(Figure.published_at >= since)
    if until:
        query = query.where(Figure.published_at < until)
    if before:
        query = query.where(_older_than(Figure.published_at, Figure.id, before))
    query = query.order_by(Figure.published_at.desc(), Figure.id.desc())
    if limit:
        query = query.limit(limit)
    return [
        {
            "published": f.published_at,
            "reporter": f.reporter,
            "toll": _toll(f.number, f.number_max, f.vague),
            "number": f.number,
            "number_max": f.number_max,
            "qualifier": f.qualifier,
            "outcome": f.outcome,
            "victim_group": f.victim_group,
            "perpetrator": f.perpetrator,
            "place": f.place,
            "reported_by": f.reported_by,
            "source": key,
            "sentence": f.sentence,
            "url": f.url,
            "figure_id": f.id,
            "item_version_id": f.item_version_id,
        }
        for f, key in session.execute(query).tuples()
    ]


def _series_dict(s: Series) -> dict[str, Any]:
    return {
        "id": s.id,
        "uid": s.uid,
        "watch": s.watch,
        "reporter": s.reporter,
        "outcome": s.outcome,
        "victim_group": s.victim_group,
        "perpetrator": s.perpetrator or None,
        "number": s.number,
        "number_max": s.number_max,
        "qualifier": s.qualifier,
        "points": s.points,
        "published": s.published_at,
        "updated": s.updated_at,
    }


def series_rows(
    session: Session,
    *,
    watch: str | None = None,
    reported_by: str | None = None,
    limit: int | None = 500,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Every series with its current value, most recently moved first."""
    query = select(Series)
    if watch:
        query = query.where(Series.watch == watch)
    if reported_by:
        reporters = matching_reporters(session, reported_by)
        if not reporters:
            return []
        query = query.where(Series.reporter.in_(reporters))
    query = query.order_by(Series.published_at.desc(), Series.id.desc()).offset(offset)
    if limit:
        query = query.limit(limit)
    return [_series_dict(s) for s in session.scalars(query)]


def find_series_row(session: Session, ident: str) -> dict[str, Any] | None:
    """A series by its number or by its uid (a unique prefix of at least 6 characters will do)."""
    series: Series | None = None
    number = row_id(ident)
    if number is not None:
        series = session.get(Series, number)
    if series is None and len(ident) >= 6:
        found = list(session.scalars(select(Series).where(Series.uid.like(f"{ident.lower()}%")).limit(2)))
        series = found[0] if len(found) == 1 else None
    return _series_dict(series) if series else None


def series_point_rows(session: Session, series_id: int) -> list[dict[str, Any]]:
    """A series' full history, oldest first: each value it took, the repeats (corroboration) and stale ones."""
    query = (
        select(SeriesPoint, Figure, Source.key, ItemVersion.version)
        .join(Figure, Figure.id == SeriesPoint.figure_id)
        .join(Source, Source.id == Figure.source_id)
        .join(ItemVersion, ItemVersion.id == Figure.item_version_id)
        .where(SeriesPoint.series_id == series_id)
        .order_by(Figure.published_at, SeriesPoint.id)
    )
    return [
        {
            "published": f.published_at,
            "role": p.role,
            "number": p.number,
            "toll": _toll(f.number, f.number_max, f.vague),
            "qualifier": f.qualifier,
            "revision": p.revision,
            "source": key,
            "url": f.url,
            "sentence": f.sentence,
            "figure_id": f.id,
            "item_version_id": f.item_version_id,
            "item_id": f.item_id,
            "version": version,
        }
        for p, f, key, version in session.execute(query).tuples()
    ]


def chart_series(
    session: Session, *, watch: str | None = None, max_series: int = 12
) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """The series a chart of the archive shows (those with most points first) and each one's full history."""
    query = select(Series).order_by(Series.points.desc(), Series.id).limit(max_series)
    if watch:
        query = query.where(Series.watch == watch)
    return [(_series_dict(s), series_point_rows(session, s.id)) for s in session.scalars(query)]


def statement_rows(
    session: Session,
    *,
    speaker: str | None = None,
    official: bool | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int | None = 200,
    before: Before | None = None,
) -> list[dict[str, Any]]:
    """Statements newest first; `speaker` matches the speaker, role or organization (case-insensitive).

    `before` (a row's published date and statement id) continues a listing after that row.
    """
    query = (
        select(Statement, Source.key, ItemVersion.version)
        .join(Source, Source.id == Statement.source_id)
        .join(ItemVersion, ItemVersion.id == Statement.item_version_id)
    )
    if speaker:
        like = _like(speaker)
        query = query.where(
            func.lower(Statement.speaker).like(like, escape="\\")
            | func.lower(func.coalesce(Statement.role, "")).like(like, escape="\\")
            | func.lower(func.coalesce(Statement.organization, "")).like(like, escape="\\")
        )
    if official is not None:
        query = query.where(Statement.official.is_(official))
    if since:
        query = query.where(Statement.published_at >= since)
    if until:
        query = query.where(Statement.published_at < until)
    if before:
        query = query.where(_older_than(Statement.published_at, Statement.id, before))
    query = query.order_by(Statement.published_at.desc(), Statement.id.desc())
    if limit:
        query = query.limit(limit)
    return [
        {
            "published": st.published_at,
            "speaker": st.speaker,
            "role": st.role,
            "organization": st.organization,
            "official": st.official,
            "kind": st.kind,
            "text": st.text,
            "source": key,
            "url": st.url,
            "statement_id": st.id,
            "item_version_id": st.item_version_id,
            "item_id": st.item_id,
            "version": version,
        }
        for st, key, version in session.execute(query).tuples()
    ]


def version_when() -> Any:
    """A version's date for range queries: published, else fetched (indexed by the same expression)."""
    return func.coalesce(ItemVersion.published_at, ItemVersion.fetched_at)


def version_rows(
    session: Session,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    with_raw: bool = False,
    batch: int = 1000,
) -> Iterator[dict[str, Any]]:
    """Archived versions in a date range, oldest first, streamed in batches (an export can be the whole archive)."""
    when = version_when()
    columns = [ItemVersion.id, ItemVersion.item_id, ItemVersion.version, ItemVersion.content_hash, ItemVersion.title,
               ItemVersion.text, ItemVersion.url, ItemVersion.published_at, ItemVersion.fetched_at,
               ItemVersion.raw_type, ItemVersion.http_meta, Item.guid, Source.key, when.label("when")]  # fmt: skip
    if with_raw:
        columns.append(ItemVersion.raw)
    query = select(*columns).join(Item, Item.id == ItemVersion.item_id).join(Source, Source.id == Item.source_id)
    if since:
        query = query.where(when >= since)
    if until:
        query = query.where(when < until)
    # keyset pagination on (when, id): each batch is an indexed range scan, whatever the archive's size
    last: tuple[Any, int] | None = None
    while True:
        page = query
        if last is not None:
            page = page.where((when > last[0]) | ((when == last[0]) & (ItemVersion.id > last[1])))
        rows = session.execute(page.order_by(when, ItemVersion.id).limit(batch)).mappings().all()
        for r in rows:
            yield {
                "version_id": r["id"],
                "item_id": r["item_id"],
                "version": r["version"],
                "source": r["key"],
                "guid": r["guid"],
                "url": r["url"],
                "published": r["published_at"],
                "fetched": r["fetched_at"],
                "title": r["title"],
                "text": r["text"],
                "content_hash": r["content_hash"],
                "raw_type": r["raw_type"],
                "http_meta": r["http_meta"],
                "raw": zlib.decompress(r["raw"]) if with_raw and r["raw"] else None,
            }
        if len(rows) < batch:
            return
        last = (rows[-1]["when"], rows[-1]["id"])


def version_detail(session: Session, version_id: int) -> dict[str, Any] | None:
    """One archived version with its item, source, neighbours, and the figures and statements found in it."""
    if row_id(version_id) is None:
        return None
    row = session.execute(
        select(ItemVersion, Item, Source.key, Source.name)
        .join(Item, Item.id == ItemVersion.item_id)
        .join(Source, Source.id == Item.source_id)
        .where(ItemVersion.id == version_id)
    ).first()
    if row is None:
        return None
    v, item, key, name = row
    versions = session.execute(
        select(ItemVersion.id, ItemVersion.version, ItemVersion.fetched_at)
        .where(ItemVersion.item_id == item.id)
        .order_by(ItemVersion.version)
    ).all()
    figures = session.scalars(select(Figure).where(Figure.item_version_id == v.id).order_by(Figure.start)).all()
    statements = session.scalars(
        select(Statement).where(Statement.item_version_id == v.id).order_by(Statement.start)
    ).all()
    return {
        "version_id": v.id,
        "version": v.version,
        "item_id": item.id,
        "source": key,
        "source_name": name,
        "guid": item.guid,
        "url": v.url or item.url,
        "title": v.title,
        "text": v.text,
        "published": v.published_at,
        "fetched": v.fetched_at,
        "content_hash": v.content_hash,
        "versions": [{"version_id": i, "version": n, "fetched": f} for i, n, f in versions],
        "figures": [{"toll": _toll(f.number, f.number_max, f.vague), "outcome": f.outcome,
                     "victim_group": f.victim_group, "reporter": f.reporter, "sentence": f.sentence}
                    for f in figures],  # fmt: skip
        "statements": [{"speaker": s.speaker, "role": s.role, "text": s.text} for s in statements],
    }


# --- items and their versions: what changed between two versions (crawler.diff does the diff) ----------------


def find_item_id(session: Session, ident: str) -> int | None:
    """An item by its number, or by its exact URL or guid (the newest such item when several sources have it)."""
    number = row_id(ident)
    if number is not None and session.get(Item, number) is not None:
        return number
    return session.scalars(
        select(Item.id).where((Item.url == ident) | (Item.guid == ident)).order_by(Item.id.desc()).limit(1)
    ).first()


def item_detail(session: Session, item_id: int) -> dict[str, Any] | None:
    """One item with its source and every version (number, dates, title, hash), oldest first; no texts."""
    if row_id(item_id) is None:
        return None
    row = session.execute(select(Item, Source.key).join(Source).where(Item.id == item_id)).first()
    if row is None:
        return None
    item, key = row
    versions = session.execute(
        select(ItemVersion.id, ItemVersion.version, ItemVersion.fetched_at, ItemVersion.published_at,
               ItemVersion.title, ItemVersion.content_hash)
        .where(ItemVersion.item_id == item.id)
        .order_by(ItemVersion.version)
    ).all()  # fmt: skip
    return {
        "item_id": item.id,
        "source": key,
        "guid": item.guid,
        "url": item.url,
        "title": item.title,
        "published": item.published_at,
        "first_seen": item.first_seen,
        "last_seen": item.last_seen,
        "versions": [
            {"version_id": i, "version": n, "fetched": f, "published": p, "title": t, "content_hash": h}
            for i, n, f, p, t, h in versions
        ],
    }


def version_texts(session: Session, item_id: int, numbers: tuple[int, int]) -> list[dict[str, Any]] | None:
    """Two versions of an item by their numbers (1, 2, …), each with its title and text; None if either is missing."""
    if row_id(item_id) is None or any(row_id(n) is None for n in numbers):
        return None
    rows = {
        v.version: v
        for v in session.scalars(
            select(ItemVersion).where(ItemVersion.item_id == item_id, ItemVersion.version.in_(list(numbers)))
        )
    }
    if any(n not in rows for n in numbers):
        return None
    return [
        {"version_id": v.id, "version": v.version, "fetched": v.fetched_at, "published": v.published_at,
         "title": v.title, "text": v.text, "url": v.url}  # fmt: skip
        for v in (rows[n] for n in numbers)
    ]


def alert_rows(
    session: Session, *, status: str | None = None, limit: int | None = 200, before_id: int | None = None
) -> list[dict[str, Any]]:
    """Alerts newest first, each with its deliveries (one per channel); `status` keeps alerts with a delivery
    in that state; `before_id` continues a listing after that alert."""
    query = select(Alert).order_by(Alert.id.desc())
    if status:
        query = query.where(select(Delivery.id).where(Delivery.alert_id == Alert.id, Delivery.status == status).exists())
    if before_id:
        query = query.where(Alert.id < before_id)
    if limit:
        query = query.limit(limit)
    alerts = list(session.scalars(query))
    deliveries: dict[int, list[Delivery]] = {a.id: [] for a in alerts}
    if alerts:
        for d in session.scalars(select(Delivery).where(Delivery.alert_id.in_(list(deliveries))).order_by(Delivery.id)):
            deliveries[d.alert_id].append(d)
    return [
        {
            "alert_id": a.id,
            "uid": a.uid,
            "kind": a.kind,
            "watch": a.watch,
            "series_id": a.series_id,
            "statement_id": a.statement_id,
            "created": a.created_at,
            "payload": a.payload,
            "deliveries": [
                {"channel": d.channel, "status": d.status, "attempts": d.attempts, "last_error": d.last_error,
                 "next_attempt": d.next_attempt_at, "sent_at": d.sent_at, "held": d.held}  # fmt: skip
                for d in deliveries[a.id]
            ],
        }
        for a in alerts
    ]
