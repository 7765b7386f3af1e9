"""Builds small RSS / Atom / JSON Feed documents and article pages (for tests and the demo scenario)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from xml.sax.saxutils import escape


@dataclass
class Entry:
    guid: str | None
    title: str
    body: str
    link: str | None = None
    date: str = "Sun, 09 Mar 2025 10:00:00 GMT"


def rss(entries: list[Entry], title: str = "Test monitor", encoding: str = "utf-8") -> bytes:
    items = []
    for e in entries:
        parts = [f"<title>{escape(e.title)}</title>", f"<description>{escape(e.body)}</description>"]
        if e.link:
            parts.append(f"<link>{escape(e.link)}</link>")
        if e.guid:
            parts.append(f'<guid isPermaLink="false">{escape(e.guid)}</guid>')
        parts.append(f"<pubDate>{e.date}</pubDate>")
        items.append("<item>" + "".join(parts) + "</item>")
    xml = (
        f'<?xml version="1.0" encoding="{encoding}"?>\n<rss version="2.0"><channel><title>{escape(title)}</title>'
        f"<link>http://example.org/</link><description>d</description>{''.join(items)}</channel></rss>"
    )
    return xml.encode(encoding)


def atom(entries: list[Entry], title: str = "Test atom") -> bytes:
    out = [f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>{escape(title)}</title>'
           "<id>urn:test</id><updated>2025-03-09T10:00:00Z</updated>"]  # fmt: skip
    for e in entries:
        link = f'<link href="{escape(e.link)}"/>' if e.link else ""
        out.append(
            f"<entry><id>{escape(e.guid or '')}</id><title>{escape(e.title)}</title>{link}"
            f"<updated>2025-03-09T10:00:00Z</updated><content type=\"html\">{escape(e.body)}</content></entry>"
        )
    out.append("</feed>")
    return "".join(out).encode("utf-8")


def json_feed(entries: list[Entry], title: str = "Test JSON") -> bytes:
    return json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": title,
            "items": [
                {"id": e.guid, "url": e.link, "title": e.title, "content_html": e.body,
                 "date_published": "2025-03-09T10:00:00Z"}  # fmt: skip
                for e in entries
            ],
        }
    ).encode("utf-8")


def article(title: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><title>{escape(title)}</title></head><body>"
        f"<nav><a href='/'>Home</a> <a href='/about'>About</a></nav>"
        f"<article><h1>{escape(title)}</h1>{body}</article>"
        f"<footer>Copyright test site</footer></body></html>"
    ).encode()
