"""Telegram public channels (`type: telegram`) against a local server serving preview pages in t.me's markup:
parsing a saved page, new, edited and deleted posts, view counts that change nothing, paging, a channel with no
preview, config checks, and an edited toll reaching the JSON webhook channel (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from alerts.dispatch import dispatch_due
from crawler.config import parse_config
from crawler.errors import ConfigError
from crawler.harvest.telegram import FIRST_POLL_PAGES, parse_preview
from storage.db import session_scope
from storage.models import Item, ItemVersion
from tests.pollkit import config_for, counts, logs, poll
from tests.servers.telegram import TgPost, preview_page, saved
from tests.servers.webhook import WebhookServer

CH = "syriamonitordesk"


def tg_source(server, **kw) -> dict:  # noqa: ANN001
    return {"key": "tg", "type": "telegram", "channel": CH, "base_url": server.base, "organization": "SOHR", **kw}


def versions(factory, guid: str) -> list[ItemVersion]:  # noqa: ANN001
    with session_scope(factory) as s:
        item = s.scalars(select(Item).where(Item.guid == guid)).one()
        return list(s.scalars(select(ItemVersion).where(ItemVersion.item_id == item.id).order_by(ItemVersion.version)))


def test_a_saved_preview_page_parses_into_posts_text_media_time_and_edits() -> None:
    page = parse_preview(saved("preview.html"))
    assert page is not None and page.before == 2040
    posts = {p.post_id: p for p in page.posts}
    assert sorted(posts) == [2041, 2042, 2043, 2044]  # 2040 is a service message ("channel photo updated")
    first = posts[2041]
    assert first.text == (
        "Latakia countryside: at least 300 killed since Thursday, according to our documentation.\n\n"
        "Names are being verified. Full report ‼"
    )
    assert first.published is not None and first.published.isoformat() == "2025-03-08T09:15:02+00:00"
    assert not first.edited and first.media == ()
    assert posts[2042].edited and posts[2042].media == ("[photo]",)
    # a reply: this post's own text, not the message it quotes; a link preview is a media reference
    assert posts[2043].text == "Correction: the toll includes 12 children."
    assert posts[2043].media == ("[link: https://example.org/children]",)
    assert posts[2044].text == "" and posts[2044].media == ("[document: victims-list-2025-03-08.pdf]",)
    assert "12.4K" not in first.text and "1.1K" not in first.text  # views and reactions are not text


def test_a_page_that_is_not_a_preview_is_none() -> None:
    assert parse_preview(saved("no_preview.html")) is None
    assert parse_preview(b"") is None
    assert parse_preview(b"<html><body>Too Many Requests</body></html>") is None


def test_new_posts_view_counts_an_edit_and_a_deleted_post(server, session_factory) -> None:  # noqa: ANN001
    p1 = TgPost(101, "Shelling reported in Idlib.", views="900")
    p2 = TgPost(102, "SOHR: at least 300 killed in Latakia.", views="1.1K", photo=True)
    p3 = TgPost(103, "Aid convoy reached Aleppo.", views="300")
    server.set(f"/s/{CH}", preview_page(CH, [p1, p2, p3], more=False))
    cfg = config_for([tg_source(server)])

    first = poll(session_factory, cfg)["tg"]
    assert (first.status, first.new, first.changed, first.seen) == ("ok", 3, 0, 3)
    v = versions(session_factory, f"{CH}/102")[0]
    assert v.text == "SOHR: at least 300 killed in Latakia.\n\n[photo]"
    assert v.http_meta == {"telegram": {"post": f"{CH}/102", "edited": False}}
    with session_scope(session_factory) as s:
        item = s.scalars(select(Item).where(Item.guid == f"{CH}/102")).one()
        assert item.url == f"https://t.me/{CH}/102"

    # views and reactions move on every fetch (and the photo's CDN URL is re-signed): no version
    server.set(f"/s/{CH}", preview_page(CH, [TgPost(101, p1.text, views="2K"), TgPost(102, p2.text, views="5K", photo=True),
                                             TgPost(103, p3.text, views="1K")], more=False))  # fmt: skip
    second = poll(session_factory, cfg)["tg"]
    assert (second.status, second.new, second.changed, second.seen) == ("ok", 0, 0, 3)
    assert counts(session_factory, "tg") == (3, 3)

    # post 102 edited in place, post 103 deleted, post 104 new
    edited = TgPost(102, "SOHR: at least 410 killed in Latakia.", views="6K", edited=True, photo=True)
    server.set(f"/s/{CH}", preview_page(CH, [p1, edited, TgPost(104, "Curfew in Jableh.")], more=False))
    third = poll(session_factory, cfg)["tg"]
    assert (third.status, third.new, third.changed, third.seen) == ("ok", 1, 1, 3)
    texts = [(v.text, v.http_meta["telegram"]["edited"]) for v in versions(session_factory, f"{CH}/102")]
    assert texts == [("SOHR: at least 300 killed in Latakia.\n\n[photo]", False),
                     ("SOHR: at least 410 killed in Latakia.\n\n[photo]", True)]  # fmt: skip
    assert counts(session_factory, "tg") == (4, 5)  # the deleted post stays archived as it was
    assert [len(versions(session_factory, f"{CH}/103"))] == [1]


def test_paging_reads_more_history_on_the_first_poll_then_max_pages(server, session_factory) -> None:  # noqa: ANN001
    # 8 pages of 2 posts: ids 1..16, newest page at /s/NAME, older ones behind ?before=
    posts = [TgPost(i, f"Post number {i}.") for i in range(1, 17)]
    server.set(f"/s/{CH}", preview_page(CH, posts[14:16]))
    for start in range(0, 14, 2):
        server.set(f"/s/{CH}?before={start + 3}", preview_page(CH, posts[start:start + 2], more=start > 0))
    cfg = config_for([tg_source(server, max_pages=2)])

    first = poll(session_factory, cfg)["tg"]
    assert first.new == 2 * FIRST_POLL_PAGES  # the first poll reads a bounded stretch of history
    assert logs(session_factory, "tg")[-1].pages == FIRST_POLL_PAGES
    hits = dict(server.hits)

    again = poll(session_factory, cfg)["tg"]
    assert (again.new, again.seen) == (0, 4)  # later polls read max_pages pages
    assert sum(server.hits.values()) - sum(hits.values()) == 2

    whole = config_for([tg_source(server, key="tg2", max_pages=20)])
    assert poll(session_factory, whole)["tg2"].new == 16  # paging stops at the channel's first post
    assert server.hits[f"/s/{CH}?before=3"] == 1


def test_a_channel_without_public_preview_is_a_clear_source_error(server, session_factory) -> None:  # noqa: ANN001
    server.set("/s/closedchannel", redirect="/closedchannel")  # what t.me does for a disabled/renamed channel
    server.set("/closedchannel", saved("no_preview.html"))
    server.set("/s/restricted_one", saved("no_preview.html"))
    server.set(f"/s/{CH}", b"slow down", status=429, headers={"Retry-After": "600"})
    cfg = config_for([
        tg_source(server, key="closed", channel="closedchannel"),
        tg_source(server, key="restricted", channel="restricted_one"),
        tg_source(server, key="throttled"),
    ])  # fmt: skip
    out = poll(session_factory, cfg)
    assert (out["closed"].status, out["closed"].error) == ("error", "channel closedchannel has no public preview")
    assert out["restricted"].error == "channel restricted_one has no public preview"
    assert out["throttled"].status == "error" and "Retry-After: 600s" in (out["throttled"].error or "")
    assert counts(session_factory, "closed") == (0, 0)


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ({"interval": "1m"}, "sources[0]: interval: 1m is too short for type: telegram (at least 5m"),
        ({"channel": "a b"}, "sources[0]: channel: 'a b' is not a Telegram channel username"),
        ({"url": "https://t.me/s/x"}, "sources[0]: url: type: telegram takes 'channel: NAME'"),
        ({"max_pages": 50}, "sources[0].max_pages: Input should be less than or equal to 20"),
    ],
    ids=["interval", "channel", "url", "max-pages"],
)
def test_config_errors_name_the_key(source: dict, message: str) -> None:
    data = {"sources": [{"key": "tg", "name": "tg", "type": "telegram", "channel": "syriamonitordesk", **source}]}
    with pytest.raises(ConfigError) as err:
        parse_config(data, "t.yaml")
    assert message in str(err.value)


def test_config_defaults_and_other_types_refuse_telegram_keys() -> None:
    cfg = parse_config({"sources": [{"key": "tg", "name": "tg", "type": "telegram", "channel": "@SyriaMonitorDesk"}]})
    src = cfg.sources[0]
    assert (src.url, src.channel, src.interval, src.max_pages) == ("https://t.me/s/SyriaMonitorDesk", "SyriaMonitorDesk", 900, None)
    with pytest.raises(ConfigError, match="apply to type: telegram only"):
        parse_config({"sources": [{"key": "f", "name": "f", "type": "feed", "url": "https://x.org/f", "channel": "abcde"}]})


@pytest.fixture
def hook(monkeypatch: pytest.MonkeyPatch) -> Iterator[WebhookServer]:
    srv = WebhookServer(secret=None).start()
    monkeypatch.setenv("TW_TEST_HOOK_URL", srv.url)
    yield srv
    srv.stop()


def test_an_edited_toll_reaches_the_webhook_as_one_change_and_views_nothing(server, session_factory, hook) -> None:  # noqa: ANN001
    cfg = config_for([tg_source(server)], channels=[{"name": "desk", "type": "webhook", "url_env": "TW_TEST_HOOK_URL", "timeout": "5s"}])
    channels = {c.name: c for c in cfg.channels}

    def stage(posts: list[TgPost]) -> list[dict]:
        server.set(f"/s/{CH}", preview_page(CH, posts, more=False))
        assert poll(session_factory, cfg)["tg"].status == "ok"
        before = len(hook.received)
        asyncio.run(dispatch_due(session_factory, channels))
        return hook.received[before:]

    # the first poll may be a silent baseline: the toll is posted after it
    stage([TgPost(500, "Good morning from the desk.")])
    toll = TgPost(501, "Latakia: at least 300 killed since Thursday, SOHR said.", views="1K")
    assert [a["kind"] for a in stage([TgPost(500, "Good morning from the desk."), toll])] == ["series_created"]

    edit = TgPost(501, "Latakia: at least 410 killed since Thursday, SOHR said.", views="4K", edited=True)
    sent = stage([TgPost(500, "Good morning from the desk.", views="3K"), edit])
    assert [(a["kind"], a["old_number"], a["number"]) for a in sent] == [("figure_changed", 300, 410)]
    assert "at least 410 killed" in sent[0]["text"] and sent[0]["url"] == f"https://t.me/{CH}/501"
    assert "at least 300 killed" in sent[0]["previous_sentence"]  # both texts: what the post said before the edit

    views_only = TgPost(501, edit.text, views="9K", edited=True)
    assert stage([TgPost(500, "Good morning from the desk.", views="5K"), views_only]) == []
