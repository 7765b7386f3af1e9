"""ArticleSpider: listing page(s) → article pages → Document items, skipping entries the archive knows.

Subclasses name their selectors (class attributes) or take them from `spider_args` (spiders/listing.py).
What a crawl saw besides items (warnings, unchanged entries, listing status) goes to `self.report`.
Never imports storage: the archive's known entries are handed in (`known`).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import scrapy
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.canonical import canonical_url, content_hash, normalize_text
from crawler.config import SourceConfig, load_config
from crawler.document import Document
from crawler.errors import ConfigError
from crawler.pages import main_text
from crawler.scraping.validate import SpiderArgs, is_xpath, parse_spider_args

KEPT_HEADERS = ("content-type", "etag", "last-modified", "date", "content-length", "server")
_BLOCKS = ".//p|.//h2|.//h3|.//h4|.//li|.//blockquote|.//pre"
_JSONLD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')
_FFFD_LIMIT = 3  # a few replacement characters are noise; more mean the page is not in its declared encoding


@dataclass(frozen=True, slots=True)
class ListingEntry:
    url: str
    title: str | None
    date_text: str | None
    fingerprint: str  # Document.entry_hash: changes when the listing shows the entry differently


@dataclass(slots=True)
class CrawlReport:
    """What one crawl saw besides its items: read by the runner and by IngestPipeline."""

    listing_status: int | None = None
    listing_error: str | None = None
    not_modified: bool = False
    etag: str | None = None
    last_modified: str | None = None
    pages: int = 0
    bytes: int = 0
    unchanged_guids: list[str] = field(default_factory=list)
    failed_guids: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def parse_date(value: str | None) -> datetime | None:
    """ISO 8601, epoch (s or ms), or a written date ("9 March 2025 14:10"), as an aware UTC datetime."""
    if not value:
        return None
    value = value.strip()
    if not value:
        return None
    if value.isdigit() and len(value) >= 9:
        n = int(value)
        return datetime.fromtimestamp(n / 1000 if n > 10**11 else n, UTC)
    from dateutil import parser

    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            dt = parser.parse(value, fuzzy=True, dayfirst=False)
        except (ValueError, OverflowError):
            return None
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def select(root: Any, expr: str) -> Any:
    """CSS or XPath (a selector starting with /, ./ or ( is XPath)."""
    return root.xpath(expr) if is_xpath(expr) else root.css(expr)


def block_text(nodes: Any, drop: str | None = None) -> str:
    """Paragraph-wise text of the selected elements, leaving out scripts, styles and `drop` matches."""
    out: list[str] = []
    for node in nodes:
        if isinstance(node.root, str):
            continue
        dropped = {d.root for d in select(node, drop)} if drop else set()
        parts = node.xpath(_BLOCKS) or [node]
        for part in parts:
            if dropped and (part.root in dropped or any(a in dropped for a in part.root.iterancestors())):
                continue
            text = " ".join(t.strip() for t in part.xpath(".//text()[not(ancestor::script or ancestor::style)]").getall())
            text = normalize_text(text)
            if text:
                out.append(text)
    return "\n".join(out)


def _first_value(nodes: Any) -> str | None:
    """The useful string of a match: @datetime / @content / @data-timestamp if present, else its text."""
    for node in nodes:
        if isinstance(node.root, str):  # an attribute or text node was selected
            value = normalize_text(node.root)
        else:
            attrs = node.attrib
            value = attrs.get("datetime") or attrs.get("content") or attrs.get("data-timestamp") or ""
            value = value.strip() or normalize_text(" ".join(node.xpath(".//text()").getall()))
        if value:
            return value
    return None


def _href(nodes: Any) -> str | None:
    for node in nodes:
        href = node.root if isinstance(node.root, str) else node.attrib.get("href")
        if href and href.strip() and not href.startswith(("#", "javascript:", "mailto:")):
            return href.strip()
    return None


class ArticleSpider(scrapy.Spider):
    """A listing → article spider. Subclasses set the selectors; all are CSS unless they look like XPath."""

    args_model: type[SpiderArgs] = SpiderArgs
    default_url: str = ""  # the site's listing page, for `scrapy crawl NAME` without a config
    entries_sel: str | None = None  # one element per listing entry (fingerprint = its text)
    links_sel: str = "a"  # within an entry (or the page): the article link
    next_sel: str | None = None
    title_sel: str | None = None
    date_sel: str | None = None
    body_sel: str | None = None
    drop_sel: str | None = None  # inside the body: share buttons, "related", ads

    def __init__(
        self,
        source: str | None = None,
        source_cfg: SourceConfig | None = None,
        known: dict[str, tuple[str | None, str | None]] | None = None,
        validators: tuple[str | None, str | None] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.source_cfg = source_cfg or self._config_source(source)
        self.args = parse_spider_args(type(self), self.source_cfg.spider_args, prefix=f"sources[{self.source_cfg.key}].spider_args")
        self.configure(self.args)
        self.list_url = self.args.list_url or self.source_cfg.url
        self.known: dict[str, tuple[str | None, str | None]] = dict(known or {})
        self.validators = validators
        self.report = CrawlReport()
        self._listing_pages = 0

    # --- set-up ---------------------------------------------------------------------------------------
    def _config_source(self, key: str | None) -> SourceConfig:
        """`scrapy crawl NAME [-a source=KEY]`: the source from $TOLLWATCH_CONFIG, or a default one."""
        config = load_config()
        if key:
            try:
                cfg = config.source(key)
            except KeyError:
                raise ConfigError(f"no source {key!r} in the config", path=config.path, key="sources") from None
            if cfg.type != "spider" or cfg.spider != self.name:
                raise ConfigError(
                    f"source {key!r} is not a `type: spider, spider: {self.name}` source", path=config.path
                )
            return cfg
        mine = [s for s in config.sources if s.type == "spider" and s.spider == self.name]
        if len(mine) == 1:
            return mine[0]
        if not self.default_url:
            raise ConfigError(f"spider {self.name!r} needs -a source=KEY (a source of the config)", path=config.path)
        return SourceConfig(key=self.name, name=self.name, type="spider", url=self.default_url, spider=self.name)

    def configure(self, args: SpiderArgs) -> None:
        """Hook for spiders whose selectors come from spider_args."""

    # --- requests -------------------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Any]:
        headers: dict[str, str] = {}
        etag, last_modified = self.validators or (None, None)
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        headers.update(self.source_cfg.resolved_headers())
        yield scrapy.Request(
            self.list_url,
            callback=self.parse_listing,
            errback=self.listing_failed,
            headers=headers,
            dont_filter=True,
            meta={"handle_httpstatus_list": [304], "page": 1, **self._cap()},
        )

    def _cap(self) -> dict[str, int]:
        return {"download_maxsize": self.source_cfg.max_bytes}  # the source's size cap, per request

    def _count(self, response: Response) -> None:
        self.report.pages += 1
        self.report.bytes += len(response.body)

    def listing_failed(self, failure: Failure) -> None:
        page = failure.request.meta.get("page", 1)
        response = failure.value.response if failure.check(HttpError) else None
        if response is not None:
            self._count(response)
        reason = f"HTTP {response.status}" if response is not None else _reason(failure)
        if page == 1:
            self.report.listing_status = response.status if response is not None else None
            self.report.listing_error = f"listing {failure.request.url}: {reason}"
        else:
            self.report.warnings.append(f"listing page {page} {failure.request.url}: {reason}")

    def parse_listing(self, response: Response) -> Iterator[Any]:
        self._count(response)
        page = response.meta.get("page", 1)
        if page == 1:
            self.report.listing_status = response.status
            if response.status == 304:
                self.report.not_modified = True
                return
            self.report.etag = _header(response, "ETag")
            self.report.last_modified = _header(response, "Last-Modified")
        if not isinstance(response, TextResponse):
            self.report.warnings.append(f"listing {response.url}: not an HTML page ({_header(response, 'Content-Type')})")
            return
        entries = self.listing_entries(response)
        if not entries:
            self.report.warnings.append(f"listing selector matched 0 links on {response.url} — layout changed?")
        for entry in entries:
            guid = canonical_url(entry.url)
            prev = self.known.get(guid)
            if prev is not None and prev[0] == entry.fingerprint:
                self.report.unchanged_guids.append(guid)
                continue
            self.known[guid] = (entry.fingerprint, None)  # the same link twice in a listing is fetched once
            yield scrapy.Request(
                entry.url,
                callback=self.parse_article,
                errback=self.article_failed,
                cb_kwargs={"entry": entry},
                meta=self._cap(),
                dont_filter=True,  # identity is the guid; a redirect loop must reach the errback, not vanish
            )
        if self.next_sel and page < self.args.max_pages:
            href = _href(select(response, self.next_sel))
            if href:
                yield scrapy.Request(
                    response.urljoin(href),
                    callback=self.parse_listing,
                    errback=self.listing_failed,
                    meta={"page": page + 1, **self._cap()},
                )

    def listing_entries(self, response: TextResponse) -> list[ListingEntry]:
        """Entries in page order; with `entries_sel` each entry's whole text is its fingerprint."""
        out: list[ListingEntry] = []
        seen: set[str] = set()
        containers = select(response, self.entries_sel) if self.entries_sel else [response]
        for box in containers:
            for link in select(box, self.links_sel):
                href = _href([link])
                if not href:
                    continue
                url = response.urljoin(href)
                if url in seen:
                    continue
                seen.add(url)
                title = None if isinstance(link.root, str) else normalize_text(" ".join(link.xpath(".//text()").getall())) or None
                date_text = _first_value(box.css("time")) if self.entries_sel else None
                shown = normalize_text(" ".join(box.xpath(".//text()").getall())) if self.entries_sel else title
                out.append(ListingEntry(url, title, date_text, content_hash(canonical_url(url), shown)))
                if self.entries_sel:
                    break  # one article per entry
        return out

    # --- articles -------------------------------------------------------------------------------------
    def article_failed(self, failure: Failure) -> None:
        entry: ListingEntry = failure.request.cb_kwargs["entry"]
        response = failure.value.response if failure.check(HttpError) else None
        if response is not None:
            self._count(response)
        reason = f"HTTP {response.status}" if response is not None else _reason(failure)
        self._give_up(entry, f"article {failure.request.url}: {reason}; will retry next poll")

    def _give_up(self, entry: ListingEntry, warning: str) -> None:
        guid = canonical_url(entry.url)
        self.known.pop(guid, None)
        self.report.failed_guids.append(guid)
        self.report.warnings.append(warning)

    def parse_article(self, response: Response, entry: ListingEntry) -> Iterator[Document]:
        self._count(response)
        if not isinstance(response, TextResponse):
            self._give_up(entry, f"article {response.url}: not an HTML page ({_header(response, 'Content-Type')})")
            return
        if response.text.count("\ufffd") > _FFFD_LIMIT:
            self.report.warnings.append(
                f"article {response.url}: bytes not valid in its declared encoding ({response.encoding}); "
                "archived with replacement characters"
            )
        text = self.article_body(response)
        if not text:
            self._give_up(entry, f"article {response.url}: no article text found")
            return
        yield Document(
            source_key=self.source_cfg.key,
            guid=canonical_url(entry.url),
            url=canonical_url(response.url),
            title=self.article_title(response) or entry.title,
            text=text,
            published=self.article_date(response) or parse_date(entry.date_text),
            fetched_at=datetime.now(UTC),
            entry_hash=entry.fingerprint,
            body_source="article",
            raw=response.body,
            raw_type=_header(response, "Content-Type"),
            http_meta={
                "status": response.status,
                "url": response.url,
                "headers": {h: v for h in KEPT_HEADERS if (v := _header(response, h))},
            },
        )

    def article_title(self, response: TextResponse) -> str | None:
        if self.title_sel:
            got = _first_value(select(response, self.title_sel))
            if got:
                return got
        for expr in ('meta[property="og:title"]::attr(content)', "h1", "title"):
            nodes = response.css(expr)
            got = nodes.get() if expr.endswith("(content)") else _first_value(nodes)
            if got and got.strip():
                return normalize_text(got)
        return None

    def article_date(self, response: TextResponse) -> datetime | None:
        if self.date_sel:
            got = parse_date(_first_value(select(response, self.date_sel)))
            if got:
                return got
        for expr in (
            'meta[property="article:published_time"]::attr(content)',
            'meta[name="date"]::attr(content)',
            'meta[itemprop="datePublished"]::attr(content)',
            "time::attr(datetime)",
        ):
            got = parse_date(response.css(expr).get())
            if got:
                return got
        m = _JSONLD_DATE.search(response.text)
        return parse_date(m.group(1)) if m else None

    def article_body(self, response: TextResponse) -> str:
        """The body selector's paragraphs; main-text extraction when there is no selector or it gives little."""
        if self.body_sel:
            text = block_text(select(response, self.body_sel), self.drop_sel)
            if len(text) >= self.args.min_body_chars:
                return text
            if text:
                self.report.warnings.append(f"article {response.url}: body selector gave {len(text)} chars, used main-text extraction")
            else:
                self.report.warnings.append(f"article {response.url}: body selector matched nothing, used main-text extraction")
        fallback = main_text(response.text, response.url)
        if self.body_sel and not fallback:
            return block_text(select(response, self.body_sel), self.drop_sel)
        return fallback


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _reason(failure: Failure) -> str:
    exc = failure.value
    text = str(exc) or type(exc).__name__
    if "maxsize" in text.lower() or "max size" in text.lower() or "larger than" in text.lower():
        return f"page too large ({text})"
    return text[:300]

