"""`tollwatch import-opml FILE`: the feeds of an OPML export appended to the config's `sources:` as text.

The config file is edited, not rewritten: its comments and layout stay, the new entries go at the end of the
`sources:` list in the list's own indentation, and the result must load (validated before it replaces the
file) or nothing is written.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import click
import yaml

from crawler.cli.app import App, pass_app
from crawler.cli.output import safe_text
from crawler.config import load_config
from crawler.errors import ConfigError
from crawler.opml import parse_opml, source_entries

_TOP_KEY = re.compile(r"^[A-Za-z_][\w-]*\s*:")


@click.command("import-opml")
@click.argument("opml_file", metavar="FILE", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Print the entries that would be appended; change nothing.")
@pass_app
def import_opml(app: App, opml_file: str, dry_run: bool) -> None:
    """Append the feeds of an OPML export (Miniflux, FreshRSS, Feedly…) to the config as sources.

    Keys come from the feeds' titles (made unique); feeds already in the config are skipped; each feed's
    folder becomes a tag. The config file is the one given with --config (or TOLLWATCH_CONFIG).
    """
    path_text = app.config_path or os.environ.get("TOLLWATCH_CONFIG")
    if not path_text:
        raise click.UsageError("give the config to append to: tollwatch import-opml FILE --config tollwatch.yaml")
    path = Path(path_text)
    config = app.config()
    try:
        subscriptions = parse_opml(Path(opml_file).read_bytes(), name=opml_file)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    entries, skipped = source_entries(subscriptions, {s.key for s in config.sources}, {s.url for s in config.sources})
    for sub, why in skipped:
        click.echo(f"skipped {safe_text(sub.title)!r} ({safe_text(sub.url)}): {why}", err=True)
    if not entries:
        click.echo(f"nothing to add: {len(subscriptions)} feeds in {opml_file}, none new")
        return
    original = path.read_text(encoding="utf-8")
    updated = append_sources(original, entries)
    try:
        load_config_text(updated, path)
    except ConfigError as exc:
        raise click.ClickException(f"the entries would not load, nothing written: {exc}") from None
    if dry_run:
        click.echo(_entries_yaml(entries, indent="").rstrip("\n"))
        return
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(updated, encoding="utf-8")
    tmp.replace(path)
    for entry in entries:
        click.echo(f"added {entry['key']}: {safe_text(entry['url'])}")
    click.echo(f"{len(entries)} sources appended to {path} ({len(skipped)} skipped)")


def append_sources(text: str, entries: list[dict[str, Any]]) -> str:
    """The config text with the entries at the end of its `sources:` list (a new list at the end if none)."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if re.match(r"^sources\s*:\s*(#.*)?$", line)), None)
    if start is None:
        if re.search(r"^sources\s*:", text, re.MULTILINE):
            raise click.ClickException("the config's `sources:` is not a block list; add the entries by hand")
        body = _entries_yaml(entries, indent="  ")
        return text.rstrip("\n") + ("\n\n" if text.strip() else "") + "sources:\n" + body
    end = len(lines)
    for i in range(start + 1, len(lines)):
        if _TOP_KEY.match(lines[i]):
            end = i
            break
    block = lines[start + 1:end]
    indent = next((m.group(1) for line in block if (m := re.match(r"^(\s*)- ", line))), "  ")
    content = [i for i, line in enumerate(block) if line.strip() and not line.lstrip().startswith("#")]
    cut = start + 1 + (content[-1] + 1 if content else 0)  # after the list's last entry, before its trailing gap
    head = "".join(lines[:cut])
    if not head.endswith("\n"):
        head += "\n"
    return head + _entries_yaml(entries, indent=indent) + "".join(lines[cut:])


def _entries_yaml(entries: list[dict[str, Any]], *, indent: str) -> str:
    dumped = yaml.safe_dump(entries, sort_keys=False, allow_unicode=True, default_flow_style=False, width=1000)
    return "".join(indent + line + "\n" for line in dumped.splitlines())


def load_config_text(text: str, path: Path) -> None:
    tmp = path.with_name(path.name + ".check")
    try:
        tmp.write_text(text, encoding="utf-8")
        load_config(tmp, check_env=False)
    finally:
        tmp.unlink(missing_ok=True)
