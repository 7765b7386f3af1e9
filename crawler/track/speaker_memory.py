"""What the archive holds of the speakers one batch of versions quotes, read once for the batch.

A source's poll brings dozens of new versions; asking the archive about each version's speakers (who a surname
names, which texts they were quoted in, whether they were quoted as officials) cost several questions per version.
The memory asks once for the whole batch, and then keeps what the batch itself adds, so that each version sees
the versions tracked before it exactly as if they had been archived already.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from crawler.extract.records import Statement
from crawler.track import changes, series
from storage import people as person_store
from storage import series as store


@dataclass(slots=True)
class SpeakerMemory:
    """The archive's statements of some speakers, asked about lazily and kept for one tracking transaction."""

    session: Session
    _named: dict[str, list[str]] = field(default_factory=dict)  # surname → speaker keys, first quoted first
    _pairs: set[tuple[str, str]] = field(default_factory=set)  # (speaker_key, text_hash) archived
    _asked: set[tuple[str, str]] = field(default_factory=set)  # the pairs asked about
    _texts: dict[str, list[str]] = field(default_factory=dict)  # speaker_key → normalized texts, newest first
    _officials: set[str] = field(default_factory=set)
    _asked_texts: set[str] = field(default_factory=set)  # the keys whose texts were read
    _asked_officials: set[str] = field(default_factory=set)  # the keys whose official standing was read
    # when each archived speaker was first quoted (their first speaker_name row); the batch's come after them
    _first: dict[str, int] = field(default_factory=dict)
    _added_keys: dict[str, frozenset[str]] = field(default_factory=dict)  # speakers the batch quoted first → endings
    _recent_official: changes.TextIndex | None = None  # the newest official statements of any speaker
    _official_added: list[str] = field(default_factory=list)  # the batch's own official texts, normalized
    _recent_roles: tuple[tuple[str, int, str], ...] | None = None
    # the batch's own (role, source id, speaker key)
    _roles_added: list[tuple[str, int, str]] = field(default_factory=list)

    def prefetch(self, statements: Sequence[Statement]) -> None:
        """Ask in one question of each kind about every speaker and text of the batch's statements. A speaker's
        newest texts are read only where the batch quotes them in words the archive does not hold exactly: they
        serve to recognise another outlet's rewording, and an exact repeat needs none (most quotes in a batch)."""
        named_by = self._read_named({n for s in statements if (n := series.bare_surname(s.speaker))})
        # each quote under its own key and under the archived speakers of its surname ("Guterres" of "Antonio
        # Guterres"): the keys _speaker_aliases can file it under
        quoted = [(changes.speaker_key(s.speaker), named_by.get(series.bare_surname(s.speaker) or "", ()),
                   changes.text_hash(s.text)) for s in statements]  # fmt: skip
        self._read_pairs({(k, digest) for key, named, digest in quoted for k in (key, *named)})
        self._read_officials({k for key, named, _ in quoted for k in (key, *named)})
        unseen = set()
        for key, named, digest in quoted:
            if (key, digest) not in self._pairs:
                unseen.add(key)
                unseen.update(named)
        self._read_texts(unseen)

    def named(self, surnames: Iterable[str]) -> list[str]:
        """Speaker keys whose last word is one of these surnames, first quoted first (storage.series.speakers_named,
        and the speakers this batch quoted after them)."""
        wanted = set(surnames)
        by_name = self._read_named(wanted)
        out = dict.fromkeys(sorted({k for n in wanted for k in by_name[n]}, key=self._first.__getitem__))
        for key, tails in self._added_keys.items():
            if key not in out and not wanted.isdisjoint(tails):
                out[key] = None
        return list(out)

    def seen(self, pairs: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
        """Which of the (speaker_key, text_hash) pairs the archive or this batch holds."""
        wanted = set(pairs)
        self._read_pairs(wanted - self._asked - self._pairs)
        return wanted & self._pairs

    def texts(self, keys: Iterable[str]) -> dict[str, list[str]]:
        """speaker_key → normalized texts of the speaker's newest statements, newest first."""
        wanted = set(keys)
        self._read_texts(wanted)
        return {k: self._texts[k] for k in wanted if self._texts.get(k)}

    def officials(self, keys: Iterable[str]) -> set[str]:
        """The speakers among these once quoted as officials."""
        wanted = set(keys)
        self._read_officials(wanted)
        return wanted & self._officials

    def recent_roles(self) -> tuple[tuple[str, int, str], ...]:
        """(role, source id, speaker key) of the newest official statements quoted with a role
        (storage.people.recent_roles), read once a batch, with the batch's own, newest first."""
        if self._recent_roles is None:
            self._recent_roles = tuple(person_store.recent_roles(self.session))
        return (*reversed(self._roles_added), *self._recent_roles)

    def recent_official(self, since: datetime) -> changes.TextIndex:
        """The newest official statements of any speaker (storage.series.recent_official_texts, read once a batch)
        and the batch's own, by their words."""
        if self._recent_official is None:
            self._recent_official = changes.TextIndex()
            for text in dict.fromkeys(store.recent_official_texts(self.session, since)):
                self._recent_official.add(changes.normalize_text(text))
            for text in self._official_added:
                self._recent_official.add(text)
        return self._recent_official

    def add(self, speaker_key: str, text_hash: str, text: str, official: bool, role: str | None = None,
            source_id: int | None = None) -> None:
        """A statement the batch writes: what later versions of the batch see as archived."""
        if official and role and source_id is not None:
            self._roles_added.append((role, source_id, speaker_key))
        self._pairs.add((speaker_key, text_hash))
        normalized = changes.normalize_text(text)
        self._texts.setdefault(speaker_key, []).insert(0, normalized)
        if official:
            self._officials.add(speaker_key)
            self._official_added.append(normalized)
            if self._recent_official is not None:
                self._recent_official.add(normalized)
        if speaker_key not in self._first and speaker_key not in self._added_keys:
            self._added_keys[speaker_key] = frozenset(store.speaker_tails(speaker_key))

    def _read_named(self, surnames: Iterable[str]) -> dict[str, list[str]]:
        wanted = set(surnames)
        new = sorted(wanted - self._named.keys())
        if new:
            found = store.speakers_named(self.session, new)
            self._first.update(found)
            tails = {k: set(store.speaker_tails(k)) for k in found}
            for name in new:
                self._named[name] = [k for k in found if name in tails[k]]
        return {n: self._named[n] for n in wanted}

    def _read_pairs(self, pairs: set[tuple[str, str]]) -> None:
        if pairs:
            self._pairs.update(store.statement_hashes_seen(self.session, pairs))
            self._asked.update(pairs)

    def _read_texts(self, keys: Iterable[str]) -> None:
        new = set(keys) - self._asked_texts
        if not new:
            return
        for key, said in store.statement_texts_seen(self.session, new).items():
            # archived texts come after any the batch added (newest first), each normalized once
            # each text once: the rows of a much-quoted speaker hold every outlet's copy of the same words
            self._texts.setdefault(key, []).extend(dict.fromkeys(changes.normalize_text(t) for t in dict.fromkeys(said)))
        self._asked_texts.update(new)

    def _read_officials(self, keys: Iterable[str]) -> None:
        new = set(keys) - self._asked_officials
        if new:
            self._officials.update(store.official_speakers(self.session, new))
            self._asked_officials.update(new)


__all__ = ["SpeakerMemory"]
