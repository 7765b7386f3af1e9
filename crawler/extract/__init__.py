"""Casualty-figure and statement extraction from news text. Pure: strings in, records out.

English only until a second lexicon exists: every word the rules reason with is in lexicon/en.yaml
(reporters and their aliases in lexicon/reporters.yaml), loaded once into a frozen Lexicon.

extract(text) reads plain text; HTML is reduced to its main text before (crawler.pages), by the caller.
"""

from __future__ import annotations

import re
from dataclasses import replace

import crawler.extract.build  # noqa: F401  first: it picks the compiled rules or their source before any loads

# isort: split
from crawler.extract.attribution import MONITOR_GROUPS, acronym_table, canonical_reporter
from crawler.extract.figures import Context, remember_speakers, sentence_figures
from crawler.extract.lexicon import LEXICON
from crawler.extract.numbers import find_numbers, not_a_count, to_ascii_digits
from crawler.extract.own_voice import own_voice_statements
from crawler.extract.records import Extraction, Figure, Statement
from crawler.extract.sentences import blank_scare_quotes, split_sentences, tokenize
from crawler.extract.speech import (
    MAX_CUES,
    SpeechAct,
    find_speech_acts,
    not_a_place,
    places_named,
    speech_cues,
    split_name_role,
)
from crawler.extract.statements import passage_statements

__all__ = [
    "MONITOR_GROUPS",
    "Extraction",
    "Figure",
    "Statement",
    "canonical_reporter",
    "extract",
    "extract_figures",
    "extract_statements",
]


# A sentence with more than MAX_NUMBERS number mentions is a table, a list of scores or junk, not a report:
# its numbers are not read (real sentences hold at most 13, tennis scores; casualty prose fewer). This bounds
# the work per sentence, as speech.MAX_CUES and MAX_ACTS do for speech.
MAX_NUMBERS = 24
# A text that has given MAX_FIGURES figures is a table or junk too (a long UN report gives a few hundred): the
# rest of it is not read, which bounds the time any input can take (5 MB of "Five killed. " would be 400,000).
MAX_FIGURES = 25_000


# Invisible formatting characters inside words ("Palest\u00adinians", a soft hyphen; zero-width spaces, word
# joiners, a stray BOM): read as if absent, offsets still refer to the text as given.
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")


# English only: a text of some length in which hardly a word is one of the commonest English words is in
# another language, and reading it with English rules gives only noise ("stellt" killed).
_WORD = re.compile(r"[^\W\d_]+")
_COMMON_ENGLISH = LEXICON.words("common_english")
_FOREIGN_FUNCTION_WORDS = LEXICON.words("foreign_function_words")
_FEED_FOOTERS = LEXICON.markers["feed_footers"]
MIN_WORDS_FOR_LANGUAGE = 25
MIN_ENGLISH_SHARE = 0.04
# characters judged (some 250 words): a text keeps its language, and English prose shows it within its first few
# dozen words. 4,000 gave the same verdict on every text of the corpus (3,361 feed entries and passages) and was
# 5 % of extraction's time, listing words it never needed
LANGUAGE_SAMPLE = 1_500


def is_english(text: str) -> bool:
    """False for a text of MIN_WORDS_FOR_LANGUAGE words or more with under 4 % common English words and more
    function words of other languages than that ("der", "und", "les", "los"...), judged on its first
    LANGUAGE_SAMPLE characters. A terse English bulletin ("Kharkiv: 5 killed. Izium: 3 injured.") has neither
    and is read."""
    words = _WORD.findall(text[:LANGUAGE_SAMPLE])
    if len(words) < MIN_WORDS_FOR_LANGUAGE:
        return True
    need = MIN_ENGLISH_SHARE * len(words)
    common = 0
    for w in words:  # English text gets there within its first few dozen words
        if w.lower() in _COMMON_ENGLISH:
            common += 1
            if common >= need:
                return True
    return sum(1 for w in words if w.lower() in _FOREIGN_FUNCTION_WORDS) <= need


# what opens a wire's paragraph before its first word: a dateline ("MAKURDI, Nigeria (AP) — ", "MOGADISHU (Reuters)
# - ", "(Nairobi) – ") or a live blog's time ("09:14 GMT – "). Nobody in it did or said anything ("MAKURDI" is no
# perpetrator).
_DATELINE = re.compile(
    r"^[ \t]*(?:[A-Z][A-Z.'’-]{2,}(?: [A-Z][A-Z.'’-]+){0,3}(?:, [A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})?"
    r"(?: \([\w .]{2,24}\))?|\([A-Z][a-z]+(?: [A-Z][a-z]+){0,2}\)|\d{1,2}:\d{2}(?: [A-Z]{2,4})?)[ \t]*[—–-]{1,2}[ \t]+"
    # a live blog's labelled time with a colon: "Key update, 14:20: ", "09:40 BST: "
    r"|^[ \t]*(?:[A-Z][a-z]+(?: [a-z]+){0,2},[ \t]*)?\d{1,2}:\d{2}(?: [A-Z]{2,4})?:[ \t]+",
    re.M,
)


# quotation marks of other typographies, as the curly marks the rules know (same length: offsets hold)
_QUOTE_MARKS = str.maketrans({"«": "“", "»": "”", "„": "“", "‹": "‘", "›": "’"})
_GUILLEMETS = re.compile("[«»„‹›]")


def _analyse(text: str, source_org: str | None, want_figures: bool, want_statements: bool,
             monitors_official: bool = False, include_pronouns: bool = False) -> Extraction:
    if not text or not text.strip() or not is_english(text):
        return Extraction()
    if _INVISIBLE.search(text):
        keep = [i for i, ch in enumerate(text) if not _INVISIBLE.match(ch)]
        seen = _analyse(_INVISIBLE.sub("", text), source_org, want_figures, want_statements, monitors_official,
                        include_pronouns)  # fmt: skip
        at = keep.__getitem__
        return Extraction(
            figures=tuple(replace(f, start=at(f.start), end=at(f.end - 1) + 1) for f in seen.figures),
            statements=tuple(replace(s, start=at(s.start), end=at(s.end - 1) + 1) for s in seen.statements),
        )
    if _DATELINE.search(text):
        text = _DATELINE.sub(lambda m: " " * len(m.group()), text)  # blanked, so that every offset holds
    if _GUILLEMETS.search(text):
        text = text.translate(_QUOTE_MARKS)  # «…», „…“: the marks the rules read, one character for one
    ascii_text = to_ascii_digits(text)
    # counts are read with short scare-quoted fragments unquoted ("killed 'dozens' of soldiers"); speech as written
    count_text = blank_scare_quotes(ascii_text) if want_figures else ascii_text
    ctx = Context(acronyms=acronym_table(ascii_text), source_org=source_org, original=text)
    figures: list[Figure] = []
    acts_by_sentence: list[tuple[tuple[int, int], list[SpeechAct]]] = []
    places: frozenset[str] | None = None  # words the text uses as places, found on the first speech act
    footers = [f for f in _FEED_FOOTERS if f in ascii_text]
    for s_start, s_end in split_sentences(ascii_text):
        if len(figures) >= MAX_FIGURES:
            break
        if footers and any(f in ascii_text[s_start:s_end] for f in footers):
            continue  # "The post ... appeared first on Boston.com.": feed furniture
        mentions = find_numbers(count_text, s_start, s_end, MAX_NUMBERS) if want_figures else []
        if mentions and mentions[-1].end > s_end:
            mentions = [m for m in mentions if m.end <= s_end]  # one that runs past the sentence end is dropped
        cues = speech_cues(ascii_text, s_start, s_end)
        if cues > MAX_CUES:
            continue  # a run of speech verbs: junk
        speaks = cues > 0
        if not mentions and not speaks:
            continue  # no number and no speech verb: nothing to find in this sentence
        countable = None
        if not speaks:
            countable = [not not_a_count(count_text, m) for m in mentions]
            if not any(countable):
                continue  # only dates, years, ages, money... and no speech verb: no tokens needed
        toks = tokenize(ascii_text, s_start, s_end)
        acts = find_speech_acts(ascii_text, toks) if speaks else []
        if acts:
            if places is None:
                places = places_named(ascii_text)
            if places:
                acts = [a for a in acts if not_a_place(a, places)]
        if want_statements:
            acts_by_sentence.append(((s_start, s_end), acts))
        if want_figures:
            if mentions:
                count_toks = toks if count_text is ascii_text or count_text[s_start:s_end] == ascii_text[s_start:s_end] \
                    else tokenize(count_text, s_start, s_end)
                figures.extend(sentence_figures(count_text, s_start, s_end, count_toks, mentions, acts, ctx, countable))
            else:
                remember_speakers(ctx, acts)
    statements = (passage_statements(text, acts_by_sentence, monitors_official, include_pronouns)
                  if want_statements else [])
    return Extraction(figures=tuple(_full_names(figures, acts_by_sentence)), statements=tuple(statements))


def _full_names(figures: list[Figure], acts_by_sentence: list[tuple[tuple[int, int], list[SpeechAct]]]) -> list[Figure]:
    """A reporter named by a surname alone ("Kassah said", "Jalad said") is the one person of that surname the
    passage named before in full, as a reporter or a speaker ("Monday Kassah", "NDRRMC Executive Director Ricardo
    Jalad told ..."): one reporter, not two. The speakers' names are read only when a figure needs them."""
    if not any(_surname_alone(f.reported_by or "") for f in figures):
        return figures
    named = sorted([(f.start, f.reported_by or "") for f in figures] + [
        (a.start, split_name_role(a.speaker)[0]) for _span, acts in acts_by_sentence for a in acts
        if not a.pronoun and not a.according])  # fmt: skip
    out: list[Figure] = []
    for f in figures:
        name = f.reported_by or ""
        if _surname_alone(name):
            full = {n for at, n in named if at < f.start and n != name and _full_name_of(n, name)}
            if len(full) == 1:
                f = replace(f, reported_by=next(iter(full)))
        out.append(f)
    return out


def _surname_alone(name: str) -> bool:
    return len(name.split()) == 1 and name[:1].isupper() and not name.isupper()


def _full_name_of(full: str, surname: str) -> bool:
    words = full.split()
    return 2 <= len(words) <= 4 and words[-1] == surname and all(w[:1].isupper() for w in words)


def extract(
    text: str, source_org: str | None = None, *, include_pronouns: bool = False, voice: str | None = None
) -> Extraction:
    """Figures and statements of a plain text; offsets refer to it. include_pronouns: see passage_statements
    (alerting reads what a speaker goes on to say; the labelled statements count each speaker once). voice: the
    official whose own page the text is: what they say there in the first person is their statement too."""
    found = _analyse(text, source_org, True, True, False, include_pronouns)
    if not voice:
        return found
    own = own_voice_statements(text, voice, official=True, taken=[(s.start, s.end) for s in found.statements])
    return replace(found, statements=(*found.statements, *own)) if own else found


def extract_figures(text: str, source_org: str | None = None) -> list[Figure]:
    """Casualty figures of text; source_org is used as reported_by when the text attributes nothing."""
    return list(_analyse(text, source_org, True, False).figures)


def extract_statements(text: str, *, monitors_official: bool = False, include_pronouns: bool = False) -> list[Statement]:
    """Statements of text; monitor groups count as official only when monitors_official is set."""
    return list(_analyse(text, None, False, True, monitors_official, include_pronouns).statements)
