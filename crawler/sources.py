"""The config's sources as the archive knows them: `spec_of` one source, `sync_config` all of them.

Apart from crawler.poll so `tollwatch sources` syncs the config without importing the poll pipeline
(extraction, tracking, harvesters).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storage import sources as source_store
from storage.db import session_scope

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from crawler.config import Config, SourceConfig


def spec_of(cfg: SourceConfig) -> source_store.SourceSpec:
    return source_store.SourceSpec(cfg.key, cfg.name, cfg.organization, cfg.type, cfg.url, cfg.interval, cfg.enabled)


def sync_config(session_factory: sessionmaker[Session], config: Config) -> None:
    with session_scope(session_factory) as session:
        source_store.sync_sources(session, [spec_of(s) for s in config.sources])
