"""The `tollwatch` command: a click group, one module per command family."""

from __future__ import annotations

import click

from crawler import __version__
from crawler.cli.app import App
from crawler.logs import setup_logging


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tollwatch")
@click.option(
    "--config", "-c", "config_path", envvar="TOLLWATCH_CONFIG", type=click.Path(dir_okay=False),
    help="YAML config (default: examples/syria.yaml). Env: TOLLWATCH_CONFIG.",
)  # fmt: skip
@click.option(
    "--database", "database", envvar="TOLLWATCH_DATABASE_URL",
    help="Archive URL, e.g. sqlite:///tollwatch.db or postgresql://host/db. Env: TOLLWATCH_DATABASE_URL.",
)  # fmt: skip
@click.option("-v", "--verbose", count=True, help="More log output (-v info, -vv debug).")
@click.option("--log-format", type=click.Choice(["text", "json"]), default="text", envvar="TOLLWATCH_LOG_FORMAT")
@click.pass_context
def main(ctx: click.Context, config_path: str | None, database: str | None, verbose: int, log_format: str) -> None:
    """tollwatch: watch conflict-reporting sources, archive every version, alert on changed tolls."""
    setup_logging(["WARNING", "INFO", "DEBUG"][min(verbose, 2)], log_format)
    ctx.obj = App(config_path=config_path, database_flag=database)


def _register() -> None:
    from crawler.cli.alerts import alerts, dispatch
    from crawler.cli.db import db
    from crawler.cli.demo import demo
    from crawler.cli.export import export
    from crawler.cli.extract import extract_command
    from crawler.cli.poll import poll
    from crawler.cli.query import figures, plot, search, series, serve, sql, statements
    from crawler.cli.run import run
    from crawler.cli.sources import items, sources
    from crawler.cli.status import status

    for command in (db, poll, run, sources, items, extract_command, alerts, dispatch, status, demo):
        main.add_command(command)
    for command in (figures, series, statements, search, export, sql, plot, serve):
        main.add_command(command)


_register()
