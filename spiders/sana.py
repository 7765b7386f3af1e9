"""SANA English (WordPress, Jannah theme): a category listing → article. Dates are plain YYYY-MM-DD."""

from __future__ import annotations

from spiders.base import ArticleSpider


class SanaSpider(ArticleSpider):
    name = "sana"
    default_url = "https://sana.sy/en/?cat=15"
    entries_sel = "ul#posts-container li.post-item"
    links_sel = "h2.post-title a"
    next_sel = ".pages-nav a"
    title_sel = "h1.entry-title"
    date_sel = None  # the page shows only a day; article:published_time has the time
    body_sel = "div.entry-content"
    drop_sel = ".share-links, .post-footer"
