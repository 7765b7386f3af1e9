"""query side: indexes for the query commands, full-text search, and the documented views

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25

Full text: on SQLite an FTS5 external-content table over item_version kept in step by triggers (they fire
for every row of an executemany, so crawler.ingest's bulk INSERT … RETURNING stays covered); on PostgreSQL a
GIN expression index, which needs no trigger at all. The expression must match storage.search exactly.
The views are plain portable SQL (docs/querying.md documents their columns).
"""

from __future__ import annotations

from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

# storage.search builds its PostgreSQL query on this same expression, or the index is not used
PG_TSVECTOR = "to_tsvector('simple', coalesce(title, '') || ' ' || text)"

INDEXES = [
    # figures --outcome O --since/--until, newest first
    ("ix_figure_outcome_published", "figure", "outcome, published_at"),
    ("ix_figure_reporter_published", "figure", "reporter, published_at"),
    # --reported-by matches the attribution as written: a covering index is a far smaller scan than the table
    ("ix_figure_reported_by_reporter", "figure", "reported_by, reporter"),
    # statements newest first, and by speaker
    ("ix_statement_published", "statement", "published_at"),
    ("ix_statement_speaker", "statement", "speaker"),
    # a series' history, and the series list / chart by watch
    ("ix_series_point_series_figure", "series_point", "series_id, figure_id"),
    ("ix_series_watch", "series", "watch"),
    # export of a time range: "when" of a version is its publication date, else its fetch time
    ("ix_item_version_when", "item_version", "coalesce(published_at, fetched_at)"),
]

VIEWS = {
    "v_figures": """
        SELECT f.id AS figure_id, f.published_at, s.key AS source, s.organization AS source_organization,
               f.reporter, f.reported_by, f.number, f.number_max, f.qualifier, f.vague, f.outcome,
               f.victim_group, f.perpetrator, f.place, f.as_of, f.sentence, f.url,
               f.item_id, f.item_version_id, iv.version, iv.fetched_at
        FROM figure f
        JOIN source s ON s.id = f.source_id
        JOIN item_version iv ON iv.id = f.item_version_id
    """,
    "v_series": """
        SELECT se.id AS series_id, se.uid AS series_uid, se.watch, se.reporter, se.outcome, se.victim_group,
               se.perpetrator, sp.id AS point_id, sp.role, sp.revision, sp.number, f.number_max, f.qualifier,
               f.published_at, s.key AS source, f.url, f.sentence, f.id AS figure_id, f.item_version_id,
               se.number AS current_number, se.published_at AS current_published_at
        FROM series se
        JOIN series_point sp ON sp.series_id = se.id
        JOIN figure f ON f.id = sp.figure_id
        JOIN source s ON s.id = f.source_id
    """,
    "v_statements": """
        SELECT st.id AS statement_id, st.published_at, s.key AS source, st.speaker, st.role, st.organization,
               st.official, st.kind, st.text, st.url, st.thread_key, st.item_id, st.item_version_id
        FROM statement st
        JOIN source s ON s.id = st.source_id
    """,
}

SQLITE_FTS = [
    "CREATE VIRTUAL TABLE item_version_fts USING fts5("
    "title, text, content='item_version', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER item_version_fts_ai AFTER INSERT ON item_version BEGIN "
    "INSERT INTO item_version_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "CREATE TRIGGER item_version_fts_ad AFTER DELETE ON item_version BEGIN "
    "INSERT INTO item_version_fts(item_version_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text); END",
    "CREATE TRIGGER item_version_fts_au AFTER UPDATE OF title, text ON item_version BEGIN "
    "INSERT INTO item_version_fts(item_version_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text); "
    "INSERT INTO item_version_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    # versions archived before this migration
    "INSERT INTO item_version_fts(item_version_fts) VALUES ('rebuild')",
]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for name, table, columns in INDEXES:
        op.execute(f"CREATE INDEX {name} ON {table} ({columns})")
    if dialect == "sqlite":
        for statement in SQLITE_FTS:
            op.execute(statement)
    else:
        op.execute(f"CREATE INDEX ix_item_version_fulltext ON item_version USING gin ({PG_TSVECTOR})")
    for name, body in VIEWS.items():
        op.execute(f"CREATE VIEW {name} AS {body.strip()}")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for name in reversed(list(VIEWS)):
        op.execute(f"DROP VIEW {name}")
    if dialect == "sqlite":
        for trigger in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER item_version_fts_{trigger}")
        op.execute("DROP TABLE item_version_fts")
    else:
        op.execute("DROP INDEX ix_item_version_fulltext")
    for name, _table, _columns in reversed(INDEXES):
        op.execute(f"DROP INDEX {name}")
