"""`type: spider` — a Scrapy spider crawled in-process on the reactor thread (crawler.scraping.runner);
entries the archive already has unchanged are not fetched again."""

from __future__ import annotations

import asyncio

from crawler.config import SourceConfig
from crawler.context import PollContext
from crawler.document import Harvest, Validators
from crawler.errors import SourceError
from crawler.harvest.known import known_for


async def harvest(ctx: PollContext, source: SourceConfig, validators: Validators) -> Harvest:
    if ctx.spider_runner is None:
        raise SourceError("spider sources need the Scrapy runner, which this process did not start", source_key=source.key)
    known = await asyncio.to_thread(known_for, ctx, source.key)
    return await ctx.spider_runner(source, known, validators, allow_private=ctx.config.allow_private_addresses)
