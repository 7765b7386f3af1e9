"""Scraped text printed as a table, JSON or CSV carries no escape sequences or bidi overrides."""

from __future__ import annotations

import io
import json

import pytest

from crawler.cli.output import emit

ROW = {"title": "SOHR: \u202e379\u202c killed \x1b]8;;http://evil\x07link\x1b]8;;\x07 \x1b[2J\u2067x\u2069"}


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_every_format_strips_controls(fmt: str) -> None:
    out = io.StringIO()
    emit([ROW], fmt, ["title"], out)
    text = out.getvalue()
    assert not any(c in text for c in "\u202e\u202c\u2067\u2069\x1b\x07"), repr(text)
    assert "379 killed" in text and "link" in text
    if fmt == "json":
        assert json.loads(text)[0]["title"].startswith("SOHR: 379 killed link")
