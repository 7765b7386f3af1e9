"""The local source server used by tests is the demo's replay server (one server, two uses)."""

from crawler.demo.replay import Route, SourceServer

__all__ = ["Route", "SourceServer"]
