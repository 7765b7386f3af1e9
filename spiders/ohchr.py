"""OHCHR (UN Human Rights Office, Drupal): "Latest" press-release listing → press release."""

from __future__ import annotations

from spiders.base import ArticleSpider


class OhchrSpider(ArticleSpider):
    name = "ohchr"
    default_url = "https://www.ohchr.org/en/latest?field_content_category_target_id[162]=162"
    entries_sel = "div.views-row"
    links_sel = "h3.com-teaser__title a"
    next_sel = "li.pager__item--next a"
    title_sel = "h1.com-hero__title, h1.page-title"
    date_sel = ".com-hero__date time"
    body_sel = ".field--name-body"
    drop_sel = ".com-contact"
