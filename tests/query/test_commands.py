"""The query commands as an analyst uses them, on SQLite and PostgreSQL: "what did SOHR say on 9 March, and
when did it change?" — figures, series, statements, search, each in table, JSON and CSV."""

from __future__ import annotations

import csv
import io
import json

import pytest
from PIL import Image

from tests.query.archive import Archive


def as_json(archive: Archive, *args: str) -> list[dict]:
    return json.loads(archive.out(*args, "--format", "json"))


def as_csv(archive: Archive, *args: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(archive.out(*args, "--format", "csv"))))


def test_what_sohr_said_on_9_march(archive: Archive) -> None:
    [row] = as_json(archive, "figures", "--reported-by", "sohr", "--since", "2025-03-09", "--until", "2025-03-09")
    assert row["number"] == 973 and row["reporter"] == "SOHR"
    assert row["published"] == "2025-03-09T10:00:00+00:00"
    assert row["sentence"] == "The Syrian Observatory for Human Rights said 973 civilians had been killed in Latakia and Tartus."
    assert row["url"] == archive.server.url("/a/toll")
    # the alias as the text wrote it finds the same reporter; --until is a whole day, inclusive
    by_alias = as_json(archive, "figures", "--reported-by", "OBSERVATORY", "--until", "2025-03-09")
    assert [r["number"] for r in by_alias] == [973, 745]
    assert [r["number"] for r in as_json(archive, "figures", "--since", "2025-03-10")] == [1383]


def test_figures_filters_and_formats(archive: Archive) -> None:
    everything = as_json(archive, "figures")
    assert [(r["reporter"], r["number"]) for r in everything] == [("SOHR", 1383), ("SOHR", 973), ("SNHR", 148), ("SOHR", 745)]
    assert [r["number"] for r in as_json(archive, "figures", "--reported-by", "syrian network")] == [148]
    assert as_json(archive, "figures", "--reported-by", "nobody-reports-this") == []
    assert as_json(archive, "figures", "--outcome", "injured") == []
    assert len(as_json(archive, "figures", "--outcome", "killed", "--watch", "all")) == 4
    assert as_json(archive, "figures", "--watch", "no-such-watch") == []

    table = archive.out("figures", "--reported-by", "sohr")
    assert "1383" in table and "Latakia and Tartus" in table and "SNHR" not in table
    rows = as_csv(archive, "figures", "--reported-by", "snhr")
    assert [r["number"] for r in rows] == ["148"]
    # scraped text starting with "=" must not become a spreadsheet formula
    assert rows[0]["sentence"].startswith("'=HYPERLINK")

    bad = archive.run("figures", "--since", "9 March", ok=False)
    assert bad.exit_code == 2 and "is not a date" in bad.output


def test_series_list_and_full_history(archive: Archive) -> None:
    listing = as_json(archive, "series")
    assert [(s["reporter"], s["number"], s["points"]) for s in listing] == [("SOHR", 1383, 3), ("SNHR", 148, 1)]
    sohr = listing[0]
    history = as_json(archive, "series", str(sohr["id"]))
    assert [(h["number"], h["published"][:10], h["role"]) for h in history] == [
        (745, "2025-03-08", "value"), (973, "2025-03-09", "value"), (1383, "2025-03-10", "value")]  # fmt: skip
    assert all(h["url"] == archive.server.url("/a/toll") and "civilians had been killed" in h["sentence"] for h in history)
    # by uid prefix too, and as a table that says what the series is
    assert as_json(archive, "series", sohr["uid"][:8]) == history
    table = archive.out("series", str(sohr["id"]))
    assert table.startswith(f"series {sohr['id']} (all) SOHR: civilians killed — now 1383")
    assert [r["number"] for r in as_csv(archive, "series", str(sohr["id"]))] == ["745", "973", "1383"]
    assert [s["reporter"] for s in as_csv(archive, "series", "--reported-by", "network")] == ["SNHR"]
    missing = archive.run("series", "999999", ok=False)
    assert missing.exit_code == 1 and "no series '999999'" in missing.output


def test_statements_by_speaker_and_official(archive: Archive) -> None:
    official = as_json(archive, "statements", "--official")
    assert {s["speaker"] for s in official} == {"Ahmed al-Sharaa", "Asaad al-Shaibani"}
    assert all(s["official"] is True and s["source"] == "presidency" for s in official)
    [minister] = as_json(archive, "statements", "--speaker", "SHAIBANI")
    assert minister["role"] == "Foreign Minister" and "independent committee" in minister["text"]
    assert [s["speaker"] for s in as_json(archive, "statements", "--speaker", "foreign minister")] == ["Asaad al-Shaibani"]
    assert len(as_json(archive, "statements")) > len(official)
    assert "al-Sharaa" in archive.out("statements", "--official")
    assert {r["official"] for r in as_csv(archive, "statements", "--official")} == {"True"}


def test_search_covers_every_archived_version(archive: Archive) -> None:
    # the text of 8 March was replaced twice, and is still found
    [old] = as_json(archive, "search", "observatory 745")
    assert old["source"] == "sohr" and old["version"] == 1 and "745 civilians" in old["snippet"]
    hits = as_json(archive, "search", "Latakia")
    assert [h["version"] for h in hits] == [3, 2, 1]
    assert [h["source"] for h in as_json(archive, "search", "national unity")] == ["presidency", "presidency"]
    # query syntax in the user's text is taken as words, never as an error
    assert as_json(archive, "search", 'NEAR("latakia" -tartus) OR *') == []
    assert as_json(archive, "search", "latakia:tartus") != []
    assert "Death toll in the coastal region" in archive.out("search", "tartus")
    assert len(as_csv(archive, "search", "killed")) == 4


def test_plot_writes_a_chart_of_the_series(archive: Archive, tmp_path) -> None:  # noqa: ANN001
    ids = [str(s["id"]) for s in as_json(archive, "series")]
    chart = tmp_path / "chart.png"
    assert archive.out("plot", *ids, "-o", str(chart)).strip() == f"wrote {chart}"
    with Image.open(chart) as img:
        assert img.format == "PNG" and img.size[0] == 1000
        colours = {c for _, c in img.convert("RGB").getcolors(1_000_000)}
    # the chart's first two colours (crawler/web/chart.py COLORS): one line per series
    assert (0xD6, 0x27, 0x28) in colours and (0x1F, 0x77, 0xB4) in colours
    missing = archive.run("plot", "424242", "-o", str(tmp_path / "x.png"), ok=False)
    assert missing.exit_code == 1 and not (tmp_path / "x.png").exists()


@pytest.mark.parametrize("command", ["figures", "series", "statements"])
def test_an_empty_archive_answers_with_no_rows(tmp_path, db_url: str, command: str) -> None:  # noqa: ANN001
    from click.testing import CliRunner

    from crawler.cli import main

    result = CliRunner().invoke(main, ["--database", db_url, command, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == []
