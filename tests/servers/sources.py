"""The local source server the tests poll (tests.servers.http)."""

from tests.servers.http import Route, SourceServer

__all__ = ["Route", "SourceServer"]
