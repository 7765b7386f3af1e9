"""`tollwatch diff`: what changed between two versions of an archived item, word by word (SQLite, PostgreSQL)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from crawler.cli import main
from crawler.diff import Segment, collapse, stats, word_diff
from tests.query.archive import Archive


def sohr_item(archive: Archive) -> dict:
    items = json.loads(archive.out("items", "--source", "sohr", "--format", "json"))
    [item] = items
    return item


def test_word_diff_is_one_change_per_replaced_word() -> None:
    old = "SOHR said 745 civilians had been killed in Latakia."
    new = "SOHR said 973 civilians had been killed in Latakia and Tartus."
    segments = word_diff(old, new)
    assert segments == [Segment("equal", "SOHR said "), Segment("delete", "745"), Segment("insert", "973"),
                        Segment("equal", " civilians had been killed in Latakia"),
                        Segment("insert", " and Tartus"), Segment("equal", ".")]  # fmt: skip
    assert stats(segments).words_deleted == 1 and stats(segments).words_inserted == 3
    # putting the segments back together gives each text
    assert "".join(s.text for s in segments if s.op != "insert") == old
    assert "".join(s.text for s in segments if s.op != "delete") == new
    filler = "Background paragraph about the war. " * 20
    short = collapse(word_diff(filler + old + filler, filler + new + filler), context=40)
    assert [s.op for s in short][1:3] == ["delete", "insert"] and short[0].text.startswith("… ")
    assert sum(len(s.text) for s in short) < 300


def test_a_long_article_is_diffed_sentence_by_sentence_and_stays_exact() -> None:
    sentences = [f"Paragraph {i} says that the observatory counted {i * 7} dead in the area." for i in range(400)]
    edited = list(sentences)
    edited[123] = edited[123].replace("861", "900")
    old, new = " ".join(sentences), "\n".join(edited)  # and the edit turned spaces into line breaks
    segments = word_diff(old, new)
    assert "".join(s.text for s in segments if s.op != "insert") == old
    assert "".join(s.text for s in segments if s.op != "delete") == new
    assert [s.text for s in segments if s.op == "delete" and s.text.strip()] == ["861"]
    assert [s.text for s in segments if s.op == "insert" and s.text.strip()] == ["900"]


def test_diff_of_the_last_two_versions_plain_when_piped(archive: Archive) -> None:
    item = sohr_item(archive)
    assert item["versions"] == 3
    out = archive.out("diff", str(item["item_id"]))
    # CliRunner is not a terminal: no ANSI, wdiff markers instead
    assert "\x1b[" not in out
    assert "version 2 (published 2025-03-09 10:00:00) → version 3 (published 2025-03-10 10:00:00)" in out
    assert "[-973-]{+1,383+}" in out and "civilians had been killed" in out
    assert "1 word deleted, 1 word inserted" in out

    # the first against the newest, by URL instead of number; explicit pair
    by_url = archive.out("diff", item["url"], "1")
    assert "version 1 " in by_url and "[-745-]{+1,383+}" in by_url
    assert "[-745-]{+973+}" in archive.out("diff", str(item["item_id"]), "1", "2")


def test_diff_in_colour_and_its_errors(archive: Archive) -> None:
    item = sohr_item(archive)
    coloured = archive.out("diff", str(item["item_id"]), "--color", "always")
    assert "\x1b[31m\x1b[9m973" in coloured and "\x1b[32m\x1b[4m1,383" in coloured and "[-" not in coloured
    missing = archive.run("diff", str(item["item_id"]), "1", "9", ok=False)
    assert missing.exit_code == 1 and "has versions 1, 2, 3" in missing.output
    nothing = archive.run("diff", "99999999999999999999999", ok=False)
    assert nothing.exit_code == 1 and "no item" in nothing.output
    result = CliRunner().invoke(main, ["diff", "1", "1", "2", "3", "--database", archive.db_url])
    assert result.exit_code == 2
