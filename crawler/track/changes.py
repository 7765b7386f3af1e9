"""PURE change rules: a series' current state + one new figure → what the figure is and which event it makes;
a version's statements + the previous version's → new / edited / repeated statements.

Figures:
- no series yet → SeriesCreated (vague figures never get here: see series.is_trackable);
- same value → corroboration (another outlet or page) or a repeat: no alert;
- published before the series' current value → stale: no alert, whatever the number;
- higher → FigureChanged;
- lower: from the reporter's own publication → FigureChanged marked revision; from anyone else (an outlet
  repeating an older figure, or a value the series already had) → stale, not a drop.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from crawler.extract.records import Statement

Verdict = Literal["created", "changed", "revision", "corroboration", "repeat", "stale"]
_WORD = re.compile(r"\S+")
_PUNCT = re.compile(r"[\"'“”‘’«».,;:!?()\[\]-]+")


@dataclass(frozen=True, slots=True)
class SeriesState:
    number: int
    number_max: int | None
    published_at: datetime
    item_id: int  # the item that gave the current value
    source_id: int
    history: tuple[int, ...]  # values the series took, oldest first


@dataclass(frozen=True, slots=True)
class Observation:
    number: int
    number_max: int | None
    published_at: datetime
    item_id: int
    source_id: int
    by_reporter: bool  # the publication is the reporter's own (its organization is the reporter)


def judge(state: SeriesState | None, obs: Observation) -> Verdict:
    if state is None:
        return "created"
    same = obs.number == state.number and (obs.number_max or obs.number) == (state.number_max or state.number)
    if same:
        return "repeat" if obs.item_id == state.item_id else "corroboration"
    if obs.published_at < state.published_at:
        return "stale"
    if obs.number > state.number or (obs.number == state.number and (obs.number_max or 0) > (state.number_max or 0)):
        return "changed"
    # a lower number: only the reporter itself (its own page, or the same article edited) lowers its figure
    if obs.by_reporter or obs.item_id == state.item_id:
        return "revision"
    return "stale"


def percent(old: int, new: int) -> float | None:
    return round((new - old) * 100.0 / old, 1) if old else None


# --- statements --------------------------------------------------------------------------------------

EDIT_SIMILARITY = 0.5  # below this, a changed quote by the same speaker is a new statement, not an edit


def normalize_text(text: str) -> str:
    return " ".join(_PUNCT.sub(" ", text).casefold().split())


def text_hash(text: str) -> str:
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()


def speaker_key(speaker: str) -> str:
    return " ".join(speaker.casefold().split())


@dataclass(frozen=True, slots=True)
class PriorStatement:
    """A statement of the item's previous version, as archived."""

    id: int
    speaker_key: str
    text: str
    text_hash: str
    thread_key: str


StatementVerdict = Literal["new", "edited", "unchanged", "repeat"]


@dataclass(frozen=True, slots=True)
class StatementChange:
    statement: Statement
    verdict: StatementVerdict
    prior: PriorStatement | None = None


def statement_changes(
    current: Sequence[Statement], previous: Sequence[PriorStatement], seen: set[tuple[str, str]]
) -> list[StatementChange]:
    """Classify a version's statements against the previous version of the same item and the archive."""
    prev_hashes = {(p.speaker_key, p.text_hash) for p in previous}
    cur_hashes = {(speaker_key(s.speaker), text_hash(s.text)) for s in current}
    # candidates for an edit: previous statements that disappeared from this version
    gone = [p for p in previous if (p.speaker_key, p.text_hash) not in cur_hashes]
    out: list[StatementChange] = []
    done: set[tuple[str, str]] = set()
    for s in current:
        key = (speaker_key(s.speaker), text_hash(s.text))
        if key in prev_hashes:
            out.append(StatementChange(s, "unchanged"))
            continue
        if key in done or key in seen:
            out.append(StatementChange(s, "repeat"))  # quoted again elsewhere: corroboration, no alert
            continue
        done.add(key)
        best, score = None, 0.0
        for p in gone:
            if p.speaker_key != key[0]:
                continue
            ratio = difflib.SequenceMatcher(None, normalize_text(p.text), normalize_text(s.text)).ratio()
            if ratio > score:
                best, score = p, ratio
        if best is not None and score >= EDIT_SIMILARITY:
            gone.remove(best)
            out.append(StatementChange(s, "edited", best))
        else:
            out.append(StatementChange(s, "new"))
    return out


def word_diff(old: str, new: str) -> tuple[tuple[str, str], ...]:
    """Word-level diff as runs: ("=", same), ("-", removed), ("+", added)."""
    a, b = _WORD.findall(old), _WORD.findall(new)
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("=", " ".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(("-", " ".join(a[i1:i2])))
        if op in ("insert", "replace"):
            out.append(("+", " ".join(b[j1:j2])))
    return tuple(out)
