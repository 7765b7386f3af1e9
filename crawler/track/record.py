"""The tracking transaction: figures, series points, statements and outbox rows (alert + deliveries) for the
new versions of one poll, written through storage functions in the same transaction as ingest wrote them.

`record(session, tracker, source, versions, extractions)` is the step after extraction (crawler.poll).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from alerts import policy
from alerts.config import RuleConfig
from alerts.events import Event, FigureChanged, SeriesCreated, StatementEdited, StatementNew
from crawler.config import Config
from crawler.extract import MONITOR_GROUPS, canonical_reporter
from crawler.extract.records import Extraction
from crawler.extract.records import Figure as FigureRecord
from crawler.ingest import NewVersion
from crawler.track import changes
from crawler.track.series import IMPLICIT_WATCH, Reporters, SeriesKey, is_trackable, reporter_of, series_key
from storage import outbox
from storage import series as store
from storage.base import utcnow
from storage.models import Figure


@dataclass(frozen=True, slots=True)
class Tracker:
    """What tracking needs from the config, resolved once."""

    config: Config
    reporters: Reporters
    rules: tuple[RuleConfig, ...]
    channels: tuple[str, ...]

    @classmethod
    def from_config(cls, config: Config) -> Tracker:
        return cls(
            config,
            Reporters.build(config.aliases, canonical_reporter),
            tuple(config.rules),
            tuple(c.name for c in config.channels),
        )

    def watches_for(self, source_key: str, text: str) -> list[str]:
        if not self.config.watches:
            return [IMPLICIT_WATCH]
        return [w.name for w in self.config.watches if w.matches(source_key, text)]

    def monitor_org(self, organization: str | None) -> str | None:
        """The source's organization when it is a monitor group (its unattributed figures are its own), else None."""
        name = self.reporters.normalize(organization)
        monitors = {self.reporters.normalize(m) for m in MONITOR_GROUPS}
        return organization if name is not None and name in monitors else None


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
    """Store and track the new versions of one source with their extractions; returns the events written."""
    now = now or utcnow()
    events: list[Event] = []
    for version, extraction in zip(versions, extractions, strict=True):
        events.extend(track_version(session, tracker, source, version, extraction, now))
    return events


def track_version(
    session: Session,
    tracker: Tracker,
    source: SourceRef,
    version: NewVersion,
    extraction: Extraction,
    now: datetime,
) -> list[Event]:
    """Store and track one new version's figures and statements; returns the events written to the outbox."""
    published = version.published_at or version.fetched_at or now
    watches = tracker.watches_for(source.key, f"{version.title or ''}\n{version.text}")
    url = version.url
    events: list[Event] = []
    # a figure or statement in several watches is one message per channel, not one per watch
    routed: set[tuple[str, str]] = set()
    seen_spans: set[tuple[int, int, str]] = set()
    for rec in extraction.figures:
        span = (rec.start, rec.end, rec.outcome)
        if span in seen_spans:
            continue
        seen_spans.add(span)
        figure = store.add_figure(
            session,
            item_version_id=version.version_id, item_id=version.item_id, source_id=source.id,
            number=rec.number, number_max=rec.number_max, qualifier=rec.qualifier, vague=rec.vague,
            outcome=rec.outcome, victim_group=rec.victim_group or "people", perpetrator=rec.perpetrator,
            reported_by=rec.reported_by,
            reporter=reporter_of(rec, tracker.reporters, source.organization, MONITOR_GROUPS),
            place=rec.place, as_of=rec.as_of, sentence=rec.sentence, start=rec.start, end=rec.end,
            url=url, published_at=published, created_at=now,
        )  # fmt: skip
        if not is_trackable(rec) or figure.reporter is None:
            continue  # kept as evidence; vague or unattributed figures make no series and no alert
        for watch in watches:
            event = _track_figure(
                session, tracker, source, rec, figure, series_key(rec, figure.reporter, watch), now, routed
            )
            if event is not None:
                events.append(event)
    events.extend(
        _track_statements(session, tracker, source, version, extraction, watches, url, published, now, routed)
    )
    return events


def _track_figure(
    session: Session, tracker: Tracker, source: SourceRef, rec: FigureRecord, figure: Figure, key: SeriesKey,
    now: datetime, routed: set[tuple[str, str]],
) -> Event | None:
    assert figure.number is not None
    series = store.find_series(
        session, watch=key.watch, reporter=key.reporter, outcome=key.outcome,
        victim_group=key.victim_group, perpetrator=key.perpetrator,
    )  # fmt: skip
    obs = changes.Observation(
        number=figure.number, number_max=figure.number_max, published_at=figure.published_at,
        item_id=figure.item_id, source_id=figure.source_id,
        by_reporter=tracker.reporters.same(source.organization, key.reporter),
    )  # fmt: skip
    if series is None:
        series = store.create_series(session, figure, watch=key.watch, reporter=key.reporter, perpetrator=key.perpetrator)
        store.add_point(session, series, figure, "value")
        event: Event = SeriesCreated(
            series_uid=series.uid, watch=key.watch, reporter=key.reporter, outcome=key.outcome,
            victim_group=key.victim_group, perpetrator=key.perpetrator or None, place=rec.place,
            number=figure.number, number_max=figure.number_max, qualifier=figure.qualifier,
            sentence=rec.sentence, url=figure.url, published_at=_iso(figure.published_at), source_key=source.key,
        )  # fmt: skip
        _write_alert(
            session, tracker, event, f"series_created:{series.uid}", now, f"figure:{figure.id}", routed,
            series_id=series.id,
        )
        return event
    current = store.figure_by_id(session, series.current_figure_id)
    state = changes.SeriesState(
        number=series.number, number_max=series.number_max, published_at=series.published_at,
        item_id=current.item_id if current else -1, source_id=current.source_id if current else -1,
        history=tuple(store.series_values(session, series.id, among=(figure.number,))),
    )  # fmt: skip
    verdict = changes.judge(state, obs)
    if verdict not in ("changed", "revision"):
        store.add_point(session, series, figure, verdict if verdict != "repeat" else "corroboration")
        return None
    old_number, old_qualifier, previous = series.number, series.qualifier, current
    store.add_point(session, series, figure, "value", revision=verdict == "revision")
    event = FigureChanged(
        series_uid=series.uid, watch=key.watch, reporter=key.reporter, outcome=key.outcome,
        victim_group=key.victim_group, perpetrator=key.perpetrator or None, place=rec.place,
        old_number=old_number, new_number=figure.number, old_qualifier=old_qualifier, qualifier=figure.qualifier,
        number_max=figure.number_max, delta=figure.number - old_number,
        percent=changes.percent(old_number, figure.number), revision=verdict == "revision",
        sentence=rec.sentence, url=figure.url, previous_url=previous.url if previous else None,
        published_at=_iso(figure.published_at),
        previous_published_at=_iso(previous.published_at) if previous else None, source_key=source.key,
    )  # fmt: skip
    _write_alert(
        session, tracker, event, f"figure_changed:{series.uid}:{figure.id}", now, f"figure:{figure.id}", routed,
        series_id=series.id,
    )
    return event


def _track_statements(
    session: Session, tracker: Tracker, source: SourceRef, version: NewVersion, extraction: Extraction,
    watches: Sequence[str], url: str | None, published: datetime, now: datetime, routed: set[tuple[str, str]],
) -> list[Event]:
    prev_id = store.previous_version_id(session, version.item_id, version.number)
    prior = [
        changes.PriorStatement(p.id, p.speaker_key, p.text, p.text_hash, p.thread_key)
        for p in store.statements_of_version(session, prev_id)
    ]
    speakers = [changes.speaker_key(s.speaker) for s in extraction.statements]
    seen = store.statement_hashes_seen(session, speakers, before_version_id=version.version_id)
    events: list[Event] = []
    spans: set[tuple[int, int]] = set()
    for change in changes.statement_changes(extraction.statements, prior, seen):
        s = change.statement
        if (s.start, s.end) in spans:
            continue
        spans.add((s.start, s.end))
        skey, thash = changes.speaker_key(s.speaker), changes.text_hash(s.text)
        thread = change.prior.thread_key if change.prior else hashlib.sha256(f"{skey}\n{thash}".encode()).hexdigest()[:24]
        row = store.add_statement(
            session, item_version_id=version.version_id, item_id=version.item_id, source_id=source.id, speaker=s.speaker,
            speaker_key=skey, role=s.role, organization=s.organization, official=s.official, kind=s.kind,
            text=s.text, text_hash=thash, thread_key=thread, start=s.start, end=s.end, url=url,
            published_at=published, created_at=now,
        )  # fmt: skip
        if not s.official or change.verdict not in ("new", "edited"):
            continue  # only official statements alert; repeats elsewhere are corroboration
        for watch in watches:
            event: Event
            if change.verdict == "edited" and change.prior is not None:
                event = StatementEdited(
                    statement_key=thread, watch=watch, speaker=s.speaker, role=s.role, organization=s.organization,
                    old_text=change.prior.text, new_text=s.text, diff=changes.word_diff(change.prior.text, s.text),
                    url=url, published_at=_iso(published), source_key=source.key,
                )  # fmt: skip
                key = f"statement_edited:{watch}:{row.id}"
            else:
                event = StatementNew(
                    statement_key=thread, watch=watch, speaker=s.speaker, role=s.role, organization=s.organization,
                    quote_kind=s.kind, text=s.text, url=url, published_at=_iso(published), source_key=source.key,
                )  # fmt: skip
                key = f"statement_new:{watch}:{thread}"
            if _write_alert(session, tracker, event, key, now, f"statement:{row.id}", routed, statement_id=row.id):
                events.append(event)
    return events


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


__all__ = ["SourceRef", "Tracker", "record", "track_version"]
