"""Casualty figures: which numbers count people harmed, with outcome, victim group, perpetrator and place.

Works sentence by sentence on tokens; attribution (reported_by) is chosen by attribution.choose_act.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from typing import Final

from crawler.extract.attribution import choose_act, display_reporter
from crawler.extract.lexicon import (
    ACTOR_NOUNS,
    AID_MODIFIERS,
    ARMED_GROUPS,
    ARTICLES,
    AUX,
    BLOCK_AFTER,
    BLOCK_BEFORE,
    GROUP_OF,
    INCREMENT_AFTER,
    INCREMENT_BEFORE,
    INCREMENT_LINK,
    KIN_GROUPS,
    LEXICON,
    MEDICAL_MODIFIERS,
    NON_PERSON,
    NP_PREPS,
    NP_STOP,
    NUMBER_OF_OUTCOME,
    OUTCOME_AFTER,
    OUTCOME_BEFORE,
    OUTCOME_NOUN_OF,
    PROJECTION,
    PRONOUNS,
    SPEECH_VERBS,
    STATE_MODIFIERS,
    TIME_WORDS,
    TOLL_LINK,
    TOLL_WORDS,
    WEAPON_EVENT,
    word_pattern,
)
from crawler.extract.numbers import NumberMention, not_a_count
from crawler.extract.records import Figure
from crawler.extract.sentences import Token
from crawler.extract.speech import (
    LIVES_NOUNS,
    LIVES_VERBS,
    TOLL_COMPOUNDS,
    SpeechAct,
    adverb,
    passive_verb,
    split_name_role,
)

_FILLERS: Final = LEXICON.rule_words("figures", "fillers")
_TOLL_CAUSE_PREPS: Final = LEXICON.rule_words("figures", "toll_cause_preps")
_MEMBER_HEADS: Final = LEXICON.rule_words("figures", "member_heads")
_WITH_NOT_AGENT: Final = LEXICON.rule_words("figures", "with_not_agent")
_SUBSET_LEFT: Final = LEXICON.rule_words("figures", "subset_left")
_SUBSET_OBJ: Final = LEXICON.rule_words("figures", "subset_obj")
_VERBISH_KEEP: Final = LEXICON.rule_words("figures", "verbish_keep")
_PASSIVE_AUX: Final = LEXICON.rule_words("figures", "passive_aux")
_PRESENT_MODALS: Final = LEXICON.rule_words("figures", "present_modals")
_BURIED: Final = LEXICON.rule_words("figures", "buried_words")
_INVERTED_TOLL_VERBS: Final = LEXICON.rule_words("figures", "inverted_toll_verbs")
_MARTYRDOM_VERBS: Final = LEXICON.rule_words("figures", "martyrdom_verbs")
_MARTYRDOM_NOUNS: Final = LEXICON.rule_words("figures", "martyrdom_nouns")
_SENTENCE_ENDS: Final = (".", "!", "?", '"', "”", "'", "’", ")")
_BURIED_TRAPPED: Final = LEXICON.rule_words("figures", "buried_trapped")
_AS_CLAUSE: Final = re.compile(  # "as" and no participle ("counted as killed") nor its own phrase ("as many as")
    r"\sas\s+(?!" + word_pattern(LEXICON.rule_words("figures", "as_not_clause")) + r"\b)(?![a-z]+ed\b)[A-Za-z]")
_PRESENT_MODAL_VERBS: Final = LEXICON.rule_words("figures", "present_modal_verbs")
_ACTIVE_OUTCOMES: Final = LEXICON.rule_words("figures", "active_outcomes")
_DETERMINERS: Final = LEXICON.rule_words("figures", "determiners")
_PERP_CUT: Final = LEXICON.rule_words("figures", "perp_cut")
_PERP_SKIP_LEFT: Final = LEXICON.rule_words("figures", "perp_skip_left")
_SUBJECT_STOPS: Final = LEXICON.rule_words("figures", "subject_stops")
_PASSIVE_STOPS: Final = LEXICON.rule_words("figures", "passive_stops")
_NOT_ACTOR: Final = LEXICON.rule_words("figures", "not_actor")
_PLACE_STOP: Final = LEXICON.rule_words("figures", "place_stop")
_WEEKDAY: Final = re.compile(r"\b(?:on\s+)?(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_AS_OF: Final = re.compile(r"\bas of ([^,.;]{3,40})", re.IGNORECASE)


@dataclass(slots=True)
class _Found:
    mention: NumberMention
    index: int
    outcome: str
    group: str
    origin: str  # after | before | toll | subset | conj
    verb_index: int = -1  # token index of the outcome word (for perpetrator search)
    np: list[Token] = field(default_factory=list)
    perpetrator: str | None = None
    rule: str = ""  # the named rule that found it (Figure.rule)


_VIA_RULE: Final = {"own": "outcome_after", "coord": "coordinated_outcome", "among": "among_outcome"}


def _after_rule(via: str) -> str:
    return _VIA_RULE.get(via, "outcome_after")


@dataclass(slots=True)
class Context:
    """What carries over between sentences of one text."""

    acronyms: dict[str, str]
    source_org: str | None
    original: str  # the caller's text (digits not normalised), for the sentence field
    last_reporter: str | None = None
    last_outcome: tuple[str, str | None] | None = None  # (outcome, perpetrator) of the last figure found


def sentence_figures(text: str, s_start: int, s_end: int, toks: list[Token], mentions: list[NumberMention],
                     acts: list[SpeechAct], ctx: Context, countable: list[bool] | None = None) -> list[Figure]:
    """Figures among the mentions of one sentence (tokens and acts belong to that sentence).

    countable: not_a_count already decided per mention by the caller (None: decided here).
    """
    if not mentions:
        return []
    by_first: dict[int, int] = {}
    spans: list[tuple[int, int]] = []
    ti = 0
    n = len(toks)
    for mi, m in enumerate(mentions):
        while ti < n and toks[ti].end <= m.start:
            ti += 1
        first = ti
        stop = first
        while stop < n and toks[stop].start < m.end:
            stop += 1
        spans.append((first, stop))  # tokens [first, stop) make up the phrase
        by_first[first] = mi
        # the number token itself (after a qualifier) also starts the mention for coordination lookups
        k = first
        while k < stop and toks[k].start < m.num_start:
            k += 1
        by_first.setdefault(k, mi)
    found: list[_Found | None] = []
    blocked: list[bool] = []
    if countable is None:
        countable = [not not_a_count(text, m) for m in mentions]
    barrier = -1  # end of the previous figure (or blocked mention): a toll phrase never reaches past it
    last: _Found | None = None
    for mi in range(len(mentions)):
        first = spans[mi][0]
        if not countable[mi] or first >= n:
            found.append(None)
            blocked.append(False)
            continue
        res, block = _classify(text, toks, mentions, spans, by_first, mi, last, blocked, barrier,
                               ctx.last_outcome if last is None else None)
        found.append(res)
        blocked.append(block)
        if res is not None or block:
            barrier = spans[mi][1]  # "the death toll from several attacks rose to 45": no figure, no barrier
        if res is not None:
            last = res
    figures: list[Figure] = []
    whole: Figure | None = None  # the last figure that is no named part of another ("including 14 soldiers")
    sentence = ctx.original[s_start:s_end]
    all_acts = sorted(acts, key=lambda a: a.verb_start)
    act_pos = [a.verb_start for a in all_acts]
    headline = not sentence.rstrip().endswith(_SENTENCE_ENDS)  # no closing mark: a headline's words
    as_of = _as_of(sentence) if any(f is not None for f in found) else None
    lowered = any(f is not None for f in found) and _lowered(toks)  # the sentence's, once for its figures
    starts = [t.start for t in toks] if all_acts and any(f is not None for f in found) else []
    acted: _Found | None = None  # the last count of an active verb ("it had killed 300 rebels")
    for f in found:
        if f is None or (f.outcome == "displaced" and f.group in _DEPLOYED_GROUPS):
            continue  # ("A team of 20 emergency responders left Reunion": sent, not driven out)
        if f.perpetrator is None and f.origin == "before" and f.verb_index >= 1:
            f.perpetrator = _pronoun_subject(toks, f.verb_index, all_acts)
            if f.perpetrator is None and acted is not None and toks[f.verb_index - 1].low == "and":
                f.perpetrator = acted.perpetrator  # "it had killed 300 rebels and captured 150 others": its too
        if f.origin == "before":
            acted = f
        m = f.mention
        lo_a = bisect.bisect_left(act_pos, m.start - 600)
        hi_a = bisect.bisect_right(act_pos, m.start + 600)
        act = choose_act(m.start, [
            a for a in all_acts[lo_a:hi_a] if not (a.start <= m.start < a.end)
            # "7 aid workers killed in Gaza strike; Netanyahu says ...": a speech act after a semicolon opens a
            # clause of its own and speaks for the figure before it only as a clause-final attribution
            and not (a.verb_start > m.end and not a.trailing and ";" in text[m.end : a.start])
            # "Pakistan declares emergency as flood deaths near 1,000": a headline's "as" clause is the writer's, and
            # a sentence's whose source closes it ("Marcos declared a state of calamity as the toll rose to 114, the
            # NDRRMC said")
            and not ((headline or any(b.trailing and b.verb_start > m.end for b in all_acts))
                     and a.verb_end <= m.start and not a.trailing and not a.according
                     and _AS_CLAUSE.search(text, a.verb_end, m.start) is not None)
            # "Police have said 30 people died, and more than 2,000 were injured, according to the health ministry":
            # the closing "according to" covers the clause it closes, not the one a speaker before opened
            and not (a.according and a.start > m.end and _AND_CLAUSE.search(text, m.end, a.start) is not None
                     and any(b.verb_end <= m.start and not (b.according or b.trailing or b.attribution_only or b.pronoun)
                             for b in all_acts))
        ])
        reporter: str | None = None
        cue: str | None = None
        toll_at = next((j for j in range(1, min(4, len(toks))) if toks[j].low in TOLL_WORDS), None) \
            if act is None and ctx.last_reporter and toks and toks[0].low in ARTICLES else None
        if toll_at is not None and all(t.low in _TOLL_STATES for t in toks[1:toll_at]):
            # "The toll includes 126 people killed by ...", "The provisional toll is 44 civilians killed": the toll
            # of the speaker just before
            reporter, cue = ctx.last_reporter, toks[toll_at].text
        if act is not None:
            cue = text[act.verb_start : act.verb_end]
            reporter = ctx.last_reporter if act.pronoun else act.speaker
            if act.pronoun is False and not act.according:
                name, _role = split_name_role(act.speaker)
                reporter = name
        if reporter and _BODY_ANAPHOR.fullmatch(reporter) is not None:
            # "Paramedics of the Mexican Red Cross took 14 wounded to hospital, the organisation said": the body
            # named before
            reporter = _named_body_before(ctx.original, act.start if act is not None else m.start) or reporter
        if reporter:
            reporter = display_reporter(reporter, ctx.acronyms)
        elif ctx.source_org:
            reporter = ctx.source_org
            cue = "source_org"
        place = _place(text, toks, spans[f.index][1], f)
        qualifier = m.qualifier if m.vague is None else "vague"
        first = spans[f.index][0]
        if qualifier == "exact" and f.rule == "toll_phrase" and first >= 1:
            qualifier = _TOLL_VERB_QUALIFIER.get(toks[first - 1].low, qualifier)  # "the toll nears 1,200"
        figures.append(Figure(
            number=m.value, number_max=m.value_max, qualifier=qualifier,
            vague=m.vague, outcome=f.outcome, victim_group=f.group, perpetrator=f.perpetrator,
            reported_by=reporter, place=place, as_of=as_of, sentence=sentence, start=m.start, end=m.end,
            rule=f.rule, reporter_cue=cue if reporter else None,
            increment=_increment(toks, spans[f.index], f.rule),
            corrects=_corrects(toks, spans[f.index][1], mentions, by_first),
            recalled=act is not None and _recalled(toks, starts, act.verb_start),
            lowered=lowered,
        ))
        e = _earlier(toks, spans[f.index], mentions, by_first, found)
        if e is None:
            e = _corrected(toks, spans[f.index][1], by_first, found)
        part = _part_of_count(toks, spans[f.index])
        if not part:
            whole = figures[-1]
        if e is not None:  # "739 people had been killed, up from 714 a week earlier": the reporter's former count
            # of the whole count, not of a part the sentence names in between ("305 people, including 27 children,
            # ..., raising the toll from 235")
            figures.append(_former_figure(whole if part and whole is not None else figures[-1], mentions[e]))
    if figures:
        for mi, f in enumerate(found):
            if f is None and countable[mi] and _former_count(toks, spans[mi][0]):
                # "..., revising upward its earlier figure of 184": the former count of the figure before it
                before = [x for x in figures if x.end <= mentions[mi].start]
                if before:
                    figures.append(_former_figure(before[-1], mentions[mi]))
    remember_speakers(ctx, all_acts)
    if last is not None:
        ctx.last_outcome = (last.outcome, last.perpetrator)
    return figures


_LOWERING: Final = tuple(w.split("_") for w in sorted(LEXICON.rule_words("figures", "lowering_words")))


def _lowered(toks: list[Token]) -> bool:
    """The sentence says a count was lowered ("revised down", "a lower number of injured than before"); in lower
    case ("Lower Shabelle" is a place)."""
    return any(t.text.islower() and _after_link(toks, j, _LOWERING) is not None for j, t in enumerate(toks))


def _corrects(toks: list[Token], last: int, mentions: list[NumberMention], by_first: dict[int, int]) -> int | None:
    """The earlier figure a correction names right after this one: "78 bodies had been recovered, not 79 as it
    announced", "132 wounded people, not 138", "lowered to 40, down from 52", "down from the 61 it reported"."""
    for j in range(last, min(len(toks), last + 16)):
        if toks[j].text in (".", ";") or j in by_first:
            return None  # the clause ends, or another number comes first
        k = _after_link(toks, j, _CORRECTION_LINKS)
        if k is not None and k in by_first:
            return mentions[by_first[k]].value
    return None


def _part_of_count(toks: list[Token], span: tuple[int, int]) -> bool:
    """The mention whose tokens are toks[span[0]:span[1]] is a part of a count named before it ("including 14
    soldiers", "32 people, two of them children, ...")."""
    first, last = span
    return (first >= 1 and toks[first - 1].low in _SUBSET_LEFT) or _of_them(toks, last)


def _of_them(toks: list[Token], last: int) -> bool:
    """ "of them", "of whom" follow the number whose tokens end before toks[last]: a part of a count."""
    return last + 1 < len(toks) and toks[last].low == "of" and toks[last + 1].low in _SUBSET_OBJ


def _former_figure(figure: Figure, em: NumberMention) -> Figure:
    """The figure's former count, at the mention that names it: the same reporter's, recalled, never tracked."""
    return replace(figure, number=em.value, number_max=em.value_max, vague=em.vague, start=em.start, end=em.end,
                   qualifier=em.qualifier if em.vague is None else "vague", rule="earlier_figure", increment=False,
                   corrects=None, recalled=True)


def remember_speakers(ctx: Context, acts: list[SpeechAct]) -> None:
    """The last named speaker, for the sentences after these acts ("he said")."""
    for a in acts:
        if not a.pronoun and not a.attribution_only:
            ctx.last_reporter = a.speaker if a.according else _name(a.speaker)


def _corrected(toks: list[Token], last: int, by_first: dict[int, int], found: list[_Found | None]) -> int | None:
    """The mention of the count a correction replaces ("45 dead rather than 54", "78 bodies, not 79 as it
    announced"), when it is no figure of its own: a numeric mention of the same dead, recalled."""
    for j in range(last, min(len(toks), last + 16)):
        if toks[j].text in (".", ";") or j in by_first:
            return None
        k = _after_link(toks, j, _CORRECTION_LINKS)
        if k is not None:
            return _unfound(k, by_first, found)
    return None


def _after_link(toks: list[Token], j: int, links: tuple[list[str], ...]) -> int | None:
    """The index right after one of the links ("up from", "rather than") standing at toks[j], and after an article
    that follows it ("down from the 61"); None when no link stands there."""
    for link in links:
        k = j + len(link)
        if [t.low for t in toks[j:k]] != link:
            continue
        if k < len(toks) and toks[k].low in ARTICLES:
            k += 1
        return k
    return None


def _unfound(k: int, by_first: dict[int, int], found: list[_Found | None]) -> int | None:
    """The mention that starts at toks[k], when it is no figure of its own."""
    return by_first[k] if k in by_first and found[by_first[k]] is None else None


def _attributed_actor(toks: list[Token], to: int) -> str | None:
    """The actor after "to" in "attributed N of the killings to X" (up to a comma, "and", or the clause's end)."""
    seg: list[Token] = []
    for t in toks[to + 1 : to + 9]:
        if not t.text[:1].isalnum() or t.low in _COORDINATORS:
            break
        seg.append(t)
    return _clean_actor(seg)


# how far after its figure an earlier count may stand, past the attribution: "52,000 people have fled ... since the
# attack on Macomia on May 10, the International Organization for Migration (IOM) said on Friday, up from 31,000"
EARLIER_REACH: Final = 40


def _earlier(toks: list[Token], span: tuple[int, int], mentions: list[NumberMention], by_first: dict[int, int],
             found: list[_Found | None]) -> int | None:
    """The mention of the earlier count a change of figure names after it, in its sentence: "739 people had been
    killed, up from 714 a week earlier", "down from the 61 it reported", "revised down to 253 from 359"."""
    first, last = span
    if first >= 1 and toks[first - 1].low == "to":
        j = last
        while j < len(toks) and j - last < 5 and (toks[j].text == "," or toks[j].low in _DATEISH_WORDS
                                                  or toks[j].low == "on"):
            j += 1  # "down to 41 on Wednesday, from 53 reported earlier"
        if (k := _after_link(toks, j, _FROM_LINK)) is not None:
            return _unfound(k, by_first, found)  # "to 253 from 359"
    for j in range(last, min(len(toks), last + EARLIER_REACH)):
        if toks[j].text in (".", ";") or (j in by_first and found[by_first[j]] is not None):
            return None  # the sentence ends, or another figure comes first
        k = _after_link(toks, j, _EARLIER_LINKS)
        if k is not None:
            return _unfound(k, by_first, found)
    return None


def _named_body_before(text: str, before: int) -> str | None:
    """The last body named by capitalised words before this point ("the Mexican Red Cross (Cruz Roja)"), within
    BODY_ANAPHOR_REACH characters."""
    names = [m.group(0).strip() for m in _NAMED_BODY.finditer(text, max(0, before - BODY_ANAPHOR_REACH), before)]
    return names[-1] if names else None


def _correction_aside_end(toks: list[Token], j: int) -> int | None:
    """After the comma at j, an aside that corrects the count before it (", and not eight as stated earlier,", ", not
    12 as first reported,"): the index after its closing comma."""
    k = j + 1
    if k < len(toks) and toks[k].low == "and":
        k += 1
    if k >= len(toks) or toks[k].low != "not":
        return None
    for x in range(k + 1, min(len(toks), k + 16)):
        if toks[x].text in (".", ";", ":"):
            return None
        if toks[x].text == ",":
            return x + 1
    return None


def _predicated(toks: list[Token], right: tuple[str, list[Token], int, bool, str]) -> bool:
    """The outcome after a counted noun is its clause's verb ("... had been killed", "... died"), not a participle
    that describes it ("the 19 people injured in the attack")."""
    return right[4] == "own" and (right[3] or toks[right[2]].low in _LATER_DEATH_VERBS)


def _dies_after(toks: list[Token], o: int) -> bool:
    """A verb of dying follows the outcome word o in its clause ("... injured in the attack died in hospital")."""
    for x in range(o + 1, min(len(toks), o + 10)):
        if toks[x].text in (".", ";", ",") or toks[x].low in _SPEECH_OR_LINK:
            return False
        if toks[x].low in _LATER_DEATH_VERBS:
            return True
    return False


def _former_count(toks: list[Token], first: int) -> bool:
    """toks[first] follows "its earlier figure of", "the previous toll of", "an initial estimate of"."""
    return first >= 3 and toks[first - 1].low == "of" and toks[first - 2].low in _FORMER_NOUNS \
        and toks[first - 3].low in _FORMER_ADJECTIVES


def _recalled(toks: list[Token], starts: list[int], verb_start: int) -> bool:
    """The speech verb that gives a figure is said to have spoken before: "the military had earlier said",
    "an earlier version of this statement gave", "Earlier, the ministry said" (within three words, same clause).
    starts: the tokens' start offsets."""
    v = bisect.bisect_left(starts, verb_start)
    for j in range(v - 1, max(-1, v - 4), -1):
        if toks[j].text in (",", ";", ":", "."):
            break
        if toks[j].low in _RECAP_ADVERBS:
            return True
    if v >= 1 and toks[0].low in _RECAP_ADVERBS and len(toks) > 1 and toks[1].text == ",":
        return True  # "Earlier, the ministry said ..."
    return any(toks[j].low in _RECAP_ADVERBS and toks[j + 1].low in _VERSION_NOUNS for j in range(max(0, v - 7), v - 1))


def _increment(toks: list[Token], span: tuple[int, int], rule: str) -> bool:
    """'another 5', 'a further 5', '5 more bodies', '5 new deaths', 'the toll rose by 5': added to an earlier count.

    A running total ('rose to 54', 'the toll stands at 54', '54 killed since ...') is not an increment.
    """
    first, last = span
    n = len(toks)
    if first >= 1 and toks[first - 1].low in INCREMENT_BEFORE:
        return True
    for j in range(last, min(n, last + 3)):  # "two of the wounded died", "three injured people died"
        if OUTCOME_AFTER.get(toks[j].low) == "injured" and _died_of_wounds(toks, j):
            return True
    if last < n and toks[last].low in INCREMENT_AFTER:
        return not (last + 1 < n and toks[last + 1].low == "than")  # "5 more than last year": a comparison
    return rule == "toll_phrase" and first >= 1 and toks[first - 1].low in INCREMENT_LINK


def _name(speaker: str) -> str:
    return split_name_role(speaker)[0]


# Categories a bare coordinated number inherits ("six children were killed and 15 injured"); broad
# ones (civilians, patients, crew members) are not carried over: the second count is often wider.
_DISTINCT_GROUPS: Final = frozenset("security_forces children women fighters militants journalists medical_staff aid_workers".split())
_BROAD_GROUPS: Final = LEXICON.rule_words("figures", "broad_groups")
_QUOTES: Final = frozenset("\"“”‘’'")
_KILL_WORDS: Final = LEXICON.rule_words("figures", "kill_words")
_HURT_WORDS: Final = LEXICON.rule_words("figures", "hurt_words")
_INCLUDE: Final = LEXICON.rule_words("figures", "include")
_STRONG_LINK: Final = LEXICON.rule_words("figures", "strong_link")
_AS_OK: Final = LEXICON.rule_words("figures", "as_ok")
_TO_OK: Final = LEXICON.rule_words("figures", "to_ok")
_RATE: Final = LEXICON.rule_words("figures", "rate")
_RATE_UNITS: Final = LEXICON.rule_words("figures", "rate_units")  # "a day", "a week": a rate after an article
_NOT_RATE_AFTER: Final = LEXICON.rule_words("figures", "not_rate_after")  # "a day after": a date, not a rate
_RATE_ARTICLES: Final = LEXICON.rule_words("figures", "rate_articles")  # "a day", never "the night"
_PARTICIPLE_ENDING: Final = "ing"  # morphology, not vocabulary: "sheltering", "working"
_NAME_SYMBOLS: Final = ("-", "&", "'", "’", ",", ";", "(")  # symbols inside an actor phrase or cut below
_DASHES: Final = ("-", "–", "—")
_PAST_ENDING: Final = "ed"  # morphology too: "died", "drowned"
_ADVERB_ENDING: Final = "ly"  # "instantly"
_COORDINATORS: Final = LEXICON.rule_words("figures", "coordinators")
_THREAT_NOUNS: Final = LEXICON.rule_words("figures", "threat_nouns")
_MONTHS: Final = LEXICON.rule_words("numbers", "months")  # "May" is a month, not a modal, written with its capital
_LIVES_KEPT_VERBS: Final = LEXICON.rule_words("figures", "lives_kept_verbs")
_LIFE_NOUNS: Final = LEXICON.rule_words("figures", "life_nouns")  # "the lives of", "the life of"
_AGE_WORDS: Final = LEXICON.rule_words("figures", "age_words")
_AGE_LINK: Final = LEXICON.rule_words("figures", "age_link")
_DISPLACE_BEFORE: Final = LEXICON.rule_words("figures", "displace_before")
_DISPLACE_CUE: Final = LEXICON.rule_words("figures", "displace_cue")
_PARTICLES: Final = LEXICON.rule_words("figures", "particles")
ARTICLE_SINGULAR: Final = LEXICON.rule_words("figures", "article_singular")
_OUTCOME_BEFORE_PHRASE: Final = LEXICON.table("outcome_before_phrase")
_TOLL_MODIFIER_GROUP: Final = LEXICON.table("toll_modifier_group")
_TOLL_VERB_QUALIFIER: Final = LEXICON.table("toll_verb_qualifier")  # "nears" → up_to  # "military" (death toll) → security_forces  # "rounded_up" → detained
_ABBREV: Final = LEXICON.rule_words("sentences", "abbrev")
_RELATIVE: Final = LEXICON.rule_words("figures", "relative")
_EVENT_RELATIVES: Final = LEXICON.rule_words("figures", "event_relatives")
_INFINITIVE_MARKERS: Final = LEXICON.rule_words("figures", "infinitive_markers")
_TIME_UNITS: Final = LEXICON.rule_words("figures", "time_units")
_AGE_FILLER: Final = LEXICON.rule_words("figures", "age_filler")
_RELATIVE_LIKE: Final = LEXICON.rule_words("figures", "relative") | LEXICON.rule_words("figures", "apposition_quantifiers")
_THEN_WORDS: Final = LEXICON.rule_words("figures", "then_words")
_FRONTED_PREPS: Final = LEXICON.rule_words("figures", "fronted_preps")  # "Of the dead, 12 were children"
_RATIO_LINK: Final = LEXICON.rule_words("figures", "ratio_link")
_THING_TAKING_VERBS: Final = LEXICON.words("thing_taking_verbs")
_BURY_VERBS: Final = LEXICON.rule_words("figures", "bury_verbs")
_FORCIBLY_TAKEN: Final = LEXICON.rule_words("figures", "forcibly_taken")
_PERSON_SUFFIXES: Final = tuple(sorted(LEXICON.words("person_suffixes")))
_RATIO_NUMBER_WORDS: Final = LEXICON.rule_words("figures", "ratio_number_words")
_SUBSET_AFTER: Final = LEXICON.rule_words("figures", "subset_after")  # "wounded 4 seriously": a subset of the wounded
_SKIP_QUAL: Final = LEXICON.rule_words("figures", "skip_qual")
_COUNT_WORDS: Final = frozenset(LEXICON.table("number_words"))
_ACTOR_DETERMINERS: Final = LEXICON.rule_words("figures", "actor_determiners")
_ACTOR_PRONOUNS: Final = LEXICON.rule_words("figures", "actor_pronouns")
_ADDITIONS: Final = LEXICON.rule_words("figures", "additions")
_AGENT_PREPS: Final = LEXICON.rule_words("figures", "agent_preps")
_AGENT_SUFFIXES_SHORT: Final = tuple(sorted(LEXICON.rule_words("figures", "agent_suffixes_short")))  # str.endswith takes a tuple
_ALTERNATIVES: Final = LEXICON.rule_words("figures", "alternatives")
_AMONG_OBJECTS: Final = LEXICON.rule_words("figures", "among_objects")
_APPOSITION_OPENERS: Final = LEXICON.rule_words("figures", "apposition_openers")
_ARTICLES_ONLY: Final = LEXICON.rule_words("figures", "articles_only")
_ASSAULT_VERBS: Final = LEXICON.rule_words("figures", "assault_verbs")
_EVENT_CLAUSE_LINKS: Final = LEXICON.rule_words("figures", "event_clause_links")
_CLAUSE_ASSAULT_VERBS: Final = LEXICON.rule_words("figures", "clause_assault_verbs")
_EVENT_VERBS: Final = LEXICON.rule_words("figures", "event_verbs")
_RECOVERED: Final = LEXICON.rule_words("figures", "recovered_words")
_EARLIER_LINKS: Final = tuple(w.split("_") for w in sorted(LEXICON.rule_words("figures", "earlier_links")))
_CORRECTION_LINKS: Final = tuple(w.split("_") for w in sorted(LEXICON.rule_words("figures", "correction_links")))
_FROM_LINK: Final = (["from"],)  # "revised down to 253 from 359"
_PARTICIPLE_ENDINGS: Final = tuple(sorted(LEXICON.rule_words("figures", "participle_endings")))
_ATTACK_VERBS: Final = LEXICON.rule_words("figures", "attack_verbs")
_BODY_NOUNS: Final = LEXICON.rule_words("figures", "body_nouns")
_COLLECTIVE_HEADS: Final = LEXICON.rule_words("figures", "collective_heads")
_COUNT_NOUNS: Final = LEXICON.rule_words("figures", "count_nouns")
_DEATH_NOUNS: Final = LEXICON.rule_words("figures", "death_nouns")
_DEMONYM_SUFFIXES: Final = tuple(sorted(LEXICON.rule_words("figures", "demonym_suffixes")))  # str.endswith takes a tuple
_ED_ADJECTIVES: Final = LEXICON.rule_words("figures", "ed_adjectives")
_FATE_UNKNOWN: Final = LEXICON.rule_words("figures", "fate_unknown")
_FIGHTER_NOUNS: Final = LEXICON.rule_words("figures", "fighter_nouns")
_FLEE_VERBS: Final = LEXICON.rule_words("figures", "flee_verbs")
_FLEE_WORDS: Final = LEXICON.rule_words("figures", "flee_words")
_FORCED_VERBS: Final = LEXICON.rule_words("figures", "forced_verbs")
_FUNCTION_WORDS: Final = LEXICON.rule_words("figures", "function_words")
_SINGULAR_OUTCOMES: Final = LEXICON.rule_words("figures", "singular_outcomes")
_DWELLING_VERBS: Final = LEXICON.rule_words("figures", "dwelling_verbs")
_DOING_VERBS: Final = LEXICON.rule_words("figures", "doing_verbs")
_TOLL_STATES: Final = LEXICON.rule_words("figures", "toll_states")
_DEPLOYED_GROUPS: Final = LEXICON.rule_words("figures", "deployed_groups")
_MISSING_BEFORE: Final = tuple(w.split("_") for w in sorted(LEXICON.rule_words("figures", "missing_before")))
_SINGULAR_FOLLOWERS: Final = LEXICON.rule_words("figures", "singular_outcome_followers")
_GENERIC_HEADS: Final = LEXICON.rule_words("figures", "generic_heads")
_HELD_OUTCOMES: Final = LEXICON.rule_words("figures", "held_outcomes")
_HOME_NOUNS: Final = LEXICON.rule_words("figures", "home_nouns")
_HOSTAGE_NOUNS: Final = LEXICON.rule_words("figures", "hostage_nouns")
_HELD_NOUNS: Final = LEXICON.rule_words("figures", "held_nouns")
_CUSTODY_NOUNS: Final = LEXICON.rule_words("figures", "custody_nouns")
_CUSTODY_PREPS: Final = LEXICON.rule_words("figures", "custody_preps")
_FORMER_NOUNS: Final = LEXICON.rule_words("figures", "former_nouns")
# "the organisation said": a body's generic noun pointing back at the body named before it
_BODY_ANAPHOR: Final = re.compile(r"(?:the|The)\s+(?:" + "|".join(sorted(LEXICON.rule_words("figures", "body_anaphors")))
                           + r")")
_NAMED_BODY: Final = re.compile(r"(?:[A-Z][\w'’-]+\s+){1,6}(?:" + "|".join(
    sorted(w.capitalize() for w in LEXICON.rule_words("figures", "named_body_heads"))) + r")\b(?:\s+\([^()]{1,40}\))?")
BODY_ANAPHOR_REACH: Final = 600
_LATER_DEATH_VERBS: Final = LEXICON.rule_words("figures", "later_death_verbs")
_SPEECH_OR_LINK: Final = LEXICON.rule_words("figures", "clause_breaks")
_FORMER_ADJECTIVES: Final = LEXICON.rule_words("figures", "former_adjectives")
_SWAP_NOUNS: Final = LEXICON.rule_words("figures", "swap_nouns")
_DYING_VERBS: Final = LEXICON.rule_words("figures", "dying_verbs")
_HARM_OUTCOMES: Final = frozenset(("killed", "injured", "casualties"))
_NP_QUOTES: Final = frozenset(("\"", "“", "'", "‘"))
_HOSTAGE_VERBS: Final = LEXICON.rule_words("figures", "hostage_verbs")
_DEATH_VERBS: Final = LEXICON.rule_words("figures", "death_verbs")
_CUSTODY_VERBS: Final = LEXICON.rule_words("figures", "custody_verbs")
_HOSPITAL_VERBS: Final = LEXICON.rule_words("figures", "hospital_verbs")
_HOSPITAL_NOUNS: Final = LEXICON.rule_words("figures", "hospital_nouns")
_HOSPITAL_PREPS: Final = LEXICON.rule_words("figures", "hospital_preps")
_SENDING_VERBS: Final = LEXICON.rule_words("figures", "sending_verbs")
_DEATH_DESTINATIONS: Final = LEXICON.rule_words("figures", "death_destinations")
_RESCUED_HEADS: Final = LEXICON.rule_words("figures", "rescued_heads")
_RECAP_ADVERBS: Final = LEXICON.rule_words("figures", "recap_adverbs")
_ATTRIBUTE_VERBS: Final = LEXICON.rule_words("figures", "attribute_verbs")
_VERSION_NOUNS: Final = LEXICON.rule_words("figures", "version_nouns")
_INCLUDING_WORDS: Final = LEXICON.rule_words("figures", "including_words")
_INJURY_NOUNS: Final = LEXICON.rule_words("figures", "injury_nouns")
_INJURY_VERBS: Final = LEXICON.rule_words("figures", "injury_verbs")
_KIN_UNITS: Final = LEXICON.rule_words("figures", "kin_units")
_LEFT_HOME_WORDS: Final = LEXICON.rule_words("figures", "left_home_words")
_MEMBER_MODIFIERS: Final = LEXICON.rule_words("figures", "member_modifiers")
_MEMBER_NOUNS: Final = LEXICON.rule_words("figures", "member_nouns")
_MEN_WORDS: Final = LEXICON.rule_words("figures", "men_words")
_PLURAL_ENDINGS: Final = tuple(sorted(LEXICON.rule_words("figures", "plural_endings")))
_NOT_ACTOR_HEADS: Final = LEXICON.rule_words("figures", "not_actor_heads")
_NOT_VERBS_ED_ING: Final = LEXICON.rule_words("figures", "not_verbs_ed_ing")
_NP_END_PREPS: Final = LEXICON.rule_words("figures", "np_end_preps")
_NUMBER_NOUNS: Final = LEXICON.rule_words("figures", "number_nouns")
_OF_PRONOUNS: Final = LEXICON.rule_words("figures", "of_pronouns")
_ORIGIN_PREPS: Final = LEXICON.rule_words("figures", "origin_preps")
_OTHER_WORDS: Final = LEXICON.rule_words("figures", "other_words")
_PERSONAL_POSSESSIVES: Final = LEXICON.rule_words("figures", "personal_possessives")
_PLACE_HEADS: Final = LEXICON.rule_words("figures", "place_heads")
_PLACE_PREPS: Final = LEXICON.rule_words("figures", "place_preps")
_PART_PLACE_PREPS: Final = LEXICON.rule_words("figures", "part_place_preps")
_DATEISH_WORDS: Final = LEXICON.rule_words("figures", "dateish_words")
_POLITY_NOUNS: Final = LEXICON.rule_words("figures", "polity_nouns")
_POSSESSIVES: Final = LEXICON.rule_words("figures", "possessives")
_REMOVAL_VERBS: Final = LEXICON.rule_words("figures", "removal_verbs")
_SEGMENT_LINKS: Final = LEXICON.rule_words("figures", "segment_links")
_SUBSET_OBJECTS: Final = LEXICON.rule_words("figures", "subset_objects")
_SUBSET_PREPS: Final = LEXICON.rule_words("figures", "subset_preps")
_TERRORIST_WORDS: Final = LEXICON.rule_words("figures", "terrorist_words")
_TOLL_DETERMINERS: Final = LEXICON.rule_words("figures", "toll_determiners")
_VERB_SUFFIXES: Final = tuple(sorted(LEXICON.rule_words("figures", "verb_suffixes")))  # str.endswith takes a tuple
_VICTIM_WORDS: Final = LEXICON.rule_words("figures", "victim_words")
_ADDITIVE_LINKS: Final = tuple(tuple(p.split()) for p in LEXICON.markers["additive_links"])
_WORKER_NOUNS: Final = LEXICON.rule_words("figures", "worker_nouns")


def _additive_link(toks: list[Token], k: int) -> int:
    """How many tokens ending at k make a multi-word "and" ("as well as", "in addition to"); 0 when none."""
    for words in _ADDITIVE_LINKS:
        n = len(words)
        if k + 1 >= n and toks[k].low == words[-1] and all(toks[k - n + 1 + i].low == w for i, w in enumerate(words)):
            return n
    return 0


def _classify(text: str, toks: list[Token], mentions: list[NumberMention], spans: list[tuple[int, int]],
              by_first: dict[int, int], mi: int, parent: _Found | None, blocked: list[bool],
              barrier: int, carried: tuple[str, str | None] | None = None) -> tuple[_Found | None, bool]:
    m = mentions[mi]
    first, last = spans[mi]
    # --- left context
    k = first - 1
    while k >= 0 and toks[k].low in _FILLERS:
        k -= 1
    left = toks[k].low if k >= 0 else ""
    link = _additive_link(toks, k) if k >= 1 else 0
    as_well_as = link > 1
    if as_well_as:
        left = "and"
        k -= link - 1
    if ((left in BLOCK_BEFORE or (left == "of" and k >= 1 and toks[k - 1].low in BLOCK_BEFORE))  # "the release of"
            and not any(toks[x].low in _HURT_WORDS for x in range(last, min(len(toks), last + 2)))) \
            or any(t.low == "population" for t in toks[max(0, k - 2) : k + 1]):
        return None, True  # people rescued, treated, evacuated: no toll; but "treated 858 wounded people", "treated 130
        # people injured in the fire" are one
    if left == "for" and k >= 1 and toks[k - 1].low in _SWAP_NOUNS:
        return None, True  # "in exchange for 1,900 Palestinian prisoners": exchanged, no toll
    if left in _AGE_WORDS or (k >= 1 and toks[k - 1].low in _AGE_WORDS and left in _AGE_LINK):
        return None, False  # "children aged under ten": an age
    if _ratio(toks, first, last, by_first):
        return None, False  # "one in 80 residents", "nine out of 10 people": a ratio
    if mi > 0 and blocked[mi - 1] and left in ("and", ","):
        own = _right(toks, mentions, spans, by_first, mi, depth=0)
        if not (own and own[3] and own[4] == "own"):
            return None, True  # "rescued 12 and 3 more", "60 killed per day and 500 wounded": the same frame
        # "... per hour and 40 more were injured on Tuesday": a clause of its own
    if last + 2 < len(toks) and toks[last].low == "of" and toks[last + 1].low == "the" and (last + 2) in by_first \
            and by_first[last + 2] > mi:
        whole = _right(toks, mentions, spans, by_first, by_first[last + 2], depth=1)
        if whole is not None and whole[0] != "killed" and _dies_after(toks, whole[2]):
            # "Five of the 19 people injured in the attack have since succumbed": five more dead
            return _Found(m, mi, "killed", _group(whole[1]) or "people", "after", whole[2], whole[1],
                          rule="part_died"), False
        if whole is not None and _predicated(toks, whole):
            # "241 of the 242 people on board had been killed": the verb is the part's; the whole is who was there
            return _Found(m, mi, whole[0], _group(whole[1]) or "people", "after", whole[2], whole[1],
                          rule="part_of_whole"), False
    if first >= 2 and toks[first - 1].low == "the" and toks[first - 2].low == "of" and mi > 0 \
            and spans[mi - 1][1] == first - 2:
        whole = _right(toks, mentions, spans, by_first, mi, depth=1)
        if whole is not None and _predicated(toks, whole):
            return None, False  # the 242 of "241 of the 242 people on board had been killed": a count of those there
    if m.value == 1 and left == "of" and k >= 1 and toks[k - 1].text[:1].isalpha() \
            and toks[k - 1].low not in OUTCOME_NOUN_OF and last + 1 < len(toks) and toks[last].low == "of" \
            and toks[last + 1].low in _ARTICLES_ONLY:
        return None, False  # "a relative of one of the missing": one person named, nobody counted
    np_after = _np_after(toks, last)
    if m.value == 1 and left == "of" and np_after and np_after[0].low in _KIN_UNITS:
        return None, False  # "ten members of one family": 'one' picks the family, it counts nobody
    group_after = _group(np_after)
    if group_after is not None and any(k + 1 >= len(p) and [t.low for t in toks[k + 1 - len(p) : k + 1]] == p
                                       for p in _MISSING_BEFORE):
        # "no news of more than 200 of its volunteers", "lost contact with 30 fishermen": out of reach, missing
        return _Found(m, mi, "missing", group_after, "before", k, np_after, rule="out_of_reach"), False
    # "the bodies of three hostages" is a death toll whatever the noun
    if left == "of" and k >= 1 and toks[k - 1].low in _BODY_NOUNS:
        if group_after is None:
            return None, False
        return _Found(m, mi, "killed", _hostages(toks, last, np_after, group_after), "before", k - 1, np_after,
                      rule="bodies_of"), False
    if parent is not None and parent.rule == "attributed_to" and left in ("and", ",") and last + 1 < len(toks) \
            and toks[last].low == "to":
        # "attributed 41 of the killings to the ELN and nine to the 33rd Front": the same count, another's share
        return _Found(m, mi, parent.outcome, parent.group, "subset", parent.verb_index, [], _attributed_actor(toks, last),
                      rule="attributed_to"), False
    if parent is not None and left == "and" and not np_after and last < len(toks) and toks[last].low == "by" \
            and parent.perpetrator is not None:
        # "96 were killed by government forces ... and at least 34 by Fano militias": the verb left out, its agent
        gapped = _Found(m, mi, parent.outcome, parent.group, "conj", parent.verb_index, [], rule="coordinated")
        gapped.perpetrator = _perp_passive(text, toks, last - 1)
        if gapped.perpetrator is not None:
            return gapped, False
    if parent is not None and left == "and" and not np_after and last + 1 < len(toks) and 0 <= parent.verb_index \
            and parent.verb_index + 1 < k and toks[parent.verb_index].low in OUTCOME_AFTER \
            and toks[last].low == toks[parent.verb_index + 1].low and toks[last].text.islower() \
            and toks[last + 1].is_cap and _no_verb_between(toks, parent.verb_index + 1, k):
        # "Seventy were killed in Tchoma Bangou and thirty in Zaroumdareye": the verb left out, the same place
        # phrase after each count
        return _Found(m, mi, parent.outcome, parent.group, "conj", parent.verb_index, [], parent.perpetrator,
                      rule="coordinated"), False
    if parent is not None and parent.origin == "before" and parent.perpetrator is not None and not np_after \
            and (actor := _gapped_actor(toks, spans[parent.index][1] + len(parent.np), first)) is not None:
        # "Federal troops killed at least 96 people and Fano fighters at least 34": the verb left out
        return _Found(m, mi, parent.outcome, parent.group, "conj", parent.verb_index, [], actor,
                      rule="coordinated"), False
    # --- right context: the counted noun phrase, auxiliaries, an outcome word
    r = _right(toks, mentions, spans, by_first, mi, depth=0)
    if r is None and parent is not None and (part := _breakdown_part(toks, k, last, np_after, group_after, parent,
                                                                        spans)) is not None:
        # "The dead numbered 31 — 11 women, six children and 14 men", "52 died — 31 on the left bank and 21 on the
        # right bank": the parts of the count before
        return _Found(m, mi, parent.outcome, part, "subset", parent.verb_index, np_after, parent.perpetrator,
                      rule="breakdown"), False
    if r is not None and r[4] == "coord" and parent is not None and left in _SUBSET_LEFT:
        r = None  # "56 dead including 11 children and dozens more wounded": the subset is of the dead
    if r is not None:
        outcome, np, o_idx, passive, via = r
        outcome = _final_outcome(toks, o_idx, outcome)
        if outcome != "killed" and last < len(toks) and toks[last].low == "of" and _dies_after(toks, o_idx):
            outcome = "killed"  # "one of the people injured in the attack died in hospital": one more dead
        prefer_left = left in OUTCOME_BEFORE and k >= 0 and not passive and via == "own"
        if prefer_left and parent is not None and parent.verb_index == k:
            prefer_left = False  # "3 Killed 40 Injured": the left word is the previous number's outcome
        if not prefer_left and (via == "own" or not _left_strong(toks, k, left)):
            if _rate_after(toks, o_idx):
                return None, True  # "60 killed per day and 500 wounded": the coordinated count is a rate too
            if _projection(toks, last, o_idx):
                return None, False
            if outcome in ("abducted", "detained", "missing", "displaced") and _released_after(toks, o_idx, by_first):
                return None, True
            group = _group(np)
            if group is None:
                return None, False
            if not np and parent is not None and parent.origin in ("after", "before") and k >= 0 \
                    and left in ("and", ",", "while", "with") and first - spans[parent.index][1] < 12 \
                    and (parent.group in _DISTINCT_GROUPS or parent.group not in _BROAD_GROUPS) \
                    and not _part_of_count(toks, spans[parent.index]):
                # "Three soldiers were killed and 14 wounded": the category noun is understood; not "civilians",
                # the broad group ("eight civilians had been killed and 35 injured" is the count that "46 others
                # were injured" continues: people both times, one series); nor a part named in an aside ("26
                # people, including 14 soldiers, were killed and 62 wounded": 62 of the 26's kind)
                group = parent.group
            f = _Found(m, mi, outcome, group, "after", o_idx, np, rule=_after_rule(via))
            if left in _ATTRIBUTE_VERBS and o_idx >= 0:
                # "attributed 41 of the killings it has documented to the ELN": whose the deaths are follows "to"
                to = next((x for x in range(o_idx + 1, min(len(toks), o_idx + 9)) if toks[x].low == "to"), None)
                if to is not None:
                    f.perpetrator = _attributed_actor(toks, to)
                    f.rule = "attributed_to"
                    return f, False
            f.perpetrator = _perp_passive(text, toks, o_idx) if o_idx >= 0 else None
            if f.perpetrator is None and left in OUTCOME_BEFORE and k >= 0:
                f.perpetrator = _perp_active(text, toks, k)
            if f.perpetrator is None and outcome == "detained" and (doer := _doer_of(text, toks, k)) is not None:
                f.perpetrator = doer  # "Police have made more than 1,000 arrests", "with police making 15 arrests"
            if f.perpetrator is None and parent is not None and (left in _SUBSET_LEFT or left in ("and", ",")):
                f.perpetrator = parent.perpetrator
            if f.perpetrator is None:
                f.perpetrator = _fronted_agent(toks, first)
            return f, False
    np = np_after
    group = group_after
    # --- "forced 4,000 villagers out of their homes", "drove 300 families from the town"
    if left in _DISPLACE_BEFORE and group is not None:
        after_np = last + len(np)
        if any(t.low in _DISPLACE_CUE for t in toks[after_np : after_np + 5]):
            f = _Found(m, mi, "displaced", group, "before", k, np, rule="displaced_phrase")
            f.perpetrator = _perp_active(text, toks, k)
            return f, False
    # --- "hacked to death 52 people", "took 1,133 people into custody": the verb's words around the count
    if left == "death" and k >= 2 and toks[k - 1].low == "to" and toks[k - 2].low in _DEATH_VERBS and group is not None:
        f = _Found(m, mi, "killed", group, "before", k - 2, np, rule="verb_phrase_before")
        f.perpetrator = _perp_active(text, toks, k - 2)
        return f, False
    if left in _CUSTODY_VERBS and group is not None and _into_custody(toks, last + len(np)):
        f = _Found(m, mi, "detained", group, "before", k, np, rule="verb_phrase_before")
        f.perpetrator = _perp_active(text, toks, k)
        return f, False
    # --- "has forcibly taken 19,500 children", "forcibly transferred 300 children": abducted
    if left in _FORCIBLY_TAKEN and k >= 1 and toks[k - 1].low == "forcibly" and group is not None and np \
            and _persons(np):
        f = _Found(m, mi, "abducted", group, "before", k, np, rule="verb_phrase_before")
        f.perpetrator = _perp_active(text, toks, k - 1)
        return f, False
    # --- a two-word verb right before the number: "rounded up 45 men"
    if left in _PARTICLES and k >= 1 and f"{toks[k - 1].low}_{left}" in _OUTCOME_BEFORE_PHRASE and group is not None \
            and not any(t.low in _RESCUED_HEADS for t in np):  # "picked up 442 survivors": rescued, not held
        f = _Found(m, mi, _OUTCOME_BEFORE_PHRASE[f"{toks[k - 1].low}_{left}"], group, "before", k - 1, np,
                   rule="verb_phrase_before")
        f.perpetrator = _perp_active(text, toks, k - 1)
        return f, False
    # --- "..., among the dead two children aged 16 and 17": a part named after the fronted outcome noun
    if left in NUMBER_OF_OUTCOME and k >= 2 and toks[k - 1].low in ARTICLES and toks[k - 2].low in _FRONTED_PREPS \
            and np and _counted_noun(np[0]) and group is not None:
        return _Found(m, mi, NUMBER_OF_OUTCOME[left], group, "subset", -1, np,
                      parent.perpetrator if parent else None, rule="of_the_dead"), False
    # --- an outcome verb right before the number: "killing 12", "wounded 30"
    if left in OUTCOME_BEFORE and k >= 0:
        if group is None or _rate_after(toks, last - 1 + len(np)):
            return None, False
        if k >= 1 and _projects(toks, k - 1):
            return None, False  # "famine could kill tens of thousands": what may happen
        if left in _THING_TAKING_VERBS and np and not _persons(np):
            return None, False  # "seized two explosive belts": things taken
        if left in _BURY_VERBS and not _people_bury(toks, k, last + len(np)):
            return None, False  # "the landslide buried 300 people", "buried 40 people under rubble": trapped
        outcome = OUTCOME_BEFORE[left]
        if left == "dead" and not (k >= 1 and toks[k - 1].low == "shot"):
            return None, False
        if left in _HURT_WORDS and k >= 2 and toks[k - 1].low in _ALTERNATIVES and toks[k - 2].low in _KILL_WORDS:
            outcome = "casualties"
        if parent is not None and parent.verb_index == k and last < len(toks) and toks[last].low in _SUBSET_AFTER:
            # "11 soldiers were wounded 4 seriously": the verb is the previous number's; this counts some of them
            return _Found(m, mi, parent.outcome, parent.group, "subset", k, np, parent.perpetrator,
                          rule="subset_detached"), False
        if outcome in _HARM_OUTCOMES:
            group = _hostages(toks, last, np, group)  # "executed three hostages": who was killed
        elif outcome == "detained" and last < len(toks) and toks[last].low in _HOSTAGE_NOUNS:
            outcome = "abducted"  # "holding 182 hostages": held against their will, not arrested
        f = _Found(m, mi, outcome, group, "before", k, np, rule="verb_before")
        f.perpetrator = None if left in _BURY_VERBS else _perp_active(text, toks, k)  # who buried them did not kill
        if f.perpetrator is None and parent is not None and parent.perpetrator and k >= 1 \
                and toks[k - 1].low in ("and", ","):
            # "X have killed 66 civilians ..., and displaced 120,000": coordinated verbs share the subject
            f.perpetrator = parent.perpetrator
        return f, False
    if left in LIVES_VERBS and last < len(toks) and toks[last].low in LIVES_NOUNS:
        f = _Found(m, mi, "killed", "people", "before", k, np, rule="lives_idiom")
        f.perpetrator = _perp_active(text, toks, k)
        return f, False
    if left == "of" and k >= 1:
        head = toks[k - 1].low
        if head in OUTCOME_NOUN_OF:
            if group is None:
                return None, False
            if head in _LIFE_NOUNS and (
                    any(t.low in _THREAT_NOUNS for t in toks[last + len(np) : last + len(np) + 4])
                    or any(t.low in _LIVES_KEPT_VERBS for t in toks[max(0, k - 4) : k - 1])):
                return None, False  # "the lives of 800,000 people at risk", "saved the lives of 40"
            f = _Found(m, mi, OUTCOME_NOUN_OF[head], group, "before", k - 1, np, rule="noun_of")
            f.perpetrator = _perp_passive(text, toks, last - 1 + len(np))
            return f, False
        if head == "fate" and any(t.low in _FATE_UNKNOWN for t in toks[last : last + 12]):
            return _Found(m, mi, "missing", group or "people", "before", k - 1, np, rule="fate_unknown"), False
    if left in _INCLUDE and any(t.low in _DEATH_NOUNS for t in toks[max(0, k - 4) : k]):
        if group is not None:  # ("X strikes killed 492 people, including 35 children": X's too)
            return _Found(m, mi, "killed", group, "toll", -1, np, parent.perpetrator if parent else None,
                          rule="toll_includes"), False
    # --- "... 11,300 people had died, but the ministry later put the figure at 3,958": the count before, told anew
    if left == "at" and k >= 3 and toks[k - 1].low in _FIGURE_NOUNS and toks[k - 2].low in ARTICLES \
            and toks[k - 3].low in _PUT_VERBS and not np and (parent is not None or carried is not None):
        outcome, perpetrator = (parent.outcome, parent.perpetrator) if parent is not None else carried  # type: ignore[misc]
        group = parent.group if parent is not None else "people"
        return _Found(m, mi, outcome, group, "toll", -1, np, perpetrator, rule="toll_phrase"), False
    # --- "the death toll rose to N"
    toll = _toll(toks, k, barrier) if left not in _TOLL_CAUSE_PREPS else None
    if toll is not None and left not in TOLL_LINK and _toll_link_after(toks, last, by_first):
        toll = None  # "the death toll from the attack on 3 villages rose to 40": 3 describes the toll, 40 is it
    if toll is not None:
        outcome, tgroup, t_idx = toll
        if np and group not in (None, "people"):
            tgroup = group
        if group is None and np:
            return None, False
        if _rate_after(toks, last - 1 + len(np)) or _dwelling_after(toks, last + len(np)):
            return None, False
        f = _Found(m, mi, outcome, tgroup, "toll", -1, np, rule="toll_phrase")
        # "the death toll from Israeli attacks rose to N": the cause named between toll word and number
        f.perpetrator = _perp_passive(text, toks, t_idx, stop=first)
        return f, False
    if left == "to" and not np and k >= 1 and toks[k - 1].low in _INVERTED_TOLL_VERBS:
        after = _toll_after(toks, last)  # "bringing to 26 the number of bodies it has recovered"
        if after is not None:
            return _Found(m, mi, after[0], after[1], "toll", -1, np, rule="toll_phrase"), False
    if r is not None:
        outcome, np2, o_idx, passive, via = r
        group = _group(np2)
        if group is not None and not _projection(toks, last, o_idx) and not _rate_after(toks, o_idx):
            f = _Found(m, mi, outcome, group, "after", o_idx, np2, rule="outcome_after_weak")
            f.perpetrator = _perp_passive(text, toks, o_idx)
            return f, False
        return None, False
    # --- "Heavy fighting killed 40. ... at least 15 of them were civilians": a subset of the last sentence's figure
    if parent is None and carried is not None and mi == 0 and last + 1 < len(toks) and toks[last].low == "of" \
            and toks[last + 1].low in _SUBSET_OBJ:
        j = last + 2
        while j < len(toks) and (toks[j].low in AUX or toks[j].low in TIME_WORDS) and j < last + 6:
            j += 1  # "15 of them were civilians"; "six of them had previously had their devices hacked": no noun
        noun = _np_after(toks, j) if j > last + 2 else np
        sub_group = _group(noun) if noun and _counted_noun(noun[0]) else None
        if sub_group is not None:
            return _Found(m, mi, carried[0], sub_group, "subset", -1, noun, carried[1],
                          rule="subset_previous_sentence"), False
    # --- "... stands at 84. Of them, 83 were police personnel": a part of the last sentence's figure
    if parent is None and carried is not None and left == "," and k == 2 and toks[0].low in _FRONTED_PREPS \
            and toks[1].low in _SUBSET_OBJ:
        aux_noun = _noun_after_aux(toks, last, 2)
        noun = np if aux_noun is None else aux_noun
        if noun and _counted_noun(noun[0]) and (part := _group(noun)) is not None:
            return _Found(m, mi, carried[0], part, "subset", -1, noun, carried[1],
                          rule="subset_previous_sentence"), False
    # --- "... died trying to reach Spain. Among them were 1,538 children": a part of the last sentence's figure
    if parent is None and carried is not None and k == 2 and toks[0].low == "among" and toks[1].low in _AMONG_OBJECTS \
            and toks[2].low in AUX and np and _counted_noun(np[0]) and (part := _group(np)) is not None:
        return _Found(m, mi, carried[0], part, "subset", -1, np, carried[1], rule="subset_previous_sentence"), False
    # --- "Of the dead, 12 were children": the outcome is named by the fronted phrase
    fronted = _fronted_outcome(toks, k, left)
    if fronted is None and parent is not None and (left in (",", "and") or left in _FRONTED_VERBS) \
            and _after_fronted_count(toks, spans, mi):
        fronted = parent.outcome  # "Of the 61 people killed in the bombing, 17 were children and nine were police"
    if fronted is not None:
        aux_noun = _noun_after_aux(toks, last, 3)
        noun = np if aux_noun is None else aux_noun
        if not noun or _counted_noun(noun[0]):
            return _Found(m, mi, fronted, _group(noun) or "people", "subset", -1, noun, rule="of_the_dead"), False
    # --- "the deaths of 532 civilians, killed by ..., as well as 118 members ...", "the killing of 166 ..., and of
    # 342 ...": a list after an outcome noun goes on past the participle clause of its first member
    if parent is not None and group is not None and parent.rule == "noun_of" and (
        as_well_as or (left == "of" and k >= 1 and toks[k - 1].low in ("and", ","))
    ) and not any(t.text in (".", ";", ":") or t.low in SPEECH_VERBS or t.low in _PASSIVE_AUX
                  for t in toks[spans[parent.index][1] : first]):
        f = _Found(m, mi, parent.outcome, group, "conj", parent.verb_index, np, rule="noun_of_list")
        f.perpetrator = _perp_passive(text, toks, last - 1 + len(np))
        return f, False
    # --- subsets and coordination inherit from the previous figure
    if parent is not None and group is not None:
        subset = left in _SUBSET_LEFT or (left in _SUBSET_OBJ and k >= 1 and toks[k - 1].low in _SUBSET_PREPS)
        of_them = _of_them(toks, last)
        # "Eleven soldiers were wounded, 4 seriously": how badly some of them were hurt
        how_badly = last < len(toks) and toks[last].low in _SUBSET_AFTER and not np
        if of_them and _freed_after(toks, last + 2):
            return None, False  # "rounded up at least 40 men ..., and 12 of them were released": freed, no count
        if of_them and parent.index < mi - 1 and not not_a_count(text, mentions[mi - 1]):
            # "24 had died and 237 had been rescued or evacuated, 167 of them by helicopter": part of the nearer
            # count, which is no toll
            return None, False
        if (of_them or how_badly) and left in (",", "-", "–", "—", "and", "with"):
            # "18 killed in the market strike, 6 of them children": a subset away from its head
            return _Found(m, mi, parent.outcome, parent.group if how_badly else group, "subset", parent.verb_index, np,
                          parent.perpetrator, rule="subset_detached"), False
        after_np = last + len(np)
        if after_np + 1 < len(toks) and toks[after_np].low == "among" and toks[after_np + 1].low in _SUBSET_OBJ:
            # "5,000 people died ..., there were about 210 children among them"
            return _Found(m, mi, parent.outcome, group, "subset", parent.verb_index, np, parent.perpetrator,
                          rule="subset_detached"), False
        if subset and not np:
            noun = _noun_after_aux(toks, last, 2) or []
            if noun and _counted_noun(noun[0]) and (named := _group(noun)) is not None:
                group, np = named, noun  # "risen to 64, of whom 14 were children"
        glued = bool(parent.np) and k >= 0 and toks[k] is parent.np[-1]  # "1733 children 969 women"
        if subset or glued or (left in ("and", ",", "plus")
                               and _no_verb_between(toks, spans[parent.index][1], first, parent.verb_index)
                               and not (after_np < len(toks) and (_own_predicate(toks[after_np])
                                                                  or toks[after_np].low in _PASSIVE_AUX
                                                                  or toks[after_np].low in BLOCK_AFTER))):
            if not np and not subset and parent.group != "people":
                group = parent.group  # "210 civilians in Herat and 95 in Badghis": the noun is understood
            return _Found(m, mi, parent.outcome, group, "subset" if subset else "conj", parent.verb_index, np,
                          parent.perpetrator, rule="subset" if subset else ("glued_list" if glued else "coordinated")), False
    if left == "and" and group is not None:
        # "shot and killed guitarist Darrell Abbott and three others"
        for kk in range(k - 1, max(-1, k - 9), -1):
            low = toks[kk].low
            if low in OUTCOME_BEFORE:
                if kk >= 1 and toks[kk - 1].low in AUX:
                    break  # "15 terrorists were killed and 22 motorbikes ... were seized": a passive, no object
                f = _Found(m, mi, OUTCOME_BEFORE[low], group, "before", kk, np, rule="shared_verb_object")
                f.perpetrator = _perp_active(text, toks, kk)
                return f, False
            if not toks[kk].text[:1].isalnum() or low in AUX or low in SPEECH_VERBS or kk in by_first:
                break
    return None, False


def _left_strong(toks: list[Token], k: int, left: str) -> bool:
    """The number has an outcome of its own on its left ('killing N', 'rose to N', 'the deaths of N')."""
    if k < 0:
        return False
    if left == "of" and k >= 1 and toks[k - 1].low in OUTCOME_NOUN_OF:
        return True
    return left in OUTCOME_BEFORE or left in _STRONG_LINK or left in _DISPLACE_BEFORE


def _doer_of(text: str, toks: list[Token], k: int) -> str | None:
    """Who made the arrests a count after toks[k] counts: the subject of "made", "carried out", "conducted" ("Police
    have made 1,000 arrests"), or the noun phrase before "making" after "with" ("with police making 15 arrests")."""
    if k >= 1 and toks[k].low == "out" and toks[k - 1].low in _DOING_VERBS:
        k -= 1
    if k < 1 or toks[k].low not in _DOING_VERBS or not toks[k].text.islower():
        return None
    if toks[k].low.endswith("ing"):
        j = k - 1
        while j >= 0 and toks[j].text[:1].isalpha() and toks[j].low != "with" and k - j <= 5:
            j -= 1
        return _clean_actor(toks[j + 1 : k]) if j >= 0 and toks[j].low == "with" else None
    return _perp_active(text, toks, k)


def _dwelling_after(toks: list[Token], j: int) -> bool:
    """The counted people are said to live somewhere ("the 100,000 people who live in precarious housing", "people
    living in the camps"): those who are there, not a toll."""
    if j < len(toks) and toks[j].low in _RELATIVE and toks[j].text.islower():
        j += 1
    return j < len(toks) and toks[j].low in _DWELLING_VERBS


def _rate_after(toks: list[Token], o: int) -> bool:
    """'killed per day', 'killed every hour': a rate, not a toll."""
    for i in range(o + 1, min(o + 4, len(toks))):
        t = toks[i]
        if t.low in _RATE:
            return True
        if t.low in _RATE_ARTICLES and i + 1 < len(toks) and toks[i + 1].low in _RATE_UNITS and not (
                i + 2 < len(toks) and toks[i + 2].low in _NOT_RATE_AFTER):
            return True  # "25 bodies a week", "60 killed a day" (not "a day after the truce", "a week ago")
        if not t.text[:1].isalnum():
            return False
    return False


def _no_verb_between(toks: list[Token], a: int, b: int, own_verb: int = -1) -> bool:
    if b - a > 14:
        return False
    for i in range(a, b):
        t = toks[i]
        if i == own_verb:
            continue  # "210 deaths in Herat and 95 in Badghis": the previous number's own outcome word
        low = t.low
        if low in _VERBISH_KEEP:
            continue
        if low in _PASSIVE_AUX or low in SPEECH_VERBS or low in OUTCOME_AFTER or low in (".", ";", ":"):
            return False
        if t.text[:1].islower() and (low.endswith("ed") or low.endswith("ing")) and low not in _NOT_VERBS_ED_ING:
            return False
    return True


def _np_word_ok(t: Token) -> bool:
    low = t.low
    return (t.text[:1].isalpha() and low not in NP_STOP and low not in AUX and low not in OUTCOME_BEFORE
            and low not in SPEECH_VERBS and not (t.text[:1].islower() and low.endswith(_VERB_SUFFIXES) and low not in GROUP_OF))


def _right(toks: list[Token], mentions: list[NumberMention], spans: list[tuple[int, int]],
           by_first: dict[int, int], mi: int, depth: int) -> tuple[str, list[Token], int, bool, str] | None:
    """Outcome after the number: (outcome, noun phrase, outcome token index, passive, via own|coord|among)."""
    first, last = spans[mi]
    n = len(toks)
    j = last
    np: list[Token] = []
    m = mentions[mi]
    while j < n and toks[j].text in _QUOTES:
        j += 1
    if j < n and (toks[j].low in INCREMENT_AFTER or toks[j].low in _OTHER_WORDS):
        if toks[j].low == "others":
            np.append(toks[j])
        j += 1
    if j + 1 < n and toks[j].low == "of" and toks[j + 1].low in _SUBSET_OBJECTS:
        j += 2
    elif j + 1 < n and toks[j].low == "of" and (m.vague or toks[j + 1].low in _POSSESSIVES):
        j += 1
        if toks[j].low in _POSSESSIVES:
            j += 1
    elif j + 2 < n and toks[j].low == "of" and toks[j + 1].low == "the" and toks[j + 2].low in OUTCOME_AFTER:
        j += 2  # "Nine of the dead were aid workers": a part of the dead, counted by the outcome noun
        if j + 2 < n and toks[j + 1].low in _PASSIVE_AUX:
            named = _np_after(toks, j + 2)
            if named and _counted_noun(named[0]) and _group(named) is not None:
                return _casualties(toks, j), named, j, False, "own"
    while j < n and len(np) < 7:
        t = toks[j]
        low = t.low
        k = None
        if not np and (low in _HOSTAGE_NOUNS or low in _HELD_NOUNS) and j + 1 < n:
            k = j + 1 if toks[j + 1].low in _DYING_VERBS else _aux_outcome_at(toks, j + 1)
        if k is not None and OUTCOME_AFTER[toks[k].low] not in ("abducted", "detained"):
            # "26 hostages were killed", "412 detainees died in custody": what happened to the hostages or the
            # detainees is the verb's, not their noun's
            return _casualties(toks, k), [t], k, True, "own"
        if not np and low in _HOSTAGE_NOUNS and j + 2 < n and toks[j + 1].text in (",", "and") \
                and (j + 2) in by_first and depth < 3:
            # "21 hostages, 33 militants killed": the list's outcome is the hostages' too
            listed = _right(toks, mentions, spans, by_first, by_first[j + 2], depth + 1)
            if listed is not None and listed[0] != "abducted":
                return listed[0], [t], listed[2], listed[3], "coord"
        if low in _SINGULAR_OUTCOMES and m.value == 1 and not np and (
                j + 1 >= n or not toks[j + 1].text[:1].isalpha() or toks[j + 1].low in _SINGULAR_FOLLOWERS):
            # "one death in Oddar Meanchey", "one fatality and 12 injuries" (not "five death sentences", "one death
            # squad")
            return "killed", [], j, False, "own"
        if low in OUTCOME_AFTER and low != "lives":
            nxt = by_first.get(j + 1)
            if np and low in _ACTIVE_OUTCOMES and j + 1 < n and (
                toks[j + 1].low in _DETERMINERS or nxt is not None or toks[j + 1].low in GROUP_OF
            ) and not (nxt is not None and spans[nxt][1] < n and toks[spans[nxt][1]].low in _SUBSET_AFTER):
                # "Four gunmen abducted three ...": the number counts the agents (but "11 soldiers wounded 4
                # seriously" counts the wounded, 4 of them seriously)
                return None
            return _casualties(toks, j), np, j, False, "own"
        if t.text in _QUOTES:
            j += 1
            continue
        if np and low in _AGE_WORDS:
            # "children aged under ten", "men aged 18 to 40": an age phrase inside the counted noun phrase
            j += 1
            while j < n and (toks[j].low in _AGE_LINK or j in by_first or toks[j].text[:1].isdigit()
                             or toks[j].low in _AGE_FILLER):
                j += 1
            continue
        if np and t.text[:1].islower() and low not in NP_STOP:
            multi = _multiword_outcome(toks, j)
            if multi:
                return multi, np, j, False, "own"  # "42 migrants lost their lives"
        if t.text == "," and np and _aux_then_outcome(toks, j + 1):
            j += 1  # "between 60,000 and 80,000 households, some 400,000 people, had fled": the closing comma
            continue
        if t.text == "," and np and (after_aside := _correction_aside_end(toks, j)) is not None:
            j = after_aside  # "seven suspects, and not eight as stated in its release, had been arrested"
            continue
        if not t.text[:1].isalnum():
            skip = _skip_parenthetical(toks, j)
            if skip is not None:
                j = skip
                continue
            break
        if low in _INCLUDING_WORDS or (low == "among" and j + 1 < n and toks[j + 1].low in _AMONG_OBJECTS):
            kk = j + (2 if low == "among" else 1)
            limit = min(n, j + 14)
            while kk < limit and toks[kk].low not in _PASSIVE_AUX and toks[kk].low not in OUTCOME_AFTER \
                    and toks[kk].text not in (".", ";", ":") and toks[kk].low not in SPEECH_VERBS:
                kk += 1
            if kk < limit and (toks[kk].low in _PASSIVE_AUX or toks[kk].low in OUTCOME_AFTER) and (np or low == "among"):
                j = kk  # "17 people including 4 children were killed", "a further nine among them eight women were"
            break
        if low in _RELATIVE_LIKE and np and low not in _RELATIVE:
            rel_end = _relative_clause_end(toks, j - 1, by_first)  # "17 people most of them fighters were killed"
            if rel_end is not None:
                j = rel_end
                break
        if low in _RELATIVE and np:
            if j + 2 < n and toks[j + 1].low in _INJURY_VERBS and toks[j + 2].low in _INJURY_NOUNS:
                return "injured", np, j + 2, True, "own"
            rel_end = _relative_clause_end(toks, j, by_first)
            j = rel_end if rel_end is not None else j + 1
            break
        if low in _COORDINATORS and np and j + 2 < n and toks[j + 1].low in _ARTICLES_ONLY:
            # "five women and a little girl were among the dead": a one of its own joined to the count
            kk = j + 2
            while kk < min(n, j + 6) and toks[kk].text.isalpha() and toks[kk].text.islower() \
                    and toks[kk].low not in _PASSIVE_AUX and toks[kk].low not in OUTCOME_AFTER:
                kk += 1
            if kk > j + 2 and kk < n and toks[kk].low in _PASSIVE_AUX:
                j = kk
                break
        if low in _ALTERNATIVES and np and j + 1 < n and _np_word_ok(toks[j + 1]) and (j + 1) not in by_first \
                and (toks[j + 1].is_cap or toks[j + 1].low in GROUP_OF or toks[j + 1].low in STATE_MODIFIERS
                     or toks[j + 1].low in _MEMBER_MODIFIERS or _plural_before_outcome(toks, j + 1)):
            np.append(t)
            j += 1
            continue
        if low == "the" and np and np[-1].low == "of":
            j += 1
            continue
        if low == "of" and np and np[-1].low in _MEMBER_NOUNS and j + 1 < n and toks[j + 1].text[:1].isalpha() \
                and ((j + 1) not in by_first or toks[j + 1].low == "one"):
            np.append(t)  # "members of the U.S. military": the group is named after "of"
            j += 1
            continue
        if low in _NP_END_PREPS and np:
            kk = j + 1
            limit = min(n, j + 9)
            while kk < limit and toks[kk].text[:1].isalnum() and toks[kk].low not in _PASSIVE_AUX \
                    and kk not in by_first and toks[kk].low not in SPEECH_VERBS and toks[kk].low not in OUTCOME_AFTER:
                kk += 1
            if kk < limit and toks[kk].text == "," and (aside_end := _skip_parenthetical(toks, kk)) is not None:
                kk = aside_end  # "23 girls from Camp Mystic, a summer camp on the river, were unaccounted for"
                limit = min(n, kk + 1)
            if kk < limit and toks[kk].low in _PASSIVE_AUX:
                k2 = kk
                while k2 < n and toks[k2].low in AUX and k2 - kk < 5:
                    k2 += 1
                if k2 < n and toks[k2].low in OUTCOME_AFTER:
                    j = kk
            elif kk < limit and _finite_outcome_verb(toks, kk) and not any(
                    toks[x].low in _COORDINATORS for x in range(j + 1, kk)):
                j = kk  # "157 people aboard the plane died": the outcome verb right after the phrase's preposition
            break
        if low in NP_STOP or low in AUX or t.text[:1].isdigit() or low in SPEECH_VERBS \
                or (j in by_first and not (low == "one" and np and np[-1].low == "of")):
            break
        if np and t.text.islower() and low.endswith(_PARTICIPLE_ENDING) and len(low) > 5 and low not in GROUP_OF:
            # "12 people sheltering in a school were killed", "5 people working with WCK killed in Gaza": a
            # participle clause after the counted noun; the outcome comes after it
            kk = j + 1
            limit = min(n, j + 10)
            while kk < limit and toks[kk].text[:1].isalnum() and toks[kk].low not in _PASSIVE_AUX \
                    and kk not in by_first and toks[kk].low not in SPEECH_VERBS and toks[kk].low not in OUTCOME_AFTER:
                kk += 1
            if kk < limit and (toks[kk].low in _PASSIVE_AUX or toks[kk].low in OUTCOME_AFTER):
                j = kk
            break
        np.append(t)
        j += 1
    # auxiliaries: "were reportedly", "have been", "are feared", "believed to be", "listed as"
    c = 0
    aux_seen = False
    while j < n and c < 6:
        low = toks[j].low
        prev = toks[j - 1].low if j > 0 else ""
        if low == "among" and not (j + 1 < n and toks[j + 1].low in _AMONG_OBJECTS):
            break  # "were among (at least) 48 people killed": the subset link, handled below
        if low == "left" and _multiword_outcome(toks, j):
            break  # "have left the country": an outcome, not the auxiliary of "were left dead"
        if low in AUX or (low == "to" and prev in _TO_OK) or (low == "as" and prev in _AS_OK) \
                or (aux_seen and low.endswith("ly") and toks[j].text[:1].islower() and low not in OUTCOME_AFTER):
            j += 1
            c += 1
            aux_seen = True
            continue
        break
    if j < n:
        low = toks[j].low
        if low in OUTCOME_AFTER and low != "lives":
            if not aux_seen and np and low in _ACTIVE_OUTCOMES and j + 1 < n and (
                toks[j + 1].low in _DETERMINERS or (j + 1) in by_first or toks[j + 1].low in GROUP_OF
            ):
                return None
            return _casualties(toks, j), np, j, True, "own"
        multi = _multiword_outcome(toks, j)
        if multi:
            return multi, np, j, True, "own"
        if low == "among" and j + 1 < n:
            det = toks[j + 1].low
            if det in _TOLL_DETERMINERS and j + 2 < n and toks[j + 2].low in NUMBER_OF_OUTCOME:
                return NUMBER_OF_OUTCOME[toks[j + 2].low], np, j + 2, True, "own"
            if det in _TOLL_DETERMINERS and j + 2 < n and toks[j + 2].low in OUTCOME_AFTER:
                return OUTCOME_AFTER[toks[j + 2].low], np, j + 2, True, "own"
            k = j + 1
            while k < n and toks[k].low in _SKIP_QUAL:
                k += 1
            if k in by_first and depth < 3:
                r = _right(toks, mentions, spans, by_first, by_first[k], depth + 1)
                if r:
                    return r[0], np, r[2], True, "among"
        if low in ("and", "or", ",", "plus") and depth < 3 and not aux_seen:
            k = j + 1
            while k < n and toks[k].low in _SKIP_QUAL:
                k += 1
            if k in by_first:
                r = _right(toks, mentions, spans, by_first, by_first[k], depth + 1)
                if r:
                    return r[0], np, r[2], True, "coord"
            elif low in _ADDITIONS and j + 2 < n and toks[j + 1].low in ARTICLE_SINGULAR:
                o = _singular_then_outcome(toks, j + 2)
                if o is not None:
                    return _casualties(toks, o), np, o, True, "coord"
    return None


def _plural_before_outcome(toks: list[Token], k: int) -> bool:
    """A plural noun no group names, right before the outcome, with at most two lower-case modifiers before it:
    "287 pupils and teachers were abducted", "178 journalists and media workers killed", "181 social leaders and
    human rights defenders were murdered"."""
    for i in range(k, min(len(toks) - 1, k + 3)):
        t = toks[i]
        if not (t.text.isalpha() and t.text.islower()) or t.low in NP_STOP or t.low in AUX or t.low in OUTCOME_AFTER:
            return False
        if (t.low.endswith(_PLURAL_ENDINGS) or t.low in GROUP_OF) and (
                _aux_then_outcome(toks, i + 1) or toks[i + 1].low in OUTCOME_AFTER):
            return True
    return False


def _aux_then_outcome(toks: list[Token], k: int) -> bool:
    """True when auxiliaries and then an outcome word start at k ("had fled", "were killed")."""
    return _aux_outcome_at(toks, k) is not None


def _aux_outcome_at(toks: list[Token], k: int) -> int | None:
    """The index of the outcome word after the auxiliaries that start at k ("were killed"), else None."""
    start = k
    while k < len(toks) and toks[k].low in AUX and k - start < 4:
        k += 1
    return k if start < k < len(toks) and toks[k].low in OUTCOME_AFTER else None


def _singular_then_outcome(toks: list[Token], k: int) -> int | None:
    """'... and a driver died': after an implicit singular's noun phrase, the index of its outcome word."""
    n = len(toks)
    end = min(n, k + 4)
    while k < end and _np_word_ok(toks[k]):
        k += 1
    c = 0
    while k < n and toks[k].low in AUX and c < 4:
        k += 1
        c += 1
    return k if k < n and toks[k].low in OUTCOME_AFTER and toks[k].low != "lives" else None


def _counted_noun(t: Token) -> bool:
    """A noun that can name who was counted ('civilians'), not a participle ('released') or a release word."""
    return t.low not in BLOCK_AFTER and not (t.text[:1].islower() and t.low.endswith("ed") and t.low not in GROUP_OF)


def _fronted_outcome(toks: list[Token], k: int, left: str) -> str | None:
    """'Of the dead, 12 were children', 'Among the wounded, 5 are in critical condition', 'Among the dead were 10
    women': the fronted noun's outcome."""
    if (left != "," and left not in _FRONTED_VERBS) or k < 3:
        return None
    for i in range(k - 1, max(-1, k - 6), -1):
        low = toks[i].low
        if low in NUMBER_OF_OUTCOME and i >= 2 and toks[i - 1].low in ARTICLES and toks[i - 2].low in _FRONTED_PREPS:
            return NUMBER_OF_OUTCOME[low]
        if not toks[i].text[:1].isalpha():
            return None
    return None


def _freed_after(toks: list[Token], j: int) -> bool:
    """Auxiliaries then a word of people unharmed ("were released", "have since been freed") start at j."""
    k = j
    while k < len(toks) and toks[k].low in AUX and k < j + 4:
        k += 1
    return k > j and k < len(toks) and toks[k].low in BLOCK_AFTER


def _noun_after_aux(toks: list[Token], last: int, reach: int) -> list[Token] | None:
    """The noun phrase after the auxiliaries that follow a number ("14 were children", "12 are in critical
    condition"), at most `reach` of them; None when no auxiliary follows it."""
    j = last
    while j < len(toks) and toks[j].low in AUX and j < last + reach:
        j += 1
    return _np_after(toks, j) if j > last else None


def _persons(np: list[Token]) -> bool:
    """The counted phrase's head names people: a known group, a hostage noun, a noun of persons by its ending
    ("passengers", "activists", "civilians", "fishermen"), or a capitalised one ("Americans")."""
    head = np[-1]
    return head.low in GROUP_OF or head.low in _HOSTAGE_NOUNS or head.is_cap or head.low.endswith(_PERSON_SUFFIXES)


def _people_bury(toks: list[Token], v: int, after: int) -> bool:
    """ "We buried 43 people", "residents have buried 30 bodies": people bury their dead (a count of the dead); a
    landslide that buried them, or people buried alive or under rubble, are trapped."""
    if any(t.low in _BURIED_TRAPPED for t in toks[after : after + 4]):
        return False
    s = v - 1
    while s >= 0 and toks[s].low in AUX:
        s -= 1
    if s < 0:
        return False
    subject = toks[s]
    return subject.low in PRONOUNS or subject.low in GROUP_OF or subject.low.endswith(_PERSON_SUFFIXES)


def _after_fronted_count(toks: list[Token], spans: list[tuple[int, int]], mi: int) -> bool:
    """The sentence opens with a counted phrase ("Of the 61 people killed in ...,", "Among the 40 wounded,") and
    this mention comes after its comma (or its verb: "Among the 300 dead were 45 children"): a part of that count."""
    if mi == 0 or len(toks) < 3 or toks[0].low not in _FRONTED_PREPS or toks[1].low not in ARTICLES \
            or spans[0][0] != 2:
        return False
    between = toks[spans[0][1] : spans[mi][0]]
    # "Among the 300 dead were 45 children": the verb stands for the comma
    return any(t.text == "," for t in between) or (mi == 1 and bool(between) and between[-1].low in _FRONTED_VERBS)


def _final_outcome(toks: list[Token], o: int, outcome: str) -> str:
    """'were rounded up and executed', 'abducted and later killed': the people counted ended up dead."""
    if outcome not in _HELD_OUTCOMES or o < 0:
        return outcome
    n = len(toks)
    for i in range(o + 1, min(n, o + 4)):
        if toks[i].low == "and":
            k = i + 1
            while k < n and k < i + 3 and toks[k].low in _THEN_WORDS:
                k += 1
            if k < n and OUTCOME_AFTER.get(toks[k].low) == "killed":
                return "killed"
            break
    return outcome


def _relative_clause_end(toks: list[Token], j: int, by_first: dict[int, int]) -> int | None:
    """'9 farmers who were working in the fields were killed': the index of the main verb's auxiliary."""
    n = len(toks)
    for kk in range(j + 2, min(n, j + 16)):
        t = toks[kk]
        if t.text in (".", ";", ":") or kk in by_first or t.low in SPEECH_VERBS:
            return None
        if t.low in _PASSIVE_AUX and kk + 1 < n:
            k2 = kk
            while k2 < n and toks[k2].low in AUX and k2 - kk < 4:
                k2 += 1
            if k2 < n and (toks[k2].low in OUTCOME_AFTER or _multiword_outcome(toks, k2)):
                return kk
    return None


def _casualties(toks: list[Token], o: int) -> str:
    """'killed and injured' together → casualties; 'two of the wounded died' → killed."""
    out = OUTCOME_AFTER[toks[o].low]
    if out == "killed" and o + 2 < len(toks) and toks[o + 1].low in _ALTERNATIVES and toks[o + 2].low in _HURT_WORDS:
        return "casualties"
    if out == "injured" and _died_of_wounds(toks, o):
        return "killed"
    if toks[o].low in _BURIED and o >= 1 and toks[o - 1].low in _PASSIVE_AUX \
            and not any(t.low in _BURIED_TRAPPED for t in toks[o + 1 : o + 5]):
        return "killed"  # "the 12 victims were buried on Sunday": a funeral, not people under rubble
    return out


def _died_of_wounds(toks: list[Token], o: int) -> bool:
    """toks[o], an injured word, counts people who then died: 'two of the wounded died', 'three injured people
    later died'. Their deaths add to a toll counted before (an increment), they are no count of the injured."""
    for j in range(o + 1, min(len(toks), o + 5)):
        low = toks[j].low
        if OUTCOME_AFTER.get(low) == "killed":
            return toks[j].text[:1].islower()
        if not (low in GROUP_OF or low in _PASSIVE_AUX or low in _THEN_WORDS or low.endswith(_ADVERB_ENDING)):
            return False
    return False


def _into_custody(toks: list[Token], j: int) -> bool:
    """"into custody" at toks[j] or toks[j + 1], with at most one word between ("into police custody")."""
    n = len(toks)
    return any(toks[i].low == "into" and "custody" in (toks[i + 1].low, toks[i + 2].low if i + 2 < n else "")
               for i in (j, j + 1) if i + 1 < n)


def _in_hospital(toks: list[Token], j: int) -> bool:
    """'taken to (the) hospital', 'treated in hospital', or 'in hospital' right after an auxiliary ('remained in
    hospital', 'are in hospital'): the injured; never bodies taken to a hospital."""
    n = len(toks)
    if toks[j].low in _HOSPITAL_VERBS and j + 1 < n and toks[j + 1].low in _HOSPITAL_PREPS:
        k = j + 2
    elif toks[j].low in _HOSPITAL_PREPS and j >= 1 and (toks[j - 1].low in AUX or toks[j - 1].low in _HOSPITAL_VERBS):
        k = j + 1
    else:
        return False
    if k < n and toks[k].low in ARTICLES:
        k += 1
    return k < n and toks[k].low in _HOSPITAL_NOUNS and not any(t.low in _BODY_NOUNS for t in toks[max(0, j - 5) : j])


def _multiword_outcome(toks: list[Token], j: int) -> str | None:
    n = len(toks)
    low = toks[j].low
    nxt = toks[j + 1].low if j + 1 < n else ""
    nxt2 = toks[j + 2].low if j + 2 < n else ""
    if low in _HOSTAGE_VERBS and nxt in _HOSTAGE_NOUNS:
        return "abducted"
    if low == "in" and nxt == "captivity":
        return "abducted"
    if low in _CUSTODY_PREPS and nxt in _CUSTODY_NOUNS:
        return "detained"  # "22,000 people remain in detention", "3,141 people are under detention"
    if low == "lost" and (nxt == "lives" or nxt2 == "lives"):
        return "killed"
    if low in _FORCED_VERBS and any(t.low in _FLEE_WORDS for t in toks[j + 1 : j + 6]):
        return "displaced"
    if low == "shot" and nxt == "dead":
        return "killed"
    if low in _MARTYRDOM_VERBS and nxt in _MARTYRDOM_NOUNS:
        return "killed"
    if low in _DEATH_VERBS and nxt == "to" and nxt2 == "death":
        return "killed"  # "were hacked to death", "beaten to death"
    if _in_hospital(toks, j):
        return "injured"  # "two dozen others were taken to hospital", "31 passengers remained in hospital"
    if low in _HOSPITAL_VERBS and nxt == "for" and (nxt2 in _INJURY_NOUNS or (
            j + 3 < n and toks[j + 3].low in _INJURY_NOUNS and toks[j + 3].text[:1].islower())):
        return "injured"  # "1,338 had been treated for injuries", "were hospitalised for gunshot wounds"
    if low in _SENDING_VERBS and nxt == "to" and nxt2 in _DEATH_DESTINATIONS:
        return "killed"  # "eight terrorists were sent to hell" (the Pakistani military's wording)
    if low in _CUSTODY_VERBS and _into_custody(toks, j + 1):
        return "detained"  # "were taken into custody"
    if low == "left" and nxt in ("homeless",):
        return "displaced"
    if low == "left" and (toks[j + 1].is_cap if j + 1 < n else False) or (low == "left" and nxt in _LEFT_HOME_WORDS
                                                                             and nxt2 in ("country", "homes", "region", "area", "city", "")):
        return "displaced"
    if low == "to" and nxt in _FLEE_VERBS:
        return "displaced"
    if low == "rounded" and nxt == "up":
        return "detained"
    if low in _REMOVAL_VERBS and j > 0 and toks[j - 1].low == "forcibly":
        return "abducted"  # "were forcibly taken from the city": taken against their will
    if low == "from" and nxt in _PERSONAL_POSSESSIVES and nxt2 in _HOME_NOUNS:
        return "displaced"
    return None


def _skip_parenthetical(toks: list[Token], j: int) -> int | None:
    """Index after ', including three monks,' / '(...)' / '- ... -' when it holds no outcome word."""
    open_ = toks[j].text
    close = {"(": ")", ",": ",", "-": "-", "–": "–", "—": "—"}.get(open_)
    if close is None:
        return None
    n = len(toks)
    for k in range(j + 1, min(n, j + 12)):
        t = toks[k]
        if t.text == close or (open_ == "," and t.text in ("-", "–", "—")):
            inner = toks[j + 1 : k]
            if not inner or any(x.low in OUTCOME_AFTER or x.low in AUX and x.low in _PASSIVE_AUX for x in inner):
                return None
            if open_ == "," and inner[0].low not in _AGE_WORDS and inner[0].low not in _APPOSITION_OPENERS \
                    and not inner[0].is_cap and not _subset_aside(inner):
                return None
            if open_ == "," and inner[0].low in _APPOSITION_OPENERS:
                k = _list_goes_on(toks, k)  # ", among them 16 mothers, two children and a midwife,"
            return k + 1
        if t.text in (".", ";", ":"):
            return None
    return None


def _list_goes_on(toks: list[Token], k: int) -> int:
    """toks[k] is the comma that seemed to close an aside opened by "including" or "among them": the comma that
    closes the rest of its list instead ("16 mothers, two children and a midwife,"), when a short run of words
    ending in a comma follows, with no outcome word or auxiliary in it; else k."""
    n = len(toks)
    for e in range(k + 1, min(n, k + 10)):
        t = toks[e]
        if t.low in OUTCOME_AFTER or t.low in AUX or t.text in (".", ";", ":", "(", ")"):
            return k
        if t.text == ",":
            return e if e > k + 1 and any(x.low in _COORDINATORS for x in toks[k + 1 : e]) else k
    return k


def _subset_aside(inner: list[Token]) -> bool:
    """'12 of them children', 'most of them women': the part of the count an aside names."""
    return len(inner) >= 3 and (inner[0].text[:1].isdigit() or inner[0].low in _ASIDE_QUANTIFIERS) \
        and inner[1].low == "of" and inner[2].low in _SUBSET_OBJ


def _projects(toks: list[Token], i: int) -> bool:
    """toks[i] projects the future ("could reach", "will flee", "expected"); "may have died", "could be as high
    as" estimate the present, and "in May" is a month."""
    t = toks[i]
    if t.low not in PROJECTION or (t.low in _MONTHS and t.text[:1].isupper() and i > 0):
        return False
    nxt = toks[i + 1].low if i + 1 < len(toks) else ""
    if t.low == "likely" and nxt in OUTCOME_AFTER:
        return False  # "were likely killed": an estimate of what happened
    if nxt == "be" and i + 2 < len(toks) and (toks[i + 2].low in _ACTIVE_OUTCOMES or toks[i + 2].low in _FORCED_VERBS):
        return True  # "could be displaced", "could be forced to flee": what may happen to them
    return not (nxt == "have" or (t.low in _PRESENT_MODALS and nxt in _PRESENT_MODAL_VERBS))


def _projection(toks: list[Token], a: int, b: int) -> bool:
    return any(_projects(toks, i) for i in range(a, b))


def _released_after(toks: list[Token], o: int, by_first: dict[int, int]) -> bool:
    for i in range(o + 1, min(len(toks), o + 16)):
        t = toks[i]
        if t.low in BLOCK_AFTER:
            return True
        if t.text in (".", ";") or (i in by_first and toks[i - 1].low in ("and", ",", "while", "but")):
            break  # "30 are missing and 17 were rescued": the release belongs to the next number
        if t.low in _EVENT_CLAUSE_LINKS and i + 1 < len(toks) and (
                toks[i + 1].low in _APPOSITION_OPENERS or toks[i + 1].low in _PERSONAL_POSSESSIVES):
            break  # "97 remained missing after many people on its list had been found safe": others were found
    return False


def _spaced_dash(toks: list[Token], j: int) -> bool:
    """toks[j] is a dash set off by a space ('57 - Ukraine official'), which ends a phrase; a hyphen touching the
    word before it does not."""
    return toks[j].text in _DASHES and j > 0 and toks[j].start > toks[j - 1].end


def _hostages(toks: list[Token], last: int, np: list[Token], group: str) -> str:
    """'the bodies of three hostages', 'killed two hostages': the hostages are the group (their noun is an
    outcome word elsewhere, so the counted phrase stops before it)."""
    if not np and group == "people" and last < len(toks) and toks[last].low in _HOSTAGE_NOUNS \
            and toks[last].low.endswith("s"):
        return toks[last].low  # as written: "hostages", "captives"
    return group


def _np_after(toks: list[Token], j: int) -> list[Token]:
    n = len(toks)
    np: list[Token] = []
    if j + 1 < n and toks[j].low == "of" and toks[j + 1].low in _OF_PRONOUNS:
        j += 2
    elif j < n and toks[j].low == "of":
        j += 1
    while j < n and len(np) < 6:
        t = toks[j]
        low = t.low
        if low == "the" and np and np[-1].low == "of":
            j += 1  # "members of the U.S. military"
            continue
        if not np and t.text in _NP_QUOTES and j + 1 < n and toks[j + 1].text[:1].isalpha():
            j += 1  # 'killed 180 "terrorists"': the quoted noun is the counted one
            continue
        if low in _ALTERNATIVES and np and np[-1].low in KIN_GROUPS and j + 1 < n and toks[j + 1].low in KIN_GROUPS:
            np.append(t)  # "12 women and children": one group, as in "12 women and children were killed"
            j += 1
            continue
        if not t.text[:1].isalnum() and (t.text != "-" or _spaced_dash(toks, j)) or low in NP_STOP or low in AUX \
                or t.text[:1].isdigit():
            break
        if t.is_cap and np and np[-1].low in GROUP_OF and np[-1].text.islower():
            break  # "kills 132 Islamic State fighters Monitor Reuters": a run of capitals after the noun is not its
        if low in OUTCOME_AFTER or low in SPEECH_VERBS or low in BLOCK_AFTER:
            break  # ("more than 1,500 escape": a verb that harms nobody, no noun)
        if t.text[:1].islower() and (low.endswith("ing") or (low.endswith("ed") and low not in GROUP_OF
                                                             and low not in _ED_ADJECTIVES)) \
                and (np or low.endswith("ed")):
            break  # "one starved to death": a participle is no noun, first or not ("12 suspected rebels" has one)
        np.append(t)
        j += 1
    return np


def _group(np: list[Token]) -> str | None:
    """Victim group from the counted noun phrase; None when the phrase counts things, not people."""
    cut = next((i for i, t in enumerate(np) if t.low in NP_PREPS), len(np))
    if 0 < cut < len(np) and np[0].low not in _MEMBER_HEADS:
        np = np[:cut]  # "10 children of alleged rebels", "7 sons of local officials": the head is before "of"
    words = [t for t in np if t.low not in ("other", "others", "more", "of", "-", "people's")]
    if not np:
        return "people"
    lows = [t.low for t in np]
    # head: last word before a coordination
    heads: list[Token] = []
    cur: list[Token] = []
    for t in np:
        if t.low in _ALTERNATIVES:
            if cur:
                heads.append(cur[-1])
            cur = []
        else:
            cur.append(t)
    if cur:
        heads.append(cur[-1])
    if not heads:
        return "people"
    if "members" in lows or "member" in lows:
        member_group = _members_group(lows)
        if member_group:
            return member_group
    head = heads[0]
    if len(heads) >= 2 and head.low not in GROUP_OF and not head.is_cap:
        # "sick and wounded children": coordinated adjectives share the last head noun
        head = next((h for h in heads[1:] if h.low in GROUP_OF), head)
    hl = head.low
    if hl in NON_PERSON or any(t.low in NON_PERSON for t in heads):
        return None
    if len(heads) >= 2 and all(h.low in KIN_GROUPS for h in heads):
        a = np.index(heads[0])
        return " ".join(t.text for t in np[a:])
    if hl in _GENERIC_HEADS and len(words) <= 1:
        return "people"
    mods = {t.low for t in np}
    if hl in _WORKER_NOUNS:
        if mods & AID_MODIFIERS:
            return "aid_workers"
        if mods & MEDICAL_MODIFIERS or hl == "staff":
            return "medical_staff"
        if "media" in mods:
            return "journalists"
        if "security" in mods or "police" in mods or "army" in mods:
            return "security_forces"
    if hl in _FIGHTER_NOUNS and len(np) >= 2:
        named = _members_group([t.low for t in np if t is not head])  # "Islamic State fighters" → militants,
        if named is not None and named != "people":  # "pro-government fighters" → security_forces
            return named
    if hl in ("regime",):
        return "security_forces"
    if hl in GROUP_OF:
        label = GROUP_OF[hl]
        if label == "people" and "civilian" in mods:
            return "civilians"
        if label == "security_forces" and hl in ("guards",) and "border" not in mods and "security" not in mods:
            return "security_forces"
        return label
    if hl in ("members",) and "staff" in lows:
        return "medical_staff"
    if head.is_cap:
        # demonyms and named groups as written: "Palestinians", "Lebanese", "Britons"
        if len(heads) == 1 and hl.endswith(_DEMONYM_SUFFIXES):  # demonyms: "Palestinians", "Lebanese"
            return head.text
        if hl in _TERRORIST_WORDS:
            return "militants"
        return head.text if head.text.isalpha() else "people"
    if head.text[:1].islower() and head.text.isalpha():
        if hl.endswith(_PLURAL_ENDINGS) or hl in _COLLECTIVE_HEADS:
            return hl  # "fighters", "fishermen", "police"
        if hl in _MEN_WORDS:
            return hl
        return "people"  # a singular lower-case word no group knows: an adjective ("9 million premature deaths")
    return "people"


_MILITANT_WORDS: Final = LEXICON.rule_words("figures", "militant_words")
_FIGHTER_WORDS: Final = LEXICON.rule_words("figures", "fighter_words")
_FORCE_WORDS: Final = LEXICON.rule_words("figures", "force_words")


def _members_group(lows: list[str]) -> str | None:
    """'members of the U.S. military' → security_forces, 'Hamas members' → fighters, 'DAESH members' → militants."""
    words = set(lows)
    if "family" in words or "families" in words:
        return "people"
    if words & _MILITANT_WORDS or ("islamic" in words and "state" in words):
        return "militants"
    if words & _FIGHTER_WORDS:
        return "fighters"
    if words & _FORCE_WORDS or words & STATE_MODIFIERS:
        return "security_forces"
    return None


def _toll_after(toks: list[Token], j: int) -> tuple[str, str, int] | None:
    """The toll phrase that opens at toks[j], after its number ("to 26 the number of bodies recovered", "to five
    the number of journalists killed this year"), up to the end of its clause."""
    if j >= len(toks) or toks[j].low not in ARTICLES:
        return None
    for kk in range(j + 1, min(len(toks), j + 12)):
        if not toks[kk].text[:1].isalnum():
            break
        found = _toll(toks, kk, j)
        if found is not None:
            return found
    return None


def _toll(toks: list[Token], k: int, barrier: int) -> tuple[str, str, int] | None:
    """'the death toll rose to N', 'a toll of N', 'the number of dead is N', 'displaced tops N'."""
    if k < 0:
        return None
    lo = max(0, k - 20)
    strong = toks[k].low in _STRONG_LINK
    for kk in range(k, lo - 1, -1):
        t = toks[kk]
        if kk < barrier or (t.text in (".", ";", ":") and not _abbreviation_dot(toks, kk)):
            return None
        low = t.low
        if _projects(toks, kk):
            return None
        if (low in TOLL_WORDS and not (kk + 1 < len(toks) and toks[kk + 1].low in TOLL_COMPOUNDS)) or low == "losses":
            j = kk
            while j > max(0, kk - 3) and toks[j - 1].text[:1].isalpha() and toks[j - 1].low not in NP_STOP:
                j -= 1  # the toll word's own modifiers: "the civilian death toll", not "militants as death toll"
            mods = [x.low for x in toks[j:kk]]
            if low == "losses":
                outcome = "casualties"
            elif "casualty" in mods:
                outcome = "casualties"
            elif "injury" in mods or "injuries" in mods:
                outcome = "injured"
            elif low in _COUNT_NOUNS and "death" not in mods:
                continue
            else:
                outcome = "killed"
            return outcome, _group_from_mods(mods), kk
        if low in _NUMBER_NOUNS and kk + 1 <= k and (toks[kk + 1].low in NUMBER_OF_OUTCOME or (
                toks[kk + 1].low in _RECOVERED and any(t.low in _BODY_NOUNS for t in toks[lo:kk]))):
            # "bringing the number recovered to six" after "two more bodies were pulled out", "the total killed"
            return NUMBER_OF_OUTCOME.get(toks[kk + 1].low, "killed"), "people", kk
        if low in _NUMBER_NOUNS and kk + 2 <= k and toks[kk + 1].low == "of":
            between = [x.low for x in toks[kk + 2 : k + 1]]
            for w in between:
                if w in NUMBER_OF_OUTCOME:
                    group = "people"
                    for x in between:
                        if x in GROUP_OF and GROUP_OF[x] != "people":
                            group = GROUP_OF[x]
                    return NUMBER_OF_OUTCOME[w], group, kk
        if strong and kk < k and low in _HOSTAGE_NOUNS and kk >= 1 and kk >= k - 10 \
                and NUMBER_OF_OUTCOME.get(toks[kk - 1].low, "abducted") != "abducted":
            return NUMBER_OF_OUTCOME[toks[kk - 1].low], low, kk  # "the number of martyred hostages rose to 26"
        if strong and kk < k and low in NUMBER_OF_OUTCOME and kk >= k - 10:
            # "the number of Alawite civilians documented by SOHR as killed ... has risen to N": the counted
            # noun is the one after "number of", however far before the outcome word
            start = max(0, kk - 3)
            for jj in range(kk - 2, max(lo, barrier) - 1, -1):
                if toks[jj].text in (".", ";", ":", ","):
                    break
                if toks[jj].low in _NUMBER_NOUNS and toks[jj + 1].low == "of":
                    start = jj + 2
                    break
            return NUMBER_OF_OUTCOME[low], _group_from_mods([x.low for x in toks[start:kk]]), kk
    return None


def _breakdown_part(toks: list[Token], k: int, last: int, np: list[Token], group: str | None, parent: _Found,
                    spans: list[tuple[int, int]]) -> str | None:
    """The group of a count that breaks down the figure before it: right after a colon or a spaced dash that
    follows that figure in its clause ("31 — 11 women"), or listed after such a part ("…, six children and 14
    men"); a bare count with a place ("31 on the left bank") is of the figure's group."""
    if k < 0:
        return None
    if parent.rule == "breakdown" and toks[k].low in ("and", ","):
        between = toks[spans[parent.index][1] : k]  # the next part of the list, not what follows its closing dash
        if len(between) > 6 or any(t.text in (";", ".", ":") or t.text in _DASHES for t in between):
            return None
    elif toks[k].text == ":" or _spaced_dash(toks, k):
        between = toks[spans[parent.index][1] : k]
        if len(between) > 14 or any(t.text in (",", ";", ".", ":") or t.text in _DASHES for t in between):
            return None
    elif toks[k].low == "with" and k >= 1 and toks[k - 1].text == "," and not np:
        # "has risen to 158, with 155 in the Valencia region, two in Castilla-La Mancha": counts by place
        between = toks[spans[parent.index][1] : k - 1]
        if len(between) > 6 or any(not t.text[:1].isalnum() for t in between):
            return None
    else:
        return None
    if np:
        return group
    return parent.group if last < len(toks) and toks[last].low in _PART_PLACE_PREPS else None


def _ratio(toks: list[Token], first: int, last: int, by_first: dict[int, int]) -> bool:
    """N in M / N out of M: either number of a ratio."""
    n = len(toks)
    j = last
    if j < n and toks[j].low in _RATIO_LINK:
        j += 1
        if j < n and toks[j].low in _RATIO_LINK:
            j += 1
        if j < n and toks[j].low == "every":
            j += 1
        if j < n and (j in by_first or toks[j].text[:1].isdigit()):
            return True
    k = first - 1
    if k >= 1 and toks[k].low == "every" and toks[k - 1].low in _RATIO_LINK:
        k -= 1  # "one in every 50 people"
    if k >= 0 and toks[k].low in _RATIO_LINK:
        if k >= 1 and toks[k - 1].low in _RATIO_LINK:
            k -= 1
        return k >= 1 and (toks[k - 1].text[:1].isdigit() or toks[k - 1].low in _RATIO_NUMBER_WORDS)
    return False


def _toll_link_after(toks: list[Token], j: int, by_first: dict[int, int]) -> bool:
    """A toll's linking verb ("rose to", "stands at", "has risen") after position j, before the next number or the
    end of the clause."""
    for t_i in range(j, min(len(toks), j + 8)):
        t = toks[t_i]
        if t_i in by_first or t.text in (",", ";", ":", ".", "(", ")") or t.low in _CLAUSE_OPENERS:
            return False  # "... as high as 5,000 because many buildings had not been searched": another clause
        if t.low in TOLL_LINK and t.low not in _NP_LINKS:
            return True
    return False


_NP_LINKS: Final = LEXICON.rule_words("figures", "np_links")
_CLAUSE_OPENERS: Final = LEXICON.rule_words("figures", "clause_openers")
_FRONTED_VERBS: Final = LEXICON.rule_words("figures", "fronted_verbs")
_FIGURE_NOUNS: Final = LEXICON.rule_words("figures", "figure_nouns")
_PUT_VERBS: Final = LEXICON.rule_words("figures", "put_verbs")
# a coordinated or concessive clause of its own after a comma (", although, according to the authorities, nobody
# escaped")
_AND_CLAUSE: Final = re.compile(r",\s+(?:and|but|although|though|whereas)\b")
_ASIDE_QUANTIFIERS: Final = LEXICON.rule_words("figures", "aside_quantifiers")


def _abbreviation_dot(toks: list[Token], i: int) -> bool:
    """'Apr. 15', 'Gen. Smith': the period after an abbreviation does not end a phrase; nor does a decimal point
    ('the 7.8-magnitude quake')."""
    if toks[i].text != "." or i < 1 or toks[i - 1].end != toks[i].start:
        return False
    if toks[i - 1].low in _ABBREV:
        return True
    return i + 1 < len(toks) and toks[i - 1].text[-1:].isdigit() and toks[i + 1].text[:1].isdigit() \
        and toks[i + 1].start == toks[i].end


def _group_from_mods(words: list[str]) -> str:
    """The group named by the words before a toll word: the one nearest the toll word ('the number of
    Alawite civilians documented as killed' → civilians); 'people' when none names one. Two groups joined are
    one ('the number of women and children abducted')."""
    if len(words) >= 3 and words[-3] in KIN_GROUPS and words[-2] in _ALTERNATIVES and words[-1] in KIN_GROUPS:
        return " ".join(words[-3:])
    for w in reversed(words):
        group = _TOLL_MODIFIER_GROUP.get(w) or GROUP_OF.get(w)
        if group is not None and group != "people":
            return group
    return "people"


def _date_comma(toks: list[Token], j: int) -> bool:
    """The comma at toks[j] belongs to a date: "October 7, 2023," (a number before it, a month just before that)."""
    return j >= 2 and toks[j - 1].text[:1].isdigit() and any(
        t.low in _MONTHS and t.text[:1].isupper() for t in toks[max(0, j - 4) : j - 1])


def _without_dates(words: list[Token]) -> list[Token]:
    """The words without a date written inside them: "Hamas's October 7, 2023, attack" → "Hamas's attack"."""
    out: list[Token] = []
    i = 0
    while i < len(words):
        t = words[i]
        if t.low in _MONTHS and t.text[:1].isupper() and i + 1 < len(words) and words[i + 1].text[:1].isdigit():
            i += 1
            while i < len(words) and (words[i].text[:1].isdigit() or words[i].text == ","):
                i += 1
            continue
        out.append(t)
        i += 1
    return out


_AGE_SUFFIX: Final = "-year-old"


def _clean_actor(words: list[Token]) -> str | None:
    """Strip articles, weapons and events: 'Syrian regime air raids' → 'Syrian regime'."""
    ws = _without_dates(words)
    # "Air strikes by Syrian regime": keep what follows the last "by"
    for i in range(len(ws) - 1, -1, -1):
        if ws[i].low == "by" and i + 1 < len(ws):
            ws = ws[i + 1 :]
            break
    for i in range(len(ws) - 1, -1, -1):
        if not ws[i].text[:1].isalnum() and ws[i].text not in _NAME_SYMBOLS:
            ws = ws[i + 1 :]  # "[Premium Times] A wedding ...", "• Israeli strikes": a bracket or bullet ends it
            break
    cut = len(ws)
    for i, t in enumerate(ws):
        if i > 0 and (t.low in _PERP_CUT or t.text in (",", ";", "(")):
            cut = i
            break
    ws = ws[:cut]
    if any(t.low in _NATURAL for t in ws) or any(
            t.low in _FIRE_WORDS and i >= 1 and ws[i - 1].low in _FIRE_SETTINGS for i, t in enumerate(ws)):
        return None  # "Flash floods and landslides in North Sumatra": not "Flash"; "The Rana Plaza collapse"; "Forest fires"
    if len(ws) >= 2 and ws[0].low in _MUTUAL_EVENTS and any(t.low == "between" for t in ws):
        return None  # "Clashes between Druze fighters and Bedouin tribes": both sides, no one perpetrator
    while ws and (ws[-1].low in WEAPON_EVENT or not ws[-1].text[:1].isalnum()
                  or (len(ws) >= 2 and (ws[-1].low in _NOT_ACTOR or adverb(ws[-1])))):
        ws.pop()  # "Israel's subsequent assault": the event and its adjectives go ("forces summarily executed" too)
    while ws and (ws[0].low in _ACTOR_DETERMINERS or ws[0].low in _NOT_ACTOR or ws[0].low in _DATEISH_WORDS
                  or (len(ws) >= 2 and ws[0].low.removesuffix("'s") in _DATEISH_WORDS)):
        ws.pop(0)  # ("Monday's Israeli strikes": the day is no actor)
    if ws and len(ws) >= 2 and ws[0].low.endswith("'s") and ws[0].low[:-2] in _POLITY_NOUNS:
        ws.pop(0)
    if not ws or any(t.text.isdigit() and i + 1 < len(ws) and ws[i + 1].low in _NOT_ACTOR_HEADS
                     for i, t in enumerate(ws)):
        return None  # "Almost 90 people remain missing": people counted are nobody who did it
    if ws[-1].low.endswith("'s") and len(ws[-1].low) > 2:
        ws[-1] = Token(ws[-1].text[:-2], ws[-1].low[:-2], ws[-1].start, ws[-1].end - 2)  # "Israel's" → "Israel"
    if not any(t.is_cap or t.low in ACTOR_NOUNS or t.low.endswith(_AGENT_SUFFIXES_SHORT) for t in ws) \
            and not any(t.low.endswith(_AGE_SUFFIX) and t.text[:1].isdigit() for t in ws[:-1]):
        return None  # (a person described by age is someone: "A 24-year-old student shot dead 14 people")
    if all(t.low in WEAPON_EVENT or t.low in _NOT_ACTOR for t in ws):
        return None
    if ws[0].low in _NOT_ACTOR_HEADS:
        return None
    if any(t.low in _NATURAL for t in ws):
        return None  # "Tropical Storm Jeanne": a natural event causes deaths but is nobody who did it
    text = " ".join(t.text for t in ws)
    return _SPACE_BEFORE_PUNCT.sub(r"\1", text) if " ," in text or " '" in text or " ’" in text else text


_BY_TIMES: Final = LEXICON.rule_words("figures", "by_times") | LEXICON.words("weekdays") | _MONTHS


def _time_after_by(toks: list[Token], k: int) -> bool:
    """toks[k:] after "by" say when, not who: "by the time ...", "by then", "by Monday", "by the end of May"."""
    if k < len(toks) and toks[k].low == "the":
        k += 1
    return k < len(toks) and toks[k].low in _BY_TIMES and (toks[k].low != "may" or toks[k].text == "May")


def _perp_passive(text: str, toks: list[Token], o: int, stop: int | None = None) -> str | None:
    """'killed by X', 'killed in X air raids', 'died from X fire', 'killed in clashes with X'."""
    n = len(toks)
    j = o + 1
    end = min(n, o + 18) if stop is None else min(n, o + 18, stop)
    while j < end:
        t = toks[j]
        if t.text in (".", ";") or t.low in SPEECH_VERBS or t.low in _PASSIVE_STOPS:
            return None
        if t.low in _EVENT_CLAUSE_LINKS:
            # "seven wounded when Russian forces shelled the centre of Kherson"
            k = j + 1
            while k < min(n, j + 9) and (toks[k].text[:1].isalnum() or toks[k].text in _QUOTES) \
                    and toks[k].low not in _CLAUSE_ASSAULT_VERBS:
                k += 1
            if j + 1 < k < n and toks[k].low in _CLAUSE_ASSAULT_VERBS and toks[k - 1].low not in AUX:
                # "when 'terrorists' attacked a patrol": scare quotes are no part of the actor
                actor = _clean_actor([x for x in toks[j + 1 : k] if x.text not in _QUOTES])
                if actor and _actor_like(actor):
                    return actor
            j += 1  # "when their convoy was attacked by gunmen": the agent follows
            continue
        if t.low == "by" and _time_after_by(toks, j + 1):
            j += 1  # "killed by the time President Duterte declared Marawi liberated"
            continue
        if t.low in _AGENT_PREPS and j + 1 < n and toks[j - 1].low not in _WITH_NOT_AGENT:
            seg: list[Token] = []
            k = j + 1
            while k < n and len(seg) < 10 and toks[k].low not in _PERP_CUT and toks[k].text not in (",", ".", ";", "(") \
                    and toks[k].low not in SPEECH_VERBS and not toks[k].text[:1].isdigit() \
                    and not (seg and toks[k].text[:1].islower() and _verbish(toks[k])) \
                    and not (toks[k].low == "and" and _count_next(toks, k + 1)):  # "by the army and three by rebels"
                seg.append(toks[k])
                k += 1
            actor = _clean_actor(seg)
            if actor:
                return actor
            j = k
            continue
        if (t.low in _ORIGIN_PREPS or (t.low == "of" and toks[j - 1].low == "result")) and j + 1 < n:
            seg = []
            k = j + 1
            while k < n and len(seg) < 7 and toks[k].text[:1].isalnum() and toks[k].low not in _PERP_CUT and toks[k].low != "by":
                seg.append(toks[k])
                if toks[k].low in WEAPON_EVENT and toks[k].low not in _FUNCTION_WORDS:
                    # the actor stands before the weapon: "in Syrian regime air raids"
                    k2 = k + 1
                    while k2 < n and toks[k2].low in WEAPON_EVENT and toks[k2].low not in _FUNCTION_WORDS:
                        seg.append(toks[k2])
                        k2 += 1
                    if k2 < n and toks[k2].low == "with":
                        break
                    actor = _clean_actor(seg)
                    if actor and _actor_like(actor):
                        return actor
                    break
                k += 1
        j += 1
    return None


def _gapped_actor(toks: list[Token], a: int, first: int) -> str | None:
    """The actor of a clause whose verb is left out, between a count's noun phrase (ending before a) and the next
    count (at first): "..., and Fano fighters [at least] 34"."""
    j = first - 1
    while j > a and toks[j].low in _SKIP_QUAL:
        j -= 1
    words = toks[a + 1 : j + 1]
    if a >= len(toks) or toks[a].low != "and" or not 1 <= len(words) <= 5:
        return None
    if not all(t.text[:1].isalpha() and not _verbish(t) for t in words):
        return None
    if not (words[0].text[:1].isupper() or any(t.low in ACTOR_NOUNS for t in words)):
        return None  # "government troops at least 14", "Fano fighters at least 34": someone who acts
    return _clean_actor(words)


def _count_next(toks: list[Token], j: int) -> bool:
    """A count starts at toks[j], after any qualifier words ("three", "at least 34")."""
    while j < len(toks) and toks[j].low in _SKIP_QUAL:
        j += 1
    return j < len(toks) and (toks[j].text[:1].isdigit() or toks[j].low in _COUNT_WORDS)


def _fronted_agent(toks: list[Token], first: int) -> str | None:
    """The agent of an event in a phrase that opens the sentence: 'In a recent attack by Islamic extremists,
    eight farmers were killed' → 'Islamic extremists'."""
    if first < 4 or toks[0].low not in _PERP_CUT:
        return None
    for c in range(1, first):
        if toks[c].text == ",":
            break
    else:
        return None
    for b in range(2, c - 1):
        if toks[b].low == "by" and toks[b - 1].low in WEAPON_EVENT:
            return _clean_actor(toks[b + 1 : c])
    return None


def _perp_active(text: str, toks: list[Token], v: int) -> str | None:
    """Subject of the outcome verb at index v: 'X killed N', 'X attacked ..., killing N'."""
    k = v - 1
    while k >= 0 and (toks[k].low in _PERP_SKIP_LEFT or (toks[k].low == "and" and k >= 1 and (toks[k - 1].low in OUTCOME_BEFORE or toks[k - 1].low in _ASSAULT_VERBS))):
        if toks[k].low == "and":
            k -= 2
        else:
            k -= 1
    if k >= 0 and toks[k].low in _INFINITIVE_MARKERS:
        return None  # "allowed a foreign agency to arrest one of its citizens": whose act it is lies elsewhere
    participle = toks[v].low.endswith("ing")
    # "carried out a strike in Somalia that killed 30": the event's relative clause; its actor is the sentence's
    event_clause = k >= 1 and toks[k].low in _EVENT_RELATIVES and any(
        toks[x].low in WEAPON_EVENT and toks[x].low not in _FUNCTION_WORDS for x in range(max(0, k - 4), k))
    if k >= 1 and toks[k].low in _EVENT_RELATIVES and any(toks[x].low in _NATURAL for x in range(max(0, k - 3), k)):
        return None  # "a week after the floods, which killed at least 217": nobody's act
    if participle or event_clause or k < 0 or toks[k].text == ",":
        # the subject of the main clause
        start = max(0, v - 80)
        for x in range(v - 1, start - 1, -1):
            if toks[x].low in SPEECH_VERBS and toks[x].text.islower() and toks[x].low not in _ED_ADJECTIVES:
                start = x + 1  # "X, the army's spokesman, says India attacked ..., killing 8": the reported clause
                break
        while start < v and (not toks[start].text[:1].isalpha() or _is_dateish(toks[start])):
            start += 1
        if any(toks[i].low in _EVENT_VERBS for i in range(start, v)):
            return None  # "Thousands of pagers ... exploded across Lebanon, killing 12": nobody's act
        seg: list[Token] = []
        for i in range(start, v):
            t = toks[i]
            speech = t.low in SPEECH_VERBS and not _in_name(toks, i)  # "The United States carried out"
            if t.text in (",", ";", ":") or speech or t.low == "that":
                if seg and t.text == "," and _fronted(seg):
                    seg = []  # "This year, officials banned ..., arresting 210": the clause starts after it
                    continue
                if seg and (speech or t.text == ":" or t.low == "that"):
                    # "Iryna Vereshchuk: The occupiers are holding ...", "X said Tuesday that it struck ...":
                    # the clause starts after them
                    seg = []
                    continue
                if seg:
                    break
                continue
            if t.text[:1].islower() and t.low not in _SEGMENT_LINKS and _verbish(t) and seg:
                break
            seg.append(t)
        return _clean_actor(seg)
    seg = []
    j = k
    floor = max(0, k - 16)  # subjects are short; the bound keeps long junk linear
    after_and = False
    subject_after_and = False  # words stood between the first "and" and the verb
    while j >= floor:
        t = toks[j]
        if t.text in (";", ":", "(", ")", "\"", "“", "”") or (
                t.low in SPEECH_VERBS and not _in_name(toks, j) and not passive_verb(toks, j)) \
                or (t.low == "that" and not _relative_that(toks, j, seg)) or t.low in _SUBJECT_STOPS:
            break  # (a passive "had been dismissed" is no speech: what was done to the subject)
        if after_and and j < k and t.text.islower() and _verbish(t):
            if subject_after_and:
                seg = seg[1:] if seg and seg[0].low == "and" else seg
                break  # "36 were wounded and the assailants also abducted several": a clause with its own subject
            # "the war has killed thousands and displaced 11 million", "gunmen breached the border and murdered
            # 1,400": coordinated verbs share the first one's subject
            return _perp_active(text, toks, j)
        if t.low == "and" and not after_and:
            # (a verb right after it, "killed and crucified two ... executed two others", is no subject)
            subject_after_and = bool(seg) and not (seg[0].text.islower() and _verbish(seg[0]))
        after_and = after_and or t.low == "and"
        if (t.low in _RELATIVE and t.low != "that" and j >= 1 and toks[j - 1].text[:1].isalpha()) or t.low == "that":
            # "A former police officer who had been dismissed from the force ... killed 36": the relative clause
            # says who the subject is; the subject stands before it
            seg = []
            j -= 1
            continue
        if t.text == "," and _date_comma(toks, j):
            seg.insert(0, t)  # "Hamas's October 7, 2023, attack ... killed": the date's commas (_without_dates)
            j -= 1
            continue
        if t.text == ",":
            # apposition: "X, the pro-Assad fighters, had killed" → X
            inner_start = j
            m = j - 1
            while m >= 0 and toks[m].text != "," and toks[m].low not in SPEECH_VERBS and toks[m].low != "that" and j - m < 10:
                m -= 1
            if m >= 0 and toks[m].text == "," and seg and seg[0].low in _ARTICLES_ONLY:
                seg = list(toks[m + 1 : inner_start])
                j = m - 1
                continue
            if seg and seg[0].low in _ARTICLES_ONLY and (m < 0 or toks[m].low in SPEECH_VERBS or toks[m].low == "that") \
                    and not _fronted(toks[m + 1 : inner_start]):  # "Since March, the RSF killed": not the subject
                seg = list(toks[m + 1 : inner_start])
            break
        seg.insert(0, t)
        j -= 1
    return _clean_actor(seg)


def _relative_that(toks: list[Token], j: int, seg: list[Token]) -> bool:
    """toks[j], "that", opens a relative clause after a noun ("Floods that have submerged a third of Pakistan have
    killed", "Gunmen that stormed the village killed"), not a reported clause ("said that gunmen killed"): a verb
    follows it, and a word that is no verb stands before it."""
    if not seg or j < 1 or not seg[0].text.islower() or not (seg[0].low in AUX or _verbish(seg[0])):
        return False
    before = toks[j - 1]
    return before.text[:1].isalpha() and before.low not in SPEECH_VERBS and not (before.text.islower() and _verbish(before))


def _fronted(words: list[Token]) -> bool:
    """A phrase before a comma that opens the sentence and names no actor: a fronted preposition or subordinate
    clause ("Since March,", "While it may seem ...,") or a time ("This year,", "On Monday,")."""
    return bool(words) and (words[0].low in _PERP_CUT or words[0].low in _SUBJECT_STOPS or all(
        _is_dateish(x) or x.low in TIME_WORDS or x.low in _TIME_UNITS or not x.text[:1].isalpha() for x in words))


def _in_name(toks: list[Token], j: int) -> bool:
    """toks[j] is part of a name: capitalised after a capital, in a sentence that goes on in lower case ('The
    United States kills 11'; in 'Army Says Militants Killed 5' the capitals go on: a Title Case verb)."""
    return toks[j].is_cap and j >= 1 and toks[j - 1].is_cap and j + 1 < len(toks) and toks[j + 1].text[:1].islower()


def _own_predicate(t: Token) -> bool:
    """A participle that is no outcome word: what follows a coordinated count says what happened to it ('three
    people dead ... and three more hospitalized')."""
    low = t.low
    return t.text.islower() and low.endswith(_PARTICIPLE_ENDINGS) and low not in OUTCOME_AFTER and low not in _ED_ADJECTIVES


def _finite_outcome_verb(toks: list[Token], k: int) -> bool:
    """toks[k] is an outcome verb ending its clause's subject ('... died', '... were killed' is the auxiliary's
    case): a past form with nothing it could modify after it ('for displaced Syrians', 'killed three')."""
    t = toks[k]
    if t.low not in OUTCOME_AFTER or not t.text.islower() or not t.low.endswith(_PAST_ENDING):
        return False
    if k + 1 >= len(toks):
        return True
    after = toks[k + 1]
    return not after.text[:1].isalnum() or after.low in NP_STOP or after.low.endswith(_ADVERB_ENDING)


def _verbish(t: Token) -> bool:
    low = t.low
    if low in OUTCOME_BEFORE or low in SPEECH_VERBS:
        return True
    if low.endswith("ed") and low not in _ED_ADJECTIVES:
        return True
    return low in _ATTACK_VERBS


def _is_dateish(t: Token) -> bool:
    return t.low in _DATEISH_WORDS


def _place(text: str, toks: list[Token], j: int, f: _Found) -> str | None:
    start = max(j, f.verb_index + 1 if f.verb_index >= 0 else j)
    n = len(toks)
    for k in range(start, min(n, start + 14)):
        if toks[k].low in _PLACE_PREPS and k + 1 < n:
            seg: list[Token] = []
            m = k + 1
            while m < n and len(seg) < 8:
                t = toks[m]
                if t.low in _PLACE_STOP or t.text in (",", ".", ";", ":", "(", ")") or t.low in SPEECH_VERBS \
                        or _spaced_dash(toks, m):
                    break
                seg.append(t)
                m += 1
            if seg and (any(t.is_cap for t in seg) or seg[-1].low in _PLACE_HEADS):
                content = [t for t in seg if t.low not in _ARTICLES_ONLY]
                if content and content[0].low in WEAPON_EVENT and not content[0].is_cap:
                    continue
                return text[seg[0].start : seg[-1].end]
        if toks[k].text in (".", ";") or toks[k].low in SPEECH_VERBS:
            break
    return None


def _as_of(sentence: str) -> str | None:
    m = _AS_OF.search(sentence) if (" of " in sentence or " OF " in sentence or " Of " in sentence) else None
    if m:
        return m.group(1).strip()
    w = _WEEKDAY.search(sentence) if "day" in sentence else None
    return w.group(1) if w else None


_SPACE_BEFORE_PUNCT: Final = re.compile(r"\s+([,'’])")
_NATURAL: Final = LEXICON.rule_words("figures", "natural")
_FIRE_WORDS: Final = LEXICON.rule_words("figures", "fire_words")
_FIRE_SETTINGS: Final = LEXICON.rule_words("figures", "fire_settings")
_MUTUAL_EVENTS: Final = LEXICON.rule_words("figures", "mutual_events")
_DEMONYM: Final = re.compile(r"(?:[ice]ans?|is|i|ese|ish|[te]ch|ench|ic)$|^(?:afghans?|germans?|chechens?|yemenis?)$")
_AGENT_SUFFIXES: Final = tuple(sorted(LEXICON.rule_words("figures", "agent_suffixes")))


def _actor_like(actor: str) -> bool:
    """Whether the words before a weapon name an actor ('Israeli', 'regime', 'Hamas') and not a place ('Gaza').

    Only for 'in/from X strikes', where X is as often where as who: the head word must be a demonym,
    an actor noun, a named armed group or an acronym; 'in Gaza strike', 'in Indian Ocean tsunami' are places.
    """
    words = actor.replace("’", "'").split()
    if not words:
        return False
    head = words[-1]
    low = head.lower().strip(".,")
    if low in _MEMBER_HEADS and len(words) >= 2:
        return _actor_like(" ".join(words[:-1]))  # "gang members": the members of an actor are that actor
    if low in ACTOR_NOUNS or low in ARMED_GROUPS or low.endswith(_AGENT_SUFFIXES):
        return True
    if low == "state" and len(words) >= 2 and words[-2].lower() == "islamic":
        return True
    if head[:1].isupper():
        letters = head.replace(".", "")
        if letters.isupper() and 2 <= len(letters) <= 6:
            return True  # "US", "U.S.", "IDF"
        return len(low) > 3 and _DEMONYM.search(low) is not None and low not in _PLACE_LIKE
    return False


_PLACE_LIKE: Final = LEXICON.rule_words("figures", "place_like")


def _pronoun_subject(toks: list[Token], v: int, acts: list[SpeechAct]) -> str | None:
    """'The army said it killed 30 militants': a pronoun subject stands for the speaker who said it."""
    k = v - 1
    while k >= 0 and toks[k].low in _PERP_SKIP_LEFT:
        k -= 1
    if k < 0 or toks[k].low not in _ACTOR_PRONOUNS:
        return None
    pos = toks[k].start
    before = [a for a in acts if a.verb_end <= pos and not a.pronoun and not a.according and pos - a.verb_end < 40]
    if not before:
        return None
    return _name(before[-1].speaker)
