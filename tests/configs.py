"""The one way tests build a config: as a parsed Config (in-process) or as a YAML file (CLI and daemon runs)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from crawler.config import Config, parse_config

SOURCE_DEFAULTS = {"interval": "10m", "timeout": "5s"}


def config_for(sources: list[dict[str, Any]], **extra: Any) -> Config:
    """A parsed Config; each source gets a name and short interval/timeout unless it says otherwise."""
    return parse_config({"sources": [{**SOURCE_DEFAULTS, "name": s["key"], **s} for s in sources], **extra}, "test.yaml")


def write_config(path: Path, sources: list[dict[str, Any]] | None = None, **extra: Any) -> Path:
    """The same as a YAML file at `path` (sources written as given), for `tollwatch --config PATH`."""
    path.write_text(yaml.safe_dump({"sources": sources or [], **extra}))
    return path
