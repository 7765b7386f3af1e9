"""`tollwatch export`: archived versions (or figures, statements) of a time range as CSV, JSON or WARC.

WARC keeps the raw archived responses, as received, for evidence preservation: one `response` record per
fetched page with its HTTP status and headers, a `resource` record for a feed entry (its HTML as the feed
carried it, else the archived text), and a `metadata` record with what tollwatch knows of each version. Rows are streamed: an export can be the
whole archive.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterable, Iterator
from datetime import datetime
from http import HTTPStatus
from itertools import islice
from typing import IO, Any, BinaryIO, TextIO

import click
from sqlalchemy.orm import Session

from crawler import __version__
from crawler.cli.app import App, parse_day, pass_app
from crawler.cli.output import emit
from crawler.cli.query import readonly
from storage import queries

VERSION_COLUMNS = ("version_id", "source", "guid", "url", "version", "published", "fetched", "title", "content_hash", "text")  # fmt: skip
FIGURE_COLUMNS = ("figure_id", "published", "reporter", "reported_by", "number", "number_max", "qualifier", "outcome",
                  "victim_group", "perpetrator", "place", "source", "url", "sentence", "item_version_id")  # fmt: skip
STATEMENT_COLUMNS = ("statement_id", "published", "speaker", "role", "organization", "official", "kind", "text",
                     "source", "url", "item_version_id")  # fmt: skip
# headers that describe the transfer, not the body we keep (stored decoded, whole)
_TRANSFER_HEADERS = {"content-encoding", "transfer-encoding", "content-length", "connection", "keep-alive"}


@click.command()
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "warc"]), default="json", show_default=True)
@click.option("--what", type=click.Choice(["versions", "figures", "statements"]), default="versions",
              show_default=True, help="What to export (WARC: versions only).")  # fmt: skip
@click.option("--since", metavar="DATE", help="Published (else fetched) on or after this day (YYYY-MM-DD, UTC).")
@click.option("--until", metavar="DATE", help="Published (else fetched) on or before this day (inclusive).")
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False, writable=True),
              help="File to write (default: standard output; WARC needs a file).")  # fmt: skip
@pass_app
def export(app: App, fmt: str, what: str, since: str | None, until: str | None, output: str | None) -> None:
    """Export a time range of the archive (WARC keeps the raw responses, as evidence)."""
    lo, hi = parse_day(since, end=False, hint="--since"), parse_day(until, end=True, hint="--until")
    if fmt == "warc" and what != "versions":
        raise click.BadParameter("WARC holds archived versions only", param_hint="--what")
    if fmt == "warc" and not output:
        raise click.BadParameter("WARC is binary: give a file with -o", param_hint="--output")
    engine = readonly(app)
    try:
        with Session(engine) as session:
            if fmt == "warc":
                assert output is not None
                with open(output, "wb") as out:
                    count = write_warc(queries.version_rows(session, since=lo, until=hi, with_raw=True), out, output)
                click.echo(f"wrote {count} versions to {output}", err=True)
                return
            rows: Iterable[dict[str, Any]]
            if what == "versions":
                rows, columns = queries.version_rows(session, since=lo, until=hi), VERSION_COLUMNS
            elif what == "figures":
                rows = queries.figure_rows(session, since=lo, until=hi, limit=None)
                columns = FIGURE_COLUMNS
            else:
                rows = queries.statement_rows(session, since=lo, until=hi, limit=None)
                columns = STATEMENT_COLUMNS
            if output:
                with open(output, "w", encoding="utf-8", newline="") as out:
                    stream_rows(rows, fmt, columns, out)
            else:
                stream_rows(rows, fmt, columns, sys.stdout)
    finally:
        engine.dispose()


def stream_rows(rows: Iterable[dict[str, Any]], fmt: str, columns: tuple[str, ...], out: TextIO,
                batch: int = 1000) -> None:  # fmt: skip
    """Write rows in batches through crawler.cli.output.emit (the one place cells are made safe)."""
    it: Iterator[dict[str, Any]] = iter(rows)
    first = True
    if fmt == "json":
        out.write("[")
    while chunk := list(islice(it, batch)):
        buf = io.StringIO()
        emit(chunk, fmt, columns, out=buf)
        text = buf.getvalue()
        if fmt == "csv":
            # emit writes a header with each batch: keep the first one only
            out.write(text if first else text.split("\n", 1)[1])
        else:
            # emit writes one JSON array per batch: splice their elements into one array
            body = text.strip()[1:-1].strip()
            out.write(("\n  " if first else ",\n  ") + body)
        first = False
    if fmt == "json":
        out.write("\n]\n" if not first else "]\n")
    elif first:
        emit([], fmt, columns, out=out)


def write_warc(versions: Iterable[dict[str, Any]], out: BinaryIO | IO[bytes], filename: str) -> int:
    """Write versions as WARC/1.1 records (gzip per record); returns how many versions were written."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    writer = WARCWriter(out, gzip=True, warc_version="WARC/1.1")
    info = {"software": f"tollwatch {__version__}", "format": "WARC File Format 1.1",
            "description": "tollwatch archive export: raw archived responses and their metadata"}  # fmt: skip
    writer.write_record(writer.create_warcinfo_record(filename, info))
    count = 0
    for v in versions:
        meta = v.get("http_meta") or {}
        uri = meta.get("url") or v["url"] or f"urn:tollwatch:item:{v['item_id']}:version:{v['version']}"
        date = _warc_date(v["fetched"])
        if v["raw"] is not None and meta.get("status"):
            # an HTTP response, as received (body decoded: the transfer headers no longer apply)
            status = int(meta["status"])
            headers = [(k, str(val)) for k, val in (meta.get("headers") or {}).items()
                       if k.lower() not in _TRANSFER_HEADERS]  # fmt: skip
            if v.get("raw_type") and not any(k.lower() == "content-type" for k, _ in headers):
                headers.append(("Content-Type", v["raw_type"]))
            headers.append(("Content-Length", str(len(v["raw"]))))
            http = StatusAndHeaders(f"{status} {_reason(status)}", headers, protocol="HTTP/1.1")
            record = writer.create_warc_record(uri, "response", payload=io.BytesIO(v["raw"]), http_headers=http,
                                               warc_headers_dict={"WARC-Date": date})  # fmt: skip
        else:
            # a feed entry (its HTML as the feed carried it) or, with no body kept, the archived text
            body = v["raw"] if v["raw"] is not None else v["text"].encode("utf-8")
            kind = (v.get("raw_type") or "text/html").split(" (")[0] if v["raw"] is not None else "text/plain; charset=utf-8"
            record = writer.create_warc_record(
                uri, "resource", payload=io.BytesIO(body), length=len(body),
                warc_content_type=kind, warc_headers_dict={"WARC-Date": date},
            )  # fmt: skip
        writer.write_record(record)
        about = {k: _json_value(v[k]) for k in ("version_id", "item_id", "version", "source", "guid", "url",
                                                 "published", "fetched", "title", "content_hash")}  # fmt: skip
        payload = json.dumps(about, ensure_ascii=False).encode("utf-8")
        record_id = record.rec_headers.get_header("WARC-Record-ID")
        writer.write_record(writer.create_warc_record(
            uri, "metadata", payload=io.BytesIO(payload), length=len(payload), warc_content_type="application/json",
            warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": record_id},
        ))  # fmt: skip
        count += 1
    return count


def _warc_date(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def _json_value(value: Any) -> Any:
    return value.isoformat(timespec="seconds") if isinstance(value, datetime) else value
