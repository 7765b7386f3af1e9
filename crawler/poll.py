"""One poll of one source — the unit of work, read top to bottom:

    lease → harvest → ingest → extract → record → release (with the fetch_log row and the poll state)

A failure is caught here, at the unit of work, written to fetch_log and the source's poll state, and never
stops the other sources. Nothing archived is touched by a failed poll.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from crawler.config import Config, SourceConfig
from crawler.context import PollContext
from crawler.document import Harvest, Validators
from crawler.errors import RetryLater, SourceError
from crawler.extract import extract
from crawler.harvest import harvester_for
from crawler.ingest import Ingested, ingest
from crawler.track.record import SourceRef, record, record_health
from storage import archive, subscriptions
from storage import sources as source_store
from storage.db import session_scope
from storage.models import FetchLog, Item, Source
from storage.redact import redact

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PollOutcome:
    source_key: str
    status: str  # ok | not_modified | error | skipped
    http_status: int | None = None
    seen: int = 0
    new: int = 0
    changed: int = 0
    bytes: int = 0
    duration_ms: int = 0
    error: str | None = None
    warnings: tuple[str, ...] = ()

    def summary(self) -> str:
        took = f"{self.duration_ms / 1000:.1f}s"
        if self.status == "error":
            return f"{self.source_key}: error — {self.error} ({took})"
        if self.status == "skipped":
            return f"{self.source_key}: skipped — {self.error}"
        if self.status == "not_modified":
            return f"{self.source_key}: not modified (304, {took})"
        warn = f"; warning: {'; '.join(self.warnings)}" if self.warnings else ""
        return (
            f"{self.source_key}: ok {self.http_status or ''} — {self.seen} items, {self.new} new, "
            f"{self.changed} changed, {self.bytes / 1024:.0f} KB, {took}{warn}"
        ).replace("ok  —", "ok —")


async def poll_source(ctx: PollContext, cfg: SourceConfig) -> PollOutcome:
    """Poll one source once. Never raises for a source's own failure: it is recorded instead."""
    started = time.perf_counter()
    now = ctx.clock()
    # a database write: off the event loop, which would otherwise stand still while SQLite waits for its lock
    claim = await asyncio.to_thread(_claim, ctx, cfg, now)
    if claim is None:
        return PollOutcome(cfg.key, "skipped", error="another poll of this source is running")
    try:
        # the outcome is recorded and the lease released in one transaction
        return await _poll_leased(ctx, cfg, claim.source_id, Validators(claim.etag, claim.last_modified), now, started)
    except BaseException:
        with session_scope(ctx.session_factory) as session:
            source_store.release_lease(session, claim.source_id, ctx.owner)
        raise


def _claim(ctx: PollContext, cfg: SourceConfig, now: datetime) -> source_store.Claim | None:
    lease = cfg.timeout * 4 + 120
    with session_scope(ctx.session_factory) as session:
        claim = source_store.claim_source(session, cfg.key, ctx.owner, lease, now)
        if claim is None and session.scalar(select(Source.id).where(Source.key == cfg.key)) is None:
            source_store.sync_sources(session, [spec_of(cfg)])
            claim = source_store.claim_source(session, cfg.key, ctx.owner, lease, now)
    return claim


async def _poll_leased(
    ctx: PollContext, cfg: SourceConfig, source_id: int, validators: Validators, now: datetime, started: float
) -> PollOutcome:
    try:
        harvest = await harvester_for(cfg.type)(ctx, cfg, validators)
    except SourceError as exc:
        return await asyncio.to_thread(record_failure, ctx, cfg, source_id, exc, now, started)
    except Exception as exc:  # the unit of work: an unexpected bug in one source must not stop the others
        log.exception("poll of %s failed unexpectedly", cfg.key)
        error = SourceError(f"internal error: {type(exc).__name__}: {exc}")
        return await asyncio.to_thread(record_failure, ctx, cfg, source_id, error, now, started)
    # ingest, extraction and tracking are CPU and database work: off the event loop, so other polls go on
    return await asyncio.to_thread(store_harvest, ctx, cfg, source_id, harvest, now, started)


def store_harvest(
    ctx: PollContext, cfg: SourceConfig, source_id: int, harvest: Harvest, now: datetime, started: float
) -> PollOutcome:
    """ingest → extract → record, the fetch_log row and the poll state: one transaction.

    A 304 has nothing to ingest, extract or track: it writes only the fetch_log row and the poll state.
    A concurrent poll of another source (another worker, another thread) may create the same shared row first
    (a series both report): the constraint refuses ours, and the transaction runs once more, now finding it."""
    try:
        if harvest.not_modified and not harvest.documents and not harvest.unchanged_guids:
            with session_scope(ctx.session_factory) as session:
                return _record_success(session, ctx, cfg, source_id, harvest, Ingested(), now, started)
        try:
            return _store_once(ctx, cfg, source_id, harvest, now, started)
        except IntegrityError:
            log.info("archiving %s met a concurrent write; running it again", cfg.key)
            return _store_once(ctx, cfg, source_id, harvest, now, started)
    except Exception as exc:
        log.exception("archiving %s failed", cfg.key)
        error = SourceError(f"archive write failed: {type(exc).__name__}: {str(exc)[:300]}")
        return record_failure(ctx, cfg, source_id, error, now, started)


def _store_once(
    ctx: PollContext, cfg: SourceConfig, source_id: int, harvest: Harvest, now: datetime, started: float
) -> PollOutcome:
    with session_scope(ctx.session_factory) as session:
        ingested = ingest(session, source_id, harvest.documents, now=now)
        source_org = ctx.tracker.monitor_org(cfg.organization)
        extractions = [extract(v.reading_text, source_org=source_org) for v in ingested.versions]
        record(session, ctx.tracker, SourceRef(source_id, cfg.key, cfg.organization),
               ingested.versions, extractions, now)  # fmt: skip
        return _record_success(session, ctx, cfg, source_id, harvest, ingested, now, started)


def _record_success(
    session: Session, ctx: PollContext, cfg: SourceConfig, source_id: int, harvest: Harvest, ingested: Ingested,
    now: datetime, started: float,
) -> PollOutcome:  # fmt: skip
    seen = ingested.seen
    if harvest.unchanged_guids:
        items = archive.items_by_guid(session, source_id, harvest.unchanged_guids)
        archive.touch_items(session, [i.id for i in items.values()], now)
        seen += len(harvest.unchanged_guids)
    if harvest.failed_articles:
        session.execute(
            update(Item)
            .where(Item.source_id == source_id, Item.guid.in_(harvest.failed_articles))
            .values(article_attempts=Item.article_attempts + 1)
            .execution_options(synchronize_session=False)
        )
    status = "not_modified" if harvest.not_modified else "ok"
    duration = int((time.perf_counter() - started) * 1000)
    entry = FetchLog(
        started_at=now, duration_ms=duration, status=status, http_status=harvest.http_status, bytes=harvest.bytes,
        warnings=harvest.warnings or None, pages=harvest.pages, items_seen=seen, items_new=ingested.new,
        items_changed=ingested.changed,
    )  # fmt: skip
    # source health (failed, recovered, silent) before the poll's outcome moves the source's state
    record_health(session, ctx.tracker, source_id, ok=True, error=None, now=now)
    interval = cfg.interval
    if cfg.push and ctx.config.websub is not None and not harvest.pushed:
        # push accelerates polling: a longer interval while it works, and off when a poll finds what it missed
        interval = subscriptions.after_poll(session, source_id, ingested.new, cfg.interval, ctx.config.websub.push_interval)
    source_store.record_poll(
        session, source_id, entry, now=now, interval_seconds=interval, owner=ctx.owner,
        etag=harvest.etag, last_modified=harvest.last_modified,
    )  # fmt: skip
    return PollOutcome(
        cfg.key, status, harvest.http_status, seen, ingested.new, ingested.changed, harvest.bytes, duration,
        warnings=tuple(harvest.warnings),
    )  # fmt: skip


def record_failure(
    ctx: PollContext, cfg: SourceConfig, source_id: int, error: SourceError, now: datetime, started: float
) -> PollOutcome:
    duration = int((time.perf_counter() - started) * 1000)
    status_code = getattr(error, "status", None)
    retry_after = error.retry_after if isinstance(error, RetryLater) else None
    with session_scope(ctx.session_factory) as session:
        entry = FetchLog(started_at=now, duration_ms=duration, status="error", http_status=status_code, error=str(error))
        record_health(session, ctx.tracker, source_id, ok=False, error=redact(str(error)), now=now)
        source_store.record_poll(
            session, source_id, entry, now=now, interval_seconds=cfg.interval, owner=ctx.owner, retry_after=retry_after
        )
    log.warning("poll of %s failed: %s", cfg.key, error)
    return PollOutcome(cfg.key, "error", status_code, duration_ms=duration, error=str(error))


def spec_of(cfg: SourceConfig) -> source_store.SourceSpec:
    return source_store.SourceSpec(cfg.key, cfg.name, cfg.organization, cfg.type, cfg.url, cfg.interval, cfg.enabled)


async def poll_sources(
    ctx: PollContext,
    sources: Iterable[SourceConfig],
    *,
    on_done: Callable[[PollOutcome], None] | None = None,
) -> list[PollOutcome]:
    """Poll many sources concurrently (config.concurrency at a time); outcomes in the given order."""
    gate = asyncio.Semaphore(ctx.config.concurrency)

    async def one(cfg: SourceConfig) -> PollOutcome:
        async with gate:
            try:
                outcome = await poll_source(ctx, cfg)
            except Exception as exc:  # the archive itself failed (database down): report, keep going
                log.exception("poll of %s could not be recorded", cfg.key)
                outcome = PollOutcome(cfg.key, "error", error=f"could not record the poll: {type(exc).__name__}: {exc}")
        if on_done:
            on_done(outcome)
        return outcome

    return list(await asyncio.gather(*(one(s) for s in sources)))


def sync_config(session_factory: sessionmaker[Session], config: Config) -> None:
    with session_scope(session_factory) as session:
        source_store.sync_sources(session, [spec_of(s) for s in config.sources])
