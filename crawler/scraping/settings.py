"""Scrapy settings for tollwatch spiders (`scrapy crawl NAME` from the repo root uses these too)."""

from crawler import USER_AGENT as _UA

BOT_NAME = "tollwatch"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"
USER_AGENT = _UA
ROBOTSTXT_OBEY = True
TELNETCONSOLE_ENABLED = False
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
