"""Helpers for tests that poll the local server into a real archive."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from crawler.config import Config
from crawler.context import open_context
from crawler.poll import PollOutcome, poll_sources, sync_config
from storage.db import session_scope
from storage.models import FetchLog, Item, ItemVersion, Source
from tests.configs import config_for

__all__ = ["config_for", "counts", "logs", "poll", "source_row"]


def poll(factory: sessionmaker[Session], config: Config, **kw: Any) -> dict[str, PollOutcome]:
    async def go() -> list[PollOutcome]:
        async with open_context(config, factory, **kw) as ctx:
            return await poll_sources(ctx, config.sources)

    sync_config(factory, config)
    return {o.source_key: o for o in asyncio.run(go())}


def counts(factory: sessionmaker[Session], key: str) -> tuple[int, int]:
    """(items, versions) archived for a source."""
    with session_scope(factory) as s:
        sid = s.scalar(select(Source.id).where(Source.key == key))
        items = s.scalar(select(func.count()).select_from(Item).where(Item.source_id == sid))
        versions = s.scalar(select(func.count()).select_from(ItemVersion).join(Item).where(Item.source_id == sid))
    return items or 0, versions or 0


def logs(factory: sessionmaker[Session], key: str) -> list[FetchLog]:
    with session_scope(factory) as s:
        return list(s.scalars(select(FetchLog).join(Source).where(Source.key == key).order_by(FetchLog.id)))


def source_row(factory: sessionmaker[Session], key: str) -> Source:
    with session_scope(factory) as s:
        return s.scalars(select(Source).where(Source.key == key)).one()
