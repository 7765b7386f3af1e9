"""One HTML page's main article text: trafilatura first, a plain lxml fallback. Pure: a string in, a string out.

Used by page sources, feed article fetches, the spiders' fallback and `tollwatch extract` on HTML.
"""

from __future__ import annotations

import html as htmllib
import re
from datetime import UTC, datetime

import lxml.html
import trafilatura

_WS = re.compile(r"[ \t\r\f\v]+")
_INVISIBLE = re.compile(r"<(head|script|style|noscript|template)\b.*?</\1\s*>", re.I | re.S)
_TAG = re.compile(r"<[^>]*>")
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
_BLANKS = re.compile(r"\n{3,}")


def looks_like_html(text: str) -> bool:
    head = text[:2048].lower()
    return "<html" in head or "<body" in head or "<p" in head or "<div" in head or "<!doctype" in head


def main_text(html: str | bytes, url: str | None = None) -> str:
    """Return the main text of an HTML page ("" when there is none)."""
    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
    if not html.strip():
        return ""
    text = None
    try:
        text = trafilatura.extract(
            html,
            url=url,
            include_comments=False,
            include_tables=False,
            favor_recall=True,
            deduplicate=False,
        )
    except Exception:  # trafilatura raises assorted errors on broken markup; fall back below
        text = None
    if not text:
        text = _fallback_text(html)
    if _nothing_but_title(text, html):
        # markup nested deeper than the parsers go (100,000 <div>s) gives them nothing, or only the title:
        # the words are still there, so keep them
        text = _tag_stripped(html)
    return normalize_space(text)


def _nothing_but_title(text: str, html: str) -> bool:
    found = text.strip()
    if not found:
        return True
    m = _TITLE.search(html[:200_000])
    return m is not None and normalize_space(htmllib.unescape(m.group(1))) == normalize_space(found)


def _tag_stripped(html: str) -> str:
    text = _TAG.sub(" ", _INVISIBLE.sub(" ", html))
    return htmllib.unescape(text)


def _fallback_text(html: str) -> str:
    try:
        doc = lxml.html.fromstring(html)
    except Exception:
        return re.sub(r"<[^>]+>", " ", html)
    for bad in doc.xpath("//script|//style|//noscript|//nav|//header|//footer|//aside|//form"):
        bad.drop_tree()
    paras = [p.text_content().strip() for p in doc.xpath("//p|//h1|//h2|//h3|//li|//blockquote")]
    paras = [p for p in paras if p]
    if paras:
        return "\n".join(paras)
    return doc.text_content()


def normalize_space(text: str) -> str:
    lines = [_WS.sub(" ", line).strip() for line in text.replace("\r\n", "\n").split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


_PAGE_DATE = re.compile(
    rb"""<meta\s[^>]*(?:property|name|itemprop)\s*=\s*["'](?:article:modified_time|article:published_time"""
    rb"""|og:updated_time|dateModified|datePublished)["'][^>]*>|<time\b[^>]*\bdatetime\s*=\s*["'][^"']+["']""",
    re.I,
)
_DATE_VALUE = re.compile(rb"""(?:content|datetime)\s*=\s*["']([^"']+)["']""", re.I)


def page_published(body: bytes, fetched_at: datetime) -> datetime | None:
    """When a watched page last said something new, by its own dates: the newest of its article:modified_time /
    published_time metadata and the <time datetime> of its entries (a page that keeps a list of communiqués).
    Dates after the fetch are ignored, and so is a bare day (no time: "2025-11-12" is no instant). None when the
    page gives none: its versions then date from the fetch."""
    newest: datetime | None = None
    for tag in _PAGE_DATE.finditer(body[:2_000_000]):
        value = _DATE_VALUE.search(tag.group(0))
        if value is None or b"T" not in value.group(1):
            continue
        try:
            when = datetime.fromisoformat(value.group(1).decode("ascii", "replace").strip())
        except ValueError:
            continue
        when = when if when.tzinfo else when.replace(tzinfo=UTC)
        if when <= fetched_at and (newest is None or when > newest):
            newest = when
    return newest
