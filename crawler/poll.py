"""One poll of one source — the unit of work: lease → fetch → parse → ingest → fetch_log, all recorded.

A failure is caught here, at the unit of work, written to fetch_log and the source's poll state,
and never stops the other sources. Nothing archived is touched by a failed poll.
"""

from __future__ import annotations

import asyncio
import html
import logging
import os
import re
import socket
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crawler.canonical import canonical_url, content_hash
from crawler.config import Config, SourceConfig
from crawler.document import Document
from crawler.errors import FetchError, ParseError, RetryLater, SourceError
from crawler.extract.text import main_text
from crawler.feeds import FeedEntry, parse_feed
from crawler.fetch import FetchResult, fetch
from crawler.ingest import IngestStats, VersionHook, ingest_documents
from storage import archive
from storage import sources as source_store
from storage.base import utcnow
from storage.db import session_scope
from storage.models import FetchLog, Item, Source

log = logging.getLogger(__name__)

ARTICLE_ATTEMPTS = 3  # a feed entry whose page keeps failing keeps its feed text after this many tries
ARTICLE_CONCURRENCY = 4  # per source: polite to one publisher
FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.8"
_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.I | re.S)

# a spider runner (issue 4) turns a spider source into Documents; the daemon and the CLI pass one in
SpiderRunner = Callable[[SourceConfig, "PollContext", dict[str, tuple[str | None, str | None]]], Awaitable["Harvest"]]


@dataclass(slots=True)
class Harvest:
    """What a fetcher brought back from one poll, before ingest."""

    documents: list[Document] = field(default_factory=list)
    unchanged_guids: list[str] = field(default_factory=list)
    http_status: int | None = None
    bytes: int = 0
    pages: int = 1
    not_modified: bool = False
    etag: str | None = None
    last_modified: str | None = None
    warnings: list[str] = field(default_factory=list)
    failed_articles: list[str] = field(default_factory=list)  # guids whose page fetch failed this time


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
class PollContext:
    """Everything one poll needs, passed in (no daemon globals), so any process can run it."""

    config: Config
    session_factory: sessionmaker[Session]
    client: httpx.AsyncClient
    owner: str = field(default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}")
    hooks: tuple[VersionHook, ...] = ()
    clock: Callable[[], datetime] = utcnow
    spider_runner: SpiderRunner | None = None


async def poll_source(ctx: PollContext, cfg: SourceConfig) -> PollOutcome:
    """Poll one source once. Never raises for a source's own failure: it is recorded instead."""
    started = time.perf_counter()
    now = ctx.clock()
    lease = cfg.timeout * 4 + 120
    with session_scope(ctx.session_factory) as session:
        claim = source_store.claim_source(session, cfg.key, ctx.owner, lease, now)
        if claim is None and session.scalar(select(Source.id).where(Source.key == cfg.key)) is None:
            source_store.sync_sources(session, [spec_of(cfg)])
            claim = source_store.claim_source(session, cfg.key, ctx.owner, lease, now)
    if claim is None:
        return PollOutcome(cfg.key, "skipped", error="another poll of this source is running")
    source_id, etag, last_modified = claim.source_id, claim.etag, claim.last_modified
    try:
        # the outcome is recorded and the lease released in one transaction
        return await _poll_leased(ctx, cfg, source_id, etag, last_modified, now, started)
    except BaseException:
        with session_scope(ctx.session_factory) as session:
            source_store.release_lease(session, source_id, ctx.owner)
        raise


async def _poll_leased(
    ctx: PollContext,
    cfg: SourceConfig,
    source_id: int,
    etag: str | None,
    last_modified: str | None,
    now: datetime,
    started: float,
) -> PollOutcome:
    harvest: Harvest | None = None
    error: SourceError | None = None
    try:
        headers = cfg.resolved_headers()
        if cfg.type == "feed":
            harvest = await _harvest_feed(ctx, cfg, source_id, etag, last_modified, headers)
        elif cfg.type == "page":
            harvest = await _harvest_page(ctx, cfg, etag, last_modified, headers)
        else:
            if ctx.spider_runner is None:
                raise SourceError("spider sources need the Scrapy runner, which this process did not start")
            known = _known_entries(ctx, source_id)
            harvest = await ctx.spider_runner(cfg, ctx, {g: (h, b) for g, (h, b, _a) in known.items()})
    except SourceError as exc:
        error = exc
    except Exception as exc:  # the unit of work: an unexpected bug in one source must not stop the others
        log.exception("poll of %s failed unexpectedly", cfg.key)
        error = SourceError(f"internal error: {type(exc).__name__}: {exc}")
    if error is None and harvest is not None:
        try:
            return _record_success(ctx, cfg, source_id, harvest, now, started)
        except Exception as exc:
            log.exception("archiving %s failed", cfg.key)
            error = SourceError(f"archive write failed: {type(exc).__name__}: {str(exc)[:300]}")
    assert error is not None
    return _record_failure(ctx, cfg, source_id, error, now, started)


def _record_success(
    ctx: PollContext, cfg: SourceConfig, source_id: int, harvest: Harvest, now: datetime, started: float
) -> PollOutcome:
    stats = IngestStats()
    with session_scope(ctx.session_factory) as session:
        if harvest.documents:
            source = session.get_one(Source, source_id)
            stats = ingest_documents(session, source, harvest.documents, now=now, hooks=ctx.hooks)
        if harvest.unchanged_guids:
            items = archive.items_by_guid(session, source_id, harvest.unchanged_guids)
            archive.touch_items(session, [i.id for i in items.values()], now)
            stats.seen += len(harvest.unchanged_guids)
        if harvest.failed_articles:
            for item in session.scalars(
                select(Item).where(Item.source_id == source_id, Item.guid.in_(harvest.failed_articles))
            ):
                item.article_attempts = (item.article_attempts or 0) + 1
        status = "not_modified" if harvest.not_modified else "ok"
        duration = int((time.perf_counter() - started) * 1000)
        entry = FetchLog(
            started_at=now,
            duration_ms=duration,
            status=status,
            http_status=harvest.http_status,
            bytes=harvest.bytes,
            warnings=harvest.warnings or None,
            pages=harvest.pages,
            items_seen=stats.seen,
            items_new=stats.new,
            items_changed=stats.changed,
        )
        source_store.record_poll(
            session,
            source_id,
            entry,
            now=now,
            interval_seconds=cfg.interval,
            owner=ctx.owner,
            etag=harvest.etag,
            last_modified=harvest.last_modified,
        )
    return PollOutcome(
        cfg.key,
        status,
        harvest.http_status,
        stats.seen,
        stats.new,
        stats.changed,
        harvest.bytes,
        duration,
        warnings=tuple(harvest.warnings),
    )


def _record_failure(
    ctx: PollContext, cfg: SourceConfig, source_id: int, error: SourceError, now: datetime, started: float
) -> PollOutcome:
    duration = int((time.perf_counter() - started) * 1000)
    status_code = getattr(error, "status", None)
    retry_after = error.retry_after if isinstance(error, RetryLater) else None
    with session_scope(ctx.session_factory) as session:
        entry = FetchLog(started_at=now, duration_ms=duration, status="error", http_status=status_code, error=str(error))
        source_store.record_poll(
            session, source_id, entry, now=now, interval_seconds=cfg.interval, owner=ctx.owner, retry_after=retry_after
        )
    log.warning("poll of %s failed: %s", cfg.key, error)
    return PollOutcome(cfg.key, "error", status_code, duration_ms=duration, error=str(error))


def spec_of(cfg: SourceConfig) -> source_store.SourceSpec:
    return source_store.SourceSpec(cfg.key, cfg.name, cfg.organization, cfg.type, cfg.url, cfg.interval, cfg.enabled)


def _known_entries(
    ctx: PollContext, source_id: int, guids: list[str] | None = None
) -> dict[str, tuple[str | None, str | None, int]]:
    """guid → (entry_hash, body_source, article_attempts) of what the archive already has."""
    query = select(Item.guid, Item.entry_hash, Item.body_source, Item.article_attempts).where(
        Item.source_id == source_id
    )
    out: dict[str, tuple[str | None, str | None, int]] = {}
    with session_scope(ctx.session_factory) as session:
        if guids is None:
            return {g: (h, b, a or 0) for g, h, b, a in session.execute(query)}
        for i in range(0, len(guids), 500):
            for g, h, b, a in session.execute(query.where(Item.guid.in_(guids[i : i + 500]))):
                out[g] = (h, b, a or 0)
    return out


async def _conditional_fetch(
    ctx: PollContext,
    cfg: SourceConfig,
    etag: str | None,
    last_modified: str | None,
    headers: dict[str, str],
    accept: str | None,
) -> tuple[FetchResult, Harvest]:
    """GET the source URL with its stored validators; a 304 gives a harvest marked not_modified."""
    result = await fetch(
        ctx.client,
        cfg.url,
        source_key=cfg.key,
        etag=etag,
        last_modified=last_modified,
        headers=headers,
        max_bytes=cfg.max_bytes,
        timeout=cfg.timeout,
        accept=accept,
    )
    harvest = Harvest(http_status=result.status, bytes=len(result.body), not_modified=result.not_modified)
    if not result.not_modified:
        harvest.etag, harvest.last_modified = result.headers.get("etag"), result.headers.get("last-modified")
    return result, harvest


async def _harvest_feed(
    ctx: PollContext,
    cfg: SourceConfig,
    source_id: int,
    etag: str | None,
    last_modified: str | None,
    headers: dict[str, str],
) -> Harvest:
    result, harvest = await _conditional_fetch(ctx, cfg, etag, last_modified, headers, FEED_ACCEPT)
    if harvest.not_modified:
        return harvest
    parsed = parse_feed(result.body, content_type=result.content_type, url=result.url)
    harvest.warnings.extend(parsed.warnings)
    known = _known_entries(ctx, source_id, [e.guid for e in parsed.entries]) if parsed.entries else {}
    fetched_at = ctx.clock()
    todo: list[FeedEntry] = []
    for entry in parsed.entries:
        prev = known.get(entry.guid)
        if prev is not None and prev[0] == entry.entry_hash:
            needs_article = cfg.fetch_articles and prev[1] == "feed" and prev[2] < ARTICLE_ATTEMPTS and entry.url
            if not needs_article:
                harvest.unchanged_guids.append(entry.guid)
                continue
        todo.append(entry)
    if cfg.fetch_articles:
        harvest.documents = await _with_articles(ctx, cfg, todo, headers, fetched_at, harvest)
    else:
        harvest.documents = [_entry_document(cfg, e, fetched_at) for e in todo]
    return harvest


def _entry_document(cfg: SourceConfig, entry: FeedEntry, fetched_at: datetime) -> Document:
    return Document(
        source_key=cfg.key,
        guid=entry.guid,
        url=entry.url,
        title=entry.title,
        text=entry.text,
        published=entry.published,
        fetched_at=fetched_at,
        entry_hash=entry.entry_hash,
        body_source="feed",
        raw=entry.content_html.encode("utf-8") if entry.content_html else None,
        raw_type="text/html; charset=utf-8 (feed entry)" if entry.content_html else None,
    )


async def _with_articles(
    ctx: PollContext,
    cfg: SourceConfig,
    entries: list[FeedEntry],
    headers: dict[str, str],
    fetched_at: datetime,
    harvest: Harvest,
) -> list[Document]:
    gate = asyncio.Semaphore(ARTICLE_CONCURRENCY)

    async def one(entry: FeedEntry) -> Document:
        doc = _entry_document(cfg, entry, fetched_at)
        if not entry.url:
            return doc
        async with gate:
            try:
                page = await fetch(
                    ctx.client, entry.url, source_key=cfg.key, headers=headers, max_bytes=cfg.max_bytes, timeout=cfg.timeout
                )
            except FetchError as exc:
                harvest.failed_articles.append(entry.guid)
                harvest.warnings.append(f"article {entry.url}: {exc}")
                return doc
        harvest.bytes += len(page.body)
        harvest.pages += 1
        text = await asyncio.to_thread(main_text, page.body, page.url)
        if not text or len(text) < 0.8 * len(entry.text):
            # the page gave less than the feed did (paywall, consent wall, script-only page): keep the feed text
            harvest.failed_articles.append(entry.guid)
            harvest.warnings.append(f"article {entry.url}: no main text found, kept the feed text")
            return doc
        return Document(
            source_key=cfg.key,
            guid=entry.guid,
            url=canonical_url(page.url) if page.url else entry.url,
            title=entry.title,
            text=text,
            published=entry.published,
            fetched_at=fetched_at,
            entry_hash=entry.entry_hash,
            body_source="article",
            raw=page.body,
            raw_type=page.content_type or None,
            http_meta={"status": page.status, "headers": page.headers, "url": page.url},
        )

    return list(await asyncio.gather(*(one(e) for e in entries)))


def page_title(body: bytes) -> str | None:
    m = _TITLE.search(body[:200_000])
    if not m:
        return None
    title = html.unescape(m.group(1).decode("utf-8", errors="replace")).strip()
    return " ".join(title.split()) or None


def page_document(cfg: SourceConfig, result: FetchResult, fetched_at: datetime) -> Document:
    text = main_text(result.body, result.url)
    if not text:
        raise ParseError("the page has no main text (empty, script-only, or not HTML)", source_key=cfg.key, url=cfg.url)
    url = canonical_url(cfg.url)
    title = page_title(result.body)
    return Document(
        source_key=cfg.key,
        guid=url,
        url=url,
        title=title,
        text=text,
        fetched_at=fetched_at,
        entry_hash=content_hash(title, text),
        body_source="page",
        raw=result.body,
        raw_type=result.content_type or None,
        http_meta={"status": result.status, "headers": result.headers, "url": result.url},
    )


async def _harvest_page(
    ctx: PollContext, cfg: SourceConfig, etag: str | None, last_modified: str | None, headers: dict[str, str]
) -> Harvest:
    result, harvest = await _conditional_fetch(ctx, cfg, etag, last_modified, headers, None)
    if harvest.not_modified:
        return harvest
    doc = await asyncio.to_thread(page_document, cfg, result, ctx.clock())
    harvest.documents = [doc]
    return harvest


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
