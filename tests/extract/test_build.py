"""The compiled rules (mypyc, built by pip install) give exactly what their Python source gives, and the source
runs instead whenever the compiled modules could be out of date."""

from __future__ import annotations

import dataclasses
import importlib.machinery
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import crawler.extract.build as build
from crawler.extract import extract
from tests.extract.conftest import load_cases

ROOT = Path(__file__).resolve().parents[2]
SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]


def _folder(tmp_path: Path, compiled: bool = True) -> Path:
    for name in build.COMPILED:
        (tmp_path / f"{name}.py").write_text("# source\n")
    if compiled:
        time.sleep(0.01)
        for name in build.COMPILED:
            (tmp_path / f"{name}{SUFFIX}").write_bytes(b"")
    return tmp_path


def test_fresh_compiled_modules_run(tmp_path: Path) -> None:
    assert build.source_reason(_folder(tmp_path), environ={}) is None


def test_nothing_compiled_means_the_source_runs_without_a_reason(tmp_path: Path) -> None:
    assert build.source_reason(_folder(tmp_path, compiled=False), environ={}) is None


def test_a_source_edited_after_the_build_makes_all_of_the_source_run(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    later = time.time() + 5
    os.utime(folder / "speech.py", (later, later))
    reason = build.source_reason(folder, environ={})
    assert reason is not None and "speech.py changed after it was compiled" in reason


def test_a_module_left_uncompiled_makes_all_of_the_source_run(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / f"figures{SUFFIX}").unlink()
    assert build.source_reason(folder, environ={}) == "figures is not compiled"


def test_the_environment_variable_forces_the_source(tmp_path: Path) -> None:
    assert build.source_reason(_folder(tmp_path), environ={build.PURE_ENV: "1"}) == f"{build.PURE_ENV} is set"
    assert build.source_reason(_folder(tmp_path), environ={build.PURE_ENV: "0"}) is None


def test_the_install_runs_the_compiled_rules_unless_told_not_to() -> None:
    # pip install -e . compiles them; a stale build or TOLLWATCH_PURE_PYTHON gives the reason the source runs
    assert build.running_compiled() == (build.SOURCE_REASON is None and bool(build.compiled_files(
        Path(build.__file__).parent)))


_DUMP = """
import dataclasses, json, sys
import crawler.extract.build as build
from crawler.extract import extract
texts = json.load(sys.stdin)
out = [[dataclasses.asdict(f) for f in extract(t).figures] + [dataclasses.asdict(s) for s in extract(t).statements]
       for t in texts]
print(json.dumps({"compiled": build.running_compiled(), "results": out}))
"""


def test_source_and_installed_build_give_the_same_figures_and_statements() -> None:
    texts = [case["text"] for case in load_cases()]
    env = {**os.environ, build.PURE_ENV: "1"}
    done = subprocess.run([sys.executable, "-c", _DUMP], input=json.dumps(texts), capture_output=True, text=True,
                          env=env, cwd=ROOT, check=True)
    source = json.loads(done.stdout)
    assert source["compiled"] is False
    here = [[dataclasses.asdict(f) for f in extract(t).figures] + [dataclasses.asdict(s) for s in extract(t).statements]
            for t in texts]
    assert len(texts) > 300
    assert here == source["results"]
