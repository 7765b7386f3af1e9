"""Write-side functions for tracking: figures, series and their points, statements.

Callers (crawler.track.record) hold the transaction; uniqueness is decided by the schema's constraints.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import TextClause, bindparam, func, insert, select, text
from sqlalchemy.orm import Session

from storage.batches import rows_of_pairs
from storage.models import (
    OFFICIAL_STATEMENT,
    Figure,
    ItemVersion,
    Series,
    SeriesPoint,
    SpeakerName,
    Statement,
)


def add_figures(session: Session, rows: Sequence[dict[str, Any]]) -> list[Figure]:
    """Write a version's figures in one flush (one per figure was 4 % of a cold poll's CPU); they have their ids
    on return."""
    figures = [Figure(**fields) for fields in rows]
    session.add_all(figures)
    session.flush()
    return figures


def find_series(
    session: Session, *, watch: str, reporter: str, outcome: str, victim_group: str, perpetrator: str
) -> Series | None:
    return session.scalar(
        select(Series).where(
            Series.watch == watch,
            Series.reporter == reporter,
            Series.outcome == outcome,
            Series.victim_group == victim_group,
            Series.perpetrator == perpetrator,
        )
    )


def group_at(session: Session, *, watch: str, reporter: str, outcome: str, perpetrator: str, number: int) -> str | None:
    """The victim group of the reporter's one series of this outcome that stands at this number now, if one does
    (the series a correction names: "54 people, fewer than the 60 it reported", after "60 worshippers")."""
    groups = session.scalars(
        select(Series.victim_group).where(
            Series.watch == watch, Series.reporter == reporter, Series.outcome == outcome,
            Series.perpetrator == perpetrator, Series.number == number,
        ).limit(2)
    ).all()
    return groups[0] if len(groups) == 1 else None


def create_series(session: Session, figure: Figure, *, watch: str, reporter: str, perpetrator: str) -> Series:
    assert figure.number is not None
    series = Series(
        uid=uuid.uuid4().hex,
        watch=watch,
        reporter=reporter,
        outcome=figure.outcome,
        victim_group=figure.victim_group,
        perpetrator=perpetrator,
        number=figure.number,
        number_max=figure.number_max,
        qualifier=figure.qualifier,
        current_figure_id=figure.id,
        published_at=figure.published_at,
        points=0,
        created_at=figure.created_at,
        updated_at=figure.created_at,
    )
    session.add(series)
    session.flush()
    return series


def add_point(session: Session, series: Series, figure: Figure, role: str, *, revision: bool = False) -> SeriesPoint:
    """Join a figure to a series; a value point also moves the series' current value."""
    assert figure.number is not None
    point = SeriesPoint(
        series_id=series.id, figure_id=figure.id, role=role, number=figure.number, revision=revision,
        source_id=figure.source_id, published_at=figure.published_at,
    )
    session.add(point)
    series.points = (series.points or 0) + 1
    if role == "value":
        series.number, series.number_max, series.qualifier = figure.number, figure.number_max, figure.qualifier
        series.current_figure_id = figure.id
        series.published_at = figure.published_at
        series.updated_at = figure.created_at
    session.flush()
    return point


def series_values(session: Session, series_id: int, among: Iterable[int]) -> list[int]:
    """Which of the numbers `among` the series has taken as a value, ascending.

    One indexed lookup per number (ix_series_point_series_number), so its cost does not grow with the length of
    the series: tracking asks about the figure at hand, never for the whole history. The role is checked here,
    not in SQL: with it in the WHERE clause SQLite walks ix_series_point_series_role, every value of the series.
    """
    numbers = sorted(set(among))
    if not numbers:
        return []
    rows = session.execute(
        select(SeriesPoint.number, SeriesPoint.role).where(
            SeriesPoint.series_id == series_id, SeriesPoint.number.in_(numbers)
        )
    )
    return sorted({number for number, role in rows if role == "value"})


def figure_by_id(session: Session, figure_id: int | None) -> Figure | None:
    return session.get(Figure, figure_id) if figure_id is not None else None


def add_statements(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Write statement rows in one batch (an executemany: no ids read back, which on SQLite would cost one INSERT
    per row), and the endings of their speakers' keys (speaker_name, for `speakers_named`)."""
    if not rows:
        return
    # Core on the session's connection, by a statement built once: one executemany, however many rows have None,
    # without the ORM's per-call work (a cold poll writes a batch for each of some 600 versions)
    session.connection().execute(_STATEMENT_INSERT, list(rows))
    record_speakers(session, {row["speaker_key"] for row in rows})


_STATEMENT_INSERT = insert(Statement.__table__)


def add_statement_returning_id(session: Session, row: dict[str, Any]) -> int:
    """Write one statement row and return its id (a statement an alert names)."""
    statement_id = session.scalar(insert(Statement).returning(Statement.id), row)
    record_speakers(session, {row["speaker_key"]})
    assert statement_id is not None
    return statement_id


# after a surname: "ferdinand marcos jr." (storage reads no rules: crawler.track.series.NAME_SUFFIXES, the same
# suffixes as the extraction lexicon gives them, is checked equal to it by a test)
NAME_SUFFIXES = frozenset({"jr.", "jr", "sr.", "sr", "ii", "iii", "iv"})


def speaker_tails(speaker_key: str) -> list[str]:
    """Each ending of a speaker key after a space or a hyphen: "ahmed al-sharaa" → ["al-sharaa", "sharaa"]; a key
    that ends in a name's suffix gives the endings without it as well ("ferdinand marcos jr." → … "marcos"), and
    a Korean name its family name, written first ("choi sang-mok" → … "choi")."""
    tails = [speaker_key[i + 1 :] for i, c in enumerate(speaker_key) if c in " -" and speaker_key[i + 1 :]]
    head, _, last = speaker_key.rpartition(" ")
    if head and last in NAME_SUFFIXES:
        tails.extend(t for t in speaker_tails(head) if t not in tails)
    if head and " " not in head and "-" in last and head.isalpha():
        # "choi sang-mok": a family name written first, before a hyphenated given name (a candidate only:
        # crawler.track.series.fuller_speakers tells it from "ahmed al-sharaa")
        tails.append(head)
    return tails


def record_speakers(session: Session, speaker_keys: Iterable[str]) -> None:
    """Write the speakers' endings unless they are archived (the unique constraint decides)."""
    rows = [{"tail": tail, "speaker_key": key} for key in sorted(set(speaker_keys)) for tail in speaker_tails(key)]
    if not rows:
        return
    # through the connection, not the unit of work: no autoflush of the rows waiting for their batch
    session.connection().execute(_speaker_upsert(session.get_bind().dialect.name), rows)


@functools.cache
def _speaker_upsert(dialect: str) -> Any:
    """INSERT … ON CONFLICT DO NOTHING of speaker_name rows, built once per dialect."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as upsert
    else:
        from sqlalchemy.dialects.sqlite import insert as upsert
    return upsert(SpeakerName.__table__).on_conflict_do_nothing()


def previous_version_id(session: Session, item_id: int, version: int) -> int | None:
    if version <= 1:  # an item's first version (crawler.ingest numbers them from 1): nothing to ask
        return None
    return session.scalar(
        select(ItemVersion.id)
        .where(ItemVersion.item_id == item_id, ItemVersion.version < version)
        .order_by(ItemVersion.version.desc())
        .limit(1)
    )


RECENT_VERSIONS = 3  # an item's statements are compared with those of its last versions, not the last one only


def statements_before(session: Session, item_id: int, version: int) -> list[Statement]:
    """The item's statements as its last RECENT_VERSIONS versions before this one hold them, each thread's newest:
    a page whose main text shows one section in one version and several in the next (a reader that takes the
    first <article> only, then all) keeps the statements it dropped for a version, so that their edit is an edit
    and their return is no new statement."""
    if version <= 1:
        return []
    ids = list(session.scalars(
        select(ItemVersion.id).where(ItemVersion.item_id == item_id, ItemVersion.version < version)
        .order_by(ItemVersion.version.desc()).limit(RECENT_VERSIONS)
    ))  # fmt: skip
    if not ids:
        return []
    rows = session.scalars(select(Statement).where(Statement.item_version_id.in_(ids)))
    rank = {vid: i for i, vid in enumerate(ids)}  # 0: the previous version
    # each thread as the newest version holding it has it: all of its statements there ("He added …" below the
    # speaker's statement grew that statement: two rows of one thread in one version)
    newest: dict[str, int] = {}
    kept: list[Statement] = []
    for st in sorted(rows, key=lambda st: (rank[st.item_version_id], st.start)):
        if newest.setdefault(st.thread_key, rank[st.item_version_id]) == rank[st.item_version_id]:
            kept.append(st)
    return sorted(kept, key=lambda st: (rank[st.item_version_id] > 0, st.start))


def statement_hashes_seen(session: Session, pairs: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """The (speaker_key, text_hash) pairs the archive holds among these. One lookup of ix_statement_speaker_hash
    per pair: the cost does not grow with how often the speakers were quoted."""
    return {(k, h) for k, h in rows_of_pairs(session, Statement.speaker_key, Statement.text_hash, pairs, distinct=True)}


RECENT_STATEMENTS = 200  # texts compared for a reworded repeat: the newest of each speaker a version quotes


def statement_texts_seen(
    session: Session, speaker_keys: Iterable[str], *, limit: int = RECENT_STATEMENTS
) -> dict[str, list[str]]:
    """speaker_key → texts of that speaker's newest archived statements (at most `limit` each), newest first.
    One short read of ix_statement_speaker_id per speaker (newest first, stopping at `limit`), by a statement
    compiled once per process: a much-quoted speaker costs no more than a rarely quoted one. A single ranked
    question for all the speakers read every statement of each (14 s of a 40 s cold poll against 1 M
    versions)."""
    table = Statement.__table__.c
    newest = select(table.text).where(table.speaker_key == bindparam("key")).order_by(table.id.desc()).limit(limit)
    out: dict[str, list[str]] = {}
    connection = session.connection()  # Core, not the ORM: a third of the cost of each of these many questions
    for key in sorted(_quoted(session, speaker_keys)):  # a speaker never quoted costs no question of its own
        texts = connection.execute(newest, {"key": key}).scalars().all()  # one fetchall, not a fetch per row
        if texts:
            out[key] = texts
    return out


def written_name(session: Session, speaker_key: str, besides: str) -> str | None:
    """The fullest name, other than `besides`, that a speaker's newest statements give them as written ("Choi
    Sang-mok" for a statement that says "Choi", "Francois-Xavier Bieuville" for "The prefect"): the one with most
    capitalised words. One short read of ix_statement_speaker_id."""
    names = session.connection().execute(
        select(Statement.speaker).where(Statement.speaker_key == speaker_key).order_by(Statement.id.desc()).limit(20)
    ).scalars().all()
    return max((n for n in names if n != besides), key=lambda n: sum(w[:1].isupper() for w in n.split()), default=None)


def speakers_named(session: Session, surnames: Iterable[str]) -> dict[str, int]:
    """Speaker keys of the archive whose last word is one of these surnames ("… antonio guterres", "… al-sharaa"),
    first quoted first, each with the id that orders them. One lookup of the unique index of speaker_name (every
    ending of every speaker key), so its cost does not grow with the statements archived: a suffix match over
    statement.speaker_key scanned them all, once per version that names someone by a surname alone."""
    names = sorted(set(surnames))
    if not names:
        return {}
    rows = session.execute(
        select(SpeakerName.speaker_key, func.min(SpeakerName.id))
        .where(SpeakerName.tail.in_(names))
        .group_by(SpeakerName.speaker_key)
    )
    return dict(sorted(rows, key=lambda r: r[1]))


def series_history(session: Session, series_id: int) -> list[tuple[SeriesPoint, Figure]]:
    rows = session.execute(
        select(SeriesPoint, Figure)
        .join(Figure, Figure.id == SeriesPoint.figure_id)
        .where(SeriesPoint.series_id == series_id)
        .order_by(SeriesPoint.id)
    )
    return [(p, f) for p, f in rows.tuples()]



def figure_sentences_of_version(session: Session, item_version_id: int | None) -> list[tuple[str, int | None, str]]:
    """(sentence, number, outcome) of every figure archived for one version."""
    if item_version_id is None:
        return []
    rows = session.execute(
        select(Figure.sentence, Figure.number, Figure.outcome).where(Figure.item_version_id == item_version_id)
    )
    return [(s, n, o) for s, n, o in rows]


def series_since(session: Session, after_id: int) -> list[tuple[int, str, str, str]]:
    """(id, reporter, outcome, victim group) of the series created after series `after_id`, oldest first: what a
    tracker that has read the series up to that one has yet to learn (a step of the primary key, not a scan)."""
    rows = session.execute(
        select(Series.id, Series.reporter, Series.outcome, Series.victim_group)
        .where(Series.id > after_id)
        .order_by(Series.id)
    )
    return [(i, r, o, v) for i, r, o, v in rows]


def series_perpetrators(session: Session, *, watch: str, reporter: str, outcome: str, victim_group: str) -> set[str]:
    """The perpetrators a reporter's own breakdown split this reporter × outcome × victim group into."""
    rows = session.scalars(
        select(Series.perpetrator).where(
            Series.watch == watch, Series.reporter == reporter, Series.outcome == outcome,
            Series.victim_group == victim_group, Series.perpetrator != "",
        )  # fmt: skip
    )
    return set(rows)


def perpetrator_of_value(
    session: Session, *, watch: str, reporter: str, outcome: str, victim_group: str, number: int
) -> str | None:
    """The perpetrator of the reporter's breakdown series (outcome × victim group) that has taken `number` as a
    value, if one has: the series a restatement of that number, worded otherwise, corroborates."""
    return session.scalar(
        select(Series.perpetrator)
        .join(SeriesPoint, SeriesPoint.series_id == Series.id)
        .where(
            Series.watch == watch, Series.reporter == reporter, Series.outcome == outcome,
            Series.victim_group == victim_group, Series.perpetrator != "",
            SeriesPoint.number == number, SeriesPoint.role == "value",
        )  # fmt: skip
        .order_by(Series.id)
        .limit(1)
    )


OWN_SOURCES_STEPPED = 8  # up to this many own sources, one backward index step each; more, one query over them


def own_latest(session: Session, series_id: int, source_ids: Iterable[int]) -> Any:
    """When the newest figure of this series published by the given sources (the reporter's own) came out.

    A reporter has a source or two of its own: one backward walk of ix_series_point_series_source_published per
    source, stopping at its first point that is not an increment, so the cost does not grow with the length of
    the series. Many own sources (a config that gives hundreds of feeds one organization) are asked in one query.
    """
    ids = sorted(set(source_ids))
    if not ids:
        return None
    wanted = (SeriesPoint.series_id == series_id, SeriesPoint.role != "increment", SeriesPoint.published_at.is_not(None))
    if len(ids) > OWN_SOURCES_STEPPED:
        return session.scalar(select(func.max(SeriesPoint.published_at)).where(*wanted, SeriesPoint.source_id.in_(ids)))
    newest = None
    for source_id in ids:
        at = session.scalar(
            select(SeriesPoint.published_at)
            .where(*wanted, SeriesPoint.source_id == source_id)
            .order_by(SeriesPoint.published_at.desc())
            .limit(1)
        )
        if at is not None and (newest is None or at > newest):
            newest = at
    return newest


def same_fact_series(
    session: Session, *, watch: str, reporter: str, outcome: str, perpetrator: str, victim_group: str, number: int,
    categories: Iterable[str] = (),
) -> Series | None:
    """A series of the same reporter and outcome at the same number, one of the two victim groups generic: "people"
    or a wording that is none of the categories ("21 passengers" beside the reporter's "21 hostages")."""
    query = select(Series).where(
        Series.watch == watch, Series.reporter == reporter, Series.outcome == outcome,
        Series.perpetrator == perpetrator, Series.number == number, Series.victim_group != victim_group,
    )  # fmt: skip
    categories = frozenset(categories)
    if victim_group in categories:  # ("people" is none of them)
        query = query.where(Series.victim_group.notin_(categories))
    return session.scalars(query.order_by(Series.id).limit(1)).first()


TRACKING_LOCK = 0x746F6C6C  # "toll": one transaction-scoped advisory lock for every tracking transaction


def lock_tracking(session: Session) -> None:
    """Serialize tracking transactions on PostgreSQL (SQLite has one writer anyway): two sources polled at
    once that carry the same figure must not both see the series unchanged and both alert, nor both create it."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": TRACKING_LOCK})


RECENT_OFFICIAL = 500  # official statements of any speaker a state's voice is compared with


def recent_official_texts(session: Session, since: datetime, *, limit: int = RECENT_OFFICIAL) -> list[str]:
    """Texts of the archive's newest official statements (at most `limit`, of any speaker) archived since `since`,
    newest first. A backward step of the primary key that stops at `limit` official rows: no scan of the
    archive, whatever its size."""
    table = Statement.__table__.c
    rows = session.connection().execute(
        select(table.text, table.created_at).where(Statement.official).order_by(table.id.desc()).limit(limit)
    )
    return [text for text, created in rows if created is None or created >= since]


def official_speakers(session: Session, speaker_keys: Iterable[str]) -> set[str]:
    """The speakers among these that the archive already has an official statement of: one question (_quoted),
    an EXISTS per speaker in the partial index ix_statement_official_speaker (official statements only) that
    stops at the first row: a DISTINCT over all the speakers at once read every official statement of each
    (18 % of a cold poll against 1 M versions)."""
    return _quoted(session, speaker_keys, official=True)


_KEYS_PER_QUESTION = 512  # speaker keys sent in one VALUES list


def _quoted(session: Session, speaker_keys: Iterable[str], *, official: bool = False) -> set[str]:
    """The speakers among these that the archive holds a statement of (an official one when `official`). One
    question per _KEYS_PER_QUESTION speakers: a VALUES list of the keys, each kept when an EXISTS finds a row in
    its index (ix_statement_speaker_id, or the partial ix_statement_official_speaker), which stops at the first;
    so a much-quoted speaker costs what a rarely quoted one does, and the batch costs one round trip, not one
    per speaker (two per speaker quoted were half the questions of a cold poll)."""
    keys = sorted(set(speaker_keys))
    found: set[str] = set()
    for at in range(0, len(keys), _KEYS_PER_QUESTION):
        chunk = keys[at : at + _KEYS_PER_QUESTION]
        size = _padded(len(chunk))
        chunk += chunk[-1:] * (size - len(chunk))  # a repeated key changes no answer
        params = {f"k{i}": key for i, key in enumerate(chunk)}
        question = _quoted_question(size, f" AND {OFFICIAL_STATEMENT[session.get_bind().dialect.name]}" if official else "")
        found.update(session.connection().execute(question, params).scalars())
    return found


def _padded(n: int) -> int:
    """n rounded up to a power of two (at least 8): a few shapes of the question, each compiled once."""
    size = 8
    while size < n:
        size *= 2
    return size


@functools.lru_cache(maxsize=64)
def _quoted_question(size: int, official: str) -> TextClause:
    """The question for `size` keys bound as k0…k{size-1}. Written as text, the same object each time, because
    SQLAlchemy does not cache a VALUES construct: it compiled one afresh for every batch."""
    wanted = ", ".join(f"(:k{i})" for i in range(size))
    return text(
        f"WITH wanted(speaker) AS (VALUES {wanted}) SELECT wanted.speaker FROM wanted WHERE EXISTS "
        f"(SELECT 1 FROM statement WHERE statement.speaker_key = wanted.speaker{official})"
    )
