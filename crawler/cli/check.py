"""`tollwatch check URL`: try a source before adding it — fetch it once with the harvester of its kind, extract,
and print what would be archived and which figures and statements would be tracked. Writes nothing.

The harvest runs against a throw-away archive in a temporary folder (harvesters ask the archive which entries
it already has: here, none), never the configured one; tracking's own rules (watches, reporters, which figures
make a series) decide what "would be tracked" says.
"""

from __future__ import annotations

import asyncio
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click
from pydantic import ValidationError

from crawler.cli.app import App, pass_app
from crawler.cli.output import safe_text
from crawler.config import Config, SourceConfig
from crawler.context import open_context
from crawler.document import Document, Harvest, Validators
from crawler.errors import TollwatchError
from crawler.extract import Extraction, extract
from crawler.harvest import HARVESTERS, harvester_for
from crawler.ingest import NewVersion
from crawler.track.record import Tracker
from crawler.track.series import SeriesKey, breakdown_perpetrators, is_trackable, perpetrator_key
from storage.db import make_engine, make_session_factory
from storage.migrate import upgrade_to_head

CHECK_KEY = "check"
# kinds a URL alone describes (a spider source needs a spider name and selectors: try it with `scrapy crawl`)
KINDS = tuple(k for k in HARVESTERS if k != "spider")


@dataclass(frozen=True, slots=True)
class Checked:
    document: Document
    reading_text: str
    extraction: Extraction
    watches: list[str]


@click.command()
@click.argument("url")
@click.option("--type", "kind", type=click.Choice(KINDS), default="feed", show_default=True,
              help="What the URL is: a feed (RSS, Atom, JSON Feed), a page watched as one item, or a public "
                   "Telegram channel (https://t.me/NAME).")  # fmt: skip
@click.option("--organization", metavar="ORG", help="Who publishes it (a monitor's unattributed figures are its own).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--limit", default=20, show_default=True, help="Show at most this many documents (0 = all).")
@pass_app
def check(app: App, url: str, kind: str, organization: str | None, fmt: str, limit: int) -> None:
    """Fetch URL once, as a source of --type would be, and show what tollwatch would archive and track."""
    config = app.config()
    try:
        source = source_for(url, kind, organization)
    except ValidationError as exc:
        raise click.BadParameter(str(exc.errors()[0]["msg"]).removeprefix("Value error, "), param_hint="URL") from None
    try:
        harvest = asyncio.run(_harvest(config, source))
    except TollwatchError as exc:
        hint = " (a page? try --type page)" if kind == "feed" else ""
        raise click.ClickException(f"{url}: {exc}{hint}") from None
    tracker = Tracker.from_config(config)
    checked = [_check(doc, tracker, organization) for doc in harvest.documents]
    shown = checked[:limit] if limit else checked
    if fmt == "json":
        out = {"url": url, "type": kind, "http_status": harvest.http_status, "bytes": harvest.bytes,
               "warnings": harvest.warnings, "documents": [_as_json(c, tracker, organization) for c in shown]}  # fmt: skip
        click.echo(json.dumps(out, ensure_ascii=False, indent=2, default=str))
        return
    _print(url, kind, harvest, checked, shown, tracker, organization)


def source_for(url: str, kind: str, organization: str | None) -> SourceConfig:
    """The source a config entry of this kind would give: a telegram channel is named by its preview URL's last
    segment (https://t.me/NAME or https://t.me/s/NAME; another host is a mirror, its base_url)."""
    if kind == "telegram":
        parts = urlsplit(url.strip())
        channel = [p for p in parts.path.split("/") if p][-1:] or [""]
        base = f"{parts.scheme}://{parts.netloc}" if parts.netloc else url
        return SourceConfig(key=CHECK_KEY, name=url, organization=organization, type="telegram", channel=channel[0],
                            base_url=base)  # fmt: skip
    return SourceConfig(key=CHECK_KEY, name=url, organization=organization, type=kind, url=url)  # type: ignore[arg-type]


async def _harvest(config: Config, source: SourceConfig) -> Harvest:
    with tempfile.TemporaryDirectory(prefix="tollwatch-check-") as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'check.db'}")
        try:
            await asyncio.to_thread(upgrade_to_head, engine)
            async with open_context(config, make_session_factory(engine)) as ctx:
                return await harvester_for(source.type)(ctx, source, Validators())
        finally:
            engine.dispose()


def _check(doc: Document, tracker: Tracker, organization: str | None) -> Checked:
    version = NewVersion(version_id=0, item_id=0, number=1, title=doc.title, text=doc.text, url=doc.url,
                         published_at=doc.published, fetched_at=doc.fetched_at)  # fmt: skip
    text = version.reading_text
    extraction = extract(text, source_org=tracker.monitor_org(organization))
    return Checked(doc, text, extraction, tracker.watches_for(CHECK_KEY, f"{doc.title or ''}\n{doc.text}"))


def _tracked(c: Checked, tracker: Tracker, organization: str | None) -> list[tuple[Any, str | None, list[str]]]:
    """Each figure, its canonical reporter, and the series (by watch) it would join; [] when it joins none."""
    out = []
    resolver = tracker.resolver(organization, c.extraction)
    reporters = [resolver.reporter(f.reported_by, f.outcome, f.victim_group or "people") for f in c.extraction.figures]
    split = breakdown_perpetrators([(r or "", f.outcome, f.victim_group or "people", perpetrator_key(f.perpetrator))
                                    for f, r in zip(c.extraction.figures, reporters, strict=True)])  # fmt: skip
    for figure, reporter in zip(c.extraction.figures, reporters, strict=True):
        group = figure.victim_group or "people"
        perp = perpetrator_key(figure.perpetrator) if (reporter, figure.outcome, group) in split else ""
        keys = [SeriesKey(w, reporter, figure.outcome, group, perp) for w in c.watches] if (
            is_trackable(figure) and reporter and not figure.increment) else []  # fmt: skip
        out.append((figure, reporter, [f"{k.watch}: {k.reporter} · {k.victim_group} {k.outcome}"
                                       + (f" by {k.perpetrator}" if k.perpetrator else "") for k in keys]))  # fmt: skip
    return out


def _toll(figure: Any) -> str:
    if figure.number is None:
        return figure.vague or "?"
    text = f"{figure.number:,}" + (f"–{figure.number_max:,}" if figure.number_max and figure.number_max != figure.number else "")
    return f"{figure.qualifier.replace('_', ' ')} {text}" if figure.qualifier not in ("exact", "range") else text


def _print(url: str, kind: str, harvest: Harvest, checked: list[Checked], shown: list[Checked], tracker: Tracker,
           organization: str | None) -> None:  # fmt: skip
    figures = sum(len(c.extraction.figures) for c in checked)
    tracked = sum(1 for c in checked for _, _, series in _tracked(c, tracker, organization) if series)
    statements = sum(len(c.extraction.statements) for c in checked)
    click.echo(f"{safe_text(url)} as a {kind}: HTTP {harvest.http_status}, {harvest.bytes:,} bytes, "
               f"{len(checked)} documents would be archived; {figures} figures ({tracked} tracked), "
               f"{statements} statements. Nothing was written.")  # fmt: skip
    for warning in harvest.warnings:
        click.echo(f"warning: {safe_text(warning)}")
    for n, c in enumerate(shown, 1):
        doc = c.document
        when = doc.published.strftime("%Y-%m-%d %H:%M") if doc.published else "no date"
        click.echo(f"\n[{n}] {safe_text(doc.title or '(untitled)')}  ({when}, {len(doc.text):,} characters)")
        if doc.url:
            click.echo(f"    {safe_text(doc.url)}")
        click.echo(f"    watches: {', '.join(c.watches) or 'none (not tracked)'}")
        for figure, reporter, series in _tracked(c, tracker, organization):
            who = reporter or "no reporter"
            fate = "→ " + "; ".join(series) if series else "(not tracked)"
            click.echo(f"    figure: {_toll(figure)} {figure.victim_group} {figure.outcome} — {safe_text(who)} {fate}")
            click.echo(f"      “{safe_text(figure.sentence)}”")
        for st in c.extraction.statements:
            role = f", {st.role}" if st.role else ""
            official = " [official]" if st.official else ""
            quote = st.text if len(st.text) <= 200 else st.text[:197] + "…"
            click.echo(f"    statement: {safe_text(st.speaker)}{safe_text(role)}{official}: “{safe_text(quote)}”")
    if len(shown) < len(checked):
        click.echo(f"\n… and {len(checked) - len(shown)} more documents (--limit 0 shows all)")


def _as_json(c: Checked, tracker: Tracker, organization: str | None) -> dict[str, Any]:
    doc = c.document
    return {
        "title": doc.title, "url": doc.url, "guid": doc.guid, "published": doc.published,
        "characters": len(doc.text), "watches": c.watches,
        "figures": [{**figure.to_dict(), "reporter": reporter, "series": series}
                    for figure, reporter, series in _tracked(c, tracker, organization)],
        "statements": [st.to_dict() for st in c.extraction.statements],
    }  # fmt: skip
