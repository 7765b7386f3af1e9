"""The query tests' archive, filled the way the daemon fills it: a local monitor feed, a wire feed and a
presidency page polled over three days (SOHR: 745 on 8 March → 973 on 9 March → 1,383 on 10 March), with tracking on, on SQLite and PostgreSQL.

One hostile wire item carries markup, a spreadsheet formula and a `javascript:` link in what it reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from crawler.cli import main
from tests.configs import write_config
from tests.servers.feedgen import Entry, article, rss

SAID = '"We must maintain national unity and civil peace in the country," President Ahmed al-Sharaa said in a statement.'
SAID2 = ("Foreign Minister Asaad al-Shaibani said in a statement that an independent committee "
         "would investigate the killings.")  # fmt: skip
HOSTILE = ('<script>alert(1)</script> =HYPERLINK("http://evil.test") The Syrian Network for Human Rights said '
           "148 civilians had been killed by armed groups.")  # fmt: skip
DAYS = ("Sat, 08 Mar 2025 10:00:00 GMT", "Sun, 09 Mar 2025 10:00:00 GMT", "Mon, 10 Mar 2025 10:00:00 GMT")


@dataclass
class Archive:
    config: Path
    db_url: str
    server: object

    def run(self, *args: str, ok: bool = True) -> Result:
        result = CliRunner().invoke(main, ["-c", str(self.config), "--database", self.db_url, *args])
        if ok:
            assert result.exit_code == 0, result.output + repr(result.exception)
        return result

    def out(self, *args: str) -> str:
        return self.run(*args).stdout  # what a pipe gets: warnings go to stderr


def _feed(server, toll: str, day: str) -> None:  # noqa: ANN001
    body = f"The Syrian Observatory for Human Rights said {toll} civilians had been killed in Latakia and Tartus."
    server.set("/feed", rss([Entry("sohr-toll", "Death toll in the coastal region", body, server.url("/a/toll"), date=day)]),
               content_type="application/rss+xml")  # fmt: skip


@pytest.fixture
def archive(tmp_path: Path, server, db_url: str) -> Archive:  # noqa: ANN001
    cfg = {
        "sources": [
            {"key": "sohr", "name": "SOHR", "organization": "SOHR", "type": "feed", "url": server.url("/feed")},
            {"key": "presidency", "name": "Presidency", "organization": "Syrian Presidency", "type": "page",
             "url": server.url("/statements")},
            {"key": "wire", "name": "Wire", "organization": "Wire", "type": "feed", "url": server.url("/wire")},
        ],
        "aliases": {"SOHR": ["Syrian Observatory for Human Rights"], "SNHR": ["Syrian Network for Human Rights"]},
    }  # fmt: skip
    path = write_config(tmp_path / "tw.yaml", **cfg)
    arc = Archive(path, db_url, server)
    server.set("/wire", rss([Entry("w1", "Wire <b>report</b>", HOSTILE, "javascript:alert(2)", date=DAYS[1])]),
               content_type="application/rss+xml")  # fmt: skip
    for toll, day, paragraphs in ((745, DAYS[0], [SAID]), ("973", DAYS[1], [SAID, SAID2]), ("1,383", DAYS[2], [SAID, SAID2])):
        _feed(server, str(toll), day)
        server.set("/statements", article("Statements of the presidency", ["Official statements.", *paragraphs]))
        arc.run("poll", "--once")
    return arc
