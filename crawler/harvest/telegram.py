"""`type: telegram` — a public Telegram channel read from its web preview (BASE_URL/s/CHANNEL, no account, no
API key): one item per post, a version only when its text or media change (view counts and reactions never
make one), an edited post marked as such in the version's http_meta."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from datetime import datetime

import lxml.html
from lxml.etree import ParserError
from sqlalchemy import select

from crawler.canonical import content_hash
from crawler.config import TELEGRAM_BASE_URL, SourceConfig
from crawler.context import PollContext
from crawler.document import Document, Harvest, Validators
from crawler.errors import SourceError
from crawler.fetch import fetch
from crawler.harvest.known import known_for
from storage.db import session_scope
from storage.models import Item, Source

FIRST_POLL_PAGES = 5  # a channel never polled: read this much of its history (at most), later polls max_pages
PREVIEW_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"
TITLE_CHARS = 120
_SPACES = re.compile(r"[ \t\u00a0\u200b]+")


@dataclass(frozen=True, slots=True)
class Post:
    """One message of the preview, reduced to what makes a version: text and media references."""

    post_id: int
    text: str
    media: tuple[str, ...]
    published: datetime | None
    edited: bool
    html: bytes


@dataclass(frozen=True, slots=True)
class PreviewPage:
    posts: list[Post]
    before: int | None  # the "load more" link's cursor: posts older than this id, or None at the channel's start


async def harvest(ctx: PollContext, source: SourceConfig, validators: Validators) -> Harvest:
    channel = source.channel or ""
    pages = source.max_pages or 1
    if not _has_items(ctx, source.key):
        pages = max(pages, FIRST_POLL_PAGES)
    harvest = Harvest(pages=0)
    posts: dict[int, Post] = {}
    url = source.url
    for _ in range(pages):
        result = await fetch(
            ctx.http, url, source_key=source.key, headers=source.resolved_headers(), max_bytes=source.max_bytes,
            timeout=source.timeout, accept=PREVIEW_ACCEPT,
        )  # fmt: skip
        harvest.pages += 1
        harvest.bytes += len(result.body)
        harvest.http_status = harvest.http_status or result.status
        page = await asyncio.to_thread(parse_preview, result.body, result.url)
        if page is None:
            if harvest.pages == 1:
                # disabled, renamed, deleted or restricted: say so, rather than "no posts" or a parse failure
                raise SourceError(f"channel {channel} has no public preview", source_key=source.key, url=url)
            break  # an older page that stopped being a preview: keep what the newer pages gave
        for post in page.posts:
            posts.setdefault(post.post_id, post)
        if page.before is None or not page.posts:
            break
        url = f"{source.url}?before={page.before}"
    fetched_at = ctx.clock()
    documents = [post_document(source, p, fetched_at) for _, p in sorted(posts.items())]  # oldest first
    known = await asyncio.to_thread(known_for, ctx, source.key, [d.guid for d in documents]) if documents else {}
    for doc in documents:
        prev = known.get(doc.guid)
        if prev is not None and prev.entry_hash == doc.entry_hash:
            harvest.unchanged_guids.append(doc.guid)
        else:
            harvest.documents.append(doc)
    return harvest


def _has_items(ctx: PollContext, source_key: str) -> bool:
    with session_scope(ctx.session_factory) as session:
        query = select(Item.id).join(Source, Item.source_id == Source.id).where(Source.key == source_key).limit(1)
        return session.scalar(query) is not None


def post_document(source: SourceConfig, post: Post, fetched_at: datetime) -> Document:
    channel = source.channel or ""
    text = "\n\n".join(part for part in (post.text, "\n".join(post.media)) if part)
    title = post_title(post.text) or (post.media[0] if post.media else None)
    return Document(
        source_key=source.key,
        guid=f"{channel}/{post.post_id}",
        url=f"{TELEGRAM_BASE_URL}/{channel}/{post.post_id}",
        title=title,
        text=text,
        published=post.published,
        fetched_at=fetched_at,
        entry_hash=content_hash(title, text),
        body_source="post",
        raw=post.html,
        raw_type="text/html; charset=utf-8 (telegram post)",
        http_meta={"telegram": {"post": f"{channel}/{post.post_id}", "edited": post.edited}},
    )


def post_title(text: str) -> str | None:
    """The first line, cut at a word before TITLE_CHARS (a prefix of the text, so it is not read twice)."""
    first = text.strip().split("\n", 1)[0].strip()
    if len(first) <= TITLE_CHARS:
        return first or None
    cut = first[:TITLE_CHARS].rsplit(" ", 1)[0]
    return cut or first[:TITLE_CHARS]


def parse_preview(body: bytes, url: str | None = None) -> PreviewPage | None:
    """The posts of one preview page; None when the page is not a channel preview (t.me redirects a channel
    without one to its plain t.me/NAME page)."""
    if not body.strip():
        return None
    try:
        root = lxml.html.fromstring(body)
    except (ParserError, ValueError):
        return None
    if not root.xpath("//*[contains(concat(' ', normalize-space(@class), ' '), ' tgme_channel_history ')]"):
        return None
    posts = []
    for wrap in _by_class(root, "tgme_widget_message_wrap"):
        post = _post(wrap)
        if post is not None:
            posts.append(post)
    before = None
    for more in _by_class(root, "tme_messages_more"):
        cursor = more.get("data-before")
        if cursor and cursor.isdigit():
            before = int(cursor)
    return PreviewPage(posts, before)


def _by_class(node: lxml.html.HtmlElement, cls: str) -> list[lxml.html.HtmlElement]:
    return node.xpath(f".//*[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]")


def _post(wrap: lxml.html.HtmlElement) -> Post | None:
    holder = wrap.xpath(".//*[@data-post]")
    ref = holder[0].get("data-post") if holder else wrap.get("data-post")
    if not ref or "/" not in ref or not ref.rsplit("/", 1)[1].isdigit():
        return None
    if _by_class(wrap, "service_message") or "service_message" in (holder[0].get("class", "") if holder else ""):
        return None  # "channel created", "pinned a message": not publications
    html = lxml.html.tostring(wrap, encoding="utf-8")
    text = ""
    for node in _by_class(wrap, "tgme_widget_message_text"):
        if node.xpath("ancestor::*[contains(@class, 'tgme_widget_message_reply')]"):
            continue  # the quoted message a reply answers, not this post's text
        text = _text_of(node)
        break
    media = _media(wrap)
    if not text and not media:
        return None
    published = None
    edited = False
    for meta in _by_class(wrap, "tgme_widget_message_meta"):
        stamp = meta.xpath(".//time/@datetime")
        if stamp and published is None:
            published = _parse_time(stamp[0])
        edited = edited or "edited" in " ".join(meta.itertext()).lower()
    return Post(int(ref.rsplit("/", 1)[1]), text, tuple(media), published, edited, html)


def _media(wrap: lxml.html.HtmlElement) -> list[str]:
    """Media references that identify what is attached (not CDN URLs, which are re-signed between fetches)."""
    out = []
    out += ["[photo]"] * len(_by_class(wrap, "tgme_widget_message_photo_wrap"))
    out += ["[video]"] * len(_by_class(wrap, "tgme_widget_message_video_player"))
    for doc in _by_class(wrap, "tgme_widget_message_document_title"):
        out.append(f"[document: {_text_of(doc)}]")
    for link in _by_class(wrap, "tgme_widget_message_link_preview"):
        href = link.get("href") or ""
        out.append(f"[link: {href}]" if href else "[link]")
    for q in _by_class(wrap, "tgme_widget_message_poll_question"):
        out.append(f"[poll: {_text_of(q)}]")
    return out


def _text_of(node: lxml.html.HtmlElement) -> str:
    node = lxml.html.fromstring(lxml.html.tostring(node))  # a copy: the line breaks below must not leak into raw
    for br in node.iter("br"):
        br.tail = "\n" + (br.tail or "")
    lines = [_SPACES.sub(" ", line).strip() for line in node.text_content().split("\n")]
    text = "\n".join(lines).strip()
    return re.sub(r"\n{3,}", "\n\n", text)


def _parse_time(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None
