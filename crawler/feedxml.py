"""The common feed read fast: well-formed UTF-8 RSS 0.9x/2.0, RSS 1.0 and Atom 1.0, read with lxml into the
fields crawler.feeds takes from feedparser, as feedparser's handlers read them: each element of an entry by the
handler feedparser would call for it (its name and its namespace's usual prefix), in document order, with
feedparser's rules (a title or a summary read deeper does not replace one read shallower; a second description
before any content is a content, so a media:description caption after an item's description is one; a permalink
is the link until a link comes; the last date read wins), its stripped text, its Latin-1 and Windows-1252
repairs, its link clean-up and its own date parser.

Pure (bytes in, records out). `read_plain_feed` answers None for anything it does not read exactly so (a DOCTYPE,
xml:base, markup inside a text element, XHTML or base64 content, an element whose handler is not one of those
read or known to keep its reading apart, a second guid, another encoding): crawler.feeds then hands the body to
feedparser, which stays the reader of everything unusual. On the corpus's real news feeds this read costs a
fifth of feedparser's; tests/test_feedxml.py holds the two readings equal on every corpus feed it takes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from feedparser.datetimes import _parse_date
from feedparser.mixin import _FeedParserMixin
from feedparser.urls import _urljoin
from lxml import etree

RSS10 = "http://purl.org/rss/1.0/"
ATOM = "http://www.w3.org/2005/Atom"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

# feedparser maps these Windows-1252 code points (read as C1 controls) back to the characters they were meant as
_CP1252 = {i: bytes([i]).decode("cp1252") for i in range(0x80, 0xA0) if i not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}
_LINK_ENTITY = re.compile(r"&([A-Za-z0-9_]+);")
_UTF8 = {"utf-8", "utf8"}
# the charset a Content-Type header declares, and the encoding an XML declaration does (crawler.feeds reads them too)
CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.I)
XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"']", re.I)
_XML_TYPES = {"application/xml", "text/xml", "application/xml-dtd", "application/xml-external-parsed-entity",
              "text/xml-external-parsed-entity"}  # fmt: skip
# a feed's own title: the one title element of its channel (RSS 1.0's namespace folded into RSS's) or feed
_FEED_TITLES = {("", "title"), (ATOM, "title")}
# feedparser reads an element with the handler its lower-cased name and its namespace's usual prefix name
# (`_start_dc_creator`; RSS's, RSS 1.0's and Atom's have none: `_start_title`); one with no handler is kept under
# a key of its own. These read an entry's fields:
_TITLES = {"_start_title", "_start_dc_title", "_start_media_title"}
_DESCRIPTIONS = {"_start_description", "_start_dc_description", "_start_media_description", "_start_summary",
                 "_start_itunes_summary"}  # fmt: skip
_CONTENTS = {"_start_content", "_start_content_encoded"}
_IDS = {"_start_guid", "_start_id"}
_DATES = {"_start_pubdate": "published", "_start_published": "published", "_start_updated": "updated",
          "_start_dc_date": "updated"}  # fmt: skip
# and these keep what they read apart from them; any other handler (dcterms:modified, an <image>, itunes:subtitle
# …) is left to feedparser.
_KNOWN_PREFIXES = {uri.lower(): prefix for uri, prefix in _FeedParserMixin.namespaces.items()}
_KEPT_APART = {
    "_start_author", "_start_category", "_start_comments", "_start_enclosure", "_start_source",
    "_start_dc_creator", "_start_dc_author", "_start_dc_subject", "_start_dc_language", "_start_dc_rights",
    "_start_dc_publisher", "_start_media_thumbnail", "_start_media_credit", "_start_media_keywords",
    "_start_media_category", "_start_media_rating", "_start_media_restriction", "_start_media_player",
    "_start_media_license", "_start_itunes_duration", "_start_itunes_explicit", "_start_itunes_image",
    "_start_itunes_keywords", "_start_itunes_author", "_start_itunes_category", "_start_itunes_block",
}  # fmt: skip
# elements whose children are read as the entry's own (media:content holding a media:title and a description)
_SHELLS = {"_start_media_content", "_start_media_group", "_start_author", "_start_contributor"}
_AUTHOR_PARTS = {"_start_name", "_start_email", "_start_uri"}  # inside an Atom author or contributor
_TEXT_TYPES = {"text", "plain", "html", "text/plain", "text/html"}
_HTML_TYPES = {"html", "xhtml", "text/html", "application/xhtml+xml"}


@dataclass(frozen=True, slots=True)
class FeedItem:
    """An entry's fields as feedparser names them: id, link, title, content values, summary, and the published and
    updated dates as UTC 9-tuples. `captions`: which of the contents feedparser took from a second description (a
    media:description, the caption of the item's photo), known only to this read."""

    id: str | None
    link: str | None
    title: str | None
    contents: tuple[str, ...]
    summary: str | None
    published: tuple[int, ...] | None
    updated: tuple[int, ...] | None
    captions: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class PlainFeed:
    title: str | None
    items: list[FeedItem]


class _NotPlain(Exception):
    """Something here is left to feedparser."""


_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True, remove_pis=True, huge_tree=False
)


def read_plain_feed(body: bytes, content_type: str) -> PlainFeed | None:
    """The feed's title and entries, or None when feedparser must read it."""
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind and kind not in _XML_TYPES and not kind.endswith("+xml"):
        return None
    if not _utf8_declared(body, content_type) or b"xml:base" in body or b"<!DOCTYPE" in body[:4096].upper():
        return None
    try:
        root = etree.fromstring(body, _PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return None
    try:
        return _read(root)
    except _NotPlain:
        return None


def _utf8_declared(body: bytes, content_type: str) -> bool:
    """UTF-8 by the header and by the XML declaration alike (lxml reads the declaration, feedparser the header)."""
    charset = CHARSET.search(content_type)
    if charset and charset.group(1).lower() not in _UTF8:
        return False
    if not charset and content_type.split(";", 1)[0].strip().lower().startswith("text/"):
        return False  # text/xml with no charset is US-ASCII by RFC 3023: feedparser's warning comes with its read
    declared = XML_ENCODING.match(body[:200])
    return not declared or declared.group(1).decode("ascii").lower() in _UTF8


def _name(el: etree._Element) -> tuple[str, str]:
    q = etree.QName(el)
    ns = q.namespace or ""
    return ("" if ns == RSS10 else ns), q.localname


def _read(root: etree._Element) -> PlainFeed:
    feed = _read_root(root)
    if len(feed.items) != sum(1 for _ in root.iter("{*}item", "{*}entry")):
        raise _NotPlain  # feedparser takes an item or an entry wherever it stands
    return feed


def _read_root(root: etree._Element) -> PlainFeed:
    ns, local = _name(root)
    if ns == "" and local == "rss":
        channel = root.find("channel")
        if channel is None:
            raise _NotPlain
        items = list(channel.iter("item"))
        return PlainFeed(_channel_title(channel), [_item(i) for i in items])
    if ns == RDF and local == "RDF":
        channel = root.find(f"{{{RSS10}}}channel")
        if channel is None:
            raise _NotPlain
        items = root.findall(f"{{{RSS10}}}item")
        return PlainFeed(_channel_title(channel), [_item(i) for i in items])
    if ns == ATOM and local == "feed":
        entries = root.findall(f"{{{ATOM}}}entry")
        return PlainFeed(_channel_title(root), [_item(e) for e in entries])
    raise _NotPlain


def _channel_title(channel: etree._Element) -> str | None:
    titles = [c for c in channel if etree.QName(c).localname.lower() == "title"]
    if len(titles) > 1 or any(_name(c) not in _FEED_TITLES for c in titles):
        raise _NotPlain  # a second title, or one in another namespace or case (feedparser lower-cases names)
    return _text(titles[0]) if titles else None


@dataclass(slots=True)
class _Entry:
    """What feedparser's handlers keep of one entry while they read it, in document order."""

    id: str | None = None
    link: str | None = None
    title: str | None = None
    title_depth: int = -1  # set by a non-empty title: a later title as deep or deeper is not kept
    summary: str | None = None
    contents: list[str] = field(default_factory=list)
    captions: set[int] = field(default_factory=set)  # the contents that were a second description
    has_content: bool = False  # a content was read: a later description is a description, not a content
    depths: dict[str, int] = field(default_factory=dict)  # the depth a kept title or summary was read at
    published: tuple[int, ...] | None = None
    updated: tuple[int, ...] | None = None

    def keep(self, key: str, value: str, depth: int) -> None:
        """feedparser's rule for a title or a summary: kept unless one was read at a shallower depth."""
        if key not in self.depths or depth <= self.depths[key]:
            self.depths[key] = depth
            setattr(self, key, value)


def _item(item: etree._Element) -> FeedItem:
    entry = _Entry(id=item.get(f"{{{RDF}}}about") or None)  # an RSS 1.0 item's address is its id until a guid
    for child in item:
        _read_element(entry, child, 1)
    return FeedItem(entry.id, entry.link or None, entry.title, tuple(entry.contents), entry.summary, entry.published,
                    entry.updated, frozenset(entry.captions))  # fmt: skip


def _read_element(entry: _Entry, el: etree._Element, depth: int) -> None:
    """One element of an entry, as feedparser's handler for it reads it (crawler.feedxml's module docstring)."""
    handler = _handler(el)
    if handler in _TITLES:
        value = _text(el)
        if not -1 < entry.title_depth <= depth:
            entry.keep("title", value, depth)
        if value and handler != "_start_media_title":  # media:title leaves the depth as it found it
            entry.title_depth = depth
    elif handler in _DESCRIPTIONS:
        if entry.summary is not None and not entry.has_content:
            entry.has_content = True  # a second description is read as a content
            entry.captions.add(len(entry.contents))
            entry.contents.append(_text(el))
        else:
            entry.keep("summary", _text(el), depth)
    elif handler in _CONTENTS and depth == 1:
        value = _text(el)
        entry.has_content = True
        entry.contents.append(value)
        if entry.summary is None:
            entry.summary = value  # copied into a missing summary, without a depth
    elif handler == "_start_link" and depth == 1:
        _read_link(entry, el)
    elif handler in _IDS and depth == 1:
        if "id" in entry.depths:
            raise _NotPlain  # a second guid
        entry.depths["id"] = depth
        value = _text(el)
        if el.get("isPermaLink", "true") == "true":
            value = _resolved(value)
            if entry.link is None:
                entry.link = value  # a permalink is the link until a link says otherwise
        entry.id = value
    elif handler in _DATES and depth == 1:
        setattr(entry, _DATES[handler], _date(el))  # the last one read, as feedparser
    elif handler in _SHELLS:
        for child in el:
            _read_element(entry, child, depth + 1)
    elif depth > 1 and handler in _AUTHOR_PARTS:
        if len(el):
            raise _NotPlain  # an Atom author's parts
    elif (handler is not None and handler not in _KEPT_APART) or len(el):
        raise _NotPlain  # a field read another way, or markup inside an element (an <image> in a <category>)


def _read_link(entry: _Entry, el: etree._Element) -> None:
    """An RSS link's text, or an Atom link that is an alternate HTML page: the latest one read is the link."""
    if el.get("href") is None:
        if el.get("url") is not None or el.get("uri") is not None:
            raise _NotPlain
        entry.link = _link(_text(el))
    elif _alternate(el):
        entry.link = _resolved(el.get("href", ""))


def _alternate(link: etree._Element) -> bool:
    """An Atom link feedparser takes as the entry's link: an alternate HTML page."""
    if len(link):
        raise _NotPlain
    return link.get("rel", "alternate") == "alternate" and link.get("type", "text/html").lower() in _HTML_TYPES


def _handler(el: etree._Element) -> str | None:
    """The name of the feedparser method that reads this element, if it has one."""
    q = etree.QName(el)
    namespace = (q.namespace or "").lower()
    if "backend.userland.com/rss" in namespace:
        namespace = "http://backend.userland.com/rss"
    prefix = _KNOWN_PREFIXES.get(namespace, el.prefix or "")
    name = f"_start_{prefix}_{q.localname.lower()}" if prefix else f"_start_{q.localname.lower()}"
    return name if hasattr(_FeedParserMixin, name) else None


def _text(el: etree._Element) -> str:
    """An element's text as feedparser gives it: stripped, its UTF-8-read-as-Latin-1 repaired, C1 controls read as
    Windows-1252. Markup inside the element, XHTML, base64 and out-of-line content are left to feedparser."""
    if len(el) or el.get("type", "text") not in _TEXT_TYPES or el.get("src") is not None or el.get("mode"):
        raise _NotPlain
    text = (el.text or "").strip()
    try:
        text = text.encode("iso-8859-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        pass
    return text.translate(_CP1252)


def _resolved(uri: str) -> str:
    """A link or a permalink resolved as feedparser does with no base: extra slashes after the scheme dropped."""
    return _urljoin("", uri) if uri else uri


def _link(text: str) -> str:
    """An RSS link as feedparser keeps it: resolved, and '&amp;' and '&name;' in its query read back as '&'."""
    return _LINK_ENTITY.sub(r"&\g<1>", _resolved(text).replace("&amp;", "&"))


def _date(el: etree._Element) -> tuple[int, ...] | None:
    """A date as feedparser's own parser reads it, a UTC 9-tuple; None when it cannot."""
    parsed = _parse_date(_text(el))
    return tuple(parsed) if parsed else None
