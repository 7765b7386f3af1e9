"""The conditional GET every harvester of a single URL starts with: stored validators in, a Harvest out."""

from __future__ import annotations

import httpx

from crawler.config import SourceConfig
from crawler.document import Harvest, Validators
from crawler.fetch import FetchResult, fetch


async def conditional_fetch(
    client: httpx.AsyncClient, source: SourceConfig, validators: Validators, *, accept: str | None
) -> tuple[FetchResult, Harvest]:
    """GET the source URL with its stored validators; a 304 gives a harvest marked not_modified."""
    result = await fetch(
        client,
        source.url,
        source_key=source.key,
        etag=validators.etag,
        last_modified=validators.last_modified,
        headers=source.resolved_headers(),
        max_bytes=source.max_bytes,
        timeout=source.timeout,
        accept=accept,
    )
    harvest = Harvest(http_status=result.status, bytes=len(result.body), not_modified=result.not_modified)
    if not result.not_modified:
        harvest.etag, harvest.last_modified = result.headers.get("etag"), result.headers.get("last-modified")
    return result, harvest
