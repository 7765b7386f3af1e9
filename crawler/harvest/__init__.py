"""Harvesters by source kind: one module each, `harvest(ctx, source, validators) -> Harvest`, one registry.

A harvester fetches and parses; it writes nothing (crawler.poll ingests, extracts and records what it returns).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from crawler.config import SourceConfig
from crawler.context import PollContext
from crawler.document import Harvest, Validators
from crawler.harvest import feed, page, spider, telegram

Harvester = Callable[[PollContext, SourceConfig, Validators], Awaitable[Harvest]]

HARVESTERS: dict[str, Harvester] = {
    "feed": feed.harvest,
    "page": page.harvest,
    "spider": spider.harvest,
    "telegram": telegram.harvest,
}


def harvester_for(kind: str) -> Harvester:
    try:
        return HARVESTERS[kind]
    except KeyError:
        raise ValueError(f"no harvester for source type {kind!r} (known: {', '.join(sorted(HARVESTERS))})") from None
