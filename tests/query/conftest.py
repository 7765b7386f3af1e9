"""Query-command fixtures: the archive of tests.query.archive on SQLite and PostgreSQL."""

from tests.query.archive import archive

__all__ = ["archive"]
