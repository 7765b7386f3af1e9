"""The generic listing spider (`spider: listing`): every selector comes from the source's spider_args."""

from __future__ import annotations

from crawler.scraping.validate import ListingArgs, SpiderArgs
from spiders.base import ArticleSpider


class ListingSpider(ArticleSpider):
    """`scrapy crawl listing -a source=KEY`: a site described in YAML, no Python needed."""

    name = "listing"
    args_model = ListingArgs

    def configure(self, args: SpiderArgs) -> None:
        assert isinstance(args, ListingArgs)
        self.entries_sel = args.entries
        self.links_sel = args.links
        self.next_sel = args.next_page
        self.title_sel = args.title
        self.date_sel = args.date
        self.body_sel = args.body
        self.drop_sel = args.body_exclude
