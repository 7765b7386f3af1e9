"""`type: page` — one HTML page watched as one item: conditional GET, then its main text."""

from __future__ import annotations

import asyncio
import html
import re
from datetime import datetime

from crawler.canonical import canonical_url, content_hash
from crawler.config import SourceConfig
from crawler.context import PollContext
from crawler.document import Document, Harvest, Validators
from crawler.errors import ParseError
from crawler.fetch import FetchResult
from crawler.harvest.conditional import conditional_fetch
from crawler.pages import main_text, page_published

_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.I | re.S)


async def harvest(ctx: PollContext, source: SourceConfig, validators: Validators) -> Harvest:
    result, harvest = await conditional_fetch(ctx.http, source, validators, accept=None)
    if harvest.not_modified:
        return harvest
    doc = await asyncio.to_thread(page_document, source, result, ctx.clock())
    harvest.documents = [doc]
    return harvest


def page_title(body: bytes) -> str | None:
    m = _TITLE.search(body[:200_000])
    if not m:
        return None
    title = html.unescape(m.group(1).decode("utf-8", errors="replace")).strip()
    return " ".join(title.split()) or None


def page_document(source: SourceConfig, result: FetchResult, fetched_at: datetime) -> Document:
    text = main_text(result.body, result.url)
    if not text:
        raise ParseError(
            "the page has no main text (empty, script-only, or not HTML)", source_key=source.key, url=source.url
        )
    url = canonical_url(source.url)
    title = page_title(result.body)
    return Document(
        source_key=source.key,
        guid=url,
        url=url,
        title=title,
        text=text,
        published=page_published(result.body, fetched_at),
        fetched_at=fetched_at,
        entry_hash=content_hash(title, text),
        body_source="page",
        raw=result.body,
        raw_type=result.content_type or None,
        http_meta={"status": result.status, "headers": result.headers, "url": result.url},
    )
