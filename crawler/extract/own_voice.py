"""What the owner of an official's own page says in the first person ("I have directed PDMA and the district
administrations to ensure immediate relief.", "We strongly condemn the attack."): a statement with no speech verb
and no quotation marks, whose speaker is the page's owner. Pure: a text and the owner in, statements out.

Only sentences outside quotation marks count, and outside a quotation that runs over several sentences: a first
person inside quotes is someone quoted, and the speech rules find them. A news outlet's pages are never read this way (its "we" is the newsroom's)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from crawler.extract.records import Statement
from crawler.extract.sentences import split_sentences

# "I have directed", "We strongly condemn", "I'm deeply saddened": a first-person subject before a lower-case word
_FIRST_PERSON = re.compile(r"(?:^|(?<=[\s,;:(]))(?:I|We)(?:['’](?:ve|m|re|ll|d))?\s+(?=[a-z])")
_QUOTES = re.compile(r"[\"“”«»]")


def own_voice_statements(
    text: str, owner: str, *, official: bool, taken: Iterable[tuple[int, int]] = ()
) -> tuple[Statement, ...]:
    """The sentences of `text` in which its owner speaks in the first person, each a statement of `owner`
    (kind "quote": their own words, verbatim), leaving out those that overlap a statement already found (`taken`: start, end)."""
    spans = list(taken)
    out: list[Statement] = []
    for start, end in split_sentences(text):
        sentence = text[start:end]
        if _QUOTES.search(sentence) or not _FIRST_PERSON.search(sentence) or _inside_quotation(text, start):
            continue
        if any(s < end and start < e for s, e in spans):
            continue
        said = sentence.strip().rstrip(".")
        lead = start + len(sentence) - len(sentence.lstrip())
        out.append(Statement(owner, None, owner, official, "quote", said, lead, lead + len(said), rule="own_voice"))
    return tuple(out)


def _inside_quotation(text: str, at: int) -> bool:
    """text[at] lies inside a quotation opened before it and not yet closed ('"My thoughts are with the victims. We
    stand by their side. My thanks go to ..."': the middle sentence is the quoted speaker's)."""
    before = text[:at]
    return before.count('"') % 2 == 1 or before.count("“") > before.count("”") or before.count("«") > before.count("»")


__all__ = ["own_voice_statements"]
