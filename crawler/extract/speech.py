"""Speech acts in a sentence: who said/told/reported something, found around speech verbs.

Shared by attribution (reported_by of figures) and statements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from crawler.extract.lexicon import (
    ARTICLES,
    ATTRIBUTION_ONLY_VERBS,
    NP_PREPS,
    PRONOUNS,
    SPEAKER_MODIFIERS,
    SPEAKER_NOUNS,
    SPEECH_VERBS,
    TIME_WORDS,
)
from crawler.extract.sentences import Token

_CAP_STOP = frozenset(
    "but and however meanwhile earlier later on in at after as while when since also separately last this "
    "that these those it he she they we tags read more photo update updates latest live "
    "breaking monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december if although though yet so then there here "
    "what why how where who whom which by from with for of to over under during".split()
)
_ATTRIBUTION_ONLY_HEADS = frozenset("reports report figures data count tally toll statement statements".split())
_POSSESSIVE_DETS = frozenset("its his her their our".split())
_RIGHT_END = frozenset(
    "on in adding told who as after when late earlier last yesterday today tonight this said and which "
    "while citing quoting noting explaining".split()
)
_NAME_PARTICLES = frozenset("al al- el bin ibn abu abdel abdul de del van von der la le da di bint".split())


# Cheap pre-test: a sentence without any of these cannot hold a speech act.
def _first_letter_alternation(words: set[str] | frozenset[str]) -> str:
    groups: dict[str, list[str]] = {}
    for w in sorted(words, key=len, reverse=True):
        groups.setdefault(w[0], []).append(re.escape(w[1:]))
    return "|".join(f"{re.escape(c)}(?:{'|'.join(rest)})" for c, rest in groups.items())


# Case-sensitive and led by literal letters so the engine skips ahead fast (verbs count only in lower case).
SPEECH_HINT = re.compile(
    r"(?:" + _first_letter_alternation(SPEECH_VERBS | {"according", "quoted", "quoting", "According"}) + r")\b"
    r"|[:–—]|\s-\s"
)


@dataclass(frozen=True, slots=True)
class SpeechAct:
    """A speaker mention tied to a speech verb (or 'according to')."""

    speaker: str
    start: int
    end: int
    verb_start: int
    verb_end: int
    pronoun: bool
    trailing: bool  # the verb ends the clause: "..., a monitor said." (attributes what came before)
    according: bool  # "according to X": an attribution, never a statement
    attribution_only: bool  # "Syrian reports say": attributes a figure but is not a statement
    role: str | None = None  # from a comma apposition: "Patrick Muyaya, the government's spokesman, said"


def _wordish(t: Token) -> bool:
    return t.text[:1].isalpha() or t.text[:1] == "#"


def _np_ok(t: Token) -> bool:
    low = t.low
    if not t.text[:1].isalpha():
        return False
    if t.is_cap and low not in _CAP_STOP:
        return True
    if low.startswith(("al-", "el-", "ad-", "as-", "ash-", "az-", "abu-", "bin-")) or low in _NAME_PARTICLES:
        return True
    return (
        low in SPEAKER_NOUNS
        or low in SPEAKER_MODIFIERS
        or low.endswith("-based")
        or low.endswith("'s")
        or low.endswith("s'")
        or (low.endswith("-run") or low.endswith("-led") or low.endswith("-backed"))
    )


def np_left(toks: list[Token], i: int, lo: int) -> tuple[int, int] | None:
    """Noun phrase ending at token i, scanning left no further than lo; (first, last) indices."""
    lo = max(lo, i - 24)  # speaker phrases are short; the bound keeps long runs of capitals linear
    j = i
    first = -1
    while j >= lo:
        t = toks[j]
        low = t.low
        if t.text == ")":
            k = j - 1
            while k >= lo and k >= j - 5 and toks[k].text != "(":
                k -= 1
            if k >= lo and toks[k].text == "(" and k < j - 1:
                first = k
                j = k - 1
                continue
            break
        if low in ARTICLES or low in _POSSESSIVE_DETS:
            first = j
            # "the X in the Y said": keep going across a preposition after a speaker noun
            if j - 2 >= lo and toks[j - 1].low in NP_PREPS and (
                toks[j - 2].low in SPEAKER_NOUNS or (toks[j - 2].is_cap and toks[j - 2].low not in _CAP_STOP)
            ):
                j -= 2
                continue
            # "Hamza Khatib the manager of ...": a name in apposition before the article
            k = j - 1
            while k >= lo and toks[k].is_cap and toks[k].low not in _CAP_STOP and _wordish(toks[k]):
                k -= 1
            if j - 1 - k >= 2 and (k < lo or toks[k].low not in NP_PREPS):
                first = k + 1
            break
        if low == "and" and j - 1 >= lo and first != -1 and _np_ok(toks[j - 1]):
            j -= 1
            continue
        if low in NP_PREPS:
            if j - 1 >= lo and _np_ok(toks[j - 1]) and first != -1:
                j -= 1
                continue
            break
        if _np_ok(t):
            first = j
            j -= 1
            continue
        break
    if first == -1:
        return None
    while first <= i and (toks[first].low in NP_PREPS or toks[first].low in _CAP_STOP or toks[first].low == "and"):
        first += 1
    if first > i:
        return None
    h = i
    if toks[h].text == ")":
        while h > first and toks[h].text != "(":
            h -= 1
        h -= 1
    head = toks[max(h, first)]
    if not (head.is_cap or head.low in SPEAKER_NOUNS or head.low.startswith(("al-", "el-"))):
        return None
    if head.low in _CAP_STOP:
        return None
    return first, i


def np_right(toks: list[Token], i: int, hi: int) -> tuple[int, int] | None:
    """Noun phrase starting at token i (inclusive), no further than hi (exclusive)."""
    hi = min(hi, i + 24)
    j = i
    last = -1
    while j < hi:
        t = toks[j]
        low = t.low
        if low in ARTICLES or low in _POSSESSIVE_DETS:
            if last != -1 and toks[j - 1].low not in NP_PREPS and toks[j - 1].low != "and":
                # "said Hisham Marwah the Syrian ... vice-president": apposition continues
                pass
            j += 1
            continue
        if t.text == "(":
            k = j + 1
            while k < hi and k <= j + 5 and toks[k].text != ")":
                k += 1
            if k < hi and toks[k].text == ")":
                last = k
                j = k + 1
                continue
            break
        if low in NP_PREPS or low == "and":
            if j + 1 < hi and (_np_ok(toks[j + 1]) or toks[j + 1].low in ARTICLES) and last != -1:
                j += 1
                continue
            break
        if _np_ok(t) or (t.text == "-" and last != -1 and j + 1 < hi and _np_ok(toks[j + 1])):
            last = j
            j += 1
            continue
        break
    if last == -1:
        return None
    while last >= i and (toks[last].low in NP_PREPS or toks[last].low in ARTICLES):
        last -= 1
    first = i
    while first <= last and toks[first].low in _CAP_STOP:
        first += 1
    if first > last:
        return None
    head = toks[last]
    if not (head.is_cap or head.low in SPEAKER_NOUNS or head.text == ")"):
        return None
    return first, last


def find_speech_acts(text: str, toks: list[Token]) -> list[SpeechAct]:
    """Speech acts among the tokens of one sentence (offsets are absolute in text)."""
    acts: list[SpeechAct] = headline_acts(text, toks)
    n = len(toks)
    for v, t in enumerate(toks):
        low = t.low
        if low == "according" and v + 2 < n and toks[v + 1].low == "to":
            span = np_right(toks, v + 2, n)
            if span:
                a, b = span
                acts.append(_act(text, toks, a, b, v, v + 1, False, False, True))
            continue
        if low in ("quoted", "quoting") and v + 1 < n:
            # "RIA quoted Russia's Defence Ministry as saying": the quoted body is the speaker
            rspan = np_right(toks, v + 1, n)
            if rspan and rspan[1] + 2 < n and toks[rspan[1] + 1].low == "as":
                acts.append(_act(text, toks, rspan[0], rspan[1], v, v, False, True, False))
                continue
        if low not in SPEECH_VERBS or not t.text[:1].islower():
            continue
        if low in ("reports", "report", "estimates", "claims", "calls", "notes", "states") and v > 0 and toks[v - 1].low in ARTICLES:
            continue  # a noun: "the reports", "the claims"
        # left side: skip auxiliaries and time adverbs ("has also said", "on Sunday announced")
        k = v - 1
        while k >= 0 and (toks[k].low in TIME_WORDS or toks[k].low in ("have", "has", "had", "is", "are", "was", "were")):
            if toks[k].is_cap and toks[k].low not in TIME_WORDS:
                break
            k -= 1
        trailing = _is_trailing(toks, v)
        if k >= 0 and toks[k].low in PRONOUNS and (k == 0 or not toks[k - 1].text[:1].isalpha() or toks[k].low != "one"):
            acts.append(SpeechAct(toks[k].text, toks[k].start, toks[k].end, t.start, t.end, True, trailing, False, False))
            continue
        span = None
        appos_role = None
        if k >= 0 and toks[k].text == ",":
            # "Patrick Muyaya, the government's spokesman, said"
            inner = np_left(toks, k - 1, 0) if k >= 1 else None
            if inner and inner[0] >= 2 and toks[inner[0] - 1].text == ",":
                outer = np_left(toks, inner[0] - 2, 0)
                if outer:
                    if _has_name(toks, *inner) or not _has_name(toks, *outer):
                        span, appos_role = inner, outer
                    else:
                        span, appos_role = outer, inner
        elif k >= 0:
            span = np_left(toks, k, 0)
        if span is None and k >= 0 and toks[k].text[:1].islower() and toks[k].low.endswith("s") \
                and toks[k].text.isalpha() and (k == 0 or toks[k - 1].text in (",", "\u201d", "\"")) and trailing:
            span = (k, k)  # ", lawyers said." — any plural noun in a clause-final attribution
        if span:
            a, b = span
            act = _act(text, toks, a, b, v, v, False, trailing, False)
            if appos_role:
                role = re.sub(r"\s+", " ", text[toks[appos_role[0]].start : toks[appos_role[1]].end])
                act = replace(act, role=role)
            acts.append(act)
            continue
        if low in ("said", "says", "added", "told", "reported", "wrote", "say", "warned", "stated", "warns",
                   "claims", "tells", "adds") and v + 1 < n:
            rspan = np_right(toks, v + 1, n)
            if rspan:
                a, b = rspan
                after = toks[b + 1] if b + 1 < n else None
                before = toks[v - 1] if v > 0 else None
                ends = after is None or not after.text[:1].isalnum() or after.low in _RIGHT_END
                punct_before = before is None or before.text in {",", "\"", "”", "'", "’", "“", "-", "—", "–", ".", ":", ";"}
                if ends and (punct_before or toks[b].is_cap or toks[b].low in SPEAKER_NOUNS):
                    if toks[a].low not in ("it", "he", "she", "they"):
                        acts.append(_act(text, toks, a, b, v, v, False, True, False))
    return acts


_HEAD_DASH = re.compile(r"\s[-–—]\s*([A-Za-z][\w.'’ -]{0,60}?)\s*\.?$")
_HEAD_COLON_SUFFIX = re.compile(r":\s+([A-Z][\w.'’ -]{1,60}?)\s*\.?$")
_HEAD_COLON_PREFIX = re.compile(r"^([A-Z][\w.'’ -]{1,40}?):\s")
_HEADLINE_WORDS = frozenset("update updates latest live news analysis explainer exclusive breaking watch opinion".split())


def headline_acts(text: str, toks: list[Token]) -> list[SpeechAct]:
    """'Death toll rises to 57 - Ukraine official', 'Red Crescent: 8 dead', '...: Media Office'."""
    if not toks:
        return []
    s0 = toks[0].start
    sentence = text[s0 : toks[-1].end]
    out: list[SpeechAct] = []
    has_dash = "-" in sentence or "–" in sentence or "—" in sentence
    has_colon = ":" in sentence
    if not has_dash and not has_colon:
        return out
    for rx, trailing in ((_HEAD_DASH, True), (_HEAD_COLON_SUFFIX, True), (_HEAD_COLON_PREFIX, False)):
        if not (has_dash if rx is _HEAD_DASH else has_colon):
            continue
        m = rx.search(sentence)
        if not m:
            continue
        name = m.group(1).strip()
        words = name.split()
        if not words or len(words) > 6 or words[-1].lower() in _HEADLINE_WORDS:
            continue
        low_last = words[-1].lower().strip(".")
        caps = sum(1 for w in words if w[:1].isupper())
        from crawler.extract.attribution import known_reporter

        if not name[:1].isupper() and low_last not in SPEAKER_NOUNS:
            continue
        if not (low_last in SPEAKER_NOUNS or known_reporter(name) or (caps >= 2 and caps == len(words))
                or (len(words) == 1 and words[0][:1].isupper() and trailing and rx is _HEAD_DASH)):
            continue
        if any(w.lower() in _CAP_STOP for w in words[:1]) and low_last not in SPEAKER_NOUNS:
            continue
        a = s0 + m.start(1)
        out.append(SpeechAct(name, a, a + len(name), a, a + len(name), False, trailing, False, False))
    return out


def _is_trailing(toks: list[Token], v: int) -> bool:
    """True when nothing is reported after the verb (only time words, 'in a statement', punctuation)."""
    j = v + 1
    n = min(len(toks), v + 12)
    while j < n:
        low = toks[j].low
        if not toks[j].text[:1].isalnum():
            if toks[j].text in (",", ".", ";", "!", "?", ")"):
                return True
            j += 1
            continue
        if low in TIME_WORDS or low in ("in", "a", "statement", "on", "its", "website", "twitter", "x", "telegram", "late"):
            j += 1
            continue
        return low in ("adding", "citing", "quoting", "as", "after", "while", "and", "but")
    return True


def _has_name(toks: list[Token], a: int, b: int) -> bool:
    caps = [t for t in toks[a : b + 1] if t.is_cap and not t.text.isupper() and t.low not in SPEAKER_NOUNS
            and t.low not in SPEAKER_MODIFIERS and t.low not in ARTICLES and t.low not in _ROLE_CAPS]
    return len(caps) >= 2


def _act(text: str, toks: list[Token], a: int, b: int, va: int, vb: int, pronoun: bool, trailing: bool,
         according: bool) -> SpeechAct:
    speaker = " ".join(text[toks[a].start : toks[b].end].split())
    attribution_only = toks[b].low in _ATTRIBUTION_ONLY_HEADS or toks[va].low in ATTRIBUTION_ONLY_VERBS
    return SpeechAct(speaker, toks[a].start, toks[b].end, toks[va].start, toks[vb].end, pronoun, trailing,
                     according, attribution_only)


@lru_cache(maxsize=4096)
def split_name_role(speaker: str) -> tuple[str, str | None]:
    """'UN High Commissioner for Human Rights Volker Turk' → ('Volker Turk', 'UN High Commissioner for ...')."""
    from crawler.extract.attribution import known_reporter

    if known_reporter(speaker):
        return speaker, None
    words = speaker.split()
    # name first, then "the <role>": "Hamza Khatib the manager of Al-Quds hospital"
    for idx, w in enumerate(words):
        if w.lower() in ("the", "a", "an") and idx >= 2 and all(x[:1].isupper() for x in words[:idx]):
            return " ".join(words[:idx]), " ".join(words[idx:])
        if not w[:1].isupper() and w.lower() not in _NAME_PARTICLES:
            break
    # role first, then a name: trailing capitalised words after the last role/organisation word
    tail: list[str] = []
    for w in reversed(words):
        lw = w.lower().strip(",")
        if (w[:1].isupper() or lw in _NAME_PARTICLES or lw.startswith("al-")) and lw not in SPEAKER_NOUNS \
                and lw not in SPEAKER_MODIFIERS and lw not in _ROLE_CAPS:
            tail.append(w)
        else:
            break
    tail.reverse()
    while tail and tail[0].lower() in _NAME_PARTICLES:
        tail.pop(0)
    rest = words[: len(words) - len(tail)]
    if tail and (tail[0].lower() in _CAP_STOP or tail[0].lower() in NP_PREPS):
        return speaker, None
    if tail and rest and (len(tail) >= 2 or rest[-1].lower() in _ROLE_CAPS or rest[-1].lower() in SPEAKER_NOUNS):
        if len(tail) > 4:
            return speaker, None
        return " ".join(tail), " ".join(rest)
    return speaker, None


_ROLE_CAPS = frozenset(
    "president minister secretary commissioner spokesman spokeswoman spokesperson director head chief "
    "general colonel lieutenant major captain sergeant commander governor mayor ambassador envoy "
    "chancellor premier king queen prince emir sheikh pope dr. dr mr mrs ms prof professor rights affairs "
    "state ministry office council committee nations observatory network forces army command agency "
    "authority department union organisation organization coalition front group watch international "
    "health defence defense interior foreign justice security humanitarian human high senior deputy "
    "executive representative coordinator official officer manager activist spokesperson".split()
)
