"""One poll of many sources gives the same alerts however fast each source answers: a batch is recorded in one
order (failures, then the reporters' own sources, then outlets), not in the order the answers arrived."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import select

from crawler.poll import Fetched, settle_order
from storage.db import session_scope
from storage.models import Alert
from tests.pollkit import config_for, poll
from tests.servers.feedgen import Entry, rss

ACCESS = Entry("ocha-1", "North Darfur access", "OCHA said humanitarian access to the camp remained restricted.", None)
TOLL = Entry("wire-1", "Attack on Zamzam camp", "More than 100 people were killed in attacks on Zamzam camp, OCHA said.", None)


def _alerts(factory) -> list[tuple[str, str | None, int | None]]:  # noqa: ANN001
    with session_scope(factory) as s:
        return [(a.kind, a.payload.get("reporter"), a.payload.get("number")) for a in s.scalars(select(Alert).order_by(Alert.id))]


@pytest.mark.parametrize("late", ["ocha", "wire"])
def test_an_outlet_carrying_a_reporter_whose_own_feed_fails_alerts_whichever_answers_first(
    late: str, server, session_factory  # noqa: ANN001
) -> None:
    """OCHA's own feed fails in the same poll in which a wire carries OCHA's rounded toll: the wire's figure is
    OCHA's first figure (OCHA can't be heard directly), whether the failure arrives before or after the wire."""
    server.set("/ocha", rss([ACCESS]), content_type="application/rss+xml")
    server.set("/wire", rss([]), content_type="application/rss+xml")
    cfg = config_for([
        {"key": "ocha", "type": "feed", "url": server.url("/ocha"), "organization": "UN OCHA"},
        {"key": "wire", "type": "feed", "url": server.url("/wire"), "organization": "Wire"},
    ])  # fmt: skip
    poll(session_factory, cfg)  # the baseline: both answer, nothing alerts
    assert _alerts(session_factory) == []

    server.set("/ocha", b"unavailable", status=503, delay=0.8 if late == "ocha" else 0.0)
    server.set("/wire", rss([TOLL]), content_type="application/rss+xml", delay=0.8 if late == "wire" else 0.0)
    outcomes = poll(session_factory, cfg)
    assert (outcomes["ocha"].status, outcomes["wire"].status) == ("error", "ok")

    created = [a for a in _alerts(session_factory) if a[0] == "series_created"]
    assert len(created) == 1, created
    assert "Coordination of Humanitarian Affairs" in (created[0][1] or "") and created[0][2] == 100


def test_settle_order_is_failures_then_own_sources_then_outlets_each_in_the_given_order() -> None:
    def fetched(org: str, ok: bool) -> Fetched:
        cfg = SimpleNamespace(organization=org)
        return Fetched(cfg, 1, None, 0.0, harvest=object() if ok else None)  # type: ignore[arg-type]

    batch = [fetched("Wire", True), fetched("SOHR", True), fetched("Wire", False), fetched("SNHR", True),
             fetched("SOHR", False)]  # fmt: skip
    bodies = {"SOHR", "SNHR"}
    assert settle_order(lambda org: org in bodies, batch) == [2, 4, 1, 3, 0]
