"""SNHR English site (WordPress, Elementor posts widget): news listing → article."""

from __future__ import annotations

from spiders.base import ArticleSpider


class SnhrSpider(ArticleSpider):
    name = "snhr"
    default_url = "https://snhr.org/blog/"
    entries_sel = "div.elementor-post"
    links_sel = ".elementor-post__title a"
    next_sel = "a.page-numbers.next"
    title_sel = "h1.elementor-heading-title"
    date_sel = None  # "March 8, 2025" on the page; article:published_time carries the time too
    body_sel = ".elementor-widget-theme-post-content .elementor-widget-container"
