"""PURE: events → one message (subject, text, HTML, Slack Block Kit), a digest when there are several.

Everything scraped (sentences, quotes, names, URLs) is untrusted: HTML-escaped for email, mrkdwn-escaped
for Slack (& < > and @-mentions), and links are made only from http(s) URLs.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from alerts.events import Event, FigureChanged, SeriesCreated, StatementEdited, StatementNew

_MENTION = re.compile(r"@(?=(here|channel|everyone|all)\b)", re.I)
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


# --- escaping -----------------------------------------------------------------------------------


def safe_url(url: str | None) -> str | None:
    """An http(s) URL, or None (javascript:, data: and friends never become links)."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url.strip()


def mrkdwn(text: str) -> str:
    """Slack mrkdwn: escape control characters (& < >) and defuse @here/@channel/@everyone."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MENTION.sub("@\u2060", text)


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


def headline(e: Event) -> str:
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
    if isinstance(e, FigureChanged):
        pct = f", {e.percent:+.1f}%" if e.percent is not None else ""
        where = f" ({e.place})" if e.place else ""
        return f"{e.reporter} — {_what(e)}{where}: {e.old_number:,} → {e.new_number:,} ({e.delta:+,}{pct})"
    if isinstance(e, SeriesCreated):
        where = f" ({e.place})" if e.place else ""
        return f"{e.reporter} — {_what(e)}{where}: {number(e.number, e.qualifier, e.number_max)} (first figure)"
    return _speaker(e)


def _body(e: Event) -> str:
    if isinstance(e, SeriesCreated | FigureChanged):
        return e.sentence
    if isinstance(e, StatementNew):
        return e.text
    return e.new_text


def _diff_text(e: StatementEdited) -> str:
    return " ".join(t if op == "=" else (f"[-{t}-]" if op == "-" else f"{{+{t}+}}") for op, t in e.diff)


def _diff_html(e: StatementEdited) -> str:
    tag = {"=": "{}", "-": "<del>{}</del>", "+": "<ins>{}</ins>"}
    return " ".join(tag[op].format(h(t)) for op, t in e.diff)


def _diff_slack(e: StatementEdited) -> str:
    return " ".join(mrkdwn(t) if op == "=" else (f"~{mrkdwn(t)}~" if op == "-" else f"*{mrkdwn(t)}*") for op, t in e.diff)


def _meta(e: Event) -> list[tuple[str, str | None, str]]:
    """(label, url, extra) lines: the link, when it was published, the previous figure's link."""
    out = [("Source", e.url, f"{e.source_key}, published {e.published_at or 'unknown'}")]
    if isinstance(e, FigureChanged):
        out.append(("Previous figure", e.previous_url, f"published {e.previous_published_at or 'unknown'}"))
    return out


# --- formats ------------------------------------------------------------------------------------


def _text_block(e: Event) -> str:
    lines = [_detail(e), ""]
    if isinstance(e, StatementEdited):
        lines += ["Change: " + _diff_text(e), "", f"Now: “{e.new_text}”"]
    else:
        lines.append(f"“{_body(e)}”")
    lines.append("")
    for label, url, extra in _meta(e):
        lines.append(f"{label}: {safe_url(url) or '(no link)'} ({extra})")
    lines.append(f"Watch: {e.watch}")
    return "\n".join(lines)


def _html_block(e: Event) -> str:
    parts = [f"<h3>{h(_detail(e))}</h3>"]
    if isinstance(e, StatementEdited):
        parts.append(f"<p>{_diff_html(e)}</p>")
    else:
        parts.append(f"<blockquote>{h(_body(e))}</blockquote>")
    for label, url, extra in _meta(e):
        parts.append(f"<p>{h(label)}: {html_link(url, safe_url(url) or '(no link)')} ({h(extra)})</p>")
    parts.append(f"<p>Watch: {h(e.watch)}</p>")
    return "\n".join(parts)


def _slack_blocks(e: Event) -> list[dict[str, Any]]:
    quote_text = _diff_slack(e) if isinstance(e, StatementEdited) else mrkdwn(_body(e))
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
    if len(events) == 1:
        e = events[0]
        subject = _header_safe(headline(e))
        thread = e.thread
        reply = isinstance(e, FigureChanged | StatementEdited)
        blocks = [{"type": "header", "text": {"type": "plain_text", "text": plain(subject)[:150]}}, *_slack_blocks(e)]
        return Message(
            subject=subject,
            text=_text_block(e) + "\n",
            html=f"<html><body>\n{_html_block(e)}\n</body></html>\n",
            slack={"text": mrkdwn(subject), "blocks": blocks, "unfurl_links": False, "unfurl_media": False},
            thread=thread,
            is_reply=reply,
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
    )


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
    )
