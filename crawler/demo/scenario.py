"""The demo's bundled scenario: the March 2025 violence on Syria's coast, day by day, as the sources published it.

Facts follow the seed article (ABC, 10 March 2025): SOHR's civilian toll 745 → 973 → 1,383; SNHR's breakdown
by perpetrator (148 by non-state armed groups, at least 327 by security forces); the presidency's independent
committee; Volker Türk's and Marco Rubio's statements; and a wire story repeating SOHR's older 745 (a stale
figure: corroboration, no alert). `publish(server, day)` puts the sources as they stood on that day.
"""

from __future__ import annotations

from dataclasses import dataclass

from crawler.demo.feedgen import Entry, article, rss
from crawler.demo.replay import ReplayServer


@dataclass(frozen=True, slots=True)
class DemoSource:
    key: str
    name: str
    organization: str
    type: str  # feed (every source here has dated posts: the scenario's dates are March 2025)
    path: str


@dataclass(frozen=True, slots=True)
class Post:
    source: str
    guid: str
    title: str
    text: str
    published: str  # RFC 822, as in RSS


@dataclass(frozen=True, slots=True)
class Day:
    date: str
    summary: str
    posts: tuple[Post, ...]


SOURCES: tuple[DemoSource, ...] = (
    DemoSource("sohr", "Syrian Observatory for Human Rights", "SOHR", "feed", "/sohr/feed"),
    DemoSource("snhr", "Syrian Network for Human Rights", "SNHR", "feed", "/snhr/feed"),
    DemoSource("syria-presidency", "Syrian Presidency", "Syrian Presidency", "feed", "/presidency/feed"),
    DemoSource("ohchr", "UN Human Rights (OHCHR)", "OHCHR", "feed", "/ohchr/feed"),
    DemoSource("us-state", "U.S. Department of State", "U.S. Department of State", "feed", "/state/feed"),
    DemoSource("wire", "A wire service", "Wire", "feed", "/wire/feed"),
)

ALIASES = {"SOHR": ["Syrian Observatory for Human Rights", "Syrian Human Rights Observatory"],
           "SNHR": ["Syrian Network for Human Rights"]}  # fmt: skip

DAYS: tuple[Day, ...] = (
    Day(
        "2025-03-08",
        "SOHR publishes its first civilian toll for Latakia and Tartus",
        (
            Post("sohr", "sohr-2025-03-08", "Coastal massacres: civilian death toll rises",
                 "The Syrian Observatory for Human Rights said 745 civilians had been killed in Latakia and Tartus.",
                 "Sat, 08 Mar 2025 12:00:00 GMT"),
        ),
    ),
    Day(
        "2025-03-09",
        "SOHR raises its toll; SNHR breaks its count down by perpetrator; the presidency announces a committee",
        (
            Post("sohr", "sohr-2025-03-09", "Coastal massacres: toll climbs",
                 "The Syrian Observatory for Human Rights said 973 civilians had been killed in Latakia and Tartus.",
                 "Sun, 09 Mar 2025 12:00:00 GMT"),
            Post("snhr", "snhr-2025-03-09", "Extrajudicial killings on the Syrian coast",
                 "The Syrian Network for Human Rights said non-state armed groups had killed 148 civilians. "
                 "SNHR said security forces and affiliated groups had killed at least 327 civilians.",
                 "Sun, 09 Mar 2025 15:00:00 GMT"),
            Post("syria-presidency", "presidency-committee", "Statement of the presidency",
                 '"An independent national committee will investigate the violations against civilians on the '
                 'coast and refer those responsible to the judiciary," the Syrian Presidency said in a statement.',
                 "Sun, 09 Mar 2025 18:00:00 GMT"),
        ),
    ),
    Day(
        "2025-03-10",
        "The UN and the US speak; a wire story repeats SOHR's older 745 (stale: no alert)",
        (
            Post("ohchr", "ohchr-2025-03-10", "Syria: Türk calls for swift action to protect civilians",
                 "\"The caretaker authorities' announcements of their intention to respect the law must be followed "
                 "by swift actions to protect Syrians,\" UN High Commissioner for Human Rights Volker Turk said "
                 "in a statement.",
                 "Mon, 10 Mar 2025 09:00:00 GMT"),
            Post("us-state", "state-2025-03-10", "Condemning violence in western Syria",
                 '"The United States condemns the radical Islamist terrorists, including foreign jihadis, that '
                 'murdered people in western Syria in recent days," Secretary of State Marco Rubio said in a statement.',
                 "Mon, 10 Mar 2025 11:00:00 GMT"),
            Post("wire", "wire-2025-03-10", "Syria's leader calls for calm",
                 "On Saturday, the UK-based Syrian Human Rights Observatory said 745 civilians had been killed "
                 "in the country's west.",
                 "Mon, 10 Mar 2025 13:00:00 GMT"),
        ),
    ),
    Day(
        "2025-03-11",
        "SOHR raises its toll again",
        (
            Post("sohr", "sohr-2025-03-11", "Coastal massacres: toll climbs again",
                 "The Syrian Observatory for Human Rights said 1,383 civilians had been killed in Latakia and Tartus.",
                 "Tue, 11 Mar 2025 12:00:00 GMT"),
        ),
    ),
)


def publish(server: ReplayServer, day: int) -> None:
    """Serve every source as it stood at the end of DAYS[day]: feeds list their posts newest first, and each
    post's page is served too (a reader follows the alert's link)."""
    posts = [p for d in DAYS[: day + 1] for p in d.posts]
    for src in SOURCES:
        mine = [p for p in posts if p.source == src.key]
        entries = [Entry(p.guid, p.title, p.text, server.url(f"/{src.key}/{p.guid}"), p.published)
                   for p in reversed(mine)]  # fmt: skip
        server.set(src.path, rss(entries, title=src.name), content_type="application/rss+xml")
        for p in mine:
            server.set(f"/{src.key}/{p.guid}", article(p.title, [p.text]))
