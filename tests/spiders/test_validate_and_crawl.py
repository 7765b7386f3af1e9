"""Config checks for spider sources, and `scrapy crawl` by hand writing to the same archive."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from crawler.config import load_config, parse_config
from crawler.errors import ConfigError
from crawler.scraping.validate import validate_spider_source
from storage.db import make_engine, make_session_factory, session_scope
from storage.models import Alert, FetchLog, Figure, Item, Series
from tests.configs import write_config
from tests.spiders.sitekit import serve_site

REPO = Path(__file__).resolve().parents[2]
PY = Path(sys.executable)


def _spider_source(**over) -> dict:  # noqa: ANN003
    return {"key": "m", "name": "m", "type": "spider", "spider": "listing", "url": "https://example.org/news", **over}


@pytest.mark.parametrize(
    ("over", "key", "message"),
    [
        ({"spider": "nope"}, "sources[0].spider", "no spider named 'nope'"),
        ({"spider_args": {}}, "sources[0].spider_args.links", "required key is missing"),
        ({"spider_args": {"links": "a[href"}}, "sources[0].spider_args.links", "not a valid CSS selector"),
        ({"spider_args": {"links": "a", "body": "//div[@class="}}, "sources[0].spider_args.body", "not a valid XPath"),
        ({"spider_args": {"links": "a", "max_pages": 0}}, "sources[0].spider_args.max_pages", "greater than or equal"),
        ({"spider_args": {"links": "a", "colour": "red"}}, "sources[0].spider_args.colour", "unknown key"),
        ({"spider": "sohr", "spider_args": {"links": "a"}}, "sources[0].spider_args.links", "unknown key"),
    ],
)
def test_bad_spider_sources_name_the_key(over, key, message) -> None:  # noqa: ANN001
    # loading the config checks spider sources: the error names the file and the key
    with pytest.raises(ConfigError) as err:
        parse_config({"sources": [_spider_source(**over)]}, "t.yaml")
    assert err.value.key == key and message in str(err.value) and str(err.value).startswith("t.yaml: ")


def test_example_config_spider_sources_are_valid() -> None:
    config = load_config(REPO / "examples" / "syria.yaml", check_env=False)
    spiders = [(i, s) for i, s in enumerate(config.sources) if s.type == "spider"]
    assert len(spiders) >= 6
    for i, s in spiders:
        validate_spider_source(s, i, "examples/syria.yaml")


def test_scrapy_list_and_crawl_by_hand(server, tmp_path) -> None:  # noqa: ANN001
    paths = serve_site(server, "un_news", "v1", ["a1", "a2", "a3"])
    config = tmp_path / "tollwatch.yaml"
    source = {"key": "un-news-test", "name": "UN News", "type": "spider", "spider": "un_news", "url": server.url(paths["listing"])}
    generic = {**source, "key": "un-generic", "spider": "listing",
               "spider_args": {"entries": "div.views-row", "links": "h2 a", "body": ".field--name-field-text-column"}}  # fmt: skip
    write_config(config, [source, generic])
    db = f"sqlite:///{tmp_path / 'archive.db'}"
    env = {**os.environ, "TOLLWATCH_CONFIG": str(config), "TOLLWATCH_DATABASE_URL": db}
    scrapy = [str(PY), "-m", "scrapy.cmdline"]
    fast = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0"]

    listed = subprocess.run([*scrapy, "list"], cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert {"listing", "sohr", "snhr", "un_news", "ohchr", "sana", "ap_hub"} <= set(listed.stdout.split())

    for spider, key in (("un_news", None), ("listing", "un-generic")):
        args = [*scrapy, "crawl", spider, *fast, "-s", "LOG_LEVEL=DEBUG", *(["-a", f"source={key}"] if key else [])]
        done = subprocess.run(args, cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]
        assert "745 civilians" not in done.stderr  # the quiet LogFormatter: no scraped text in logs, even at DEBUG
        assert "Scraped from" in done.stderr

    factory = make_session_factory(make_engine(db))
    with session_scope(factory) as s:
        items = s.scalars(select(Item)).all()
        rows = s.scalars(select(FetchLog).order_by(FetchLog.id)).all()
    assert len(items) == 6 and all(i.version_count == 1 for i in items)
    assert [(r.status, r.items_new, r.pages) for r in rows] == [("ok", 3, 4), ("ok", 3, 4)]

    # by hand again: nothing new, the unchanged entries are not fetched again
    hits = server.hits[paths["a1"]]
    subprocess.run([*scrapy, "crawl", "un_news", *fast], cwd=REPO, env=env, capture_output=True, timeout=120, check=True)
    assert server.hits[paths["a1"]] == hits
    with session_scope(factory) as s:
        last = s.scalars(select(FetchLog).order_by(FetchLog.id.desc())).first()
    assert (last.status, last.items_new, last.items_seen) == ("ok", 0, 3)


def _tracked(db: str) -> dict[str, list[tuple]]:
    """What tracking made of an archive: figures, series and alerts, in comparable form."""
    factory = make_session_factory(make_engine(db))
    with session_scope(factory) as s:
        figures = sorted(map(repr, s.execute(select(Figure.number, Figure.outcome, Figure.victim_group, Figure.reporter))))
        series = sorted(map(repr, s.execute(select(Series.reporter, Series.outcome, Series.victim_group, Series.number))))
        alerts = sorted(repr((a.kind, a.payload.get("number"), a.payload.get("new_number"))) for a in s.scalars(select(Alert)))
    return {"figures": figures, "series": series, "alerts": alerts}


def test_scrapy_crawl_by_hand_tracks_and_alerts_like_poll(server, tmp_path) -> None:  # noqa: ANN001
    """`scrapy crawl listing -a source=KEY` and `tollwatch poll` on the same pages give the same archive."""
    paths = serve_site(server, "un_news", "v1", ["a1", "a2", "a3"])
    source = {"key": "un-generic", "name": "UN News", "organization": "UN News", "type": "spider", "spider": "listing",
              "url": server.url(paths["listing"]),
              "spider_args": {"entries": "div.views-row", "links": "h2 a", "body": ".field--name-field-text-column"}}
    config = write_config(tmp_path / "tollwatch.yaml", [source], aliases={"SOHR": ["Syrian Observatory for Human Rights"]})
    by_hand, by_poll = f"sqlite:///{tmp_path / 'hand.db'}", f"sqlite:///{tmp_path / 'poll.db'}"
    scrapy = [str(PY), "-m", "scrapy.cmdline", "crawl", "listing", "-a", "source=un-generic",
              "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0"]  # fmt: skip
    tollwatch = [str(PY), "-m", "crawler", "--config", str(config), "poll", "--once"]

    def run_both() -> None:
        for cmd, db in ((scrapy, by_hand), (tollwatch, by_poll)):
            env = {**os.environ, "TOLLWATCH_CONFIG": str(config), "TOLLWATCH_DATABASE_URL": db}
            done = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
            assert done.returncode == 0, done.stderr[-2000:]

    run_both()
    serve_site(server, "un_news", "v2", ["a1", "a2v2", "a3", "a4"])  # SOHR's 745 becomes 973 in place
    run_both()
    hand, poll = _tracked(by_hand), _tracked(by_poll)
    assert hand == poll
    assert any(s.endswith("'killed', 'civilians', 973)") for s in hand["series"])  # the edit moved the series
    assert "('figure_changed', None, 973)" in hand["alerts"]
