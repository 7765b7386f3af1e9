"""From a monitor's feed to the desk's inbox and Slack: real HTTP sources, real SMTP, real webhook, real archive.

SOHR's toll moves 745 → 973 → 1,383 over three polls and the presidency's page gains a statement.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from crawler.cli import main
from tests import configs
from tests.servers.feedgen import Entry, article, rss
from tests.servers.slack import SlackServer
from tests.servers.smtp import SmtpServer

SAID = '"We must maintain national unity and civil peace in the country," President Ahmed al-Sharaa said in a statement.'
SAID2 = ("Foreign Minister Asaad al-Shaibani said in a statement that an independent committee "
         "would investigate the killings.")  # fmt: skip


def write_config(tmp_path: Path, server, smtp: SmtpServer, **extra) -> Path:  # noqa: ANN001
    cfg = {
        "sources": [
            {"key": "sohr", "name": "SOHR", "organization": "SOHR", "type": "feed", "url": server.url("/feed"),
             "baseline": False},
            {"key": "presidency", "name": "Presidency", "organization": "Syrian Presidency", "type": "page",
             "url": server.url("/statements"), "baseline": False},
        ],
        "aliases": {"SOHR": ["Syrian Observatory for Human Rights", "Syrian Human Rights Observatory"]},
        "channels": [
            {"name": "desk-mail", "type": "email", "host": "127.0.0.1", "port": smtp.port, "security": "none",
             "sender": "tollwatch@example.org", "to": ["desk@example.org"], "timeout": "5s"},
            {"name": "desk-slack", "type": "slack", "webhook_url_env": "TW_TEST_SLACK_WEBHOOK", "timeout": "5s"},
        ],
        **extra,
    }  # fmt: skip
    path = configs.write_config(tmp_path / "tw.yaml", **cfg)
    return path


def set_feed(server, toll: str) -> None:  # noqa: ANN001
    body = f"The Syrian Observatory for Human Rights said {toll} civilians had been killed in Latakia and Tartus."
    server.set("/feed", rss([Entry("sohr-toll", "Death toll", body, server.url("/a/toll"))]),
               content_type="application/rss+xml")  # fmt: skip


def set_page(server, *paragraphs: str) -> None:  # noqa: ANN001
    server.set("/statements", article("Statements of the presidency", ["Official statements.", *paragraphs]))


def run(config: Path, db_url: str, *args: str) -> str:
    result = CliRunner().invoke(main, ["-c", str(config), "--database", db_url, *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_three_polls_reach_email_and_slack_exactly_once(tmp_path, server, db_url, smtp, slack: SlackServer) -> None:  # noqa: ANN001
    config = write_config(tmp_path, server, smtp)
    set_feed(server, "745")
    set_page(server, SAID)
    out = run(config, db_url, "poll", "--once")
    assert "alerts: 4 delivered in 4 messages" in out  # 2 alerts × 2 channels

    set_feed(server, "973")
    set_page(server, SAID, SAID2)
    run(config, db_url, "poll", "--once")
    set_feed(server, "1,383")
    run(config, db_url, "poll", "--once")
    run(config, db_url, "poll", "--once")  # nothing changed: nothing new is sent
    assert run(config, db_url, "dispatch").startswith("0 delivered")

    subjects = smtp.subjects()
    assert sorted(subjects) == sorted([
        "SOHR: civilians killed 745 (new)",
        "Statement: Ahmed al-Sharaa, President",
        "SOHR: civilians killed 745 → 973 (+228)",
        "Statement: Asaad al-Shaibani, Foreign Minister",
        "SOHR: civilians killed 973 → 1,383 (+410)",
    ])
    # one series = one email thread: later figures answer the first
    by_subject = {str(m["Subject"]): m for m in smtp.messages}
    root = by_subject["SOHR: civilians killed 745 (new)"]["Message-ID"]
    for later in ("SOHR: civilians killed 745 → 973 (+228)", "SOHR: civilians killed 973 → 1,383 (+410)"):
        assert by_subject[later]["In-Reply-To"] == root and by_subject[later]["References"] == root
    change = by_subject["SOHR: civilians killed 745 → 973 (+228)"]
    assert change.get_content_type() == "multipart/alternative"
    text = change.get_body(("plain",)).get_content()
    assert "745 → 973 (+228, +30.6%)" in text and server.url("/a/toll") in text
    assert "<blockquote>" in change.get_body(("html",)).get_content()

    assert len(slack.posted) == 5 and len(slack.requests) == 5
    texts = [p["text"] for p in slack.posted]
    assert "SOHR: civilians killed 973 → 1,383 (+410)" in texts

    listing = run(config, db_url, "alerts", "--format", "json")
    assert listing.count('"status": "sent"') == 10


def test_endpoints_down_keep_alerts_pending_until_they_come_back(tmp_path, server, db_url, free_port) -> None:  # noqa: ANN001
    smtp = SmtpServer(port=free_port)  # not started: the mail server is down
    slack = SlackServer()  # built (port reserved) but not serving yet
    config = write_config(tmp_path, server, smtp)
    import os

    os.environ["TW_TEST_SLACK_WEBHOOK"] = slack.url
    try:
        set_feed(server, "745")
        set_page(server, SAID)
        out = run(config, db_url, "poll", "--once")
        assert "0 delivered" in out and "to retry" in out
        pending = run(config, db_url, "alerts", "--pending", "--format", "json")
        assert pending.count('"status": "pending"') == 4 and "connection refused" in pending
        smtp.start()
        slack.start()
        # the backoff holds them until it expires; --retry-now skips it
        assert run(config, db_url, "dispatch").startswith("0 delivered")
        assert run(config, db_url, "dispatch", "--retry-now").startswith("4 delivered")
        assert len(smtp.messages) == 2 and len(slack.posted) == 2
        assert run(config, db_url, "dispatch", "--retry-now").startswith("0 delivered")
        assert run(config, db_url, "alerts", "--pending", "--format", "json").strip() == "[]"
    finally:
        os.environ.pop("TW_TEST_SLACK_WEBHOOK", None)
        smtp.stop()
        slack.stop()
