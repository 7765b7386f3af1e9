"""Who a bare kind of body names: "the Ministry said" below "The Ministry of Foreign Affairs is concerned …"; and
whom a bare title names: "the governor said" below "at the request of Governor Pamela Baricuatro".

Extraction files a speaker as written; an alert that says "the Ministry" tells a desk nothing. The body it
stands for is the one body of that kind the text names before it (as a speaker or not), else the source's own
organization when it is a body of that kind (a ministry's page calling itself "the Ministry"). Pure: text in,
name out.
"""

from __future__ import annotations

import re
from functools import lru_cache

# kinds of body a text shortens to "the <kind>"; a person's title ("the minister") names someone, not a body
BODY_KINDS = frozenset({
    "ministry", "office", "agency", "department", "commission", "council", "committee", "authority", "directorate",
    "secretariat", "presidency", "government", "army", "police", "command", "administration", "service", "mission",
})  # fmt: skip
_BARE = re.compile(r"^(?:the|this)\s+([A-Za-z]+)$", re.IGNORECASE)
_PAREN_TAIL = re.compile(r"\s*\([^()]*\)\s*$")
_LEAD_THE = re.compile(r"^[Tt]he\s+")
_CAP = r"[A-Z][\w'’.&-]*"


@lru_cache(maxsize=64)
def _name_pattern(kind: str) -> re.Pattern[str]:
    """A capitalised name whose head is the kind: "Ministry of Foreign Affairs", "Pakistan's Foreign Office",
    "Jammu and Kashmir Police", "Office of the UN High Commissioner for Human Rights"."""
    head = kind.capitalize()
    return re.compile(
        rf"(?<![\w'’])((?:{_CAP}(?:\s+and)?\s+){{0,4}}{head}"
        rf"(?:\s+(?:of|for|on)\s+(?:the\s+)?{_CAP}(?:\s+(?:and\s+|of\s+|for\s+)?{_CAP})*)?)(?![\w'’])"
    )


_ROLE_ALONE = re.compile(r"^(?:the|this)\s+([a-z]+(?:\s+[a-z]+){0,2})$", re.IGNORECASE)
_NAME_WORD = r"[A-Z][\w'’-]+"


@lru_cache(maxsize=256)
def _titled_name(title: str) -> re.Pattern[str]:
    """A person named after their title: "Governor Pamela Baricuatro", "Interior Minister Bruno Retailleau"."""
    words = r"\s+".join(re.escape(w) for w in title.split())
    # the title in either case ("Governor Pamela Baricuatro", "army spokesman Nabil Abdallah"), the name capitalised
    return re.compile(rf"(?<![\w'’])(?i:{words})\s+((?:{_NAME_WORD}\.?\s+){{0,2}}{_NAME_WORD})(?![\w'’])")


def person_antecedent(speaker: str, text: str, before: int) -> str | None:
    """The person a speaker named by role alone ("the governor said") stands for: the one person the text names
    with that title before it ("at the request of Governor Pamela Baricuatro"), or None."""
    alone = _ROLE_ALONE.match(speaker.strip())
    if alone is None or alone.group(1).split()[-1].lower() in BODY_KINDS:
        return None
    title = alone.group(1).lower()
    names = {m.group(1) for m in _titled_name(title).finditer(text, 0, before)}
    return names.pop() if len(names) == 1 else None


def body_antecedent(speaker: str, text: str, before: int, organization: str | None = None) -> str | None:
    """The body a bare "the <kind>" speaker at offset `before` of `text` stands for, or None."""
    bare = _BARE.match(speaker.strip())
    if bare is None:
        return None
    kind = bare.group(1).lower()
    if kind not in BODY_KINDS:
        return None
    # each name the text gives a body of that kind before the speaker, the kind alone ("The Ministry said") aside
    names = {n for m in _name_pattern(kind).finditer(text, 0, before) if " " in (n := _LEAD_THE.sub("", m.group(1)))}
    if len(names) == 1:
        return names.pop()
    if not names and organization and kind in organization.lower().split():
        return _PAREN_TAIL.sub("", organization).strip() or None
    return None
