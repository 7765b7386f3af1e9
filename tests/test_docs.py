"""The config examples in README.md and examples/ load as written, so the docs cannot rot."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from crawler.config import load_config, parse_config

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")
YAML_BLOCKS = re.findall(r"```yaml\n(.*?)```", README, re.S)


def test_readme_has_config_examples() -> None:
    assert len(YAML_BLOCKS) >= 2


@pytest.mark.parametrize("block", YAML_BLOCKS, ids=[f"yaml-block-{i}" for i in range(len(YAML_BLOCKS))])
def test_readme_yaml_blocks_are_valid_config(block: str) -> None:
    data = yaml.safe_load(block)
    if "rules" in data and "watches" not in data:
        # the alerts example routes a watch defined in the main example
        data["watches"] = [{"name": "syria-coast", "keywords": ["Latakia"]}]
    cfg = parse_config(data, "README.md", check_env=False)
    assert cfg.sources or cfg.channels


@pytest.mark.parametrize("path", sorted((REPO / "examples").glob("*.yaml")), ids=lambda p: p.name)
def test_example_configs_load(path: Path) -> None:
    cfg = load_config(path, check_env=False)
    assert cfg.sources
