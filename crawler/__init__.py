"""tollwatch: watch conflict-reporting sources, archive every version, extract figures, alert on change."""

from __future__ import annotations

__version__ = "0.1.0"
USER_AGENT = f"tollwatch/{__version__} (+https://github.com/tollwatch/tollwatch; conflict-source monitor)"
