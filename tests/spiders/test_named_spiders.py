"""Each named spider crawls its saved site on the local server twice, with a change in between."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from storage.db import session_scope
from storage.models import Item, ItemVersion
from tests.pollkit import config_for, counts, logs, poll
from tests.spiders.sitekit import fast_runner, serve_site

SPIDERS = ["sohr", "snhr", "un_news", "ohchr", "sana", "ap_hub"]


@pytest.mark.parametrize("spider", SPIDERS)
def test_second_poll_archives_new_and_edited_articles_only(spider, server, session_factory) -> None:  # noqa: ANN001
    paths = serve_site(server, spider, "v1", ["a1", "a2", "a3"])
    cfg = config_for([{"key": f"{spider}-site", "type": "spider", "spider": spider, "url": server.url(paths["listing"])}])
    runner = fast_runner()

    first = poll(session_factory, cfg, spider_runner=runner)[f"{spider}-site"]
    assert (first.status, first.new, first.changed, first.warnings) == ("ok", 3, 0, ())
    assert counts(session_factory, f"{spider}-site") == (3, 3)

    # a4 is published, a2's toll is revised (the listing shows the new headline), a1 drops off the listing
    serve_site(server, spider, "v2", ["a2v2", "a3", "a4"])
    second = poll(session_factory, cfg, spider_runner=runner)[f"{spider}-site"]
    assert (second.status, second.new, second.changed, second.seen) == ("ok", 1, 1, 3)
    assert counts(session_factory, f"{spider}-site") == (4, 5)  # a1 stays archived
    assert server.hits[paths["a3"]] == 1  # unchanged listing entry: its article was not fetched again
    assert server.hits[paths["a1"]] == 1

    with session_scope(session_factory) as s:
        a2 = s.scalars(select(Item).where(Item.url == server.url(paths["a2"]))).one()
        versions = list(s.scalars(select(ItemVersion).where(ItemVersion.item_id == a2.id).order_by(ItemVersion.version)))
        assert [("745 civilians" in v.text, "973 civilians" in v.text) for v in versions] == [(True, False), (False, True)]
        assert a2.title == "Death toll on Syrian coast rises to 973 civilians"
        assert a2.published_at is not None and a2.published_at.isoformat().startswith("2025-03-08")
        assert "Share this" not in versions[-1].text and "Copyright" not in versions[-1].text
    rows = [(r.status, r.items_new, r.items_changed, r.pages) for r in logs(session_factory, f"{spider}-site")]
    assert rows == [("ok", 3, 0, 4), ("ok", 1, 1, 3)]
