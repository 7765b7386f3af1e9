"""The archive's schema, as the migrations build it, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from storage.db import make_session_factory
from storage.migrate import alembic_config
from storage.models import Base
from tests.pollkit import config_for, poll
from tests.servers.feedgen import Entry, rss


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection")  # SQLite's expression index, query side
def test_the_migrations_build_the_schema_the_models_describe(engine) -> None:  # noqa: ANN001
    """Every table, column and index of storage.models, as modelled; beyond them only what the migrations add
    for the query side (the full-text tables, the query commands' indexes)."""
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert [d for d in diffs if not _query_side(d)] == []


def _query_side(diff: Any) -> bool:  # noqa: ANN401
    if isinstance(diff, tuple) and diff[0] == "remove_table":
        return str(diff[1].name).startswith("item_version_fts")
    return isinstance(diff, tuple) and diff[0] == "remove_index"


def test_series_points_archived_before_0007_get_their_figures_source_and_time(server, engine) -> None:  # noqa: ANN001
    """An archive at 0006 (series points without source and time) upgraded: each point gets its figure's."""
    server.set("/feed", rss([Entry("e1", "Toll", "SOHR said 745 civilians had been killed in Latakia.", "/1")]))
    poll(make_session_factory(engine), config_for([{"key": "sohr", "type": "feed", "url": server.url("/feed")}]))
    command.downgrade(alembic_config(engine), "0006")
    command.upgrade(alembic_config(engine), "head")
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT series_point.source_id, figure.source_id, series_point.published_at, figure.published_at"
            " FROM series_point JOIN figure ON figure.id = series_point.figure_id"
        )).all()  # fmt: skip
    assert len(rows) == 1
    assert rows[0][0] == rows[0][1] and rows[0][2] == rows[0][3] and rows[0][2] is not None


def test_speakers_archived_before_0008_are_found_by_their_surname(server, engine) -> None:  # noqa: ANN001
    """An archive at 0007 (no speaker_name) upgraded: every archived speaker key has its endings, and a surname
    alone finds the speaker (storage.series.speakers_named)."""
    from storage.series import speakers_named

    body = "UN Secretary-General Antonio Guterres said: \"The killing of civilians must stop immediately.\""
    server.set("/feed", rss([Entry("e1", "Statement", body, "/1")]))
    poll(make_session_factory(engine), config_for([{"key": "un", "type": "feed", "url": server.url("/feed")}]))
    with engine.connect() as conn:
        before = conn.execute(text("SELECT tail, speaker_key FROM speaker_name ORDER BY id")).all()
    assert ("guterres", "antonio guterres") in before
    command.downgrade(alembic_config(engine), "0007")
    command.upgrade(alembic_config(engine), "head")
    with engine.connect() as conn:
        after = conn.execute(text("SELECT tail, speaker_key FROM speaker_name ORDER BY id")).all()
    assert sorted(after) == sorted(before)
    with make_session_factory(engine)() as session:
        assert list(speakers_named(session, ["guterres"])) == ["antonio guterres"]
        assert list(speakers_named(session, ["antonio"])) == []


def test_speaker_keys_archived_before_0011_lose_their_acronym(server, engine) -> None:  # noqa: ANN001
    """An archive at 0010 holds "… agency (nsema)" as a speaker key; upgraded, the key is the agency's name alone,
    its endings with it, so the page that later names the agency without the acronym repeats the statement."""
    body = ('The Niger State Emergency Management Agency (NSEMA) said the search for the missing passengers would go'
            ' on for a third day and asked boat operators to stop night crossings.')
    server.set("/feed", rss([Entry("e1", "Search goes on", body, "/1")]))
    poll(make_session_factory(engine), config_for([{"key": "nsema", "type": "feed", "url": server.url("/feed")}]))
    command.downgrade(alembic_config(engine), "0010")
    old = "the niger state emergency management agency (nsema)"
    with engine.begin() as conn:  # as 0010's code archived it
        conn.execute(text("UPDATE statement SET speaker_key = :old"), {"old": old})
        conn.execute(text("DELETE FROM speaker_name"))
        conn.execute(text("INSERT INTO speaker_name (tail, speaker_key) VALUES ('(nsema)', :old)"), {"old": old})
    command.upgrade(alembic_config(engine), "head")
    with engine.connect() as conn:
        keys = conn.execute(text("SELECT DISTINCT speaker_key FROM statement")).scalars().all()
        tails = conn.execute(text("SELECT tail, speaker_key FROM speaker_name")).all()
    assert keys == ["the niger state emergency management agency"]
    assert ("agency", keys[0]) in tails and all(key == keys[0] for _tail, key in tails)
