"""Write-side functions for sources: sync from config, poll leases, poll outcomes and backoff."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from storage.base import utcnow
from storage.models import FetchLog, Source

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


def acquire_lease(session: Session, source_id: int, owner: str, seconds: int, now: datetime | None = None) -> bool:
    """Claim the right to poll one source; a database fact, so a second process honours it."""
    now = now or utcnow()
    result = session.execute(
        update(Source)
        .where(Source.id == source_id)
        .where(or_(Source.lease_until.is_(None), Source.lease_until < now, Source.lease_owner == owner))
        .values(lease_owner=owner, lease_until=now + timedelta(seconds=seconds))
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def release_lease(session: Session, source_id: int, owner: str) -> None:
    session.execute(
        update(Source)
        .where(Source.id == source_id, Source.lease_owner == owner)
        .values(lease_owner=None, lease_until=None)
        .execution_options(synchronize_session=False)
    )


def backoff_delay(interval_seconds: int, failures: int, retry_after: float | None = None) -> timedelta:
    """Next poll after `failures` consecutive failures: interval × 2^(failures-1), capped at 24 h."""
    base = timedelta(seconds=interval_seconds)
    if failures <= 0:
        return base
    delay = base * (2 ** min(failures - 1, 16))
    if retry_after is not None:
        delay = max(delay, timedelta(seconds=retry_after))
    return min(delay, max(MAX_BACKOFF, base))


def record_poll(
    session: Session,
    source: Source,
    log: FetchLog,
    *,
    now: datetime,
    etag: str | None = None,
    last_modified: str | None = None,
    retry_after: float | None = None,
) -> None:
    """Write the fetch_log row and move the source's poll state (failures, next_due, validators)."""
    log.source_id = source.id
    session.add(log)
    source.last_polled_at = now
    source.last_status = log.status
    if log.status == "error":
        source.failures = (source.failures or 0) + 1
        source.last_error = log.error
        source.next_due = now + backoff_delay(source.interval_seconds, source.failures, retry_after)
    else:
        source.failures = 0
        source.last_error = None
        source.last_ok_at = now
        source.next_due = now + timedelta(seconds=source.interval_seconds)
        if log.status == "ok":
            source.etag, source.last_modified = etag, last_modified
