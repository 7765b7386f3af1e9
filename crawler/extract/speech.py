"""Speech acts in a sentence: who said/told/reported something, found around speech verbs.

Shared by attribution (reported_by of figures) and statements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Final

from crawler.extract.lexicon import (
    ARTICLES,
    ATTRIBUTION_ONLY_VERBS,
    LEXICON,
    NP_PREPS,
    PRONOUNS,
    SPEAKER_MODIFIERS,
    SPEAKER_NOUNS,
    SPEECH_VERBS,
    TIME_WORDS,
    TOLL_WORDS,
    word_pattern,
)
from crawler.extract.reporters import known_reporter
from crawler.extract.sentences import Token

COUNTRIES: Final = frozenset(LEXICON.markers["countries"])  # countries and capitals that speak for governments
_CAP_STOP: Final = LEXICON.rule_words("speech", "cap_stop")
_NAME_PREFIXES: Final = tuple(sorted(LEXICON.rule_words("speech", "name_prefixes")))  # str.startswith takes a tuple
_NAME_PREFIXES_SHORT: Final = tuple(sorted(LEXICON.rule_words("speech", "name_prefixes_short")))
_QUOTE_VERBS: Final = LEXICON.rule_words("speech", "quote_verbs")
_HEADLINE_VERBS: Final = LEXICON.rule_words("speech", "headline_verbs")
_FREE_RELATIVES: Final = LEXICON.rule_words("speech", "free_relatives")
_FURNITURE_LABELS: Final = LEXICON.rule_words("speech", "furniture_labels")
_NOUN_AUX: Final = LEXICON.rule_words("speech", "noun_aux")
_ATTRIBUTION_OPENERS: Final = LEXICON.rule_words("speech", "attribution_openers")  # "according (to)"
_SPEECH_AUX: Final = LEXICON.rule_words("speech", "speech_aux")
_CLAUSE_CONJUNCTIONS: Final = LEXICON.rule_words("speech", "clause_conjunctions")
_SOURCE_PREPS: Final = LEXICON.rule_words("speech", "source_preps")
_SUBJECT_PRONOUNS: Final = LEXICON.rule_words("speech", "subject_pronouns")
_RIGHT_STOP: Final = LEXICON.rule_words("speech", "right_stop")
_INDEFINITE_ARTICLES: Final = LEXICON.rule_words("speech", "indefinite_articles")
_RELATIVE_PRONOUNS: Final = LEXICON.rule_words("speech", "relative_pronouns")
_VERB_FRAME: Final = LEXICON.rule_words("speech", "verb_frame")
_COMPLEMENT_OPENERS: Final = LEXICON.rule_words("speech", "complement_openers")
_ATTRIBUTION_ONLY_HEADS: Final = LEXICON.rule_words("speech", "attribution_only_heads")
_ACCORDING_NORMS: Final = LEXICON.rule_words("speech", "according_norms")
_OBJECT_PREPOSITIONS: Final = LEXICON.rule_words("speech", "object_prepositions")
_POSSESSIVE_DETS: Final = LEXICON.rule_words("speech", "possessive_dets")
_RIGHT_END: Final = LEXICON.rule_words("speech", "right_end")
_NAME_PARTICLES: Final = LEXICON.rule_words("speech", "name_particles")
# Lower-case place nouns that can close a speaker phrase after a preposition: "the governor of Kharkiv region".
_PLACE_NOUNS: Final = LEXICON.rule_words("speech", "place_nouns")
# Titles written with a period: "Dr. Farid al-Asfar", "Gen. Ahmed".
_TITLE_ABBREV: Final = LEXICON.rule_words("speech", "title_abbrev")
_DATA_MODIFIERS: Final = LEXICON.rule_words("speech", "data_modifiers")
_RANK_ABBREV: Final = LEXICON.rule_words("speech", "rank_abbrev")
_AUX: Final = LEXICON.rule_words("speech", "aux")
_NOT_SOMEONE: Final = LEXICON.rule_words("speech", "not_someone")
_NEGATIONS: Final = LEXICON.rule_words("speech", "negations")
_REDUCED_CLAUSE_OPENERS: Final = LEXICON.rule_words("speech", "reduced_clause_openers")
_VERB_SUFFIXES: Final = tuple(LEXICON.rule_words("figures", "verb_suffixes"))  # "-ing", "-ed": a lower-case verb form
_PAST_SUFFIX: Final = tuple(x for x in _VERB_SUFFIXES if x != "ing")


def _acronym(t: Token) -> bool:
    """'WHO', 'G7', 'UN': an all-capitals name (even when its lower case is a stop word)."""
    x = t.text
    return len(x) >= 2 and x[:1].isupper() and x.isupper()


def _stop(t: Token) -> bool:
    return t.low in _CAP_STOP and not _acronym(t)


# Case-sensitive and led by literal letters so the engine skips ahead fast (verbs count only in lower case).
_REPORT_PHRASE_VERBS: Final = LEXICON.rule_words("speech", "report_phrase_verbs")  # "put the toll at", "gave a toll of"
# "pointed out": verb → its particle (lexicon table speech_verb_phrase, written verb_particle)
_CLAIM_NOUNS: Final = LEXICON.rule_words("speech", "claim_nouns")
LIVES_VERBS: Final = LEXICON.rule_words("figures", "lives_verbs")  # "claimed 40 lives": a toll (figures reads them too)
LIVES_NOUNS: Final = LEXICON.rule_words("figures", "lives_nouns")
_OBJECT_BREAK: Final = re.compile(r"[;:.!?]|,\s")  # a comma inside a number ("8,400") breaks nothing
_POSSESSIVE_SUFFIXES: Final = tuple(sorted(LEXICON.rule_words("speech", "possessive_suffixes")))
_PHRASAL_SPEECH: Final = dict(w.split("_", 1) for w in LEXICON.table("speech_verb_phrase"))
_CITING: Final = LEXICON.rule_words("speech", "citing")
_GIVEN_BY: Final = LEXICON.rule_words("speech", "given_by_participles")  # "the figure ... given earlier by the mayor"
_GIVEN_TIMES: Final = LEXICON.rule_words("speech", "given_by_times")
_NON_SPEECH_PARTICLES: Final = LEXICON.rule_words("speech", "non_speech_particles")  # "called up", "called off"
# ... unless the particle opens a number's qualifier: "UNHCR said up to 70 people were feared dead"
_QUALIFIER_OPENINGS: Final = frozenset(" ".join(p.split()[:2]) for p in LEXICON.table("number_qualifiers") if " " in p)
_REVISE_VERBS: Final = LEXICON.rule_words("speech", "revise_verbs")  # "raised its toll to 50"
_PARTICIPLE_SPEECH: Final = LEXICON.rule_words("speech", "participle_speech")  # "..., saying"
# Cheap pre-test: a sentence without any of these cannot hold a speech act. One trie (see word_pattern): the
# words (case-sensitive), two-word verbs and "<owner> claim of N" only as the whole phrase (the bare words are
# common), colons and dashes (headlines), wire bylines; a spaced hyphen is looked for apart (a branch led by a
# space would be tried at every space).
SPEECH_HINT: Final = re.compile(word_pattern(
    [*(f"{w}\x00" for w in SPEECH_VERBS | _REPORT_PHRASE_VERBS | _REVISE_VERBS | _PARTICIPLE_SPEECH | _CITING
       | _QUOTE_VERBS | _ATTRIBUTION_OPENERS | {w.capitalize() for w in _ATTRIBUTION_OPENERS | _HEADLINE_VERBS}),
     *(f"{c}{v[1:]}\x01{p}\x00" for v, p in _PHRASAL_SPEECH.items() for c in (v[0], v[0].upper())),
     *(f"{w}\x01of\x01\x02" for w in _CLAIM_NOUNS),
     *(f"{w}\x01by\x00" for w in _GIVEN_BY), *(f"{w}\x01{t}\x01by\x00" for w in _GIVEN_BY for t in _GIVEN_TIMES),
     ":", "–", "—",
     *(f"{a[0]}\x03{a[1:]}\x01\x04" for a in LEXICON.markers["wire_agencies"])],  # a byline tag "AFP Thursday"
    {"\x00": r"\b", "\x01": r"\s+", "\x02": r"\d", "\x03": r"(?<!\w\w)", "\x04": r"[A-Z][a-z]+day\b"},
))
_SPACED_HYPHEN: Final = re.compile(r"\s-\s")


# A sentence with more than MAX_CUES speech cues is junk (real ones hold at most 5): it is not read at all.
MAX_CUES: Final = 16


def speech_cues(text: str, start: int, end: int) -> int:
    """How many speech cues text[start:end] holds (words, colons, dashes), counted up to MAX_CUES + 1.

    0: the sentence cannot hold a speech act.
    """
    n = 0
    for _ in SPEECH_HINT.finditer(text, start, end):
        n += 1
        if n > MAX_CUES:
            break
    if n == 0 and text.find("-", start, end) >= 0 and _SPACED_HYPHEN.search(text, start, end) is not None:
        n = 1
    return n


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
    passive: bool = False  # "was denied by Brussels": a statement, never the source of a figure
    rule: str = ""  # the named speech rule that found it: according_to, subject_verb, said_after, ...
    new_clause: bool = False  # the subject opens a clause of its own ("..., while rebels said 40 died")


def _wordish(t: Token) -> bool:
    return t.text[:1].isalpha() or t.text[:1] == "#"


# "the army's 3rd Infantry Division": an ordinal inside a unit's name
_ORDINAL: Final = re.compile(r"\d{1,3}(?:" + "|".join(sorted(LEXICON.rule_words("numbers", "attached_after_words"))) + r")$")


def _np_ok(t: Token) -> bool:
    low = t.low
    if not t.text[:1].isalpha():
        return _ORDINAL.match(low) is not None
    if t.is_cap and (low not in _CAP_STOP or _acronym(t)):
        return True
    if low.startswith(_NAME_PREFIXES) or low in _NAME_PARTICLES:
        return True
    return (
        low in SPEAKER_NOUNS
        or low in SPEAKER_MODIFIERS
        or low.endswith("-based")
        or low.endswith("'s")
        or low.endswith("s'")
        or (low.endswith("-run") or low.endswith("-led") or low.endswith("-backed"))
        or ("-" in low and low.rsplit("-", 1)[1] in _HYPHEN_ROLES)  # "vice-president", "secretary-general"
    )


_HYPHEN_ROLES: Final = LEXICON.rule_words("speech", "hyphen_roles")
_DETERMINERS_OF_NP: Final = ARTICLES | _POSSESSIVE_DETS
_LISTENERS: Final = LEXICON.rule_words("statements", "listeners")  # "told reporters", "told journalists"
_ADDRESSEE_VERBS: Final = LEXICON.rule_words("speech", "addressee_verbs")  # "was told": the subject listened
_MODALS: Final = LEXICON.rule_words("speech", "modals")
_QUOTE_SPEAKER_OPENERS: Final = LEXICON.rule_words("speech", "quote_speaker_openers")  # '"...," one marine said'
_FINITE_ENDINGS: Final = tuple(sorted(LEXICON.rule_words("speech", "finite_endings")))  # "issued", "says"  # "member states can": the -s word is a noun


def _adjective_before_det(toks: list[Token], j: int, lo: int, head: int) -> bool:
    """toks[j] is a lower-case word right after an article or possessive, before a singular speaker noun that
    ends the phrase ("a reliable source", "an insurgent source"): a singular count noun needs its determiner."""
    h = toks[head]
    if h.low not in SPEAKER_NOUNS:  # the role noun after the run, before a name: "foreign policy chief Kaja Kallas"
        h = next((toks[x] for x in range(j + 1, min(head, j + 4)) if toks[x].low in SPEAKER_NOUNS), h)
    if h.low not in SPEAKER_NOUNS or h.low.endswith("s"):
        return False
    d = j
    while d >= lo and j - d < 3:  # up to three modifiers: "the national missing persons bureau"
        t = toks[d]
        if not (t.text.isalpha() and t.text.islower()) or t.low in SPEECH_VERBS or t.low in NP_PREPS \
                or t.low in _DETERMINERS_OF_NP:
            break
        d -= 1
    # ... or its owner: "The European Union's foreign policy chief", "Sri Lanka's disaster management centre",
    # "the state's prison authority"
    return d >= lo and d < j + 1 and d != j and (toks[d].low in _DETERMINERS_OF_NP or (
        toks[d].text[:1].isalpha() and toks[d].low.replace("’", "'").endswith(_POSSESSIVE_SUFFIXES)) or (
        _acronym(toks[d]) and (d == lo or not toks[d - 1].text[:1].isalnum())))  # "EU foreign policy chief"


def _modifies_speaker_noun(toks: list[Token], j: int, hi: int) -> bool:
    """toks[j] opens a run of at most three lower-case words that ends in a speaker noun ("district commissioner",
    "foreign policy chief")."""
    for x in range(j, min(hi, j + 3)):
        t = toks[x]
        if not (t.text.isalpha() and t.text.islower()) or t.low in SPEECH_VERBS or t.low in NP_PREPS:
            return False
        if t.low in SPEAKER_NOUNS:
            return x > j
    return False


def _possessive_in_name(toks: list[Token], j: int, lo: int) -> bool:
    """The apostrophe at j after a plural belongs to the speaker phrase: an institution's name that opens with
    an article ("the National Police Chiefs' Council") or a possessor of a common noun ("Weeks' family"), not an
    employer before a person's name ("Southwest Airlines' Kent Powell")."""
    if j + 1 < len(toks) and toks[j + 1].text[:1].islower():
        return True
    k = j - 1
    while k >= lo and toks[k].is_cap and toks[k].low not in ARTICLES:
        k -= 1
    return k >= lo and toks[k].low in ARTICLES


def _first_name_day(toks: list[Token], j: int, lo: int) -> bool:
    """toks[j] is a weekday that is a first name: before a capitalised name word, after a comma or a role ("...,
    Monday Kassah, said", "council chairman Monday Kassah said"), not a date ("on Monday Reuters said")."""
    t = toks[j]
    if not (t.is_cap and t.low in _WEEKDAYS and j + 1 < len(toks)):
        return False
    nxt = toks[j + 1]
    return nxt.is_cap and not _stop(nxt) and nxt.low not in SPEAKER_NOUNS and (
        j - 1 < lo or toks[j - 1].text == "," or toks[j - 1].low in SPEAKER_NOUNS)


def np_left(toks: list[Token], i: int, lo: int) -> tuple[int, int] | None:
    """Noun phrase ending at token i, scanning left no further than lo; (first, last) indices."""
    lo = max(lo, i - 24)  # speaker phrases are short; the bound keeps long runs of capitals linear
    if i - 1 >= lo and toks[i].is_cap and toks[i - 1].low in _PLACE_NOUNS and toks[i - 1].text.islower():
        # "a health official in the regional capital Mekelle": the place noun's name ends the phrase that the place
        # noun would end
        inner = np_left(toks, i - 1, lo)
        if inner is not None and any(toks[x].low in NP_PREPS for x in range(inner[0] + 1, i - 1)):
            return inner[0], i
    part = _participle_modifier(toks, i, lo)
    if part is not None:
        return part
    j = i
    first = -1
    # a place noun, or any noun right after "<preposition> <article>" ("the director of a clinic"), can end the
    # phrase only when a speaker noun and a preposition come before it (checked at the end)
    tail_np = i >= lo and not toks[i].is_cap and toks[i].low not in SPEAKER_NOUNS and (
        toks[i].low in _PLACE_NOUNS
        or (i - 2 >= lo and toks[i - 1].low in ARTICLES and toks[i - 2].low in NP_PREPS and toks[i].text.isalpha())
    )
    while j >= lo:
        t = toks[j]
        low = t.low
        if t.text == "." and first != -1 and j - 1 >= lo and toks[j - 1].end == t.start and (
                toks[j - 1].low in _TITLE_ABBREV or (len(toks[j - 1].text) == 1 and toks[j - 1].text.isupper())):
            j -= 1  # "Dr. Farid al-Asfar", "S. Jaishankar"
            continue
        if j == i and tail_np and j - 1 >= lo and (
            toks[j - 1].is_cap or toks[j - 1].low in ARTICLES or toks[j - 1].low in SPEAKER_MODIFIERS
            or ("-" in toks[j - 1].low and toks[j - 1].text[:1].isalpha())
        ):
            # "the governor of Kharkiv region", "officials in the region", "a hospital in the rebel-held east":
            # checked below for a speaker noun before a preposition
            first = j
            j -= 1
            if toks[j].text[:1].islower() and toks[j].low not in ARTICLES and j - 1 >= lo:
                j -= 1  # the modifier of the place noun
                if toks[j].low not in ARTICLES:
                    j += 1
            continue
        if j == i and tail_np and j - 3 >= lo and _lower_noun(toks[j - 1]) and (
                toks[j - 2].is_cap or (_lower_noun(toks[j - 2]) and toks[j - 3].is_cap)):
            # "the chairman of Guma local government area": a name, then up to two words in lower case, then the
            # place noun
            first = j
            j = j - 2 if toks[j - 2].is_cap else j - 3
            continue
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
            if j - 2 >= lo and toks[j - 1].low == "and" and toks[j - 2].low in SPEAKER_NOUNS:
                m = j - 2
                while m - 1 >= lo and (toks[m - 1].is_cap or toks[m - 1].low in SPEAKER_MODIFIERS) \
                        and toks[m - 1].low not in ARTICLES:
                    m -= 1
                opens = m - 1 < lo or not toks[m - 1].text[:1].isalnum() or (
                    toks[m - 1].low in ARTICLES and (m - 2 < lo or not toks[m - 2].text[:1].isalnum()))
                if opens:
                    j -= 2  # "the mayor and the governor said": joint speakers, split later
                    continue
            # "the X in the Y said": keep going across a preposition after a speaker noun
            if j - 2 >= lo and toks[j - 1].low in NP_PREPS and (
                toks[j - 2].low in SPEAKER_NOUNS or (toks[j - 2].is_cap and toks[j - 2].low not in _CAP_STOP)
                # "the director of a clinic in the district": a nested noun phrase of its own
                or (j - 3 >= lo and toks[j - 3].low in ARTICLES and toks[j - 2].text.isalpha()
                    and toks[j - 2].text[:1].islower() and toks[j - 2].low not in SPEECH_VERBS)
            ):
                nested = not (toks[j - 2].low in SPEAKER_NOUNS or toks[j - 2].is_cap)
                j -= 3 if nested else 2  # a nested "a clinic" is skipped whole, to its article
                continue
            # "Hamza Khatib the manager of ...": a name in apposition before the article
            k = j - 1
            while k >= lo and (toks[k].is_cap or toks[k].low.startswith(_NAME_PREFIXES_SHORT)) and not _stop(toks[k]) \
                    and _wordish(toks[k]):
                k -= 1
            if j - 1 - k >= 2 and (k < lo or toks[k].low not in NP_PREPS):
                first = k + 1
            elif j - 1 - k >= 1 and k >= lo and toks[k].low in NP_PREPS and toks[j - 1].is_cap:
                # "The Syrian Observatory for Human Rights a British-based monitoring group"
                inner = np_left(toks, j - 1, lo)
                if inner and inner[0] < k and sum(1 for x in toks[inner[0] : inner[1] + 1] if x.is_cap) >= 2 \
                        and (inner[0] == 0 or toks[inner[0] - 1].low not in NP_PREPS):
                    first = inner[0]
            break
        if low == "and" and j - 1 >= lo and first != -1 and _np_ok(toks[j - 1]):
            j -= 1
            continue
        if low in NP_PREPS:
            # "The Provincial Disaster Management Authority (PDMA) of Khyber Pakhtunkhwa": over the acronym too
            if j - 1 >= lo and (_np_ok(toks[j - 1]) or toks[j - 1].text == ")") and first != -1:
                j -= 1
                continue
            break
        if t.text in ("'", "’") and first != -1 and j - 1 >= lo and toks[j - 1].end == t.start \
                and toks[j - 1].low.endswith("s") and _np_ok(toks[j - 1]) and _possessive_in_name(toks, j, lo):
            j -= 1  # "the National Police Chiefs' Council": a plural possessive inside the name
            continue
        if _np_ok(t) or _first_name_day(toks, j, lo):
            first = j
            j -= 1
            continue
        if first != -1 and _adjective_before_det(toks, j, lo, i):
            first = j  # "a reliable source", "an insurgent source": any adjective between article and head
            j -= 1
            continue
        break
    if first == -1:
        return None
    while first <= i and (toks[first].low in NP_PREPS or (_stop(toks[first]) and not _first_name_day(toks, first, lo))
                          or toks[first].low == "and"):
        first += 1
    for x in range(i - 1, first - 1, -1):
        if toks[x].low in _TIME_NOUNS and toks[x].text.islower():
            first = x + 1  # "On the first night civil society counted": a fronted time, then the speaker
            break
    if first > i:
        return None
    h = i
    if tail_np and not toks[i].is_cap:
        # a place noun closes the phrase only after "<speaker noun> <preposition> ..."
        if not any(toks[x].low in NP_PREPS and (toks[x - 1].low in SPEAKER_NOUNS or toks[x - 1].is_cap)
                   for x in range(first + 1, i)):
            return None
        h = first
        while h < i and toks[h + 1].low not in NP_PREPS:
            h += 1
    if toks[h].text == ")":
        while h > first and toks[h].text != "(":
            h -= 1
        h -= 1
    head = toks[max(h, first)]
    if not (head.is_cap or head.low in SPEAKER_NOUNS or head.low.startswith(_NAME_PREFIXES_SHORT)):
        return None
    if _stop(head):
        return None
    return first, i


_LOCATIVE: Final = re.compile(  # a trie led by literals (see word_pattern): the engine skips ahead in C
    word_pattern((f"{w[0]}\x00{w[1:]}" for w in LEXICON.rule_words("speech", "locative_preps")), {"\x00": r"(?<!\w\w)"})
    + r"\s+([A-Z][a-z'’-]+)\b(?![ \t]*[A-Z])")


def places_named(text: str) -> frozenset[str]:
    """Single capitalised words the text uses as places ("in Kherson", "near Kherson"), countries aside."""
    found = {m.group(1) for m in _LOCATIVE.finditer(text)} if " in " in text or " near " in text else set()
    return frozenset(w for w in found if w.lower() not in COUNTRIES)


def not_a_place(act: SpeechAct, places: frozenset[str]) -> bool:
    """False for 'Kherson said' when the text uses Kherson as a place: a place is never a speaker."""
    return not (places and act.speaker in places)


def _takes_lives(text: str, toks: list[Token], v: int) -> bool:
    """'claimed (more than) 8,400 lives': the verb's object, within its clause, is lives."""
    for x in range(v + 1, min(len(toks), v + 8)):
        if toks[x].low in LIVES_NOUNS:
            return _OBJECT_BREAK.search(text, toks[v].end, toks[x].start) is None
        if toks[x].low == "that":
            return False
    return False


def _claim_owner(text: str, toks: list[Token], v: int) -> SpeechAct | None:
    """'IDF claim of 4', "the ministry's figure of 40": the owner of a count noun, as an attribution."""
    span = np_left(toks, v - 1, max(0, v - 8))
    prev = toks[v - 1]
    if span is None and prev.text[:1].islower() and prev.low.endswith(_POSSESSIVE_SUFFIXES) and prev.low[:-2] in SPEAKER_NOUNS:
        a = v - 1  # "the ministry's figure of 40": a speaker noun as possessor
        while a >= 1 and a > v - 5 and (toks[a - 1].low in SPEAKER_MODIFIERS or toks[a - 1].is_cap) \
                and toks[a - 1].low not in _CAP_STOP:
            a -= 1
        if a >= 1 and (toks[a - 1].low in ARTICLES or toks[a - 1].low in _POSSESSIVE_DETS):
            a -= 1
        span = (a, v - 1)
    if span is None:
        return None
    a, b = span
    owner = toks[b]
    if not (owner.is_cap or owner.low.endswith(_POSSESSIVE_SUFFIXES)):
        return None  # "the figure of 40": nobody's
    end = owner.end - (2 if owner.low.endswith(_POSSESSIVE_SUFFIXES) else 0)
    speaker = " ".join(text[toks[a].start : end].split())
    if not speaker or speaker.lower() in ARTICLES:
        return None
    return SpeechAct(speaker, toks[a].start, end, toks[v].start, toks[v].end, False, False, True, True,
                     rule="claim_of")


def _participle_modifier(toks: list[Token], i: int, lo: int) -> tuple[int, int] | None:
    """'a group tracking the violence', 'a group monitoring the war': a speaker noun with a participle clause."""
    for width in (1, 2):  # the object: a noun, or a modifier and a noun ("the Syrian conflict")
        v = i - width - 1  # the participle
        if v - 1 < lo or toks[v + 1].low not in ARTICLES and toks[v + 1].low not in _POSSESSIVE_DETS:
            continue
        if not all(t.text.isalpha() for t in toks[v + 2 : i + 1]):
            continue
        p = toks[v]
        if not (p.text.islower() and p.low.endswith("ing") and len(p.low) > 5) or p.low in SPEECH_VERBS:
            continue
        if toks[v - 1].low not in SPEAKER_NOUNS:
            continue
        head = np_left(toks, v - 1, lo)
        if head is not None:
            return head[0], i
    return None


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
        if t.text == "." and last == j - 1 and j + 1 < hi and toks[j + 1].is_cap and toks[j - 1].end == t.start \
                and (toks[j - 1].low in _TITLE_ABBREV or (len(toks[j - 1].text) == 1 and toks[j - 1].text.isupper())):
            j += 1  # "Dr. Parasta", "S. Jaishankar": a title's or an initial's period is inside the name
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
            if j + 1 < hi and (_np_ok(toks[j + 1]) or toks[j + 1].low in ARTICLES) and last != -1 \
                    and low != "with" and not _stop(toks[j + 1]):
                j += 1
                continue
            break
        if _np_ok(t) or (t.text == "-" and last != -1 and j + 1 < hi and _np_ok(toks[j + 1])):
            last = j
            j += 1
            continue
        if t.text in ("'", "’") and last == j - 1 and toks[j - 1].end == t.start and toks[j - 1].low.endswith("s") \
                and toks[j - 1].is_cap and j + 1 < hi and toks[j + 1].is_cap:
            j += 1  # "the Palestinian Prisoners' Society": a plural possessive inside the name
            continue
        if j > i and (toks[j - 1].low in _DETERMINERS_OF_NP or toks[j - 1].low in SPEAKER_MODIFIERS) \
                and _modifies_speaker_noun(toks, j, hi):
            j += 1  # "a district commissioner in Beledweyne", "a local resistance group": modifiers before the noun
            continue
        break
    if last == -1:
        return None
    while last >= i and (toks[last].low in NP_PREPS or toks[last].low in ARTICLES):
        last -= 1
    first = i
    while first <= last and _stop(toks[first]):
        first += 1
    if first > last:
        return None
    head = toks[last]
    if not (head.is_cap or head.low in SPEAKER_NOUNS or head.text == ")"
            or ("-" in head.low and head.low.rsplit("-", 1)[1] in _HYPHEN_ROLES)):
        # "the medical source in the city", "officials in the region": the head stands before the preposition
        if not any(toks[x].low in SPEAKER_NOUNS and toks[x + 1].low in NP_PREPS for x in range(first, last)):
            return None
    return first, last


def _quoted_as_saying(toks: list[Token], i: int, n: int) -> tuple[int, int] | None:
    """The words between a quote verb and "as saying" when they hold no clause break and end in a capital or a
    speaker noun: "PTV quoted the military's media wing ISPR as saying" → the military's media wing ISPR."""
    for j in range(i + 1, min(n - 1, i + 10)):
        t = toks[j]
        if not t.text[:1].isalnum() or t.low in SPEECH_VERBS or t.low == "that":
            return None
        if t.low == "as" and toks[j + 1].low in _AS_SAYING:
            head = toks[j - 1]
            return (i, j - 1) if i < j and (head.is_cap or head.low in SPEAKER_NOUNS) else None
    return None


_AS_SAYING: Final = LEXICON.rule_words("speech", "as_saying")
_TIME_NOUNS: Final = LEXICON.rule_words("speech", "time_nouns")
_VERB_FORM_ENDINGS: Final = tuple(sorted(LEXICON.rule_words("speech", "verb_form_endings")))  # "Reflecting", "Corrected"


# At most MAX_ACTS speech acts are read in one sentence: real ones hold at most 3, a longer run of speech
# verbs is junk, and this bounds the work per sentence.
MAX_ACTS: Final = 8


def _counted_before(toks: list[Token], v: int) -> bool:
    """A number stands before toks[v], at most two modifiers away ('seven US states', '3 states', 'two new')."""
    for x in range(v - 1, max(-1, v - 4), -1):
        t = toks[x]
        if t.text[:1].isdigit() or t.low in _HEAD_NUMBER_WORDS:
            return True
        if not t.text.isalpha() or t.low in _AUX or t.low in SPEECH_VERBS:
            return False
    return False


def _title_case(toks: list[Token]) -> bool:
    """A Title Case headline: 70 % or more of its words of four letters or more are capitalised."""
    long_words = [t.text for t in toks if len(t.text) >= 4 and t.text.isalpha()]
    return len(long_words) >= 3 and sum(1 for w in long_words if w[:1].isupper()) >= 0.7 * len(long_words)


def find_speech_acts(text: str, toks: list[Token]) -> list[SpeechAct]:
    """Speech acts among the tokens of one sentence (offsets are absolute in text), the first MAX_ACTS."""
    acts: list[SpeechAct] = headline_acts(text, toks)
    n = len(toks)
    in_according: list[tuple[int, int]] = []
    for v, t in enumerate(toks):
        if len(acts) >= MAX_ACTS:
            break
        low = t.low
        if low == "according" and v + 2 < n and toks[v + 1].low == "to":
            span = _according_np(toks, v + 2, n)
            if span and _ownerless_count(toks, span):
                continue  # "according to a very provisional toll", "the latest toll": whose it is, the sentence says
            if span:
                inner = _source_of_data(toks, span[0], n)
                a, b = inner if inner else span
                acts.append(_act(text, toks, a, b, v, v + 1, False, False, True,
                                 "according_to_source" if inner else "according_to"))
                if b + 2 < n and toks[b + 1].low == "and":
                    in_according.append((toks[a].start, toks[min(n - 1, b + 4)].end))
                else:
                    in_according.append((toks[a].start, toks[b].end))
            continue
        if low in _CITING and v + 1 < n and v >= 1 and (toks[v - 1].text == "," or toks[v - 1].low in SPEECH_VERBS):
            # "State media, citing a local official, said": the cited source is the figure's reporter (inner wins)
            rspan = np_right(toks, v + 1, n)
            if rspan and (toks[rspan[1]].low in _ATTRIBUTION_ONLY_HEADS or (
                    rspan[1] + 2 < n and toks[rspan[1] + 1].text in ("'", "’")
                    and toks[rspan[1] + 2].low in _ATTRIBUTION_ONLY_HEADS)):
                continue  # "IOM and UNHCR said, citing survivors' accounts": the speakers' own estimate
            if rspan:
                acts.append(replace(_act(text, toks, rspan[0], rspan[1], v, v, False, False, False, "citing"),
                                    attribution_only=True))
                verb_at = rspan[1] + 2
                if verb_at < n and toks[rspan[1] + 1].text == "," and toks[verb_at].low in SPEECH_VERBS \
                        and toks[v - 1].text == "," and (outer := np_left(toks, v - 2, 0)) is not None:
                    # "State media, citing a local official, said": the outer speaker's act, its verb after
                    acts.append(_act(text, toks, outer[0], outer[1], verb_at, verb_at, False, False, False))
                continue
        if low == "quoting" and v + 1 < n and v >= 1 and (toks[v - 1].text == "," or toks[v - 1].low in SPEECH_VERBS):
            # "Sky News reported, quoting sources in the prime minister's office": the quoted speak too
            rspan = np_right(toks, v + 1, n)
            if rspan and not (rspan[1] + 2 < n and toks[rspan[1] + 1].low == "as"):
                acts.append(_act(text, toks, rspan[0], rspan[1], v, v, False, False, False, "quoting"))
                continue
        by = _given_by(toks, v, n) if low in _GIVEN_BY and v >= 1 else None
        if by is not None:
            # "the figure of at least 100 given earlier by the local mayor": the figure's source, an attribution
            rspan = np_right(toks, by + 1, n)
            if rspan:
                acts.append(_act(text, toks, rspan[0], rspan[1], v, by, False, False, True, "given_by"))
                in_according.append((toks[rspan[0]].start, toks[rspan[1]].end))
                continue
        if low in _QUOTE_VERBS and v + 1 < n:
            # "RIA quoted Russia's Defence Ministry as saying": the quoted body is the speaker
            rspan = np_right(toks, v + 1, n)
            if not (rspan and rspan[1] + 2 < n and toks[rspan[1] + 1].low == "as"):
                rspan = _quoted_as_saying(toks, v + 1, n)  # "quoted the military's media wing ISPR as saying"
            if rspan and rspan[1] + 2 < n and toks[rspan[1] + 1].low == "as":
                acts.append(_act(text, toks, rspan[0], rspan[1], v, v, False, True, False, "quoted_as_saying"))
                continue
        if low in _CLAIM_NOUNS and v >= 1 and v + 2 < n and toks[v + 1].low == "of" and toks[v + 2].text[:1].isdigit():
            claim = _claim_owner(text, toks, v)
            if claim is not None:
                acts.append(claim)  # "Gaza official rejects IDF claim of 4 killed": the claim is the IDF's
                continue
        phrase = (low in _REPORT_PHRASE_VERBS and any(
            x.low in _TOLL_NOUNS and not (x_i + 1 < n and toks[x_i + 1].low in TOLL_COMPOUNDS)
            for x_i, x in enumerate(toks[v + 1 : v + 5], v + 1))) or (
            low in _REVISE_VERBS and v + 2 < n and toks[v + 1].low in _REVISE_DETS
            and any(x.low in _REVISED_NOUNS for x in toks[v + 2 : v + 5])  # "raised the confirmed death toll"
        )  # fmt: skip
        phrasal = low in _PHRASAL_SPEECH and v + 1 < n and toks[v + 1].low == _PHRASAL_SPEECH[low]
        participle = low in _PARTICIPLE_SPEECH and v >= 2 and toks[v - 1].text == "," and not (
            v + 1 < n and toks[v + 1].low == "to")  # ", adding to a growing clash": not speech
        if (low not in SPEECH_VERBS and not phrase and not phrasal and not participle) or not (
                t.text[:1].islower() or (low in _HEADLINE_VERBS and v > 0 and _title_case(toks))):
            continue
        if low in LIVES_VERBS and _takes_lives(text, toks, v):
            continue  # "violence in Burkina Faso claimed more than 8,400 lives": a toll, nobody's claim
        if not phrasal and v + 1 < n and toks[v + 1].low in _NON_SPEECH_PARTICLES and not (
                v + 2 < n and f"{toks[v + 1].low} {toks[v + 2].low}" in _QUALIFIER_OPENINGS):
            continue  # "Israel has called up reservists": not speech
        if v > 0 and not phrase and (toks[v - 1].low in ARTICLES or toks[v - 1].low in _POSSESSIVE_DETS
                                     or toks[v - 1].low.endswith(_POSSESSIVE_SUFFIXES)):
            continue  # a noun or an adjective: "the reports", "the reported memo", "Russia's alleged involvement"
        if passive_verb(toks, v):
            continue  # "The Indian diplomat was told that ...": the subject is who was told, not who spoke
        if low.endswith("s") and v + 1 < n and toks[v + 1].low in _MODALS and v > 0 and toks[v - 1].text.islower():
            continue  # a plural noun before its verb: "member states can take", "their reports will"
        if v + 1 < n and (toks[v + 1].low in SPEECH_VERBS or toks[v + 1].low in _NOUN_AUX) and low in _NOUNISH_VERBS:
            continue  # "Syrian reports say", "the Russian and Syrian claims are false": a noun, the verb follows
        if low.endswith("s") and _counted_before(toks, v):
            continue  # "seven US states that share it", "two reports": a counted plural noun
        if v >= 1 and toks[v - 1].low in _REDUCED_CLAUSE_OPENERS and low.endswith(_PAST_SUFFIX):
            continue  # "Trump said when asked if ...": a reduced passive clause, nobody speaks in it
        if low in _NOUNISH_VERBS and not low.endswith("s") and any(
                toks[x].low in _INDEFINITE_ARTICLES and (x == 0 or toks[x - 1].low not in NP_PREPS)
                and all(toks[y].text[:1].isalnum() and toks[y].low not in _AUX and toks[y].low not in _MODALS
                        and toks[y].low not in NP_PREPS for y in range(x + 1, v))
                for x in range(max(0, v - 3), v)):
            continue  # "a UK report finds": after "a", the bare form is a noun ("a UK" would need "reports")
        if in_according and any(a0 <= t.start < a1 for a0, a1 in in_according):
            continue  # "according to media reports and officials": inside an attribution
        if in_according and v + 1 < n and toks[v + 1].low == "by" and any(
                0 <= t.start - a1 <= 1 for _a0, a1 in in_according):
            continue  # "according to ... witnesses quoted by BBC Burmese": the attribution's own participle
        # left side: skip auxiliaries, time words and adverbs ("has also said", "has categorically denied")
        k = v - 1
        while k >= 0 and (toks[k].low in TIME_WORDS or toks[k].low in _SPEECH_AUX
                          or adverb(toks[k])):
            if toks[k].is_cap and (toks[k].low not in TIME_WORDS or (k >= 1 and toks[k - 1].is_cap)):
                break  # a capitalised word ends a name, a time word too after a capital ("Peace Now called")
            k -= 1
        if (k >= 1 and toks[k].text in _OPEN_QUOTES and toks[k - 1].is_cap and toks[k - 1].low not in SPEECH_VERBS
                and toks[k - 1].end == toks[k].start - 1):
            # 'The Observatory "has documented the killing of ...': the quotation opens after its speaker
            k -= 1
            while k >= 0 and toks[k].low in TIME_WORDS and not toks[k].is_cap:
                k -= 1
        if k >= 2 and toks[k].low in _MEDIUM_NOUNS:
            # "Pope Francis in an Easter message also condemned", "the coalition in a statement said"
            x = k - 1
            while x >= max(0, k - 4) and toks[x].low != "in" and toks[x].text[:1].isalnum():
                x -= 1
            if x >= 1 and toks[x].low == "in" and toks[x + 1].low in ARTICLES | _POSSESSIVE_DETS:
                k = x - 1
                while k >= 0 and (toks[k].low in TIME_WORDS or adverb(toks[k])) and not toks[k].is_cap:
                    k -= 1
        trailing = _is_trailing(toks, v + 1 if phrasal else v)
        reduced = low in ATTRIBUTION_ONLY_VERBS and k >= 0 and toks[k].text[:1].isalpha() and not toks[k].is_cap
        if k >= 0 and v + 2 < n and toks[v + 1].low == "by" and (
                reduced or any(x.low in _PASSIVE_AUX for x in toks[k : v])):
            # passive: "the claim was swiftly denied by Brussels", "it was announced by the ministry"
            rspan = np_right(toks, v + 2, n)
            if rspan and low in ATTRIBUTION_ONLY_VERBS:
                # a count's agent is its source, like 'according to': "40 deaths were recorded by the ministry",
                # reduced after a noun: "the number of civilians documented by SOHR as killed"
                acts.append(_act(text, toks, rspan[0], rspan[1], v, v + 1, False, False, True, "counted_by"))
            elif rspan:
                acts.append(replace(_act(text, toks, rspan[0], rspan[1], v, v, False, True, False, "passive_by"), passive=True))
            continue
        if k >= 0 and toks[k].low == "one" and k >= 1 and toks[k - 1].low in _NOT_SOMEONE:
            continue  # "no one has claimed": nobody
        if k >= 0 and toks[k].low.split("'", 1)[0] in PRONOUNS and toks[k].low != "one":
            # ("I've added", "we'd said": a pronoun with its auxiliary)
            acts.append(SpeechAct(toks[k].text, toks[k].start, toks[k].end, t.start, t.end, True, trailing, False, False,
                                  rule="pronoun"))
            continue
        span = None
        appos_role = None
        span_rule = "subject_verb"
        rel = _relative_subject(toks, k)
        aside = _participle_aside_subject(toks, k) if rel is None else None
        if rel is not None:
            span_rule = "relative_clause"
            span = rel  # "Bill Clinton, who visited the region, said"; "the doctor who treated them said"
        elif aside is not None:
            span_rule = "participle_aside"
            span = aside  # "President Daniel Chapo, visiting Mossuril district on Friday, said"
        elif k >= 0 and toks[k].low in _CLAUSE_CONJUNCTIONS and k >= 2:
            span = _sentence_subject(toks, k)  # "X did not say ... but said"
            if span is None:
                # "The head of the UN mission, Mahamat Saleh Annadif, visited Sobane Da and said"
                span, appos_role = _opening_apposition(toks, k)
            p = _first_word(toks)
            if span is None and p + 1 < k and toks[p].low in PRONOUNS and toks[p].low != "one" \
                    and toks[p + 1].text.islower() and toks[p + 1].low.endswith(_FINITE_ENDINGS) \
                    and not any(x.text in _CLAUSE_BREAK or x.text == "," for x in toks[p + 1 : k]):
                # "She thanked the officers who had worked around the clock and said": the opening pronoun's
                acts.append(SpeechAct(toks[p].text, toks[p].start, toks[p].end, t.start, t.end, True, trailing, False,
                                      False, rule="pronoun"))
                continue
            span_rule = "coordinated_verb"
        elif k >= 1 and toks[k].text.isdigit() and len(toks[k].text) <= 3 and toks[k - 1].is_cap:
            span = np_left(toks, k - 1, 0)  # "Ahmed 24 said"
        elif participle and k == v - 1:
            span = _sentence_subject(toks, k)  # "The army issued a statement on Monday, saying 12 were killed"
            if span is not None and not _finite_verb_after(toks, span[1] + 1, k):
                span = None  # "Palm Beach County property tax appraiser ... disagrees, saying": not a whole subject
            span_rule = "participle_clause"
        elif k >= 0 and toks[k].text == ",":
            # "Patrick Muyaya, the government's spokesman, said"
            inner = np_left(toks, k - 1, 0) if k >= 1 else None
            if inner and inner[0] >= 3 and toks[inner[0] - 1].low == "or" and toks[inner[0] - 2].text == ",":
                # "The Pakistani Taliban, or TTP, claimed": the other name of the same speaker
                span = np_left(toks, inner[0] - 3, 0)
            elif inner and inner[0] >= 2 and toks[inner[0] - 1].text == ",":
                outer = np_left(toks, inner[0] - 2, 0)
                if outer:
                    proper_outer = toks[outer[1]].is_cap and toks[inner[0]].low in ARTICLES
                    # a role naming its employer ("UNHCR's representative in Indonesia") is no name itself
                    # ("a spokesman for the military's Operation Safe Haven": an article opens a role, whatever
                    # name its employer has)
                    role_inner = toks[outer[1]].is_cap and _names_role(toks, *inner) and (
                        not _ends_in_name(toks, *inner) or toks[inner[0]].low in ARTICLES
                        # "Steven McCraw, director of the Texas Department of Public Safety, said": a role in lower
                        # case opens it, whatever employer closes it
                        or toks[inner[0]].text[:1].islower())
                    if (_has_name(toks, *inner) and not role_inner) or not (_has_name(toks, *outer) or proper_outer
                                                                            or role_inner):
                        span, appos_role = inner, outer
                    else:
                        span, appos_role = outer, inner
            if span is None:
                span, appos_role = _comma_apposition(toks, k)
            span_rule = "apposition"
        elif k >= 0:
            span = np_left(toks, k, 0)
            if span is None and k >= 2:
                named = _bare_apposition(toks, k + 1)  # "The Syrian Civil Defence a group of first responders said"
                if named is not None:
                    span = (named, k)
            if span and span[0] >= 2 and toks[span[0] - 1].low in _SOURCE_PREPS:
                # "Maysa al-Aswad a 30-year-old evacuee from Kafraya said"
                named = _bare_apposition(toks, span[0] - 1)
                if named is not None:
                    span = (named, span[1])
                else:
                    whole = _place_object(toks, span[0] - 1)
                    if whole is not None:
                        span = (whole, span[1])  # "A man in Aleppo told": a place is never the speaker
            elif span and span[0] >= 2 and toks[span[0] - 1].text == "," and toks[span[1]].is_cap \
                    and not (t.is_cap and _title_case(toks)) and not (v + 1 < n and toks[v + 1].text == ","):
                span = _subject_list(toks, span)  # "G7, UN condemn": a list that opens the sentence (capitals
                # mark names, which they do not in a Title Case headline: "Five Killed, Army Says"; nor is
                # "Zelenskiy, Axios said, suggested" a list: the attribution stands between commas)
        if span is None and k >= 1 and (trailing or low in _ADDRESSEE_VERBS):
            span = _after_quotation(toks, k)  # '"... continued to rot," one Ukrainian marine said.'
        if span is None and k >= 0 and toks[k].text[:1].islower() and toks[k].low.endswith("s") \
                and toks[k].text.isalpha() and (k == 0 or toks[k - 1].text in (",", "\u201d", "\"")) and trailing:
            span = (k, k)  # ", lawyers said." — any plural noun in a clause-final attribution
        if span and span[0] >= 1 and toks[span[0] - 1].low in _OBJ_PREPS and low in _INVERTED and v + 1 < n:
            # "... trained by Washington said the Syrian Observatory": the object of "by" is no speaker
            rspan = np_right(toks, v + 1, n)
            if rspan and (rspan[1] + 1 >= n or not toks[rspan[1] + 1].text[:1].isalnum()):
                acts.append(_act(text, toks, rspan[0], rspan[1], v, v, False, True, False, "said_after"))
                continue
        if span and trailing and span[0] >= 2 and toks[span[0] - 1].text != ",":
            w = span[0] - 1
            while w > span[0] - 7 and w >= 1 and toks[w].text.replace("'", "").replace("’", "").isalpha() \
                    and toks[w].low not in SPEECH_VERBS \
                    and toks[w].low not in _CLAUSE_OPENERS:
                w -= 1
            if toks[w].text == "," and w + 1 < span[0]:
                span = (w + 1, span[1])  # "..., the country's disaster management agency said."
        if span and span[0] >= 1 and toks[span[0] - 1].low in _FREE_RELATIVES and not any(
                x.text in _OPEN_QUOTES for x in toks[v + 1 : v + 4]):
            continue  # "Here is what Putin said": nothing said stands in the sentence (but "what X called “…”")
        if span:
            a, b = span
            act = _act(text, toks, a, b, v, v, False, trailing, False, span_rule)
            if a >= 1 and (toks[a - 1].low in _CLAUSE_OPENERS or toks[a - 1].low in _CLAUSE_CONJUNCTIONS):
                act = replace(act, new_clause=True)  # "while rebels said", "and the UN warns": a clause of its own
            if appos_role:
                role = re.sub(r"\s+", " ", text[toks[appos_role[0]].start : toks[appos_role[1]].end])
                act = replace(act, role=role)
            acts.append(act)
            continue
        if low in _INVERTED and v + 1 < n:
            rspan = np_right(toks, v + 1, n)
            if rspan:
                a, b = rspan
                after = toks[b + 1] if b + 1 < n else None
                before = toks[v - 1] if v > 0 else None
                ends = after is None or not after.text[:1].isalnum() or after.low in _RIGHT_END or (
                    after.low in NP_PREPS and punct_before_quote(toks, v))  # '"...," said one resident of a camp for
                punct_before = before is None or before.text in {",", "\"", "”", "'", "’", "“", "-", "—", "–", ".", ":", ";"}
                if ends and (punct_before or toks[b].is_cap or toks[b].low in SPEAKER_NOUNS):
                    if toks[a].low.replace("’", "'").split("'")[0] not in _SUBJECT_PRONOUNS:  # "say he's a ..."
                        act = _act(text, toks, a, b, v, v, False, True, False, "said_after")
                        if after is not None and after.text == "," and b + 2 < n:
                            said_role = np_right(toks, b + 2, n)  # "said Omar Sayed, head of the local council"
                            if said_role and toks[a].low in ARTICLES and _names_role(toks, a, b) \
                                    and _has_name(toks, *said_role) and (said_role[1] + 1 >= n
                                                                         or not toks[said_role[1] + 1].text[:1].isalnum()):
                                # "said the coast guard's eastern commander, Brigadier Masoud Abdul Samad": the
                                # role first, then who holds it
                                act = replace(_act(text, toks, said_role[0], said_role[1], v, v, False, True, False,
                                                   "said_after"), role=" ".join(text[toks[a].start : toks[b].end].split()))
                            elif said_role and (toks[b + 2].low in ARTICLES or any(  # "..., UNHCR's representative"
                                    toks[x].low in SPEAKER_NOUNS for x in range(said_role[0], said_role[1] + 1))):
                                act = replace(act, role=" ".join(
                                    text[toks[said_role[0]].start : toks[said_role[1]].end].split()))
                        acts.append(act)
    if any(a.rule == "headline" and not a.trailing for a in acts) and any(
            a.trailing and not a.pronoun and a.rule != "headline" for a in acts):
        # "QUETTA: A suicide bomber struck ..., killing 52, officials said.": a clause with its own source is the
        # source's word; what stands before its colon is a dateline
        acts = [a for a in acts if not (a.rule == "headline" and not a.trailing)]
    return [a for a in acts if (a.speaker.lower() in _QUOTE_SPEAKER_OPENERS or not _NUMBER_ONLY.match(a.speaker))
            and not _count_it_gave(toks, a) and not _object_of_preposition(toks, a)]


def _object_of_preposition(toks: list[Token], a: SpeechAct) -> bool:
    """'operations in Katsina and Zamfara states last week', 'describing U.S. demands as excessive': a phrase after
    a preposition or a participle is no subject, so its -s word is a noun, not a speech verb."""
    if a.rule != "subject_verb" or a.pronoun:
        return False
    verb = next((t for t in toks if t.start == a.verb_start), None)
    if verb is None or not verb.low.endswith("s"):
        return False  # ("... of Aleppo Syrian state television reported"; "with Israel raising its estimate")
    i = next((k for k, t in enumerate(toks) if t.start == a.start), 0)
    if i < 1 or not toks[i - 1].text.islower():
        return False
    before = toks[i - 1].low  # ("describing U.S. demands as excessive": the object of a participle)
    return before in _OBJECT_PREPOSITIONS or (before.endswith("ing") and len(before) > 5)


def _count_it_gave(toks: list[Token], a: SpeechAct) -> bool:
    """'down from the 61 it reported on Saturday', 'the toll they gave': a pronoun and its verb describe the count
    before them (a relative clause), nobody speaks anew."""
    if not a.pronoun:
        return False
    i = next((k for k, t in enumerate(toks) if t.start == a.start), 0)
    if i < 2:
        return False
    count, det = toks[i - 1], toks[i - 2]  # ("wounded 22 it said": no article, the clause's attribution)
    return (count.text[:1].isdigit() or count.low in TOLL_WORDS) and det.low in ARTICLES


# "Thirty-eight (38) confirmed cases": a phrase of numbers alone names nobody (a bare '"...," one said' does)
_NUMBER_ONLY: Final = re.compile(r"(?:[\W\d_]|" + word_pattern(LEXICON.table("number_words")) + r")*$", re.IGNORECASE)


_HEAD_DASH: Final = re.compile(r"\s[-–—]{1,2}\s*([A-Za-z][\w.'’ -]{0,60}?)\s*\.?$")
_HEAD_COLON_SUFFIX: Final = re.compile(r":\s+([A-Z][\w.'’ -]{1,60}?)\s*\.?$")
_HEAD_COLON_PREFIX: Final = re.compile(r"^([A-Z][\w.'’ -]{1,40}?):\s")
_HEAD_NAME_ON: Final = re.compile(r"^([A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3}) on [^:.!?]{1,80}:\s")
_HEADLINE_WORDS: Final = LEXICON.rule_words("speech", "headline_words")
_ED_ADJECTIVES: Final = LEXICON.rule_words("figures", "ed_adjectives")  # "armed group": -ed words that are no verb
_HEAD_NUMBER_WORDS: Final = LEXICON.rule_words("speech", "head_number_words")  # "Eight Killed": a Title Case toll


def headline_acts(text: str, toks: list[Token]) -> list[SpeechAct]:
    """'Death toll rises to 57 - Ukraine official', 'Red Crescent: 8 dead', '...: Media Office'."""
    if not toks:
        return []
    s0 = toks[0].start
    sentence = text[s0 : toks[-1].end]
    out: list[SpeechAct] = []
    tag = _HEAD_TAG.search(sentence) if any(ag in sentence for ag in _WIRE_AGENCIES) else None
    if tag and (tag.group(1).lower() in SPEAKER_NOUNS or (tag.group(1).isupper() and 2 <= len(tag.group(1)) <= 6)):
        # "Syria fighting kills 132 fighters Monitor Reuters Wednesday 25 Feb 2015 ...": the headline's source
        a = s0 + tag.start(1)
        name = tag.group(1)
        out.append(SpeechAct(name, a, a + len(name), a, a + len(name), False, True, False, False, rule="headline_tag"))
    has_dash = "-" in sentence or "–" in sentence or "—" in sentence
    has_colon = ":" in sentence
    if not has_dash and not has_colon:
        return out
    # a Title Case headline capitalises every word, so capitals no longer mark a name: without a number its
    # "X: Y" or "Y - X" names a speaker only when X is a known reporter or ends in a speaker noun
    # what a headline attribution attributes is a figure or a quotation ("8 dead - Red Crescent", "X: 'We will ...'")
    has_number_or_quote = any(t.text[:1].isdigit() or t.low in _HEAD_NUMBER_WORDS or t.text in _QUOTE_MARKS
                              for t in toks)
    title_case = _title_case(toks) and not any(t.text[:1].isdigit() or t.low in _HEAD_NUMBER_WORDS for t in toks)
    for rx, trailing in ((_HEAD_DASH, True), (_HEAD_COLON_SUFFIX, True), (_HEAD_COLON_PREFIX, False)):
        if not (has_dash if rx is _HEAD_DASH else has_colon):
            continue
        name_on = False
        if rx is _HEAD_COLON_PREFIX:
            m = _HEAD_NAME_ON.search(sentence)  # "Stoltenberg on Russian troops: ..."
            name_on = m is not None
            if m is None:
                m = rx.search(sentence)
        else:
            m = rx.search(sentence)
        if not m:
            continue
        name = m.group(1).strip()
        if rx is _HEAD_COLON_PREFIX and name.lower() in COUNTRIES:
            continue  # "Burkina Faso: 66 freed": a dateline, not a speaker
        if name.lower() in _FURNITURE_LABELS:
            continue  # "SOURCE: News agencies", "First Published: Tuesday ...": page furniture
        if len(name.split()) == 1 and name.lower() in _ATTRIBUTION_ONLY_HEADS:
            continue  # "... - statement"
        words = name.split()
        if not words or len(words) > 6 or words[-1].lower() in _HEADLINE_WORDS:
            continue
        if words[-1].lower() in _ATTRIBUTION_ONLY_HEADS and all(w.lower() in _DATA_MODIFIERS for w in words[:-1]):
            continue  # "Latest figures: 585 martyrs ...": a label of the data, not who gives it
        attributed = sentence[: m.start()]  # what a trailing source attributes: a figure, a quote or a clause
        if trailing and len(attributed.split()) < 3 and not any(
                ch.isdigit() or ch in _QUOTE_MARKS for ch in attributed):
            continue  # "Czech Republic: Government attacks radio", "Corruption: The spy sheikh": a rubric
        if rx is _HEAD_COLON_SUFFIX and any(
                w in _AUX or (w.endswith(_VERB_SUFFIXES) and w not in _ED_ADJECTIVES)
                for w in (x.lower() for x in words if x[:1].islower())):
            continue  # "Lower Saxony: AfD state chapter designated extremist group": a clause, not its source
        low_last = words[-1].lower().strip(".")
        caps = sum(1 for w in words if w[:1].isupper())
        if not name[:1].isupper() and low_last not in SPEAKER_NOUNS:
            continue
        if (title_case or not has_number_or_quote) and not (low_last in SPEAKER_NOUNS or known_reporter(name) or name_on):
            continue  # "Why AI Writing Is So Generic: Semantic Ablation", "Projekt Broadband: Bund zahlt"
        if name_on and len(words) == 1 and low_last.endswith(_VERB_FORM_ENDINGS):
            continue  # "Reflecting on the past year, ...:", "Corrected on 4 July:": a verb form, not a name
        # "CPJ: 178 journalists killed", "... – WHO": an acronym before a toll is a body
        acronym = len(words) == 1 and 2 <= len(name) <= 6 and name.isupper() and name.isalpha() and has_number_or_quote
        if not (low_last in SPEAKER_NOUNS or known_reporter(name) or (caps >= 2 and caps == len(words))
                or (name_on and caps == len(words)) or acronym
                or (len(words) == 1 and words[0][:1].isupper() and trailing and rx is _HEAD_DASH)):
            continue
        if any(w.lower() in _CAP_STOP for w in words[:1]) and low_last not in SPEAKER_NOUNS and not acronym:
            continue
        a = s0 + m.start(1)
        out.append(SpeechAct(name, a, a + len(name), a, a + len(name), False, trailing, False, False, rule="headline"))
    return out


_MEDIUM_NOUNS: Final = LEXICON.rule_words("speech", "medium_nouns")
_WIRE_AGENCIES: Final = LEXICON.markers["wire_agencies"]
# "<headline> Monitor AFP Saturday 21 Feb 2015 <body>": the word before a wire byline and its date
_HEAD_TAG: Final = re.compile(
    r"(?<!\S)([A-Za-z][\w-]*)\s+(?:" + "|".join(re.escape(a) for a in _WIRE_AGENCIES) + r")\s+(?:"
    + "|".join(sorted(w.capitalize() for w in TIME_WORDS & LEXICON.words("weekdays"))) + r")\s+\d{1,2}\s+[A-Z][a-z]{2,8}\s+\d{4}\b"
)
_NOUNISH_VERBS: Final = LEXICON.rule_words("speech", "nounish_verbs")
_PASSIVE_AUX: Final = LEXICON.rule_words("speech", "passive_aux")
_OBJ_PREPS: Final = LEXICON.rule_words("speech", "obj_preps")
_INVERTED: Final = LEXICON.rule_words("speech", "inverted")
_TOLL_NOUNS: Final = LEXICON.rule_words("speech", "toll_nouns")
TOLL_COMPOUNDS: Final = LEXICON.rule_words("figures", "toll_compounds")  # "set fire to four toll booths": no toll
_REVISED_NOUNS: Final = LEXICON.rule_words("speech", "revised_nouns")
_REVISE_DETS: Final = _POSSESSIVE_DETS | ARTICLES
_APPOSITION_OPENERS: Final = LEXICON.rule_words("speech", "apposition_openers")
_CLAUSE_OPENERS: Final = LEXICON.rule_words("speech", "clause_openers")
_DATA_PARTICIPLES: Final = LEXICON.rule_words("speech", "data_participles")
_DATA_LINKS: Final = LEXICON.rule_words("speech", "data_links")
_OPEN_QUOTES: Final = frozenset({"\"", "\u201c"})
_CLOSE_QUOTES: Final = frozenset({"\"", "\u201d", "\u2019", "'"})
_QUOTE_MARKS: Final = frozenset({"\"", "\u201c", "\u201d", "\u2018", "\u2019", "'"})
_CLAUSE_BREAK: Final = frozenset({";", ":", "\"", "“", "”", "(", ")"})


def _after_quotation(toks: list[Token], k: int) -> tuple[int, int] | None:
    """A short noun phrase between a closing quotation and a clause-final speech verb: whatever its head noun,
    it names the speaker ('"...," one Ukrainian marine said', '"...," a local farmer told AFP')."""
    q = k
    while q >= 0 and k - q < 5 and toks[q].text.isalpha():
        q -= 1
    if q < 0 or q == k or not (toks[q].text in _CLOSE_QUOTES or (toks[q].text == "," and q >= 1
                                                                 and toks[q - 1].text in _CLOSE_QUOTES)):
        return None
    first = toks[q + 1]
    if first.low in _DETERMINERS_OF_NP or first.low in _QUOTE_SPEAKER_OPENERS or (first.is_cap and not _stop(first)):
        return (q + 1, k)
    return None


def punct_before_quote(toks: list[Token], v: int) -> bool:
    """The speech verb at v follows a closing quotation ('..." said', '...," said')."""
    return v >= 1 and toks[v - 1].text in _CLOSE_QUOTES or (v >= 2 and toks[v - 1].text == "," and toks[v - 2].text in _CLOSE_QUOTES)


def adverb(t: Token) -> bool:
    """'categorically', 'strongly': a lower-case -ly adverb between subject and verb."""
    low = t.low
    return len(low) > 4 and low.endswith("ly") and t.text[:1].islower() and low not in SPEAKER_NOUNS \
        and low.isalpha()


_ING: Final = "ing"  # morphology: a participle that opens an aside ("visiting", "speaking")


def _relative_subject(toks: list[Token], k: int) -> tuple[int, int] | None:
    """'X, who ..., said' / 'X who ... said': X is the subject (no comma inside the clause but its closing one)."""
    if k < 1:
        return None
    j = k - 1 if toks[k].text == "," else k
    stop = max(0, k - 20)
    while j >= stop:
        tj = toks[j]
        # ("The WHO said": the World Health Organization); "The Baloch Liberation Army, which claimed the
        # hijacking, said": a body's own relative clause, after a comma
        if (tj.low == "who" and not _acronym(tj)) or (tj.text == "which" and j >= 1 and toks[j - 1].text == ","):
            e = j - 1
            if e >= 0 and toks[e].text == ",":
                e -= 1
            if e < 0:
                return None
            span = np_left(toks, e, 0)
            if span and k >= 1 and toks[k].low == "and" and span[0] >= 1 and toks[span[0] - 1].text.islower() \
                    and toks[span[0] - 1].low.endswith(_FINITE_ENDINGS) and toks[span[0] - 1].low not in NP_PREPS:
                return None  # "She thanked the officers who had worked ... and said": the object's clause ends first
            if span and (toks[span[1]].is_cap or (tj.low == "who" and toks[span[1]].low in SPEAKER_NOUNS)):
                return span
            return None
        if tj.text in _CLAUSE_BREAK or tj.text == "," or tj.low in _RIGHT_STOP:
            return None
        j -= 1
    return None


def _lower_noun(t: Token) -> bool:
    """A word in lower case that can modify a place noun ("local", "government"): no article, preposition or verb."""
    return t.text.isalpha() and t.text.islower() and t.low not in ARTICLES and t.low not in NP_PREPS \
        and t.low not in SPEECH_VERBS


def _participle_aside_subject(toks: list[Token], k: int) -> tuple[int, int] | None:
    """'X, visiting Y, said' / 'X, speaking to reporters in Z, told': X is the subject (a comma-enclosed clause
    that opens with a participle in -ing, no other comma inside). So 'X, on a visit to Y, said' / 'X, in a
    televised address, said' where X opens the sentence (a place before such a phrase is no subject: "killed in
    Pahalgam, in Indian Kashmir, said police")."""
    if k < 3 or toks[k].text != ",":
        return None
    for j in range(k - 1, max(0, k - 16), -1):
        tj = toks[j]
        if tj.text in _CLAUSE_BREAK or tj.low in _RIGHT_STOP or tj.text in ('"', "“", "”"):
            return None
        if tj.text == ",":
            opener = toks[j + 1]
            if j + 1 >= k or not opener.text[:1].islower() or j < 1:
                return None
            phrase = opener.low in _ASIDE_PREPOSITIONS
            if opener.low.endswith(_ING) or phrase:
                span = np_left(toks, j - 1, 0)
                last = toks[span[1]] if span else None
                if phrase and span is not None and span[0] != _first_word(toks):
                    return None
                if last is not None and (last.is_cap or last.low in SPEAKER_NOUNS or last.low.startswith(_NAME_PREFIXES)):
                    return span  # ("Abdel Fattah al-Burhan")
            return None
    return None


_ASIDE_PREPOSITIONS: Final = LEXICON.rule_words("speech", "aside_prepositions")


def _first_word(toks: list[Token]) -> int:
    """Index of the sentence's first word (after opening quotes or brackets)."""
    s = 0
    while s < len(toks) and not toks[s].text[:1].isalnum():
        s += 1
    return s


def _finite_verb_after(toks: list[Token], e: int, k: int) -> bool:
    """The word after a subject phrase (time words skipped) looks like its verb: an auxiliary, '-ed' or '-s'."""
    while e < k and toks[e].low in TIME_WORDS:
        e += 1
    if e >= k:
        return False
    low = toks[e].low
    return toks[e].text.islower() and (low in _SPEECH_AUX or low in _MODALS or low.endswith(_FINITE_ENDINGS))


def _sentence_subject(toks: list[Token], k: int) -> tuple[int, int] | None:
    """'A ministry spokesman did not say ... but said': the speaker phrase that opens the sentence."""
    span = _sentence_opening_np(toks, k)
    if span is None:
        return None
    e = span[1] + 1
    while e < k and toks[e].low in TIME_WORDS:
        e += 1  # "Bill Clinton on Thursday offered ..."
    nxt = toks[e] if e < k else None
    if nxt is None or not nxt.text[:1].islower() or nxt.low in NP_PREPS or nxt.low == "and":
        return None
    head = toks[span[1]]
    if not (head.is_cap or head.low in SPEAKER_NOUNS):
        return None
    for x in range(span[1] + 1, k):  # the coordination stays inside one clause
        if toks[x].text in _CLAUSE_BREAK:
            return None
        if toks[x].low in SPEECH_VERBS and not (x >= 1 and toks[x - 1].low in _NEGATIONS):
            return None  # "X said ... and said": the first act speaks; a negated one ("did not say") does not
    return span


def _opening_apposition(toks: list[Token], k: int) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """'The head of the UN mission in Mali, Mahamat Saleh Annadif, visited ... and said': the name between the
    commas after the role that opens the sentence, then its own verb (name span, role span)."""
    role = _sentence_opening_np(toks, k)
    if role is None or role[1] + 3 >= k or toks[role[1] + 1].text != ",":
        return None, None
    c = role[1] + 2
    e = c
    while e < k and e - c < 5 and (toks[e].is_cap or toks[e].low.startswith(_NAME_PREFIXES_SHORT)):
        e += 1
    if e == c or e >= k or toks[e].text != "," or not _has_name(toks, c, e - 1) \
            or not (toks[role[1]].low in SPEAKER_NOUNS or _names_role(toks, role[0], role[1])):
        return None, None
    if not _finite_verb_after(toks, e + 1, k) or any(toks[x].text in _CLAUSE_BREAK for x in range(e + 1, k)):
        return None, None
    return (c, e - 1), role


def _sentence_opening_np(toks: list[Token], k: int) -> tuple[int, int] | None:
    """The noun phrase that opens the sentence, before k (after a fronted participle's phrase: "Presiding over a
    meeting ..., Acting President Choi Sang-mok ordered ... and asked")."""
    s = _first_word(toks)
    if s + 1 < k and toks[s].is_cap and toks[s].low.endswith("ing") and toks[s + 1].low in _PARTICIPLE_LINKS:
        s = next((x + 1 for x in range(s + 2, k) if toks[x].text == ","), k)
    if s >= k or _stop(toks[s]):
        return None
    span = np_right(toks, s, k)
    return span if span is not None and span[0] == s else None


def _comma_apposition(toks: list[Token], k: int) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """'Maysa al-Aswad, a 30-year-old evacuee from Kafraya, said' / 'Ahmed, 24, said': the name before the commas."""
    c = k - 1
    lo = max(0, k - 16)
    while c >= lo and toks[c].text != ",":
        if toks[c].text in _CLAUSE_BREAK or toks[c].low in SPEECH_VERBS:
            return None, None
        c -= 1
    if c < 1 or c < lo or c == k - 1:
        return None, None
    first = toks[c + 1]
    participle = first.text[:1].islower() and first.low in _APPOSITION_OPENERS  # "X, based in London, said"
    if not (first.low in ARTICLES or first.low in _POSSESSIVE_DETS or first.text.isdigit() or participle
            or _names_role(toks, c + 1, k - 1)):  # "John Smith, head of MSF in Gaza, said"
        return None, None
    if c >= 3 and toks[c - 1].text.isdigit() and toks[c - 2].text == ",":
        c -= 2  # "Mohammed Ali, 34, a resident of the camp, said": the age is a second apposition
    outer = np_left(toks, c - 1, 0)
    if outer is None or not toks[outer[1]].is_cap or (outer[0] >= 1 and toks[outer[0] - 1].low in NP_PREPS):
        return None, None
    if first.text.isdigit() or participle:
        return outer, None
    if toks[c + 1].text.isdigit():
        return outer, (c + 3, k - 1)
    return outer, (c + 1, k - 1)


def _subject_list(toks: list[Token], span: tuple[int, int]) -> tuple[int, int]:
    a = span[0]
    while a >= 2 and toks[a - 1].text == ",":
        item = np_left(toks, a - 2, 0)
        if item is None or not toks[item[1]].is_cap or item[1] - item[0] > 4:
            return span
        a = item[0]
    return (a, span[1]) if a <= _first_word(toks) and a < span[0] else span  # the list opens the sentence


def _bare_apposition(toks: list[Token], p: int) -> int | None:
    """Start of 'Name a <description> <prep>' ending at preposition p (texts stripped of commas)."""
    j = p - 1
    lo = max(0, p - 8)
    while j >= lo:
        tj = toks[j]
        if tj.low in _INDEFINITE_ARTICLES:
            name = np_left(toks, j - 1, 0) if j >= 1 else None
            if name and name[1] == j - 1 and sum(1 for x in toks[name[0] : j] if x.is_cap) >= 2 \
                    and (name[0] == 0 or not toks[name[0] - 1].text[:1].isalnum()):
                return name[0]
            return None
        if not tj.text[:1].isalnum() and tj.text != "-":
            return None
        if tj.is_cap or tj.low in SPEECH_VERBS or tj.low in _AUX or tj.low in _RELATIVE_PRONOUNS:
            return None
        j -= 1
    return None


def _is_trailing(toks: list[Token], v: int) -> bool:
    """True when nothing is reported after the verb (only time words, 'in a statement', punctuation)."""
    j = v + 1
    n = min(len(toks), v + 12)
    if toks[v].low in _ADDRESSEE_VERBS:  # "..., local officials told AFP.": who was told, not what was said
        while j < n and j < v + 5 and (toks[j].is_cap or toks[j].low in ARTICLES or toks[j].low in SPEAKER_NOUNS
                                       or toks[j].low in _LISTENERS):
            j += 1
    while j < n:
        low = toks[j].low
        if not toks[j].text[:1].isalnum():
            if toks[j].text in (",", ".", ";", "!", "?", ")"):
                return True
            j += 1
            continue
        if low in _LOCATIVE_PREPS and j + 1 < n and toks[j + 1].is_cap:
            j += 2  # "told reporters in Dhaka on Thursday", "in New York", "on Christmas Day": where or when
            while j < n and toks[j].is_cap:
                j += 1
            continue
        if low in TIME_WORDS or low in _VERB_FRAME:
            j += 1
            continue
        return low in _COMPLEMENT_OPENERS
    return True


_LOCATIVE_PREPS: Final = LEXICON.rule_words("speech", "locative_preps")


def _place_object(toks: list[Token], p: int) -> int | None:
    """'A man in Aleppo', 'an evacuee from Kafraya': the start of the whole phrase whose preposition is at p."""
    m = p - 1
    if m < 0 or not toks[m].text.isalpha() or not toks[m].text[:1].islower() or toks[m].low in SPEECH_VERBS:
        return None
    while m - 1 >= 0 and m > p - 9 and toks[m].low not in ARTICLES:
        prev = toks[m - 1]
        wordlike = prev.text[:1].islower() or prev.low in ARTICLES or prev.text[:1].isdigit() or prev.text == "-"
        if not wordlike or prev.low in SPEECH_VERBS:
            break
        m -= 1
    if toks[m].low in ARTICLES and (m == 0 or not toks[m - 1].text[:1].isalnum()):
        return m
    return None


def _according_np(toks: list[Token], i: int, n: int) -> tuple[int, int] | None:
    """Who or what stands after 'according to': a speaker's noun phrase ("the health ministry", "witnesses"), else
    one that ends in a count noun ("Israeli tallies", "a confidential UN report seen by Reuters": the report), else
    any plain noun phrase that ends its clause ("local resistance forces.")."""
    if i < n and toks[i].low in _POSSESSIVE_DETS:
        return None  # "X said ..., according to its own count": the speaker's own figures, no second source
    for j in range(i + 1, min(n, i + 7)):
        t = toks[j]
        if not t.text[:1].isalnum() or t.is_cap:
            break
        if t.low in _POSSESSIVE_DETS:
            return None  # "according to complaints received by its monitors": the speaker's own sources
    span = np_right(toks, i, n)
    if any(t.low in _ACCORDING_NORMS for t in toks[i : min(n, (span[1] if span else i) + 3)]):
        return None  # "according to Islamic rites": a norm, no source
    j = i
    while j < n and j < i + 6 and toks[j].text[:1].isalpha() and toks[j].low not in NP_PREPS \
            and toks[j].low not in _AUX and toks[j].low not in _ATTRIBUTION_ONLY_HEADS:
        j += 1
    if j < n and j > i and toks[j].low in _ATTRIBUTION_ONLY_HEADS and (span is None or span[1] < j) \
            and not (j + 1 < n and toks[j + 1].low in _DATA_PARTICIPLES):
        return i, j  # ("figures compiled by X" is X's: _source_of_data)
    if span is not None or j == i:
        return span
    end = j - 1
    if toks[end].text[:1].islower() and toks[end].low.endswith("s") and (j >= n or not toks[j].text[:1].isalnum()):
        return i, end
    return None


def _given_by(toks: list[Token], v: int, n: int) -> int | None:
    """Index of the "by" after a participle that names a figure's source ("given earlier by"), else None."""
    j = v + 1
    if j < n and toks[j].low in _GIVEN_TIMES:
        j += 1
    return j if j + 1 < n and toks[j].low == "by" else None


def _ownerless_count(toks: list[Token], span: tuple[int, int]) -> bool:
    """The phrase after "according to" is a count or a toll that names nobody's ("a very provisional toll", "the
    latest figures"; not "an Associated Press count", "figures from the ministry")."""
    a, b = span
    return toks[b].low in _ATTRIBUTION_ONLY_HEADS and toks[b].text.islower() and all(
        t.text.islower() or not t.text[:1].isalpha() for t in toks[a : b + 1]) and _source_of_data(
        toks, a, len(toks)) is None


def _source_of_data(toks: list[Token], a: int, n: int) -> tuple[int, int] | None:
    """'according to figures compiled by X', 'according to data from X': the source X, not the figures."""
    i = a
    while i < n and i < a + 3 and (toks[i].low in ARTICLES or (toks[i].text[:1].islower()
                                                                and toks[i].low not in _ATTRIBUTION_ONLY_HEADS)):
        i += 1
    if i >= n or toks[i].low not in _ATTRIBUTION_ONLY_HEADS:
        return None
    j = i + 1
    if j < n and toks[j].low in _DATA_PARTICIPLES:
        j += 1
    if j + 1 < n and toks[j].low in _DATA_LINKS:
        return np_right(toks, j + 1, n)
    return None


def _names_role(toks: list[Token], a: int, b: int) -> bool:
    """toks[a..b] is a role ("head of MSF in Gaza", "UN Women country director"): it holds a speaker noun
    before any preposition."""
    for x in range(a, b + 1):
        low = toks[x].low
        if low in SPEAKER_NOUNS:
            return True
        if low in NP_PREPS:
            return False
    return False


def _ends_in_name(toks: list[Token], a: int, b: int) -> bool:
    """toks[a..b] ends in a personal name after its title: "Major General Markus Kangye", not "UNHCR's
    representative in Indonesia" nor "UN Women country director"."""
    return b - 1 > a and all(t.is_cap and not t.text.isupper() and t.low not in SPEAKER_NOUNS
                             and t.low not in _ROLE_CAPS for t in toks[b - 1 : b + 1])


def _has_name(toks: list[Token], a: int, b: int) -> bool:
    caps = [t for t in toks[a : b + 1] if t.is_cap and not t.text.isupper() and t.low not in SPEAKER_NOUNS
            and t.low not in SPEAKER_MODIFIERS and t.low not in ARTICLES and t.low not in _ROLE_CAPS]
    return len(caps) >= 2


_NOBODY: Final = LEXICON.rule_words("speech", "nobody")
_RELATIVE_CLAIM_NOUNS: Final = LEXICON.rule_words("speech", "relative_claim_nouns")


def _act(text: str, toks: list[Token], a: int, b: int, va: int, vb: int, pronoun: bool, trailing: bool,
         according: bool, rule: str = "subject_verb") -> SpeechAct:
    if b > a + 1 and toks[a].low in ARTICLES and toks[a + 1].low in _RELATIVE_CLAIM_NOUNS:
        a += 2  # "..., a claim the Somali government dismissed": the claim's relative clause has its own subject
    if b > a and toks[a].low in _POSSESSIVE_DETS and toks[a + 1].is_cap:
        a += 1  # "its National Security Committee warned": the committee, named
    speaker = " ".join(text[toks[a].start : toks[b].end].split())
    head = b  # the head noun stands before the phrase's first preposition: "data from the Bureau of Statistics"
    for x in range(a + 1, b):
        if toks[x].low in NP_PREPS:
            head = x - 1
            break
    attribution_only = (toks[b].low in _ATTRIBUTION_ONLY_HEADS or toks[head].low in _ATTRIBUTION_ONLY_HEADS
                        or toks[va].low in ATTRIBUTION_ONLY_VERBS
                        # "No group has claimed responsibility": nobody spoke
                        or toks[a].low in _NOBODY)
    return SpeechAct(speaker, toks[a].start, toks[b].end, toks[va].start, toks[vb].end, pronoun, trailing,
                     according, attribution_only, rule=rule)


def _name_word(w: str) -> bool:
    """A word of a person's name: capitalised (or al-/el-), not a role, modifier, article or acronym."""
    low = w.lower()
    if low.startswith(_NAME_PREFIXES_SHORT):
        return True
    return (w[:1].isupper() and not (len(w) > 1 and w.isupper()) and low not in ARTICLES and low not in SPEAKER_NOUNS
            and low not in SPEAKER_MODIFIERS and low not in _ROLE_CAPS and "-" not in low.strip("-"))


def passive_verb(toks: list[Token], v: int) -> bool:
    """toks[v] is a verb in the passive with no agent after it: what was done to the subject, not what it did ("an
    officer who had been dismissed from the force", "the claims were denied"); not a progressive ("are
    reporting"), nor a passive whose agent follows ("was denied by Brussels")."""
    return v >= 1 and toks[v - 1].low in _PASSIVE_AUX and not toks[v].low.endswith("ing") \
        and not (v + 1 < len(toks) and toks[v + 1].low == "by")


def _role_run_end(words: list[str], i: int) -> int:
    """The index after the lower-case role words from words[i] on ("chief" of "police chief Nico Afinta")."""
    while i < len(words) and words[i][:1].islower() and (words[i] in SPEAKER_NOUNS or words[i] in SPEAKER_MODIFIERS):
        i += 1
    return i


_ROLE_JOINERS: Final = LEXICON.rule_words("speech", "role_joiners")
_PARTICIPLE_LINKS: Final = LEXICON.rule_words("speech", "participle_links")


@lru_cache(maxsize=4096)
def split_name_role(speaker: str) -> tuple[str, str | None]:
    """'UN High Commissioner for Human Rights Volker Turk' → ('Volker Turk', 'UN High Commissioner for ...')."""
    if known_reporter(speaker):
        return speaker, None
    words = speaker.split()
    # name first, then "the <role>": "Hamza Khatib the manager of Al-Quds hospital"
    for idx, w in enumerate(words):
        if idx >= 2 and all(_name_word(x) for x in words[:idx]) and not any(
                x.lower().replace("’", "'").endswith(_POSSESSIVE_SUFFIXES) for x in words[:idx]) and (w.lower() in ARTICLES or (w[:1].islower() and w.lower() in SPEAKER_NOUNS)) \
                and not (len(words) > (r := _role_run_end(words, idx + 1)) and all(
                    x[:1].isupper() and not x.isupper() and x.lower() not in SPEAKER_NOUNS and x.lower() not in _ROLE_CAPS
                    for x in words[r:])):
            # (but "South Kivu governor Jean-Jacques Purusi", "East Java police chief Nico Afinta": a place, its
            # role, then the name)
            # ("Alexey Navalny's mother": the mother speaks, the name is whose she is; "South Sudan's Jonglei
            # governor": a place's, no name at all)
            # "Hamza Khatib the manager of ...", "Jens Laerke spokesman for OCHA": a name, then its role
            return " ".join(words[:idx]), " ".join(words[idx:])
        if not w[:1].isupper() and w.lower() not in _NAME_PARTICLES:
            break
    # role first, then a name: trailing capitalised words after the last role/organisation word
    tail: list[str] = []
    for i in range(len(words) - 1, -1, -1):
        w = words[i]
        lw = w.lower().strip(",")
        if (w[:1].isupper() or lw in _NAME_PARTICLES or lw.startswith("al-")) and lw not in SPEAKER_NOUNS \
                and lw not in SPEAKER_MODIFIERS and lw not in _ROLE_CAPS \
                and not (lw.endswith(".") and lw[:-1] in _TITLE_ABBREV) and lw not in _RANK_ABBREV:
            # ("Lt. Col. Nadav Shoshani", "Lt Gen Inam Haider Malik": the ranks are the role's)
            tail.append(w)
            if i >= 1 and words[i - 1] in _ROLE_JOINERS and len(tail) >= 3:
                tail.pop()  # "Minister of Economy and Finance Choi Sang-mok": a word after "and" is the office's
                break
        else:
            break
    tail.reverse()
    if tail and tail[-1].lower() in _BODY_NAME_HEADS:
        return speaker, None  # "the Federal Road Safety Corps": a body's name, no person's
    if len(tail) >= 3 and tail[0].isupper() and tail[0].isalpha() and 3 <= len(tail[0]) <= 6 \
            and not tail[1].isupper() and tail[0].lower() not in COUNTRIES and not known_reporter(tail[0]):
        # "CCPO Muhammad Ijaz Khan", "SSP Ali Raza": an office's acronym before the name is the role
        return " ".join(tail[1:]), " ".join(words[: len(words) - len(tail) + 1])
    k = len(words) - len(tail) - 1  # the title word that ended the name, if any
    if tail and k >= 2 and words[k].lower() in _NAME_TITLES and _name_word(words[k - 1]) and (
            words[k - 2].lower() in SPEAKER_NOUNS or words[k - 2].lower() in _ROLE_CAPS):
        tail = words[k - 1 :]  # "President Hassan Sheikh Mohamud": a title word after a first name is in the name
    while tail and tail[0].lower() in _NAME_PARTICLES and not (tail[0][:1].isupper() and len(tail) >= 3):
        tail.pop(0)  # (a capitalised "Abdel", "Abu" opening a name of three words is its first word)
    rest = words[: len(words) - len(tail)]
    first_name_day = len(tail) >= 2 and tail[0].lower() in _WEEKDAYS and bool(rest) and rest[-1].lower() in SPEAKER_NOUNS
    if tail and (tail[0].lower() in _CAP_STOP or tail[0].lower() in NP_PREPS) and not first_name_day:
        # ("council chairman Monday Kassah": a weekday after a role and before a surname is a first name)
        return speaker, None
    if tail and rest and (rest[-1].lower() in ARTICLES or rest[-1].lower() in NP_PREPS):
        return speaker, None  # "the director of the British Museum": a name never follows "of the"
    if tail and rest and len(tail) == 1 and rest[-1][:1].isupper() and rest[-1].lower().endswith(_PLURAL_S) \
            and rest[-1].lower() in SPEAKER_NOUNS:
        return speaker, None  # "Sudan Doctors Syndicate": a capitalised plural names an organisation, no role
    if len(tail) == 1 and (tail[0].lower() in COUNTRIES or (
            rest and rest[-1][:1].isupper() and rest[-1].lower() in _BODY_NAME_HEADS)):
        # "Amnesty International Kenya": a body's national branch; "Capital City Police Peshawar": a body's city
        return speaker, None
    if tail and rest and (len(tail) >= 2 or rest[-1].lower() in _ROLE_CAPS or rest[-1].lower() in SPEAKER_NOUNS):
        if len(tail) > 4:
            return speaker, None
        return " ".join(tail), " ".join(rest)
    return speaker, None


_ROLE_CAPS: Final = LEXICON.rule_words("speech", "role_caps")
_BODY_NAME_HEADS: Final = LEXICON.rule_words("speech", "body_name_heads")
_WEEKDAYS: Final = LEXICON.words("weekdays")
_NAME_TITLES: Final = LEXICON.rule_words("speech", "name_titles")  # "Hassan Sheikh Mohamud": a title inside a name
_PLURAL_S: Final = "s"  # morphology: "Doctors", "Teachers"
