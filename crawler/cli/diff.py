"""`tollwatch diff ITEM [V1 V2]`: what changed between two archived versions of an item, word by word.

In a terminal deletions are red and struck through, insertions green and underlined; piped or redirected, the
same diff is plain text with wdiff's markers, `[-old-]{+new+}`, so it can be read or grepped anywhere.
"""

from __future__ import annotations

import sys

import click
from sqlalchemy.orm import Session

from crawler.cli.app import App, pass_app
from crawler.cli.output import safe_text
from crawler.cli.query import read
from crawler.diff import Segment, collapse, stats, word_diff
from storage import queries


@click.command()
@click.argument("item", metavar="ITEM")
@click.argument("versions", metavar="[V1 [V2]]", nargs=-1, type=int)
@click.option("--full", is_flag=True, help="Show the whole text, not only the changes with some context.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Colour the changes (auto: when writing to a terminal; else [-deleted-]{+inserted+}).")  # fmt: skip
@pass_app
def diff(app: App, item: str, versions: tuple[int, ...], full: bool, color: str) -> None:
    """What changed between two versions of ITEM (its number from `tollwatch items`, or its URL or guid).

    Without V1 V2: the previous version against the newest. With V1 only: V1 against the newest.
    """
    if len(versions) > 2:
        raise click.UsageError("give at most two version numbers: V1 V2")

    def load(session: Session) -> tuple[dict, list[dict]]:
        item_id = queries.find_item_id(session, item)
        found = queries.item_detail(session, item_id) if item_id else None
        if found is None:
            raise click.ClickException(f"no item {item!r} (see `tollwatch items`)")
        numbers = [v["version"] for v in found["versions"]]
        if len(versions) == 2:
            pair = (versions[0], versions[1])
        elif len(versions) == 1:
            pair = (versions[0], numbers[-1])
        elif len(numbers) >= 2:
            pair = (numbers[-2], numbers[-1])
        else:
            raise click.ClickException(f"item {found['item_id']} has one version: nothing to compare")
        texts = queries.version_texts(session, found["item_id"], pair)
        if texts is None:
            raise click.ClickException(f"item {found['item_id']} has versions {', '.join(map(str, numbers))}")
        return found, texts

    found, (old, new) = read(app, load)
    colour = color == "always" or (color == "auto" and sys.stdout.isatty())
    title = f"item {found['item_id']} ({found['source']}) {safe_text(found['url'] or found['guid'])}"
    click.echo(title)
    click.echo(f"version {old['version']} ({_when(old)}) → version {new['version']} ({_when(new)})")
    if (old["title"] or "") != (new["title"] or ""):
        click.echo("title: " + render(word_diff(old["title"] or "", new["title"] or ""), colour=colour), color=colour)
    segments = word_diff(old["text"], new["text"])
    counted = stats(segments)
    if not counted.changed and old["text"] == new["text"]:
        click.echo("(the texts are the same)")
        return
    click.echo(f"{_words(counted.words_deleted)} deleted, {_words(counted.words_inserted)} inserted\n")
    click.echo(render(segments if full else collapse(segments), colour=colour), color=colour)


def _words(n: int) -> str:
    return f"{n} word" if n == 1 else f"{n} words"


def _when(version: dict) -> str:
    shown = version["published"] or version["fetched"]
    return ("published " if version["published"] else "fetched ") + shown.strftime("%Y-%m-%d %H:%M:%S")


def render(segments: list[Segment], *, colour: bool) -> str:
    """Segments as terminal text: ANSI colours, or wdiff markers; scraped text is made safe first."""
    out = []
    for s in segments:
        text = safe_text(s.text)
        if s.op == "equal":
            out.append(text)
        elif colour:
            style = {"fg": "red", "strikethrough": True} if s.op == "delete" else {"fg": "green", "underline": True}
            out.append(click.style(text, **style))  # type: ignore[arg-type]
        else:
            out.append(f"[-{text}-]" if s.op == "delete" else f"{{+{text}+}}")
    return "".join(out)
