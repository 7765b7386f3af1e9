"""The archive: SQLAlchemy models, engine/session, migrations and query functions.

Knows SQL; knows nothing of HTTP, Scrapy, extraction or alerts (import-linter enforces it).
"""
