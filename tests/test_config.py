from __future__ import annotations

from pathlib import Path

import pytest

from crawler.config import DEFAULT_CONFIG, database_url, load_config, parse_duration
from crawler.errors import ConfigError

GOOD = """
database: sqlite:///tollwatch.db
sources:
  - key: sohr
    name: Syrian Observatory for Human Rights
    organization: SOHR
    type: feed
    url: https://www.syriahr.com/en/feed/
    interval: 10m
    fetch_articles: true
watches:
  - name: syria-coast
    keywords: [Latakia, Tartus, coastal, Alawite]
channels: []
"""


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "tw.yaml"
    p.write_text(text)
    return p


def test_issue_example_loads_as_written(tmp_path: Path) -> None:
    cfg = load_config(write(tmp_path, GOOD))
    src = cfg.source("sohr")
    assert (src.type, src.interval, src.fetch_articles, src.organization) == ("feed", 600, True, "SOHR")
    assert cfg.watches[0].keywords == ["Latakia", "Tartus", "coastal", "Alawite"]


def test_shipped_example_is_valid_and_default() -> None:
    cfg = load_config(DEFAULT_CONFIG)
    keys = {s.key for s in cfg.sources}
    assert {"sohr", "snhr", "un-news-middle-east", "sana", "aljazeera"} <= keys
    assert cfg.database.startswith("sqlite:///")


@pytest.mark.parametrize(
    ("mutation", "expected"),
    [
        (("    interval: 10m", "    interval: 10x"), "sources[0].interval: '10x' is not a duration"),
        (("    interval: 10m", "    interval: 0s"), "sources[0].interval"),
        (("https://www.syriahr.com/en/feed/", "ftp://nowhere"), "sources[0].url: 'ftp://nowhere' is not an http(s) URL"),
        (("    fetch_articles: true", "    fetch_articles: true\n    colour: red"), "sources[0].colour: unknown key"),
        (("    type: feed", "    type: rss"), "sources[0].type"),
        (("channels: []", "channels: []\nsurprise: 1"), "surprise: unknown key"),
        (("channels: []", "channels: []\nexecutor: celery"), "executor: 'celery' is not an executor (use inprocess or procrastinate)"),
    ],
)
def test_errors_name_file_key_and_problem(tmp_path: Path, mutation: tuple[str, str], expected: str) -> None:
    p = write(tmp_path, GOOD.replace(*mutation))
    with pytest.raises(ConfigError) as err:
        load_config(p)
    assert str(p) in str(err.value)
    assert expected in str(err.value)


def test_executor_key(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, GOOD)).executor == "inprocess"
    assert load_config(write(tmp_path, GOOD + "executor: procrastinate\n")).executor == "procrastinate"


def test_duplicate_source_key(tmp_path: Path) -> None:
    text = GOOD.replace("watches:", GOOD.split("sources:\n")[1].split("watches:")[0] + "watches:")
    with pytest.raises(ConfigError, match="duplicate source key 'sohr'"):
        load_config(write(tmp_path, text))


def test_missing_env_var_for_secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TW_TEST_TOKEN", raising=False)
    text = GOOD.replace("    fetch_articles: true", "    fetch_articles: true\n    headers_env:\n      Authorization: TW_TEST_TOKEN")
    p = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_config(p)
    assert "TW_TEST_TOKEN is not set" in str(err.value) and "sources[0].headers_env.Authorization" in str(err.value)
    monkeypatch.setenv("TW_TEST_TOKEN", "Bearer s3cret")
    assert load_config(p).source("sohr").resolved_headers()["Authorization"] == "Bearer s3cret"


def test_database_precedence_flag_env_file_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = load_config(write(tmp_path, GOOD))
    assert database_url(config=None) == "sqlite:///tollwatch.db"
    assert database_url(config=config) == config.database
    monkeypatch.setenv("TOLLWATCH_DATABASE_URL", "postgresql://db.example/tw")
    assert database_url(config=config) == "postgresql://db.example/tw"
    assert database_url("sqlite:///flag.db", config) == "sqlite:///flag.db"


def test_bad_yaml_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not valid YAML: line 3"):
        load_config(write(tmp_path, "sources:\n  - key: [unclosed\n"))
    with pytest.raises(ConfigError, match="file not found"):
        load_config(tmp_path / "nope.yaml")


@pytest.mark.parametrize(("text", "seconds"), [("30s", 30), ("10m", 600), ("1h", 3600), ("1h30m", 5400), (45, 45)])
def test_durations(text: str | int, seconds: int) -> None:
    assert parse_duration(text) == seconds


def test_spider_sources_are_checked_at_load(tmp_path: Path) -> None:
    text = GOOD.replace("    type: feed", "    type: spider\n    spider: no_such_spider").replace("    fetch_articles: true\n", "")
    with pytest.raises(ConfigError) as err:
        load_config(write(tmp_path, text))
    assert "sources[0].spider" in str(err.value) and "no spider named 'no_such_spider'" in str(err.value)
    text = GOOD.replace("    type: feed", "    type: spider\n    spider: listing\n    spider_args:\n      links: 'a[[['").replace(
        "    fetch_articles: true\n", ""
    )
    with pytest.raises(ConfigError, match=r"sources\[0\]\.spider_args\.links"):
        load_config(write(tmp_path, text))
