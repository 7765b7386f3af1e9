"""Write-side functions for sources: sync from config, poll leases, poll outcomes and backoff."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, case, func, insert, or_, select, update
from sqlalchemy.orm import Session

from storage.base import utcnow
from storage.models import FetchLog, Item, Source
from storage.redact import redact_optional
from storage.retry import Backoff

MAX_BACKOFF = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class SourceSpec:
    """What the archive needs to know of a configured source."""

    key: str
    name: str
    organization: str | None
    kind: str
    url: str
    interval_seconds: int
    enabled: bool = True


def sync_sources(session: Session, specs: list[SourceSpec]) -> dict[str, Source]:
    """Create or update source rows from config; sources gone from config are disabled, never deleted."""
    rows = {s.key: s for s in session.scalars(select(Source))}
    wanted = {spec.key for spec in specs}
    for spec in specs:
        row = rows.get(spec.key)
        if row is None:
            row = Source(key=spec.key, failures=0)
            session.add(row)
            rows[spec.key] = row
        elif row.url != spec.url:
            # a new URL is a new resource: forget validators that belonged to the old one
            row.etag = None
            row.last_modified = None
        row.name, row.organization, row.kind = spec.name, spec.organization, spec.kind
        row.url, row.interval_seconds, row.enabled = spec.url, spec.interval_seconds, spec.enabled
    for key, row in rows.items():
        if key not in wanted:
            row.enabled = False
    session.flush()
    return {k: v for k, v in rows.items() if k in wanted}


@dataclass(frozen=True, slots=True)
class Claim:
    """A source claimed for one poll: its id and the validators of the last successful fetch."""

    source_id: int
    etag: str | None
    last_modified: str | None


def claim_source(session: Session, key: str, owner: str, seconds: int, now: datetime | None = None) -> Claim | None:
    """Take the poll lease of a source in one statement; None when another poll holds it.

    The lease is a database fact, so a second process (or a second daemon) honours it.
    """
    now = now or utcnow()
    # Core statements on the tables, not the ORM: this runs twice per poll, thousands of times a cycle
    source = Source.__table__.c
    row = session.execute(
        update(Source.__table__)
        .where(source.key == key)
        .where(or_(source.lease_until.is_(None), source.lease_until < now, source.lease_owner == owner))
        .values(lease_owner=owner, lease_until=now + timedelta(seconds=seconds))
        .returning(source.id, source.etag, source.last_modified)
    ).one_or_none()
    return Claim(*row) if row else None


def claim_sources(
    session: Session, keys: Sequence[str], owner: str, seconds: int, now: datetime | None = None
) -> dict[str, Claim]:
    """`claim_source` for a batch of sources, in one statement: the claims of those whose lease was free (or
    already `owner`'s), by key."""
    if not keys:
        return {}
    now = now or utcnow()
    source = Source.__table__.c
    rows = session.execute(
        update(Source.__table__)
        .where(source.key.in_(keys))
        .where(or_(source.lease_until.is_(None), source.lease_until < now, source.lease_owner == owner))
        .values(lease_owner=owner, lease_until=now + timedelta(seconds=seconds))
        .returning(source.key, source.id, source.etag, source.last_modified)
    ).all()
    return {key: Claim(source_id, etag, last_modified) for key, source_id, etag, last_modified in rows}


def release_lease(session: Session, source_id: int, owner: str) -> None:
    session.execute(
        update(Source)
        .where(Source.id == source_id, Source.lease_owner == owner)
        .values(lease_owner=None, lease_until=None)
        .execution_options(synchronize_session=False)
    )


def backoff_delay(interval_seconds: int, failures: int, retry_after: float | None = None) -> timedelta:
    """Next poll after `failures` consecutive failures: interval × 2^(failures-1), capped at 24 h
    (storage.retry.Backoff, the schedule deliveries and spiders use too)."""
    if failures <= 0:
        return timedelta(seconds=interval_seconds)
    backoff = Backoff(base=interval_seconds, cap=MAX_BACKOFF.total_seconds())
    return timedelta(seconds=backoff.delay(failures, retry_after))


def record_poll(
    session: Session,
    source_id: int,
    log: FetchLog,
    *,
    now: datetime,
    interval_seconds: int,
    owner: str | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    retry_after: float | None = None,
) -> None:
    """Write the fetch_log row and move the source's poll state (failures, next_due, validators);
    release the poll lease of `owner` in the same statement."""
    log.source_id = source_id
    log.error = redact_optional(log.error)
    session.execute(
        insert(FetchLog.__table__).values(
            {c.key: getattr(log, c.key) for c in FetchLog.__table__.c if getattr(log, c.key) is not None}
        )
    )
    values: dict[str, object] = {"last_polled_at": now, "last_status": log.status}
    if log.status == "error":
        failures = (session.scalar(select(Source.failures).where(Source.id == source_id)) or 0) + 1
        values.update(
            failures=failures,
            last_error=log.error,
            next_due=now + backoff_delay(interval_seconds, failures, retry_after),
        )
    else:
        values.update(
            failures=0, last_error=None, last_ok_at=now, next_due=now + timedelta(seconds=interval_seconds)
        )
        if log.status == "ok":
            values.update(etag=etag, last_modified=last_modified)
    source = Source.__table__.c
    if owner is not None:
        mine = source.lease_owner == owner
        values.update(
            lease_owner=case((mine, None), else_=source.lease_owner),
            lease_until=case((mine, None), else_=source.lease_until),
        )
    session.execute(update(Source.__table__).where(source.id == source_id).values(**values))


@dataclass(frozen=True, slots=True)
class GoodPoll:
    """One successful poll (ok or not_modified) for `record_polls`."""

    source_id: int
    log: FetchLog
    now: datetime
    interval_seconds: int
    etag: str | None = None
    last_modified: str | None = None


def record_polls(session: Session, polls: Sequence[GoodPoll], *, owner: str | None = None) -> None:
    """`record_poll` for a batch of successful polls: the fetch_log rows in one executemany, the sources' poll
    state (validators only after a 200, as record_poll does) in another; the same rows and values."""
    logs: dict[tuple[str, ...], list[dict[str, object]]] = {}
    for poll in polls:
        poll.log.source_id = poll.source_id
        row = {c.key: getattr(poll.log, c.key) for c in FetchLog.__table__.c if getattr(poll.log, c.key) is not None}
        logs.setdefault(tuple(row), []).append(row)  # one statement per set of columns: a missing one keeps its default
    for rows in logs.values():
        session.execute(insert(FetchLog.__table__), rows)
    source = Source.__table__.c
    values: dict[str, object] = {
        "last_polled_at": bindparam("p_now"), "last_status": bindparam("p_status"), "failures": 0, "last_error": None,
        "last_ok_at": bindparam("p_now"), "next_due": bindparam("p_next_due"),
    }  # fmt: skip
    if owner is not None:
        mine = source.lease_owner == owner
        values.update(
            lease_owner=case((mine, None), else_=source.lease_owner),
            lease_until=case((mine, None), else_=source.lease_until),
        )
    for status in ("ok", "not_modified"):
        params = [
            {"p_id": p.source_id, "p_now": p.now, "p_status": status, "p_next_due": p.now + timedelta(seconds=p.interval_seconds),
             **({"p_etag": p.etag, "p_last_modified": p.last_modified} if status == "ok" else {})}
            for p in polls if p.log.status == status
        ]  # fmt: skip
        if not params:
            continue
        extra = {"etag": bindparam("p_etag"), "last_modified": bindparam("p_last_modified")} if status == "ok" else {}
        stmt = update(Source.__table__).where(source.id == bindparam("p_id")).values(**values, **extra)
        session.execute(stmt, params)


def arrivals_of(session: Session, source_ids: Sequence[int], *, limit: int = 50) -> dict[int, list[datetime]]:
    """`arrivals` of many sources: by source id (a source without any is left out). Two short index reads per
    source (ix_fetch_log_source_started, ix_item_source_first_seen), so a source with months of items costs no
    more than a new one: one ranked question for all the sources read every item of each (0.2 s of a 0.36 s
    unchanged poll of 100 sources against 1 M versions)."""
    out: dict[int, list[datetime]] = {}
    for source_id in source_ids:
        if seen := arrivals(session, source_id, limit=limit):
            out[source_id] = seen
    return out


def arrivals(session: Session, source_id: int, *, limit: int = 50) -> list[datetime]:
    """When the source's newest items were first seen while it was monitored (after its first successful poll)."""
    first_ok = session.scalar(
        select(func.min(FetchLog.started_at)).where(FetchLog.source_id == source_id, FetchLog.status == "ok")
    )
    if first_ok is None:
        return []
    rows = session.scalars(
        select(Item.first_seen).where(Item.source_id == source_id, Item.first_seen > first_ok)
        .order_by(Item.first_seen.desc()).limit(limit)
    )
    return list(rows)


def failing_since(session: Session, source_id: int, last_ok_at: datetime | None) -> datetime | None:
    """When the current streak of failed polls began."""
    query = select(func.min(FetchLog.started_at)).where(FetchLog.source_id == source_id, FetchLog.status == "error")
    if last_ok_at is not None:
        query = query.where(FetchLog.started_at > last_ok_at)
    return session.scalar(query)
