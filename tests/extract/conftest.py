"""Shared helpers for the extraction tests: loading the YAML cases."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).resolve().parents[1] / "data" / "extraction"
SEED = Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "seed-article-syria-coast-2025-03.txt"


def load_cases() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []
    for path in sorted(DATA.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            case["_file"] = path.name
            cases.append(case)
    return cases
