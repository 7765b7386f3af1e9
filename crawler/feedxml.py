"""The common feed read fast: well-formed UTF-8 RSS 0.9x/2.0, RSS 1.0 and Atom 1.0 whose entries hold only plain
elements, read with lxml into the fields crawler.feeds takes from feedparser, with feedparser's own readings
(stripped text, its Latin-1 and Windows-1252 repairs, its link clean-up, its date parser).

Pure (bytes in, records out). `read_plain_feed` answers None for anything it does not read exactly as feedparser
would (a DOCTYPE, xml:base, markup inside a text element, XHTML or base64 content, an element feedparser maps onto
a title, a summary, a content, a link or a date that is not read here, a repeated element, another encoding):
crawler.feeds then hands the body to feedparser, which stays the reader of everything unusual. On the corpus's
real news feeds this read costs a tenth of feedparser's; tests/test_feedxml.py holds the two readings equal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from feedparser.datetimes import _parse_date
from feedparser.mixin import _FeedParserMixin
from feedparser.urls import _urljoin
from lxml import etree

RSS10 = "http://purl.org/rss/1.0/"
ATOM = "http://www.w3.org/2005/Atom"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"

# feedparser maps these Windows-1252 code points (read as C1 controls) back to the characters they were meant as
_CP1252 = {i: bytes([i]).decode("cp1252") for i in range(0x80, 0xA0) if i not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}
_LINK_ENTITY = re.compile(r"&([A-Za-z0-9_]+);")
_UTF8 = {"utf-8", "utf8"}
_XML_TYPES = {"application/xml", "text/xml", "application/xml-dtd", "application/xml-external-parsed-entity",
              "text/xml-external-parsed-entity"}  # fmt: skip
# what an entry's field element is read as, by (namespace, local name) after RSS 1.0's namespace is folded into RSS's
_RSS_FIELDS = {
    ("", "title"): "title",
    ("", "link"): "link",
    ("", "description"): "summary",
    ("", "guid"): "id",
    ("", "pubDate"): "published",
    ("", "updated"): "updated",
    (CONTENT, "encoded"): "content",
    (DC, "date"): "updated",
}
_ATOM_FIELDS = {
    (ATOM, "title"): "title",
    (ATOM, "summary"): "summary",
    (ATOM, "content"): "content",
    (ATOM, "id"): "id",
    (ATOM, "published"): "published",
    (ATOM, "updated"): "updated",
}
# feedparser reads an element with the handler its lower-cased name and its namespace's usual prefix name
# (`_start_dc_creator`); one with no handler is kept under a key of its own and never reaches the fields above.
# These handlers keep what they read apart too; any other handler (dc:title, media:description, itunes:summary,
# dcterms:modified, an <image> …) is left to feedparser.
_KNOWN_PREFIXES = {uri.lower(): prefix for uri, prefix in _FeedParserMixin.namespaces.items()}
_KEPT_APART = {
    "_start_author", "_start_category", "_start_comments", "_start_enclosure", "_start_source",
    "_start_dc_creator", "_start_dc_author", "_start_dc_subject", "_start_dc_language", "_start_dc_rights",
    "_start_dc_publisher", "_start_media_thumbnail", "_start_media_credit", "_start_media_keywords",
    "_start_media_category", "_start_media_rating", "_start_media_restriction", "_start_media_player",
    "_start_media_license", "_start_itunes_duration", "_start_itunes_explicit", "_start_itunes_image",
    "_start_itunes_keywords", "_start_itunes_author", "_start_itunes_category", "_start_itunes_block",
}  # fmt: skip
# elements whose children are read too: kept apart only when every child is kept apart and holds no markup
_SHELLS = {"_start_media_content", "_start_media_group", "_start_author", "_start_contributor"}
_SHELL_CHILDREN = _KEPT_APART | {None, "_start_name", "_start_email", "_start_uri"}
_TEXT_TYPES = {"text", "html", "text/plain", "text/html"}
_HTML_TYPES = {"html", "xhtml", "text/html", "application/xhtml+xml"}


@dataclass(frozen=True, slots=True)
class FeedItem:
    """An entry's fields as feedparser names them: id, link, title, content values, summary, and the published and
    updated dates as UTC 9-tuples."""

    id: str | None
    link: str | None
    title: str | None
    contents: tuple[str, ...]
    summary: str | None
    published: tuple[int, ...] | None
    updated: tuple[int, ...] | None


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
    charset = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", content_type, re.I)
    if charset and charset.group(1).lower() not in _UTF8:
        return False
    if not charset and content_type.split(";", 1)[0].strip().lower().startswith("text/"):
        return False  # text/xml with no charset is US-ASCII by RFC 3023: feedparser's warning comes with its read
    declared = re.match(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"']", body[:200])
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
        return PlainFeed(_channel_title(channel, _RSS_FIELDS), [_item(i, _RSS_FIELDS) for i in items])
    if ns == RDF and local == "RDF":
        channel = root.find(f"{{{RSS10}}}channel")
        if channel is None:
            raise _NotPlain
        items = root.findall(f"{{{RSS10}}}item")
        return PlainFeed(_channel_title(channel, _RSS_FIELDS), [_item(i, _RSS_FIELDS) for i in items])
    if ns == ATOM and local == "feed":
        entries = root.findall(f"{{{ATOM}}}entry")
        return PlainFeed(_channel_title(root, _ATOM_FIELDS), [_item(e, _ATOM_FIELDS) for e in entries])
    raise _NotPlain


def _channel_title(channel: etree._Element, fields: dict[tuple[str, str], str]) -> str | None:
    titles = [c for c in channel if etree.QName(c).localname.lower() == "title"]
    if len(titles) > 1 or any(fields.get(_name(c)) != "title" for c in titles):
        raise _NotPlain  # a second title, or one in another namespace or case (feedparser lower-cases names)
    return _text(titles[0]) if titles else None


def _item(item: etree._Element, fields: dict[tuple[str, str], str]) -> FeedItem:
    found: dict[str, etree._Element] = {}
    for child in item:
        key = _name(child)
        field = fields.get(key)
        if field is not None:
            if field in found:
                raise _NotPlain  # feedparser's depth and order rules decide between two: leave them to it
            found[field] = child
        elif key == (ATOM, "link") and (fields is _ATOM_FIELDS or not _alternate(child)):
            continue  # an Atom entry's links are read below; an RSS item's other links are kept apart
        else:
            _kept_apart(child)
    if fields is _ATOM_FIELDS:
        return _atom_item(item, found)
    guid = found.get("id")
    link = _link(_text(found["link"])) if "link" in found else None
    ident = item.get(f"{{{RDF}}}about") or None  # an RSS 1.0 item's address is its id until a guid says otherwise
    if guid is not None:
        ident = _text(guid)
        if guid.get("isPermaLink", "true") == "true":
            ident = _resolved(ident)
            link = link if link is not None else ident
    return FeedItem(
        ident,
        link,
        _text(found["title"]) if "title" in found else None,
        (_text(found["content"]),) if "content" in found else (),
        _summary(found),
        _date(found.get("published")),
        _date(found.get("updated")),
    )


def _atom_item(entry: etree._Element, found: dict[str, etree._Element]) -> FeedItem:
    links = [c for c in entry if _name(c) == (ATOM, "link")]
    link = None
    for el in links:
        if _alternate(el):
            if link is None:
                link = _resolved(el.get("href", ""))
            else:
                raise _NotPlain
    ident = _resolved(_text(found["id"])) if "id" in found else None
    return FeedItem(
        ident,
        link if link is not None else ident,  # feedparser reads an Atom id as a permalink too
        _text(found["title"]) if "title" in found else None,
        (_text(found["content"]),) if "content" in found else (),
        _summary(found),
        _date(found.get("published")),
        _date(found.get("updated")),
    )


def _alternate(link: etree._Element) -> bool:
    """An Atom link feedparser takes as the entry's link: an alternate HTML page with an address."""
    if link.get("href") is None or len(link):
        raise _NotPlain
    return link.get("rel", "alternate") == "alternate" and link.get("type", "text/html") in _HTML_TYPES


def _handler(el: etree._Element) -> str | None:
    """The name of the feedparser method that reads this element, if it has one."""
    q = etree.QName(el)
    namespace = (q.namespace or "").lower()
    if "backend.userland.com/rss" in namespace:
        namespace = "http://backend.userland.com/rss"
    prefix = _KNOWN_PREFIXES.get(namespace, el.prefix or "")
    name = f"_start_{prefix}_{q.localname.lower()}" if prefix else f"_start_{q.localname.lower()}"
    return name if hasattr(_FeedParserMixin, name) else None


def _kept_apart(el: etree._Element) -> None:
    """Raises _NotPlain unless feedparser keeps this element of an entry away from the fields read here."""
    handler = _handler(el)
    if handler in _SHELLS:
        for child in el.iterdescendants():
            if len(child) or _handler(child) not in _SHELL_CHILDREN:
                raise _NotPlain
    elif (handler is not None and handler not in _KEPT_APART) or len(el):
        raise _NotPlain  # a field read another way, or markup inside an element (an <image> in a <category>)


def _summary(found: dict[str, etree._Element]) -> str | None:
    if "summary" in found:
        return _text(found["summary"])
    if "content" in found:
        return _text(found["content"])  # feedparser copies a text or HTML content into a missing summary
    return None


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


def _date(el: etree._Element | None) -> tuple[int, ...] | None:
    if el is None:
        return None
    parsed = _parse_date(_text(el))
    return tuple(parsed) if parsed else None
