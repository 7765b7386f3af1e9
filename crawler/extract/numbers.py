"""Number mentions: digits (incl. Arabic-Indic), number words, vague amounts, ranges and qualifiers.

Also the cheap tests that rule a number out as a count of people (ages, years, money, units).
"""

from __future__ import annotations

import re
from typing import Final, NamedTuple

from crawler.extract.lexicon import LEXICON, word_pattern

# Arabic-Indic and Extended Arabic-Indic digits map one char to one char, so offsets survive.
_DIGIT_MAP = {0x0660 + i: ord("0") + i for i in range(10)}
_DIGIT_MAP.update({0x06F0 + i: ord("0") + i for i in range(10)})
_DIGIT_MAP[0x066C] = ord(",")  # Arabic thousands separator
_DIGIT_MAP[0x066B] = ord(".")  # Arabic decimal separator
_DIGIT_MAP[0x2009] = ord(" ")  # thin space
_DIGIT_MAP[0x00A0] = ord(" ")
_DIGIT_MAP[0xFFFD] = ord(" ")  # bytes that were not UTF-8: read as a space so words around them survive


_NEEDS_MAP: Final = re.compile("[" + "".join(chr(c) for c in sorted(_DIGIT_MAP)) + "]")


def to_ascii_digits(text: str) -> str:
    """Same-length copy of text with Arabic-Indic digits and separators made ASCII."""
    if _NEEDS_MAP.search(text) is None:
        return text  # the usual case: one regex scan instead of a per-character translate
    return text.translate(_DIGIT_MAP)


_UNITS: Final = {w: int(v) for w, v in LEXICON.table("number_words").items()}
_MULTIPLIERS: Final = {w: int(v) for w, v in LEXICON.table("number_multipliers").items()}  # dozen, hundred
_SCALES: Final = {w: int(v) for w, v in LEXICON.table("number_scales").items()}  # thousand, million, ...
_SUFFIXES: Final = {w: int(v) for w, v in LEXICON.table("number_suffixes").items()}  # after digits: "5m", "3bn"
_FRACTIONS: Final = {w: float(v) for w, v in LEXICON.table("number_fractions").items()}
_ARTICLES: Final = LEXICON.rule_words("numbers", "articles")
_VAGUE_PHRASES: Final = LEXICON.rule_words("numbers", "vague")
_WORD: Final = word_pattern([*_UNITS, *_MULTIPLIERS, *_SCALES])
_VAGUE: Final = word_pattern(_VAGUE_PHRASES, {" ": r"\s+"})
# "two-thirds of those killed": a share, not a count
_DENOMINATOR: Final = word_pattern(LEXICON.rule_words("numbers", "fraction_denominators"))
_DIGITS: Final = r"(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?:\.\d{3})+(?![\d,])|\d+)(?:\.\d+)?"
_SCALE_SUFFIX: Final = r"(?:\s?(?P<scale>" + word_pattern(_SUFFIXES) + r")(?!\w))"

_NUMBER: Final = re.compile(
    rf"(?P<dig>(?<![\w.,/])(?<![A-Za-z]-){_DIGITS}{_SCALE_SUFFIX}?(?!\w|[.,]\d))"
    # (a match starts at a candidate, never at an article: find_numbers adds "a" before "a dozen")
    r"|(?P<frac>\b(?P<fracw>" + word_pattern(_FRACTIONS) + r")\s+(?:"
    + word_pattern(LEXICON.rule_words("numbers", "fraction_links"), {" ": r"\s+"}) + r"\s+)?"
    r"(?P<fracs>" + word_pattern(LEXICON.rule_words("numbers", "fraction_scales")) + r")\b)"
    rf"|(?P<vague>\b{_VAGUE}\b)"
    # at most 12 words: the longest count in words ("nine hundred ninety nine thousand ...") has 8; a longer run is a list
    # ("four hundred and thirteen", "two thousand and five": an "and" after a scale word joins the phrase)
    rf"|(?P<word>\b{_WORD}(?:[ \t-]+(?:(?<=hundred[ \t])and[ \t]+|(?<=thousand[ \t])and[ \t]+)?{_WORD}){{0,11}}"
    rf"\b(?!-{_DENOMINATOR}\b))",
    re.IGNORECASE,
)




# Fast pre-scan: the full _NUMBER pattern is then matched only at these candidate positions. The words as
# written in text: lower case, capitalised or all capitals; one trie (see word_pattern) scans fastest.
_CANDIDATE_WORDS: Final = {*_UNITS, *_MULTIPLIERS, *_SCALES, *_FRACTIONS,
                    *(p.split()[0] for p in _VAGUE_PHRASES if p.split()[0] not in _ARTICLES)}
_CANDIDATE: Final = re.compile(word_pattern(
    # a digit run only where the digit branch of _NUMBER may start (its look-behinds, checked once the first
    # digit is read so that every branch starts with a literal): "1,1,1,..." is one candidate
    [*(f"{d}\x00" for d in "0123456789"),
     *(f"{v[0]}\x01{v[1:]}\x02" for w in _CANDIDATE_WORDS for v in (w, w[0].upper() + w[1:], w.upper()))],
    {"\x00": r"(?<![\w.,/]\d)(?<![A-Za-z]-\d)\d*", "\x01": r"(?<![A-Za-z].)", "\x02": r"\b"},
))

_QUALIFIERS: dict[str, list[str]] = {}  # label → phrases, in the lexicon's order
for _phrase, _label in LEXICON.table("number_qualifiers").items():
    _QUALIFIERS.setdefault(_label, []).append(_phrase)
_QUAL_LABELS: Final = list(_QUALIFIERS)
_SPACE_RUN: Final = {" ": r"\s+"}  # a space in a lexicon phrase: any run of spaces
_QUAL_RE: Final = re.compile(  # one group per label (q0, q1, ...: _QUAL_LABELS[i])
    r"(?:" + "|".join(f"(?P<q{i}>" + r"\b" + word_pattern(_QUALIFIERS[label], _SPACE_RUN) + ")"
                      for i, label in enumerate(_QUAL_LABELS)) + r")\s+$",
    re.IGNORECASE,
)
# Last words of the qualifiers: a cheap pre-test before the regex.
_QUAL_LAST: Final = frozenset(p.split()[-1] for phrases in _QUALIFIERS.values() for p in phrases)
# Verb-like qualifiers ("tops 5,000") are not part of the number phrase itself.
_VERB_QUALIFIERS: Final = LEXICON.rule_words("numbers", "verb_qualifiers")
_RANGE_AND: Final = LEXICON.rule_words("numbers", "range_and")
_RANGE_OPENERS: Final = LEXICON.rule_words("numbers", "range_openers")
_RANGE_JOIN: Final = re.compile(r"\s*(?:-|–|—|" + word_pattern(LEXICON.rule_words("numbers", "range_to")) + r")\s*$|\s+"
                         + word_pattern(_RANGE_AND) + r"\s+$", re.IGNORECASE)
_BETWEEN: Final = re.compile(r"\b" + word_pattern(_RANGE_OPENERS | LEXICON.rule_words("numbers", "range_not_openers"))
                      + r"\s+$", re.IGNORECASE)


_WORD_SPLIT: Final = re.compile(r"[\s-]+")
_EURO_THOUSANDS: Final = re.compile(r"\d{1,3}(?:\.\d{3})+")
_ARTICLE_BEFORE: Final = re.compile(r"(?i)" + word_pattern(_ARTICLES) + r"\s")
_SPACES: Final = re.compile(r"\s+")


class NumberMention(NamedTuple):
    """A number phrase: [start, end) covers the qualifier and the number (and range end).

    (A NamedTuple: made for every number of every text, and four times cheaper to make than a frozen dataclass.)
    """

    start: int
    end: int
    num_start: int
    value: int | None
    value_max: int | None
    qualifier: str
    vague: str | None
    is_word: bool
    decimal: bool  # a non-integer without a scale word ("7.7"): never a head count


def _parse_words(phrase: str) -> int | None:
    total = 0
    current = 0
    seen = False
    for w in _WORD_SPLIT.split(phrase.lower()):
        if not w or w in _ARTICLES:
            continue
        seen = True
        if w in _UNITS:
            current += _UNITS[w]
        elif w in _MULTIPLIERS:
            current = max(current, 1) * _MULTIPLIERS[w]
        elif w in _SCALES:
            total += max(current, 1) * _SCALES[w]
            current = 0
    return total + current if seen else None


def _parse_digits(raw: str, scale: str | None) -> tuple[int | None, bool]:
    body = raw
    if scale:
        body = raw[: len(raw) - len(scale)].strip()
    mult = 1
    if scale:
        mult = _SUFFIXES[scale.lower()]
    if "," in body:
        body = body.replace(",", "")
    elif mult == 1 and _EURO_THOUSANDS.fullmatch(body):
        # "1.383" with three-digit groups: a European thousands separator
        body = body.replace(".", "")
    try:
        val = float(body) * mult
    except ValueError:
        return None, False
    # a decimal point without a scale word is a measurement, even a round one ("magnitude 6.0", "7.7")
    decimal = mult == 1 and "." in body
    return int(round(val)), decimal


def find_numbers(text: str, start: int = 0, end: int | None = None, limit: int | None = None) -> list[NumberMention]:
    """Number mentions starting in text[start:end] (expects ASCII digits: see to_ascii_digits), ranges merged.

    limit: a span holding more mentions than that gives none (a table or junk; see MAX_NUMBERS), found
    before any is parsed.
    """
    end = len(text) if end is None else end
    search = _CANDIDATE.search
    pos = start
    found: list[re.Match[str]] = []
    while (cand := search(text, pos, end)) is not None:  # a search from the last mention's end skips its words
        m = _NUMBER.match(text, cand.start())
        if m is None:
            pos = cand.end()
            continue
        found.append(m)
        if limit is not None and len(found) > limit:
            return []
        pos = m.end()
    raw: list[NumberMention] = []
    for m in found:
        start = m.start()
        if m.group("word") and (art := _ARTICLE_BEFORE.match(text[max(0, start - 3) : start].lstrip()[-3:] or "x")):
            # "a dozen", "a hundred": the article belongs to the number phrase
            back = text.rfind(art.group(0)[:-1].lower(), max(0, start - 3), start)
            if back >= 0 and (back == 0 or not text[back - 1].isalnum()):
                start = back
        if m.group("dig"):
            value, decimal = _parse_digits(m.group("dig"), m.group("scale"))
            vague = None
            is_word = False
        elif m.group("frac"):
            scale = m.group("fracs").lower()
            value = int(_FRACTIONS[m.group("fracw").lower()] * (_SCALES.get(scale) or _MULTIPLIERS[scale]))
            decimal, vague, is_word = False, None, True
        elif m.group("vague"):
            value, decimal, is_word = None, False, True
            vague = _SPACES.sub(" ", m.group("vague").lower())
        else:
            value = _parse_words(m.group("word"))
            decimal, vague, is_word = False, None, True
            if value is None:
                continue
            # Trailing scale after a digit phrase handled above; "hundred" alone is not a count here.
        raw.append(NumberMention(start, m.end(), start, value, None, "vague" if vague else "exact",
                                 vague, is_word, decimal))
    merged: list[NumberMention] = []
    i = 0
    while i < len(raw):
        cur = raw[i]
        nxt = raw[i + 1] if i + 1 < len(raw) else None
        if nxt is not None and cur.value is not None and nxt.value is not None:
            gap = text[cur.end : nxt.start]
            if len(gap) <= 5 and _RANGE_JOIN.search(gap) and nxt.value > cur.value and not _date_before_count(text, cur, nxt):
                before = text[max(0, cur.start - 10) : cur.start]
                is_and = any(w in gap.lower() for w in _RANGE_AND)
                between = _BETWEEN.search(before)
                opens = between is not None and between.group(0).split()[0].lower() in _RANGE_OPENERS
                if (not is_and and (not between or opens)) or (is_and and between and opens):
                    if between is None or opens:
                        cur = NumberMention(cur.start if not between else cur.start - len(between.group(0)),
                                            nxt.end, cur.num_start, cur.value, nxt.value, "range", None,
                                            cur.is_word, False)
                        i += 1
        merged.append(_with_qualifier(text, cur))
        i += 1
    return merged


def _date_before_count(text: str, cur: NumberMention, nxt: NumberMention) -> bool:
    """'the toll since October 7 to 43,000', 'since October 2023 to 44,282': a date (a day or a year after a
    month), then a count that no day is; no range."""
    if cur.value is None or _MONTH_BEFORE.search(text[max(0, cur.start - 12) : cur.start]) is None:
        return False
    if cur.value <= 31:
        return (nxt.value or 0) > 31
    return cur.value in _YEARISH and not cur.is_word


def _with_qualifier(text: str, m: NumberMention) -> NumberMention:
    if m.qualifier != "exact":
        return m
    window = text[max(0, m.start - 40) : m.start]
    words = window.rsplit(None, 1)  # any whitespace: "Toll rises\n\nNearly 2,400"
    last_word = words[-1].lower() if words else ""
    if not last_word or last_word not in _QUAL_LAST:
        return m
    q = _QUAL_RE.search(window)
    if not q:
        return m
    name = next(k for k, v in q.groupdict().items() if v)
    qualifier = _QUAL_LABELS[int(name[1:])]
    word = q.group(name)
    start = m.start if word.lower() in _VERB_QUALIFIERS else m.start - (len(window) - q.start())
    return NumberMention(start, m.end, m.num_start, m.value, m.value_max, qualifier, m.vague, m.is_word,
                         m.decimal)


# --- what a head count is not -------------------------------------------------------------------
def _words(name: str) -> frozenset[str]:
    return LEXICON.rule_words("numbers", name)


_MONTHS: Final = word_pattern(_words("months"))
_AFTER_NOT_COUNT: Final = re.compile(
    r"^(?:-|\s)?(?:" + word_pattern(_words("attached_after"), {" ": r"[\s-]+"})
    + "|" + word_pattern(_words("attached_after_words")) + r"\b)"
    r"|^\s*(?:" + word_pattern(_words("units_after"), {" ": r"\s*"})
    + "|" + word_pattern(_words("units_after_words") | _words("months")) + r"\b)"
    # a number joined to the noun it counts as one word modifies another: "a three-train collision", "a two-nation
    # tour", "one-third" (people counted never come so)
    r"|^-[a-z]",
    re.IGNORECASE,
)
_ALTERNATIVE: Final = re.compile(r"\s+or\s+(?:\d[\d,]*|[a-z]+)", re.IGNORECASE)  # "two or three", "5 or 6"
_YEARISH: Final = range(1900, 2101)
_PERSON_AFTER_YEAR: Final = re.compile(r"\s+(?:[A-Za-z-]+\s+){0,2}?" + word_pattern(_words("person_after_year")))
_MONEY_BEFORE: Final = re.compile(word_pattern(_words("money_before")) + r"\s*$")
_AGE_BEFORE: Final = re.compile(r"\b" + word_pattern(_words("age_before"), _SPACE_RUN) + r"\s*$", re.IGNORECASE)
_MONTH_BEFORE: Final = re.compile(r"\b" + _MONTHS + r"\.?\s*$", re.IGNORECASE)
_MONTH_AFTER: Final = re.compile(r"\s*" + _MONTHS + r"\b", re.IGNORECASE)
# "the events of 12 and 13 November", "between 3 and 5 March": a day joined to the day a month follows
_DAY_PAIR_AFTER: Final = re.compile(
    r"\s*(?:" + word_pattern(_words("day_links")) + r"|-|–)\s*\d{1,2}(?:" + word_pattern(_words("attached_after_words"))
    + r")?\s+" + _MONTHS + r"\b", re.IGNORECASE,
)
_CLOCK_BEFORE: Final = re.compile(r"\d(?:[:/.]|[/.]\s+)$")  # "10:30", "3/4"; "31: 11 women" lists a breakdown
_CLOCK_AFTER: Final = re.compile(r"[:/]\d")
_ONE_OF_THE: Final = re.compile(
    r"\s+" + word_pattern(_words("of_the"), _SPACE_RUN) + r"\s+(?:\w+" + word_pattern(_words("superlative_suffixes"))
    + "|" + word_pattern(_words("of_the_heads")) + r")\b",
    re.IGNORECASE,
)


# '"...," said one resident of the camp': after a quotation, a speech verb and "one" open the speaker's phrase
_QUOTE_SPEAKER: Final = re.compile(r"[\"”’',]\s*" + word_pattern(LEXICON.words("speech_verbs")) + r"\s+$", re.IGNORECASE)

_NO_BEFORE: Final = re.compile(r"\b(?:" + "|".join(sorted(LEXICON.rule_words("numbers", "nobody_words"))) + r")\s+$", re.I)
# "press freedom group Article 19 said", "Ahmed 24 told AFP": a number between a capitalized word and the
# speech verb belongs to the speaker (a name's number, an age), not a head count
_NAME_BEFORE: Final = re.compile(r"[A-Z][\w'’-]*\s$")
# "Bill Young, 44, and his son Aaron, 14, who ...": a number set off by commas after a name is the person's age
_NAME_COMMA_BEFORE: Final = re.compile(r"[A-Z][a-z][\w'’-]*,\s$")
_APPOSITION_CLOSE: Final = re.compile(r"\s*[,)]")
_SPEECH_AFTER: Final = re.compile(r"\s+" + word_pattern(LEXICON.words("speech_verbs")) + r"\b")
# "a doctor and two residents told Reuters": the number counts the sources (not "12 people said to have died")
_SOURCES_AFTER: Final = re.compile(r"\s+[a-z][a-z-]*\s+" + word_pattern(LEXICON.rule_words("numbers", "source_verbs"))
                            + r"\b(?!\s+to\b)")


def not_a_count(text: str, m: NumberMention) -> bool:
    """True when the mention is an age, date, year, money, unit, percentage or label rather than a head count."""
    if m.decimal:
        return True
    after = text[m.end : m.end + 16]
    if _AFTER_NOT_COUNT.match(after):
        return True
    alternative = _ALTERNATIVE.match(text, m.end, m.end + 30)
    if alternative and _AFTER_NOT_COUNT.match(text[alternative.end() : alternative.end() + 16]):
        return True  # "displaced two or three times": the unit after the other number is this one's too
    before = text[max(0, m.num_start - 20) : m.num_start]
    if m.value == 1 and m.is_word and _QUOTE_SPEAKER.search(before):
        return True  # the speaker of the quotation, not a head count
    if m.value == 1 and m.is_word and _NO_BEFORE.search(before):
        return True  # "no one was hurt": nobody
    if m.value is not None and not m.is_word:
        digits = text[m.num_start : m.end]
        plain = "," not in digits and "." not in digits
        if plain and m.value in _YEARISH and (m.value_max is None or m.value_max in _YEARISH):
            # A bare four-digit year, or a span of years ("between 2011 and 2015"), unless a person noun
            # follows ("1950 people", "between 1,500 and 2000 people").
            if not _PERSON_AFTER_YEAR.match(text, m.end, m.end + 40):
                return True
        if _MONEY_BEFORE.search(before) or _AGE_BEFORE.search(before):
            return True
        if m.value < 1000 and _NAME_BEFORE.search(before) and _SPEECH_AFTER.match(text, m.end, m.end + 20):
            return True
        if m.value < 120 and _NAME_COMMA_BEFORE.search(before) and _APPOSITION_CLOSE.match(after):
            return True  # an age in apposition to a name
        if m.value <= 31 and (_MONTH_BEFORE.search(before) or _MONTH_AFTER.match(after)
                              or _DAY_PAIR_AFTER.match(text, m.end, m.end + 30)):
            return True
        if _CLOCK_BEFORE.search(before) or _CLOCK_AFTER.match(text, m.end, m.end + 2):
            return True  # times, dates, fractions
    if m.value is not None and m.value < 20 and _SOURCES_AFTER.match(text, m.end, m.end + 40):
        return True
    return bool(_ONE_OF_THE.match(after))
