"""`type: feed` — RSS/Atom/JSON Feed: conditional GET, parse, skip entries the archive already has unchanged,
and with `fetch_articles` fetch each new entry's page for its full text (keeping the feed text when the page
gives less)."""

from __future__ import annotations

import asyncio
from datetime import datetime

from crawler.canonical import canonical_url
from crawler.config import SourceConfig
from crawler.context import PollContext
from crawler.document import Document, Harvest, Validators
from crawler.errors import FetchError
from crawler.feeds import FeedEntry, parse_feed
from crawler.fetch import fetch
from crawler.harvest.conditional import conditional_fetch
from crawler.harvest.known import known_for

ARTICLE_ATTEMPTS = 3  # a feed entry whose page keeps failing keeps its feed text after this many tries
ARTICLE_CONCURRENCY = 4  # per source: polite to one publisher
FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.8"


async def harvest(ctx: PollContext, source: SourceConfig, validators: Validators) -> Harvest:
    result, harvest = await conditional_fetch(ctx.http, source, validators, accept=FEED_ACCEPT)
    if harvest.not_modified:
        return harvest
    parsed = await asyncio.to_thread(parse_feed, result.body, content_type=result.content_type, url=result.url)
    harvest.warnings.extend(parsed.warnings)
    known = await asyncio.to_thread(known_for, ctx, source.key, [e.guid for e in parsed.entries]) if parsed.entries else {}
    fetched_at = ctx.clock()
    todo: list[FeedEntry] = []
    for entry in parsed.entries:
        prev = known.get(entry.guid)
        if prev is not None and prev.entry_hash == entry.entry_hash:
            needs_article = (
                source.fetch_articles
                and prev.body_source == "feed"
                and prev.article_attempts < ARTICLE_ATTEMPTS
                and entry.url
            )
            if not needs_article:
                harvest.unchanged_guids.append(entry.guid)
                continue
        todo.append(entry)
    if len(todo) > source.max_entries_per_poll:
        left = len(todo) - source.max_entries_per_poll
        todo = todo[: source.max_entries_per_poll]
        harvest.warnings.append(
            f"{left} new or changed entries left for the next poll (max_entries_per_poll: {source.max_entries_per_poll})"
        )
        # no validators: the next poll must not stop at a 304 with entries still to take
        harvest.etag = harvest.last_modified = None
    if source.fetch_articles:
        harvest.documents = await _with_articles(ctx, source, todo, fetched_at, harvest)
    else:
        harvest.documents = [entry_document(source, e, fetched_at) for e in todo]
    return harvest


def entry_document(source: SourceConfig, entry: FeedEntry, fetched_at: datetime) -> Document:
    return Document(
        source_key=source.key,
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
    ctx: PollContext, source: SourceConfig, entries: list[FeedEntry], fetched_at: datetime, harvest: Harvest
) -> list[Document]:
    gate = asyncio.Semaphore(ARTICLE_CONCURRENCY)
    headers = source.resolved_headers()

    async def one(entry: FeedEntry) -> Document:
        doc = entry_document(source, entry, fetched_at)
        if not entry.url:
            return doc
        async with gate:
            try:
                page = await fetch(
                    ctx.http, entry.url, source_key=source.key, headers=headers, max_bytes=source.max_bytes,
                    timeout=source.timeout,
                )  # fmt: skip
            except FetchError as exc:
                harvest.failed_articles.append(entry.guid)
                harvest.warnings.append(f"article {entry.url}: {exc}")
                return doc
        harvest.bytes += len(page.body)
        harvest.pages += 1
        # trafilatura is heavy: imported only by a feed that fetches articles
        from crawler.pages import main_text

        text = await asyncio.to_thread(main_text, page.body, page.url)
        if not text or len(text) < 0.8 * len(entry.text):
            # the page gave less than the feed did (paywall, consent wall, script-only page): keep the feed text
            harvest.failed_articles.append(entry.guid)
            harvest.warnings.append(f"article {entry.url}: no main text found, kept the feed text")
            return doc
        return Document(
            source_key=source.key,
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
