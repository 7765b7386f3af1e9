"""PURE: events → one message (subject, text, HTML, Slack Block Kit), a digest when there are several.

Everything scraped (sentences, quotes, names, URLs) is untrusted: HTML-escaped for email, mrkdwn-escaped
for Slack (& < > and @-mentions), and links are made only from http(s) URLs.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from typing import Any
from urllib.parse import quote

from alerts.events import (
    Event,
    FigureChanged,
    SeriesCreated,
    SourceEvent,
    SourceFailed,
    SourceRecovered,
    SourceSilent,
    StatementEdited,
    StatementNew,
)
from storage.untrusted import strip_controls
from storage.urls import http_url

_MENTION = re.compile(r"@(?=(here|channel|everyone|all)\b)", re.I)
_FORMATTING = re.compile(r"([*_~`])")
_QUALIFIER = {"at_least": "at least ", "more_than": "more than ", "about": "about ", "up_to": "up to "}


@dataclass(frozen=True, slots=True)
class ThreadAnchor:
    """Where a thread's first message landed on a channel that threads by reference (Slack: channel id, ts)."""

    conversation: str
    ts: str


@dataclass(frozen=True, slots=True)
class Message:
    subject: str
    text: str
    html: str
    slack: dict[str, Any]
    thread: str | None  # one series / one statement = one thread (email, Slack API)
    is_reply: bool
    # filled in by the dispatcher from the thread store, never by render: the thread's first message, if sent
    reply_to: ThreadAnchor | None = None
    # the JSON webhook's body: one object per event (alerts.render.webhook_object)
    data: tuple[dict[str, Any], ...] = ()


# --- escaping -----------------------------------------------------------------------------------


def safe_url(url: str | None) -> str | None:
    """An http(s) URL, or None (javascript:, data: and friends never become links)."""
    return http_url(url)


def mrkdwn(text: str) -> str:
    """Slack mrkdwn: escape control characters (& < >), defuse @here/@channel/@everyone, and keep * _ ~ `
    from formatting (a zero-width space on each side: Slack formats only at word boundaries)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _FORMATTING.sub("\u200b\\1\u200b", _MENTION.sub("@\u2060", text))


def _cleaned(e: Event) -> Event:
    """The event with control, escape and bidi characters stripped from every text it carries."""

    def clean(value: Any) -> Any:
        if isinstance(value, str):
            return strip_controls(value)
        if isinstance(value, list | tuple):
            return type(value)(clean(v) for v in value)
        return value

    changes = {f.name: clean(getattr(e, f.name)) for f in fields(e)}
    return replace(e, **{k: v for k, v in changes.items() if v != getattr(e, k)})


def slack_link(url: str | None, label: str) -> str:
    good = safe_url(url)
    if good is None:
        return mrkdwn(label)
    # <, > and | end a Slack link: percent-encode them inside the URL
    target = quote(good, safe=":/?#[]@!$&'()*+,;=%-._~").replace("&", "&amp;")
    return f"<{target}|{mrkdwn(label)}>"


def plain(text: str) -> str:
    """Slack plain_text is not parsed, but a copy-paste of it may be: no angle brackets, no live @-mentions."""
    return _MENTION.sub("@\u2060", text.replace("<", "‹").replace(">", "›"))


def h(text: str | None) -> str:
    return html.escape(text or "", quote=True)


def html_link(url: str | None, label: str) -> str:
    good = safe_url(url)
    return f'<a href="{h(good)}">{h(label)}</a>' if good else h(label)


def _header_safe(text: str) -> str:
    return " ".join(text.split())[:250]


# --- wording ------------------------------------------------------------------------------------


def number(n: int, qualifier: str = "exact", n_max: int | None = None) -> str:
    core = f"{n:,}–{n_max:,}" if n_max and n_max != n else f"{n:,}"
    return _QUALIFIER.get(qualifier, "") + core


def _what(e: SeriesCreated | FigureChanged) -> str:
    who = f"{e.victim_group} {e.outcome}"
    if e.perpetrator:
        who += f" by {e.perpetrator}"
    return who


def _hours(h: float) -> str:
    days = f"{h / 24:.1f}".removesuffix(".0")
    return f"{days} days" if h >= 48 else f"{h:.0f} hours"


def headline(e: Event) -> str:
    if isinstance(e, SourceFailed):
        return f"Source failing: {e.source_name} ({e.failures} failed polls in a row)"
    if isinstance(e, SourceRecovered):
        return f"Source recovered: {e.source_name} (after {e.failures} failed polls)"
    if isinstance(e, SourceSilent):
        return f"Source silent: {e.source_name} (no new item for {_hours(e.silent_hours)})"
    if isinstance(e, FigureChanged):
        change = f"{e.delta:+,}"
        word = " (revised down)" if e.revision else ""
        return (f"{e.reporter}: {_what(e)} {number(e.old_number, e.old_qualifier)} → "
                f"{number(e.new_number, e.qualifier, e.number_max)} ({change}){word}")  # fmt: skip
    if isinstance(e, SeriesCreated):
        return f"{e.reporter}: {_what(e)} {number(e.number, e.qualifier, e.number_max)} (new)"
    if isinstance(e, StatementNew):
        return f"Statement: {_speaker(e)}"
    return f"Statement edited: {_speaker(e)}"


def _speaker(e: StatementNew | StatementEdited) -> str:
    return ", ".join(p for p in (e.speaker, e.role, e.organization) if p)


def _detail(e: Event) -> str:
    if isinstance(e, SourceFailed | SourceRecovered | SourceSilent):
        return headline(e)
    if isinstance(e, FigureChanged):
        pct = f", {e.percent:+.1f}%" if e.percent is not None else ""
        where = f" ({e.place})" if e.place else ""
        return f"{e.reporter} — {_what(e)}{where}: {e.old_number:,} → {e.new_number:,} ({e.delta:+,}{pct})"
    if isinstance(e, SeriesCreated):
        where = f" ({e.place})" if e.place else ""
        return f"{e.reporter} — {_what(e)}{where}: {number(e.number, e.qualifier, e.number_max)} (first figure)"
    return _speaker(e)


def _source_body(e: SourceEvent) -> str:
    if isinstance(e, SourceFailed):
        return f"Last error: {e.error or 'unknown'}; failing since {e.since or 'unknown'}."
    if isinstance(e, SourceRecovered):
        return f"Polled successfully again; it had failed since {e.since or 'unknown'}."
    return (f"Last new item {e.last_item_at or 'never'}; it usually publishes every {_hours(e.usual_gap_hours)}, "
            f"now silent for {_hours(e.silent_hours)}.")  # fmt: skip


def _body(e: Event) -> str:
    if isinstance(e, SourceFailed | SourceRecovered | SourceSilent):
        return _source_body(e)
    if isinstance(e, SeriesCreated | FigureChanged):
        return e.sentence
    if isinstance(e, StatementNew):
        return e.text
    return e.new_text


def _before(e: Event) -> str | None:
    """A changed figure's previous sentence, when it reads differently from the new one (both texts shown)."""
    if isinstance(e, FigureChanged) and e.previous_sentence and e.previous_sentence != e.sentence:
        return e.previous_sentence
    return None


def _diff_text(e: StatementEdited) -> str:
    return " ".join(t if op == "=" else (f"[-{t}-]" if op == "-" else f"{{+{t}+}}") for op, t in e.diff)


def _diff_html(e: StatementEdited) -> str:
    tag = {"=": "{}", "-": "<del>{}</del>", "+": "<ins>{}</ins>"}
    return " ".join(tag[op].format(h(t)) for op, t in e.diff)


def _diff_slack(e: StatementEdited) -> str:
    return " ".join(mrkdwn(t) if op == "=" else (f"~{mrkdwn(t)}~" if op == "-" else f"*{mrkdwn(t)}*") for op, t in e.diff)


def _meta(e: Event) -> list[tuple[str, str | None, str]]:
    """(label, url, extra) lines: the link, when it was published, the previous figure's link."""
    if isinstance(e, SourceFailed | SourceRecovered | SourceSilent):
        return [("Source", e.url, f"{e.source_key}, noticed {e.published_at or 'unknown'}")]
    out = [("Source", e.url, f"{e.source_key}, published {e.published_at or 'unknown'}")]
    if isinstance(e, FigureChanged):
        out.append(("Previous figure", e.previous_url, f"published {e.previous_published_at or 'unknown'}"))
    return out


# --- formats ------------------------------------------------------------------------------------


def _text_block(e: Event) -> str:
    lines = [_detail(e), ""]
    if isinstance(e, StatementEdited):
        lines += ["Change: " + _diff_text(e), "", f"Now: “{e.new_text}”"]
    elif isinstance(e, SourceFailed | SourceRecovered | SourceSilent):
        lines.append(_body(e))
    else:
        lines.append(f"“{_body(e)}”")
        if before := _before(e):
            lines.append(f"Before: “{before}”")
    lines.append("")
    for label, url, extra in _meta(e):
        lines.append(f"{label}: {safe_url(url) or '(no link)'} ({extra})")
    if e.watch:
        lines.append(f"Watch: {e.watch}")
    return "\n".join(lines)


def _html_block(e: Event) -> str:
    parts = [f"<h3>{h(_detail(e))}</h3>"]
    if isinstance(e, StatementEdited):
        parts.append(f"<p>{_diff_html(e)}</p>")
    elif isinstance(e, SourceFailed | SourceRecovered | SourceSilent):
        parts.append(f"<p>{h(_body(e))}</p>")
    else:
        parts.append(f"<blockquote>{h(_body(e))}</blockquote>")
        if before := _before(e):
            parts.append(f"<p>Before:</p><blockquote>{h(before)}</blockquote>")
    for label, url, extra in _meta(e):
        parts.append(f"<p>{h(label)}: {html_link(url, safe_url(url) or '(no link)')} ({h(extra)})</p>")
    if e.watch:
        parts.append(f"<p>Watch: {h(e.watch)}</p>")
    return "\n".join(parts)


def _slack_blocks(e: Event) -> list[dict[str, Any]]:
    quote_text = _diff_slack(e) if isinstance(e, StatementEdited) else mrkdwn(_body(e))
    if isinstance(e, SourceFailed | SourceRecovered | SourceSilent):
        quote_text = quote_text.replace("\n", " ")
    if before := _before(e):
        quote_text = f"{quote_text[:1400]}\n> _Before:_ {mrkdwn(before)[:1400]}"
    links = " · ".join(f"{mrkdwn(label)}: {slack_link(url, extra)}" for label, url, extra in _meta(e))
    return [
        {"type": "section", "text": {"type": "mrkdwn", "text": f"*{mrkdwn(_detail(e))}*"}},
        {"type": "section", "text": {"type": "mrkdwn", "text": "> " + quote_text[:2900]}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": f"{links} · watch {mrkdwn(e.watch)}"[:2900]}]},
    ]


def render(events: Sequence[Event]) -> Message:
    """One event → one message in its thread; several → one digest."""
    if not events:
        raise ValueError("nothing to render")
    events = [_cleaned(e) for e in events]  # scraped text: no bidi overrides or escapes on any channel
    if len(events) == 1:
        e = events[0]
        subject = _header_safe(headline(e))
        thread = e.thread
        reply = isinstance(e, FigureChanged | StatementEdited | SourceRecovered)
        blocks = [{"type": "header", "text": {"type": "plain_text", "text": plain(subject)[:150]}}, *_slack_blocks(e)]
        return Message(
            subject=subject,
            text=_text_block(e) + "\n",
            html=f"<html><body>\n{_html_block(e)}\n</body></html>\n",
            slack={"text": mrkdwn(subject), "blocks": blocks, "unfurl_links": False, "unfurl_media": False},
            thread=thread,
            is_reply=reply,
            data=(webhook_object(e),),
        )
    subject = f"tollwatch digest: {len(events)} changes"
    text = "\n\n".join(f"{i}. {headline(e)}\n{_text_block(e)}" for i, e in enumerate(events, 1))
    body = "\n<hr>\n".join(_html_block(e) for e in events)
    blocks: list[dict[str, Any]] = [{"type": "header", "text": {"type": "plain_text", "text": subject}}]
    for e in events[:15]:  # Slack allows 50 blocks a message
        blocks.extend(_slack_blocks(e))
    if len(events) > 15:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": f"…and {len(events) - 15} more"}]})
    return Message(
        subject=subject,
        text=f"{subject}\n\n{text}\n",
        html=f"<html><body>\n<h2>{h(subject)}</h2>\n{body}\n</body></html>\n",
        slack={"text": mrkdwn(subject), "blocks": blocks, "unfurl_links": False, "unfurl_media": False},
        thread=None,
        is_reply=False,
        data=tuple(webhook_object(e) for e in events),
    )


# --- the JSON webhook's object --------------------------------------------------------------------

WEBHOOK_FIELDS = (
    "kind", "reporter", "outcome", "victim_group", "perpetrator", "number", "old_number", "number_max", "qualifier",
    "revision", "speaker", "role", "official", "text", "sentence", "previous_sentence", "url", "previous_url",
    "published_at", "source_key", "series", "headline",
)  # fmt: skip


def webhook_object(e: Event) -> dict[str, Any]:
    """One alert as the flat JSON object the webhook channel POSTs: every field of WEBHOOK_FIELDS, null when
    it does not apply, plus the event's own fields (failures, error, diff, …) under the same names as the outbox.
    Values are data, not markup: the receiver escapes them for wherever it shows them."""
    payload = e.to_payload()
    out: dict[str, Any] = dict.fromkeys(WEBHOOK_FIELDS)
    out.update({k: v for k, v in payload.items() if k in out})
    out["kind"] = e.kind
    out["headline"] = headline(e)
    if isinstance(e, FigureChanged):
        out["number"], out["old_number"] = e.new_number, e.old_number
    if isinstance(e, SeriesCreated | FigureChanged):
        out["series"] = e.series_uid
        out["text"] = e.sentence
    if isinstance(e, StatementNew | StatementEdited):
        out["official"] = True  # only official statements alert (crawler.track)
        out["text"] = e.text if isinstance(e, StatementNew) else e.new_text
        out["statement"] = e.statement_key
    if isinstance(e, SourceFailed | SourceRecovered | SourceSilent):
        out["text"] = _body(e)
    for k, v in payload.items():
        out.setdefault(k, v)
    return out


def render_test(channel: str) -> Message:
    subject = f"tollwatch test message for channel {channel}"
    text = "If you can read this, tollwatch can deliver alerts here."
    return Message(
        subject=subject,
        text=text + "\n",
        html=f"<html><body><p>{h(text)}</p></body></html>\n",
        slack={"text": mrkdwn(subject), "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": mrkdwn(text)}}]},
        thread=None,
        is_reply=False,
        data=({**dict.fromkeys(WEBHOOK_FIELDS), "kind": "test", "headline": subject, "text": text},),
    )
