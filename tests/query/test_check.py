"""`tollwatch check URL`: a feed and a page tried on the local source server before they are added — what
would be archived and tracked is printed, one request is made, and no archive is written."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from click.testing import CliRunner

from crawler.cli import main
from tests.servers.feedgen import Entry, article, rss

TOLL = "The Syrian Observatory for Human Rights said 973 civilians had been killed in Latakia and Tartus."
SAID = '"We must maintain national unity and civil peace in the country," President Ahmed al-Sharaa said in a statement.'


def run(tmp_path: Path, *args: str) -> tuple[int, str, Path]:
    config = tmp_path / "tw.yaml"
    if not config.exists():
        config.write_text(yaml.safe_dump({
            "sources": [],
            "watches": [{"name": "coast", "keywords": ["Latakia"]}],
            "aliases": {"SOHR": ["Syrian Observatory for Human Rights"]},
        }))  # fmt: skip
    archive = tmp_path / "archive.db"
    result = CliRunner().invoke(main, ["check", *args, "-c", str(config), "--database", f"sqlite:///{archive}"])
    return result.exit_code, result.output, archive


def test_check_a_feed_prints_what_would_be_archived_and_tracked(tmp_path: Path, server) -> None:  # noqa: ANN001
    server.set("/feed", rss([Entry("a1", "Death toll in the coastal region", TOLL, server.url("/a/1"),
                                   date="Sun, 09 Mar 2025 10:00:00 GMT"),
                             Entry("a2", "Statement of the presidency", SAID, server.url("/a/2"),
                                   date="Sun, 09 Mar 2025 11:00:00 GMT")]),
               content_type="application/rss+xml")  # fmt: skip
    code, out, archive = run(tmp_path, server.url("/feed"))
    assert code == 0, out
    assert "2 documents would be archived; 1 figures (1 tracked), 2 statements. Nothing was written." in out
    assert "Death toll in the coastal region" in out and "watches: coast" in out
    assert "figure: 973 civilians killed — SOHR → coast: SOHR · civilians killed" in out
    assert "statement: Ahmed al-Sharaa, President [official]" in out
    # the second document matches no watch: its statement would be archived, not tracked
    assert "watches: none (not tracked)" in out
    assert not archive.exists()  # nothing written: not even an empty archive
    assert [p for p, _ in server.requests].count("/feed") == 1  # fetched once

    code, out, _ = run(tmp_path, server.url("/feed"), "--format", "json")
    doc = json.loads(out)
    assert code == 0 and doc["http_status"] == 200 and len(doc["documents"]) == 2
    [figure] = doc["documents"][0]["figures"]
    assert figure["number"] == 973 and figure["reporter"] == "SOHR" and figure["series"] == ["coast: SOHR · civilians killed"]


def test_check_a_page_and_what_goes_wrong(tmp_path: Path, server) -> None:  # noqa: ANN001
    server.set("/statements", article("Statements of the presidency", ["Official statements.", SAID, TOLL]))
    code, out, archive = run(tmp_path, server.url("/statements"), "--type", "page")
    assert code == 0, out
    assert "1 documents would be archived" in out and "Statements of the presidency" in out
    assert "figure: 973 civilians killed" in out and "Ahmed al-Sharaa" in out and not archive.exists()

    # a page checked as a feed: said plainly, with the hint
    code, out, _ = run(tmp_path, server.url("/statements"))
    assert code == 1 and "try --type page" in out
    code, out, _ = run(tmp_path, server.url("/missing"))
    assert code == 1 and "404" in out
    code, out, _ = run(tmp_path, "ftp://example.org/feed")
    assert code == 2 and "http(s)" in out


def test_check_a_telegram_channel(tmp_path: Path, server) -> None:  # noqa: ANN001
    from tests.servers.telegram import TgPost, preview_page

    posts = [TgPost(101, "Shelling reported in Idlib."), TgPost(102, "SOHR: at least 300 killed in Latakia.")]
    server.set("/s/deskchannel", preview_page("deskchannel", posts, more=False))
    code, out, archive = run(tmp_path, server.url("/deskchannel"), "--type", "telegram", "--organization", "SOHR")
    assert code == 0, out
    assert "2 documents would be archived" in out and "figure: at least 300" in out and not archive.exists()
