"""Who a figure is attributed to (reported_by): acronyms defined in the text, display names, the deciding act."""

from __future__ import annotations

import re
from typing import Final

from crawler.extract.lexicon import LEXICON
from crawler.extract.reporters import MONITOR_GROUPS, SNHR, SOHR, canonical_reporter, known_reporter
from crawler.extract.speech import SpeechAct

# "We have counted at least 100 bodies," the mayor told the wire: the first person inside a quote is its speaker
_FIRST_PERSON: Final = LEXICON.rule_words("statements", "first_person")
_POSSESSIVE_DETS: Final = LEXICON.rule_words("speech", "possessive_dets")
# "citing the health ministry" names a source that reports; "citing medical sources", "citing witnesses" do not
_SOURCE_HEADS: Final = LEXICON.rule_words("statements", "state_body_heads") | LEXICON.rule_words("speech", "body_source_heads")
_SAID_IT_REACH: Final = 10  # characters from a speech verb to the pronoun it introduces ("said it", "said that they")
_GIVEN_REACH: Final = 40  # characters from a figure to the participle naming its source ("100 dead, given by")

__all__ = [
    "MONITOR_GROUPS", "SNHR", "SOHR", "acronym_table", "canonical_reporter", "choose_act", "display_reporter",
    "known_reporter",
]

_ACRONYM_USE: Final = re.compile(r"\([A-Z][A-Za-z]{1,8}\)")  # what every _ACRONYM_DEF match ends with
# (the lower-case words that join a name's words: English, and the particles of names in other languages: "Ain o
# Salish Kendra (ASK)", "Fiscalía General del Estado de Guanajuato (FGE)")
# (a name stays on its line: a headline above it is no part of it)
_ACRONYM_DEF: Final = re.compile(r"((?:[A-Z][\w'’-]*[^\S\n]+(?:(?:for|of|the|and|on|in|de|del|des|du|la|le|los|las|y|o|e|et|al|di"
                          r"|da)[^\S\n]+)*){1,8})\(([A-Z][A-Za-z]{1,8})\)")


def acronym_table(text: str) -> dict[str, str]:
    """'Syrian Network for Human Rights (SNHR)' → {'SNHR': 'Syrian Network for Human Rights'}."""
    table: dict[str, str] = {}
    if "(" not in text or _ACRONYM_USE.search(text) is None:
        return table  # no "(ABC)" at all: the definition pattern need not be tried at every capital
    for m in _ACRONYM_DEF.finditer(text[:200_000]):
        full = re.sub(r"\s+", " ", m.group(1)).strip()
        full = re.sub(r"^(?:The|the)\s+", "", full)
        table[m.group(2)] = full
    return table


_THE_LEAD: Final = re.compile(r"^(?:the|The)\s+")


def display_reporter(name: str, acronyms: dict[str, str]) -> str:
    """The reporter as shown: a known organisation by its full name, an acronym expanded, else as written."""
    name = " ".join(name.split())
    bare = _THE_LEAD.sub("", name)
    if bare in acronyms:
        name = acronyms[bare]
    known = known_reporter(name)
    return known if known else name


def _owned(act: SpeechAct) -> bool:
    """The speaker is someone's own people: "its monitors", "their medics"."""
    return act.speaker.split(" ", 1)[0].lower() in _POSSESSIVE_DETS


def _names_a_source(speaker: str) -> bool:
    """A cited source that reports on its own: a name ("SANA", "the Syrian Observatory"), a known reporter or a
    body ("the health ministry"); not a vague one ("medical sources", "witnesses", "a local official")."""
    words = speaker.split()
    return bool(known_reporter(speaker)) or any(w[:1].isupper() for w in words[1:] or words) \
        or any(w.lower().strip(",.") in _SOURCE_HEADS for w in words)


_CLAIM_REACH: Final = 24  # characters from a claim noun to its count: " of at least more than 1"


def choose_act(fig_start: int, acts: list[SpeechAct]) -> SpeechAct | None:
    """The speech act a figure at fig_start belongs to, among the acts of its sentence.

    A clause-final attribution after the figure ("..., a monitor said") wins; otherwise the
    outermost speech verb before the figure ("X said ... N killed"), then 'according to' anywhere.
    """
    acts = [a for a in acts if not a.passive]
    if any(not a.pronoun and a.start > fig_start for a in acts):
        acts = [a for a in acts if not (a.pronoun and a.start < fig_start and a.speaker.lower() in _FIRST_PERSON)]
    given = [a for a in acts if a.rule == "given_by"]
    if given:
        # "the figure of at least 100 given earlier by the local mayor": the source of the figure right before it
        near = [a for a in given if 0 < a.verb_start - fig_start <= _GIVEN_REACH]
        if near:
            return min(near, key=lambda a: a.verb_start)
        # "The toll given by the interior minister stands at 129": the source of the toll the figure is
        prior = [a for a in given if a.end <= fig_start and fig_start - a.end <= _GIVEN_REACH]
        if prior:
            return max(prior, key=lambda a: a.end)
        acts = [a for a in acts if a.rule != "given_by"]
    claims = [a for a in acts if a.rule == "claim_of"]
    if claims:
        # "the government's figure of 147", "the IDF claim of 4 killed": the owner's count is the one right after
        # "of", not the speaker's own count before it ("X said 206 had been killed, and that the government's
        # figure of 147 left out ...": 206 is X's)
        near = [a for a in claims if 0 <= fig_start - a.verb_end <= _CLAIM_REACH]
        if near:
            return max(near, key=lambda a: a.verb_end)
        acts = [a for a in acts if a.rule != "claim_of"]
    cited = [a for a in acts if a.rule == "citing"]
    named = [a for a in cited if _names_a_source(a.speaker)]
    if named and any(a.new_clause and a.rule != "citing" and not a.according and a.verb_end <= fig_start
                     and a.start > max(c.start for c in named) for a in acts):
        named = []  # "..., citing the health ministry, while police put the number at 30": 30 is the police's
    if named:
        # "SANA, citing the health ministry, said": nested sources, a named inner one wins; "the ministry said,
        # citing medical sources", "MSF said, citing hospital officials": the speaker's own word on them
        return min(named, key=lambda a: abs(a.start - fig_start))
    acts = [a for a in acts if a.rule != "citing"]
    after = [a for a in acts if a.verb_start > fig_start and not a.according]
    trailing_after = [a for a in after if a.trailing]
    if trailing_after:
        # "The health ministry said the toll had risen to 226, the Sudan News Agency reported": the clause-final
        # source relays the speaker whose words hold the figure; nested sources, the inner one wins
        relayed = [a for a in acts if a.verb_end <= fig_start and not a.trailing and not a.according
                   and not a.attribution_only and not a.new_clause and not a.pronoun]
        if relayed:
            return max(relayed, key=lambda a: a.verb_start)
        return min(trailing_after, key=lambda a: a.verb_start)
    # a headline's source tag ("... Monitor AFP Saturday 21 Feb 2015") speaks for the headline only
    before = [a for a in acts if a.verb_end <= fig_start and not a.according and a.rule != "headline_tag"]
    opened = [a for a in before if a.new_clause]
    if opened:
        return max(opened, key=lambda a: a.verb_start)  # "X said 12 died, while Y said 40 died": 40 is Y's
    according = [a for a in acts if a.according]
    if according and all(a.rule == "counted_by" and (a.start > fig_start or a.speaker.islower()) for a in according) \
            and any(not a.attribution_only and not a.pronoun for a in before):
        # "X said the toll had risen to 165, after the bodies were counted by local defence teams": who counted
        # is how X knows; "X said the number of displaced registered by the department had risen to 39,000": a
        # body named by its kind alone is X's own; the figure is X's word
        according = []
    if according:
        return min(according, key=lambda a: abs(a.start - fig_start))
    if before:
        # nested speech: the inner speaker's word ("WHO says Syrian health officials have reported that 84 ...");
        # a count inside someone's words stays theirs ("X told reporters the hospital had recorded four deaths")
        spoken = [a for a in before if not a.attribution_only]
        chosen = max(spoken or before, key=lambda a: a.verb_start)
        named = [a for a in spoken if not a.pronoun and a.verb_end <= chosen.start <= a.verb_end + _SAID_IT_REACH]
        if chosen.pronoun and named:
            return max(named, key=lambda a: a.verb_start)  # "X said it had confirmed 5,459 deaths": "it" is X
        if _owned(chosen):
            # "X said its monitors had counted 49 bodies": X's own people count for X
            outer = [a for a in spoken if not a.pronoun and a.verb_end <= chosen.start and not _owned(a)]
            if outer:
                return max(outer, key=lambda a: a.verb_start)
        return chosen
    after = [a for a in after if not a.new_clause]  # "N have fled and the UN warns ...": the UN's words come after
    if after:
        return min(after, key=lambda a: a.verb_start)
    return None
