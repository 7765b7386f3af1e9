"""Harvesters by source kind: one module each, `harvest(ctx, source, validators) -> Harvest`, one registry.

A harvester fetches and parses; it writes nothing (crawler.poll ingests, extracts and records what it returns).
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable

from crawler.config import SourceConfig
from crawler.context import PollContext
from crawler.document import Harvest, Validators

Harvester = Callable[[PollContext, SourceConfig, Validators], Awaitable[Harvest]]

# kind → module holding its `harvest`; imported on first use, so polling feeds never imports the page
# harvester's main-text extraction (trafilatura)
HARVESTERS: dict[str, str] = {
    "feed": "crawler.harvest.feed",
    "page": "crawler.harvest.page",
    "spider": "crawler.harvest.spider",
    "telegram": "crawler.harvest.telegram",
}


def harvester_for(kind: str) -> Harvester:
    try:
        module = HARVESTERS[kind]
    except KeyError:
        raise ValueError(f"no harvester for source type {kind!r} (known: {', '.join(sorted(HARVESTERS))})") from None
    harvest: Harvester = importlib.import_module(module).harvest
    return harvest
