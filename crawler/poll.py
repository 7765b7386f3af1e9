"""One poll of one source — the unit of work, read top to bottom:

    lease → harvest → ingest → extract → record → release (with the fetch_log row and the poll state)

A failure is caught here, at the unit of work, written to fetch_log and the source's poll state, and never
stops the other sources. Nothing archived is touched by a failed poll.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from crawler.config import SourceConfig
from crawler.context import PollContext
from crawler.document import Harvest, Validators
from crawler.errors import RetryLater, SourceError
from crawler.extract import extract
from crawler.harvest import harvester_for
from crawler.ingest import Ingested, ingest
from crawler.sources import spec_of, sync_config  # noqa: F401 — sync_config re-exported (daemon, jobs, benches, tests)
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


@dataclass(slots=True)
class Fetched:
    """A source's harvest (or the reason it failed), leased and waiting to be stored."""

    cfg: SourceConfig
    source_id: int
    now: datetime
    started: float
    harvest: Harvest | None = None
    error: SourceError | None = None


async def poll_source(ctx: PollContext, cfg: SourceConfig) -> PollOutcome:
    """Poll one source once. Never raises for a source's own failure: it is recorded instead."""
    fetched = await fetch_source(ctx, cfg)
    if isinstance(fetched, PollOutcome):
        return fetched
    # ingest, extraction and tracking are CPU and database work: off the event loop, so other polls go on
    return await asyncio.to_thread(settle, ctx, fetched)


async def fetch_source(
    ctx: PollContext, cfg: SourceConfig, claim: source_store.Claim | None | Unclaimed = None
) -> Fetched | PollOutcome:
    """Lease the source (unless `poll_sources` has leased its batch already: `claim`) and harvest it; the lease
    is held until `settle` records the outcome."""
    started = time.perf_counter()
    now = ctx.clock()
    if claim is None:
        # a database write: off the event loop, which would otherwise stand still while SQLite waits for its lock
        claim = await asyncio.to_thread(_claim, ctx, cfg, now)
    if not isinstance(claim, source_store.Claim):
        return PollOutcome(cfg.key, "skipped", error="another poll of this source is running")
    fetched = Fetched(cfg, claim.source_id, now, started)
    try:
        fetched.harvest = await harvester_for(cfg.type)(ctx, cfg, Validators(claim.etag, claim.last_modified))
    except SourceError as exc:
        fetched.error = exc
    except Exception as exc:  # the unit of work: an unexpected bug in one source must not stop the others
        log.exception("poll of %s failed unexpectedly", cfg.key)
        fetched.error = SourceError(f"internal error: {type(exc).__name__}: {exc}")
    except BaseException:
        _release(ctx, claim.source_id)
        raise
    return fetched


def settle(ctx: PollContext, fetched: Fetched) -> PollOutcome:
    """Record a fetched source: the failure, or ingest → extract → record; the outcome and the lease's release
    in one transaction."""
    try:
        if fetched.harvest is None:
            assert fetched.error is not None
            return record_failure(
                ctx, fetched.cfg, fetched.source_id, fetched.error, fetched.now, fetched.started
            )
        return store_harvest(
            ctx, fetched.cfg, fetched.source_id, fetched.harvest, fetched.now, fetched.started
        )
    except BaseException:
        _release(ctx, fetched.source_id)
        raise


def is_quiet(ctx: PollContext, fetched: Fetched) -> bool:
    """A 304 that leaves nothing to ingest and no push subscription to adjust: `settle_quiet` records it with
    others of its batch."""
    h = fetched.harvest
    return (
        h is not None and h.not_modified and not h.documents and not h.unchanged_guids and not h.failed_articles
        and not (fetched.cfg.push and ctx.config.websub is not None and not h.pushed)
    )  # fmt: skip


def settle_quiet(ctx: PollContext, batch: Sequence[Fetched]) -> list[PollOutcome]:
    """Record quiet polls (`is_quiet`) in one transaction: one read of their sources and arrivals for the health
    rules, one insert of their fetch_log rows, one update of their poll state. The same rows, events and
    outcomes as `settle` of each in turn, which is what happens should the batch fail."""
    if len(batch) > 1:
        try:
            return _settle_quiet(ctx, batch)
        except Exception:
            log.exception("recording %d unchanged sources at once failed; recording them one by one", len(batch))
    return [settle(ctx, fetched) for fetched in batch]


def _settle_quiet(ctx: PollContext, batch: Sequence[Fetched]) -> list[PollOutcome]:
    ids = [f.source_id for f in batch]
    polls: list[source_store.GoodPoll] = []
    outcomes: list[PollOutcome] = []
    with session_scope(ctx.session_factory) as session:
        rows = {row.id: row for row in session.scalars(select(Source).where(Source.id.in_(ids)))}
        arrivals = source_store.arrivals_of(session, ids)
        for f in batch:
            h = f.harvest
            assert h is not None
            record_health(session, ctx.tracker, f.source_id, ok=True, error=None, now=f.now,
                          source=rows[f.source_id], arrivals=arrivals.get(f.source_id, []))  # fmt: skip
            duration = int((time.perf_counter() - f.started) * 1000)
            entry = FetchLog(
                started_at=f.now, duration_ms=duration, status="not_modified", http_status=h.http_status,
                bytes=h.bytes, warnings=h.warnings or None, pages=h.pages, items_seen=0, items_new=0, items_changed=0,
            )  # fmt: skip
            polls.append(source_store.GoodPoll(f.source_id, entry, f.now, f.cfg.interval))
            outcomes.append(PollOutcome(f.cfg.key, "not_modified", h.http_status, 0, 0, 0, h.bytes, duration,
                                        warnings=tuple(h.warnings)))  # fmt: skip
        source_store.record_polls(session, polls, owner=ctx.owner)
    return outcomes


def _release(ctx: PollContext, source_id: int) -> None:
    with session_scope(ctx.session_factory) as session:
        source_store.release_lease(session, source_id, ctx.owner)


def settle_order(publishes_itself: Callable[[str | None], bool], fetched: Sequence[Fetched]) -> list[int]:
    """The order a batch of fetched sources is recorded in, so that what is judged does not depend on which
    answered first: failures (a reporter whose own source fails now speaks through outlets), then the sources
    that publish a reporter's own word, then outlets; each in the given order."""

    def rank(i: int) -> tuple[int, int]:
        f = fetched[i]
        if f.harvest is None:
            return (0, i)
        return (1 if publishes_itself(f.cfg.organization) else 2, i)

    return sorted(range(len(fetched)), key=rank)


class Unclaimed:
    """Another poll holds the source's lease (what `_claim_batch` gives such a source)."""


def _claim_batch(ctx: PollContext, cfgs: Sequence[SourceConfig], now: datetime) -> list[source_store.Claim | Unclaimed]:
    """Lease a batch of sources in one transaction. Its leases last as long as the longest source's would:
    each source's lease must outlive the whole batch's fetch, which it waits for before it is recorded."""
    lease = max(cfg.timeout for cfg in cfgs) * 4 + 120
    with session_scope(ctx.session_factory) as session:
        claims = source_store.claim_sources(session, [cfg.key for cfg in cfgs], ctx.owner, lease, now)
        missing = [cfg for cfg in cfgs if cfg.key not in claims]
        if missing:
            keys = [cfg.key for cfg in missing]
            known = set(session.scalars(select(Source.key).where(Source.key.in_(keys))))
            unknown = [cfg for cfg in missing if cfg.key not in known]
            if unknown:  # not in the archive yet (a source added since the config was synced)
                source_store.sync_sources(session, [spec_of(cfg) for cfg in unknown])
                claims.update(source_store.claim_sources(session, [cfg.key for cfg in unknown], ctx.owner, lease, now))
    return [claims.get(cfg.key) or Unclaimed() for cfg in cfgs]


def _claim(ctx: PollContext, cfg: SourceConfig, now: datetime) -> source_store.Claim | None:
    lease = cfg.timeout * 4 + 120
    with session_scope(ctx.session_factory) as session:
        claim = source_store.claim_source(session, cfg.key, ctx.owner, lease, now)
        if claim is None and session.scalar(select(Source.id).where(Source.key == cfg.key)) is None:
            source_store.sync_sources(session, [spec_of(cfg)])
            claim = source_store.claim_source(session, cfg.key, ctx.owner, lease, now)
    return claim


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
        voice = ctx.tracker.voice_of(cfg.organization)
        extractions = [
            extract(v.reading_text, source_org=source_org, include_pronouns=True, voice=voice) for v in ingested.versions
        ]
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


async def poll_sources(
    ctx: PollContext,
    sources: Iterable[SourceConfig],
    *,
    on_done: Callable[[PollOutcome], None] | None = None,
) -> list[PollOutcome]:
    """Poll many sources: fetched concurrently (config.concurrency at a time), recorded in `settle_order`, in
    batches of the given order, so the same publications give the same alerts however fast each source answers.
    Outcomes in the given order."""
    chosen = list(sources)
    gate = asyncio.Semaphore(ctx.config.concurrency)
    batch = max(BATCH_MIN, ctx.config.concurrency * 4)  # a bound on the harvests held in memory at once

    async def fetch(cfg: SourceConfig, claim: source_store.Claim | Unclaimed | None) -> Fetched | PollOutcome:
        async with gate:
            try:
                return await fetch_source(ctx, cfg, claim)
            except Exception as exc:  # the archive itself failed (database down): report, keep going
                return _unrecorded(cfg, exc)

    outcomes: dict[int, PollOutcome] = {}

    def done(index: int, outcome: PollOutcome) -> None:
        outcomes[index] = outcome
        if on_done:
            on_done(outcome)

    for first in range(0, len(chosen), batch):
        part = chosen[first : first + batch]
        try:  # the whole batch leased in one transaction
            claims: Sequence[source_store.Claim | Unclaimed | None] = await asyncio.to_thread(
                _claim_batch, ctx, part, ctx.clock()
            )
        except Exception:  # each source's own claim will report what is wrong
            log.exception("leasing a batch of %d sources failed; leasing them one by one", len(part))
            claims = [None] * len(part)
        results = await asyncio.gather(*(fetch(cfg, claim) for cfg, claim in zip(part, claims, strict=True)))
        waiting = [(first + i, r) for i, r in enumerate(results) if isinstance(r, Fetched)]
        for i, r in enumerate(results):
            if isinstance(r, PollOutcome):
                done(first + i, r)
        # in settle_order; a run of quiet polls (304s) in that order is recorded in one transaction
        order = [waiting[j] for j in settle_order(ctx.tracker.publishes_itself, [f for _i, f in waiting])]
        k = 0
        while k < len(order):
            run = 1
            if is_quiet(ctx, order[k][1]):
                while k + run < len(order) and is_quiet(ctx, order[k + run][1]):
                    run += 1
                group = order[k : k + run]
                try:
                    settled = await asyncio.to_thread(settle_quiet, ctx, [f for _i, f in group])
                except Exception as exc:
                    settled = [_unrecorded(f.cfg, exc) for _i, f in group]
                for (index, _f), outcome in zip(group, settled, strict=True):
                    done(index, outcome)
            else:
                index, fetched = order[k]
                try:
                    outcome = await asyncio.to_thread(settle, ctx, fetched)
                except Exception as exc:
                    outcome = _unrecorded(fetched.cfg, exc)
                done(index, outcome)
            k += run
    return [outcomes[i] for i in range(len(chosen))]


BATCH_MIN = 64


def _unrecorded(cfg: SourceConfig, exc: Exception) -> PollOutcome:
    log.error("poll of %s could not be recorded", cfg.key, exc_info=exc)
    return PollOutcome(cfg.key, "error", error=f"could not record the poll: {type(exc).__name__}: {exc}")
