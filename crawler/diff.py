"""Word diff between two archived versions of an item: pure, text in, segments out.

One diff for the CLI (`tollwatch diff`, coloured in a terminal), the web page and the JSON API: each renders
the same `Segment`s its own way. Words, spaces and punctuation are the units, so "745" → "973" is one change
and not a run of changed characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

Op = Literal["equal", "delete", "insert"]
_NUMBER = r"\d+(?:[.,:]\d+)+"  # "1,383", "2.5", "10:30" are one word: a changed toll is one change
_TOKEN = re.compile(rf"\s+|{_NUMBER}|\w+|[^\w\s]")
# a sentence with the spaces after it, or a line with its newline: what the first pass matches
_SENTENCE = re.compile(r"[^\n]*?[.!?](?=\s)[^\S\n]*|[^\n]*\n|[^\n]+")
_WORD = re.compile(rf"{_NUMBER}|\w+")


@dataclass(frozen=True, slots=True)
class Segment:
    op: Op
    text: str


@dataclass(frozen=True, slots=True)
class DiffStats:
    words_deleted: int
    words_inserted: int

    @property
    def changed(self) -> bool:
        return bool(self.words_deleted or self.words_inserted)


def word_diff(old: str, new: str) -> list[Segment]:
    """The segments that turn `old` into `new`: equal, deleted and inserted runs, in reading order.

    Sentences (and lines) are matched first and only changed ones are diffed word by word: an article is
    mostly unchanged sentences, and matching all its words at once costs time that grows with the square of
    its length.
    A replaced run comes out as its deletion followed by its insertion; neighbours of one kind are merged.
    """
    a, b = _SENTENCE.findall(old), _SENTENCE.findall(new)
    # sentences are matched without the spaces after them: a space that became a line break edits no sentence
    keys_a, keys_b = [u.rstrip() for u in a], [u.rstrip() for u in b]
    out: list[Segment] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, keys_a, keys_b, autojunk=False).get_opcodes():
        if tag == "equal":
            for x, y in zip(a[i1:i2], b[j1:j2], strict=True):
                if x == y:
                    _add(out, "equal", x)
                    continue
                body = x.rstrip()
                _add(out, "equal", body)
                _add(out, "delete", x[len(body):])
                _add(out, "insert", y[len(body):])
        elif tag == "replace":
            _words(out, "".join(a[i1:i2]), "".join(b[j1:j2]))
        else:
            _add(out, "delete", "".join(a[i1:i2]))
            _add(out, "insert", "".join(b[j1:j2]))
    return out


def _words(out: list[Segment], old: str, new: str) -> None:
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    # past a few thousand tokens (a text with no line breaks) the most frequent tokens (spaces, "the") are not
    # matched on their own: the diff stays exact, and its cost stops growing with the square of the length
    matcher = SequenceMatcher(None, a, b, autojunk=len(a) + len(b) > 4000)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _add(out, "equal", "".join(a[i1:i2]))
            continue
        if i2 > i1:
            _add(out, "delete", "".join(a[i1:i2]))
        if j2 > j1:
            _add(out, "insert", "".join(b[j1:j2]))


def _add(out: list[Segment], op: Op, text: str) -> None:
    if not text:
        return
    if out and out[-1].op == op:
        out[-1] = Segment(op, out[-1].text + text)
    else:
        out.append(Segment(op, text))


def stats(segments: list[Segment]) -> DiffStats:
    def words(op: Op) -> int:
        return sum(len(_WORD.findall(s.text)) for s in segments if s.op == op)

    return DiffStats(words_deleted=words("delete"), words_inserted=words("insert"))


def collapse(segments: list[Segment], context: int = 120) -> list[Segment]:
    """Long unchanged runs shortened to about `context` characters on each side of a change, "…" between.

    The first and last runs keep only the side that touches a change; a diff with no change is kept whole.
    """
    if all(s.op == "equal" for s in segments):
        return list(segments)
    out: list[Segment] = []
    last = len(segments) - 1
    for i, s in enumerate(segments):
        if s.op != "equal" or len(s.text) <= 2 * context + 5:
            out.append(s)
            continue
        # cut at spaces, so that a shortened run neither ends nor starts mid-word
        head = s.text[:context].rsplit(" ", 1)[0]
        tail = s.text[-context:].split(" ", 1)[-1]
        if i == 0:
            out.append(Segment("equal", "… " + tail))
        elif i == last:
            out.append(Segment("equal", head + " …"))
        else:
            out.append(Segment("equal", f"{head} … {tail}"))
    return out
