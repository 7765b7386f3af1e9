"""Feed and page builders shared with the demo."""

from crawler.demo.feedgen import Entry, article, atom, json_feed, rss

__all__ = ["Entry", "article", "atom", "json_feed", "rss"]
