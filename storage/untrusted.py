"""Scraped text is untrusted wherever it is shown: terminal escape sequences, control characters and bidi
overrides (U+202E turns "745" into "547" on screen) are stripped (pure; used by alerts, CLI output, JSON)."""

from __future__ import annotations

import re

# ESC sequences (ANSI CSI / OSC / two-byte) first, then every other control character but tab and newline,
# the bidi marks, embeddings, overrides and isolates
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def strip_controls(text: str) -> str:
    """The text without escape sequences, control characters (tab and newline stay) and bidi controls."""
    return _CONTROL.sub("", _ANSI.sub("", text))
