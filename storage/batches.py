"""Questions about many keys at once, in lists of a bounded length (SQLite takes at most 32,766 parameters in
one statement): the chunks of a list of keys, and the rows matching given pairs of two columns."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import Row, select
from sqlalchemy.orm import InstrumentedAttribute, Session

IN_CHUNK = 500  # values per IN list
T = TypeVar("T")


def chunks(values: Sequence[T], size: int = IN_CHUNK) -> Iterator[Sequence[T]]:
    """`values` in consecutive slices of at most `size`."""
    for i in range(0, len(values), size):
        yield values[i : i + size]


PAIR_PROBES = 4096  # index lookups one question about pairs may make: its firsts × its seconds


def rows_of_pairs(
    session: Session, first: InstrumentedAttribute[Any], second: InstrumentedAttribute[Any],
    pairs: Iterable[tuple[Any, Any]], *also: InstrumentedAttribute[Any], distinct: bool = False,
) -> Iterator[Row[Any]]:
    """The rows (first, second, *also) whose (first, second) is one of `pairs`. Asked as "first IN (…) AND
    second IN (…)", which an index on (first, second) answers with one lookup per combination of the two lists:
    the pairs, in order, go in groups whose combinations stay few. One group for all of a feed's 1,300 quotes made
    600,000 lookups; SQLite answers "(first, second) IN (VALUES …)" by reading the whole index, and a list of
    VALUES is compiled afresh for every question."""
    wanted = set(pairs)
    query = select(first, second, *also)
    # Core on the session's connection: the tables asked about (items, versions, statements) are written through
    # Core, never left pending in the unit of work, so the ORM's autoflush and per-call work buy nothing here
    connection = session.connection()
    for firsts, seconds in _groups(sorted(wanted)):
        asked = query.where(first.in_(firsts), second.in_(seconds))
        for row in connection.execute(asked.distinct() if distinct else asked):
            if (row[0], row[1]) in wanted:
                yield row


def _groups(pairs: Sequence[tuple[T, Any]]) -> Iterator[tuple[list[T], list[Any]]]:
    firsts: dict[T, None] = {}
    seconds: dict[Any, None] = {}
    for a, b in pairs:
        grown_a, grown_b = len(firsts) + (a not in firsts), len(seconds) + (b not in seconds)
        if firsts and (grown_a * grown_b > PAIR_PROBES or max(grown_a, grown_b) > IN_CHUNK):
            yield list(firsts), list(seconds)
            firsts, seconds = {}, {}
        firsts[a] = None
        seconds[b] = None
    if firsts:
        yield list(firsts), list(seconds)
