"""`tollwatch status`: is a daemon running on this archive, each source's last and next poll, failures and
items, and the alerts still waiting in the outbox. Read-only: it never syncs the config into the archive."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import click
from sqlalchemy import func, select

from crawler.cli.app import App, format_option, pass_app
from crawler.cli.output import emit, moment
from crawler.lock import ArchiveLock
from storage import queries
from storage.db import session_scope
from storage.models import Delivery

COLUMNS = ("key", "enabled", "last_poll", "last_status", "next_poll", "failures", "items", "last_error")


def _iso(value: Any) -> Any:
    return value.isoformat(timespec="seconds") if isinstance(value, datetime) else value


@click.command()
@format_option
@pass_app
def status(app: App, fmt: str) -> None:
    """Daemon, sources (last poll, next poll, failures, items) and pending alerts."""
    factory = app.session_factory
    holder = ArchiveLock(app.engine).holder()
    with session_scope(factory) as session:
        rows = [
            {**r, "last_poll": r["last_polled"], "next_poll": r["next_due"] if r["enabled"] else None}
            for r in queries.source_rows(session)
        ]
        by_status: dict[str, int] = {}
        by_channel: dict[str, int] = {}
        for channel, state, n in session.execute(
            select(Delivery.channel, Delivery.status, func.count()).group_by(Delivery.channel, Delivery.status)
        ).all():
            by_status[state] = by_status.get(state, 0) + n
            if state in ("pending", "sending"):
                by_channel[channel] = by_channel.get(channel, 0) + n
    if fmt == "json":
        out = {
            "daemon": {"running": holder is not None, "holder": holder},
            "sources": [{c: _iso(r.get(c)) for c in COLUMNS} for r in rows],
            "alerts": {"by_status": by_status, "pending_by_channel": by_channel},
        }
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    if fmt != "table":
        emit(rows, fmt, COLUMNS)
        return
    now = datetime.now(UTC)
    emit([{**r, "last_poll": moment(r["last_poll"], now), "next_poll": moment(r["next_poll"], now)} for r in rows],
         fmt, COLUMNS)  # fmt: skip
    click.echo(f"daemon: running ({holder})" if holder else "daemon: not running on this archive")
    waiting = by_status.get("pending", 0) + by_status.get("sending", 0)
    per = ", ".join(f"{k} {v}" for k, v in sorted(by_channel.items()))
    click.echo(
        f"alerts: {waiting} pending" + (f" ({per})" if per else "")
        + f", {by_status.get('sent', 0)} sent, {by_status.get('failed', 0)} failed"
    )  # fmt: skip
