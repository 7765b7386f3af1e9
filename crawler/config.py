"""The one config loader: YAML → validated pydantic models, env overrides, secrets named by env var.

Precedence: built-in defaults < the YAML file < TOLLWATCH_* environment variables < CLI flags.
Every error names the file, the key path and what is wrong.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from alerts.config import ChannelConfig, RuleConfig
from alerts.config import seconds as parse_duration  # one duration syntax for sources and channels
from crawler.addresses import SETTING, address_kind, private_allowed
from crawler.errors import ConfigError
from crawler.scraping.validate import validate_spider_source
from storage.redact import remember_secret
from storage.urls import require_http_url

# the shipped source list, package data (examples/syria.yaml links to it), so an installed wheel has it too
DEFAULT_CONFIG = Path(__file__).resolve().parent / "data" / "syria.yaml"
DEFAULT_DATABASE_URL = "sqlite:///tollwatch.db"  # embedded default: a SQLite file in the working directory
_KEY = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,99}$")
# where polls run: in the daemon's process, or as procrastinate jobs on `tollwatch worker`s (docs/scaling.md)
EXECUTORS = ("inprocess", "procrastinate")
MIN_INTERVAL = 10
TELEGRAM_MIN_INTERVAL = 300  # t.me rate-limits scrapers: one channel preview at most every 5 minutes
TELEGRAM_BASE_URL = "https://t.me"
_TELEGRAM_CHANNEL = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,31}$")


def format_duration(seconds: int) -> str:
    if seconds % 3600 == 0:
        return f"{seconds // 3600}h"
    if seconds % 60 == 0:
        return f"{seconds // 60}m"
    return f"{seconds}s"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceConfig(_Strict):
    key: str
    name: str
    organization: str | None = None
    type: Literal["feed", "page", "spider", "telegram"]
    url: str  # type: telegram — derived from base_url and channel (BASE_URL/s/CHANNEL)
    interval: int = Field(default=900, description="seconds between polls; written as 30s, 10m, 1h")
    fetch_articles: bool = False
    enabled: bool = True
    timeout: int = 30
    max_bytes: int = 10 * 1024 * 1024
    # feed only: at most this many new or changed entries are archived per poll; the rest wait for the next
    # poll (a 100,000-item feed is taken in slices instead of one long transaction)
    max_entries_per_poll: int = Field(default=500, ge=1)
    headers: dict[str, str] = Field(default_factory=dict)
    headers_env: dict[str, str] = Field(default_factory=dict, description="header name → env var holding its value")
    spider: str | None = None  # type: spider — the Scrapy spider name (scrapy crawl NAME)
    spider_args: dict[str, Any] = Field(default_factory=dict)  # type: spider — selectors etc.
    tags: list[str] = Field(default_factory=list)
    # the first successful poll records everything and alerts nothing; false: alert from the first poll
    baseline: bool = True
    # source_failed after this many consecutive failed polls (then source_recovered at the next success)
    alert_after_failures: int = Field(default=3, ge=1)
    channel: str | None = None  # type: telegram — the public channel's username (t.me/NAME)
    base_url: str | None = None  # type: telegram — default https://t.me (a mirror, or a local test server)
    max_pages: int | None = Field(default=None, ge=1, le=20)  # type: telegram — preview pages per poll (default 1)
    push: bool = False  # type: feed — subscribe at the feed's WebSub hub, if it names one (needs `websub:`)

    @model_validator(mode="before")
    @classmethod
    def _telegram_url(cls, data: Any) -> Any:
        # a telegram source is named by its channel; its url (shown, stored, address-checked) follows from it
        if isinstance(data, dict) and data.get("type") == "telegram":
            if "url" in data:
                raise ValueError("url: type: telegram takes 'channel: NAME' (and optionally base_url), not url")
            channel = str(data.get("channel") or "").removeprefix("@")
            if not _TELEGRAM_CHANNEL.match(channel):
                raise ValueError(
                    f"channel: {data.get('channel')!r} is not a Telegram channel username "
                    "(5-32 letters, digits or '_', starting with a letter; the NAME of t.me/NAME)"
                )
            base = str(data.get("base_url") or TELEGRAM_BASE_URL).rstrip("/")
            return {**data, "channel": channel, "base_url": base, "url": f"{base}/s/{channel}"}
        return data

    @field_validator("key")
    @classmethod
    def _key(cls, v: str) -> str:
        if not _KEY.match(v):
            raise ValueError(f"{v!r} must be lower-case letters, digits, '-', '_' or '.'")
        return v

    @field_validator("url")
    @classmethod
    def _url(cls, v: str) -> str:
        return require_http_url(v)

    @field_validator("interval", "timeout", mode="before")
    @classmethod
    def _duration(cls, v: Any) -> int:
        return parse_duration(v)

    @field_validator("interval")
    @classmethod
    def _interval_floor(cls, v: int) -> int:
        if v < MIN_INTERVAL:
            raise ValueError(f"{v}s is too short: polling more often than every {MIN_INTERVAL}s is impolite")
        return v

    @model_validator(mode="after")
    def _type_rules(self) -> SourceConfig:
        if self.fetch_articles and self.type != "feed":
            raise ValueError("fetch_articles applies to type: feed only")
        if self.type == "spider" and not self.spider:
            raise ValueError("type: spider needs 'spider: NAME' (a spider of `scrapy list`)")
        if self.type != "spider" and (self.spider or self.spider_args):
            raise ValueError("'spider' and 'spider_args' apply to type: spider only")
        if self.push and self.type != "feed":
            raise ValueError("push: WebSub push applies to type: feed only")
        if self.type != "telegram" and (self.channel or self.base_url or self.max_pages):
            raise ValueError("'channel', 'base_url' and 'max_pages' apply to type: telegram only")
        if self.type == "telegram" and self.interval < TELEGRAM_MIN_INTERVAL:
            raise ValueError(
                f"interval: {format_duration(self.interval)} is too short for type: telegram "
                f"(at least {format_duration(TELEGRAM_MIN_INTERVAL)}: t.me throttles scrapers)"
            )
        return self

    def resolved_headers(self) -> dict[str, str]:
        """Static headers plus those whose values come from environment variables."""
        out = dict(self.headers)
        for header, var in self.headers_env.items():
            out[header] = os.environ[var]
        return out


class WebSubConfig(_Strict):
    """Where WebSub hubs push to: the public URL a hub reaches and the local address that serves it."""

    callback_url: str  # public base URL, e.g. https://tollwatch.example.org/websub (a reverse proxy's)
    listen: str = "127.0.0.1:8090"  # host:port the daemon's push receiver binds
    lease: int = Field(default=10 * 86400, description="subscription lease asked of hubs; written as 10d or 240h")
    push_interval: int = Field(default=3600, description="poll interval of a source while its push works")
    max_body: int = Field(default=2 * 1024 * 1024, ge=1024)  # a pushed body larger than this is refused

    @field_validator("callback_url")
    @classmethod
    def _callback(cls, v: str) -> str:
        return require_http_url(v).rstrip("/")

    @field_validator("lease", "push_interval", mode="before")
    @classmethod
    def _duration(cls, v: Any) -> int:
        if isinstance(v, str) and v.endswith("d") and v[:-1].isdigit():
            return int(v[:-1]) * 86400
        return parse_duration(v)

    @field_validator("listen")
    @classmethod
    def _listen(cls, v: str) -> str:
        host, _, port = v.rpartition(":")
        if not host or not port.isdigit() or not 0 <= int(port) <= 65535:
            raise ValueError(f"{v!r} is not host:port (e.g. 127.0.0.1:8090)")
        return v

    def address(self) -> tuple[str, int]:
        host, _, port = self.listen.rpartition(":")
        return host.strip("[]"), int(port)


class WatchConfig(_Strict):
    name: str
    keywords: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list, description="source keys; empty = all sources")

    def matches(self, source_key: str, text: str) -> bool:
        if self.sources and source_key not in self.sources:
            return False
        if not self.keywords:
            return True
        low = text.lower()
        return any(k.lower() in low for k in self.keywords)


class ApiConfig(_Strict):
    """`tollwatch serve`: the env var holding the bearer token the page and the JSON API ask for (required to bind
    anywhere but loopback)."""

    token_env: str | None = None


class Config(_Strict):
    database: str = DEFAULT_DATABASE_URL
    user_agent: str | None = None
    concurrency: int = Field(default=20, ge=1, le=500)
    metrics_port: int | None = Field(default=None, ge=1, le=65535, description="daemon /metrics and /healthz port")
    executor: str = Field(default="inprocess", description="where `run` polls: inprocess | procrastinate")
    # fetch loopback, private, link-local and metadata addresses too (a lab, a local replay); default: refused
    allow_private_addresses: bool = False
    api: ApiConfig = Field(default_factory=ApiConfig)
    sources: list[SourceConfig] = Field(default_factory=list)
    watches: list[WatchConfig] = Field(default_factory=list)
    channels: list[ChannelConfig] = Field(default_factory=list)
    rules: list[RuleConfig] = Field(default_factory=list, description="which events go where; none = all to all")
    aliases: dict[str, list[str]] = Field(
        default_factory=dict, description="reporter display name → other names it is written as"
    )
    websub: WebSubConfig | None = None  # WebSub push for feed sources with `push: true`
    path: str | None = Field(default=None, exclude=True)

    @field_validator("executor", mode="before")
    @classmethod
    def _executor(cls, v: Any) -> str:
        if v not in EXECUTORS:
            raise ValueError(f"{v!r} is not an executor (use {' or '.join(EXECUTORS)})")
        return str(v)

    @model_validator(mode="after")
    def _unique_keys(self) -> Config:
        seen: dict[str, int] = {}
        for i, s in enumerate(self.sources):
            host = urlsplit(s.url).hostname or ""
            kind = address_kind(host)
            if kind is not None and not private_allowed(self.allow_private_addresses):
                raise ValueError(f"sources[{i}].url: {host} is a {kind} address (to allow it, set {SETTING})")
            if s.push and self.websub is None:
                raise ValueError(f"sources[{i}].push: needs a 'websub:' section (callback_url, listen)")
            if s.key in seen:
                raise ValueError(f"duplicate source key {s.key!r} (sources[{seen[s.key]}] and sources[{i}])")
            seen[s.key] = i
        names = [w.name for w in self.watches]
        dup = {n for n in names if names.count(n) > 1}
        if dup:
            raise ValueError(f"duplicate watch name(s): {', '.join(sorted(dup))}")
        for wi, w in enumerate(self.watches):
            for key in w.sources:
                if key not in seen:
                    raise ValueError(f"watches[{wi}].sources names unknown source {key!r}")
        channels = [c.name for c in self.channels]
        dup = {n for n in channels if channels.count(n) > 1}
        if dup:
            raise ValueError(f"duplicate channel name(s): {', '.join(sorted(dup))}")
        for ri, r in enumerate(self.rules):
            if r.channel not in channels:
                raise ValueError(f"rules[{ri}].channel names unknown channel {r.channel!r}")
            for name in r.watches:
                if name not in names:
                    raise ValueError(f"rules[{ri}].watches names unknown watch {name!r}")
        return self

    def channel(self, name: str) -> ChannelConfig:
        for c in self.channels:
            if c.name == name:
                return c
        raise KeyError(name)

    def source(self, key: str) -> SourceConfig:
        for s in self.sources:
            if s.key == key:
                return s
        raise KeyError(key)


def _loc(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _describe(err: dict[str, Any]) -> str:
    kind = err.get("type", "")
    if kind == "extra_forbidden":
        return "unknown key"
    if kind == "missing":
        return "required key is missing"
    msg = str(err.get("msg", "invalid"))
    return msg.removeprefix("Value error, ")


def secret_env_vars(cfg: Config) -> list[str]:
    """Every environment variable the config names for a secret (source headers, channel `*_env` keys)."""
    out = [var for s in cfg.sources for var in s.headers_env.values()]
    return out + [var for ch in cfg.channels for var in ch.secret_vars().values()]


def _check_env_secrets(cfg: Config, path: str) -> None:
    for i, s in enumerate(cfg.sources):
        for header, var in s.headers_env.items():
            if not os.environ.get(var):
                raise ConfigError(
                    f"environment variable {var} is not set (it holds header {header!r})",
                    path=path,
                    key=f"sources[{i}].headers_env.{header}",
                )
    for i, ch in enumerate(cfg.channels):
        for key, var in ch.secret_vars().items():
            if not os.environ.get(var):
                raise ConfigError(
                    f"environment variable {var} is not set (channel {ch.name!r})", path=path, key=f"channels[{i}].{key}"
                )


def parse_config(data: Any, path: str = "<config>", *, check_env: bool = True, check_spiders: bool = True) -> Config:
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError("the top level must be a mapping (database:, sources:, watches:, channels:)", path=path)
    try:
        cfg = Config.model_validate({**data, "path": path})
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            loc = _loc(err["loc"])
            got = err.get("input")
            shown = f" (got {got!r})" if err.get("type") == "extra_forbidden" or isinstance(got, str | int) else ""
            lines.append(f"{path}: {loc}: {_describe(err)}{shown}" if loc else f"{path}: {_describe(err)}")
        first = exc.errors()[0]
        err = ConfigError("\n".join(lines))  # lines already name the file and key
        err.path, err.key = path, _loc(first["loc"]) or None
        raise err from None
    if check_env:
        _check_env_secrets(cfg, path)
    for var in secret_env_vars(cfg):
        remember_secret(os.environ.get(var))  # redacted from everything stored, printed or logged
    if check_spiders:
        check_spider_sources(cfg)
    return cfg


def check_spider_sources(cfg: Config) -> None:
    """Spider names and selectors are Scrapy's business: Scrapy and every spider module are imported, so this
    runs only where a spider source exists, and only for commands that may crawl (a read-only look at sources
    or the archive skips it, as it skips missing secrets)."""
    if any(s.type == "spider" for s in cfg.sources):
        for i, source in enumerate(cfg.sources):
            validate_spider_source(source, i, cfg.path)


def database_url(flag: str | None = None, config: Config | None = None) -> str:
    """The one place the archive URL is decided: --database > $TOLLWATCH_DATABASE_URL > the config's
    `database:` > the embedded default (a SQLite file, tollwatch.db, in the working directory)."""
    return flag or os.environ.get("TOLLWATCH_DATABASE_URL") or (config.database if config else DEFAULT_DATABASE_URL)


def load_config(
    path: str | os.PathLike[str] | None = None, *, check_env: bool = True, check_spiders: bool = True
) -> Config:
    """Load and validate a YAML config ($TOLLWATCH_CONFIG, else the shipped example, crawler/data/syria.yaml)."""
    p = Path(path or os.environ.get("TOLLWATCH_CONFIG") or DEFAULT_CONFIG)
    shown = str(p)
    try:
        raw = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError("file not found", path=shown) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read: {exc}", path=shown) from None
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise ConfigError(f"not valid YAML: {where}{getattr(exc, 'problem', exc)}", path=shown) from None
    return parse_config(data, shown, check_env=check_env, check_spiders=check_spiders)
