"""`tollwatch alerts` (list the outbox, `alerts test CHANNEL`, `alerts requeue`) and `tollwatch dispatch`."""

from __future__ import annotations

import asyncio
import uuid

import click

from alerts.channels import make_channel
from alerts.dispatch import dispatch_due
from alerts.errors import DeliveryError
from alerts.events import event_from_payload
from alerts.render import headline, render_test
from crawler.cli.app import App, format_option, pass_app
from crawler.cli.output import emit
from storage import outbox
from storage.base import utcnow
from storage.db import session_scope
from storage.redact import redact

COLUMNS = ("alert", "kind", "watch", "channel", "status", "attempts", "headline", "created", "sent_at", "last_error")


@click.group(invoke_without_command=True)
@click.option("--pending", "which", flag_value="pending", help="Only deliveries not sent yet (pending or in flight).")
@click.option("--failed", "which", flag_value="failed", help="Only deliveries that gave up (dead letters).")
@format_option
@click.option("--limit", default=200, show_default=True)
@click.pass_context
def alerts(ctx: click.Context, which: str | None, fmt: str, limit: int) -> None:
    """Alerts in the outbox, one row per alert and channel."""
    if ctx.invoked_subcommand is not None:
        return
    app = ctx.find_object(App)
    assert app is not None
    with session_scope(app.session_factory) as session:
        rows = outbox.list_deliveries(session, status=which, limit=limit)
    out = [
        {
            "alert": r.alert_id, "kind": r.kind, "watch": r.watch, "channel": r.channel, "status": r.status,
            "attempts": r.attempts, "headline": headline(event_from_payload(r.payload)), "created": r.created_at,
            "sent_at": r.sent_at, "last_error": r.last_error,
        }  # fmt: skip
        for r in rows
    ]
    emit(out, fmt, COLUMNS)


@alerts.command("test")
@click.argument("channel")
@pass_app
def test_channel(app: App, channel: str) -> None:
    """Send a test message to CHANNEL and say exactly what failed, if anything."""
    config = app.config(secrets=True)
    try:
        cfg = config.channel(channel)
    except KeyError:
        known = ", ".join(c.name for c in config.channels) or "none configured"
        raise click.BadParameter(f"no such channel {channel!r} (channels: {known})", param_hint="CHANNEL") from None
    try:
        asyncio.run(make_channel(cfg).send(render_test(channel), f"tw-test-{uuid.uuid4().hex}"))
    except DeliveryError as exc:
        raise click.ClickException(f"{channel}: test message NOT delivered: {redact(str(exc))}") from None
    click.echo(f"{channel}: test message delivered")


@alerts.command("requeue")
@click.argument("alert_id", required=False, type=int)
@click.option("--failed", "all_failed", is_flag=True, help="Every delivery that gave up.")
@pass_app
def requeue(app: App, alert_id: int | None, all_failed: bool) -> None:
    """Send again what failed for good (ALERT_ID, or --failed for all), once the cause is fixed.

    The deliveries go back to pending with a fresh attempt budget; `tollwatch dispatch` (or the daemon) sends them.
    """
    if (alert_id is None) == (not all_failed):
        raise click.UsageError("give one ALERT_ID or --failed")
    with session_scope(app.session_factory) as session:
        count = outbox.requeue(session, now=utcnow(), alert_id=alert_id)
    what = f"alert {alert_id}" if alert_id is not None else "all alerts"
    click.echo(f"{count} failed deliveries of {what} queued again")


@click.command()
@click.option("--retry-now", is_flag=True, help="Ignore the backoff: try every pending delivery now.")
@pass_app
def dispatch(app: App, retry_now: bool) -> None:
    """Deliver pending alerts once (what the daemon does every 30 s)."""
    config = app.config(secrets=True)
    channels = {c.name: c for c in config.channels}
    report = asyncio.run(dispatch_due(app.session_factory, channels, retry_now=retry_now))
    click.echo(report.summary())
    for line in report.errors:
        click.echo(f"  {redact(line)}", err=True)
