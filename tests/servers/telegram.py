"""Telegram channel previews (t.me/s/NAME) for tests, in the markup of tests/data/telegram/preview.html (a saved
page): `preview_page` renders posts whose text, views and edited marker each test sets between polls."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data" / "telegram"


@dataclass(frozen=True)
class TgPost:
    post_id: int
    text: str  # plain text; a newline becomes <br/>
    views: str = "1.2K"
    edited: bool = False
    when: str = "2025-03-08T09:00:00+00:00"
    photo: bool = False


def saved(name: str) -> bytes:
    return (DATA / name).read_bytes()


def _post(channel: str, p: TgPost) -> str:
    text = "<br/>".join(html.escape(line) for line in p.text.split("\n"))
    photo = (
        f'<a class="tgme_widget_message_photo_wrap" href="https://t.me/{channel}/{p.post_id}?single" '
        f"style=\"background-image:url('https://cdn4.telesco.pe/file/{p.post_id}-{p.views}.jpg')\"></a>"
        if p.photo
        else ""
    )
    edited = "edited " if p.edited else ""
    return f"""
<div class="tgme_widget_message_wrap js-widget_message_wrap">
  <div class="tgme_widget_message text_not_supported_wrap js-widget_message" data-post="{channel}/{p.post_id}">
    <div class="tgme_widget_message_bubble">{photo}
      <div class="tgme_widget_message_text js-message_text" dir="auto">{text}</div>
      <div class="tgme_widget_message_footer compact js-message_footer">
        <div class="tgme_widget_message_info short js-message_info">
          <span class="tgme_widget_message_views">{html.escape(p.views)}</span>
          <span class="tgme_widget_message_meta">{edited}<a class="tgme_widget_message_date" href="https://t.me/{channel}/{p.post_id}"><time datetime="{p.when}" class="time">09:00</time></a></span>
        </div>
      </div>
    </div>
  </div>
</div>"""


def preview_page(channel: str, posts: list[TgPost], *, more: bool = True) -> str:
    """One page of the preview, oldest post first as t.me shows it; `more` adds the "load more" link."""
    ordered = sorted(posts, key=lambda p: p.post_id)
    before = (
        f'<a href="/s/{channel}?before={ordered[0].post_id}" class="tme_messages_more js-messages_more" '
        f'data-before="{ordered[0].post_id}"></a>'
        if more and ordered
        else ""
    )
    body = "".join(_post(channel, p) for p in ordered)
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{channel} – Telegram</title></head>
<body class="widget_frame_base tgme_webpage"><main class="tgme_main">
<section class="tgme_channel_history js-message_history">
<div class="tgme_widget_message_centered js-messages_more_wrap">{before}</div>{body}
</section></main></body></html>"""
