"""Spider arguments (`spider_args:`) as pydantic models, and `validate_spider_source` for config loading.

A selector is CSS unless it starts like XPath (`/`, `./`, `(`). Errors are ConfigErrors that name
`sources[i].spider_args.KEY`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from crawler.errors import ConfigError
from storage.urls import require_http_url

if TYPE_CHECKING:
    from crawler.config import SourceConfig

MAX_PAGES_LIMIT = 50


def is_xpath(expr: str) -> bool:
    return expr.lstrip().startswith(("/", "./", "("))


def check_selector(expr: str) -> str:
    """Compile a CSS or XPath selector once, so a typo fails at config load, not mid-crawl."""
    expr = expr.strip()
    if not expr:
        raise ValueError("empty selector")
    if is_xpath(expr):
        from lxml import etree

        try:
            etree.XPath(expr)
        except etree.XPathSyntaxError as exc:
            raise ValueError(f"{expr!r} is not a valid XPath expression: {exc}") from None
    else:
        from parsel.csstranslator import css2xpath

        try:
            css2xpath(expr)
        except Exception as exc:  # cssselect raises SelectorSyntaxError/ExpressionError
            raise ValueError(f"{expr!r} is not a valid CSS selector: {exc}") from None
    return expr


class SpiderArgs(BaseModel):
    """Arguments every article spider takes; named spiders know their own selectors."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    list_url: str | None = None  # default: the source's url
    max_pages: int = Field(default=1, ge=1, le=MAX_PAGES_LIMIT)
    min_body_chars: int = Field(default=200, ge=0)  # a shorter selected body falls back to main-text extraction

    @field_validator("list_url")
    @classmethod
    def _url(cls, v: str | None) -> str | None:
        return require_http_url(v) if v is not None else None


class ListingArgs(SpiderArgs):
    """The generic `spider: listing`: a listing page of links to articles, described by selectors."""

    links: str  # the article links (<a> elements, or an @href attribute selector)
    entries: str | None = None  # one element per listing entry; its text is the entry fingerprint
    next_page: str | None = None  # the "older posts" link
    title: str | None = None  # on the article page; default: og:title / <h1> / the link text
    date: str | None = None  # on the article page; default: article:published_time / <time datetime>
    body: str | None = None  # on the article page; default: main-text extraction
    body_exclude: str | None = None  # inside the body: share buttons, related links, ads

    @field_validator("links", "entries", "next_page", "title", "date", "body", "body_exclude")
    @classmethod
    def _selector(cls, v: str | None) -> str | None:
        return check_selector(v) if v is not None else None


@lru_cache(maxsize=1)
def _spider_loader() -> Any:
    from scrapy.spiderloader import SpiderLoader
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    if not settings.getlist("SPIDER_MODULES"):
        settings.setmodule("crawler.scraping.settings", priority="project")
    return SpiderLoader.from_settings(settings.frozencopy())


def spider_class(name: str) -> type[Any]:
    """The spider class called `name` (what `scrapy crawl NAME` would run); KeyError if none."""
    return _spider_loader().load(name)  # type: ignore[no-any-return]


def spider_names() -> list[str]:
    return sorted(_spider_loader().list())


def _first_problem(spidercls: type[Any], args: dict[str, Any]) -> tuple[SpiderArgs | None, str, str]:
    model: type[SpiderArgs] = getattr(spidercls, "args_model", SpiderArgs)
    try:
        return model.model_validate(args), "", ""
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(p) for p in err["loc"])
        kind = err.get("type", "")
        if kind == "extra_forbidden":
            msg = f"unknown key for spider {getattr(spidercls, 'name', '?')!r}"
        elif kind == "missing":
            msg = "required key is missing"
        else:
            msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        return None, key, msg


def parse_spider_args(
    spidercls: type[Any], args: dict[str, Any], prefix: str = "spider_args", path: str | None = None
) -> SpiderArgs:
    """Validate `args` with the spider's model; ConfigError naming `prefix.KEY` on the first problem."""
    parsed, key, msg = _first_problem(spidercls, args)
    if parsed is None:
        raise ConfigError(msg, path=path, key=f"{prefix}.{key}" if key else prefix)
    return parsed


def validate_spider_source(cfg: SourceConfig, index: int | None = None, path: str | None = None) -> None:
    """Check a `type: spider` source: the spider exists and its spider_args are valid.

    Raises ConfigError naming `sources[i].spider` or `sources[i].spider_args.KEY`.
    """
    if cfg.type != "spider":
        return
    where = f"sources[{index}]" if index is not None else f"sources[{cfg.key}]"
    try:
        spidercls = spider_class(cfg.spider or "")
    except KeyError:
        raise ConfigError(
            f"no spider named {cfg.spider!r} (known: {', '.join(spider_names())})", path=path, key=f"{where}.spider"
        ) from None
    parse_spider_args(spidercls, cfg.spider_args, prefix=f"{where}.spider_args", path=path)
