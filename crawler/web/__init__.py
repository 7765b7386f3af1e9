"""The read-only web page over the archive (`tollwatch serve`): app, templates and assets shipped in the package.

It reads through storage.queries on a read-only engine (storage.readonly) and loads nothing from the internet.
"""
