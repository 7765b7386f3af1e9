"""`tollwatch import-opml`: a FreshRSS/Miniflux-style export becomes feed sources appended to the config file,
comments and layout kept, keys from titles, nothing written when the result would not load."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

from crawler.cli import main
from crawler.config import load_config
from crawler.opml import key_from_title

CONFIG = """\
# the desk's watch list
database: sqlite:///desk.db

sources:
  # monitors
  - key: sohr
    name: Syrian Observatory for Human Rights
    type: feed
    url: https://www.syriahr.com/en/feed/
    interval: 10m

watches:
  - name: coast   # the March offensive
    keywords: [Latakia, Tartus]
"""

# what FreshRSS writes (Miniflux and Feedly differ only in attributes' presence): folders as outer outlines
OPML = """\
<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>FreshRSS export</title><dateCreated>Fri, 04 Dec 2026 10:00:00 +0000</dateCreated></head>
  <body>
    <outline text="Monitors" title="Monitors">
      <outline text="SOHR" type="rss" xmlUrl="https://www.syriahr.com/en/feed/" htmlUrl="https://www.syriahr.com/en/"/>
      <outline text="Syrian Network for Human Rights" type="rss" xmlUrl="https://snhr.org/feed/" htmlUrl="https://snhr.org/"/>
    </outline>
    <outline text="Wires">
      <outline title="Al Jazeera – Middle East" text="Al Jazeera" type="rss" xmlUrl="https://www.aljazeera.com/xml/rss/all.xml"/>
      <outline text="Reuters World" type="rss" xmlUrl="https://example.org/reuters/world.rss"/>
      <outline text="Reuters World" type="rss" xmlUrl="https://example.org/reuters/world-2.rss"/>
    </outline>
    <outline text="Bad" type="rss" xmlUrl="javascript:alert(1)"/>
  </body>
</opml>
"""


def test_import_opml_appends_sources_with_keys_from_titles(tmp_path: Path) -> None:
    config = tmp_path / "desk.yaml"
    config.write_text(CONFIG)
    export = tmp_path / "freshrss.opml"
    export.write_text(OPML)

    result = CliRunner().invoke(main, ["import-opml", str(export), "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert "4 sources appended" in result.output and "2 skipped" in result.output
    assert "already in the config" in result.output and "not an http(s) URL" in result.output

    text = config.read_text()
    # the file was edited, not rewritten: comments, the watch and its comment are where they were
    assert text.startswith(CONFIG.split("watches:")[0].rstrip("\n"))
    assert text.rstrip().endswith("keywords: [Latakia, Tartus]") and "# the March offensive" in text
    loaded = load_config(config, check_env=False)
    added = {s.key: s for s in loaded.sources}
    assert list(added) == ["sohr", "syrian-network-for-human-rights", "al-jazeera-middle-east", "reuters-world",
                           "reuters-world-2"]  # fmt: skip
    assert added["al-jazeera-middle-east"].name == "Al Jazeera – Middle East"
    assert added["syrian-network-for-human-rights"].tags == ["Monitors"] and added["reuters-world"].tags == ["Wires"]
    assert all(s.type == "feed" for s in loaded.sources)
    assert [w.name for w in loaded.watches] == ["coast"]

    # importing again adds nothing
    again = CliRunner().invoke(main, ["import-opml", str(export), "--config", str(config)])
    assert again.exit_code == 0 and "nothing to add" in again.output and config.read_text() == text


def test_dry_run_changes_nothing_and_a_config_is_required(tmp_path: Path) -> None:
    config = tmp_path / "desk.yaml"
    config.write_text("sources: []\n")
    export = tmp_path / "feedly.opml"
    export.write_text(OPML)
    refused = CliRunner().invoke(main, ["import-opml", str(export), "-c", str(config)])
    assert refused.exit_code == 1 and "not a block list" in refused.output
    config.write_text("database: sqlite:///x.db\n")
    dry = CliRunner().invoke(main, ["import-opml", str(export), "-c", str(config), "--dry-run"])
    assert dry.exit_code == 0 and "key: reuters-world-2" in dry.output
    assert config.read_text() == "database: sqlite:///x.db\n"
    done = CliRunner().invoke(main, ["import-opml", str(export), "-c", str(config)])
    assert done.exit_code == 0 and len(yaml.safe_load(config.read_text())["sources"]) == 5
    no_config = CliRunner().invoke(main, ["import-opml", str(export)])
    assert no_config.exit_code == 2 and "--config" in no_config.output
    not_opml = tmp_path / "x.opml"
    not_opml.write_text("<html><body>nope</body></html>")
    bad = CliRunner().invoke(main, ["import-opml", str(not_opml), "-c", str(config)])
    assert bad.exit_code == 1 and "not an OPML file" in bad.output
    # an export is a file from elsewhere: an external entity is refused, never read
    hostile = tmp_path / "xxe.opml"
    hostile.write_text(OPML.replace("<opml ", '<!DOCTYPE opml [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n<opml ', 1)
                       .replace('text="Reuters World"', 'text="&secret;"', 1))  # fmt: skip
    refused = CliRunner().invoke(main, ["import-opml", str(hostile), "-c", str(config)])
    assert refused.exit_code == 1 and "external entity" in refused.output and "root:" not in refused.output


def test_keys_from_titles() -> None:
    assert key_from_title("Al Jazeera – Middle East") == "al-jazeera-middle-east"
    assert key_from_title("Ministère des Affaires étrangères") == "ministere-des-affaires-etrangeres"
    assert key_from_title("سانا") == "feed"
    long = key_from_title("The Syrian Observatory for Human Rights English Daily Reports Feed")
    assert len(long) <= 40 and not long.endswith("-") and long.startswith("the-syrian-observatory")
