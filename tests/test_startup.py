"""What a command imports is a user-visible property: a query answers without loading Scrapy, trafilatura or
matplotlib, and `poll`/`run` refuse to start when a configured source kind cannot load (issue #11).

Each command runs in a fresh interpreter (the test process has imported everything already); the child prints
which heavy packages ended up in sys.modules. No timing is asserted.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawler.cli import main
from tests.configs import write_config

HEAVY = ("scrapy", "twisted", "trafilatura", "matplotlib", "fastapi", "uvicorn", "procrastinate", "apscheduler")

CHILD = f"""
import sys
from crawler.cli import main
try:
    main(sys.argv[1:], prog_name="tollwatch", standalone_mode=False)
finally:
    import json
    heavy = {HEAVY!r}
    print("\\n" + json.dumps(sorted(m for m in heavy if m in sys.modules)))
"""


def _imported(args: list[str], cwd: Path) -> list[str]:
    res = subprocess.run([sys.executable, "-c", CHILD, *args], capture_output=True, text=True, cwd=cwd, timeout=120,
                         env={"PATH": "/usr/bin:/bin", "HOME": str(cwd)})  # fmt: skip
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    tmp = tmp_path_factory.mktemp("startup")
    url = f"sqlite:///{tmp / 'archive.db'}"
    res = CliRunner().invoke(main, ["--database", url, "db", "upgrade"])
    assert res.exit_code == 0, res.output
    return tmp, url


@pytest.mark.parametrize("command", [["figures"], ["series"], ["statements"], ["items"], ["status"], ["search", "killed"],
                                     ["sql", "SELECT 1"], ["sources"], ["poll", "--help"]],  # fmt: skip
                         ids=lambda c: "-".join(c).replace(" ", "_"))  # fmt: skip
def test_query_commands_import_no_crawling_or_plotting(archive: tuple[Path, str], command: list[str]) -> None:
    # the default config (crawler/data/syria.yaml) has spider and page sources: a look at them needs no Scrapy
    cwd, url = archive
    assert _imported(["--database", url, *command], cwd) == []


def test_poll_refuses_to_start_when_a_source_kind_cannot_load(tmp_path: Path, server, db_url: str,  # noqa: ANN001
                                                              monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    server.set("/page", b"<html><body><p>text</p></body></html>")
    cfg = write_config(tmp_path / "tw.yaml", [
        {"key": "pg", "name": "Page", "type": "page", "url": server.url("/page"), "interval": "10m"},
    ], database=db_url)  # fmt: skip
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # what a broken install looks like to `import`
    monkeypatch.delitem(sys.modules, "crawler.pages", raising=False)
    monkeypatch.delitem(sys.modules, "crawler.harvest.page", raising=False)
    res = CliRunner().invoke(main, ["--config", str(cfg), "poll", "--once"])
    assert res.exit_code == 1
    assert "sources of type 'page' (pg) cannot be polled: importing crawler.harvest.page failed" in res.output
    assert "trafilatura" in res.output
    assert "sources polled" not in res.output  # nothing was polled
