"""OPML subscription lists (Miniflux, FreshRSS, Feedly, Inoreader exports) → feed source entries for the config.

Pure: bytes in, `Subscription`s and source dicts out; writing them into a config file is `tollwatch
import-opml`'s business. The XML is parsed with entities and network access off (an export is a file from
elsewhere).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from lxml import etree

from crawler.errors import ConfigError

MAX_KEY = 40


@dataclass(frozen=True, slots=True)
class Subscription:
    title: str
    url: str  # the feed (xmlUrl)
    site: str | None  # the site it belongs to (htmlUrl)
    folder: str | None  # the folder/category it was filed under


def parse_opml(data: bytes, *, name: str = "<opml>") -> list[Subscription]:
    """Every outline with an xmlUrl, in document order, with the folder (parent outline) it sits in."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ConfigError(f"not an OPML file: {exc}", path=name) from None
    if root is None or etree.QName(root).localname.lower() != "opml":
        raise ConfigError("not an OPML file (its root element is not <opml>)", path=name)
    found = []
    for outline in root.iter("{*}outline", "outline"):
        attrs = {k.lower(): v for k, v in outline.attrib.items()}
        url = (attrs.get("xmlurl") or "").strip()
        if not url:
            continue
        parent = outline.getparent()
        folder = None
        if parent is not None and etree.QName(parent).localname == "outline":
            p_attrs = {k.lower(): v for k, v in parent.attrib.items()}
            folder = (p_attrs.get("title") or p_attrs.get("text") or "").strip() or None
        title = (attrs.get("title") or attrs.get("text") or "").strip() or url
        found.append(Subscription(title=title, url=url, site=(attrs.get("htmlurl") or "").strip() or None, folder=folder))
    return found


def key_from_title(title: str) -> str:
    """A config key from a feed's title: lower-case ASCII words joined by '-' ("Al Jazeera – Middle East" →
    "al-jazeera-middle-east"), at most 40 characters, cut at a word."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    key = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(key) > MAX_KEY:
        key = key[:MAX_KEY].rsplit("-", 1)[0] if "-" in key[:MAX_KEY] else key[:MAX_KEY]
    return key or "feed"


def source_entries(subscriptions: Iterable[Subscription], taken_keys: set[str], taken_urls: set[str]
                   ) -> tuple[list[dict[str, Any]], list[tuple[Subscription, str]]]:  # fmt: skip
    """Config source entries for the subscriptions not watched yet, with unique keys; and those skipped, why."""
    keys, urls = set(taken_keys), {u.rstrip("/") for u in taken_urls}
    entries: list[dict[str, Any]] = []
    skipped: list[tuple[Subscription, str]] = []
    for sub in subscriptions:
        if not re.match(r"^https?://", sub.url, re.IGNORECASE):
            skipped.append((sub, "not an http(s) URL"))
            continue
        if sub.url.rstrip("/") in urls:
            skipped.append((sub, "already in the config"))
            continue
        base = key_from_title(sub.title)
        key, n = base, 2
        while key in keys:
            key, n = f"{base}-{n}", n + 1
        keys.add(key)
        urls.add(sub.url.rstrip("/"))
        entry: dict[str, Any] = {"key": key, "name": sub.title, "type": "feed", "url": sub.url}
        if sub.folder:
            entry["tags"] = [sub.folder]
        entries.append(entry)
    return entries, skipped
