"""The `tollwatch` command: a click group, one module per command family."""

from __future__ import annotations

import importlib

import click

from crawler import __version__
from crawler.cli.app import App
from crawler.logs import setup_logging

# name → "module:attribute": each command's module is imported only when that command runs (or --help
# lists it), so `tollwatch poll` does not pay for matplotlib, the web page or the demo at start-up
COMMANDS: dict[str, str] = {
    "db": "crawler.cli.db:db",
    "poll": "crawler.cli.poll:poll",
    "run": "crawler.cli.run:run",
    "sources": "crawler.cli.sources:sources",
    "items": "crawler.cli.sources:items",
    "extract": "crawler.cli.extract:extract_command",
    "alerts": "crawler.cli.alerts:alerts",
    "dispatch": "crawler.cli.alerts:dispatch",
    "status": "crawler.cli.status:status",
    "demo": "crawler.cli.demo:demo",
    "figures": "crawler.cli.query:figures",
    "series": "crawler.cli.query:series",
    "statements": "crawler.cli.query:statements",
    "search": "crawler.cli.query:search",
    "export": "crawler.cli.export:export",
    "sql": "crawler.cli.query:sql",
    "plot": "crawler.cli.query:plot",
    "serve": "crawler.cli.query:serve",
}


class LazyGroup(click.Group):
    """A click group whose commands are named in COMMANDS and loaded on first use (click's documented pattern)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*super().list_commands(ctx), *COMMANDS]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS:
            module, _, attr = COMMANDS[cmd_name].partition(":")
            command = getattr(importlib.import_module(module), attr)
            assert isinstance(command, click.Command)
            return command
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
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
