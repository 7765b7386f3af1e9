"""Feed parsing: RSS 0.9x/1.0/2.0 and Atom through feedparser, JSON Feed by hand → FeedEntry records.

Pure (bytes in, records out): the poll in crawler.poll does the I/O.
"""

from __future__ import annotations

import calendar
import html
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import feedparser

from crawler.canonical import canonical_url, content_hash, normalize_text
from crawler.errors import ParseError
from crawler.feedxml import CHARSET, XML_ENCODING, FeedItem, PlainFeed, read_plain_feed

MAX_ENTRY_CHARS = 1_000_000
_TAG = re.compile(r"<[^>]*>")
# what a browser never shows as text: scripts, styles, applets with their content, and comments
_HIDDEN = re.compile(r"<(script|style|applet)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.I | re.S)
_BLOCK = re.compile(r"</?(?:p|div|br|li|ul|ol|h[1-6]|blockquote|tr|table|section|article)\b[^>]*>", re.I)
_XML_ENCODING_ATTR = re.compile(r"(?<=<\?xml)([^>]*?)\s+encoding\s*=\s*[\"'][A-Za-z0-9._:-]+[\"']", re.I)
_HTMLISH = re.compile(rb"^\s*(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html|<head|<body)", re.I | re.S)

# Entry HTML is archived as published and read here as plain text only (html_fragment_text), never shown as
# HTML: feedparser's own sanitizing and relative-link resolution of every content element would cost more than
# the rest of its parse (0.50 of 0.91 s CPU on the corpus's 40 real news feeds) for text that does not change.
# Entry links and ids are still resolved against the feed's address and xml:base. It never fetches anything.
feedparser.RESOLVE_RELATIVE_URIS = False
feedparser.SANITIZE_HTML = False


@dataclass(frozen=True, slots=True)
class FeedEntry:
    guid: str
    url: str | None
    title: str | None
    text: str
    published: datetime | None
    content_html: str | None
    entry_hash: str


@dataclass(slots=True)
class ParsedFeed:
    title: str | None
    entries: list[FeedEntry]
    warnings: list[str] = field(default_factory=list)


def html_fragment_text(fragment: str) -> str:
    """Plain text of a feed's HTML snippet (block tags become line breaks; scripts, styles and comments go)."""
    if "<" not in fragment and "&" not in fragment:
        return normalize_text(fragment)
    text = _BLOCK.sub("\n", _HIDDEN.sub(" ", fragment))
    text = html.unescape(_TAG.sub("", text))
    lines = [normalize_text(line) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def _struct_to_dt(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    except (TypeError, ValueError, OverflowError):
        return None


def _iso_to_dt(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def _identity(raw_id: str | None, link: str | None, title: str | None, text: str) -> tuple[str, str | None]:
    url = canonical_url(link) if link else None
    if raw_id and raw_id.strip():
        rid = raw_id.strip()
        guid = canonical_url(rid) if rid.startswith(("http://", "https://")) else rid
    elif url:
        guid = url
    else:
        # no id and no link: the entry is known by what it says
        guid = "sha256:" + content_hash(title, text)[:40]
    return guid[:1000], url


def parse_feed(body: bytes, *, content_type: str = "", url: str = "") -> ParsedFeed:
    """Parse a feed body. Raises ParseError when the body is not a feed at all."""
    if not body.strip():
        raise ParseError("empty body: no feed")
    stripped = body.lstrip()[:1]
    if stripped in (b"{", b"[") or "json" in content_type.lower():
        return _parse_json_feed(body)
    warnings: list[str] = []
    body, content_type = _decode_as_declared(body, content_type, warnings)
    plain = read_plain_feed(body, content_type)
    feed = plain if plain is not None else _read_with_feedparser(body, content_type, warnings)
    if not feed.items:
        warnings.append("feed has 0 entries")
    entries: list[FeedEntry] = []
    for item in feed.items:
        body_html, text = _body(item, warnings)
        title = _plain_title(item.title)
        guid, canon = _identity(item.id, item.link, title, text)
        published = _struct_to_dt(item.published) or _struct_to_dt(item.updated)
        entries.append(
            FeedEntry(guid, canon, title, text, published, body_html or None, content_hash(title, text, canon))
        )
    return ParsedFeed(feed.title, *_dedupe(entries, warnings))


def _read_with_feedparser(body: bytes, content_type: str, warnings: list[str]) -> PlainFeed:
    """Everything crawler.feedxml leaves: feedparser's lenient read, with its complaints as warnings."""
    headers = {"content-type": content_type} if content_type else {}
    parsed = feedparser.parse(body, response_headers=headers, resolve_relative_uris=False, sanitize_html=False)
    version = parsed.get("version") or ""
    if not parsed.entries:
        if _HTMLISH.match(body[:4096]) and not version:
            raise ParseError(f"not a feed: the server sent an HTML page ({content_type or 'no content type'})")
        if not version and parsed.get("bozo"):
            exc = parsed.get("bozo_exception")
            raise ParseError(f"not a feed: {type(exc).__name__}: {str(exc)[:200]}")
        if not version and not parsed.feed:
            raise ParseError("not a feed: no RSS, Atom or JSON Feed structure found")
    elif parsed.get("bozo"):
        exc = parsed.get("bozo_exception")
        warnings.append(f"malformed feed, parsed leniently: {type(exc).__name__}: {str(exc)[:200]}")
    items = [
        FeedItem(
            e.get("id"),
            e.get("link") or None,
            e.get("title"),
            tuple(c.get("value", "") for c in e.get("content") or []),
            e.get("summary"),
            _tuple(dict.get(e, "published_parsed")),
            _tuple(dict.get(e, "updated_parsed")),  # dict.get: FeedParserDict's own get falls back to published
        )
        for e in parsed.entries
    ]
    return PlainFeed(parsed.feed.get("title") if parsed.feed else None, items)


def _body(item: FeedItem, warnings: list[str]) -> tuple[str, str]:
    """An entry's HTML and its text: its longest content, else its summary, and its photo's caption only when it
    has neither (a media:description, which feedparser files as a content: the NYT's feed gave "An apartment
    building that a Russian missile struck" for an item whose summary was the story). One that holds no text
    ("<p></p>") gives way to the next."""
    contents = [c for i, c in enumerate(item.contents) if i not in item.captions]
    captions = [c for i, c in enumerate(item.contents) if i in item.captions]
    first = ""
    for candidate in (max(contents, key=len, default=""), item.summary, max(captions, key=len, default="")):
        if not candidate:
            continue
        cut: list[str] = []
        body_html = _capped(candidate, cut)
        text = html_fragment_text(body_html)
        if text:
            warnings.extend(cut)
            return body_html, text
        first = first or body_html
    return first, ""


def _tuple(value: Any) -> tuple[int, ...] | None:
    return tuple(value) if value else None


def _plain_title(title: str | None) -> str | None:
    """An entry's title as text: a title with markup (Atom's type="html") loses its tags, scripts and styles."""
    if title and "<" in title:
        title = " ".join(html_fragment_text(title).split("\n"))
    return title or None


def _capped(body_html: str, warnings: list[str]) -> str:
    """An entry's HTML cut at MAX_ENTRY_CHARS: no article is that long, and extraction over a 50 MB entry holds
    the interpreter for seconds (every other poll and /healthz wait on it)."""
    if len(body_html) <= MAX_ENTRY_CHARS:
        return body_html
    warnings.append(f"an entry of {len(body_html):,} characters was cut at {MAX_ENTRY_CHARS:,}")
    return body_html[:MAX_ENTRY_CHARS]


def _declared_encoding(body: bytes, content_type: str) -> str:
    """The charset the server or the document declares (HTTP header first, then the XML declaration), else UTF-8."""
    m = CHARSET.search(content_type)
    if m:
        return m.group(1)
    if body.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    m = XML_ENCODING.match(body[:200])
    return m.group(1).decode("ascii") if m else "utf-8"


def _decode_as_declared(body: bytes, content_type: str, warnings: list[str]) -> tuple[bytes, str]:
    """A body that does not decode as declared is decoded AS DECLARED with replacement characters and handed
    on as UTF-8: otherwise feedparser re-decodes the whole document in another charset and one bad byte
    garbles every entry (Arabic text into mojibake, figures with it)."""
    encoding = _declared_encoding(body, content_type)
    try:
        body.decode(encoding)
        return body, content_type
    except LookupError:
        return body, content_type  # an encoding Python does not know: feedparser's own detection decides
    except UnicodeDecodeError:
        pass
    text = body.decode(encoding, errors="replace")
    bad = text.count("\ufffd") - body.decode(encoding, errors="ignore").count("\ufffd")
    warnings.append(f"{bad} invalid byte sequence(s) for the declared {encoding} replaced with U+FFFD")
    text = _XML_ENCODING_ATTR.sub("", text, count=1)  # the declaration no longer tells the truth: drop it
    kind = content_type.split(";", 1)[0].strip() or "application/xml"
    return text.encode("utf-8"), f"{kind}; charset=utf-8"


def _dedupe(entries: list[FeedEntry], warnings: list[str]) -> tuple[list[FeedEntry], list[str]]:
    seen: set[str] = set()
    out: list[FeedEntry] = []
    for entry in entries:
        if entry.guid in seen:
            continue
        seen.add(entry.guid)
        out.append(entry)
    if len(out) < len(entries):
        warnings.append(f"{len(entries) - len(out)} entries with a duplicate guid ignored (first kept)")
    missing_links = sum(1 for e in out if e.url is None)
    if missing_links:
        warnings.append(f"{missing_links} entries have no link")
    return out, warnings


def _parse_json_feed(body: bytes) -> ParsedFeed:
    try:
        data = json.loads(body.decode("utf-8-sig", errors="replace"))
    except json.JSONDecodeError as exc:
        raise ParseError(f"not a feed: invalid JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(data, dict) or not str(data.get("version", "")).startswith("https://jsonfeed.org/version/"):
        raise ParseError("not a feed: JSON without a JSON Feed 'version'")
    items = data.get("items")
    if not isinstance(items, list):
        raise ParseError("not a feed: JSON Feed without an 'items' list")
    warnings: list[str] = [] if items else ["feed has 0 entries"]
    entries: list[FeedEntry] = []
    for it in items:
        if not isinstance(it, dict):
            warnings.append("a JSON Feed item that is not an object was skipped")
            continue
        body_html = _capped(str(it.get("content_html") or ""), warnings)
        text = html_fragment_text(body_html) if body_html else normalize_text(str(it.get("content_text") or it.get("summary") or ""))
        title = it.get("title") or None
        link = it.get("url") or it.get("external_url") or None
        guid, canon = _identity(str(it["id"]) if it.get("id") is not None else None, link, title, text)
        published = _iso_to_dt(it.get("date_published")) or _iso_to_dt(it.get("date_modified"))
        entries.append(FeedEntry(guid, canon, title, text, published, body_html or None, content_hash(title, text, canon)))
    return ParsedFeed(data.get("title"), *_dedupe(entries, warnings))
