"""AP News hub page (Brightspot): promo cards → story pages; times are epoch milliseconds."""

from __future__ import annotations

from spiders.base import ArticleSpider


class ApHubSpider(ArticleSpider):
    name = "ap_hub"
    default_url = "https://apnews.com/hub/syria"
    entries_sel = "div.PagePromo"
    links_sel = ".PagePromo-title a"
    next_sel = None  # the hub loads more with JavaScript; the first page holds the latest stories
    title_sel = "h1.Page-headline"
    date_sel = ".Page-dateModified bsp-timestamp"  # data-timestamp="1741435800000"
    body_sel = ".RichTextStoryBody"
    drop_sel = ".Advertisement"
