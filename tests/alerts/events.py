"""Event builders shared by the alert tests."""

from __future__ import annotations

from typing import Any

from alerts.events import (
    FigureChanged,
    SeriesCreated,
    SourceFailed,
    SourceRecovered,
    SourceSilent,
    StatementEdited,
    StatementNew,
)

SENTENCE = "On Sunday the Syrian Observatory for Human Rights said 973 civilians had been killed."


def changed(old: int = 745, new: int = 973, **kw: Any) -> FigureChanged:
    base: dict[str, Any] = dict(
        series_uid="abc", watch="syria-coast", reporter="SOHR", outcome="killed", victim_group="civilians",
        perpetrator=None, place="western Syria", old_number=old, new_number=new, old_qualifier="exact",
        qualifier="exact", number_max=None, delta=new - old, percent=round((new - old) * 100 / old, 1),
        revision=new < old, sentence=SENTENCE, url="https://www.syriahr.com/en/2/", previous_url="https://www.syriahr.com/en/1/",
        published_at="2025-03-09T10:00:00+00:00", previous_published_at="2025-03-08T10:00:00+00:00", source_key="sohr",
    )  # fmt: skip
    return FigureChanged(**{**base, **kw})


def created(**kw: Any) -> SeriesCreated:
    base: dict[str, Any] = dict(
        series_uid="abc", watch="syria-coast", reporter="SOHR", outcome="killed", victim_group="civilians",
        perpetrator=None, place=None, number=745, number_max=None, qualifier="exact", sentence=SENTENCE,
        url="https://www.syriahr.com/en/1/", published_at="2025-03-08T10:00:00+00:00", source_key="sohr",
    )  # fmt: skip
    return SeriesCreated(**{**base, **kw})


def statement(text: str = "We condemn the attacks.", **kw: Any) -> StatementNew:
    base: dict[str, Any] = dict(
        statement_key="s1", watch="syria-coast", speaker="Marco Rubio", role="Secretary of State",
        organization=None, quote_kind="quote", text=text, url="https://state.example/1", published_at=None,
        source_key="state",
    )  # fmt: skip
    return StatementNew(**{**base, **kw})


def edited() -> StatementEdited:
    return StatementEdited(
        statement_key="s1", watch="syria-coast", speaker="Marco Rubio", role="Secretary of State", organization=None,
        old_text="We condemn the attacks.", new_text="We strongly condemn the attacks.",
        diff=(("=", "We"), ("+", "strongly"), ("=", "condemn the attacks.")), url="https://state.example/1",
        published_at=None, source_key="state",
    )  # fmt: skip


def source_failed(**kw: Any) -> SourceFailed:
    base: dict[str, Any] = dict(
        source_key="ocha", source_name="OCHA Sudan", url="https://ocha.example/feed.xml", watch="", failures=3,
        error="HTTP 503 from https://ocha.example/feed.xml", since="2025-03-09T09:00:00+00:00",
        published_at="2025-03-09T10:00:00+00:00",
    )  # fmt: skip
    return SourceFailed(**{**base, **kw})


def source_recovered(**kw: Any) -> SourceRecovered:
    base: dict[str, Any] = dict(
        source_key="ocha", source_name="OCHA Sudan", url="https://ocha.example/feed.xml", watch="", failures=4,
        since="2025-03-09T09:00:00+00:00", published_at="2025-03-09T11:00:00+00:00",
    )  # fmt: skip
    return SourceRecovered(**{**base, **kw})


def source_silent(**kw: Any) -> SourceSilent:
    base: dict[str, Any] = dict(
        source_key="ocha", source_name="OCHA Sudan", url="https://ocha.example/feed.xml", watch="",
        last_item_at="2025-03-05T09:00:00+00:00", usual_gap_hours=24.0, silent_hours=96.0,
        published_at="2025-03-09T09:00:00+00:00",
    )  # fmt: skip
    return SourceSilent(**{**base, **kw})
