"""Helpers for spider tests: serve a saved site (tests/data/sites/<name>/) on the local source server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from crawler.scraping.runner import ScrapyRunner
from tests.servers.sources import SourceServer

SITES = Path(__file__).resolve().parents[1] / "data" / "sites"
# no politeness delays against loopback, short backoff: same code paths, fast tests
FAST = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "RETRY_BACKOFF_BASE": 0.05, "LOG_LEVEL": "WARNING"}


def fast_runner(**overrides: Any) -> ScrapyRunner:
    return ScrapyRunner({**FAST, **overrides})


def routes(site: str) -> dict[str, str]:
    """fixture name → path, from the site's routes.tsv."""
    out: dict[str, str] = {}
    for line in (SITES / site / "routes.tsv").read_text().splitlines():
        if line and not line.startswith("#"):
            name, path = line.split("\t")
            out[name] = path
    return out


def serve_site(server: SourceServer, site: str, listing: str, articles: list[str]) -> dict[str, str]:
    """Serve `listing-<listing>.html` at the listing path and each named article at its path."""
    paths = routes(site)
    server.set(paths["listing"], (SITES / site / f"listing-{listing}.html").read_bytes())
    for name in articles:
        server.set(paths[name], (SITES / site / f"{name}.html").read_bytes())
    return paths
