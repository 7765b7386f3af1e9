"""PURE: who a figure belongs to and which series it joins (reporter × outcome × victim × perpetrator × watch).

Imports only crawler.extract.records: the extractor's canonical_reporter is passed in by the caller.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from crawler.extract.lexicon import LEXICON, SPEAKER_NOUNS
from crawler.extract.records import Figure
from crawler.extract.reporters import ARMY_VOICES, ARMY_WORDS, canonical_reporter

IMPLICIT_WATCH = "all"  # no watches configured: every figure belongs to one watch of that name
_NAME_PARTICLES = LEXICON.rule_words("speech", "name_particles")  # "al-", "abu", "van": a surname's, not a name's
# a name's suffix after the surname ("Ferdinand Marcos Jr.", "Martin Luther King Sr.", "John Smith III")
NAME_SUFFIXES = frozenset(w for s in LEXICON.rule_words("speech", "name_suffixes") for w in (s, f"{s}.")) | {
    "ii", "iii", "iv"}


def _fold(name: str) -> str:
    return " ".join(name.casefold().split())


_MEMO_SIZE = 200_000  # names a Reporters remembers before it starts again (a bound on its memory)


@dataclass(frozen=True, slots=True)
class Reporters:
    """Reporter names → one display name: the extractor's canonical form, then the config's aliases."""

    aliases: Mapping[str, str]  # folded alias → display name
    canonical: Callable[[str], str]
    # name → its normalized form, kept for the process: every version asks again for the same thousands of known
    # reporters (the config and the aliases do not change under a Reporters)
    _memo: dict[str, str | None] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def build(cls, aliases: Mapping[str, Iterable[str]], canonical: Callable[[str], str] = str) -> Reporters:
        table: dict[str, str] = {}
        for name, others in aliases.items():
            for alias in (name, *others):
                table[_fold(alias)] = name
                table[_fold(canonical(alias))] = name
        return cls(table, canonical)

    def normalize(self, name: str | None) -> str | None:
        if not name or not name.strip():
            return None
        try:
            return self._memo[name]
        except KeyError:
            pass
        if len(self._memo) >= _MEMO_SIZE:
            self._memo.clear()
        found = self._memo[name] = self._normalize(" ".join(name.split()))
        return found

    def _normalize(self, name: str) -> str:
        if (owned := _OWNED_DOCUMENT.match(name)) is not None:
            name = owned["owner"]  # "PDMA's situation report", "the army's provisional toll": PDMA's, the army's
        if _fold(name) in self.aliases:
            return self.aliases[_fold(name)]
        canon = self.canonical(name)
        return self.aliases.get(_fold(canon), canon)

    def same(self, a: str | None, b: str | None) -> bool:
        na, nb = self.normalize(a), self.normalize(b)
        return na is not None and na == nb


@dataclass(frozen=True, slots=True)
class SeriesKey:
    watch: str
    reporter: str
    outcome: str
    victim_group: str
    perpetrator: str  # '' when unknown


def is_trackable(figure: Figure) -> bool:
    """Vague figures ("hundreds") and figures without a number never make or move a series."""
    return figure.number is not None and figure.qualifier != "vague" and figure.vague is None


# --- canonical reporters: one name per reporter, whatever the wording ------------------------------------

_STOP = frozenset({"the", "a", "an", "of", "for", "and", "in", "on", "at", "s", "its", "their", "said", "says"})
# words that say who inside an organization spoke, not who the reporter is ("the ministry's spokesman")
_ROLE_WORDS = frozenset({
    "spokesman", "spokeswoman", "spokesperson", "spokespeople", "official", "officials", "head", "chief", "director",
    "minister", "secretary", "chairman", "chair", "president", "representative", "coordinator", "commissioner",
    "general", "deputy", "senior", "acting", "statement", "statements", "figures", "figure", "data", "count",
    "toll", "tally", "report", "latest", "according", "update", "itself", "own", "citing", "quoted", "sources",
    "executive", "administrator", "undersecretary", "assistant",  # "NDRRMC Executive Director": the NDRRMC
    "leader", "leaders",  # "Masisi civil society leaders": civil society's
})  # fmt: skip
# titles as headlines abbreviate them ("Pakistan PM", "UN Sec-Gen", "Gen. Burhan"): compared spelled out
TITLE_ABBREVIATIONS = {
    "pm": "prime minister", "fm": "foreign minister", "pres": "president", "gen": "general", "sec": "secretary",
    "sec-gen": "secretary-general", "secgen": "secretary-general", "sg": "secretary-general",
    "dg": "director-general", "gov": "governor", "min": "minister", "amb": "ambassador", "dep": "deputy",
    "lt": "lieutenant", "col": "colonel", "maj": "major", "brig": "brigadier", "adm": "admiral",
    "cmdr": "commander", "sen": "senator", "rep": "representative", "supt": "superintendent",
}  # fmt: skip
# words that title a person without being their name ("President Sheinbaum", "UN Secretary-General Guterres")
TITLE_WORDS = frozenset({
    *(w for title in TITLE_ABBREVIATIONS.values() for w in re.split(r"[\s-]+", title)), "prime", "foreign",
    "interior", "defence", "defense", "vice", "mr", "mrs", "ms", "dr", "sir", "dame", "king", "queen", "prince",
    "princess", "emir", "sheikh", "pope", "mayor", "governor", "premier", "chancellor", "envoy", "attorney",
    "prosecutor", "commander", "spokesman", "spokeswoman", "un", "former", "top",
})  # fmt: skip
# descriptors that qualify a reporter without naming another one ("the Hamas-run health ministry", "Britain-based")
_DESCRIPTOR = re.compile(r"\b[\w.]+-(?:run|led|controlled|backed|based|held|aligned|affiliated|installed)\b", re.I)
# what makes a name an institution (a body that reports) rather than a person or a news outlet
_BODY_WORDS = frozenset({
    "ministry", "ministries", "office", "council", "governorate", "prefecture", "municipality", "county", "network",
    "observatory", "agency", "commission", "mission",
    "government", "army", "military", "forces", "committee", "syndicate", "society", "crescent", "cross",
    "authority", "authorities", "administration", "presidency", "department", "directorate", "police", "defence",
    "defense", "un", "united", "nations", "organization", "organisation", "union", "federation", "institute",
    "center", "centre", "hospital", "hospitals", "doctors", "collective", "helmets", "coalition", "group", "front",
    "movement", "prosecutor", "ombudsman", "tribunal", "court", "monitor", "monitors", "ngo", "unicef", "who",
    "iom", "unhcr", "ocha", "red", "program", "programme", "fund", "bureau", "service", "services", "board",
    "collectif", "comite", "comité", "ministere", "ministère", "gouvernement", "association", "coordination",
    "ministerio", "gobierno", "observatorio", "assessment", "intelligence", "guard", "guards", "navy", "gendarmerie",
    "ambulance", "protection", "prosecution", "fiscalia", "fiscalía",
    "platform", "plataforma", "plateforme", "comision", "comisión", "defensoria", "defensoría",
})  # fmt: skip
# what a monitor group's name says it monitors; "Monitor" alone names a paper
_MONITORED = frozenset({"rights", "human", "war", "conflict", "casualties", "casualty", "violations", "violence"})
# a name made only of these words names a kind of reporter, not one ("the monitor", "the UN", "the UN mission")
GENERIC_KINDS: dict[str, frozenset[str]] = {
    # "the army", "the military", "security forces": the one known state army (a government otherwise, below)
    "army": frozenset({"army", "military", "armed", "forces", "troops", "security"}),
    "monitor": frozenset({"monitor", "monitors", "monitoring", "observatory", "watchdog", "rights", "human", "group",
                          "war", "britain", "uk", "london", "based"}),
    "government": frozenset({"government", "authorities", "authority", "officials", "state", "administration", "local",
                             "provincial", "national", "regional", "junta", "regime", "military", "ruling",
                             "central", "federal"}),
    "un": frozenset({"un", "united", "nations", "u", "n", "mission", "agency", "office", "world", "body", "bodies",
                     "humanitarian", "officials", "organization", "organisation", "system", "team", "monitoring",
                     "human", "rights"}),
}  # fmt: skip
# UN bodies that are written without "UN" in their name (their own acronyms)
UN_ACRONYMS = frozenset({
    "ocha", "ohchr", "unicef", "unhcr", "who", "iom", "unrwa", "wfp", "undp", "unfpa", "unesco", "binuh", "hrmmu",
    "monusco", "unmiss", "unama", "unami", "unsmil", "unifil", "minusca", "minusma", "unitams", "unsom", "unmha",
})  # fmt: skip
# what a text may cite without naming who reported ("citing reports", "according to sources")
_NO_REPORTER = frozenset({"reports", "report", "sources", "source", "partners", "media", "accounts", "estimates",
                          "estimate", "data", "figures", "reporting", "information", "local", "initial", "early",
                          "preliminary", "unconfirmed", "ground", "statement", "version", "release", "communique"})
NEWS_AGENCIES = frozenset({"ap", "afp", "reuters", "bbc", "cnn", "dpa", "efe", "ansa", "upi", "wire", "xinhua",
                           # state and national news agencies: outlets that quote reporters, none of their own
                           "irna", "isna", "tasnim", "mehr", "fars", "sana", "tass", "ria", "interfax", "ukrinform",
                           "kcna", "yonhap", "kyodo", "bernama", "antara", "pti", "ians", "ani", "app", "wam", "spa",
                           "mena", "qna", "kuna", "anadolu", "aa", "bna", "petra", "nna", "aps", "map", "tap", "apa",
                           "belta", "pap", "bta", "mti", "ctk", "hina", "tanjug", "ptl", "kpl", "vna", "pna", "ena"})
_WORD = re.compile(r"[a-z0-9]+")


def _load_places() -> dict[str, str]:
    data = yaml.safe_load((Path(__file__).resolve().parent.parent / "data" / "places.yaml").read_text("utf-8"))
    return {str(alias).casefold(): country for country, aliases in data.items() for alias in [country, *aliases]}


PLACES = _load_places()  # place word → its country, from crawler/data/places.yaml
COUNTRIES = frozenset(PLACES.values())


def _load_body_words() -> tuple[dict[str, str], frozenset[str], re.Pattern[str], dict[str, str], re.Pattern[str]]:
    data = yaml.safe_load((Path(__file__).resolve().parent.parent / "data" / "body_words.yaml").read_text("utf-8"))
    phrases = {str(k): str(v) for k, v in data["phrases"].items()}
    phrase = re.compile(r"\b(?:" + "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in phrases) + r")\b")
    documents = "|".join(sorted((re.escape(str(d)).replace(r"\ ", r"\s+") for d in data["documents"]), key=len, reverse=True))
    owned = re.compile(rf"^(?P<owner>.+?)['’]s\s+(?:[\w-]+\s+){{0,3}}?(?:{documents})$", re.IGNORECASE)
    words = {str(k): str(v) for k, v in data["words"].items() if " " not in str(k)}
    return words, frozenset(data["joins"]), owned, phrases, phrase


# "ministère" → "ministry"; the joins of French and Spanish names; "<body>'s <document>"; "armed forces" → "army"
# (crawler/data/body_words.yaml)
BODY_WORDS_EN, _JOINS, _OWNED_DOCUMENT, _PHRASES, _PHRASE = _load_body_words()


# The helpers below are pure functions of a name (and the lexicon, loaded once): each is kept for the last names
# asked, since the versions of a poll, and the polls of a day, name the same people and bodies again and again.
_of_names = lru_cache(maxsize=16384)


def _unaccented(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@_of_names
def _words(name: str, *, translated: bool = True) -> tuple[str, ...]:
    """The words of a name, places as their country and (translated) French and Spanish body words in English."""
    text = _DESCRIPTOR.sub(" ", name.replace("’", "'")).casefold()
    text = re.sub(r"'s\b", " ", text)
    if not text.isascii():
        text = _unaccented(text)
    if translated:
        text = _PHRASE.sub(lambda m: _PHRASES[" ".join(m.group(0).split())], text)
    english = BODY_WORDS_EN if translated else {}
    return tuple(PLACES.get(w, english.get(w, w)) for w in _WORD.findall(text) if w not in _STOP and w not in _JOINS)


@_of_names
def spell_titles(name: str) -> str:
    """The name with its abbreviated titles written out: "Pakistan PM" → "Pakistan prime minister"."""
    out = []
    for token in name.split():
        full = TITLE_ABBREVIATIONS.get(token.replace(".", "").casefold())
        out.append(full if full and token[:1].isupper() else token)
    return " ".join(out)


@_of_names
def _is_title(word: str) -> bool:
    """A word that titles a person: a title, a place or demonym, a possessive country, an acronym ("UN")."""
    if word.isupper() and len(word) > 1:
        return True
    parts = [p for p in re.split(r"[-.]+", re.sub(r"'s$", "", word.replace("’", "'").casefold())) if p]
    return bool(parts) and all(p in TITLE_WORDS or p in _ROLE_WORDS or p in PLACES or p in _STOP for p in parts)


@_of_names
def bare_surname(speaker: str) -> str | None:
    """The surname of a speaker named by it alone or after titles ("Guterres", "President Sheinbaum", "UN
    Sec.-Gen. Guterres"), folded; None for a fuller name, a body, a place or a role."""
    tokens = spell_titles(speaker).split()
    while tokens and _is_title(tokens[0]):
        tokens.pop(0)
    if len(tokens) != 1:
        return None
    word = tokens[0]
    if not word[:1].isupper() or word.isupper() or is_body(word) or word.casefold() in PLACES:
        return None
    return word.casefold()


def _name_words(key: str) -> list[str]:
    """The words of a speaker key that say who it is: a suffix and middle initials aside ("ferdinand r. marcos jr."
    → ["ferdinand", "marcos"])."""
    return [w for i, w in enumerate(key.split()) if not (i > 0 and (w in NAME_SUFFIXES or (len(w) == 2 and w[1] == ".")))]


def name_core(key: str) -> tuple[str, str] | None:
    """(first name, surname) of a person's speaker key, its middle initials and suffix aside: "ferdinand r. marcos
    jr." and "ferdinand marcos jr." are both ("ferdinand", "marcos")."""
    words = _name_words(key)
    return (words[0], words[-1]) if len(words) >= 2 else None


def fuller_speakers(surname: str, known: Iterable[str]) -> tuple[str, ...]:
    """The speaker keys of the one known person whose name ends with this surname ("antonio guterres",
    "secretary-general antonio guterres" for "guterres"; "al-sharaa" for "sharaa"); none when no one or two
    people of that name (another first name) are known. Keys naming no first name ("president sheinbaum")
    are not that person's."""
    people: dict[str, list[str]] = {}
    for key in known:
        words = _name_words(key)  # ("ferdinand r. marcos jr." is "ferdinand marcos")
        if len(words) == 2 and words[0] == surname and "-" in words[1] \
                and words[1].split("-", 1)[0] not in _NAME_PARTICLES:
            # "Choi" of "choi sang-mok": a Korean family name comes first (not "ahmed" of "ahmed al-sharaa")
            people.setdefault(words[1], []).append(key)
            continue
        if len(words) < 2 or not (words[-1] == surname or words[-1].endswith("-" + surname)):
            continue
        if not _is_title(words[-2]):
            people.setdefault(words[-2], []).append(key)
    return tuple(dict.fromkeys(next(iter(people.values())))) if len(people) == 1 else ()


@lru_cache(maxsize=8192)  # matching a name compares it with every known reporter's words, each poll again
def reporter_words(name: str) -> frozenset[str]:
    """The words that name a reporter: no articles, possessives, roles or descriptors; a trailing place after
    'in' kept (the Ministry of Health in Gaza is not the one in Lebanon). A "health minister" speaks for the
    health ministry."""
    words = _words(name)
    out = {w for w in words if w not in _ROLE_WORDS}
    if "minister" in words and len(out) >= 1 and "prime" not in words:
        out.add("ministry")
    if "governor" in words:
        out.add("governorate")  # the governor speaks for the governorate (a Gobernación, a Gouvernorat)
    return frozenset(out)


def names_a_country(name: str | None) -> bool:
    """"Pakistan", "India's": a country as a reporter, as a headline names a body its article names in full."""
    words = reporter_words(name) if name else frozenset()
    return bool(words) and words <= COUNTRIES


@_of_names
def is_body(name: str | None) -> bool:
    """An institution that reports (a ministry, a UN office, a monitor group, an army), not a person or outlet."""
    if not name or not name.strip():
        return False
    words = set(_words(name))
    if words & NEWS_AGENCIES and not words & (_BODY_WORDS - {"service", "services", "group", "agency"}):
        return False
    if words & _BODY_WORDS == {"monitor"} and not words & _MONITORED and "Monitor" in name:
        # "Gulf Monitor", "Daily Monitor", "Al-Monitor": a paper's title; "Euro-Med Human Rights Monitor" and "the
        # Britain-based monitor" report
        return False
    if words & _BODY_WORDS:
        return True
    letters = re.sub(r"[^A-Za-z]", "", name)
    return name.strip().isupper() and 2 <= len(letters) <= 8  # an acronym: SOHR, OCHA, AFAD, BINUH


def voice_of_role(role: str | None, voices: Sequence[str]) -> str | None:
    """The one configured voice (an official's own page) whose name holds every word of this role: "Prime
    Minister" → "Office of the Prime Minister of Haiti", "Guanajuato governor" → "Governor of Guanajuato"; None
    when none or several do, or the role names no office ("a spokesman")."""
    words = set(_words(role)) if role else set()
    if not words & (PERSON_ROLES | _ROLE_WORDS):
        return None
    found = [v for v in voices if words <= set(_words(v))]
    return found[0] if len(found) == 1 else None


def body_of_role(role: str | None) -> str | None:
    """The body a person's role names: "a senior police official" → "police", "Interior Ministry spokesman" →
    "Interior Ministry"; None when the role names none ("regional governor", "a resident")."""
    if not role:
        return None
    kept = [w for w in re.findall(r"[\w'’.-]+", role) if w.casefold() not in _ROLE_WORDS and w.casefold() not in _STOP]
    name = " ".join(kept)
    return name if kept and is_body(name) else None


PERSON_ROLES = SPEAKER_NOUNS - _BODY_WORDS  # "mayor", "teacher", "governor": nouns that name a person by role
_ROLE_NOISE = frozenset({"local", "town", "city", "village", "district", "one", "another", "also", "former"})


_ROLE_OFFICE = re.compile(r"^((?:the\s+)?[a-z][a-z -]*?)['’]s\s+office$")  # a role-holder's office, in lower case


@_of_names  # asked of every recent role each time a phrase names a role (person_in_role, _body_in_role)
def role_words(name: str | None) -> frozenset[str]:
    """The words of a phrase that names someone only by a role ("the local mayor" → {mayor}, "a teacher at the
    school" → {teacher, school}); empty for a name, a body or no role at all."""
    if not name:
        return frozenset()
    office = _ROLE_OFFICE.match(name.strip())
    if office is not None:
        name = office.group(1)  # "the governor's office" speaks for the governor
    if is_person(name) or is_body(name):
        return frozenset()
    words = frozenset(w for w in _words(name) if w not in _ROLE_NOISE)
    return words if words & PERSON_ROLES else frozenset()


@_of_names
def is_person(name: str | None) -> bool:
    """A personal name ("Ashraf al-Qudra"): two to five words, capitalised, none of them an institution's."""
    if not name:
        return False
    tokens = name.replace("’", "'").split()
    if not 2 <= len(tokens) <= 5 or is_body(name):
        return False
    caps = [t for t in tokens if t[:1].isupper() or t.split("-")[-1][:1].isupper()]
    if any(t.islower() and t in PERSON_ROLES for t in tokens):
        return False  # "Norte de Santander's governor": a role in lower case after its place
    return len(caps) >= 2 and not set(_words(name)) & _ROLE_WORDS


_ACRONYM_TAIL = re.compile(r"\s*\(([A-Z]{2,8})\)\s*$")


def match_reporter(name: str, known: Iterable[str], originals: Mapping[str, str] | None = None) -> str | None:
    """match_words, then without the acronym in parentheses a known name may lack ("The Fiscalía General del
    Estado de Guanajuato (FGE)" is the configured "Fiscalía General del Estado de Guanajuato (...)")."""
    names = known if isinstance(known, tuple) else tuple(dict.fromkeys(known))
    found = match_words(name, names, originals)
    if found is None and (tail := _ACRONYM_TAIL.search(name)) is not None and tail.start() > 0:
        found = match_words(name[: tail.start()], names, originals)
    return found


def match_words(name: str, known: tuple[str, ...], originals: Mapping[str, str] | None = None) -> str | None:
    """The one known reporter (configured organizations, reporters of existing series) this name is a shorter,
    longer or reordered way of writing: "Gaza Health Ministry", "the health ministry in the Hamas-run territory"
    and "the ministry's spokesman" are all the "Ministry of Health in Gaza". None when none or several fit."""
    words = reporter_words(name)
    if not words or words <= COUNTRIES:
        return None  # "Greece" is its government, not the Hellenic Coast Guard
    index = _known_index(known)
    by_initials = index.same_initials(name)
    if len(by_initials) == 1:
        return by_initials[0]  # "ISPR" is the "Inter-Services Public Relations (Pakistan)", and back
    # "the health ministry in the Hamas-run territory", "the eastern administration's health minister": a place
    # after "in" or an owner before "'s" is compared only when it is named (capitalised)
    head, place = _split_qualifier(name)
    named_place = {w.casefold() for w in re.findall(r"\b[A-Z][\w'-]*", _DESCRIPTOR.sub(" ", place))}
    if place and place in name and not re.search(r"\s+in\s+", name):
        # an owner before "'s" that is no place is who runs the body, like "Taliban-run": "the Taliban's
        # disaster ministry" is Afghanistan's
        named_place = {w for w in named_place if w in PLACES or w in COUNTRIES}
    core = reporter_words(head) if place else words
    best: list[tuple[float, str]] = []
    lone: list[str] = []  # bodies a descriptor of one distinctive word fits
    for candidate in index.sharing(words | core):  # only those that share a word can fit
        cw = reporter_words(candidate)
        if not cw or (cw & _NON_STATE and not words & _NON_STATE and words <= _STATE_FORCES):
            continue  # "the army" is no "Baloch Liberation Army"
        placed = {w for p in named_place for w in _words(p)}
        where = (originals or {}).get(candidate, candidate)
        # ("Haiti's civil protection agency" of the "Direction générale de la protection civile": what kind of body
        # it is adds nothing, as below)
        if place and core and (core <= cw or (len(kept := core - _GENERIC_EXTRAS) >= 2 and kept <= cw)) and (
                placed <= cw or not (_has_place(candidate) or _has_place(where))):
            bonus = 0.5 if placed and placed <= cw else 0.0  # the place it names is the candidate's own
            best.append((len(core & cw) / len(core | cw) + bonus, candidate))
        elif words <= cw or (cw <= words and len(cw) >= 2 and (_only_places(words - cw, candidate)
                                                               or len(words - cw) == 1 and words - cw <= _BODY_KINDS)):
            # ("Bokkos local government council" of a known "Bokkos local government": one more word of its kind)
            best.append((len(words & cw) / len(words | cw), candidate))
        elif len(words - _GENERIC_EXTRAS) >= 2 and words - _GENERIC_EXTRAS <= cw:
            # "the state civil defence agency" of the "Civil Defence of Rio Grande do Sul": what kind of body
            # it is adds nothing the configured name lacks
            best.append((len(words & cw) / len(words | cw), candidate))
        elif (len(rest := words - _GENERIC_EXTRAS) == 1 and rest <= cw and not rest <= COUNTRIES
              and re.search(r"\b" + next(iter(rest)).capitalize() + r"\b", name) is not None and words != rest):
            # "the monitoring group Decide" of the "Plataforma Eleitoral Decide": a descriptor and the one name word
            # a single known body has
            lone.append(candidate)
        elif words & _BODY_KINDS and cw & _BODY_KINDS and (rest := words - _GENERIC_EXTRAS - _BODY_KINDS) \
                and rest <= cw and not rest <= COUNTRIES:
            # "the national disaster agency" of the "National Disaster Risk Reduction and Management Council":
            # one word says what the body does; taken only where a single known body fits it
            lone.append(candidate)
    if not best:
        return lone[0] if len(lone) == 1 else None
    best.sort(key=lambda b: -b[0])
    if len(best) > 1 and best[0][0] == best[1][0] and reporter_words(best[0][1]) != reporter_words(best[1][1]):
        return None  # "health ministry" with two health ministries configured: leave it as written
    return best[0][1]


@dataclass(frozen=True, slots=True)
class _KnownIndex:
    """The known reporters by word and by initials, so that matching a name reads the few that can fit, not all of
    them: a months-old archive knows thousands of reporters, and every figure and speaker of a poll is matched."""

    order: Mapping[str, int]
    by_word: Mapping[str, tuple[str, ...]]
    by_initials: Mapping[str, tuple[str, ...]]  # initials of a full name, and an acronym it gives in parentheses
    acronyms: Mapping[str, tuple[str, ...]]  # reporters written as an acronym

    def sharing(self, words: Iterable[str]) -> list[str]:
        found = {c for w in words for c in self.by_word.get(w, ())}
        return sorted(found, key=self.order.__getitem__)

    def same_initials(self, name: str) -> list[str]:
        """The known reporters that are an acronym of this name, or whose initials this acronym is."""
        short = _acronym(name) or _qualified_acronym(name)
        if short is not None:
            found = set(self.by_initials.get(short, ()))
        else:
            found = {c for key in (initials(name), *_parenthesised(name)) for c in self.acronyms.get(key, ())}
        return sorted(found, key=self.order.__getitem__)


@lru_cache(maxsize=8)  # one per set of known reporters: it changes only when a series is created
def _known_index(known: tuple[str, ...]) -> _KnownIndex:
    by_word: dict[str, list[str]] = {}
    by_initials: dict[str, list[str]] = {}
    acronyms: dict[str, list[str]] = {}
    for candidate in known:
        for w in reporter_words(candidate):
            by_word.setdefault(w, []).append(candidate)
        short = _acronym(candidate)
        if short is not None:
            acronyms.setdefault(short, []).append(candidate)
            continue
        for key in {initials(candidate), *_qualified_initials(candidate), *_parenthesised(candidate)}:
            by_initials.setdefault(key, []).append(candidate)
    return _KnownIndex(
        {c: i for i, c in enumerate(known)}, {w: tuple(cs) for w, cs in by_word.items()},
        {k: tuple(cs) for k, cs in by_initials.items()}, {k: tuple(cs) for k, cs in acronyms.items()},
    )  # fmt: skip


def _parenthesised(name: str) -> tuple[str, ...]:
    """The acronyms a name gives in parentheses: "Servicio Nacional ... (SNAI)" → ("SNAI",)."""
    return tuple(re.findall(r"\(([A-Z]{2,8})\)", name))


def _acronym(name: str) -> str | None:
    """The name when it is written as an acronym ("ISPR", "the SNAI"), upper-cased; else None."""
    bare = re.sub(r"^(?:the|The)\s+", "", name.strip())
    return bare if 2 <= len(bare) <= 8 and re.fullmatch(r"[A-Z]{2,}\d{0,2}", bare) else None


@_of_names
def _qualified_initials(name: str) -> tuple[str, ...]:
    """The initials of a body's name without the place that closes it: "Provincial Disaster Management Authority
    Khyber Pakhtunkhwa" is also "PDMA" (the place is at most three capitalised words, none of them a body word,
    after at least three that give the initials)."""
    words = re.findall(r"[A-Za-z][\w']*", name.split("(", 1)[0])
    caps = [w for w in words if w[0].isupper()]
    out = []
    for k in range(max(3, len(caps) - 3), len(caps)):
        if not is_body(" ".join(caps[k:])):
            out.append("".join(w[0] for w in caps[:k]).upper())
    # and without the place that opens it: the "Borno State Emergency Management Agency" is also "SEMA" (one or
    # two words, no body word, before at least four that give the initials)
    for k in (1, 2):
        if len(caps) - k >= 4 and not is_body(" ".join(caps[:k])):
            out.append("".join(w[0] for w in caps[k:]).upper())
    return tuple(out)


@_of_names
def _qualified_acronym(name: str) -> str | None:
    """"PDMA KP", "PDMA Khyber Pakhtunkhwa", "NDMA Pakistan": an acronym followed only by where its body is; and
    "Borno SEMA": one preceded by it."""
    bare = re.sub(r"^(?:the|The)\s+", "", name.strip())
    lead, _, last = bare.rpartition(" ")
    if lead and len(lead.split()) <= 2 and all(w[:1].isupper() and not w.isupper() for w in lead.split()) \
            and not is_body(lead) and len(last) >= 3 and _acronym(last) is not None:
        return _acronym(last)
    first, _, rest = bare.partition(" ")
    tail = rest.split()
    named = " ".join(w for w in tail if not (w.isupper() and len(w) <= 3))  # "KP", "DRC": a place's initials
    if not tail or len(tail) > 3 or not all(w[:1].isupper() for w in tail) or is_body(named):
        return None
    return _acronym(first) if len(first) >= 3 else None


def _unnamed_group(name: str) -> bool:
    """A body's own people named by no name ("party members", "its volunteers", "our teams"): on its own page their
    count is the body's (residents or rights groups it cites are not)."""
    bare = re.sub(r"^(?:the|a|an|its|their|our)\s+", "", name.strip(), flags=re.I)
    words = bare.split()
    return bool(words) and not any(w[:1].isupper() for w in words) and words[-1].lower() in _OWN_PEOPLE


_OWN_PEOPLE = frozenset({"members", "staff", "volunteers", "teams", "team", "activists", "monitors", "workers"})


def _role_asked(phrase: str) -> tuple[frozenset[str], frozenset[str]] | None:
    """(the role's words, the place it names) of a phrase naming someone by role, or None. "Norte de Santander's
    governor": the owner before "'s" says where."""
    words = role_words(phrase)
    if not words:
        return None
    head, owner = _split_qualifier(phrase)
    where = frozenset(_words(owner)) if owner and head != phrase.replace("’", "'") else frozenset()
    return words - where, where


def person_in_role(phrase: str, quoted: Iterable[tuple[str, int, str]]) -> str | None:
    """The speaker key of the one person among `quoted` ((role, source id, speaker key) of recent official
    statements) whose role this phrase names ("the prefect" → the "Prefect" François-Xavier Bieuville); None for
    a phrase that names no role alone, or a role several people were quoted in."""
    asked = _role_asked(phrase)
    if asked is None or not asked[0]:
        return None
    found = {key for role, _source, key in quoted if _role_fits(role, *asked)}
    return found.pop() if len(found) == 1 else None


def _role_fits(role: str, core: frozenset[str], where: frozenset[str]) -> bool:
    """A role quoted in the archive is the one asked for: a role that names no place of its own ("Governor") takes
    the place asked, one that names another place ("Governor of Kherson") does not."""
    known = role_words(role)
    return core <= known and (where <= known or not known - core)


_GIVEN_ACRONYM = re.compile(r"\(([A-Z]{2,8})\)\s*$")
_NAME_FUNCTION_WORDS = frozenset({"of", "the", "for", "and", "de", "la", "le", "les", "du", "des", "et", "d", "l"})


def _acronym_of_body(written: str, body: str) -> bool:
    """The written name is the body's acronym, alone ("DGPC") or after a name in another language ("Haiti's Civil
    Protection General Directorate (DGPC)" of the "Direction générale de la protection civile"): the initials of
    the body's words, its function words ("de", "la", "of") aside."""
    given = _GIVEN_ACRONYM.search(written.strip())
    acronym = given.group(1) if given else _acronym(written)
    if acronym is None or len(acronym) < 3:
        return False
    words = [w for w in re.findall(r"[^\W\d_][\w]*", body.split("(", 1)[0]) if w.lower() not in _NAME_FUNCTION_WORDS]
    return acronym == "".join(w[0] for w in words).upper()


@_of_names
def initials(name: str) -> str:
    """The initials of a body's capitalised name words, before any parenthesis: "Inter-Services Public Relations
    (Pakistan)" → "ISPR", "Syrian Observatory for Human Rights" → "SOHR"; a number is kept whole: "Police Regional
    Office 5" → "PRO5"."""
    head = name.split("(", 1)[0]
    return "".join(w if w.isdigit() else w[0] for w in re.findall(r"[A-Za-z][\w']*|\b\d{1,2}\b", head)
                   if w[0].isupper() or w.isdigit()).upper()


# words of an armed group's own name that no state's forces carry, and the forces a bare descriptor names
_NON_STATE = frozenset({"liberation", "independence", "resistance", "rebel", "rebels", "insurgent", "insurgents",
                        "mujahideen", "jihad"})
_STATE_FORCES = frozenset({"army", "military", "forces", "police", "navy", "troops"})
_GENERIC_EXTRAS = frozenset({"state", "national", "federal", "regional", "provincial", "local", "agency", "service",
                             "body", "group", "opposition", "exiled", "parallel", "rival", "shadow",
                             # "the rights group Ain o Salish Kendra", "the watchdog X": what kind of group it is
                             "rights", "human", "watchdog", "charity", "ngo", "organisation", "organization",
                             "office",  # "the office of the Refugee Relief and Repatriation Commissioner"
                             "monitoring", "platform"})  # "the monitoring group Decide"
# what kind of body a descriptor names ("the disaster agency"): any of them describes a body of another of them
_BODY_KINDS = frozenset({"agency", "authority", "body", "commission", "council", "department", "office", "service"})


@_of_names
def _has_place(name: str) -> bool:
    """Whether a name says where its body is ("Ministry of Health in Gaza", "Ministry of Health (Benghazi)"). A
    parenthesis says where only when it names a known place: "(Basarnas)", "(OCHA)" are the body's own names."""
    return bool(_split_qualifier(name)[1] or any(
        w in PLACES for inner in re.findall(r"\(([^)]*)\)", name) for w in _WORD.findall(inner.casefold())))


_OWNER = re.compile(r"^(.*?\w)(?:'s|(?<=s)')\s+(.+)$")
_PARENTHESES = re.compile(r"\s*\([^)]*\)")


@_of_names
def _split_qualifier(name: str) -> tuple[str, str]:
    """(the reporter's own words, a qualifier: a place after "in", an owner before "'s")."""
    text = name.replace("’", "'")
    m = re.search(r"\s+in\s+", text)
    if m:
        return text[: m.start()], text[m.end() :]
    # an owner's "'s" (or a plural's "s'": "the Philippines' disaster council"); one inside parentheses is part of
    # the body's other name ("Fiscalía General del Estado (Attorney General's Office)"), no owner
    m = _OWNER.search(_PARENTHESES.sub(" ", text))
    if m and len(reporter_words(m.group(2))) >= 1:
        return m.group(2), m.group(1)
    # "Lebanese Health Ministry", "Syrian health ministry": a leading proper adjective says where
    m = re.match(r"^(?:the\s+)?([A-Z][a-z]+)\s+(.+)$", text)
    if m and m.group(1).casefold() not in _BODY_WORDS and not set(_words(m.group(1))) & _BODY_WORDS \
            and m.group(1).casefold() not in GENERIC_KINDS["government"] \
            and set(_words(m.group(2))) & _BODY_WORDS:  # ("National", "Federal": no place)
        return m.group(2), m.group(1)
    return text, ""


def _only_places(extra: frozenset[str], candidate: str) -> bool:
    """Extra words a longer name may add to a known reporter: lower-case qualifiers, not another institution."""
    return not extra & _BODY_WORDS and len(extra) <= 2 and all(w not in NEWS_AGENCIES for w in extra)


# --- canonical perpetrators ------------------------------------------------------------------------------

# words that describe members or kind of a group without naming another one ("fighters of the paramilitary RSF")
_PERP_NOISE = frozenset({
    "the", "a", "an", "of", "by", "from", "and", "fighters", "fighter", "members", "member", "militants", "militant",
    "gunmen", "men", "units", "unit", "elements", "paramilitary", "armed", "troops", "soldiers", "loyal", "to",
    "affiliated", "with", "linked", "allied", "so", "called", "group", "groups", "its", "their", "attacks", "attack",
    "strikes", "strike", "shelling", "fire",
})  # fmt: skip


def perpetrator_key(name: str | None) -> str:
    """One key per perpetrator however it is written: "Fighters of the Rapid Support Forces", "the paramilitary
    Rapid Support Forces" and "RSF" are all "RSF" (initials of a multi-word name, an acronym as written)."""
    if not name or not name.strip():
        return ""
    text = _DESCRIPTOR.sub(" ", name.replace("’", "'"))
    text = re.sub(r"'s\b", "", text)
    tokens = [t for t in re.findall(r"[A-Za-z0-9]+", text) if t.casefold() not in _PERP_NOISE]
    if not tokens:
        return ""
    if len(tokens) == 1:
        return tokens[0].upper() if tokens[0].isupper() else tokens[0].casefold()
    return "".join(t[0] for t in tokens).upper()


def breakdown_perpetrators(figures: Sequence[tuple[str, str, str, str]]) -> set[tuple[str, str, str]]:
    """(reporter, outcome, victim group) that a version breaks down by perpetrator: the same reporter gives
    figures for two or more different perpetrators (SNHR's 148 by non-state groups, 327 by security forces).
    Input: (reporter, outcome, victim group, perpetrator key) of each figure of the version."""
    seen: dict[tuple[str, str, str], set[str]] = {}
    for reporter, outcome, victim, perp in figures:
        if perp:
            seen.setdefault((reporter, outcome, victim), set()).add(perp)
    return {k for k, perps in seen.items() if len(perps) >= 2}


def generic_kind(name: str) -> str | None:
    """'monitor' or 'un' when a name only says what kind of reporter spoke ("the Britain-based monitor", "the UN")."""
    words = set(_words(_split_qualifier(name)[0])) - (_ROLE_WORDS - {"officials", "official"})
    if not words:
        return None
    for kind, vocabulary in GENERIC_KINDS.items():
        if words <= vocabulary and words - {"based", "britain", "uk", "london", "human", "rights", "group", "world"}:
            return kind
    return None


@lru_cache(maxsize=65536)
def _of_kind(name: str, kind: str, monitors: tuple[str, ...]) -> bool:
    return of_kind(name, kind, monitors)


def of_kind(name: str, kind: str, monitors: Iterable[str]) -> bool:
    words = set(_words(name))
    un = bool(words & {"un", "unicef", "unhcr", "unrwa"} or {"united", "nations"} <= words or words & UN_ACRONYMS)
    monitor = name in set(monitors) or bool(words & {"observatory", "monitor", "monitors", "watchdog", "network"})
    if kind == "un":
        return un
    if kind == "monitor":
        return monitor
    if kind == "army":
        # a known army voice, or a body whose name says army or military; no armed group named an army
        return not un and not monitor and (
            canonical_reporter(name) in ARMY_VOICES or (is_body(name) and bool(words & ARMY_WORDS)
                                                        and not words & _NON_STATE))
    # a government body: not the UN, not a monitor group, not an aid or medical organization
    state = {"ministry", "government", "presidency", "council", "administration", "army", "military", "forces",
             "defence", "defense", "police", "authority", "authorities", "prosecutor", "junta", "office"}
    return is_body(name) and not un and not monitor and bool(words & state)


_ROLE_ANAPHOR = re.compile(r"[Tt]he ([a-z]+)")


# "the group said" below the one group a report names: the words that refer back to a non-state body
_GROUP_ANAPHORS = frozenset({"group", "organisation", "organization", "platform", "charity", "watchdog", "network",
                             "coalition", "collective"})
_STATE_WORDS = frozenset({"ministry", "government", "army", "police", "military", "forces", "office", "council",
                          "presidency", "authority", "prefecture", "governorate", "department", "agency", "president"})


def version_bodies(reporters: Iterable[str | None]) -> tuple[str, ...]:
    """The named bodies among a version's figure reporters: no person, no "the <noun>" reference, no kind ("the
    monitor"), no country. The ones "the group" (a non-state body) or "the agency" (a state body of that word)
    refer back to."""
    out: dict[str, None] = {}
    for r in reporters:
        if not r or is_person(r) or _ROLE_ANAPHOR.fullmatch(r.strip()) or generic_kind(r) is not None \
                or names_a_country(r):
            continue
        out[r] = None
    return tuple(out)


def version_roles(speakers: Iterable[tuple[str, str | None]]) -> dict[str, str]:
    """A word of a role → the one person quoted under it, of a version's (speaker, role) pairs: "minister" →
    "Pascoal Ronda" of ("Pascoal Ronda", "Minister of the Interior"); a word two people's roles share is nobody's."""
    found: dict[str, set[str]] = {}
    for speaker, role in speakers:
        if not role or not is_person(speaker):
            continue
        for word in _words(role):
            if word in PERSON_ROLES:
                found.setdefault(word, set()).add(speaker)
    return {w: next(iter(people)) for w, people in found.items() if len(people) == 1}


def publishes_itself(organization: str | None, reporters: Reporters, monitors: Iterable[str]) -> bool:
    """A source of this organization publishes a reporter's own word (a body, a monitor group), not an outlet's."""
    if not organization:
        return False
    return is_body(organization) or reporters.normalize(organization) in {reporters.normalize(m) for m in monitors}


@dataclass(frozen=True, slots=True)
class ReporterResolver:
    """Who a figure of one version belongs to: the canonical reporter, resolved against the configured
    organizations and the reporters that already have a series, so that rewordings join one series."""

    reporters: Reporters
    known: tuple[str, ...]  # configured organizations that are bodies, then reporters of existing series
    source_org: str | None  # the organization publishing this version
    affiliations: Mapping[str, str]  # person → organization, from the version's own statements
    monitors: tuple[str, ...]
    organizations: Mapping[int, str | None]  # source id → organization, for "the reporter's own publications"
    # reporter → (outcome, victim group) of its series: which of several monitors or UN bodies "the monitor" is
    series_of: Mapping[str, frozenset[tuple[str, str]]] = field(default_factory=dict)
    # person → the body their role names ("senior police official Muhammad Baloch" → police), from the statements
    role_bodies: Mapping[str, str] = field(default_factory=dict)
    # a word of a role → the one person the version quotes under it: "the minister said" below "Minister of the
    # Interior Pascoal Ronda said" (version_roles)
    role_people: Mapping[str, str] = field(default_factory=dict)
    # the version's figure reporters that are named bodies: the one "the group" or "the agency" refers back to
    version_bodies: tuple[str, ...] = ()
    # person reporter → the roles the archive has quoted them under: who "the mayor of Bankass" is
    person_roles: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    role_sources: tuple[tuple[str, int], ...] = ()  # (role, source id) of recent official statements with a role
    # person → the sources that have quoted them: one that is a body's own page says whom they speak for
    person_sources: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    # normalized known reporter → as given
    _known: dict[str, str] = field(init=False, repr=False, compare=False)
    _known_names: tuple[str, ...] = field(init=False, repr=False, compare=False)
    _known_given: tuple[str, ...] = field(init=False, repr=False, compare=False)
    # each name's canonical(), which depends on `reporters` and `known` only: resolvers of the same known
    # reporters may share it (the versions of a poll name the same speakers and bodies again and again)
    memo: dict[str, str | None] = field(default_factory=dict, repr=False, compare=False)
    _own_sources: dict[str, list[int]] | None = field(init=False, repr=False, compare=False, default=None)
    # organization → its reporter when it publishes itself, else None: kept by the tracker for the process (an
    # organization is a known body itself, so its one name does not change as series come and go)
    owners: dict[str | None, str | None] = field(default_factory=dict, repr=False, compare=False)

    # what the resolvers of the same known reporters derive alike (the known reporters by their one name, the
    # sources that publish as each): kept by the tracker with `memo`, built by the first of them
    shared: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        derived = self.shared.get("known")
        if derived is None:
            known = {self.reporters.normalize(k) or k: k for k in self.known}
            # the two lists match_reporter is given, built once (it indexes them by their tuple)
            derived = self.shared["known"] = (known, tuple(known), tuple(dict.fromkeys(known.values())))
        object.__setattr__(self, "_known", derived[0])
        object.__setattr__(self, "_known_names", derived[1])
        object.__setattr__(self, "_known_given", derived[2])

    def canonical(self, name: str | None) -> str | None:
        """An organization's or reporter's one name: aliases first, then a known reporter it is a wording of."""
        if name is None:
            return None
        try:
            return self.memo[name]
        except KeyError:
            found = self.memo[name] = self._resolve(name)
            return found

    def _resolve(self, name: str) -> str | None:
        named = self.reporters.normalize(name)
        if named is None:
            return None
        if self.reporters.aliases.get(_fold(named)) == named:
            return named  # a configured alias decides
        known = self._known
        found = match_reporter(named, self._known_names, known) or match_reporter(name, self._known_given)
        if found is None:
            return named
        return found if found in known else self.reporters.normalize(found) or found

    @property
    def own(self) -> str | None:
        """The publishing organization as a reporter, when it is a body that reports (not a news outlet)."""
        org = self.source_org
        if not publishes_itself(org, self.reporters, self.monitors):
            return None
        return self.canonical(org)

    def reporter(self, reported_by: str | None, outcome: str = "", victim_group: str = "") -> str | None:
        """The figure's reporter; a figure nobody is named for, or a person speaking on a body's own page
        ("Ministry spokesman Ashraf al-Qudra said"), is the publishing body's; "the monitor" or "the UN" is the
        one known monitor or UN body (the one with a series of this outcome and victim group, if several)."""
        if not reported_by or not reported_by.strip() or set(_words(reported_by)) <= _NO_REPORTER:
            return self.own  # "citing reports from partners": the publisher's own figure, or nobody's
        # (a body's own name described by a role, "The UN mission, MONUSCO", is that body, not the role's)
        if is_person(reported_by) or (reported_by in self.role_bodies and _acronym(reported_by) is None):
            role_body = self.role_bodies.get(reported_by)
            if role_body and set(_words(role_body)) <= _GENERIC_EXTRAS:
                role_body = None  # "the rights group Ain o Salish Kendra": a descriptor, no body of its own
            if role_body and self.own and self.canonical(role_body) == self.own:
                return self.own  # "UN Human Rights Office spokesperson X" on OHCHR's feed: OHCHR's, not the UN's
            org = self.affiliations.get(reported_by)
            if org and is_body(org):
                return self.canonical(org)
            if self.own is None and role_body and generic_kind(role_body) == "army":
                return self.reporter(role_body, outcome, victim_group)  # "army spokesman X": the army, as above
            return self.own or self.canonical(role_body or self._body_quoting(reported_by) or reported_by)
        if self.own is not None and _unnamed_group(reported_by):
            # "according to a count compiled by party members" on CHADEMA's own feed: the body's own count
            return self.own
        described, comma, named = reported_by.rpartition(",")
        if comma and _acronym(named.strip()) and not is_person(described):
            return self.reporter(named.strip(), outcome, victim_group)  # "The UN mission, MONUSCO": MONUSCO
        if self.own is not None and _acronym_of_body(reported_by, self.own):
            return self.own  # "Haiti's Civil Protection General Directorate (DGPC)" on the DGPC's own feed
        anaphor = _ROLE_ANAPHOR.fullmatch(reported_by.strip())
        if anaphor is not None and anaphor.group(1) in self.role_people:
            return self.reporter(self.role_people[anaphor.group(1)], outcome, victim_group)
        if anaphor is not None and anaphor.group(1) in _GROUP_ANAPHORS:
            # (a non-state body: "the group" never points at a ministry)
            named = {self.canonical(b) for b in self.version_bodies if not set(_words(b)) & _STATE_WORDS}
            if len(named) == 1:
                return named.pop()  # "The group said 586 were wounded" below "Decide said": Decide
        kind_word = anaphor.group(1) if anaphor is not None else reported_by.strip().casefold()
        if kind_word in _STATE_WORDS and self.own is not None and kind_word in _words(self.own):
            return self.own  # "police said" on the Jammu and Kashmir Police's own page: that police
        if kind_word in _STATE_WORDS:
            # ("Police say more than 2,500 arrested" above "Dhaka Metropolitan Police said 2,536": a headline's
            # bare kind of body is the one body of that kind its report names)
            named = {self.canonical(b) for b in self.version_bodies if kind_word in _words(b) and _words(b) != (kind_word,)}
            if len(named) == 1:
                # "According to the agency, 361 were injured" below "the state civil defence agency said"
                return named.pop()
        person = self._person_in_role(reported_by)
        if person is not None:
            return person  # "the mayor of Bankass", "the local mayor" after "Moulaye Guindo, the mayor of Bankass"
        body = self._body_in_role(reported_by)
        if body is not None:
            return body  # "the governor" after "Governor Hyacinth Alia said" on the state government's own page
        kind = generic_kind(reported_by)
        if kind is not None:
            countries = frozenset(_words(reported_by)) & COUNTRIES
            found = self._one_of_kind(kind, outcome, victim_group, countries)
            if found is None and kind == "army":
                # "the military", "Cameroon's army": with no army of its own known, the state's government speaks
                # (the one known government, of the country named if one is)
                found = self._one_of_kind("government", outcome, victim_group, countries)
            if found is not None:
                return found
        return self.canonical(reported_by)

    def _body_quoting(self, person: str) -> str | None:
        """The one body whose own source has quoted this person (the governor on his administration's channel)."""
        bodies = set()
        for source_id in self.person_sources.get(person, ()):
            org = self.organizations.get(source_id)
            if org and publishes_itself(org, self.reporters, self.monitors):
                bodies.add(self.canonical(org))
        return bodies.pop() if len(bodies) == 1 else None

    def _person_in_role(self, reported_by: str) -> str | None:
        """The one person with a series whom the archive has quoted under a role this phrase names."""
        asked = _role_asked(reported_by) if self.person_roles else None
        if asked is None:
            return None
        found = {person for person, roles in self.person_roles.items() if any(_role_fits(r, *asked) for r in roles)}
        return next(iter(found)) if len(found) == 1 else None

    def _body_in_role(self, reported_by: str) -> str | None:
        """The one body on whose own page an official was recently quoted under a role this phrase names: a figure
        given by "Jamaica's information minister" on a wire is the government's whose page quotes "Information
        Minister Dana Morris Dixon" (her figures there are its own)."""
        asked = _role_asked(reported_by) if self.role_sources else None
        if asked is None:
            return None
        found = set()
        for role, source_id in self.role_sources:
            org = self.organizations.get(source_id)
            if org and _role_fits(role, *asked) and publishes_itself(org, self.reporters, self.monitors):
                found.add(self.canonical(org))
                if len(found) > 1:
                    return None
        return found.pop() if found else None

    def _one_of_kind(self, kind: str, outcome: str, victim_group: str, countries: frozenset[str]) -> str | None:
        # the known reporters of that kind, by their one name (each judged once per process: a months-old archive
        # knows thousands, and the series' reporters are already their one name)
        monitors = tuple(self.monitors)
        names = {n for n in self._known if _of_kind(n, kind, monitors)}
        # "the Pakistani military" is no other country's army
        candidates = sorted(n for n in names
                            if not (countries and (theirs := set(_words(n)) & COUNTRIES) and not theirs & countries))
        if len(candidates) > 1:
            candidates = [c for c in candidates if (outcome, victim_group) in self.series_of.get(c, ())] or [
                c for c in candidates if any(o == outcome for o, _v in self.series_of.get(c, ()))
            ]
        return candidates[0] if len(candidates) == 1 else None

    def is_own(self, reporter: str | None) -> bool:
        """The version is the reporter's own publication: it is the publisher, a body that reports (`own`), or a
        publisher of any kind that its text names as the figure's source ("Ain o Salish Kendra said 201 ..." on
        the rights group's own page: its newer word, which may lower its count)."""
        if reporter is None:
            return False
        return reporter == self.own or (self.source_org is not None and reporter == self.canonical(self.source_org))

    def own_sources(self, reporter: str) -> list[int]:
        """Sources that publish as this reporter (its own feed or page). The map is built once per resolver, each
        organization judged once: tracking asks for every figure, and a config may hold thousands of sources."""
        if self._own_sources is None:
            cached = self.shared.get("own")
            if cached is not None and cached[0] is self.organizations:
                own: dict[str, list[int]] = cached[1]
            else:
                by_org = self.owners
                own = {}
                for source_id, org in self.organizations.items():
                    if org not in by_org:
                        by_org[org] = self.canonical(org) if publishes_itself(org, self.reporters, self.monitors) \
                            else None
                    owner = by_org[org]
                    if owner is not None:
                        own.setdefault(owner, []).append(source_id)
                self.shared["own"] = (self.organizations, own)
            object.__setattr__(self, "_own_sources", own)
        assert self._own_sources is not None
        return list(self._own_sources.get(reporter, ()))


def display_reporter(reporter: str, written: str | None) -> str:
    """The series' reporter as an alert shows it: its canonical name, and how this publication named it when
    that says more ("Gaza Health Ministry — Ashraf al-Qudra", "… — the eastern administration's health minister")."""
    if not written or not written.strip():
        return reporter
    shown = " ".join(re.sub(r"^(?:the|a|an)\s+", "", written.strip(), flags=re.I).split())
    if set(_words(shown, translated=False)) <= set(_words(reporter, translated=False)):
        return reporter  # (a wording in another language says more: "Ministère de l'Intérieur — Ministry of ...")
    return f"{reporter} — {shown}"
