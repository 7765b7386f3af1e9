"""Tracking into a real archive (SQLite and PostgreSQL): series, corroboration, stale figures, revisions,
statements, and the outbox rows written in the same transaction. Extraction records are built by hand."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from crawler.config import parse_config
from crawler.document import Document
from crawler.extract import extract
from crawler.extract.records import Extraction, Figure, Statement
from crawler.ingest import ingest
from crawler.poll import spec_of
from crawler.track import changes
from crawler.track.record import SourceRef, Tracker, record
from storage import sources as source_store
from storage.db import session_scope
from storage.models import Alert, Delivery, Series, SeriesPoint
from storage.models import Figure as FigureRow
from storage.models import Statement as StatementRow

T0 = datetime(2025, 3, 8, 12, tzinfo=UTC)
SOURCES = [
    {"key": "sohr", "name": "SOHR", "organization": "SOHR", "type": "feed", "url": "http://sohr.test/feed",
     "baseline": False},
    {"key": "ap", "name": "AP", "organization": "Associated Press", "type": "feed", "url": "http://ap.test/feed",
     "baseline": False},
    {"key": "reuters", "name": "Reuters", "organization": "Reuters", "type": "feed", "url": "http://r.test/feed",
     "baseline": False},
    {"key": "state", "name": "State", "organization": "US State Department", "type": "page", "url": "http://s.test/",
     "baseline": False},
]
CHANNELS = [
    {"name": "desk-slack", "type": "slack", "webhook_url_env": "TW_TEST_SLACK"},
    {"name": "big-only", "type": "slack", "webhook_url_env": "TW_TEST_SLACK"},
]


def tracker(**extra: Any) -> Tracker:
    data = {"sources": SOURCES, "channels": CHANNELS, "aliases": {"SOHR": ["Syrian Observatory for Human Rights"]},
            "rules": [{"channel": "desk-slack"}, {"channel": "big-only", "min_change": 100}], **extra}  # fmt: skip
    return Tracker.from_config(parse_config(data, "test.yaml", check_env=False))


def fig(number: int | None, reported_by: str | None = "SOHR", *, vague: str | None = None) -> Figure:
    q = "vague" if number is None else "exact"
    return Figure(number, None, q, vague, "killed", "civilians", None, reported_by, None, None,
                  f"{reported_by} said {number} civilians had been killed.", 0, 40)  # fmt: skip


def publish(factory, tr: Tracker, key: str, guid: str, published: datetime, figures=(), statements=(),  # noqa: ANN001
            text: str | None = None, title: str | None = None) -> list[Any]:  # fmt: skip
    events: list[Any] = []
    extraction = Extraction(tuple(figures), tuple(statements))
    cfg = tr.config.source(key)
    doc = Document(source_key=key, guid=guid, url=f"http://{key}.test/{guid}", title=title or guid,
                   text=text or f"{guid} {[f.number for f in figures]} {[s.text for s in statements]}",
                   published=published, fetched_at=published)  # fmt: skip
    with session_scope(factory) as s:
        source = source_store.sync_sources(s, [spec_of(c) for c in tr.config.sources])[cfg.key]
        versions = ingest(s, source.id, [doc], now=published).versions
        ref = SourceRef(source.id, source.key, source.organization)
        events.extend(record(s, tr, ref, versions, [extraction] * len(versions), published))
    return events


def kinds(events: list[Any]) -> list[str]:
    return [e.kind for e in events]


def test_one_series_one_alert_and_corroboration_from_other_outlets(session_factory) -> None:  # noqa: ANN001
    tr = tracker()
    assert kinds(publish(session_factory, tr, "sohr", "s1", T0, [fig(745, None)])) == ["series_created"]
    assert publish(session_factory, tr, "ap", "a1", T0 + timedelta(hours=1),
                   [fig(745, "Syrian Observatory for Human Rights")]) == []  # fmt: skip
    assert publish(session_factory, tr, "reuters", "r1", T0 + timedelta(hours=2), [fig(745, "SOHR")]) == []
    with session_scope(session_factory) as s:
        series = s.scalars(select(Series)).one()
        roles = sorted(s.scalars(select(SeriesPoint.role)))
        assert (series.reporter, series.number, series.watch) == ("SOHR", 745, "all")
        assert roles == ["corroboration", "corroboration", "value"]
        assert s.scalar(select(func.count()).select_from(Alert)) == 1
        # the rules: desk-slack gets everything, big-only only changes of 100 or more (a new series is not a change)
        assert sorted(s.scalars(select(Delivery.channel))) == ["big-only", "desk-slack"]


def test_changes_min_change_rule_stale_republication_and_revision(session_factory) -> None:  # noqa: ANN001
    tr = tracker()
    publish(session_factory, tr, "sohr", "s1", T0, [fig(745)])
    [small] = publish(session_factory, tr, "sohr", "s2", T0 + timedelta(hours=1), [fig(790)])
    assert (small.kind, small.old_number, small.new_number, small.delta) == ("figure_changed", 745, 790, 45)
    [big] = publish(session_factory, tr, "ap", "a2", T0 + timedelta(hours=2), [fig(973)])
    assert (big.old_number, big.new_number, big.percent, big.revision) == (790, 973, 23.2, False)
    assert big.previous_url == "http://sohr.test/s2" and big.url == "http://ap.test/a2"
    # an outlet's older article, and a wire repeating the old figure today: neither is a drop
    assert publish(session_factory, tr, "reuters", "r-old", T0 - timedelta(days=1), [fig(745)]) == []
    assert publish(session_factory, tr, "reuters", "r-new", T0 + timedelta(hours=3), [fig(745)]) == []
    # the monitor itself lowers its toll: an alert marked as a revision
    [rev] = publish(session_factory, tr, "sohr", "s3", T0 + timedelta(hours=4), [fig(950)])
    assert (rev.old_number, rev.new_number, rev.revision) == (973, 950, True)
    with session_scope(session_factory) as s:
        series = s.scalars(select(Series)).one()
        assert series.number == 950
        by_alert = {}
        for kind, channel in s.execute(select(Alert.kind, Delivery.channel).join(Delivery).order_by(Alert.id)):
            by_alert.setdefault(kind, []).append(channel)
        values = list(s.scalars(select(SeriesPoint.number).where(SeriesPoint.role == "value").order_by(SeriesPoint.id)))
        stale = list(s.scalars(select(SeriesPoint.number).where(SeriesPoint.role == "stale")))
    assert values == [745, 790, 973, 950]
    assert stale == [745, 745]
    # +45 and -23 stay under big-only's floor of 100; +183 passes
    deliveries = [(a.kind, sorted(d.channel for d in a.deliveries)) for a in _alerts(session_factory)]
    assert deliveries == [
        ("series_created", ["big-only", "desk-slack"]),
        ("figure_changed", ["desk-slack"]),
        ("figure_changed", ["big-only", "desk-slack"]),
        ("figure_changed", ["desk-slack"]),
    ]


def _alerts(factory) -> list[Alert]:  # noqa: ANN001
    with session_scope(factory) as s:
        out = list(s.scalars(select(Alert).order_by(Alert.id)))
        for a in out:
            _ = a.deliveries
        return out


def test_vague_figures_are_kept_but_make_no_series_and_no_alert(session_factory) -> None:  # noqa: ANN001
    tr = tracker()
    assert publish(session_factory, tr, "ap", "a1", T0, [fig(None, "SOHR", vague="hundreds"), replace(fig(None, None), start=50, end=90)]) == []
    with session_scope(session_factory) as s:
        assert s.scalar(select(func.count()).select_from(FigureRow)) == 2
        assert s.scalar(select(func.count()).select_from(Series)) == 0


def test_watches_each_get_their_series_and_unmatched_text_none(session_factory) -> None:  # noqa: ANN001
    tr = tracker(watches=[{"name": "coast", "keywords": ["Latakia"]}, {"name": "everything"}],
                 rules=[])  # fmt: skip
    events = publish(session_factory, tr, "sohr", "s1", T0, [fig(745)], text="745 killed in Latakia")
    assert sorted(e.watch for e in events) == ["coast", "everything"]
    events = publish(session_factory, tr, "sohr", "s2", T0, [fig(10, "SNHR")], text="10 killed in Idlib")
    assert [e.watch for e in events] == ["everything"]


def test_a_figure_in_two_watches_reaches_a_channel_once(session_factory) -> None:  # noqa: ANN001
    # one series per watch is kept, but the desk must not get the same toll twice
    tr = tracker(watches=[{"name": "coast", "keywords": ["Latakia"]}, {"name": "everything"}],
                 rules=[{"channel": "desk-slack"}, {"channel": "big-only", "watches": ["everything"]}])  # fmt: skip
    events = publish(session_factory, tr, "sohr", "s1", T0, [fig(745)], text="745 killed in Latakia")
    assert sorted(e.watch for e in events) == ["coast", "everything"]
    with session_scope(session_factory) as s:
        deliveries = sorted(s.execute(select(Delivery.channel, Alert.watch).join(Alert)).tuples().all())
    assert deliveries == [("big-only", "everything"), ("desk-slack", "coast")]


def st(text: str, speaker: str = "Marco Rubio", official: bool = True) -> Statement:
    return Statement(speaker, "Secretary of State", None, official, "quote", text, 0, len(text))


def test_statements_new_edited_and_repeated(session_factory) -> None:  # noqa: ANN001
    tr = tracker()
    said = "The United States condemns the radical Islamist terrorists that murdered people in western Syria."
    [new] = publish(session_factory, tr, "state", "page", T0, statements=[st(said), st("Not official.", "Bob", False)])
    assert (new.kind, new.speaker) == ("statement_new", "Marco Rubio")
    edit = said.replace("condemns", "strongly condemns")
    [changed] = publish(session_factory, tr, "state", "page", T0 + timedelta(hours=1), statements=[st(edit)])
    assert changed.kind == "statement_edited" and ("+", "strongly") in changed.diff
    assert changed.statement_key == new.statement_key  # one thread
    # a wire quoting the same words is corroboration, not a new statement
    assert publish(session_factory, tr, "ap", "a9", T0 + timedelta(hours=2), statements=[st(edit)]) == []


def test_a_statement_a_page_version_left_out_is_edited_not_new_when_it_returns(session_factory) -> None:  # noqa: ANN001
    """A page's reader gives one version only its newest section, the next all of them: the statement it left
    out for a version comes back as itself (no alert), or edited (statement_edited), never as a new one."""
    tr = tracker()
    said = "The United States condemns the attacks on civilians in western Syria and calls for accountability."
    other = "Washington will send humanitarian aid to the affected communities."
    [new] = publish(session_factory, tr, "state", "page", T0, statements=[st(said)])
    assert new.kind == "statement_new"
    [aid] = publish(session_factory, tr, "state", "page", T0 + timedelta(hours=1), statements=[st(other, "Tammy Bruce")])
    assert (aid.kind, aid.speaker) == ("statement_new", "Tammy Bruce")
    edit = said.replace("calls for accountability", "calls for accountability and a ceasefire")
    got = publish(session_factory, tr, "state", "page", T0 + timedelta(hours=2),
                  statements=[st(other, "Tammy Bruce"), st(edit)])  # fmt: skip
    assert [(e.kind, e.speaker) for e in got] == [("statement_edited", "Marco Rubio")]
    assert got[0].statement_key == new.statement_key


def test_a_toll_in_the_headline_only_is_tracked(session_factory) -> None:  # noqa: ANN001
    # article pages rarely repeat the headline in their main text; the headline carries the new toll
    tr = tracker()
    events: list[Any] = []
    doc = Document(source_key="sohr", guid="h1", url="http://sohr.test/h1",
                   title="Death toll of civilians on the Syrian coast rises to 973",
                   text="Clashes continued in Latakia and Tartus on Sunday, residents said.",
                   published=T0, fetched_at=T0)  # fmt: skip
    with session_scope(session_factory) as s:
        source = source_store.sync_sources(s, [spec_of(c) for c in tr.config.sources])["sohr"]
        versions = ingest(s, source.id, [doc], now=T0).versions
        extractions = [extract(v.reading_text, source_org=tr.monitor_org(source.organization)) for v in versions]
        events.extend(record(s, tr, SourceRef(source.id, source.key, source.organization), versions, extractions, T0))
    assert [(e.kind, e.reporter, e.number) for e in events] == [("series_created", "SOHR", 973)]


def test_the_earlier_count_a_reporter_names_moves_no_series(session_factory) -> None:  # noqa: ANN001
    """ "973 ..., up from 745": the series gets 973 only; a later outlet's "745 ... up from 600" recalls nothing new."""
    tr = tracker()
    text = "SOHR said 973 civilians had been killed since Thursday, up from 745 on Saturday."
    got = publish(session_factory, tr, "sohr", "u1", T0, extract(text).figures, text=text)
    assert [(e.kind, e.number) for e in got] == [("series_created", 973)]
    text = "SOHR said 1,018 civilians had been killed, up from 973."
    got = publish(session_factory, tr, "sohr", "u2", T0 + timedelta(hours=2), extract(text).figures, text=text)
    assert [(e.kind, e.old_number, e.new_number) for e in got] == [("figure_changed", 973, 1018)]


def test_an_official_quoted_by_his_office_s_title_reports_for_the_office(session_factory) -> None:  # noqa: ANN001
    """ "Refugee Relief and Repatriation Commissioner X told reporters" on a wire, then the commissioner's office on
    its own page: one series, the office's."""
    rrrc = {"key": "rrrc", "name": "RRRC", "organization": "Refugee Relief and Repatriation Commissioner (Bangladesh)",
            "type": "page", "url": "http://rrrc.test/", "baseline": False}  # fmt: skip
    tr = tracker(sources=[*SOURCES, rrrc])
    text = "At least seven people were killed, Refugee Relief and Repatriation Commissioner Shah Rezwan Hayat told reporters."
    [created] = publish(session_factory, tr, "ap", "f1", T0, extract(text).figures, extract(text).statements, text=text)
    assert (created.kind, created.number) == ("series_created", 7)
    text = "The office of the Refugee Relief and Repatriation Commissioner said 11 bodies had been recovered."
    got = publish(session_factory, tr, "rrrc", "p1", T0 + timedelta(hours=3), extract(text).figures, text=text)
    assert [(e.kind, e.old_number, e.new_number) for e in got] == [("figure_changed", 7, 11)]


def test_an_alert_shows_the_acronym_the_publication_used(session_factory) -> None:  # noqa: ANN001
    """ "The medical charity MSF said": the desk sees the full name and the acronym it searches for."""
    tr = tracker()
    text = "The medical charity MSF said its teams had treated 130 people injured in the fire."
    [created] = publish(session_factory, tr, "ap", "m1", T0, extract(text).figures, text=text)
    assert created.kind == "series_created" and created.reporter.endswith("(MSF)")
    assert "Frontieres" in created.reporter


def test_more_bodies_before_a_count_of_the_missing_is_an_increment(session_factory) -> None:  # noqa: ANN001
    """ "Two more bodies were recovered, and 20 people were still missing": the missing are a count, the two more
    dead add to a count nobody gave, so they make no series."""
    tr = tracker()
    text = ("Rescuers recovered two more bodies near the coast on Thursday, and 20 people were still missing in the "
            "province, the governor said.")  # fmt: skip
    got = publish(session_factory, tr, "ap", "g1", T0, extract(text).figures, text=text)
    assert [(e.kind, e.outcome, e.number) for e in got] == [("series_created", "missing", 20)]


def test_a_source_that_stops_publishing_is_silent_once(session_factory) -> None:  # noqa: ANN001
    from crawler.track.record import record_health
    from storage.models import FetchLog, Item

    tr = tracker()
    with session_scope(session_factory) as s:
        source = source_store.sync_sources(s, [spec_of(c) for c in tr.config.sources])["sohr"]
        s.add(FetchLog(source_id=source.id, started_at=T0 - timedelta(days=1), status="ok"))
        for day in range(8):  # one new item a day while monitored
            s.add(Item(source_id=source.id, guid=f"g{day}", first_seen=T0 + timedelta(days=day),
                       last_seen=T0 + timedelta(days=day)))  # fmt: skip
        s.flush()
        last = T0 + timedelta(days=7)
        assert record_health(s, tr, source.id, ok=True, error=None, now=last + timedelta(days=2)) == []
        [silent] = record_health(s, tr, source.id, ok=True, error=None, now=last + timedelta(days=3, hours=2))
        assert silent.kind == "source_silent" and silent.usual_gap_hours == 24.0 and silent.silent_hours == 74.0
        assert record_health(s, tr, source.id, ok=True, error=None, now=last + timedelta(days=5)) == []
        alerts = s.scalars(select(Alert).where(Alert.kind == "source_silent")).all()
        assert len(alerts) == 1  # once per silence, however many polls find it silent


def test_another_outlets_rewording_of_a_statement_is_no_new_alert(session_factory) -> None:  # noqa: ANN001
    tr = tracker()
    said = "The United States condemns the radical Islamist terrorists that murdered people in western Syria"
    [new] = publish(session_factory, tr, "state", "page", T0, statements=[st(said)])
    assert new.kind == "statement_new"
    reworded = "the United States condemned the radical Islamist terrorists who murdered people in western Syria"
    assert publish(session_factory, tr, "ap", "a9", T0 + timedelta(hours=2), statements=[st(reworded)]) == []
    other = "The United States will send aid to the survivors in western Syria"
    assert kinds(publish(session_factory, tr, "ap", "a10", T0 + timedelta(hours=3), statements=[st(other)])) == [
        "statement_new"]


def said(speaker: str, sentence: str, tolls: list[tuple[str, str]]) -> tuple[list[Figure], list[Statement], str]:
    """One sentence "<speaker> said <text>.": its statement and the figures (number, outcome) inside it."""
    start = len(speaker) + len(" said ")
    text = f"{speaker} said {sentence}."
    figures = []
    for number, outcome in tolls:
        at = text.index(number)
        figures.append(Figure(int(number), None, "exact", None, outcome, "people", None, speaker, None, None, text,
                              at, at + len(number)))  # fmt: skip
    return figures, [Statement(speaker, None, None, True, "reported", sentence, start, start + len(sentence))], text


def test_a_statement_that_also_calls_for_something_is_no_toll_only_statement(session_factory) -> None:  # noqa: ANN001
    tr = tracker()
    # the toll and nothing else: its figures alert, the statement does not (policy 5)
    figures, statements, text = said("Khalil al-Deqran", "an Israeli strike had killed 21 people, and wounded 48",
                                     [("21", "killed"), ("48", "injured")])  # fmt: skip
    got = publish(session_factory, tr, "ap", "a1", T0, figures, statements, text=text)
    assert sorted(kinds(got)) == ["series_created", "series_created"]
    # the same toll, then a coordinated clause with a verb of its own: a statement the desk must see
    figures, statements, text = said(
        "Khalil al-Deqran", "an Israeli strike had killed 21 people, and wounded 48, and called on the "
        "international community to protect hospitals", [("21", "killed"), ("48", "injured")])  # fmt: skip
    got = publish(session_factory, tr, "ap", "a2", T0 + timedelta(hours=1), figures, statements, text=text)
    assert [(e.kind, e.speaker) for e in got] == [("statement_new", "Khalil al-Deqran")]
    figures, statements, text = said(
        "The Ministry of the Interior", "the defence and security forces had arrested 11 suspects, and urged "
        "residents to cooperate with the security forces", [("11", "detained")])  # fmt: skip
    got = publish(session_factory, tr, "ap", "a3", T0 + timedelta(hours=2), figures, statements, text=text)
    assert [e.kind for e in got if e.kind.startswith("statement")] == ["statement_new"]


def test_a_toll_told_with_its_circumstances_is_a_toll_only_statement(session_factory) -> None:  # noqa: ANN001
    """The statement opens with the count and says nothing else: however long its circumstances, a toll."""
    tr = tracker()
    figures, statements, text = said(
        "the UN refugee agency", "43 people who had set out from the coast near Sabratha were missing after their "
        "overloaded rubber boat capsized in rough seas on Tuesday night", [("43", "missing")])  # fmt: skip
    got = publish(session_factory, tr, "ap", "t1", T0, figures, statements, text=text)
    assert kinds(got) == ["series_created"]
    # the count inside a claim that opens otherwise stays a statement
    figures, statements, text = said(
        "the UN refugee agency", "the coast guard had ignored distress calls for six hours before the boat capsized "
        "and 43 people went missing", [("43", "missing")])  # fmt: skip
    got = publish(session_factory, tr, "ap", "t2", T0 + timedelta(hours=1), figures, statements, text=text)
    assert [e.kind for e in got if e.kind.startswith("statement")] == ["statement_new"]


def headline_and_body(headline: tuple[str, str], body: tuple[str, str | None, str]) -> tuple[list[Statement], str]:
    """A headline statement (speaker, what the headline says) above one body statement (speaker, role, text)."""
    (hspeaker, hsaid), (bspeaker, brole, bsaid) = headline, body
    title = f"{hspeaker} {hsaid}"
    at = len(title) + 1 + len(bspeaker) + len(" said ")
    return [Statement(hspeaker, None, hspeaker, True, "reported", hsaid, len(hspeaker) + 1, len(title)),
            Statement(bspeaker, brole, None, True, "reported", bsaid, at, at + len(bsaid))], title  # fmt: skip


def _headline_alerts(factory, tr: Tracker, guid: str, hours: int, headline: tuple[str, str],  # noqa: ANN001
                     body: tuple[str, str | None, str]) -> list[tuple[str, str]]:
    """The alerts of one item: a headline statement above one body statement (see headline_and_body)."""
    statements, title = headline_and_body(headline, body)
    got = publish(factory, tr, "ap", guid, T0 + timedelta(hours=hours), statements=statements, title=title, text="body")
    return sorted((e.kind, e.speaker) for e in got)


def test_a_headline_naming_the_speaker_by_country_and_title_echoes_the_body(session_factory) -> None:  # noqa: ANN001
    tr = tracker()
    # "PM" is the prime minister the body names in full: one statement, the body's
    assert _headline_alerts(session_factory, tr, "h1", 0, ("Pakistan PM", "vows Quetta bombers will not escape justice"),
                            ("Shehbaz Sharif", "Prime Minister", "the attack was a heinous act and vowed that those "
                             "behind it would not escape justice")) == [("statement_new", "Shehbaz Sharif")]  # fmt: skip
    # "Mexico's president" is the "Mexican President" of the body
    assert _headline_alerts(session_factory, tr, "h2", 1, ("Mexico's president", "calls Salamanca massacre 'deplorable'"),
                            ("Claudia Sheinbaum", "Mexican President", "the attack was deplorable and that 300 National "
                             "Guard troops would be sent to Salamanca")) == [("statement_new", "Claudia Sheinbaum")]  # fmt: skip
    # another official in the body: the headline's statement is its own
    assert _headline_alerts(session_factory, tr, "h3", 2, ("Pakistan PM", "orders inquiry into Quetta station security"),
                            ("Mohsin Naqvi", "Interior Minister", "troops had been deployed at every railway station "
                             "in the province")) == [("statement_new", "Mohsin Naqvi"), ("statement_new", "Pakistan PM")]  # fmt: skip


def test_a_headline_making_a_country_speak_echoes_its_official_in_the_body(session_factory) -> None:  # noqa: ANN001
    tr = tracker()
    assert _headline_alerts(session_factory, tr, "c1", 0, ("Greece", "declares three days of national mourning"),
                            ("Ioannis Sarmas", "Caretaker Prime Minister", "three days of national mourning from "
                             "Wednesday and ordered flags flown at half-mast on all public buildings")) == [
        ("statement_new", "Ioannis Sarmas")]  # fmt: skip
    # an official of another country in the body: the headline's statement is its own
    assert _headline_alerts(session_factory, tr, "c2", 1, ("Nigeria", "says the abducted Kuriga pupils are free"),
                            ("Antony Blinken", "US Secretary of State", "Washington welcomed the release of the pupils "
                             "and urged Nigeria to protect its schools")) == [
        ("statement_new", "Antony Blinken"), ("statement_new", "Nigeria")]  # fmt: skip


def test_a_heading_line_inside_a_page_echoes_the_release_under_it(session_factory) -> None:  # noqa: ANN001
    """A press-release page gives each release a heading of its own: the heading's statement is the release's."""
    tr = tracker()
    title = "Chief Minister's Office — press releases"
    text = ("CM announces curfew in three districts, urges calm\n"
            "Chief Minister Pema Dorji announced a curfew in three districts and urged residents to stay indoors, "
            "saying the army would patrol the highways overnight.\n"
            "CM meets flood-affected families\nThe Chief Minister met families in relief camps on Monday.")
    reading = f"{title}\n\n{text}"
    statements = extract(reading, include_pronouns=True).statements
    assert {s.speaker for s in statements} >= {"CM", "Pema Dorji"}
    got = publish(session_factory, tr, "ap", "cmo", T0, statements=statements, title=title, text=text)
    assert sorted((e.kind, e.speaker) for e in got) == [("statement_new", "Pema Dorji")]
    # a body line that ends a sentence is no heading: "The CM said ..." stays a statement of its own
    assert changes.heading_spans("Title\n\nThe CM said the roads were open.\nMore text.", 5) == [(0, 5)]


def test_a_headline_echoes_a_short_quotation_in_the_body(session_factory) -> None:  # noqa: ANN001
    """The body quotes only a few of the speaker's words: still the statement the headline gives in short."""
    tr = tracker()
    title = "UN chief says Sudan faces 'a hunger catastrophe'"
    text = ('UN Secretary-General Antonio Guterres said Sudan faced "a hunger catastrophe" as donors met in Paris. '
            "Aid groups said convoys had been blocked for weeks.")
    statements = extract(f"{title}\n\n{text}", include_pronouns=True).statements
    assert [s.speaker for s in statements][:2] == ["UN chief", "Antonio Guterres"]
    got = publish(session_factory, tr, "ap", "sudan", T0, statements=statements, title=title, text=text)
    assert sorted((e.kind, e.speaker) for e in got) == [("statement_new", "Antonio Guterres")]


def test_a_headline_naming_the_speaker_by_title_alone_echoes_the_body(session_factory) -> None:  # noqa: ANN001
    tr = tracker()
    # "Senior General" is the Senior General the body names: one statement, the body's
    assert _headline_alerts(session_factory, tr, "t1", 0, ("Senior General", "Tatmadaw will annihilate terrorists"),
                            ("Min Aung Hlaing", "Chairman of the State Administration Council Senior General",
                             "the Tatmadaw would continue to annihilate terrorists who threaten the people")) == [
        ("statement_new", "Min Aung Hlaing")]  # fmt: skip
    # a body speaker of another title: the headline's statement is its own
    assert _headline_alerts(session_factory, tr, "t2", 1, ("Senior General", "receives Chinese delegation"),
                            ("Zaw Min Tun", "spokesman of the State Administration Council",
                             "the delegation discussed border trade and the peace process with the council")) == [
        ("statement_new", "Senior General"), ("statement_new", "Zaw Min Tun")]  # fmt: skip


def test_a_headline_giving_an_official_a_bare_title_echoes_the_bodys_official(session_factory) -> None:  # noqa: ANN001
    tr = tracker()
    # "..., minister says" above the cabinet secretary who says it: one statement, the body's
    assert _headline_alerts(session_factory, tr, "m1", 0, ("minister", "says families of victims will be compensated"),
                            ("Kithure Kindiki", "Interior Cabinet Secretary", "the government would meet the hospital "
                             "bills of the injured and set up a fund for the families")) == [
        ("statement_new", "Kithure Kindiki")]  # fmt: skip
    # a title that names more than an office ("Senior General") still has to be the body speaker's own
    assert _headline_alerts(session_factory, tr, "m2", 1, ("Senior General", "receives a Chinese delegation"),
                            ("Kithure Kindiki", "Interior Cabinet Secretary", "police officers would be deployed to "
                             "every county headquarters")) == [
        ("statement_new", "Kithure Kindiki"), ("statement_new", "Senior General")]  # fmt: skip


def test_a_requote_under_the_speakers_surname_is_no_new_statement(session_factory) -> None:  # noqa: ANN001
    tr = tracker()

    def by(speaker: str, text: str, official: bool = True) -> Statement:
        return Statement(speaker, None, None, official, "reported", text, 0, len(text))

    full = by("Secretary-General Antonio Guterres",
              "he was appalled by the strike on al-Awda Hospital and called for an independent investigation")
    assert kinds(publish(session_factory, tr, "ap", "a1", T0, statements=[full])) == ["statement_new"]
    # another outlet's shorter re-quote, naming him by his surname only: no alert
    requote = by("Guterres", "he was appalled by the attack and called for an independent inquiry")
    assert publish(session_factory, tr, "reuters", "r1", T0 + timedelta(hours=1), statements=[requote]) == []
    # something new he said, under his surname and with no official role: a new statement of the official he is,
    # the alert naming him in full
    new = by("Guterres", "the United Nations would send a team to investigate the strike on the hospital", False)
    got = publish(session_factory, tr, "reuters", "r2", T0 + timedelta(hours=2), statements=[new])
    assert [(e.kind, e.speaker) for e in got] == [("statement_new", "Secretary-General Antonio Guterres")]
    # title + surname: the one fuller speaker of that surname
    sheinbaum = by("Claudia Sheinbaum", "the attack was deplorable and that 300 National Guard troops would be sent "
                   "to Salamanca")  # fmt: skip
    assert kinds(publish(session_factory, tr, "ap", "a2", T0 + timedelta(hours=3), statements=[sheinbaum])) == [
        "statement_new"]
    requote = by("President Sheinbaum", "the massacre deplorable and said 300 National Guard troops would be sent "
                 "to the city")  # fmt: skip
    assert publish(session_factory, tr, "reuters", "r3", T0 + timedelta(hours=4), statements=[requote]) == []


def test_a_monitor_with_many_own_feeds_still_knows_its_newest_word(session_factory) -> None:  # noqa: ANN001
    """Ten feeds of one monitor (more than storage.series.OWN_SOURCES_STEPPED): an older publication of any of
    them, arriving after a newer one, is stale, not a change."""
    feeds = [{"key": f"sohr{i}", "name": f"SOHR {i}", "organization": "SOHR", "type": "feed",
              "url": f"http://sohr{i}.test/feed", "baseline": False} for i in range(10)]  # fmt: skip
    tr = tracker(sources=[*SOURCES, *feeds])
    assert kinds(publish(session_factory, tr, "sohr3", "n1", T0, [fig(745)])) == ["series_created"]
    assert kinds(publish(session_factory, tr, "sohr5", "n2", T0 + timedelta(hours=2), [fig(790)])) == ["figure_changed"]
    assert publish(session_factory, tr, "sohr8", "old", T0 + timedelta(hours=1), [fig(800)]) == []
    with session_scope(session_factory) as s:
        assert s.scalars(select(Series.number)).one() == 790


def test_an_outlets_rounding_of_a_small_toll_is_no_change(session_factory) -> None:  # noqa: ANN001
    """The monitor's own feed says 27; an outlet's "nearly 30" rounds it (no alert), an outlet's exact 30 relays a
    newer figure (an alert)."""
    tr = tracker()
    publish(session_factory, tr, "sohr", "s1", T0, [fig(27)])
    nearly = replace(fig(30, "SOHR"), qualifier="up_to")
    assert publish(session_factory, tr, "ap", "a1", T0 + timedelta(hours=1), [nearly]) == []
    assert kinds(publish(session_factory, tr, "reuters", "r1", T0 + timedelta(hours=2), [fig(30)])) == ["figure_changed"]


def test_a_person_whose_role_names_a_body_reports_for_it(session_factory) -> None:  # noqa: ANN001
    """'senior police official Muhammad Baloch said' on a wire moves the police's series; it opens none of his."""
    tr = tracker()
    first = extract("Twelve people were killed in the blast at the station, police said.")
    [created] = publish(session_factory, tr, "ap", "a1", T0, first.figures, first.statements)
    assert (created.kind, created.number) == ("series_created", 12)
    later = extract("The toll from the station blast has risen to 24, senior police official Muhammad Baloch said.")
    [changed] = publish(session_factory, tr, "reuters", "r1", T0 + timedelta(hours=1), later.figures, later.statements)
    assert (changed.kind, changed.old_number, changed.new_number) == ("figure_changed", 12, 24)
    assert changed.series_uid == created.series_uid


def test_a_configured_state_agency_named_by_its_own_acronym_speaks_officially(session_factory) -> None:  # noqa: ANN001
    """'Basarnas said ...' gives no official flag by the words alone; the config's 'National Search and Rescue
    Agency (Basarnas)' is a state body, so its statement alerts. A configured aid group stays unofficial."""
    agencies = [
        {"key": "sar", "name": "Basarnas", "organization": "National Search and Rescue Agency (Basarnas)",
         "type": "page", "url": "http://sar.test/", "baseline": False},
        {"key": "lrc", "name": "LRC", "organization": "Libyan Red Crescent", "type": "page", "url": "http://lrc.test/",
         "baseline": False},
    ]  # fmt: skip
    tr = tracker(sources=[*SOURCES, *agencies])
    said = extract("Basarnas said the search for the missing would continue for seven days despite high waves.")
    assert not said.statements[0].official
    assert kinds(publish(session_factory, tr, "ap", "a1", T0, said.figures, said.statements)) == ["statement_new"]
    aid = extract("The Libyan Red Crescent said its volunteers would stay in Derna until the search ended.")
    assert publish(session_factory, tr, "ap", "a2", T0, aid.figures, aid.statements) == []


def test_a_round_figure_far_from_the_current_value_is_news_not_rounding(session_factory) -> None:  # noqa: ANN001
    """The monitor's own 120, then an outlet's "more than 500": no rounding of 120, a change."""
    tr = tracker()
    publish(session_factory, tr, "sohr", "s1", T0, [fig(120)])
    more = replace(fig(500, "SOHR"), qualifier="more_than")
    [changed] = publish(session_factory, tr, "ap", "a1", T0 + timedelta(hours=1), [more])
    assert (changed.kind, changed.old_number, changed.new_number) == ("figure_changed", 120, 500)


def test_a_spokesman_quoted_by_outlets_then_on_his_bodys_page_keeps_one_series(session_factory) -> None:  # noqa: ANN001
    ispr = {"key": "ispr", "name": "ISPR", "organization": "Inter-Services Public Relations (Pakistan)",
            "type": "page", "url": "http://ispr.test/", "baseline": False}
    tr = tracker(sources=[*SOURCES, ispr])
    got = publish(session_factory, tr, "ap", "a1", T0, [fig(8, "Ahmed Sharif Chaudhry")])
    assert [(e.kind, e.number) for e in got] == [("series_created", 8)]
    # on ISPR's own page the same spokesman raises the toll: the body's figure, the same series
    got = publish(session_factory, tr, "ispr", "i1", T0 + timedelta(hours=3), [fig(26, "Ahmed Sharif Chaudhry")])
    assert [(e.kind, e.old_number, e.new_number) for e in got] == [("figure_changed", 8, 26)]
    # the body named by its acronym continues it
    got = publish(session_factory, tr, "ap", "a2", T0 + timedelta(hours=6), [fig(31, "ISPR")])
    assert [(e.kind, e.old_number, e.new_number) for e in got] == [("figure_changed", 26, 31)]
    with session_scope(session_factory) as s:
        assert s.scalars(select(Series.reporter)).all() == ["Inter-Services Public Relations (ISPR)"]  # its one name


def test_what_a_speaker_goes_on_to_say_is_one_statement_alert(session_factory) -> None:  # noqa: ANN001
    tr = tracker()
    # the toll, then "he said" with something more (extraction with include_pronouns gives both, same speaker):
    # the desk gets the statement once, the substantive part
    figures, statements, text = said("Sadik Dudishe", "at least 30 people were killed", [("30", "killed")])
    more = "The second blast hit as people were rushing to help the wounded from the first"
    goes_on = Statement("Sadik Dudishe", None, None, True, "quote", more, len(text) + 1, len(text) + 1 + len(more))
    got = publish(session_factory, tr, "ap", "d1", T0, figures, [*statements, goes_on], text=f"{text} {more}")
    assert [(e.kind, e.speaker, e.text) for e in got if e.kind.startswith("statement")] == [
        ("statement_new", "Sadik Dudishe", more)]
    # two substantive parts in one article: one alert, not two
    first = Statement("Antonio Guterres", None, None, True, "reported", "the strike on the school was appalling "
                      "and must be investigated", 0, 70)  # fmt: skip
    second = replace(first, text="the parties must let aid into the city at once and protect the hospitals",
                     start=80, end=150)
    got = publish(session_factory, tr, "ap", "g1", T0 + timedelta(hours=1), statements=[first, second],
                  text="x" * 160)  # fmt: skip
    assert [(e.kind, e.text) for e in got] == [("statement_new", first.text)]


def test_someone_named_by_role_after_their_name_keeps_their_series(session_factory) -> None:  # noqa: ANN001
    tr = tracker()
    quote = Statement("Moulaye Guindo", "the mayor of Bankass", None, True, "quote", "We have counted 100 bodies",
                      0, 30)  # fmt: skip
    got = publish(session_factory, tr, "ap", "m1", T0, [fig(100, "Moulaye Guindo")], [quote])
    assert [(e.kind, e.number) for e in got if e.kind.startswith("series")] == [("series_created", 100)]
    got = publish(session_factory, tr, "reuters", "m2", T0 + timedelta(hours=2), [fig(112, "the mayor of Bankass")])
    assert [(e.kind, e.old_number, e.new_number) for e in got] == [("figure_changed", 100, 112)]
    assert publish(session_factory, tr, "ap", "m3", T0 + timedelta(hours=3), [fig(112, "the local mayor")]) == []
    # a role nobody with a series was quoted under is its own reporter
    got = publish(session_factory, tr, "ap", "m4", T0 + timedelta(hours=4), [fig(7, "a local doctor")])
    assert [(e.kind, e.reporter) for e in got] == [("series_created", "local doctor")]


def test_a_person_quoted_on_a_bodys_own_page_speaks_for_it_elsewhere(session_factory) -> None:  # noqa: ANN001
    ova = {"key": "ova", "name": "Sumy OVA", "organization": "Sumy Regional Military Administration",
           "type": "feed", "url": "http://ova.test/", "baseline": False}
    tr = tracker(sources=[*SOURCES, ova])
    post = Statement("Volodymyr Artyukh", "head of the regional military administration", None, True, "reported",
                     "rescuers are still working at the site of the strike in the city centre", 0, 70)  # fmt: skip
    got = publish(session_factory, tr, "ova", "t1", T0, [fig(21, None)], [post])
    assert [(e.kind, e.reporter) for e in got if e.kind == "series_created"] == [
        ("series_created", "Sumy Regional Military Administration")]
    # a wire names him, not the administration: its figure moves the administration's series
    got = publish(session_factory, tr, "ap", "w1", T0 + timedelta(hours=2), [fig(32, "Volodymyr Artyukh")])
    assert [(e.kind, e.old_number, e.new_number) for e in got] == [("figure_changed", 21, 32)]


def test_a_claim_that_also_counts_is_a_statement(session_factory) -> None:  # noqa: ANN001
    tr = tracker()
    figures, statements, text = said(
        "Russia's defence ministry", "its forces had struck a meeting of Ukrainian commanders in Sumy with two "
        "Iskander-M missiles, killing more than 60 servicemen", [("60", "killed")])  # fmt: skip
    got = publish(session_factory, tr, "ap", "r1", T0, figures, statements, text=text)
    assert [(e.kind, e.speaker) for e in got if e.kind.startswith("statement")] == [
        ("statement_new", "Russia's defence ministry")]
    # the toll alone, however it is worded, stays a figure
    figures, statements, text = said("The ministry", "the toll from Israeli strikes on Gaza had risen to 43000",
                                     [("43000", "killed")])  # fmt: skip
    got = publish(session_factory, tr, "ap", "r2", T0 + timedelta(hours=1), figures, statements, text=text)
    assert [e.kind for e in got if e.kind.startswith("statement")] == []


def test_people_and_a_reporters_one_other_group_of_people_are_one_series(session_factory) -> None:  # noqa: ANN001
    tr = tracker()

    def toll(number: int, group: str) -> Figure:
        return replace(fig(number), victim_group=group)

    got = publish(session_factory, tr, "sohr", "b1", T0, [toll(11, "Rohingya refugees")])
    got += publish(session_factory, tr, "sohr", "b0", T0 + timedelta(hours=1), [toll(3, "children")])
    assert sorted(e.victim_group for e in got) == ["Rohingya refugees", "children"]
    # "the number of bodies recovered has risen to 17": the same count, worded with people
    got = publish(session_factory, tr, "sohr", "b2", T0 + timedelta(hours=2), [toll(17, "people")])
    assert [(e.kind, e.old_number, e.new_number) for e in got] == [("figure_changed", 11, 17)]
    # civilians, children, fighters... are counts of their own
    got = publish(session_factory, tr, "sohr", "b3", T0 + timedelta(hours=3), [toll(5, "civilians")])
    assert [(e.kind, e.victim_group) for e in got] == [("series_created", "civilians")]


def test_versions_of_one_poll_see_the_statements_of_those_tracked_before_them(session_factory) -> None:  # noqa: ANN001
    """A feed's poll is tracked as one batch: the second item quoting the Secretary's words again is no new
    statement, and the same man named by his surname alone, without his title, in a third item is still the
    official quoted in the first (one alert for his new words, filed under his full name)."""
    tr = tracker()
    said = "The United States condemns the radical Islamist terrorists that murdered people in western Syria."
    later = "We will hold the perpetrators of these massacres accountable, wherever they are."
    docs = [
        (st(said),), (st(said.replace("condemns", "strongly condemns")),),
        (Statement("Rubio", None, None, False, "quote", later, 0, len(later)),),
    ]
    events: list[Any] = []
    with session_scope(session_factory) as s:
        source = source_store.sync_sources(s, [spec_of(c) for c in tr.config.sources])["ap"]
        documents = [
            Document(source_key="ap", guid=f"b{i}", url=f"http://ap.test/b{i}", title=f"b{i}",
                     text=" ".join(x.text for x in sts), published=T0 + timedelta(minutes=i),
                     fetched_at=T0 + timedelta(minutes=i))
            for i, sts in enumerate(docs)
        ]  # fmt: skip
        versions = ingest(s, source.id, documents, now=T0).versions
        extractions = [Extraction((), sts) for sts in docs]
        events.extend(record(s, tr, SourceRef(source.id, source.key, source.organization), versions, extractions, T0))
        keys = s.scalars(select(StatementRow.speaker_key).order_by(StatementRow.id)).all()
    assert [(e.kind, e.speaker, e.text) for e in events] == [
        ("statement_new", "Marco Rubio", said), ("statement_new", "Marco Rubio", later)
    ]  # (the alert names him in full)
    assert keys == ["marco rubio"] * 3


def test_a_wire_lifting_a_fragment_of_a_statement_and_paraphrasing_the_rest_gives_no_new_statement(
    session_factory,  # noqa: ANN001
) -> None:
    tr = tracker()

    def by(speaker: str, text: str, kind: str = "reported") -> Statement:
        return Statement(speaker, None, None, True, kind, text, 0, len(text))

    address = by("President Amina Diallo", "Having listened to the people, I concede, and therefore I will not sign "
                 "the budget law, and it shall be withdrawn", "quote")  # fmt: skip
    assert kinds(publish(session_factory, tr, "ap", "a1", T0, statements=[address])) == ["statement_new"]
    # a two-word fragment of the quotation, word for word, and the outlet's paraphrase of the same address
    fragment = by("Diallo", "I concede", "quote")
    paraphrase = Statement("President Amina Diallo", None, None, True, "reported",
                           "she would not sign the budget law, a day after protesters stormed parliament", 20, 90)
    assert publish(session_factory, tr, "reuters", "r1", T0 + timedelta(hours=1),
                   statements=[paraphrase, fragment]) == []  # fmt: skip
    # a document of its own with something new: alerts
    new = by("President Amina Diallo", "a national dialogue with the young people would open on Monday in the capital")
    assert kinds(publish(session_factory, tr, "reuters", "r2", T0 + timedelta(hours=2), statements=[new])) == [
        "statement_new"]


def test_the_role_a_version_named_a_person_under_is_that_person(session_factory) -> None:  # noqa: ANN001
    """'the minister said 21 people died' below 'Minister of the Interior Pascoal Ronda said …' in one outlet's
    report: Ronda's figure, one series with what he says elsewhere under his name."""
    tr = tracker()
    named = Statement("Pascoal Ronda", "Minister of the Interior", None, True, "reported",
                      "the police had recorded 236 acts of serious violence", 0, 50)  # fmt: skip
    toll = Figure(21, None, "exact", None, "killed", "people", None, "the minister", None, None,
                  "This resulted in 21 deaths, the minister said.", 60, 62)  # fmt: skip
    got = publish(session_factory, tr, "ap", "a1", T0, figures=[toll], statements=[named])
    assert [(e.kind, e.number) for e in got if e.kind == "series_created"] == [("series_created", 21)]
    again = Figure(21, None, "exact", None, "killed", "people", None, "Pascoal Ronda", None, None,
                   "Pascoal Ronda said 21 people had died.", 0, 30)  # fmt: skip
    assert [e.kind for e in publish(session_factory, tr, "reuters", "r1", T0 + timedelta(hours=1), figures=[again])
            if e.kind.startswith(("series", "figure"))] == []  # fmt: skip


def test_a_page_keeping_older_entries_whose_newest_corrects_the_count_down(session_factory) -> None:  # noqa: ANN001
    tr = tracker()

    def toll(number: int, sentence: str, start: int) -> Figure:
        return Figure(number, None, "exact", None, "killed", "civilians", None, "SOHR", None, None, sentence, start,
                      start + 2)  # fmt: skip

    risen = "SOHR said the number of civilians killed has risen to 64."
    assert kinds(publish(session_factory, tr, "sohr", "page", T0, figures=[toll(64, risen, 50)])) == ["series_created"]
    # the page's newest entry, above the older one it keeps, corrects the count to 63: a revision, not "64 again"
    corrected = "SOHR has corrected the number of civilians killed to 63, one body having been counted twice."
    got = publish(session_factory, tr, "sohr", "page", T0 + timedelta(hours=2),
                  figures=[toll(63, corrected, 0), toll(64, risen, 150)])  # fmt: skip
    assert [(e.kind, e.new_number, e.old_number, e.revision) for e in got] == [("figure_changed", 63, 64, True)]
    # an older correction below a newer, higher entry is history: the count rose again
    again = "SOHR said the number of civilians killed has risen to 67."
    got = publish(session_factory, tr, "sohr", "page", T0 + timedelta(hours=4),
                  figures=[toll(67, again, 0), toll(63, corrected, 100), toll(64, risen, 250)])  # fmt: skip
    assert [(e.kind, e.new_number, e.old_number) for e in got] == [("figure_changed", 67, 63)]


def test_a_person_quoted_in_a_role_on_an_official_bodys_own_page_speaks_officially(session_factory) -> None:  # noqa: ANN001
    tr = tracker()
    # a role the extraction cannot judge ("CCPO") on the body's own page: the body's official
    own = Statement("Ijaz Khan", "CCPO", None, False, "quote", "our focus now is on tracing the network", 0, 40)
    assert kinds(publish(session_factory, tr, "state", "p1", T0, statements=[own])) == ["statement_new"]
    # the same kind of speaker on an outlet's page, or with no role, is not judged official from the page
    elsewhere = Statement("Ali Raza", "CCPO", None, False, "quote", "the checkpoint was not manned that day", 0, 40)
    assert publish(session_factory, tr, "ap", "a1", T0, statements=[elsewhere]) == []
    bare = Statement("Sana Mir", None, None, False, "quote", "we saw the smoke from the market", 0, 30)
    assert publish(session_factory, tr, "state", "p2", T0, statements=[bare]) == []


def test_the_agency_is_the_one_agency_the_report_named(session_factory) -> None:  # noqa: ANN001
    defesa = {"key": "dc", "name": "Defesa Civil SC", "organization": "Defesa Civil de Santa Catarina", "type": "page",
              "url": "http://dc.test/", "baseline": False}  # fmt: skip
    tr = tracker(sources=[*SOURCES, defesa])

    def toll(number: int, outcome: str, by: str, start: int) -> Figure:
        return Figure(number, None, "exact", None, outcome, "people", None, by, None, None,
                      f"{by} said {number} people were {outcome}.", start, start + 3)  # fmt: skip

    first = [toll(40, "killed", "the state civil defence agency", 0),
             toll(70, "injured", "the state civil defence agency", 50)]  # fmt: skip
    assert kinds(publish(session_factory, tr, "ap", "a1", T0, figures=first)) == ["series_created", "series_created"]
    # "According to the agency, 95 were injured" below "the state civil defence agency said 52 had died": the
    # configured Defesa Civil's figures both, though its name has no "agency" in it
    later = [toll(52, "killed", "the state civil defence agency", 0), toll(95, "injured", "the agency", 50)]
    got = publish(session_factory, tr, "ap", "a2", T0 + timedelta(hours=2), figures=later)
    assert sorted((e.kind, getattr(e, "new_number", None)) for e in got) == [
        ("figure_changed", 52), ("figure_changed", 95)]


def test_the_group_is_the_one_group_the_report_named(session_factory) -> None:  # noqa: ANN001
    tr = tracker()

    def toll(number: int, outcome: str, by: str, start: int) -> Figure:
        return Figure(number, None, "exact", None, outcome, "people", None, by, None, None,
                      f"{by} said {number} people were {outcome}.", start, start + 3)  # fmt: skip

    first = [toll(200, "killed", "Decide", 0), toll(569, "injured", "Decide", 50)]
    assert kinds(publish(session_factory, tr, "ap", "a1", T0, figures=first)) == ["series_created", "series_created"]
    # "The group said 586 were wounded" below "Decide said 277 were killed": Decide's figures, both rise
    later = [toll(277, "killed", "Decide", 0), toll(586, "injured", "The group", 50)]
    got = publish(session_factory, tr, "ap", "a2", T0 + timedelta(hours=2), figures=later)
    assert sorted((e.kind, getattr(e, "new_number", None)) for e in got) == [
        ("figure_changed", 277), ("figure_changed", 586)]


def _toll(number: int, outcome: str, by: str, start: int, qualifier: str = "exact") -> Figure:
    return Figure(number, None, qualifier, None, outcome, "people", None, by, None, None,
                  f"{by} said {number} people were {outcome}.", start, start + 3)  # fmt: skip


def test_a_headline_s_bare_kind_of_body_is_the_one_body_of_that_kind_its_report_names(session_factory) -> None:  # noqa: ANN001
    tr = tracker()
    # "Police say more than 2,500 arrested" above "Dhaka Metropolitan Police said 2,536 people had been arrested":
    # one report, one reporter, one series
    got = publish(session_factory, tr, "ap", "a1", T0, figures=[
        _toll(2500, "detained", "Police", 0, "more_than"), _toll(2536, "detained", "Dhaka Metropolitan Police", 50)])
    assert [(e.kind, e.reporter) for e in got] == [("series_created", "Dhaka Metropolitan Police")]


def test_a_publisher_that_is_no_body_lowers_its_own_count_on_its_own_page(session_factory) -> None:  # noqa: ANN001
    ask = {"key": "ask", "name": "ASK", "organization": "Ain o Salish Kendra", "type": "page",
           "url": "http://ask.test/", "baseline": False}  # fmt: skip
    county = {"key": "kerr", "name": "Kerr County updates", "organization": "Kerr County", "type": "page",
              "url": "http://kerr.test/", "baseline": False}  # fmt: skip
    tr = tracker(sources=[*SOURCES, ask, county])
    publish(session_factory, tr, "ask", "s1", T0, figures=[_toll(206, "killed", "Ain o Salish Kendra", 0)])
    publish(session_factory, tr, "kerr", "k1", T0, figures=[_toll(161, "missing", "Kerr County", 0)])
    # the rights group's own statements page, then the county's own updates: their newer word, though lower
    got = publish(session_factory, tr, "ask", "s2", T0 + timedelta(days=1),
                  figures=[_toll(201, "killed", "Ain o Salish Kendra", 0)])  # fmt: skip
    assert [(e.kind, e.revision, e.old_number, e.new_number) for e in got] == [("figure_changed", True, 206, 201)]
    got = publish(session_factory, tr, "kerr", "k2", T0 + timedelta(days=1),
                  figures=[_toll(97, "missing", "Kerr County", 0)])  # fmt: skip
    assert [(e.kind, e.revision, e.old_number, e.new_number) for e in got] == [("figure_changed", True, 161, 97)]
    # another outlet's lower number moves neither
    assert publish(session_factory, tr, "ap", "a1", T0 + timedelta(days=2),
                   figures=[_toll(150, "killed", "Ain o Salish Kendra", 0)]) == []  # fmt: skip


def _said(factory, tr: Tracker, key: str, guid: str, hours: int, text: str) -> list[tuple[str, str]]:  # noqa: ANN001
    """The statement alerts of one item whose text is extracted as a poll extracts it (its reading text: the title,
    then the text, so that offsets are the poll's)."""
    found = extract(f"{guid}\n\n{text}", include_pronouns=True)
    got = publish(factory, tr, key, guid, T0 + timedelta(hours=hours), statements=found.statements, text=text,
                  title=guid)  # fmt: skip
    return sorted((e.kind, e.speaker) for e in got if e.kind.startswith("statement"))


def test_a_state_speaking_as_a_whole_echoes_what_its_officials_said(session_factory) -> None:  # noqa: ANN001
    tr = tracker()
    assert _said(session_factory, tr, "state", "s1", 0,
                 "Foreign Secretary Vikram Misri said the Indus Waters Treaty would be held in abeyance with immediate "
                 "effect and the Attari border post would be closed.") == [("statement_new", "Vikram Misri")]  # fmt: skip
    # a wire's summary of it, under the country's name: another outlet repeating the statement
    assert _said(session_factory, tr, "ap", "a1", 1,
                 "India said it would hold the Indus Waters Treaty in abeyance and close the Attari border "
                 "post.") == []  # fmt: skip
    # what no official was quoted saying is the state's own statement
    assert _said(session_factory, tr, "ap", "a2", 2,
                 "India said it would boycott every cricket fixture against Pakistan this season.") == [
        ("statement_new", "India")]  # fmt: skip


def test_a_bare_kind_of_body_speaks_under_the_name_the_text_gives_it(session_factory) -> None:  # noqa: ANN001
    tr = tracker()
    assert _said(session_factory, tr, "ap", "m1", 0,
                 "The Ministry of Foreign Affairs is concerned at the loss of lives in the attack. \"We extend our "
                 "condolences to the families,\" the Ministry said.") == [
        ("statement_new", "Ministry of Foreign Affairs")]  # fmt: skip


def test_a_group_counted_as_part_of_a_total_is_a_series_of_its_own(session_factory) -> None:  # noqa: ANN001
    tr = tracker()

    def alerts(guid: str, hours: int, text: str) -> list[tuple[str, str, int | None]]:
        found = extract(text, source_org="SOHR")
        got = publish(session_factory, tr, "sohr", guid, T0 + timedelta(hours=hours), figures=found.figures, text=text)
        return sorted((e.kind, e.victim_group, getattr(e, "number", None) or getattr(e, "new_number", None))
                      for e in got if e.kind.startswith(("series", "figure")))  # fmt: skip

    assert alerts("p1", 0, "SOHR said 30 people had died, including three police personnel.") == [
        ("series_created", "people", 30), ("series_created", "security_forces", 3)]
    # the protesters are part of the 51, not the next value of the count of people (which one reporter keeps)
    assert alerts("p2", 1, "SOHR said a total of 51 people had died, including 21 protesters and three police "
                           "personnel.") == [("figure_changed", "people", 51), ("series_created", "protesters", 21)]


def test_a_statement_that_grew_on_its_page_does_not_hide_the_speakers_next_one(session_factory) -> None:  # noqa: ANN001
    tr = tracker()
    first = "Governor Uba Sani said the state would rebuild every school."
    grown = f"{first} He added that teachers would be paid through the holidays."
    assert _said(session_factory, tr, "state", "page", 0, first) == [("statement_new", "Uba Sani")]
    assert _said(session_factory, tr, "state", "page", 1, grown) == [("statement_edited", "Uba Sani")]
    # the grown statement is two rows of one thread: both are the page's own, neither a re-quote from elsewhere
    assert _said(session_factory, tr, "state", "page", 2,
                 f"Governor Uba Sani announced a relief fund of one billion naira for the families. {grown}") == [
        ("statement_new", "Uba Sani")]  # fmt: skip


def test_a_bare_role_on_a_wire_is_the_person_recently_quoted_in_it_and_old_words_are_recalled(
        session_factory) -> None:  # noqa: ANN001
    tr = tracker()
    assert _said(session_factory, tr, "ap", "p1", 0,
                 'Prefect Francois-Xavier Bieuville told local radio: "I think there will certainly be several '
                 'hundred dead, perhaps we will approach a thousand."') == [
        ("statement_new", "Francois-Xavier Bieuville")]  # fmt: skip
    # "The prefect" on another wire is that prefect: filed under him, and his earlier words recalled with their
    # date ("said on March 8 that ..." in a report days later) are no news
    assert _said(session_factory, tr, "reuters", "p2", 24 * 5,
                 "The prefect said on March 8 that there could be several hundred, even thousands, of deaths.") == []
    with session_scope(session_factory) as s:
        assert set(s.scalars(select(StatementRow.speaker_key))) == {"francois-xavier bieuville"}
    # something new the prefect says, undated, is his new statement, shown under his name with the title the text gave
    assert _said(session_factory, tr, "reuters", "p3", 24 * 5 + 1,
                 "The prefect said a curfew would be imposed across the island from 10 p.m.") == [
        ("statement_new", "Francois-Xavier Bieuville (The prefect)")]  # fmt: skip


def test_an_official_bodys_own_page_back_with_older_posts_still_gives_its_officials_new_words(
        session_factory) -> None:  # noqa: ANN001
    """A page that was down comes back with a post outlets already quoted and a new one: the old one repeats, the
    new one is news (the page reports on nobody, so re-quoting its own official does not silence him)."""
    tr = tracker()
    old = "Secretary Antony Blinken said the embassy would stay open and staff would be reduced to essential personnel."
    assert _said(session_factory, tr, "ap", "b1", 0, old) == [("statement_new", "Antony Blinken")]
    page = ("Secretary Antony Blinken said the department would send a team to assist American citizens in the "
            "region and open a hotline for their families.\n\n" + old)
    assert _said(session_factory, tr, "state", "page", 5, page) == [("statement_new", "Antony Blinken")]


def test_a_bare_title_is_the_person_the_text_gave_it_and_a_middle_initial_is_no_other_person(
        session_factory) -> None:  # noqa: ANN001
    tr = tracker()
    # "the governor said" below "Governor Pamela Baricuatro": her statement, filed under her name
    assert _said(session_factory, tr, "state", "g1", 0,
                 "The board declared a state of calamity at the request of Governor Pamela Baricuatro. \"The "
                 "floodwaters are just devastating and our people are at risk,\" the governor said.") == [
        ("statement_new", "Pamela Baricuatro")]  # fmt: skip
    # "Ferdinand Marcos Jr." on a wire is the "Ferdinand R. Marcos Jr." of an official page: his words reworded
    assert _said(session_factory, tr, "state", "m1", 1,
                 "President Ferdinand R. Marcos Jr. declared a state of national calamity for one year across "
                 "the regions hit by the typhoon.") == [("statement_new", "Ferdinand R. Marcos Jr.")]  # fmt: skip
    assert _said(session_factory, tr, "ap", "m2", 2,
                 "President Ferdinand Marcos Jr. declared a state of national calamity for one year across the "
                 "regions the typhoon hit.") == []  # fmt: skip


def test_a_korean_family_name_alone_is_the_person_named_in_full_before(session_factory) -> None:  # noqa: ANN001
    tr = tracker()
    assert _said(session_factory, tr, "state", "k1", 0,
                 "Acting President Choi Sang-mok said the government would mobilise every available resource for "
                 "the rescue.") == [("statement_new", "Choi Sang-mok")]  # fmt: skip
    # "Choi said" on a wire: his new words, shown under his full name; a re-quote of the old ones is none
    assert _said(session_factory, tr, "ap", "k2", 1,
                 "Choi said he would travel to the crash site on Monday with the transport minister.") == [
        ("statement_new", "Choi Sang-mok")]  # fmt: skip
    assert _said(session_factory, tr, "reuters", "k3", 2,
                 "Choi said the government would mobilise every available resource for the rescue.") == []
    with session_scope(session_factory) as s:
        assert set(s.scalars(select(StatementRow.speaker_key))) == {"choi sang-mok"}


def _counted(factory, tr: Tracker, key: str, guid: str, hours: int, text: str) -> list[Any]:  # noqa: ANN001
    """The figure alerts of one item whose figures are extracted from its text."""
    return publish(factory, tr, key, guid, T0 + timedelta(hours=hours), figures=extract(text).figures, text=text,
                   title=guid)  # fmt: skip


def test_a_correction_revises_the_series_it_names_whatever_group_it_counted(session_factory) -> None:  # noqa: ANN001
    tr = tracker()
    got = _counted(session_factory, tr, "sohr", "o1", 0,
                   "According to SOHR, at least 60 worshippers were killed when armed men attacked the mosque.")
    assert [(e.kind, e.number) for e in got] == [("series_created", 60)]
    # its own lower count of "people", naming the 60 it corrects: the revision of that series, not a second one
    got = _counted(session_factory, tr, "sohr", "o2", 48,
                   "SOHR said 54 people were killed in the attack, fewer than the 60 it reported on Friday.")
    assert [(e.kind, e.old_number, e.new_number, e.revision) for e in got] == [("figure_changed", 60, 54, True)]


def test_a_reporter_lowering_its_count_in_the_sentence_that_recalls_it_is_a_revision(session_factory) -> None:  # noqa: ANN001
    tr = tracker()
    got = _counted(session_factory, tr, "ap", "b1", 0, "At least 11 people were killed, the newspaper Bild reported.")
    assert [(e.kind, e.number) for e in got] == [("series_created", 11)]
    got = _counted(session_factory, tr, "ap", "b2", 8, "Bild, which had reported at least 11 deaths overnight, "
                   "lowered its figure to four on Saturday morning.")  # fmt: skip
    assert [(e.kind, e.old_number, e.new_number, e.revision) for e in got] == [("figure_changed", 11, 4, True)]


def test_a_body_with_or_without_its_article_is_one_speaker(session_factory) -> None:  # noqa: ANN001
    tr = tracker()
    assert _said(session_factory, tr, "state", "p1", 0,
                 "The Magdeburg police urged the public to avoid the city centre. Magdeburg police said it currently "
                 "assumed the driver had acted alone.") == [("statement_new", "The Magdeburg police")]  # fmt: skip
