"""Pure change rules: what a new figure or statement means for a series (no database, no extraction)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from crawler.extract import canonical_reporter
from crawler.extract.records import Figure, Statement
from crawler.track.changes import (
    Observation,
    PriorStatement,
    SeriesState,
    judge,
    percent,
    speaker_key,
    statement_changes,
    text_hash,
    word_diff,
)
from crawler.track.series import Reporters, is_trackable, reporter_of, series_key

T0 = datetime(2025, 3, 8, 12, tzinfo=UTC)
MONITORS = ["Syrian Observatory for Human Rights", "Syrian Network for Human Rights"]


def fig(number: int | None, reported_by: str | None = "SOHR", qualifier: str = "exact", vague: str | None = None,
        perpetrator: str | None = None) -> Figure:  # fmt: skip
    return Figure(number, None, qualifier, vague, "killed", "civilians", perpetrator, reported_by, None, None,
                  "sentence", 0, 10)  # fmt: skip


STATE = SeriesState(number=745, number_max=None, published_at=T0, item_id=1, source_id=1, history=(745,))


def obs(number: int, *, hours: int = 1, item: int = 2, by_reporter: bool = False) -> Observation:
    return Observation(number, None, T0 + timedelta(hours=hours), item, 2, by_reporter)


def test_first_figure_creates_a_series() -> None:
    assert judge(None, obs(745)) == "created"


def test_same_figure_from_another_outlet_is_corroboration_not_a_change() -> None:
    assert judge(STATE, obs(745, item=7)) == "corroboration"
    assert judge(STATE, obs(745, item=1)) == "repeat"


def test_higher_figure_is_a_change() -> None:
    assert judge(STATE, obs(973)) == "changed"
    assert percent(745, 973) == 30.6


def test_lower_figure_from_an_older_publication_is_stale_not_a_drop() -> None:
    assert judge(STATE, obs(700, hours=-5, by_reporter=True)) == "stale"
    # even a higher number, if published before the current value, does not move the series
    assert judge(STATE, obs(800, hours=-5)) == "stale"


def test_lower_figure_republished_by_an_outlet_is_not_a_drop() -> None:
    moved = SeriesState(973, None, T0, 1, 1, (745, 973))
    assert judge(moved, obs(745, hours=3, item=9, by_reporter=False)) == "stale"


def test_genuine_drop_by_the_reporter_itself_is_a_revision() -> None:
    moved = SeriesState(973, None, T0, 1, 1, (745, 973))
    assert judge(moved, obs(950, hours=3, item=9, by_reporter=True)) == "revision"
    # the same article edited down counts as the reporter's own revision too
    assert judge(moved, obs(950, hours=3, item=1, by_reporter=False)) == "revision"


def test_vague_figures_make_no_series() -> None:
    assert not is_trackable(fig(None, qualifier="vague", vague="hundreds"))
    assert is_trackable(fig(745))


def test_reporter_aliases_from_config_and_extractor() -> None:
    names = Reporters.build({"SOHR": ["Syrian Observatory for Human Rights", "Syrian Human Rights Observatory"]},
                            canonical_reporter)  # fmt: skip
    assert names.normalize("Syrian Human Rights Observatory") == "SOHR"
    assert names.normalize("syrian observatory for human rights") == "SOHR"
    assert names.normalize("SOHR") == "SOHR"
    assert names.same("SOHR", "Syrian Observatory for Human Rights")
    assert not names.same("SNHR", "SOHR")
    plain = Reporters.build({}, canonical_reporter)
    assert plain.normalize("Syrian Human Rights Observatory") == plain.normalize("SOHR")


def test_unattributed_figure_in_a_monitors_own_publication_belongs_to_it() -> None:
    names = Reporters.build({}, canonical_reporter)
    assert reporter_of(fig(745, reported_by=None), names, "SOHR", MONITORS) == "Syrian Observatory for Human Rights"
    assert reporter_of(fig(745, reported_by=None), names, "Associated Press", MONITORS) is None


def test_series_identity_includes_perpetrator_and_watch() -> None:
    a = series_key(fig(148, "SNHR", perpetrator="non-state armed groups"), "SNHR", "coast")
    b = series_key(fig(327, "SNHR", perpetrator="security forces"), "SNHR", "coast")
    c = series_key(fig(327, "SNHR", perpetrator="security forces"), "SNHR", "all")
    assert len({a, b, c}) == 3


def st(speaker: str, text: str, official: bool = True) -> Statement:
    return Statement(speaker, "President", None, official, "quote", text, 0, len(text))


def prior(i: int, speaker: str, text: str) -> PriorStatement:
    return PriorStatement(i, speaker_key(speaker), text, text_hash(text), f"t{i}")


def test_statement_new_unchanged_repeat_and_edited() -> None:
    old = "We must maintain national unity and civil peace in the country."
    edited = "We must maintain national unity and civil peace in the whole country."
    previous = [prior(1, "Ahmed al-Sharaa", old)]
    got = statement_changes([st("Ahmed al-Sharaa", edited)], previous, set())
    assert [c.verdict for c in got] == ["edited"] and got[0].prior is not None and got[0].prior.id == 1
    same = statement_changes([st("Ahmed al-Sharaa", old + " ")], previous, set())
    assert [c.verdict for c in same] == ["unchanged"]
    new = statement_changes([st("Marco Rubio", "The United States condemns the attacks.")], previous, set())
    assert [c.verdict for c in new] == ["new"]
    seen = {(speaker_key("Marco Rubio"), text_hash("The United States condemns the attacks."))}
    rep = statement_changes([st("Marco Rubio", "The United States condemns the attacks")], [], seen)
    assert [c.verdict for c in rep] == ["repeat"]


def test_word_diff_marks_removed_and_added_words() -> None:
    assert word_diff("civil peace in the country", "civil peace in the whole country") == (
        ("=", "civil peace in the"), ("+", "whole"), ("=", "country"))  # fmt: skip
