"""Scrapy settings for tollwatch spiders: politeness, size caps, quiet logs, the ingest pipeline.

`scrapy crawl NAME` from the repo root uses these (scrapy.cfg); the in-process runner starts from
them too and overrides per source (DOWNLOAD_MAXSIZE, DOWNLOAD_TIMEOUT) and drops the pipeline.
"""

from crawler import USER_AGENT as _UA

BOT_NAME = "tollwatch"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"
USER_AGENT = _UA

# politeness: publishers are people's servers, not benchmarks
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0  # AutoThrottle never goes below this
DOWNLOAD_DELAY_JITTER = 0.5  # ±50%
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# failures: retry transient ones with exponential backoff, give up quietly (the spider records a warning)
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
RETRY_BACKOFF_BASE = 2.0  # seconds; doubled per retry (crawler.scraping.middlewares)
RETRY_BACKOFF_MAX = 60.0
RETRY_GIVE_UP_LOG_LEVEL = "WARNING"
DOWNLOADER_MIDDLEWARES = {
    "crawler.scraping.middlewares.AddressGuardMiddleware": 10,  # first: robots.txt and redirect hops too
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.scraping.middlewares.BackoffRetryMiddleware": 550,
}
REDIRECT_MAX_TIMES = 8
ALLOW_PRIVATE_ADDRESSES = False  # the config's allow_private_addresses (or TOLLWATCH_ALLOW_PRIVATE_ADDRESSES=1)
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024  # a source's max_bytes overrides this in the runner
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
COOKIES_ENABLED = False

# no scraped text in logs; no remote consoles
LOG_LEVEL = "INFO"
LOG_FORMATTER = "crawler.scraping.logformatter.QuietLogFormatter"
TELNETCONSOLE_ENABLED = False

ITEM_PIPELINES = {"crawler.scraping.pipelines.IngestPipeline": 300}
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
