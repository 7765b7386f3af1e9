"""SOHR English site (WordPress, tagDiv theme): news category listing → article."""

from __future__ import annotations

from spiders.base import ArticleSpider


class SohrSpider(ArticleSpider):
    name = "sohr"
    default_url = "https://www.syriahr.com/en/category/news/"
    entries_sel = "article.post"
    links_sel = "h2.entry-title a, h3.entry-title a"
    next_sel = "a.next.page-numbers"
    title_sel = "h1.entry-title"
    date_sel = "time.entry-date"
    body_sel = "div.td-post-content"
    drop_sel = ".sharedaddy"
