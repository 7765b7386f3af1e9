"""Statements: named or role-identified speakers, what they said (quote or reported), and officialdom."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from crawler.extract.attribution import MONITOR_GROUPS, canonical_reporter, known_reporter
from crawler.extract.lexicon import (
    KNOWN_OFFICIALS,
    LEXICON,
    NOT_OFFICIAL_MARKERS,
    OFFICIAL_MARKERS,
    OFFICIAL_OVERRIDE_MARKERS,
    OFFICIAL_PERSON_EXCEPTIONS,
    SPEAKER_NOUNS,
)
from crawler.extract.records import Statement
from crawler.extract.speech import COUNTRIES, SpeechAct, split_name_role

_QUOTE: Final = re.compile(r"[“\"]([^“”\"]{2,2000})[”\"]")
_TELL_VERBS: Final = LEXICON.rule_words("statements", "tell_verbs")
# a clause-final speaker who goes on speaking: "..., the Indian army said, adding that ...", "..., vowing that ..."
_GOES_ON: Final = re.compile(r"[^,.;]*,\s+(?:" + "|".join(sorted(LEXICON.rule_words("speech", "participle_speech"))) + r")\b")
_PAREN_TAIL: Final = re.compile(r"\s*\([^()]*\)$")


def _alternatives(name: str) -> str:
    words = LEXICON.rule_words("statements", name)
    return "|".join(re.escape(w) for w in sorted(words | {w.capitalize() for w in words}))


# the one told, after a verb of telling: a few words up to "that", else a capitalised name or a listener noun
_ADDRESSEE: Final = re.compile(
    rf"\s*(?:(?:{_alternatives('addressee_articles')})\s+)?(?:(?:[\w.'’&-]+\s+){{0,4}}?(?:{_alternatives('complementizers')})\s+"
    rf"|(?:[A-Z][\w.'’&-]*[,:]?\s+){{1,3}}|(?:{_alternatives('listeners')})\s+)"
)
_ANAPHORIC: Final = re.compile(
    r"^(?:the|this|that)\s+(?:(?:[a-z][\w-]*|[A-Z][\w]*-based)\s+)?("
    + "|".join(sorted(LEXICON.rule_words("statements", "anaphoric_heads"))) + r")$",
    re.IGNORECASE,
)
# Heads that can point back at any organisation already quoted ("The Britain-based group said").
_ORG_WORDS: Final = LEXICON.rule_words("statements", "org_words")
_GENERIC_HEADS: Final = LEXICON.rule_words("statements", "generic_heads")


# Compiled once (a module-level re.sub/re.search looks its pattern up in re's cache on every call).
_THE_LEAD: Final = re.compile(r"^(?:the|The)\s+")
_THE_LOWER: Final = re.compile(r"^(?:the)\s+")
_LIST_SPLIT: Final = re.compile(r",\s*(?:and\s+)?|\s+and\s+")
_AND_SPLIT: Final = re.compile(r"\s+and\s+")
_UN_LEAD: Final = re.compile(r"(?:the\s+)?(?:UN|U\.N\.|United Nations)\b", re.IGNORECASE)
_UN_OF: Final = re.compile(r"\b(?:of|for|at|with)\s+the\s+(?:UN|U\.N\.|United Nations)\b")
_ORG_OF: Final = re.compile(r"\b(?:of|for|at)\s+(?:the\s+)?([A-Z][\w'’.-]*(?:\s+(?:of|for|the|and|[A-Z][\w'’.-]*))*)")
_BLOB_WORDS: Final = re.compile(r"[\w.'-]+")


def passage_statements(text: str, acts_by_sentence: list[tuple[tuple[int, int], list[SpeechAct]]],
                       monitors_official: bool = False, include_pronouns: bool = False) -> list[Statement]:
    """One statement per speaker mention; pronouns and repeats of an earlier speaker add none.

    include_pronouns=True resolves "he said" to the last named speaker and adds it as a statement, and so a
    shortened repeat ("the governor said" after "Governor Uba Sani said", "Sani added"): what the same speaker
    goes on to say (alerting judges a speaker's words in one document together).
    """
    out: list[Statement] = []
    by_key: dict[str, Statement] = {}  # speaker key → the speaker's first statement in the passage
    seen_tokens: set[str] = set()
    seen_names: list[str] = []
    seen_roles: list[str] = []
    last: Statement | None = None
    last_end = 0  # where the sentence of the last named speaker ends
    for (s_own, s_end), acts in acts_by_sentence:
        opened = _quote_opened_before(text, s_own, s_end)
        for act in acts:
            # '"A. B," he said': the quotation the sentence's first mark closes began sentences before (a speech
            # verb inside it keeps its own sentence)
            s_start = opened[0] if opened is not None and act.verb_start > opened[1] else s_own
            sentence = text[s_start:s_end]
            quotes = list(_QUOTE.finditer(sentence))
            if act.according or act.attribution_only:
                continue
            if any(s_start + q.start() < act.verb_start < s_start + q.end() for q in quotes):
                continue  # a speech verb inside someone else's quote
            if text[act.verb_start : act.verb_end].lower() in _ACT_VERBS and _reported_inside(text, act, acts):
                continue  # "He said Pakistan's armed forces had responded": what he said, not a second speaker
            end = _clause_end(text, act, acts, s_end)
            if act.pronoun:
                if include_pronouns and act.speaker.lower() in _PERSONAL_PRONOUNS:
                    # "The Chief Executive, Mr John Lee, went to the scene. He said ...": he is the person the
                    # sentence before introduced, not the speaker quoted earlier
                    subject = _subject_person(text, last_end, s_own)
                    if subject is not None and (last is None or split_name_role(last.speaker)[0] != subject[0]):
                        name, role = subject
                        org = _organization(name, role)
                        last = _make(name, role, org, is_official(name, role, org, monitors_official), act, quotes,
                                     sentence, s_start, end)
                        out.append(last)
                        by_key.setdefault(_PAREN_TAIL.sub("", canonical_reporter(name).lower()), last)
                        seen_names.append(name.lower())
                        last_end = s_end
                        continue
                if include_pronouns and last is not None:
                    out.append(_make(last.speaker, last.role, last.organization, last.official, act, quotes,
                                     sentence, s_start, end))
                continue
            if not quotes and not _said_words(sentence, act, s_start).strip(" ,.;:"):
                continue  # "Seth Doane reports.": a byline, nothing said stands in the sentence
            for part in _split_coordinated(act.speaker):
                name, role = split_name_role(part)
                if act.role and (role is None or len(role.split()) == 1):
                    # "said the coast guard's commander, Brigadier X": a bare title and the role both say who X is
                    role = act.role if role is None else f"{role}, {act.role}"
                # one speaker whatever the apostrophe, with or without its acronym: "the X Council (XC)"
                key = _PAREN_TAIL.sub("", canonical_reporter(name).lower().replace("’", "'"))
                low_name = name.lower()
                if key in by_key or (len(name.split()) == 1 and low_name in seen_tokens) or any(
                    full.endswith(" " + low_name) for full in seen_names
                ):
                    # a repeat or a shortened repeat of a name already given
                    if include_pronouns:
                        first = by_key.get(key) or next((st for k, st in by_key.items() if k.endswith(" " + low_name)
                                                         or low_name in k.split()), last)
                        if first is not None:
                            out.append(_make(first.speaker, first.role, first.organization, first.official, act,
                                             quotes, sentence, s_start, end))
                    continue
                anaphor = _ANAPHORIC.match(name.strip()) if by_key else None
                words = name.lower().split()
                if anaphor and _refers_back(anaphor.group(1).lower(), seen_names + seen_roles,
                                            words[1] if len(words) == 3 else None):
                    seen_names.append(low_name)
                    if include_pronouns and last is not None:
                        out.append(_make(last.speaker, last.role, last.organization, last.official, act, quotes,
                                         sentence, s_start, end))
                    continue  # "the observatory" after "the Syrian Observatory for Human Rights"
                seen_names.append(low_name)
                if role:
                    seen_roles.append(role.lower())  # "the governor" below "Governor Uba Sani" is his repeat
                if len(name.split()) >= 2 and name[:1].isupper():
                    seen_tokens.update(w.lower() for w in name.split()[1:])
                org = _organization(name, role)
                official = is_official(name, role, org, monitors_official)
                if not official and role is None:
                    earlier = _earlier_title(text, name, act.start)
                    if earlier is not None and is_official(name, earlier, org, monitors_official):
                        official, role = True, earlier  # "Prime Minister Anwar Khan ... Khan said"
                if not official and _CIVIL_DEFENCE.search(f"{name} {role or ''} {org or ''}") \
                        and not _WHITE_HELMETS_LAND.search(text):
                    official = True  # a state's civil defence speaks officially; Syria's (the White Helmets) does not
                if role and (owner := _OWNER_ROLE.match(role)) is not None:
                    # "the centre's acting director" below "the National Disaster Centre said": the body's official;
                    # "the council's president" below "The Bokkos Youth Council said": the youth council's, none
                    head = re.compile(r"\b" + re.escape(owner.group(1).lower()) + r"\b")
                    body = next((st for st in reversed(out) if head.search(st.speaker.lower())), None)
                    if body is not None:
                        official = body.official
                if official and _retired_elsewhere(text, name):
                    official = False  # "US General Ryan" of a headline is the body's "Retired ... General Kevin Ryan"
                st = _make(name, role, org, official, act, quotes, sentence, s_start, end)
                out.append(st)
                by_key[key] = st
                last = st
                last_end = s_end
    return out


_PERSONAL_PRONOUNS: Final = frozenset(LEXICON.rule_words("statements", "personal_pronouns"))
_HONORIFIC: Final = r"(?:(?i:" + "|".join(sorted(LEXICON.rule_words("statements", "honorifics"))) + r")\.?\s+)?"
_NAME_WORD: Final = r"[A-Z][\w'’-]+"
# a sentence that opens with a person ("The Chief Executive, Mr John Lee, went ...", "President Emmanuel Macron
# visited ..."): its role in apposition, its name, then a verb in lower case
_SUBJECT_PERSON: Final = re.compile(
    rf"\s*(?:(?P<role>(?:The\s+)?(?:{_NAME_WORD}\s+){{0,4}}{_NAME_WORD}),\s+)?{_HONORIFIC}"
    rf"(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,4}}),?\s+(?:[a-z]+ly\s+)?[a-z]+\b"
)
_LAST_SENTENCE: Final = re.compile(r"[.!?][\"”’]?\s+(?=[A-Z\"“])")


def _subject_person(text: str, start: int, end: int) -> tuple[str, str | None] | None:
    """The person (name, role) that opens the last sentence of text[start:end] as its subject, a word in lower
    case after the name ("went", "visited"); else None."""
    gap = text[start:end]
    at = [start + len(gap) - len(gap.lstrip()), *(m.end() for m in _LAST_SENTENCE.finditer(text, start, end))]
    if at[-1] >= end:
        return None
    m = _SUBJECT_PERSON.match(text, at[-1], end)
    if m is None:
        return None
    name, role = split_name_role(m.group("name"))
    if role is None and m.group("role"):
        role = _THE_LEAD.sub("", m.group("role"))
    if not _looks_like_person(name) or any(w.lower() in _NOT_PERSON_WORDS for w in name.split()) \
            or name.lower() in COUNTRIES:
        return None  # ("Wang Fuk Court caught fire", "South Sudan said")
    return name, role


_NOT_PERSON_WORDS: Final = _ORG_WORDS | LEXICON.rule_words("statements", "not_person_words")


_CIVIL_DEFENCE: Final = re.compile(r"\bcivil defen[cs]e\b", re.I)
# where "civil defence" is the opposition's rescue service (the White Helmets), an NGO
_WHITE_HELMETS_LAND: Final = re.compile(r"\b(?:" + "|".join(sorted(LEXICON.rule_words("statements", "white_helmets_places")))
                                 + r")\b", re.I)
_OWNER_ROLE: Final = re.compile(r"the ([a-z]+)['’]s\s", re.I)  # "the centre's acting director": the body named before
# speech verbs that also name deeds: inside what someone else reports they are the deed ("had responded")
_ACT_VERBS: Final = LEXICON.rule_words("statements", "act_verbs")
_THAT_GAP: Final = re.compile(r"\s*(?:that\s+)?")


def _reported_inside(text: str, act: SpeechAct, acts: list[SpeechAct]) -> bool:
    """The act's speaker opens what another act reports: "He said [Pakistan's armed forces had responded]"."""
    return any(b is not act and not b.according and b.verb_end <= act.start
               and _THAT_GAP.fullmatch(text, b.verb_end, act.start) is not None for b in acts)


def _retired_elsewhere(text: str, name: str) -> bool:
    """True when the passage calls this person former or retired in a title before their surname."""
    surname = name.split()[-1] if name.split() else ""
    if not surname[:1].isupper():
        return False
    positions = _retired_positions(text)
    if not positions:
        return False
    rx = re.compile(r"\b(?:[Ff]ormer|[Rr]etired)\s+(?:[A-Z][\w.'’-]*\s+){1,6}?" + re.escape(surname) + r"\b")
    return any(rx.match(text, p) is not None for p in positions)  # a match can only start at these


_RETIRED_AT: Final = re.compile(r"\b(?:[Ff]ormer|[Rr]etired)\s")


@lru_cache(maxsize=8)
def _retired_positions(text: str) -> tuple[int, ...]:
    """Where 'former'/'retired' followed by a space starts in text (scanned once per passage)."""
    return tuple(m.start() for m in _RETIRED_AT.finditer(text))


_TITLE_BEFORE: Final = re.compile(r"((?:[A-Z][\w.'’-]*\s+){1,6})$")


def _earlier_title(text: str, name: str, before: int) -> str | None:
    """The capitalised title that stood before an earlier mention of a bare surname ('Prime Minister Anwar'), else
    before a later one (a headline's "Hasina vows justice" above "Prime Minister Sheikh Hasina said")."""
    if " " in name or not name[:1].isupper() or name.isupper() or len(name) < 3:
        return None
    pattern = re.compile(r"\b" + re.escape(name) + r"\b")
    lo = max(0, before - 5000)
    earlier = [m.start() for m in pattern.finditer(text, lo, before)]
    later = [m.start() for m in pattern.finditer(text, before + len(name), before + 5000)]
    for start in [*reversed(earlier), *later]:
        title = _TITLE_BEFORE.search(text, max(0, start - 80), start)
        if title:
            words = title.group(1).split()
            role_end = max((i for i, w in enumerate(words) if w.lower() in SPEAKER_NOUNS), default=-1)
            return " ".join(words[: role_end + 1]) if role_end >= 0 else None
    return None


def _refers_back(head: str, earlier: list[str], modifier: str | None = None) -> bool:
    """True when an earlier speaker is what 'the <head>' points at; 'the interior ministry' does not point at
    'the health ministry' (another word before the same head), 'the Britain-based monitor' at any monitor."""
    for e in earlier:
        if re.search(r"\b" + head, e):
            before = re.search(r"([\w-]+)\s+" + head, e) if modifier and not modifier.endswith("-based") else None
            if before is not None and before.group(1) not in (modifier, "the", "a", "an") and modifier not in e.split():
                continue
            return True
        if head in _GENERIC_HEADS and (known_reporter(e) or _ORG_WORDS.intersection(e.split())):
            return True
    return False


def _entity(part: str) -> bool:
    """A speaker that stands on its own in a list: a country, a known body, an acronym, a known official."""
    bare = _THE_LEAD.sub("", part.strip())
    if not bare:
        return False
    words = bare.split()
    return (bare.lower() in COUNTRIES or known_reporter(bare) is not None
            or (len(words) == 1 and len(bare) >= 2 and bare.isupper())
            or words[-1].lower() in KNOWN_OFFICIALS)


def _split_coordinated(speaker: str) -> list[str]:
    if "," in speaker or " and " in speaker:
        items = [x for x in _LIST_SPLIT.split(speaker) if x.strip()]
        if len(items) >= 2 and all(_entity(x) for x in items):
            return items  # "France and Germany condemned", "G7, UN condemn"
    parts = _AND_SPLIT.split(speaker)
    if len(parts) == 2 and all(p.split() for p in parts):
        a, b = parts
        # keep "Ministry of Defence and Security" together: split only lower-case or article-led phrases; and
        # "Indonesia's search and rescue agency" too: the first part must end in a speaker ("the mayor and ...")
        head = a.split()[-1]
        if (b.split()[0].lower() in ("a", "an", "the") or b[:1].islower()) and (
                head.lower() in SPEAKER_NOUNS or head[:1].isupper()):
            return [a, b]
    return [speaker]


def _organization(name: str, role: str | None) -> str | None:
    for cand in (name, role or ""):
        if _UN_LEAD.match(cand) or _UN_OF.search(cand):
            return "United Nations"  # "UN experts", "head of the UN monitoring mission"
        if not cand:
            continue
        known = known_reporter(cand)
        if known:
            return known
        m = _ORG_OF.search(cand)
        if m:
            org = m.group(1).strip()
            known = known_reporter(org)
            if len(org.split()) >= 2 or known:  # ("a senior advocacy coordinator at HRANA": one known word)
                return known or org
    if name[:1].isupper() and len(name.split()) <= 6 and not _looks_like_person(name):
        return canonical_reporter(name)
    return None


def _looks_like_person(name: str) -> bool:
    words = name.split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() or w.lower().startswith("al-") for w in words) and \
        known_reporter(name) is None and not any(w.lower() in OFFICIAL_MARKERS for w in words)


def _marker_re(markers: tuple[str, ...]) -> re.Pattern[str]:
    # markers are word starts ("spokes" matches "spokesman"), never word middles ("resident" ≠ "presidency"); a
    # short one (an acronym) or one written with a trailing space is a whole word: "un" ≠ "university", "sana"
    # (the state news agency) ≠ "Sanaa"
    return re.compile(r"(?<![\w.])(?:" + "|".join(
        re.escape(m.strip()) + (r"(?!\w)" if len(m.strip()) <= _SHORT_MARKER or m.endswith(" ") else "")
        for m in markers) + r")")


_SHORT_MARKER: Final = 4  # characters


_NOT_OFFICIAL_RE: Final = _marker_re(NOT_OFFICIAL_MARKERS)
_DE_FACTO_RE: Final = re.compile(
    r"[\w'.]+-(?:" + "|".join(sorted(LEXICON.rule_words("statements", "de_facto_links"))) + r")\b"
    r"|[\w'.]+(?=\s+(?:" + "|".join(sorted(LEXICON.rule_words("statements", "de_facto_heads"))) + r")\b)"
)
_STATE_BODY_HEADS: Final = LEXICON.rule_words("statements", "state_body_heads")
_STATE_NAME_OPENERS: Final = LEXICON.rule_words("statements", "state_name_openers")
_OVERRIDE_RE: Final = _marker_re(OFFICIAL_OVERRIDE_MARKERS)
_OFFICIAL_RE: Final = _marker_re(OFFICIAL_MARKERS)


def is_official(speaker: str, role: str | None, organization: str | None, monitors_official: bool = False) -> bool:
    """Heads of state and government, ministers, officials, armies, police, the UN...: True; others False."""
    known = known_reporter(speaker) or (known_reporter(organization) if organization else None)
    if known in MONITOR_GROUPS:
        return monitors_official
    blob = " " + " ".join(x for x in (speaker, role or "", organization or "") if x).lower().replace("’", "'") + " "
    bare = _THE_LOWER.sub("", speaker.strip().lower())
    if bare in COUNTRIES:
        return True
    if "former" in blob or " retired " in blob:
        return False
    if organization == "United Nations" or _OVERRIDE_RE.search(blob):
        return True  # "UN experts", "the government media office", "the Donetsk People's Republic"
    # a personal name split from its role is no marker ("Security Minister Mahamadou Sana" is not SANA)
    not_blob = blob if role is None else " " + " ".join(x for x in (role, organization or "") if x).lower() + " "
    # a group that governs is a de facto administration: "the Houthi-run health ministry", "the Taliban government
    # spokesman" (its name says nothing then; "a doctor at the Hamas-run hospital" is still a doctor)
    if _NOT_OFFICIAL_RE.search(_DE_FACTO_RE.sub(" ", not_blob.replace("’", "'"))):
        return False
    last = speaker.split()[-1].lower().strip(".,") if speaker.split() else ""
    if last in KNOWN_OFFICIALS and last not in OFFICIAL_PERSON_EXCEPTIONS:
        return True
    if role and any(w.endswith("'s") and w[:-2] in KNOWN_OFFICIALS and w[:-2] not in OFFICIAL_PERSON_EXCEPTIONS
                    for w in role.lower().replace("’", "'").split()):
        return True  # "the head of Zelensky's office", "Putin's spokesman": an official's own staff
    if _OFFICIAL_RE.search(blob):
        return True
    words = _BLOB_WORDS.findall(blob)
    if any(w in COUNTRIES for w in words[:1]) and len(words) <= 3:
        return True
    named = _BLOB_WORDS.findall(bare)  # "Mexico's National Migration Institute", "the US Geological Survey"
    if len(named) >= 3 and named[0] in _STATE_NAME_OPENERS and named[-1] in _STATE_BODY_HEADS and role is None:
        return True  # "the Federal Road Safety Corps", "the National Emergency Management Agency"
    owner = next((i for i, w in enumerate(named) if w.endswith("'s")), 0)  # "Papua New Guinea's ...": all its words
    return len(named) >= 2 and (named[0].removesuffix("'s") in COUNTRIES
                                or " ".join(named[: owner + 1]).removesuffix("'s") in COUNTRIES) \
        and any(w in _STATE_BODY_HEADS for w in named)


QUOTE_REACH: Final = 1500  # characters back to the opening mark of a quotation that runs over several sentences


def _quote_opened_before(text: str, s_start: int, s_end: int) -> tuple[int, int] | None:
    """Where the quotation that this sentence's first quotation mark closes was opened, when that is in an earlier
    sentence ('"This attack is an abomination. The perpetrators are animals," he said.'), and where it closes."""
    first = _MARK.search(text, s_start, s_end)
    if first is None:
        return None
    mark = first.group()
    closing = mark == "”" or (mark == '"' and text.count('"', s_start, s_end) % 2 == 1)
    if not closing:
        return None
    lo = max(0, s_start - QUOTE_REACH)
    opening = max(text.rfind("“", lo, s_start), text.rfind('"', lo, s_start))
    if opening < 0 or _MARK.search(text, opening + 1, s_start) is not None:
        return None  # no opening mark, or another quotation stands between
    return opening, first.start()


_MARK: Final = re.compile(r"[“”\"]")


def _make(speaker: str, role: str | None, org: str | None, official: bool, act: SpeechAct,
          quotes: list[re.Match[str]], sentence: str, s_start: int, s_end: int) -> Statement:
    if quotes:
        q = min(quotes, key=lambda m: abs(s_start + m.start() - act.verb_start))
        return Statement(speaker=speaker, role=role, organization=org, official=official, kind="quote",
                         text=q.group(1).strip(), start=s_start + q.start(1), end=s_start + q.end(1), rule=act.rule)
    a, b = _said_span(act, s_start, s_end)
    if act.trailing and b <= act.start and _GOES_ON.match(sentence, act.end - s_start) is not None:
        a, b = s_start, s_end  # "N were killed, the army said, adding that its troops had responded": all of it
    if a == act.verb_end and sentence[act.verb_start - s_start : act.verb_end - s_start].lower() in _TELL_VERBS:
        # "told AFP that ...", "told Polygraph.info the claims are false": who was told is not what was said
        to = _ADDRESSEE.match(sentence, a - s_start, b - s_start)
        if to is not None and to.end() < b - s_start:
            a = s_start + to.end()
    body = sentence[a - s_start : b - s_start].strip(" ,.;:")
    if not body:
        a, b = s_start, s_end
        body = sentence
    return Statement(speaker=speaker, role=role, organization=org, official=official, kind="reported",
                     text=body, start=a, end=b, rule=act.rule)


def _clause_end(text: str, act: SpeechAct, acts: list[SpeechAct], s_end: int) -> int:
    """Where what a reported-speech act says ends: at the sentence's end, or before the clause of the next
    speaker it is joined to ("Pakistan said it was closing its airspace, and its National Security Committee
    warned that ...": Pakistan did not say what the committee warned)."""
    if act.trailing:
        return s_end
    nxt = min((b.start for b in acts if b.start > act.verb_end and not b.according), default=None)
    if nxt is None:
        return s_end
    join = _CLAUSE_JOIN.search(text, act.verb_end, nxt)
    return join.start() if join is not None and join.start() > act.verb_end else s_end


# what joins a second speaker's clause to the first's: ", and", ", while", ";"
_CLAUSE_JOIN: Final = re.compile(r"\s*(?:,|;)\s*(?:(?:" + "|".join(sorted(LEXICON.rule_words("statements", "clause_joiners")))
                                 + r")\s+)?(?:(?:" + "|".join(sorted(LEXICON.rule_words("speech", "possessive_dets")))
                                 + r")\s+)?\Z")


def _said_span(act: SpeechAct, s_start: int, s_end: int) -> tuple[int, int]:
    """Where what a reported-speech act says stands: before a clause-final speaker, else after the verb (also
    when nothing stands before the speaker: "JD Vance posted and then deleted a message")."""
    if act.trailing and act.start > s_start:
        # "The attack was barbaric, said X": not ", said"; "The move was criticised by X": not "by"
        return s_start, act.verb_end if act.passive else min(act.start, act.verb_start)
    return act.verb_end, s_end


def _said_words(sentence: str, act: SpeechAct, s_start: int) -> str:
    a, b = _said_span(act, s_start, s_start + len(sentence))
    return sentence[a - s_start : b - s_start]
