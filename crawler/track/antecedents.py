"""Who a bare kind of body names: "the Ministry said" below "The Ministry of Foreign Affairs is concerned …".

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
