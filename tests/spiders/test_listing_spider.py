"""The generic `spider: listing` against the local server: selectors from YAML, pages, failure modes."""

from __future__ import annotations

from html import escape

import pytest
from sqlalchemy import select

from storage.db import session_scope
from storage.models import Item, ItemVersion
from tests.pollkit import config_for, counts, logs, poll, source_row
from tests.spiders.sitekit import fast_runner

BODY = (
    "The Syrian Observatory for Human Rights said 745 civilians had been killed in the coastal provinces "
    "of Latakia and Tartus since Thursday, most of them in field executions."
)


def listing(links: list[tuple[str, str]], next_href: str | None = None) -> str:
    rows = "".join(
        f"<li class='entry'><a class='headline' href='{href}'>{escape(title)}</a><time datetime='2025-03-08'>8 March</time></li>"
        for href, title in links
    )
    nxt = f"<a class='older' href='{next_href}'>Older</a>" if next_href else ""
    return f"<html><body><nav><a href='/'>Home</a></nav><ul id='news'>{rows}</ul>{nxt}</body></html>"


def page(title: str, body: str = BODY, extra: str = "") -> str:
    return (
        f"<html><head><title>{escape(title)} | Site</title><meta property='article:published_time' content='2025-03-08T10:00:00Z'>"
        f"</head><body><nav><a href='/'>Home</a></nav><h1>{escape(title)}</h1><div class='story'><p>{escape(body)}</p>"
        f"<p>{escape(body)}</p><div class='share'>Share on Facebook</div></div>{extra}<footer>Copyright</footer></body></html>"
    )


def source(server, **args) -> dict:  # noqa: ANN001, ANN003
    # links are looked up inside each entry; the entry's whole text is its fingerprint
    base = {"links": "a.headline", "entries": "ul#news li.entry", "body": "div.story", "body_exclude": ".share"}
    return {"key": "monitor", "type": "spider", "spider": "listing", "url": server.url("/news"), "spider_args": {**base, **args}}


def test_yaml_configured_site_with_pages_and_xpath(server, session_factory) -> None:  # noqa: ANN001
    server.set("/news", listing([("/a/1", "One"), ("/a/2", "Two")], next_href="/news?page=2"))
    server.set("/news?page=2", listing([("/a/3", "Three")], next_href="/news?page=3"))
    server.set("/news?page=3", listing([("/a/4", "Four")]))
    for n in range(1, 5):
        server.set(f"/a/{n}", page(f"Story {n}"))
    xpath = "//ul[@id='news']/li/a[@class='headline']"  # no entries: the link text is the fingerprint
    cfg = config_for([source(server, entries=None, links=xpath, next_page="a.older", max_pages=2)])

    out = poll(session_factory, cfg, spider_runner=fast_runner())["monitor"]
    assert (out.status, out.new, out.warnings) == ("ok", 3, ())
    assert "/news?page=3" not in server.hits  # max_pages: 2
    with session_scope(session_factory) as s:
        item = s.scalars(select(Item).where(Item.guid == server.url("/a/1"))).one()
        text = s.scalars(select(ItemVersion.text).where(ItemVersion.item_id == item.id)).one()
    assert item.title == "Story 1" and item.published_at.isoformat().startswith("2025-03-08T10:00")
    assert "745 civilians" in text and "Share on Facebook" not in text
    assert logs(session_factory, "monitor")[-1].pages == 2 + 3


def test_main_text_fallback_when_no_body_selector(server, session_factory) -> None:  # noqa: ANN001
    server.set("/news", listing([("/a/1", "One")]))
    server.set("/a/1", page("Story 1"))
    cfg = config_for([{**source(server), "spider_args": {"links": "a.headline"}}])
    out = poll(session_factory, cfg, spider_runner=fast_runner())["monitor"]
    assert (out.status, out.new) == ("ok", 1)
    with session_scope(session_factory) as s:
        text = s.scalars(select(ItemVersion.text)).one()
    assert "745 civilians" in text and "Copyright" not in text


def test_selector_matching_nothing_is_a_warning(server, session_factory) -> None:  # noqa: ANN001
    server.set("/news", "<html><body><div class='redesigned'><a href='/a/1'>One</a></div></body></html>")
    cfg = config_for([source(server)])
    out = poll(session_factory, cfg, spider_runner=fast_runner())["monitor"]
    assert out.status == "ok" and out.seen == 0
    row = logs(session_factory, "monitor")[-1]
    assert row.warnings and "listing selector matched 0 links" in row.warnings[0]


def test_listing_failure_is_a_source_error(server, session_factory) -> None:  # noqa: ANN001
    server.set("/news", "down", status=500)
    cfg = config_for([source(server)])
    out = poll(session_factory, cfg, spider_runner=fast_runner())["monitor"]
    assert out.status == "error" and "HTTP 500" in (out.error or "")
    assert server.hits["/news"] == 3  # two retries with backoff, then give up
    row = logs(session_factory, "monitor")[-1]
    assert (row.status, row.http_status) == ("error", 500)
    assert source_row(session_factory, "monitor").failures == 1


@pytest.mark.parametrize("status", [403, 429, 500])
def test_failed_article_is_skipped_and_retried_next_poll(status, server, session_factory) -> None:  # noqa: ANN001
    server.set("/news", listing([("/a/1", "One"), ("/a/2", "Two")]))
    server.set("/a/1", page("Story 1"))
    server.set("/a/2", "no", status=status)
    cfg = config_for([source(server)])
    runner = fast_runner()
    first = poll(session_factory, cfg, spider_runner=runner)["monitor"]
    assert (first.status, first.new) == ("ok", 1)
    assert any("/a/2" in w and f"HTTP {status}" in w for w in first.warnings)
    assert counts(session_factory, "monitor") == (1, 1)

    server.set("/a/2", page("Story 2"))  # the site recovers; the listing itself is unchanged (same ETag)
    second = poll(session_factory, cfg, spider_runner=runner)["monitor"]
    assert (second.status, second.new, second.seen) == ("ok", 1, 2)
    assert server.hits["/a/1"] == 1
    assert counts(session_factory, "monitor") == (2, 2)


def test_unchanged_listing_is_a_conditional_304(server, session_factory) -> None:  # noqa: ANN001
    server.set("/news", listing([("/a/1", "One")]))
    server.set("/a/1", page("Story 1"))
    cfg = config_for([source(server)])
    runner = fast_runner()
    poll(session_factory, cfg, spider_runner=runner)
    again = poll(session_factory, cfg, spider_runner=runner)["monitor"]
    assert again.status == "not_modified"
    assert server.requests[-1][1].get("If-None-Match")
    assert server.hits["/a/1"] == 1


def test_huge_page_redirect_loop_and_bad_encoding_are_warnings(server, session_factory) -> None:  # noqa: ANN001
    server.set("/news", listing([("/a/huge", "Huge"), ("/a/loop", "Loop"), ("/a/latin", "Latin"), ("/a/ok", "Fine")]))
    server.set("/a/huge", b"", huge=3 * 1024 * 1024)
    server.set("/a/loop", b"", redirect="/a/loop")
    latin = page("Café", BODY + " Alep, Lattaquié, Tartous: é à ç ô ü ï é à ç.").encode("latin-1")
    server.set("/a/latin", latin, content_type="text/html; charset=utf-8")  # declared UTF-8, sent Latin-1
    server.set("/a/ok", page("Fine"))
    cfg = config_for([{**source(server), "max_bytes": 1024 * 1024}])
    out = poll(session_factory, cfg, spider_runner=fast_runner())["monitor"]
    assert out.status == "ok" and out.new == 2  # the crawl went on: latin (with a warning) and ok
    joined = "\n".join(out.warnings)
    assert "/a/huge" in joined and "/a/loop" in joined and "redirect" in joined.lower()
    assert "/a/latin" in joined and "encoding" in joined
    with session_scope(session_factory) as s:
        guids = set(s.scalars(select(Item.guid)))
    assert guids == {server.url("/a/latin"), server.url("/a/ok")}
