"""Sentence splitting and word tokens, both with character offsets (rule-based, linear time)."""

from __future__ import annotations

import re
from typing import Final

from crawler.extract.lexicon import LEXICON

# Abbreviations that end with a period but rarely end a sentence.
_ABBREV: Final = LEXICON.rule_words("sentences", "abbrev")
# A candidate boundary: terminal punctuation (optionally closing quotes/brackets) then space, or a newline.
# (Led by one character class, so the engine skips in C to the next candidate.)
_BOUNDARY: Final = re.compile(r"[.!?\n](?:(?<=[.!?])[\"'”’)\]]*[ \t]+(?=[\"'“‘(\[]?[A-Z0-9\u0600-\u06FF])|(?<=\n)\n*)")
_WORD_BEFORE: Final = re.compile(r"([A-Za-z]+)\.?$")
_AGENCIES: Final = LEXICON.markers["wire_agencies"]
# "<headline> AFP Thursday 25 Sep 2014 <body>": a wire byline with its date ends the headline
_BYLINE_DATE: Final = re.compile(
    r"\b(?:" + "|".join(re.escape(a) for a in _AGENCIES) + r")\s+(?:"
    + "|".join(sorted(w.capitalize() for w in LEXICON.words("weekdays"))) + r")\s+\d{1,2}\s+[A-Z][a-z]{2,8}\s+\d{4}\b"
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) spans of sentences; spans never include surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if m.group(0)[0] == ".":
            before = text[max(start, m.start() - 12) : m.start() + 1]
            w = _WORD_BEFORE.search(before)
            if w:
                word = w.group(1)
                # "U.N." / "U.S." style initials and known abbreviations do not close a sentence.
                if word.lower() == "no" and m.end() < len(text) and text[m.end()].isdigit():
                    continue
                if word.lower() in _ABBREV or (len(word) == 1 and m.start() >= 2 and text[m.start() - 2] == "."):
                    continue
                if len(word) == 1 and word.isupper() and not _after_lower_word(text, start, m.start() - 1):
                    continue  # an initial ("S. Jaishankar", "George W. Bush"), not "posted on X. Fifty-nine ..."
        end = m.start() + (1 if m.group(0)[0] in ".!?" else 0)
        # keep closing quotes with the sentence they close
        j = m.start() + 1
        while j < len(text) and text[j] in "\"'”’)]":
            j += 1
        if m.group(0)[0] in ".!?":
            end = j
        _add_parts(text, spans, start, end)
        start = m.end()
    _add_parts(text, spans, start, len(text))
    return spans


def _after_lower_word(text: str, start: int, at: int) -> bool:
    """The word before text[at] (after spaces, from start on) is in lower case: "on X.", "vitamin C." name no one."""
    j = at
    while j > start and text[j - 1] == " ":
        j -= 1
    if j == at:
        return False
    while j > start and text[j - 1].isalpha():
        j -= 1
    return text[j].islower()


def _add_parts(text: str, spans: list[tuple[int, int]], start: int, end: int) -> None:
    """A sentence, split after a wire byline and its date (the headline before it is a sentence of its own)."""
    part = text[start:end]
    if any(a in part for a in _AGENCIES):
        for m in _BYLINE_DATE.finditer(text, start, end):
            if m.end() < end:
                _add(text, spans, start, m.end())
                start = m.end()
    _add(text, spans, start, end)


MAX_SENTENCE: Final = 1500  # longer runs (tables, junk, no punctuation) are cut so work per sentence stays bounded


def _add(text: str, spans: list[tuple[int, int]], start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        if cut <= start:
            cut = start + MAX_SENTENCE
        spans.append((start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        spans.append((start, end))


class Token:
    """One word or symbol with absolute offsets (a plain class with slots: compiled, a native struct)."""

    __slots__ = ("text", "low", "start", "end")

    def __init__(self, text: str, low: str, start: int, end: int) -> None:
        self.text = text
        self.low = low
        self.start = start
        self.end = end

    def __repr__(self) -> str:
        return f"Token({self.text!r}, {self.start}, {self.end})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Token) and (self.text, self.start, self.end) == (other.text, other.start, other.end)

    def __hash__(self) -> int:
        return hash((self.text, self.start, self.end))

    @property
    def is_cap(self) -> bool:
        return self.text[:1].isupper()

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalnum()


# Initials ("U.N.", "U.S."), a name's suffix with its period ("Ferdinand Marcos Jr."), words with inner
# hyphens/apostrophes ("al-Sharaa", "Syria's"), or one symbol.
_SUFFIXES: Final = "|".join(sorted(w.capitalize() for w in LEXICON.rule_words("speech", "name_suffixes")))
_TOKEN: Final = re.compile(r"(?:[A-Za-z]\.){2,}|(?:" + _SUFFIXES + r")\.(?!\w)|\w+(?:[-'’]\w+)*|[^\w\s]")


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of text[start:end] with absolute offsets."""
    end = len(text) if end is None else end
    chunk = text[start:end]
    lowered = chunk.lower()
    if len(lowered) == len(chunk):
        # lower-case the sentence once and slice it (same length: offsets line up)
        if "’" in lowered:
            lowered = lowered.replace("’", "'")
        return [Token(m.group(), lowered[m.start() : m.end()], m.start() + start, m.end() + start)
                for m in _TOKEN.finditer(chunk)]
    out: list[Token] = []
    for m in _TOKEN.finditer(text, start, end):
        g = m.group()
        low = g.lower()
        if "’" in low:
            low = low.replace("’", "'")
        out.append(Token(g, low, m.start(), m.end()))
    return out


# A short fragment in quotation marks inside a clause ("killed 'more than 40 terrorists' in Jenin", "'dozens' of
# soldiers"): the writer keeps the source's words at arm's length, the count is still the sentence's. The opening
# mark follows a word and a space, the closing one ends a word; at most six words, no sentence end between.
_SCARE_QUOTE: Final = re.compile(
    r"(?<=[A-Za-z0-9] )(['\"‘“])(?=[A-Za-z0-9])((?:[^'\"‘“’”.!?\n\s]++\s?){1,6}?)(?<=\S)(['\"’”])(?=[\s,;:.!?)]|$)"
)


def blank_scare_quotes(text: str) -> str:
    """text with the marks of short quoted fragments inside clauses turned into spaces (offsets unchanged),
    for reading counts and their words; speech is read on the text as written."""
    if "'" not in text and '"' not in text and "‘" not in text and "“" not in text:
        return text
    return _SCARE_QUOTE.sub(lambda m: " " + m.group(2) + " ", text)
