"""Questions about many keys at once, in IN lists of a bounded length (SQLite takes at most 32,766 parameters in
one statement): the chunks of a list of keys, and the rows matching pairs of two columns."""

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


def rows_of_pairs(
    session: Session, columns: Sequence[InstrumentedAttribute[Any]], first: InstrumentedAttribute[Any],
    second: InstrumentedAttribute[Any], firsts: Iterable[Any], seconds: Iterable[Any], *, distinct: bool = False,
) -> Iterator[Row[Any]]:
    """The rows (of `columns`) whose `first` is one of `firsts` and `second` one of `seconds`: each chunk of the
    one against each chunk of the other, so that an index on (first, second) answers every question."""
    outer, inner = sorted(set(firsts)), sorted(set(seconds))
    for a in chunks(outer):
        for b in chunks(inner):
            query = select(*columns).where(first.in_(a), second.in_(b))
            yield from session.execute(query.distinct() if distinct else query)
