"""Harvesters by source kind: one module each, `harvest(ctx, source, validators) -> Harvest`, one registry.

A harvester fetches and parses; it writes nothing (crawler.poll ingests, extracts and records what it returns).
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable, Iterable

from crawler.config import SourceConfig
from crawler.context import PollContext
from crawler.document import Harvest, Validators
from crawler.errors import HarvesterUnavailable

Harvester = Callable[[PollContext, SourceConfig, Validators], Awaitable[Harvest]]

# kind → module holding its `harvest`; imported on first use (or by `load_harvesters` at start-up), so
# polling feeds never imports the page harvester's main-text extraction (trafilatura)
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


def modules_needed(source: SourceConfig) -> list[str]:
    """The modules polling `source` imports: its kind's harvester, and main-text extraction for a feed that
    fetches its articles."""
    needed = [HARVESTERS[source.type]] if source.type in HARVESTERS else []
    if source.fetch_articles:
        needed.append("crawler.pages")
    return needed


def load_harvesters(sources: Iterable[SourceConfig]) -> None:
    """Import now every module the enabled `sources` will need; HarvesterUnavailable names the first that fails.

    Each such module imports its heavy dependency at module level (issue #11), so a broken install fails here,
    at start-up, instead of as an internal error of every poll of that kind.
    """
    users: dict[str, tuple[str, list[str]]] = {}
    for source in sources:
        if source.enabled:
            for module in modules_needed(source):
                users.setdefault(module, (source.type, []))[1].append(source.key)
    for module, (kind, keys) in users.items():
        try:
            importlib.import_module(module)
        except Exception as exc:  # ImportError, or whatever a half-installed dependency raises on import
            raise HarvesterUnavailable(kind, module, keys, exc) from exc
