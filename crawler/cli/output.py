"""The one place rows become table, JSON or CSV; scraped text is made safe for terminals and spreadsheets."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from datetime import datetime
from typing import Any, TextIO

from storage.redact import redact
from storage.untrusted import strip_controls

FORMATS = ("table", "json", "csv")


def safe_text(value: str) -> str:
    """Strip escape sequences and control/bidi-override characters from untrusted text; redact secrets."""
    return redact(strip_controls(value))


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, str):
        return redact(strip_controls(value))
    return value


def emit(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str], out: TextIO | None = None) -> None:
    out = out or sys.stdout
    if fmt == "json":
        json.dump([{c: _plain(r.get(c)) for c in columns} for r in rows], out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(columns)
        for r in rows:
            writer.writerow([_csv_cell(_plain(r.get(c))) for c in columns])
    else:
        _table(rows, columns, out)


def _csv_cell(value: Any) -> Any:
    if isinstance(value, str):
        value = safe_text(value)
        # a cell starting with = + - @ is a formula to a spreadsheet: neutralize scraped text
        if value[:1] in ("=", "+", "-", "@"):
            return "'" + value
    return "" if value is None else value


def _table(rows: Sequence[dict[str, Any]], columns: Sequence[str], out: TextIO) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(show_lines=False, header_style="bold")
    for c in columns:
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(*(escape(safe_text(redact(_cell(r.get(c))))) for c in columns))
    Console(file=out, width=None if out.isatty() else 200, soft_wrap=False).print(table)


def span(seconds: float) -> str:
    """A duration the way people say it: 45s, 4m 10s, 2h 5m, 3d 4h (two units at most)."""
    total = int(abs(seconds))
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [(days, "d"), (hours, "h"), (minutes, "m"), (secs, "s")]
    while len(parts) > 1 and parts[0][0] == 0:
        parts.pop(0)
    return " ".join(f"{n}{unit}" for n, unit in parts[:2] if n or unit == parts[0][1])


def moment(value: datetime | None, now: datetime) -> str:
    """A time to the second with how far it is from now: "2026-12-04 16:50:10 (in 4m 10s)" or "(3m 2s ago)"."""
    if value is None:
        return ""
    delta = (value - now).total_seconds()
    relative = "now" if abs(delta) < 1 else f"in {span(delta)}" if delta > 0 else f"{span(delta)} ago"
    return f"{value.strftime('%Y-%m-%d %H:%M:%S')} ({relative})"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)
