"""The alert policy end to end, as a desk receives it: local feeds and pages change between polls, each
`tollwatch poll --once` delivers to a JSON webhook, and the test reads what arrived (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from crawler.cli import main
from tests.servers.feedgen import Entry, article, rss
from tests.servers.sources import SourceServer
from tests.servers.webhook import WebhookServer


@pytest.fixture
def hook(monkeypatch: pytest.MonkeyPatch) -> Iterator[WebhookServer]:
    srv = WebhookServer(secret="desk-secret").start()
    monkeypatch.setenv("TW_TEST_HOOK", srv.url)
    monkeypatch.setenv("TW_TEST_HOOK_SECRET", "desk-secret")
    yield srv
    srv.stop()


def _path(name: str) -> str:
    """sdn__feed_xml → /sdn/feed.xml (resource names as keyword arguments)."""
    return "/" + name.replace("__", "/").replace("_", ".")


class Desk:
    """Sources on the local server, one config, and what each poll delivered."""

    def __init__(self, tmp_path: Path, server: SourceServer, hook: WebhookServer, db_url: str,
                 sources: list[dict[str, Any]]) -> None:  # fmt: skip
        self.server, self.hook = server, hook
        for s in sources:
            s.setdefault("type", "feed")
            s["url"] = server.url(_path(s.pop("path")))
            s.setdefault("name", s["key"])
            s.setdefault("interval", "10m")
        self.config = tmp_path / "tw.yaml"
        self.config.write_text(yaml.safe_dump({"database": db_url, "sources": sources, "channels": [
            {"name": "desk", "type": "webhook", "url_env": "TW_TEST_HOOK", "secret_env": "TW_TEST_HOOK_SECRET"}]}))

    def poll(self, **resources: bytes | int) -> list[dict[str, Any]]:
        for path, body in resources.items():
            path = _path(path)
            if isinstance(body, int):
                self.server.set(path, b"down", status=body)
            else:
                self.server.set(path, body)
        before = len(self.hook.received)
        res = CliRunner().invoke(main, ["--config", str(self.config), "poll", "--once"])
        assert res.exit_code == 0, res.output
        assert self.hook.rejected == 0
        return self.hook.received[before:]


def brief(alerts: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    out = []
    for a in alerts:
        if a["kind"] in ("series_created", "figure_changed"):
            out.append((a["kind"], a["outcome"], a["old_number"], a["number"]))
        else:
            out.append((a["kind"], a.get("speaker") or a.get("source_key")))
    return sorted(out, key=str)


MONITOR = [{"key": "monitor", "organization": "Sudan Doctors Network", "path": "sdn__feed_xml"},
           {"key": "wire", "organization": "Wire", "path": "wire__feed_xml"}]  # fmt: skip
DAY1, DAY2, DAY3 = "Mon, 10 Mar 2025 09:00:00 GMT", "Tue, 11 Mar 2025 09:00:00 GMT", "Wed, 12 Mar 2025 09:00:00 GMT"


def test_baseline_then_rewordings_by_outlets_are_one_series(tmp_path, server, hook, db_url) -> None:  # noqa: ANN001
    desk = Desk(tmp_path, server, hook, db_url, [dict(s) for s in MONITOR])
    old = Entry("a0", "Clinic shelled", "The Sudan Doctors Network said 120 people had been killed.", date=DAY1)
    assert desk.poll(sdn__feed_xml=rss([old]), wire__feed_xml=rss([])) == []  # the first poll is the baseline
    new = Entry("a1", "Toll rises", "The Sudan Doctors Network said at least 460 people were killed by the Rapid "
                "Support Forces in the town.", date=DAY2)  # fmt: skip
    repeat = Entry("w1", "Town toll at 460", "Fighters of the paramilitary RSF have killed at least 460 people in the "
                   "town, the doctors' network said.", date=DAY3)  # fmt: skip
    assert brief(desk.poll(sdn__feed_xml=rss([new, old]), wire__feed_xml=rss([repeat]))) == [
        ("figure_changed", "killed", 120, 460)
    ]


def test_an_increment_is_history_and_the_headline_is_the_body(tmp_path, server, hook, db_url) -> None:  # noqa: ANN001
    desk = Desk(tmp_path, server, hook, db_url, [dict(s) for s in MONITOR])
    desk.poll(sdn__feed_xml=rss([]), wire__feed_xml=rss([]))
    first = Entry("a1", "Update", "The Sudan Doctors Network said 297 civilians had been killed.", date=DAY1)
    assert brief(desk.poll(sdn__feed_xml=rss([first]))) == [("series_created", "killed", None, 297)]
    wire = Entry("w1", "Death toll rises to 311", "The Sudan Doctors Network said 311 civilians had now been killed, "
                 "after rescuers recovered 14 more bodies on Tuesday.", date=DAY2)  # fmt: skip
    assert brief(desk.poll(wire__feed_xml=rss([wire]))) == [("figure_changed", "killed", 297, 311)]
    again = Entry("w2", "More bodies found", "Rescuers recovered a further 9 bodies, the Sudan Doctors Network "
                  "said.", date=DAY3)  # fmt: skip
    assert desk.poll(wire__feed_xml=rss([again, wire])) == []


def test_an_outlet_restating_one_part_of_a_breakdown_joins_that_part(tmp_path, server, hook, db_url) -> None:  # noqa: ANN001
    sources = [{"key": "network", "organization": "Sudan Rights Network", "type": "page", "path": "srn__report_html"},
               {"key": "wire", "organization": "Wire", "path": "wire__feed_xml"}]  # fmt: skip
    desk = Desk(tmp_path, server, hook, db_url, sources)
    desk.poll(srn__report_html=article("Report", ["Clashes continued."]), wire__feed_xml=rss([]))
    page = article("Report", ["The Sudan Rights Network documented the killing of at least 75 people by the army "
                              "and of at least 140 people by the Rapid Support Forces."])  # fmt: skip
    assert brief(desk.poll(srn__report_html=page)) == [
        ("series_created", "killed", None, 140), ("series_created", "killed", None, 75)
    ]
    # the part restated with the perpetrator worded otherwise, or not named at all: corroboration, no new series
    repeat = Entry("w1", "Rights group toll", "Government-affiliated fighters killed at least 75 people, the Sudan "
                   "Rights Network said. The network also said 140 people had been killed.", date=DAY3)  # fmt: skip
    assert desk.poll(wire__feed_xml=rss([repeat])) == []


@pytest.mark.parametrize("wire_first", [True, False], ids=["wire-polled-first", "reporter-polled-first"])
def test_the_reporters_own_edit_wins_whatever_the_poll_order(tmp_path, server, hook, db_url, wire_first) -> None:  # noqa: ANN001
    sources = [{"key": "sohr", "organization": "SOHR", "type": "page", "path": "sohr__report_html"},
               {"key": "wire", "organization": "Wire", "path": "wire__feed_xml"}]  # fmt: skip
    if not wire_first:
        sources.reverse()
    desk = Desk(tmp_path, server, hook, db_url, sources)
    desk.poll(sohr__report_html=article("Report", ["Clashes continued."]), wire__feed_xml=rss([]))
    page = article("Report", ["The Syrian Observatory for Human Rights documented the deaths of 973 civilians."])
    repeat = Entry("w1", "Monitor toll", "The Syrian Observatory for Human Rights said 973 civilians were killed.",
                   date=DAY3)  # fmt: skip
    assert brief(desk.poll(sohr__report_html=page, wire__feed_xml=rss([repeat]))) == [
        ("series_created", "killed", None, 973)
    ]
    edited = article("Report", ["The Syrian Observatory for Human Rights documented the deaths of 1,383 civilians."])
    assert brief(desk.poll(sohr__report_html=edited)) == [("figure_changed", "killed", 973, 1383)]
    older = Entry("w2", "Monitor toll", "The Syrian Observatory for Human Rights said 973 civilians were killed.",
                  date=DAY3)  # fmt: skip
    assert desk.poll(wire__feed_xml=rss([older, repeat])) == []  # a later republication of the older figure


def test_source_failed_after_three_polls_recovered_once(tmp_path, server, hook, db_url) -> None:  # noqa: ANN001
    desk = Desk(tmp_path, server, hook, db_url, [{"key": "ocha", "organization": "UN OCHA", "path": "ocha__feed_xml"}])
    desk.poll(ocha__feed_xml=rss([]))
    assert desk.poll(ocha__feed_xml=503) == [] and desk.poll() == []
    failed = desk.poll()
    assert [(a["kind"], a["source_key"]) for a in failed] == [("source_failed", "ocha")]
    assert "503" in (failed[0]["error"] or "") and failed[0]["failures"] == 3
    assert desk.poll() == []  # once per state change
    back = desk.poll(ocha__feed_xml=rss([]))
    assert [(a["kind"], a["source_key"]) for a in back] == [("source_recovered", "ocha")]
    assert desk.poll() == []
