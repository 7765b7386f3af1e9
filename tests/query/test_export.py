"""`tollwatch export`: a time range of the archive as CSV, JSON, or WARC with the raw archived responses."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from tests.query.archive import Archive


def test_json_and_csv_of_a_day(archive: Archive, tmp_path: Path) -> None:
    day = json.loads(archive.out("export", "--format", "json", "--since", "2025-03-09", "--until", "2025-03-09"))
    assert sorted((v["source"], v["version"]) for v in day) == [("sohr", 2), ("wire", 1)]
    sohr = next(v for v in day if v["source"] == "sohr")
    assert "973 civilians" in sohr["text"] and sohr["published"] == "2025-03-09T10:00:00+00:00"
    assert len(sohr["content_hash"]) == 64

    out = tmp_path / "figures.csv"
    archive.out("export", "--format", "csv", "--what", "figures", "--until", "2025-03-09", "-o", str(out))
    with out.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert sorted(r["number"] for r in rows) == ["148", "745", "973"]
    assert next(r for r in rows if r["number"] == "148")["sentence"].startswith("'=HYPERLINK")

    statements = json.loads(archive.out("export", "--format", "json", "--what", "statements"))
    assert {"Ahmed al-Sharaa", "Asaad al-Shaibani"} <= {s["speaker"] for s in statements}
    everything = json.loads(archive.out("export"))
    assert len(everything) == 3 + 1 + 2  # sohr 3 versions, wire 1, presidency 2


def test_export_streams_past_one_batch(archive: Archive, tmp_path: Path) -> None:
    from crawler.cli.export import stream_rows

    rows = [{"n": i, "text": f"=cell {i}"} for i in range(2500)]
    out = tmp_path / "many.json"
    with out.open("w", encoding="utf-8") as f:
        stream_rows(iter(rows), "json", ("n", "text"), f, batch=1000)
    assert json.loads(out.read_text()) == rows
    out = tmp_path / "many.csv"
    with out.open("w", encoding="utf-8", newline="") as f:
        stream_rows(iter(rows), "csv", ("n", "text"), f, batch=1000)
    parsed = list(csv.DictReader(out.open(newline="")))
    assert len(parsed) == 2500 and parsed[-1] == {"n": "2499", "text": "'=cell 2499"}
    with out.open("w", encoding="utf-8", newline="") as f:
        stream_rows(iter([]), "json", ("n",), f)
    assert json.loads(out.read_text()) == []


def test_warc_keeps_the_raw_responses_as_evidence(archive: Archive, tmp_path: Path) -> None:
    warc = tmp_path / "evidence.warc.gz"
    result = archive.run("export", "--format", "warc", "-o", str(warc))
    assert "wrote 6 versions" in result.output
    records = []
    with warc.open("rb") as f:
        for rec in ArchiveIterator(f):
            records.append((rec.rec_type, rec.rec_headers.get_header("WARC-Target-URI"), rec.content_stream().read(),
                            rec.http_headers, rec.rec_headers))  # fmt: skip
    kinds = [r[0] for r in records]
    assert kinds[0] == "warcinfo" and kinds.count("metadata") == 6
    # the presidency page was fetched as HTML: its raw body, status and content type, as received
    pages = [r for r in records if r[0] == "response"]
    assert len(pages) == 2
    uri, body, http = pages[0][1], pages[0][2], pages[0][3]
    assert uri == archive.server.url("/statements")
    assert http.get_statuscode() == "200" and http.get_header("Content-Type").startswith("text/html")
    assert b"<article><h1>Statements of the presidency</h1>" in body and b"national unity" in body
    # a feed entry has no page of its own: the entry as the feed carried it is a resource record
    resources = [r for r in records if r[0] == "resource"]
    assert len(resources) == 4 and any(b"973 civilians" in r[2] for r in resources)
    metadata = [json.loads(r[2]) for r in records if r[0] == "metadata"]
    assert {m["source"] for m in metadata} == {"sohr", "wire", "presidency"}
    dates = [r[4].get_header("WARC-Date") for r in records if r[0] == "resource"]
    assert all(datetime.strptime(d, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC) for d in dates)


def test_warc_needs_a_file(archive: Archive) -> None:
    result = archive.run("export", "--format", "warc", ok=False)
    assert result.exit_code == 2 and "give a file with -o" in result.output
