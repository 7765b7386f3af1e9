"""PURE change rules: a series' current state + one new figure → what the figure is and which event it makes;
a version's statements + the previous version's → new / edited / repeated statements.

Figures:
- an increment ("14 more bodies") → stored in the history, never a value, never an alert;
- no series yet → SeriesCreated (vague figures never get here: see series.is_trackable);
- same value → corroboration (another outlet or page) or a repeat: no alert;
- newer means the reporter's newer word: its own publications and in-place edits of the article that gave
  the value, compared by their dates; an older own publication is stale;
- higher → FigureChanged; lower from the reporter's own newer publication → FigureChanged marked revision;
- another outlet moves a series up (relaying the reporter's newest figure), never down, never back to a value
  the series had, never past the reporter's own newer word, never with its own rounding ("nearly 3,000").
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Literal

from crawler.extract.lexicon import LEXICON
from crawler.extract.records import Statement

Verdict = Literal["created", "changed", "revision", "corroboration", "repeat", "stale", "increment"]
_WORD = re.compile(r"\S+")
_PUNCT_TO_SPACE = str.maketrans(dict.fromkeys("\"'“”‘’«».,;:!?()[]-", " "))  # a run of them is one space once split


@dataclass(frozen=True, slots=True)
class SeriesState:
    number: int
    number_max: int | None
    published_at: datetime  # of the current value
    item_id: int  # the item that gave the current value
    source_id: int
    history: tuple[int, ...]  # which of the observed numbers the series already took as a value (bounded lookup)
    own_published_at: datetime | None = None  # the reporter's newest own publication in the series, if any


@dataclass(frozen=True, slots=True)
class Observation:
    number: int
    number_max: int | None
    published_at: datetime
    item_id: int
    source_id: int
    by_reporter: bool  # the publication is the reporter's own (its organization is the reporter)
    increment: bool = False  # "14 more bodies": added to an earlier count, never a series value
    approximate: bool = False  # "nearly 3,000", "about 3,000", "up to 3,000": an outlet's rounding
    corrects: int | None = None  # "78 bodies, not 79 as it announced": the reporter's own correction, relayed
    lowered: bool = False  # "..., giving a lower number of injured than before": the reporter's own lowering, relayed


def judge(state: SeriesState | None, obs: Observation) -> Verdict:
    """What one figure is to its series. Only the reporter's own newer word moves a series down; another outlet
    moves it up (it relays the reporter's newest figure) but never down and never back to a value it had."""
    if obs.increment:
        return "increment"
    if state is None:
        return "created"
    same = obs.number == state.number and (obs.number_max or obs.number) == (state.number_max or state.number)
    if same:
        return "repeat" if obs.item_id == state.item_id else "corroboration"
    higher = obs.number > state.number or (obs.number == state.number and (obs.number_max or 0) > (state.number_max or 0))
    if not higher and obs.corrects == state.number:
        # an outlet relays the reporter's own correction of its current figure ("not 79"): naming the current
        # value, it is newer than it, whatever the dates (a page without one is dated when it was fetched)
        return "revision"
    if not higher and obs.lowered and not obs.approximate and obs.published_at >= state.published_at:
        return "revision"  # an outlet relays that the reporter lowered its count: its newer word
    if obs.item_id == state.item_id:
        # a newer version of the very article that gave the current value: its edit is its newer word
        return "changed" if higher else ("revision" if obs.by_reporter else "stale")
    if obs.by_reporter:
        if state.own_published_at is not None and obs.published_at < state.own_published_at:
            return "stale"  # an older publication of the reporter itself (a backlog, an archive page)
        if higher:
            return "changed"
        return "revision" if obs.published_at >= state.published_at else "stale"
    if higher and obs.number not in state.history and not obs.approximate:
        if state.own_published_at is not None and obs.published_at < state.own_published_at:
            return "stale"
        return "changed"
    return "stale"


# --- one document, one figure per fact ---------------------------------------------------------------


def fact_key(number: int | None, number_max: int | None, outcome: str) -> tuple[int | None, int | None, str]:
    return (number, number_max if number_max != number else None, outcome)


def sentence_key(sentence: str, number: int | None, outcome: str) -> tuple[str, int | None, str]:
    """A figure as a reader sees it: the same sentence with the same number in an item's next version is not news."""
    return (normalize_text(sentence), number, outcome)


def pick_facts(figures: Sequence[tuple[tuple[int | None, int | None, str], tuple[bool, ...]]]) -> set[int]:
    """Indexes of the figures that stand for the facts of one version: the same number for the same outcome in
    the headline and the body (or said twice) is one figure, the best ranked — attributed, then more specific.
    Input per figure, in document order: (fact key, rank); ties keep the first."""
    best: dict[tuple[int | None, int | None, str], tuple[tuple[bool, ...], int]] = {}
    for index, (key, rank) in enumerate(figures):
        if key not in best or rank > best[key][0]:
            best[key] = (rank, index)
    return {index for _rank, index in best.values()}


def percent(old: int, new: int) -> float | None:
    return round((new - old) * 100.0 / old, 1) if old else None


# --- statements --------------------------------------------------------------------------------------

EDIT_SIMILARITY = 0.5  # below this, a changed quote by the same speaker is a new statement, not an edit
# at or above this, a statement is another outlet's wording of one the same speaker already made ("Trump Says
# He'd End the War in Ukraine in a Day" after "Trump said he would end the war in Ukraine in a day")
REPEAT_SIMILARITY = 0.85
# or another outlet's shorter re-quote ("he was appalled by the attack and called for an independent inquiry" after
# "... appalled by the strike on al-Awda Hospital and called for an independent investigation"): most words of the
# shorter wording found in order in the other, and at most a few words of its own (a synonym, not a second thing said)
REQUOTE_COVERAGE = 0.7
REQUOTE_OWN_WORDS = 3
REQUOTE_MIN_WORDS = 6
# a shorter wording (3 to 5 words) re-quotes a longer one when all its words but one stand in it
SHORT_REQUOTE_MIN_WORDS = 3


def normalize_text(text: str) -> str:
    return " ".join(text.translate(_PUNCT_TO_SPACE).casefold().split())


@lru_cache(maxsize=8192)  # a quote's hash is asked for by the batch's prefetch, the tracking and the changes
def text_hash(text: str) -> str:
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()


_ACRONYM_TAIL = re.compile(r"\s*\([^()]*\)\s*$")


def speaker_key(speaker: str) -> str:
    """The key a speaker is archived and compared under: case and spacing aside, and without the acronym in
    parentheses a name may carry or not ("The Niger State Emergency Management Agency (NSEMA)" is the agency a
    page names without it once a newer release stands above)."""
    return " ".join(_ACRONYM_TAIL.sub("", speaker).casefold().split()) or " ".join(speaker.casefold().split())


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


_MONTH_NUMBERS = {m[:3]: i for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
     "december"), 1)}  # fmt: skip
# the day the words were said, where the reported clause opens with it: "(said) on Dec. 15 that ...",
# "(said) on 15 December that ...", "(said) last Friday, Dec. 13, that ..."
_SAID_ON = re.compile(
    r"(?:on|last)\s+(?:[A-Z][a-z]+day,?\s+)?(?:(?P<m1>[A-Z][a-z]{2,8})\.?\s+(?P<d1>\d{1,2})|(?P<d2>\d{1,2})\s+"
    r"(?P<m2>[A-Z][a-z]{2,8}))(?:,?\s+\d{4})?,?\s+that\b"
)
RECALLED_AFTER_DAYS = 2  # words said this many days before their publication are recalled, not news


def said_before(text: str, published: datetime) -> bool:
    """The statement's words say they were said days before the text that gives them ("The prefect said on Dec. 15
    that there could be several hundred deaths", in a report of Dec. 30): an earlier statement, recalled."""
    m = _SAID_ON.match(text)
    if m is None:
        return False
    month = _MONTH_NUMBERS.get((m.group("m1") or m.group("m2")).lower()[:3])
    day = int(m.group("d1") or m.group("d2"))
    if month is None or not 1 <= day <= 31:
        return False
    try:
        said = published.replace(month=month, day=day)
    except ValueError:
        return False
    if said > published:
        said = said.replace(year=said.year - 1)  # "on Dec. 28" in a text of January
    return (published - said).days >= RECALLED_AFTER_DAYS


def statement_changes(
    current: Sequence[Statement], previous: Sequence[PriorStatement], seen: set[tuple[str, str]],
    seen_texts: Mapping[str, Sequence[str]] | None = None, keys: Mapping[str, str] | None = None,
) -> list[StatementChange]:
    """Classify a version's statements against the previous version of the same item and the archive.

    seen_texts: speaker key → normalized texts the archive holds of that speaker (recent ones): a statement
    worded nearly the same (REPEAT_SIMILARITY) is a repeat too. keys: speaker as written → the speaker key it
    is archived under, where that is not its own (a surname alone: the fuller speaker's)."""
    keys = keys or {}

    def key_of(s: Statement) -> str:
        return keys.get(s.speaker) or speaker_key(s.speaker)

    prev_hashes = {(p.speaker_key, p.text_hash) for p in previous}
    cur_hashes = {(key_of(s), text_hash(s.text)) for s in current}
    # candidates for an edit: previous statements that disappeared from this version
    gone = [p for p in previous if (p.speaker_key, p.text_hash) not in cur_hashes]
    out: list[StatementChange] = []
    done: set[tuple[str, str]] = set()
    last: dict[str, tuple[str, str]] = {}  # speaker key → the speaker's statement before this one in the version
    for s in current:
        key = (key_of(s), text_hash(s.text))
        before, last[key[0]] = last.get(key[0]), key
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
        # (only below a statement the previous version had: "He appealed ..." after a new release continues that)
        grown = None if s.rule != PRONOUN_RULE or before not in prev_hashes else next(
            (p for p in previous if p.speaker_key == key[0] and (p.speaker_key, p.text_hash) in cur_hashes), None)
        if best is not None and score >= EDIT_SIMILARITY:
            gone.remove(best)
            out.append(StatementChange(s, "edited", best))
        elif grown is not None:
            # "He said flags would fly at half-mast" added under the speaker's unchanged statement on the same
            # page: that statement grew (an edit), it is not a second one
            out.append(StatementChange(s, "edited", grown))
        elif _reworded(s.text, (seen_texts or {}).get(key[0], ())):
            out.append(StatementChange(s, "repeat"))  # the same words, reworded by another outlet
        else:
            out.append(StatementChange(s, "new"))
    return out


PRONOUN_RULE = "pronoun"  # the speech rule of "he said" continuing the last named speaker (crawler.extract.statements)

# words whose change turns a statement around: never a mere rewording ("the ceasefire is not holding")
MEANING_WORDS = frozenset({"not", "no", "never", "nor", "without", "n't", "t"})


def state_echo(speaker: str, text: str, official_texts: Callable[[], TextIndex]) -> bool:
    """A state speaking as a whole ("India said it would hold the treaty in abeyance", "Pakistan said it was closing
    its airspace") where it rewords one of the recent official statements of any speaker (official_texts gives
    them; asked only for a state): an outlet's summary of what the state's officials or bodies said, no
    statement of its own."""
    return _THE.sub("", speaker.strip()).lower() in _STATES and _reworded(text, official_texts().near(text))


@dataclass(slots=True)
class TextIndex:
    """Normalized texts by their content words: which of hundreds of texts a new one could reword at all. Each of
    _reworded's tests needs the texts to share some of their content words (a paraphrase three, a re-quote all
    but REQUOTE_OWN_WORDS, a near copy most); the others are not compared."""

    texts: list[str] = field(default_factory=list)
    by_word: dict[str, list[int]] = field(default_factory=dict)

    def add(self, normalized: str) -> None:
        at = len(self.texts)
        self.texts.append(normalized)
        for word in _content(_split(normalized)[1]):
            self.by_word.setdefault(word, []).append(at)

    def near(self, text: str) -> list[str]:
        content = _content(_split(normalize_text(text))[1])
        if not content:
            return self.texts
        need = max(1, min(PARAPHRASE_MIN_SHARED, len(content) - REQUOTE_OWN_WORDS, len(content) // 2))
        shared = Counter(at for word in content for at in self.by_word.get(word, ()))
        return [self.texts[at] for at in sorted(shared) if shared[at] >= need]


_STATES = frozenset(LEXICON.markers["countries"])  # countries and capitals that speak for their governments


def _reworded(text: str, earlier: Sequence[str]) -> bool:
    """text says what one of the earlier (normalized) texts of the same speaker says, in other words: nearly
    the same characters, a shorter re-quote of it (_requoted) or a fragment of it word for word (a short quote
    a wire lifts from a long one); and no number or negation among the words
    that differ. An earlier text that can pass neither test by its length and words alone is passed over
    before any word is looked at closely (a much-quoted speaker has up to RECENT_STATEMENTS of them)."""
    if not earlier:
        return False
    norm = normalize_text(text)
    tokens, words, marks = _split(norm)
    matcher = difflib.SequenceMatcher(None, "", norm, autojunk=False)  # the new text is b: analysed once
    by_word = difflib.SequenceMatcher(None, [], tokens, autojunk=False)
    long_enough = len(tokens) >= REQUOTE_MIN_WORDS
    padded = f" {norm} "
    content = _content(words)
    short = SHORT_REQUOTE_MIN_WORDS <= len(tokens) < REQUOTE_MIN_WORDS
    for other in earlier:
        if len(tokens) >= 2 and padded in f" {other} ":
            return True  # "I concede" of the speaker's longer quotation: a fragment of it, word for word
        if _paraphrased(content, marks, other):
            return True
        if short and _few_absent(words, other, 1):
            other_tokens, other_words, other_marks = _split(other)
            if len(words - other_words) <= 1 and marks <= other_marks:
                return True  # "called it a terrorist attack" of "the explosions were a terrorist attack and ..."
        # SequenceMatcher.real_quick_ratio, from the lengths alone
        alike = 2 * min(len(norm), len(other)) >= REPEAT_SIMILARITY * (len(norm) + len(other))
        if not alike and not (long_enough and _few_absent(words, other)):
            continue  # no re-quote either: more of the new words than it may bring are not even in the other text
        other_tokens, other_words, other_marks = _split(other)
        requote = min(len(other_tokens), len(tokens)) >= REQUOTE_MIN_WORDS \
            and len(words - other_words) <= REQUOTE_OWN_WORDS
        if not (alike or requote):
            continue
        if marks != other_marks:
            # a number or a negation among the words that differ; but a re-quote of part of a longer statement
            # leaves out the rest, negations and numbers too ("isolated episodes of terror" of "... were isolated
            # episodes of terror and that his administration would not allow them to derail ...")
            if requote and marks < other_marks and _requoted(by_word, other_tokens, words, other_words) \
                    and _left_out(by_word, other_tokens, other_marks - marks):
                return True
            continue
        matcher.set_seq1(other)
        if alike and matcher.quick_ratio() >= REPEAT_SIMILARITY and matcher.ratio() >= REPEAT_SIMILARITY:
            return True
        if requote and _requoted(by_word, other_tokens, words, other_words):
            return True
    return False


# another outlet's paraphrase of what the speaker said ("anyone guilty of negligence would be held to account" after
# "those found guilty of negligence would be held accountable"): three in five of its content words, three at
# least, are the earlier text's ("appalled by the strike on al-Awda Hospital and called on Israel to open the
# crossings for medical supplies" keeps half: it says something more)
PARAPHRASE_SHARE = 0.6
PARAPHRASE_MIN_SHARED = 3
_FUNCTION_WORDS = LEXICON.words("common_english")


def _content(words: frozenset[str]) -> frozenset[str]:
    return frozenset(w for w in words if len(w) >= 3 and w not in _FUNCTION_WORDS)


def _paraphrased(content: frozenset[str], marks: frozenset[str], other: str) -> bool:
    """The new wording (its content words) keeps most of them (see PARAPHRASE_SHARE) from the earlier text, and no
    number or negation differs between them (one dropped or added says something else)."""
    need = max(PARAPHRASE_MIN_SHARED, PARAPHRASE_SHARE * len(content))
    if len(content) < PARAPHRASE_MIN_SHARED or sum(1 for w in content if w in other) < need:
        return False  # (a word that is not even a substring of the other text is none of its words)
    _tokens, other_words, other_marks = _split(other)
    return _same_sense(marks, other_marks) and len(content & other_words) >= need


def _same_sense(marks: frozenset[str], other_marks: frozenset[str]) -> bool:
    """A paraphrase says no number the earlier text did not (it may leave some out: a summary of a long
    statement keeps its gist) and negates what it negated."""
    return marks <= other_marks and marks & MEANING_WORDS == other_marks & MEANING_WORDS


def _left_out(by_word: difflib.SequenceMatcher, other: Sequence[str], marks: frozenset[str]) -> bool:
    """Every one of these words (numbers, negations) of the earlier text stands outside the stretch of it that the
    new wording re-quotes (by_word compares them: a is the earlier text, b the new one)."""
    blocks = [b for b in by_word.get_matching_blocks() if b.size]
    if not blocks:
        return False
    lo, hi = blocks[0].a, blocks[-1].a + blocks[-1].size
    return not any(lo <= i < hi for i, word in enumerate(other) if word in marks)


def _few_absent(words: frozenset[str], other: str, most: int = REQUOTE_OWN_WORDS) -> bool:
    """At most `most` (REQUOTE_OWN_WORDS) of these words are absent from the other text even as a substring (a word is
    not even a substring is none of its words): the test _requoted needs, done before the other text is split."""
    absent = 0
    for w in words:
        if w not in other:
            absent += 1
            if absent > most:
                return False
    return True


@lru_cache(maxsize=4096)  # one version's statements are compared with the same texts of their speakers
@lru_cache(maxsize=8192)  # a speaker's archived texts are split for every new statement of theirs in a batch
def _split(text: str) -> tuple[tuple[str, ...], frozenset[str], frozenset[str]]:
    """A normalized text's words in order, as a set, and those of them no rewording may change (numbers,
    negations): two texts differ in such a word exactly when these last sets differ."""
    tokens = tuple(text.split())
    words = frozenset(tokens)
    return tokens, words, words & MEANING_WORDS | frozenset(_NUMBER_WORD.findall(text))


_NUMBER_WORD = re.compile(r"\S*\d\S*")


def _requoted(
    by_word: difflib.SequenceMatcher, other: Sequence[str], words: frozenset[str], other_words: frozenset[str]
) -> bool:
    """The new wording (by_word's b) and an earlier one share most of the shorter one's words, in order, and the
    new one brings at most REQUOTE_OWN_WORDS words of its own."""
    shorter = min(len(other), len(by_word.b))
    if shorter < REQUOTE_MIN_WORDS or len(words - other_words) > REQUOTE_OWN_WORDS:
        return False
    if sum((Counter(by_word.b) & Counter(other)).values()) < REQUOTE_COVERAGE * shorter:
        return False  # not even as a bag of words: no alignment needed
    by_word.set_seq1(other)
    return sum(block.size for block in by_word.get_matching_blocks()) >= REQUOTE_COVERAGE * shorter


_THE = re.compile(r"^the\s+", re.IGNORECASE)
_ARTICLES = frozenset({"the", "a", "an"})
_TITLE_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# titles a headline gives an official without naming which ("..., minister says", "Official: ...")
_GENERIC_TITLES = frozenset({"minister", "official", "officials", "spokesman", "spokeswoman", "spokesperson"})
HEADLINE_WORDS = 5  # a "statement" this short is a heading ("UN calls for restraint"), wherever it stands
_HEADING_WORDS = 20  # a line of the body longer than this is a paragraph, whatever its last mark
_SENTENCE_END = frozenset('.!?:;"”’)')


def heading_spans(text: str, headline_end: int) -> list[tuple[int, int]]:
    """Where text has headings: the headline (text[:headline_end]), and each line of the body that ends in no
    sentence mark and has a line after it (a page of press releases gives each its heading: "PM declares
    national emergency, appeals for international help" above the release)."""
    spans = [(0, headline_end)] if headline_end else []
    pos = headline_end
    while (nl := text.find("\n", pos)) >= 0:
        line = text[pos:nl].strip()
        if line and line[-1] not in _SENTENCE_END and len(line.split()) <= _HEADING_WORDS and text[nl:].strip():
            spans.append((pos, nl))
        pos = nl + 1
    return spans


def headline_echoes(
    statements: Sequence[Statement], headings: Sequence[tuple[int, int]],
    names: Callable[[str | None], frozenset[str]], places: Mapping[str, str] | None = None,
) -> set[Statement]:
    """Statements of a heading (`headings`: see heading_spans) that the body gives in full ("UN calls for
    restraint" above Stephane Dujarric, UN spokesman, quoted in the body): one document, one statement — the
    attributed one. A headline that makes a country speak ("Greece declares three days of mourning") gives in
    short what an official of that country, or one naming no other, says in the body (the prime minister's
    decree).
    `names` gives the words a speaker, role or organization is known by (countries for demonyms and capitals);
    `places` maps a place word to its country."""
    out: set[Statement] = set()
    places = places or {}
    countries = frozenset(places.values())
    heading = {id(s) for s in statements if any(a <= s.start and s.end <= b for a, b in headings)}
    short = [s for s in statements if id(s) in heading or len(s.text.split()) <= HEADLINE_WORDS]
    if not short:
        return out
    # the body's statements and the words each is known by, once for the document
    # (a quotation is the speaker's words however short: "Guterres said Pakistan was facing 'a monsoon on steroids'")
    full = [b for b in statements
            if id(b) not in heading and (len(b.text.split()) > HEADLINE_WORDS or b.kind == "quote")]
    known = {id(b): names(b.speaker) | names(b.role) | names(b.organization) for b in full}
    for s in short:
        body = [b for b in full if b is not s]
        said = names(s.speaker)
        title = set() if said else {w.casefold() for w in _TITLE_WORD.findall(s.speaker)} - _ARTICLES
        in_heading = id(s) in heading
        if any(said & known[id(b)] for b in body) or (title and in_heading and any(
                title <= {w.casefold() for w in _TITLE_WORD.findall(b.role or "")} for b in body)) or (
                title and title <= _GENERIC_TITLES and in_heading and s.official
                and any(b.official for b in body)):
            # ("Senior General: Tatmadaw will ..." above "Senior General Min Aung Hlaing said ...": a headline
            # speaker named only by a title is the body's speaker of that title; "..., minister says" above
            # "Interior Cabinet Secretary Kithure Kindiki said ...": an official's bare title, the body's official)
            out.add(s)
        elif in_heading and (country := places.get(_THE.sub("", s.speaker.strip()).casefold())) and any(
                b.official and not (known[id(b)] & countries) - {country} for b in body):
            out.add(s)
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
