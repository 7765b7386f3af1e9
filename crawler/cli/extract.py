"""`tollwatch extract`: casualty figures and statements of a text or HTML file (or stdin) as JSON."""

from __future__ import annotations

import json
import sys
from typing import Any, BinaryIO

import click

from crawler.extract import Extraction, extract
from crawler.pages import looks_like_html, main_text
from storage.untrusted import strip_controls

MAX_BYTES = 50 * 1024 * 1024  # one text; larger inputs are refused rather than ground through


class InputError(Exception):
    """Input that cannot be treated as text (too large, binary)."""


def decode_input(data: bytes) -> str:
    """UTF-8 text of data (invalid bytes replaced); InputError for oversize or binary input."""
    if len(data) > MAX_BYTES:
        raise InputError(f"input is {len(data)} bytes; the limit is {MAX_BYTES} bytes per text")
    head = data[:65536]
    if head and head.count(b"\x00") > len(head) // 10:
        raise InputError("input looks binary (many NUL bytes); expected text or HTML")
    return data.decode("utf-8", errors="replace")


def _read_all(stream: BinaryIO) -> bytes:
    data = stream.read(MAX_BYTES + 1)
    return data if isinstance(data, bytes) else str(data).encode("utf-8")


def _extraction(text: str, source_org: str | None) -> Extraction:
    # HTML is reduced to its main text first; offsets then refer to that text
    plain = main_text(text) if looks_like_html(text) else text
    return extract(plain, source_org=source_org)


def _result(text: str, source_org: str | None) -> dict[str, Any]:
    return _extraction(text, source_org).to_dict()


def _shown(s: str | None) -> str:
    """Scraped text as shown on a terminal: escape sequences and control characters stripped, one line."""
    return "-" if s is None else " ".join(strip_controls(s).split())


def explain_lines(result: Extraction) -> str:
    """One line per figure and statement naming the rule that produced it and what decided its reporter."""
    lines: list[str] = []
    for f in result.figures:
        amount = f"{f.vague}" if f.number is None else (f"{f.number}-{f.number_max}" if f.number_max else f"{f.number}")
        inc = " increment" if f.increment else ""
        cue = f' (cue "{_shown(f.reporter_cue)}")' if f.reporter_cue else ""
        lines.append(f"figure {amount} {f.outcome} {_shown(f.victim_group)}{inc} [{f.start}:{f.end}] "
                     f"rule={f.rule} reported_by={_shown(f.reported_by)}{cue}")
    for st in result.statements:
        lines.append(f"statement {_shown(st.speaker)} official={str(st.official).lower()} kind={st.kind} "
                     f"[{st.start}:{st.end}] rule={st.rule}")
    return "\n".join(lines) if lines else "nothing found"


def _dump(obj: Any, pretty: bool) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2 if pretty else None)


@click.command("extract")
@click.argument("path", default="-", type=click.Path(allow_dash=True, dir_okay=False))
@click.option("--jsonl", "jsonl", is_flag=True, help='PATH holds one {"text": ..., "source_org": ...} object per line.')
@click.option("--source-org", "source_org", default=None, metavar="NAME",
              help="reported_by for figures the text attributes to nobody.")
@click.option("--pretty", is_flag=True, help="indent the JSON output.")
@click.option("--explain", is_flag=True,
              help="print one line per figure and statement with the rule that produced it, instead of JSON.")
def extract_command(path: str, jsonl: bool, source_org: str | None, pretty: bool, explain: bool) -> None:
    """Print the casualty figures and statements of PATH (plain text or HTML; '-' for stdin) as JSON."""
    try:
        if path == "-":
            stream = click.get_binary_stream("stdin")
            if jsonl:
                _run_jsonl(stream, source_org, pretty)
                return
            data = _read_all(stream)
        else:
            with open(path, "rb") as fh:
                if jsonl:
                    _run_jsonl(fh, source_org, pretty)
                    return
                data = _read_all(fh)
        text = decode_input(data)
    except InputError as exc:
        click.echo(f"tollwatch extract: {exc}", err=True)
        sys.exit(2)
    except OSError as exc:
        click.echo(f"tollwatch extract: cannot read {path}: {exc.strerror or exc}", err=True)
        sys.exit(2)
    if explain:
        click.echo(explain_lines(_extraction(text, source_org)))
        return
    click.echo(_dump(_result(text, source_org), pretty))


def _run_jsonl(stream: BinaryIO, source_org: str | None, pretty: bool) -> None:
    """One result per input line, in order; a bad line yields {"error": "line N: ..."} and the run goes on.

    Output stays one compact object per line even with --pretty, so it remains JSONL.
    """
    for n, raw in enumerate(iter(lambda: stream.readline(MAX_BYTES + 1), b""), 1):
        if not raw.strip():
            continue
        try:
            if len(raw) > MAX_BYTES:
                # swallow the rest of an oversize line so the next one starts clean
                while not raw.endswith(b"\n"):
                    raw = stream.readline(MAX_BYTES + 1)
                    if not raw:
                        break
                raise InputError(f"line longer than {MAX_BYTES} bytes")
            obj = json.loads(decode_input(raw))
            if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                raise ValueError('expected an object with a string "text"')
            org = obj.get("source_org") if isinstance(obj.get("source_org"), str) else source_org
            out: dict[str, Any] = _result(obj["text"], org)
        except (ValueError, InputError) as exc:
            out = {"error": f"line {n}: {exc}"}
        click.echo(_dump(out, False))  # one object per line, --pretty or not
