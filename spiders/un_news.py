"""UN News (Drupal): the Middle East region listing → story pages."""

from __future__ import annotations

from spiders.base import ArticleSpider


class UnNewsSpider(ArticleSpider):
    name = "un_news"
    default_url = "https://news.un.org/en/news/region/middle-east"
    entries_sel = "div.view-content div.views-row"
    links_sel = "h2.node__title a"
    next_sel = "li.pager__item--next a"
    title_sel = "h1.story-title, h1.page-title"
    date_sel = ".field--name-field-news-date time"
    body_sel = ".field--name-field-text-column"
