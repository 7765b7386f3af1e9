"""SSRF: feeds, pages, redirect hops, feed entry links and spider requests never reach loopback, private,
link-local, multicast or cloud-metadata addresses unless allowed, and the refusal names the address and
the setting. The local servers are on 127.0.0.1, so each test lets its first hop through as if it were
public and turns the allowance (set for every other test in conftest) off."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from crawler import addresses
from crawler.config import parse_config
from crawler.errors import ConfigError
from crawler.poll import sync_config
from storage.db import session_scope
from storage.models import ItemVersion
from tests.pollkit import config_for, counts, poll
from tests.servers.feedgen import Entry, article, rss
from tests.servers.sources import SourceServer
from tests.spiders.sitekit import fast_runner
from tests.spiders.test_listing_spider import listing, page, source

BODY = "SOHR said 745 civilians had been killed in the country's west, in a longer feed summary."


def _public(monkeypatch: pytest.MonkeyPatch, module: str, *urls: str) -> None:
    """Turn the allowance off, and treat exactly these URLs as public (the first hop of each test)."""
    monkeypatch.delenv(addresses.ALLOW_ENV)
    real = addresses.check_url_host

    async def check(url: str, host: str, port: int | None) -> None:
        if url not in urls:
            await real(url, host, port)

    monkeypatch.setattr(f"{module}.check_url_host", check)


@pytest.mark.parametrize(
    ("address", "kind"),
    [("127.0.0.1", "loopback"), ("::1", "loopback"), ("::ffff:127.0.0.1", "loopback"), ("10.1.2.3", "private"),
     ("192.168.0.1", "private"), ("169.254.169.254", "cloud-metadata"), ("169.254.1.1", "link-local"),
     ("fe80::1", "link-local"), ("224.0.0.251", "multicast"), ("0.0.0.0", "unspecified"),
     ("100.64.0.1", "non-public"), ("93.184.215.14", None), ("2606:4700::1111", None)],
)  # fmt: skip
def test_address_kinds(address: str, kind: str | None) -> None:
    assert addresses.address_kind(address) == kind


def test_a_source_on_a_loopback_address_is_refused_naming_it(server: SourceServer, session_factory, monkeypatch) -> None:  # noqa: ANN001
    server.set("/feed", rss([Entry("g1", "745 killed", BODY, None)]))
    cfg = config_for([{"key": "m", "type": "feed", "url": server.url("/feed")}])
    monkeypatch.delenv(addresses.ALLOW_ENV)
    out = poll(session_factory, cfg)["m"]
    assert out.status == "error" and "127.0.0.1 is a loopback address" in (out.error or "")
    assert "allow_private_addresses: true" in (out.error or "") and "TOLLWATCH_ALLOW_PRIVATE_ADDRESSES=1" in (out.error or "")
    assert "/feed" not in server.hits and counts(session_factory, "m") == (0, 0)


def test_the_config_allowance_lets_it_through(server: SourceServer, session_factory, monkeypatch) -> None:  # noqa: ANN001
    server.set("/feed", rss([Entry("g1", "745 killed", BODY, None)]))
    monkeypatch.delenv(addresses.ALLOW_ENV)
    cfg = config_for([{"key": "m", "type": "feed", "url": server.url("/feed")}], allow_private_addresses=True)

    from crawler.cli.poll import _run

    sync_config(session_factory, cfg)
    [out] = asyncio.run(_run(cfg, session_factory, cfg.sources))
    assert out.status == "ok" and out.new == 1


def test_a_redirect_to_an_internal_address_is_refused(server: SourceServer, session_factory, monkeypatch) -> None:  # noqa: ANN001
    server.set("/admin/keys", "root:secret")
    server.set("/feed", redirect=server.url("/admin/keys"))
    cfg = config_for([{"key": "m", "type": "feed", "url": server.url("/feed")}])
    _public(monkeypatch, "crawler.fetch", server.url("/feed"))
    out = poll(session_factory, cfg)["m"]
    assert out.status == "error" and f"refused to fetch {server.url('/admin/keys')}" in (out.error or "")
    assert "loopback" in (out.error or "") and "allow_private_addresses" in (out.error or "")
    assert server.hits.get("/feed") == 1 and "/admin/keys" not in server.hits
    assert counts(session_factory, "m") == (0, 0)


def test_an_entry_link_to_an_internal_address_is_not_fetched(server: SourceServer, session_factory, monkeypatch) -> None:  # noqa: ANN001
    server.set("/admin", article("internal", ["Internal admin page with credentials that must never be archived."]))
    server.set("/feed", rss([Entry("g1", "745 killed", BODY, server.url("/admin"))]))
    cfg = config_for([{"key": "m", "type": "feed", "url": server.url("/feed"), "fetch_articles": True}])
    _public(monkeypatch, "crawler.fetch", server.url("/feed"))
    out = poll(session_factory, cfg)["m"]
    assert out.status == "ok" and out.new == 1
    assert any("127.0.0.1 is a loopback address" in w for w in out.warnings), out.warnings
    assert "/admin" not in server.hits
    with session_scope(session_factory) as s:
        [text] = s.scalars(select(ItemVersion.text))
    assert "745 civilians" in text and "credentials" not in text


def test_a_spider_never_follows_a_link_to_an_internal_address(server: SourceServer, session_factory, monkeypatch) -> None:  # noqa: ANN001
    server.set("/news", listing([(server.url("/a/1"), "One")]))
    server.set("/a/1", page("Story 1"))
    server.set("/robots.txt", "User-agent: *\nAllow: /\n", content_type="text/plain")
    cfg = config_for([source(server)])
    _public(monkeypatch, "crawler.scraping.middlewares", server.url("/news"), server.url("/robots.txt"))
    out = poll(session_factory, cfg, spider_runner=fast_runner())["monitor"]
    assert "/a/1" not in server.hits and server.hits.get("/news") == 1
    assert any("loopback" in w and "allow_private_addresses" in w for w in out.warnings), out.warnings
    assert counts(session_factory, "monitor") == (0, 0)


def test_the_config_refuses_a_literal_internal_address(monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.delenv(addresses.ALLOW_ENV)
    data = {"sources": [{"key": "x", "name": "x", "type": "feed", "url": "http://169.254.169.254/latest/meta-data/"}]}
    with pytest.raises(ConfigError) as err:
        parse_config(data, "t.yaml")
    assert "sources[0].url: 169.254.169.254 is a cloud-metadata address" in str(err.value)
    assert "allow_private_addresses: true" in str(err.value)
    assert parse_config({**data, "allow_private_addresses": True}, "t.yaml").allow_private_addresses
