"""The scripted alert scenarios of ../shared/scenarios/dev, scored by their own runner through the webhook
channel: one test per scenario (marker: scenarios), skipped when the shared folder is absent. The runs go
four at a time (most of a run is waiting on subprocesses and local servers)."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import SHARED

SCENARIOS = SHARED / "scenarios"
DEV = sorted(p.parent for p in (SCENARIOS / "dev").glob("*/scenario.yaml")) if SCENARIOS.is_dir() else []
TOLLWATCH = Path(sys.executable).with_name("tollwatch")
# scenarios that still fail on extraction, not on the alert rules (crawler/extract: a speaker not labelled
# official, a reporter, figure or victim group not found); an XPASS says one can leave this list
KNOWN_FAILING: dict[str, str] = {
}

pytestmark = [pytest.mark.scenarios, pytest.mark.timeout(900)]


def _run(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCENARIOS / "run.py"), str(folder), "--tollwatch", str(TOLLWATCH)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip


@pytest.fixture(scope="module")
def results() -> dict[str, subprocess.CompletedProcess[str]]:
    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(zip([p.name for p in DEV], pool.map(_run, DEV), strict=True))


@pytest.mark.skipif(not DEV, reason="../shared/scenarios is not there")
@pytest.mark.parametrize(
    "name",
    [pytest.param(p.name, marks=pytest.mark.xfail(reason=KNOWN_FAILING[p.name])) if p.name in KNOWN_FAILING
     else p.name for p in DEV],
)
def test_scenario_alerts_match_the_policy(name: str, results: dict[str, subprocess.CompletedProcess[str]]) -> None:
    run = results[name]
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-1000:]
