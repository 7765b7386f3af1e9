"""The tracking transaction: figures, series points, statements and outbox rows (alert + deliveries) for the
new versions of one poll, written through storage functions in the same transaction as ingest wrote them.

`record(session, tracker, source, versions, extractions)` is the step after extraction (crawler.poll).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from alerts import policy
from alerts.config import RuleConfig
from alerts.events import (
    Event,
    FigureChanged,
    SeriesCreated,
    SourceFailed,
    SourceRecovered,
    SourceSilent,
    StatementEdited,
    StatementNew,
)
from crawler.config import Config
from crawler.extract import MONITOR_GROUPS, canonical_reporter
from crawler.extract.lexicon import LEXICON, OUTCOME_AFTER, OUTCOME_BEFORE, SPEECH_VERBS, word_pattern
from crawler.extract.records import Extraction
from crawler.extract.records import Figure as FigureRecord
from crawler.extract.records import Statement as StatementRecord
from crawler.extract.statements import is_official
from crawler.ingest import NewVersion
from crawler.track import antecedents, changes, health, series
from crawler.track.series import IMPLICIT_WATCH, Reporters, SeriesKey, is_trackable
from crawler.track.speaker_memory import SpeakerMemory
from storage import outbox
from storage import people as person_store
from storage import series as store
from storage import sources as source_store
from storage.base import utcnow
from storage.models import Figure, Series, Source
from storage.models import Statement as StatementRow


@dataclass(frozen=True, slots=True)
class KnownSeries:
    """The reporters that have a series (oldest first) and each one's (outcome, victim group) pairs."""

    last_id: int
    reporters: tuple[str, ...]
    kinds: Mapping[str, frozenset[tuple[str, str]]]

    def adding(self, rows: Sequence[tuple[int, str, str, str]]) -> KnownSeries:
        reporters = dict.fromkeys(self.reporters)
        kinds = dict(self.kinds)
        for _id, reporter, outcome, victim_group in rows:
            reporters[reporter] = None
            kinds[reporter] = kinds.get(reporter, frozenset()) | {(outcome, victim_group)}
        return KnownSeries(max(self.last_id, *(r[0] for r in rows)), tuple(reporters), kinds)


MEMO_NAMES = 50_000  # names resolved against one set of known reporters, kept for the next versions


@dataclass(frozen=True, slots=True)
class Tracker:
    """What tracking needs from the config, resolved once."""

    config: Config
    reporters: Reporters
    rules: tuple[RuleConfig, ...]
    channels: tuple[str, ...]
    bodies: tuple[str, ...] = ()  # the configured organizations that are bodies that report, each once
    official_bodies: tuple[str, ...] = ()  # those of them that are state or UN bodies ("... Agency (Basarnas)")
    # the configured organizations that are officials or official bodies: their own pages speak in their voice
    # ("I have directed ..." on the chief minister's page is the chief minister's statement)
    voices: tuple[str, ...] = ()
    # source id → organization, read from the archive once (a version asked for all of them: 10,000 rows a poll)
    _organizations: dict[int, str | None] = field(default_factory=dict, compare=False, repr=False)
    # the reporters with a series and their (outcome, victim group) pairs, read once and then only the series
    # created since (a months-old archive holds thousands; every version of a poll asks)
    _series: KnownSeries = field(default_factory=lambda: KnownSeries(0, (), {}), compare=False, repr=False)
    _owners: dict[str | None, str | None] = field(default_factory=dict, compare=False, repr=False)  # see resolver
    # the known reporters of the last resolver → the names resolved against them (ReporterResolver.memo)
    _memo: dict[tuple[str, ...], dict[str, str | None]] = field(default_factory=dict, compare=False, repr=False)
    # the known reporters of the last resolver → what its resolvers derive alike (ReporterResolver.shared)
    _shared: dict[tuple[str, ...], dict[str, Any]] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_config(cls, config: Config) -> Tracker:
        organizations = dict.fromkeys(s.organization for s in config.sources if s.organization)
        bodies = tuple(o for o in organizations if series.is_body(o))
        return cls(
            config,
            Reporters.build(config.aliases, canonical_reporter),
            tuple(config.rules),
            tuple(c.name for c in config.channels),
            bodies,
            tuple(b for b in bodies if is_official(b, None, None)),
            tuple(o for o in organizations if o and is_official(o, None, None)),
        )

    def voice_of(self, organization: str | None) -> str | None:
        """The organization when its pages speak in an official's own voice, else None (an outlet's "we")."""
        return organization if organization in self.voices else None

    def known_series(self, session: Session) -> KnownSeries:
        """The reporters that have a series, oldest first, and their kinds; the series created since the last call
        are read (tracking is serialized, so none is created under a lower id later)."""
        known = self._series
        new = store.series_since(session, known.last_id)
        if new:  # a new object, swapped in whole: other polling threads read the old one meanwhile
            known = known.adding(new)
            object.__setattr__(self, "_series", known)
        return known

    def renamed_series(self, reporter: str, outcome: str, victim_group: str) -> None:
        """A series handed to another reporter (a spokesman's to his body): known under its new reporter too."""
        object.__setattr__(self, "_series", self._series.adding([(self._series.last_id, reporter, outcome, victim_group)]))

    def organizations_by_source(self, session: Session, source_id: int) -> dict[int, str | None]:
        """Every archived source's organization; read again when a source appears that was not there before."""
        known = self._organizations
        if source_id not in known:  # a new dict, swapped in whole: other polling threads read the old one meanwhile
            known = dict(session.execute(select(Source.id, Source.organization)).tuples().all())
            object.__setattr__(self, "_organizations", known)
        return known

    def resolver(
        self, source_org: str | None, extraction: Extraction, *, known: Sequence[str] = (),
        organizations: Mapping[int, str | None] | None = None,
        series_of: Mapping[str, frozenset[tuple[str, str]]] | None = None,
    ) -> series.ReporterResolver:
        """Who the figures of one publication of `source_org` belong to: configured bodies first, then `known`
        reporters (those with a series), the version's own statements for who a person speaks for."""
        every = tuple(dict.fromkeys([*self.bodies, *known]))
        memo = self._memo.get(every)
        if memo is None or len(memo) > MEMO_NAMES:
            self._memo.clear()  # the known reporters changed (a series was created): resolved names may change
            self._shared.clear()
            memo = self._memo[every] = {}
        shared = self._shared.setdefault(every, {})
        return series.ReporterResolver(
            reporters=self.reporters, known=every, source_org=source_org, memo=memo, shared=shared,
            affiliations={s.speaker: s.organization for s in extraction.statements if s.organization},
            # (a role that is a configured official's office speaks for it: "Refugee Relief and Repatriation
            # Commissioner Shah Rezwan Hayat" on a wire gives the commissioner's office's figures)
            role_bodies={s.speaker: b for s in extraction.statements
                         if (b := series.body_of_role(s.role) or (series.voice_of_role(s.role, self.voices)
                                                                   if s.official else None))},
            role_people=series.version_roles((s.speaker, s.role) for s in extraction.statements),
            version_bodies=series.version_bodies(f.reported_by for f in extraction.figures),
            owners=self._owners,
            monitors=tuple(MONITOR_GROUPS), organizations=organizations or {}, series_of=series_of or {},
        )  # fmt: skip

    def is_baseline(self, session: Session, source: SourceRef) -> bool:
        """The first successful poll of a source records everything and alerts nothing (unless baseline: false)."""
        if session.scalar(select(Source.last_ok_at).where(Source.id == source.id)) is not None:
            return False
        try:
            return self.config.source(source.key).baseline
        except KeyError:
            return True

    def watches_for(self, source_key: str, text: str) -> list[str]:
        if not self.config.watches:
            return [IMPLICIT_WATCH]
        return [w.name for w in self.config.watches if w.matches(source_key, text)]

    def publishes_itself(self, organization: str | None) -> bool:
        """Sources of this organization publish a reporter's own figures (a body, a monitor), not an outlet's."""
        return series.publishes_itself(organization, self.reporters, MONITOR_GROUPS)

    def monitor_org(self, organization: str | None) -> str | None:
        """The source's organization when it is a monitor group (its unattributed figures are its own), else None."""
        name = self.reporters.normalize(organization)
        monitors = {self.reporters.normalize(m) for m in MONITOR_GROUPS}
        return organization if name is not None and name in monitors else None


@dataclass(slots=True)
class Batch:
    """What tracking one source's new versions reads once: the series known when it began (with those the batch
    creates), and the archive's statements of the speakers the versions quote (with those the batch adds)."""

    series: KnownSeries
    speakers: SpeakerMemory

    @classmethod
    def read(cls, session: Session, tracker: Tracker, extractions: Sequence[Extraction] = ()) -> Batch:
        batch = cls(tracker.known_series(session), SpeakerMemory(session))
        batch.speakers.prefetch([s for e in extractions for s in e.statements])
        return batch

    def learn_series(self, reporter: str, outcome: str, victim_group: str) -> None:
        """A series the batch created (or handed to another reporter): known to its next versions."""
        self.series = self.series.adding([(self.series.last_id, reporter, outcome, victim_group)])


@dataclass(frozen=True, slots=True)
class SourceRef:
    """The source a poll's versions came from, as tracking needs it."""

    id: int
    key: str
    organization: str | None


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def record(
    session: Session,
    tracker: Tracker,
    source: SourceRef,
    versions: Sequence[NewVersion],
    extractions: Sequence[Extraction],
    now: datetime | None = None,
) -> list[Event]:
    """Store and track the new versions of one source with their extractions; returns the events written.
    The first successful poll of a source (`baseline: true`, the default) records everything, alerts nothing."""
    now = now or utcnow()
    # only figures and statements are tracked, and only they touch what polls of other sources share (series,
    # statement threads, alerts): versions without either are stored by every worker at once, not one after
    # the other on the tracking lock, and cost no reads of the series and sources
    tracked = [(v, named_bodies(e, v.reading_text, source.organization))
               for v, e in zip(versions, extractions, strict=True) if e.figures or e.statements]
    if not tracked:
        return []
    store.lock_tracking(session)
    quiet = tracker.is_baseline(session, source)
    batch = Batch.read(session, tracker, [e for _v, e in tracked])
    events: list[Event] = []
    for version, extraction in tracked:
        events.extend(track_version(session, tracker, source, version, extraction, now, quiet, batch))
    return events


def named_bodies(extraction: Extraction, text: str, organization: str | None) -> Extraction:
    """The extraction with each speaker that is a bare kind of body ("the Ministry") named as the body the text
    or the source stands for, and each one named by a bare title ("the governor") as the person the text gave that
    title (crawler.track.antecedents)."""
    if not any(s.speaker[:4].lower() in ("the ", "this") for s in extraction.statements):
        return extraction
    named = tuple(
        replace(s, speaker=full) if (full := antecedents.body_antecedent(s.speaker, text, s.start, organization)) else
        replace(s, speaker=person, role=s.role or s.speaker.split(None, 1)[1])
        if (person := antecedents.person_antecedent(s.speaker, text, s.start)) else s
        for s in extraction.statements
    )
    return replace(extraction, statements=named) if named != extraction.statements else extraction


def _resolver(
    session: Session, tracker: Tracker, source: SourceRef, extraction: Extraction, series_known: KnownSeries,
    memory: SpeakerMemory,
) -> series.ReporterResolver:
    known = series_known.reporters
    resolver = tracker.resolver(
        source.organization, extraction, known=known,
        organizations=tracker.organizations_by_source(session, source.id),
        series_of=series_known.kinds,
    )  # fmt: skip
    speakers = {f.reported_by for f in extraction.figures if f.reported_by and series.is_person(f.reported_by)}
    if speakers:
        # a person who gives a figure: the sources that have quoted them (their body's own page says whom they
        # speak for: "regional governor Volodymyr Artyukh said" on a wire is his administration's)
        keyed = {changes.speaker_key(p): p for p in speakers}
        quoted = {keyed[key]: ids for key, ids in person_store.sources_of(session, keyed).items()}
        resolver = replace(resolver, person_sources=quoted)
    if not any(series.role_words(f.reported_by) for f in extraction.figures):
        return resolver
    # a figure given by someone named only by role ("the mayor of Bankass"): the people with a series, and the
    # roles the archive has quoted them under
    people = {changes.speaker_key(k): k for k in known if series.is_person(k)}
    roles = {people[key]: r for key, r in person_store.roles_of(session, people).items()}
    # and the roles official statements were recently quoted under, with the source that quoted them ("Information
    # Minister Dana Morris Dixon" on the government's own page: "Jamaica's information minister" is that government)
    return replace(resolver, person_roles=roles, role_sources=tuple((r, src) for r, src, _ in memory.recent_roles()))


def track_version(
    session: Session,
    tracker: Tracker,
    source: SourceRef,
    version: NewVersion,
    extraction: Extraction,
    now: datetime,
    quiet: bool = False,
    batch: Batch | None = None,
) -> list[Event]:
    """Store and track one new version's figures and statements; returns the events written to the outbox.

    Every figure is stored; only the facts of the version are tracked: what its previous version did not
    already say, one figure per number and outcome (headline + body), increments as history only.
    `quiet` (the source's baseline poll): everything is recorded, nothing alerts. `batch`: what the versions of
    the same poll tracked before this one have read and added (one is read for this version alone without it)."""
    if batch is None:  # (record() names the bodies of a batch's extractions before reading it)
        extraction = named_bodies(extraction, version.reading_text, source.organization)
        batch = Batch.read(session, tracker, [extraction])
    published = version.published_at or version.fetched_at or now
    watches = tracker.watches_for(source.key, f"{version.title or ''}\n{version.text}")
    url = version.url
    events: list[Event] = []
    # a figure or statement in several watches is one message per channel, not one per watch
    routed: set[tuple[str, str]] = set()
    resolver = _resolver(session, tracker, source, extraction, batch.series, batch.speakers)
    said_before = {
        changes.sentence_key(*row) for row in store.figure_sentences_of_version(
            session, store.previous_version_id(session, version.item_id, version.number))
    }  # fmt: skip
    records: list[FigureRecord] = []
    seen_spans: set[tuple[int, int, str]] = set()
    for rec in extraction.figures:
        span = (rec.start, rec.end, rec.outcome)
        if span not in seen_spans:
            seen_spans.add(span)
            records.append(rec)
    stored: list[tuple[FigureRecord, Figure]] = list(zip(records, store.add_figures(session, [
        dict(
            item_version_id=version.version_id, item_id=version.item_id, source_id=source.id,
            number=rec.number, number_max=rec.number_max, qualifier=rec.qualifier, vague=rec.vague,
            outcome=rec.outcome, victim_group=rec.victim_group or "people", perpetrator=rec.perpetrator,
            reported_by=rec.reported_by,
            reporter=resolver.reporter(rec.reported_by, rec.outcome, rec.victim_group or "people"),
            place=rec.place, as_of=rec.as_of, sentence=rec.sentence, start=rec.start, end=rec.end,
            url=url, published_at=published, created_at=now,
        ) for rec in records
    ]), strict=True))  # fmt: skip
    headline_end = len((version.title or "").strip())  # the body names a figure's source more fully
    facts = changes.pick_facts([
        (changes.fact_key(f.number, f.number_max, f.outcome),
         (not rec.recalled, f.reporter is not None, not series.names_a_country(f.reported_by),
          f.victim_group != "people", f.start >= headline_end, f.perpetrator is not None,
          # (a person named as its source: the alert says who gave it, not only whose count it is)
          series.is_person(f.reported_by or "")))
        for rec, f in stored
    ])  # fmt: skip
    tracked = [
        (rec, f) for i, (rec, f) in enumerate(stored)
        if i in facts and is_trackable(rec) and f.reporter is not None and not rec.recalled
        and changes.sentence_key(f.sentence, f.number, f.outcome) not in said_before
    ]  # fmt: skip
    split = series.breakdown_perpetrators(
        [(f.reporter or "", f.outcome, f.victim_group, series.perpetrator_key(f.perpetrator)) for _r, f in tracked]
    )
    # one value per series and version: a page that keeps older entries gives its newest (the highest) figure;
    # a count before an estimate in the same sentence ("812 …, and the toll passed 5,000")
    chosen: dict[SeriesKey, tuple[FigureRecord, Figure]] = {}
    # "51 people had died, including 21 protesters": a group the sentence counts as part of a larger total of
    # people is a breakdown of its own, never the next value of the reporter's count of people
    totals = {(f.sentence, f.outcome, f.reporter): f.number for _r, f in tracked if f.victim_group == "people"}
    parts = {(f.sentence, f.outcome, f.reporter, f.victim_group) for _r, f in tracked
             if f.victim_group != "people" and (totals.get((f.sentence, f.outcome, f.reporter)) or 0) > (f.number or 0)}
    for watch in watches:
        for rec, f in tracked:
            assert f.reporter is not None and f.number is not None
            perp = series.perpetrator_key(f.perpetrator)
            group = (f.reporter, f.outcome, f.victim_group)
            known = store.series_perpetrators(
                session, watch=watch, reporter=f.reporter, outcome=f.outcome, victim_group=f.victim_group
            )  # fmt: skip
            if perp not in known and known:
                # "Government-affiliated fighters killed at least 420" (or no perpetrator at all), restating the
                # reporter's 420 "by government forces and affiliated factions": the breakdown series that has the
                # number, not a new series
                perp = store.perpetrator_of_value(
                    session, watch=watch, reporter=f.reporter, outcome=f.outcome, victim_group=f.victim_group,
                    number=f.number,
                ) or perp  # fmt: skip
            if perp and group not in split and perp not in known:
                perp = ""  # a perpetrator splits a series only where the reporter itself breaks its count down
            group = f.victim_group if (f.sentence, f.outcome, f.reporter, f.victim_group) in parts \
                else _series_group(resolver, f.reporter, f.outcome, f.victim_group)
            if rec.corrects is not None and rec.corrects != f.number:
                # "54 people, fewer than the 60 it reported": the series the correction names, whichever group
                # it counted ("60 worshippers")
                group = store.group_at(session, watch=watch, reporter=f.reporter, outcome=f.outcome, perpetrator=perp,
                                       number=rec.corrects) or group  # fmt: skip
            key = SeriesKey(watch, f.reporter, f.outcome, group, perp)
            if rec.increment and _second_category(rec, extraction) and store.find_series(
                session, watch=key.watch, reporter=key.reporter, outcome=key.outcome,
                victim_group=key.victim_group, perpetrator=key.perpetrator,
            ) is None:  # fmt: skip
                rec = replace(rec, increment=False)  # "11,300 died and a further 10,100 were missing": a count
            if rec.increment:
                _track_figure(session, tracker, source, rec, f, key, now, routed, resolver, quiet, batch)
                continue
            if key not in chosen or _rank(rec, f) > _rank(*chosen[key]):
                chosen[key] = (rec, f)
    for key, (rec, f) in chosen.items():
        event = _track_figure(session, tracker, source, rec, f, key, now, routed, resolver, quiet, batch)
        if event is not None:
            events.append(event)
    tolls = [(f.start, f.end, f.reporter) for _rec, f in stored if f.reporter is not None]
    words: dict[str | None, frozenset[str]] = {}  # a document names the same speakers and bodies again and again
    echoes = changes.headline_echoes(
        extraction.statements, changes.heading_spans(version.reading_text, headline_end),
        lambda n: words[n] if n in words else words.setdefault(n, _speaker_words(resolver, n)), series.PLACES,
    )  # fmt: skip
    events.extend(
        _track_statements(
            session, tracker, source, version, extraction, watches, url, published, now, routed, batch.speakers, quiet,
            lambda s: s in echoes or _is_toll_statement(s, tolls, resolver) or _unresolved(s.speaker),
        )
    )
    return events


APPROXIMATE = ("about", "up_to", "more_than")  # qualifiers that, with a round number, mark an outlet's rounding


# victim groups that are a count of their own beside a reporter's total, never another wording of it
DISTINCT_GROUPS = frozenset({"civilians", "children", "women", "fighters", "security_forces", "militants",
                             "aid_workers", "journalists", "medical_staff", "prisoners"})  # fmt: skip


def _series_group(resolver: series.ReporterResolver, reporter: str, outcome: str, group: str) -> str:
    """The victim group of the series a figure belongs to: "17 people" of a reporter whose one series of that
    outcome counts "Rohingya refugees" (or "migrants") is that series' next value, and back; civilians, children,
    fighters... stay counts of their own."""
    groups = {g for o, g in resolver.series_of.get(reporter, ()) if o == outcome and g not in DISTINCT_GROUPS}
    if group in groups or len(groups) != 1 or group in DISTINCT_GROUPS:
        return group
    (other,) = groups
    return other if "people" in (group, other) else group


def _display(tracker: Tracker, reporter: str, written: str | None, sentence: str = "") -> str:
    """The reporter as the alert names it: with how this publication named it, unless that is just an alias; the
    acronym the publication used is shown beside the full name ("Medecins Sans Frontieres (MSF)")."""
    if tracker.reporters.normalize(written) == reporter:
        short = series.initials(reporter)
        if len(short) >= 2 and short not in reporter and re.search(rf"\b{short}\b", sentence):
            return f"{reporter} ({short})"
        return reporter
    return series.display_reporter(reporter, written)


def _adopted(session: Session, key: SeriesKey, person: str | None) -> Series | None:
    """A spokesman first quoted by outlets under his own name, now on his body's own page ("DG ISPR Ahmed Sharif
    Chaudhry said" on ISPR's releases): his series are the body's from now on, not a second series."""
    if not person or person == key.reporter:
        return None
    found = store.find_series(
        session, watch=key.watch, reporter=person, outcome=key.outcome, victim_group=key.victim_group,
        perpetrator=key.perpetrator,
    )  # fmt: skip
    if found is not None:
        found.reporter = key.reporter
    return found


def _speaks_for_itself(session: Session, resolver: series.ReporterResolver, reporter: str) -> bool:
    """The reporter has its own source among the configured ones, and every one of them polls fine."""
    own = resolver.own_sources(reporter)
    if not own:
        return False
    failures = session.scalars(select(Source.failures).where(Source.id.in_(own)))
    return all(not f for f in failures)


def _rank(rec: FigureRecord, figure: Figure) -> tuple[bool, int]:
    """A count ("812", "at least 460") before an estimate ("passed 5,000", "some 400,000", "60,000-80,000"),
    then the highest (a page that keeps older entries: the newest); in a sentence that says the count was lowered
    the lowest ("Bild, which had reported at least 11 deaths, lowered its figure to four")."""
    number = figure.number or 0
    return (figure.qualifier in ("exact", "at_least"), -number if rec.lowered else number)


def _rounded(figure: Figure) -> bool:
    """"more than 1,600", "nearly 3,000", "nearly 30": a round number (two significant digits, ending in zero
    under a hundred) under a rounding qualifier."""
    n = figure.number or 0
    return figure.qualifier in APPROXIMATE and n >= 10 and n % (10 ** max(1, len(str(n)) - 2)) == 0


def _rounds(rounded: int, value: int) -> bool:
    """`rounded` ("nearly 3,000", "more than 1,600") can be a rounding of `value`: less than one unit of its last
    significant digit away (2,900 → "nearly 3,000", 1,634 → "more than 1,600"; 120 → "more than 500" cannot)."""
    digits = str(rounded)
    unit = 10 ** (len(digits) - len(digits.rstrip("0")))
    return abs(rounded - value) < unit


def _second_category(rec: FigureRecord, extraction: Extraction) -> bool:
    """'a further N' after a count of another outcome in the same sentence adds a category, not to a count (but
    "two more bodies were recovered, and 20 people were still missing" adds to the count of the dead)."""
    return any(
        r.sentence == rec.sentence and r.outcome != rec.outcome and not r.increment and r.number is not None
        and r.start < rec.start
        for r in extraction.figures
    )


def _official_body(tracker: Tracker, speaker: str) -> bool:
    """The speaker is one of the configured state or UN bodies under a name the extraction cannot judge by
    itself ("Basarnas said ..." of the configured "National Search and Rescue Agency (Basarnas)")."""
    return _names_one_of(speaker, tracker.official_bodies)


@lru_cache(maxsize=16384)  # the configured bodies do not change, and the same speakers are quoted poll after poll
def _names_one_of(speaker: str, bodies: tuple[str, ...]) -> bool:
    return not series.is_person(speaker) and series.match_reporter(speaker, bodies) is not None


def _unresolved(speaker: str) -> bool:
    """"Its spokesman", "their leader": a speaker the text names only by reference is no alert of its own."""
    return bool(re.match(r"(?i)^(?:its|his|her|their|our)\b", speaker.strip()))


def _speaker_words(resolver: series.ReporterResolver, name: str | None) -> frozenset[str]:
    """The words a speaker is known by, titles spelled out ("PM": prime minister) and countries for their
    demonyms and possessives ("Mexican", "Mexico's": mexico)."""
    if not name:
        return frozenset()
    return series.reporter_words(series.spell_titles(name)) | series.reporter_words(resolver.canonical(name) or "")


_TOLL_WORDS = frozenset("""
the a an of and to in on at by since from for with as had has have been was were is are be it its their this that
toll death deaths dead death-toll killed killing died dying wounded injured injuring hurt missing people person
persons civilians children women men number numbers total figure figures rose risen rises rise reached reaching
stands stood stand climbed climbing now including among them of whom more than least at about nearly some over
almost around confirmed bodies body recovered casualties victims say said says added updated latest new
""".split())  # fmt: skip
# where a statement's second thing said begins: a coordinated clause led by "that" or a verb of its own that is
# no casualty verb ("…, and called on the international community to …", "…, and vowed …"; not "and wounded 48")
_CLAUSE_VERBS = word_pattern(sorted({"that", *SPEECH_VERBS} - set(OUTCOME_BEFORE) - set(OUTCOME_AFTER)))
_GOING_ON = "|".join(sorted(LEXICON.rule_words("speech", "participle_speech")))  # ", vowing that ...", ", adding ..."
_SECOND_CLAUSE = re.compile(rf",?\s+(?:and|but|while|{_GOING_ON})\s+(?={_CLAUSE_VERBS}\b)|;\s+|\.\s+")
SUBSTANTIVE_WORDS = 4  # a second clause with this many words beyond a toll's says something more
CLAIM_WORDS = 9  # ... and a clause with the toll in it, this many ("the toll from Israeli strikes on Gaza rose to")
TOLL_FIRST_CHARS = 16  # a count this close to a statement's start opens it ("at least 40 people were killed ...")


def _is_toll_statement(
    s: StatementRecord, tolls: Sequence[tuple[int, int, str | None]], resolver: series.ReporterResolver
) -> bool:
    """A reporter giving its toll and nothing else ("the spokesman said the toll had risen to 5,791 killed,
    2,360 of them children") is a figure, not a statement; a statement that says more is one."""
    speaker = {resolver.reporter(s.speaker), resolver.reporter(s.organization) if s.organization else None}
    if not any(s.start <= start and end <= s.end + 1 and reporter in speaker for start, end, reporter in tolls):
        return False
    parts = _SECOND_CLAUSE.split(s.text)
    if len(parts) == 1 and any(s.start <= start <= s.start + TOLL_FIRST_CHARS and reporter in speaker
                               for start, _end, reporter in tolls):
        # the count is what the statement opens with, and it says nothing else: "Sixty-one people who set off
        # from the Libyan coast were unaccounted for after their boat sank" is a toll with its circumstances
        return True
    # a second thing said ("…, and that the army was restoring security", "…, and called on residents to
    # cooperate") makes it a statement
    for part in parts:
        rest = [w for w in re.findall(r"[a-z][a-z'-]*", part.casefold()) if w not in _TOLL_WORDS]
        if not re.search(r"\d", part) and len(rest) >= SUBSTANTIVE_WORDS:
            return False  # ("that its troops had responded in a calibrated manner")
        if len(rest) >= CLAIM_WORDS:
            return False  # a claim that also counts: "its forces had struck a meeting of Ukrainian commanders in
            # Sumy with two Iskander-M missiles, killing more than 60 servicemen"
    return True


def _track_figure(
    session: Session, tracker: Tracker, source: SourceRef, rec: FigureRecord, figure: Figure, key: SeriesKey,
    now: datetime, routed: set[tuple[str, str]], resolver: series.ReporterResolver, quiet: bool, batch: Batch,
) -> Event | None:
    assert figure.number is not None
    found = store.find_series(
        session, watch=key.watch, reporter=key.reporter, outcome=key.outcome,
        victim_group=key.victim_group, perpetrator=key.perpetrator,
    )  # fmt: skip
    obs = changes.Observation(
        number=figure.number, number_max=figure.number_max, published_at=figure.published_at,
        item_id=figure.item_id, source_id=figure.source_id, by_reporter=resolver.is_own(key.reporter),
        increment=rec.increment, corrects=rec.corrects, lowered=rec.lowered,
        # an outlet's rounding of a reporter that publishes its own figures and can be heard now (one heard only
        # through outlets, or whose own source is failing, speaks in their words: "JNIM said about 300")
        # — and only a rounding of the series' current value: "more than 500" after the reporter's own 120 is news
        approximate=_rounded(figure) and found is not None and _rounds(figure.number, found.number)
        and _speaks_for_itself(session, resolver, key.reporter),
    )  # fmt: skip
    if found is None and rec.reported_by and series.is_person(rec.reported_by) and resolver.is_own(key.reporter):
        found = _adopted(session, key, resolver.canonical(rec.reported_by))
        if found is not None:
            tracker.renamed_series(key.reporter, key.outcome, key.victim_group)
            batch.learn_series(key.reporter, key.outcome, key.victim_group)
    if found is None:
        if rec.increment:
            return None  # an increment alone makes no series: it is kept with its figure
        if obs.approximate and not obs.by_reporter:
            return None  # an outlet's rounding of a reporter's figure is no first figure of that reporter
        sibling = store.same_fact_series(
            session, watch=key.watch, reporter=key.reporter, outcome=key.outcome, perpetrator=key.perpetrator,
            victim_group=key.victim_group, number=figure.number, categories=DISTINCT_GROUPS,
        )  # fmt: skip
        if sibling is not None:
            # "9 people" beside the same reporter's "9 aid workers": one fact, worded with another victim group
            store.add_point(session, sibling, figure, "corroboration")
            return None
        found = store.create_series(session, figure, watch=key.watch, reporter=key.reporter, perpetrator=key.perpetrator)
        batch.learn_series(key.reporter, key.outcome, key.victim_group)
        store.add_point(session, found, figure, "value")
        event: Event = SeriesCreated(
            series_uid=found.uid, watch=key.watch, reporter=_display(tracker, key.reporter, rec.reported_by, rec.sentence),
            outcome=key.outcome, victim_group=key.victim_group,
            perpetrator=figure.perpetrator if key.perpetrator else None, place=rec.place, number=figure.number, number_max=figure.number_max, qualifier=figure.qualifier,
            sentence=rec.sentence, url=figure.url, published_at=_iso(figure.published_at), source_key=source.key,
        )  # fmt: skip
        if quiet:
            return None
        _write_alert(
            session, tracker, event, f"series_created:{found.uid}", now, f"figure:{figure.id}", routed,
            series_id=found.id,
        )
        return event
    current = store.figure_by_id(session, found.current_figure_id)
    state = changes.SeriesState(
        number=found.number, number_max=found.number_max, published_at=found.published_at,
        item_id=current.item_id if current else -1, source_id=current.source_id if current else -1,
        history=tuple(store.series_values(session, found.id, among=(figure.number,))),
        own_published_at=store.own_latest(session, found.id, resolver.own_sources(key.reporter)),
    )  # fmt: skip
    verdict = changes.judge(state, obs)
    if verdict not in ("changed", "revision"):
        store.add_point(session, found, figure, verdict if verdict not in ("repeat",) else "corroboration")
        return None
    old_number, old_qualifier, previous = found.number, found.qualifier, current
    store.add_point(session, found, figure, "value", revision=verdict == "revision")
    event = FigureChanged(
        series_uid=found.uid, watch=key.watch, reporter=_display(tracker, key.reporter, rec.reported_by, rec.sentence),
        outcome=key.outcome, victim_group=key.victim_group,
        perpetrator=figure.perpetrator if key.perpetrator else None, place=rec.place, old_number=old_number, new_number=figure.number, old_qualifier=old_qualifier, qualifier=figure.qualifier,
        number_max=figure.number_max, delta=figure.number - old_number,
        percent=changes.percent(old_number, figure.number), revision=verdict == "revision",
        sentence=rec.sentence, url=figure.url, previous_url=previous.url if previous else None,
        published_at=_iso(figure.published_at),
        previous_published_at=_iso(previous.published_at) if previous else None, source_key=source.key,
        previous_sentence=previous.sentence if previous else None,
    )  # fmt: skip
    if quiet:
        return None
    _write_alert(
        session, tracker, event, f"figure_changed:{found.uid}:{figure.id}", now, f"figure:{figure.id}", routed,
        series_id=found.id,
    )
    return event


def _track_statements(
    session: Session, tracker: Tracker, source: SourceRef, version: NewVersion, extraction: Extraction,
    watches: Sequence[str], url: str | None, published: datetime, now: datetime, routed: set[tuple[str, str]],
    memory: SpeakerMemory, quiet: bool = False, toll_only: Callable[[StatementRecord], bool] = lambda s: False,
) -> list[Event]:
    previous = store.statements_before(session, version.item_id, version.number)
    prior = [changes.PriorStatement(p.id, p.speaker_key, p.text, p.text_hash, p.thread_key) for p in previous]
    # each speaker's keys in the archive; the first is the one the speaker is filed and compared under
    aliases = _speaker_aliases(memory, extraction.statements, previous, tracker.voices)
    keys = {speaker: names[0] for speaker, names in aliases.items()}
    every = {k for names in aliases.values() for k in names}
    hashes = [(s.speaker, changes.text_hash(s.text)) for s in extraction.statements]
    found = memory.seen((k, h) for speaker, h in hashes for k in aliases[speaker])
    seen = {(keys[speaker], h) for speaker, h in hashes if any((k, h) in found for k in aliases[speaker])}
    # texts to recognise a rewording by: only of the speakers quoted in words not archived as such
    texts = memory.texts(k for speaker, h in hashes if (keys[speaker], h) not in seen for k in aliases[speaker])
    seen_texts: dict[str, list[str]] = {}
    for speaker, names in aliases.items():
        said = seen_texts.setdefault(keys[speaker], [])
        have = set(said)
        for n in (t for k in names for t in texts.get(k, ())):
            if n not in have:
                have.add(n)
                said.append(n)
    # a speaker once quoted in an official role stays official where a later text names them without it (or by
    # their surname alone)
    official_keys = memory.officials(every)
    officials = {keys[speaker] for speaker, names in aliases.items() if official_keys.intersection(names)}
    own_official = source.organization is not None and _official_body(tracker, source.organization)
    events: list[Event] = []
    spans: set[tuple[int, int]] = set()
    alerted: set[str] = set()  # one alert per speaker and document: what they go on to say is the same statement
    rows: list[dict[str, Any]] = []  # written in one batch after the version's alerts
    judged = changes.statement_changes(extraction.statements, prior, seen, seen_texts, keys)
    # a speaker this document re-quotes from another document (the archive's words, as such or reworded) is
    # reported on: what else it gives them to say here paraphrases the same statement ("I concede," Ruto said;
    # Ruto said he would not sign the bill), not a new one. An official body's own page reports on nobody: its
    # older posts, which outlets quoted while it was down, stand beside its officials' new ones
    requoted = _requoted_speakers(judged, keys) if not own_official else set()
    judged = [
        changes.StatementChange(c.statement, "repeat") if c.verdict == "new" and (
            changes.said_before(c.statement.text, published)  # "said on Dec. 15 that ...", weeks later: recalled
            or (c.statement.official and changes.state_echo(
                c.statement.speaker, c.statement.text, lambda: memory.recent_official(now - STATE_ECHO_WINDOW))))
        else c for c in judged
    ]  # fmt: skip
    for change in judged:
        s = change.statement
        if (s.start, s.end) in spans:
            continue
        spans.add((s.start, s.end))
        skey, thash = keys[s.speaker], changes.text_hash(s.text)
        official = s.official or skey in officials or _official_body(tracker, s.speaker) or (
            # a person quoted in a role on an official body's own page speaks for it ("CCPO Muhammad Ijaz Khan")
            s.role is not None and series.is_person(s.speaker) and own_official)
        thread = change.prior.thread_key if change.prior else hashlib.sha256(f"{skey}\n{thash}".encode()).hexdigest()[:24]
        row = {
            "item_version_id": version.version_id, "item_id": version.item_id, "source_id": source.id,
            "speaker": s.speaker, "speaker_key": skey, "role": s.role, "organization": s.organization,
            "official": official, "kind": s.kind, "text": s.text, "text_hash": thash, "thread_key": thread,
            "start": s.start, "end": s.end, "url": url, "published_at": published, "created_at": now,
        }  # fmt: skip
        memory.add(skey, thash, s.text, official, s.role, source.id)
        if quiet or not official or change.verdict not in ("new", "edited") or toll_only(s) \
                or not alerted.isdisjoint(aliases[s.speaker]) or (change.verdict == "new" and skey in requoted):
            rows.append(row)
            continue  # only official statements alert; repeats elsewhere are corroboration
        alerted.update(aliases[s.speaker])  # (one person under every key they are archived under)
        statement_id = store.add_statement_returning_id(session, row)  # the alert names the statement's row
        shown = s.speaker if skey == changes.speaker_key(s.speaker) else _shown_as(session, skey, s.speaker)
        for watch in watches:
            event: Event
            if change.verdict == "edited" and change.prior is not None:
                # a continuation ("He said ...") is shown after the statement it continues
                grown = f"{change.prior.text} {s.text}" if s.rule == changes.PRONOUN_RULE else s.text
                event = StatementEdited(
                    statement_key=thread, watch=watch, speaker=shown, role=s.role, organization=s.organization,
                    old_text=change.prior.text, new_text=grown, diff=changes.word_diff(change.prior.text, grown),
                    url=url, published_at=_iso(published), source_key=source.key,
                )  # fmt: skip
                key = f"statement_edited:{watch}:{statement_id}"
            else:
                event = StatementNew(
                    statement_key=thread, watch=watch, speaker=shown, role=s.role, organization=s.organization,
                    quote_kind=s.kind, text=s.text, url=url, published_at=_iso(published), source_key=source.key,
                )  # fmt: skip
                key = f"statement_new:{watch}:{thread}"
            if _write_alert(session, tracker, event, key, now, f"statement:{statement_id}", routed,
                            statement_id=statement_id):  # fmt: skip
                events.append(event)
    store.add_statements(session, rows)
    return events


STATE_ECHO_WINDOW = timedelta(days=3)  # how far back a state's voice is compared with officials' statements


def _shown_as(session: Session, skey: str, written: str) -> str:
    """How an alert names a speaker written by surname or title alone: as the archive names them ("Choi" → "Choi
    Sang-mok"), with the title the text used where the name does not hold it ("Francois-Xavier Bieuville (The
    prefect)")."""
    full = store.written_name(session, skey, written)
    if full is None:
        return written
    return full if set(written.casefold().split()) <= set(full.casefold().split()) else f"{full} ({written})"


def _requoted_speakers(judged: Sequence[changes.StatementChange], keys: Mapping[str, str]) -> set[str]:
    """Speaker keys a document quotes again from elsewhere: a repeat that is not a second copy of a statement
    the same document already gave."""
    given: set[tuple[str, str]] = set()
    out: set[str] = set()
    for change in judged:
        pair = (keys[change.statement.speaker], changes.text_hash(change.statement.text))
        if change.verdict == "repeat" and pair not in given:
            out.add(pair[0])
        given.add(pair)
    return out


def _speaker_aliases(
    memory: SpeakerMemory, statements: Sequence[StatementRecord], previous: Sequence[StatementRow],
    voices: Sequence[str] = (),
) -> dict[str, tuple[str, ...]]:
    """Speaker as written → the speaker keys the archive holds them under, the one to file them under first.
    A speaker named by a surname alone or after titles ("Guterres", "President Sheinbaum") is the one fuller
    speaker of the archive of that surname ("Secretary-General Antonio Guterres"), if only one person has it;
    the archive's or this version's ("Guterres added …" below his full name). A speaker the item's previous
    version filed under a key keeps that key. An official whose role is that of one configured voice ("Prime
    Minister Garry Conille" and the "Office of the Prime Minister of Haiti") is also compared under the voice's
    key: an outlet re-quoting the post on that page repeats it."""
    before = {p.speaker: p.speaker_key for p in previous}
    surnames = {s.speaker: series.bare_surname(s.speaker) for s in statements}
    named = {n for n in surnames.values() if n}
    known = [*memory.named(named), *(changes.speaker_key(s.speaker) for s in statements)] if named else []
    out: dict[str, tuple[str, ...]] = {}
    for speaker, surname in surnames.items():
        fuller = series.fuller_speakers(surname, known) if surname else ()
        if speaker in before:
            fuller = (before[speaker], *(k for k in fuller if k != before[speaker]))
        out[speaker] = fuller or (changes.speaker_key(speaker),)
    # a full name written with or without a middle initial or suffix ("Ferdinand Marcos Jr.", "Ferdinand R. Marcos
    # Jr."): one person, compared under each key the archive holds them under
    cores = {s.speaker: core for s in statements if s.official and surnames.get(s.speaker) is None
             and series.is_person(s.speaker) and (core := series.name_core(changes.speaker_key(s.speaker))) is not None}
    if cores:
        spelled = memory.named({surname for _first, surname in cores.values()})
        for speaker, core in cores.items():
            out[speaker] = (*out[speaker], *(k for k in spelled if k not in out[speaker] and series.name_core(k) == core))
    for s in statements:
        # "The Magdeburg police" and "Magdeburg police": one body, with or without its article
        key = out[s.speaker][0]
        bare = key[4:] if key.startswith("the ") else f"the {key}"
        if s.official and bare not in out[s.speaker] and not series.is_person(s.speaker):
            out[s.speaker] = (*out[s.speaker], bare)
        voice = series.voice_of_role(s.role, voices) if s.official else None
        if voice is not None and changes.speaker_key(voice) not in out[s.speaker]:
            out[s.speaker] = (*out[s.speaker], changes.speaker_key(voice))
        if s.official and s.speaker not in before and surnames.get(s.speaker) is None \
                and not series.is_person(s.speaker) and series.role_words(s.speaker) \
                and (person := series.person_in_role(s.speaker, memory.recent_roles())) is not None:
            # "The prefect said" on a wire: the one person recently quoted as the prefect, filed and compared as
            # them ("Prefect François-Xavier Bieuville")
            out[s.speaker] = (person, *(k for k in out[s.speaker] if k != person))
    return out


def _write_alert(
    session: Session, tracker: Tracker, event: Event, key: str, now: datetime, cause: str,
    routed: set[tuple[str, str]], *, series_id: int | None = None, statement_id: int | None = None,
) -> bool:
    """Write the alert; a channel already given this figure or statement (`cause`) under another watch
    gets no second delivery. The alert row itself is kept for every watch."""
    channels = [c for c in policy.route(event, tracker.rules, tracker.channels) if (c, cause) not in routed]
    routed.update((c, cause) for c in channels)
    alert = outbox.add_alert(
        session, kind=event.kind, event_key=key[:300], watch=event.watch, payload=event.to_payload(),
        channels=channels, series_id=series_id, statement_id=statement_id, now=now,
    )  # fmt: skip
    return alert is not None


def record_health(
    session: Session, tracker: Tracker, source_id: int, *, ok: bool, error: str | None, now: datetime,
    source: Source | None = None, arrivals: Sequence[datetime] | None = None,
) -> list[Event]:  # fmt: skip
    """Source health events of one poll, written to the outbox in the poll's own transaction. Call it BEFORE
    the poll's outcome moves the source's state (failures, last_ok_at).

    A batch of polls passes the `source` row and its `arrivals` (storage.sources.arrivals_of), read for all of
    them at once."""
    source = source if source is not None else session.get_one(Source, source_id)
    try:
        threshold = tracker.config.source(source.key).alert_after_failures
    except KeyError:
        threshold = 3
    last_ok = _iso(source.last_ok_at) or "never"
    base = {"source_key": source.key, "source_name": source.name, "url": source.url, "watch": ""}
    events: list[Event] = []
    verdict = health.after_poll(source.failures or 0, ok, threshold)
    since: str | None = None  # when the failures began: read only for an event that says it (not on every healthy poll)
    if verdict is not None:
        since = _iso(source_store.failing_since(session, source_id, source.last_ok_at) or (now if not ok else None))
    if verdict == "failed":
        events.append(SourceFailed(**base, failures=(source.failures or 0) + 1, error=error, since=since,
                                   published_at=_iso(now)))  # fmt: skip
        key = f"source_failed:{source.key}:{last_ok}"
    elif verdict == "recovered":
        events.append(SourceRecovered(**base, failures=source.failures or 0, since=since, published_at=_iso(now)))
        key = f"source_recovered:{source.key}:{last_ok}"
    elif ok:
        arrivals = source_store.arrivals(session, source_id) if arrivals is None else arrivals
        silent = health.is_silent(arrivals, now)
        if silent is not None:
            gap, silence = silent
            events.append(SourceSilent(
                **base, last_item_at=_iso(max(arrivals)), usual_gap_hours=round(gap.total_seconds() / 3600, 1),
                silent_hours=round(silence.total_seconds() / 3600, 1), published_at=_iso(now),
            ))  # fmt: skip
            key = f"source_silent:{source.key}:{_iso(max(arrivals))}"
    return [event for event in events if _write_alert(session, tracker, event, key, now, key, set())]


__all__ = ["SourceRef", "Tracker", "record", "record_health", "track_version"]
