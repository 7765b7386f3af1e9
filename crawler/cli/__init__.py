"""The `tollwatch` command: a click group, one module per command family."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import click
from click.utils import make_default_short_help

from crawler import __version__
from crawler.cli.app import App, long_lived
from crawler.logs import setup_logging

# name → ("module:attribute", one-line help): each command's module is imported only when that command runs, so
# `tollwatch poll` does not pay for matplotlib, the web page or the demo at start-up, and `--help` lists the
# commands from these lines without importing any of them (tests/test_cli.py keeps them equal to each
# command's own short help)
COMMANDS: dict[str, tuple[str, str]] = {
    "db": ("crawler.cli.db:db", "Archive schema (Alembic migrations)."),
    "poll": ("crawler.cli.poll:poll", "Poll sources once and print a one-line summary per source."),
    "run": ("crawler.cli.run:run", "Run the daemon: poll every source at its interval and deliver alerts, until SIGTERM/SIGINT."),
    "worker": ("crawler.cli.worker:worker", "Run polls and deliveries as jobs from the archive's PostgreSQL (procrastinate), until SIGTERM/SIGINT."),
    "workers": ("crawler.cli.worker:workers", "Live workers (last heartbeat, jobs running) and stalled jobs (running on a worker that stopped beating)."),
    "sources": ("crawler.cli.sources:sources", "List sources with their poll state (last poll, failures, next due)."),
    "items": ("crawler.cli.sources:items", "List archived items, newest first."),
    "extract": ("crawler.cli.extract:extract_command", "Print the casualty figures and statements of PATH (plain text or HTML; '-' for stdin) as JSON."),
    "alerts": ("crawler.cli.alerts:alerts", "Alerts in the outbox, one row per alert and channel."),
    "dispatch": ("crawler.cli.alerts:dispatch", "Deliver pending alerts once (what the daemon does every 30 s)."),
    "status": ("crawler.cli.status:status", "Daemon, sources (last poll, next poll, failures, items) and pending alerts."),
    "demo": ("crawler.cli.demo:demo", "Replay the March 2025 Syrian coast scenario through the real daemon and print its alerts."),
    "figures": ("crawler.cli.query:figures", "Casualty figures, newest first: who reported what, when, in which sentence."),
    "series": ("crawler.cli.query:series", "Series with their current value; with an ID (number or uid), that series' full history."),
    "statements": ("crawler.cli.query:statements", "Statements (quotes and reported speech), newest first."),
    "search": ("crawler.cli.query:search", "Archived versions (title and text) containing every word of TEXT, newest first."),
    "export": ("crawler.cli.export:export", "Export a time range of the archive (WARC keeps the raw responses, as evidence)."),
    "sql": ("crawler.cli.query:sql", "Run one read-only SQL statement (views: v_figures, v_series, v_statements; see docs/querying.md)."),
    "plot": ("crawler.cli.query:plot", "Draw the values of one or more series over time (a step chart) into a file."),
    "serve": ("crawler.cli.query:serve", "The read-only web page and JSON API (/api, described by /api/openapi.json)."),
    "diff": ("crawler.cli.diff:diff", "What changed between two versions of ITEM (its number from `tollwatch items`, or its URL or guid)."),
    "check": ("crawler.cli.check:check", "Fetch URL once, as a source of --type would be, and show what tollwatch would archive and track."),
    "import-opml": ("crawler.cli.opml:import_opml", "Append the feeds of an OPML export (Miniflux, FreshRSS, Feedly…) to the config as sources."),
}


CONFIG_HELP = "YAML config (default: examples/syria.yaml). Env: TOLLWATCH_CONFIG."
DATABASE_HELP = "Archive URL, e.g. sqlite:///tollwatch.db or postgresql://host/db. Env: TOLLWATCH_DATABASE_URL."


def _set_on_app(attribute: str) -> Callable[[click.Context, click.Parameter, Any], None]:
    def callback(ctx: click.Context, param: click.Parameter, value: Any) -> None:
        app = ctx.find_object(App)
        if value is not None and app is not None:
            setattr(app, attribute, value)

    return callback


def accept_archive_options(command: click.Command) -> None:
    """`--config`/`--database` after the subcommand as well as before it (`tollwatch figures --database URL`).

    The main group's options are added to every command and subgroup (once); given there, they win over the
    ones before the subcommand, the later word being the user's last say.
    """
    if any(p.name == "archive_config" for p in command.params):
        return
    command.params.append(click.Option(["--config", "-c", "archive_config"], type=click.Path(dir_okay=False),
                                       expose_value=False, callback=_set_on_app("config_path"), help=CONFIG_HELP))  # fmt: skip
    command.params.append(click.Option(["--database", "archive_database"], expose_value=False,
                                       callback=_set_on_app("database_flag"), help=DATABASE_HELP))  # fmt: skip
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            accept_archive_options(sub)


class LazyGroup(click.Group):
    """A click group whose commands are named in COMMANDS and loaded on first use (click's documented pattern)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*super().list_commands(ctx), *COMMANDS]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS:
            module, _, attr = COMMANDS[cmd_name][0].partition(":")
            with long_lived():
                command = getattr(importlib.import_module(module), attr)
            assert isinstance(command, click.Command)
            accept_archive_options(command)
            return command
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list of --help, from COMMANDS: no command module is imported to print it."""
        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)
        rows = [(name, make_default_short_help(summary, limit)) for name, (_target, summary) in COMMANDS.items()]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="tollwatch")
@click.option("--config", "-c", "config_path", envvar="TOLLWATCH_CONFIG", type=click.Path(dir_okay=False),
              help=CONFIG_HELP)  # fmt: skip
@click.option("--database", "database", envvar="TOLLWATCH_DATABASE_URL", help=DATABASE_HELP)
@click.option("-v", "--verbose", count=True, help="More log output (-v info, -vv debug).")
@click.option("--log-format", type=click.Choice(["text", "json"]), default="text", envvar="TOLLWATCH_LOG_FORMAT")
@click.pass_context
def main(ctx: click.Context, config_path: str | None, database: str | None, verbose: int, log_format: str) -> None:
    """tollwatch: watch conflict-reporting sources, archive every version, alert on changed tolls."""
    setup_logging(["WARNING", "INFO", "DEBUG"][min(verbose, 2)], log_format)
    ctx.obj = App(config_path=config_path, database_flag=database)
