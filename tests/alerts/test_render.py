"""What a reader sees: subjects that say the change, and scraped text that cannot ping, link or run."""

from __future__ import annotations

import json

from alerts.events import event_from_payload
from alerts.render import render
from tests.alerts.events import changed, created, edited, statement

EVIL = "Breaking <!channel> @here see <https://evil.example|click> <script>alert(1)</script> & more"


def test_subject_says_the_change() -> None:
    msg = render([changed()])
    assert msg.subject == "SOHR: civilians killed 745 → 973 (+228)"
    assert "SOHR — civilians killed (western Syria): 745 → 973 (+228, +30.6%)" in msg.text
    assert "https://www.syriahr.com/en/2/" in msg.text and "https://www.syriahr.com/en/1/" in msg.text
    assert msg.thread == "series-abc" and msg.is_reply
    assert render([changed(973, 1383)]).subject == "SOHR: civilians killed 973 → 1,383 (+410)"
    assert render([changed(973, 950)]).subject == "SOHR: civilians killed 973 → 950 (-23) (revised down)"
    first = render([created()])
    assert first.thread == "series-abc" and not first.is_reply


def test_events_round_trip_through_json_payloads() -> None:
    for event in (changed(), created(), statement(), edited()):
        assert event_from_payload(json.loads(json.dumps(event.to_payload()))) == event


def test_scraped_text_is_escaped_for_slack_and_html() -> None:
    msg = render([statement(EVIL, speaker="Evil <!here> Speaker", url="javascript:alert(1)")])
    slack = json.dumps(msg.slack, ensure_ascii=False)
    for bad in ("<!channel>", "<!here>", "<https://evil.example|click>", "<script>", "@here"):
        assert bad not in slack
    assert "&lt;!channel&gt;" in slack and "&lt;script&gt;" in slack
    assert "javascript:" not in slack  # not a link
    assert "<script>" not in msg.html and "&lt;script&gt;alert(1)&lt;/script&gt;" in msg.html
    assert 'href="javascript' not in msg.html
    assert "<!channel>" not in msg.html and "&lt;!channel&gt;" in msg.html


def test_statement_edit_shows_a_diff() -> None:
    msg = render([edited()])
    assert "{+strongly+}" in msg.text
    assert "<ins>strongly</ins>" in msg.html
    assert "*strongly*" in json.dumps(msg.slack)
    assert msg.is_reply and msg.thread == "statement-s1"


def test_several_events_make_one_digest() -> None:
    msg = render([changed(), statement()])
    assert msg.subject == "tollwatch digest: 2 changes"
    assert "745 → 973" in msg.text and "Marco Rubio" in msg.text
    assert msg.thread is None


def test_bidi_overrides_and_escapes_reach_no_channel_and_mrkdwn_is_inert() -> None:
    e = changed(sentence="SOHR said \u202e379\u202c civilians *were* killed \x1b[31mred\x1b[0m _x_ ~y~ `z`",
                place="\u2066Latakia\u2069\x07")  # fmt: skip
    m = render([e])
    shown = [json.dumps(m.slack, ensure_ascii=False), m.text, m.html, json.dumps(m.data, ensure_ascii=False), m.subject]
    for out in shown:
        assert not any(c in out for c in "\u202e\u202c\u2066\u2069\x1b\x07"), out
    assert "SOHR said 379 civilians" in m.text and "red" in m.text
    slack = json.dumps(m.slack, ensure_ascii=False)
    assert "*were*" not in slack and "\u200b*\u200bwere\u200b*\u200b" in slack
    assert "_x_" not in slack and "~y~" not in slack and "`z`" not in slack


def test_a_change_shows_the_text_before_and_after() -> None:
    before = "SOHR said 745 civilians <b>had</b> been killed."
    msg = render([changed(previous_sentence=before)])
    assert "“" + before + "”" in msg.text and "Before:" in msg.text
    assert "Before:" in msg.html and "745 civilians &lt;b&gt;had&lt;/b&gt;" in msg.html
    assert "_Before:_ SOHR said 745 civilians &lt;b&gt;had&lt;/b&gt;" in json.dumps(msg.slack, ensure_ascii=False)
    # an alert recorded before the field existed still renders, with the new text only
    old = event_from_payload({k: v for k, v in changed().to_payload().items() if k != "previous_sentence"})
    assert "Before:" not in render([old]).text
