from __future__ import annotations

import pytest

from crawler.canonical import canonical_url, content_hash
from crawler.errors import ParseError
from crawler.feeds import parse_feed
from tests.servers.feedgen import Entry, atom, json_feed, rss

ENTRIES = [
    Entry("sohr-1", "745 civilians killed", "<p>SOHR said 745 civilians had been killed.</p>", "https://m.example/a?utm_source=x#top"),
    Entry("sohr-2", "Toll rises", "More than 1,000 killed.", "https://m.example/b"),
]


@pytest.mark.parametrize("build", [rss, atom, json_feed], ids=["rss2", "atom", "jsonfeed"])
def test_formats_give_the_same_entries(build) -> None:  # noqa: ANN001
    feed = parse_feed(build(ENTRIES), content_type="application/xml")
    assert [e.guid for e in feed.entries] == ["sohr-1", "sohr-2"]
    first = feed.entries[0]
    assert first.url == "https://m.example/a"  # tracking params and fragment gone
    assert first.text == "SOHR said 745 civilians had been killed."
    assert first.published is not None and first.published.year == 2025


def test_json_feed_by_content_type() -> None:
    feed = parse_feed(json_feed(ENTRIES), content_type="application/feed+json")
    assert len(feed.entries) == 2


def test_html_page_served_as_feed_is_a_clear_error() -> None:
    with pytest.raises(ParseError, match="not a feed: the server sent an HTML page"):
        parse_feed(b"<!doctype html><html><body><p>Hello</p></body></html>", content_type="text/html")


def test_garbage_is_not_a_feed() -> None:
    with pytest.raises(ParseError, match="not a feed"):
        parse_feed(b"\x00\x01\x02 binary junk \xff\xfe", content_type="application/octet-stream")


def test_zero_entries_is_a_warning_not_an_error() -> None:
    feed = parse_feed(rss([]))
    assert feed.entries == [] and feed.warnings == ["feed has 0 entries"]


def test_duplicate_guids_keep_the_first() -> None:
    feed = parse_feed(rss([ENTRIES[0], Entry("sohr-1", "again", "other text")]))
    assert len(feed.entries) == 1 and feed.entries[0].title == "745 civilians killed"
    assert any("duplicate guid" in w for w in feed.warnings)


def test_entries_without_link_or_guid_get_a_stable_identity() -> None:
    e = Entry(None, "No link", "Body without link")
    one, two = parse_feed(rss([e])).entries[0], parse_feed(rss([e])).entries[0]
    assert one.url is None and one.guid == two.guid and one.guid.startswith("sha256:")
    assert any("no link" in w for w in parse_feed(rss([e])).warnings)


def test_non_utf8_feed_decodes() -> None:
    body = rss([Entry("g1", "Сирия: 745 погибших", "Число погибших")], encoding="windows-1251")
    feed = parse_feed(body, content_type="text/xml; charset=windows-1251")
    assert feed.entries[0].title == "Сирия: 745 погибших"


def test_malformed_feed_parses_leniently_with_warning() -> None:
    body = rss(ENTRIES).replace(b"</channel>", b"<broken></channel>")
    feed = parse_feed(body)
    assert len(feed.entries) == 2 and any("malformed" in w for w in feed.warnings)


def test_canonical_url() -> None:
    assert canonical_url("HTTPS://Example.ORG:443/a/b?utm_medium=rss&id=7&fbclid=x#frag") == "https://example.org/a/b?id=7"
    assert canonical_url("http://example.org") == "http://example.org/"


def test_content_hash_ignores_whitespace_only_changes() -> None:
    assert content_hash("T", "a  b\n c") == content_hash("T", "a b c")
    assert content_hash("T", "745 killed") != content_hash("T", "973 killed")


ARABIC = "قال المرصد السوري لحقوق الإنسان إن 745 مدنيا قتلوا"


@pytest.mark.parametrize("content_type", ["application/rss+xml; charset=utf-8", "application/rss+xml", ""])
def test_one_bad_byte_garbles_no_other_entry(content_type: str) -> None:
    body = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
        f"<item><guid>a</guid><title>745</title><description>{ARABIC}</description></item>"
        "<item><guid>b</guid><title>bad</title><description>before BAD after</description></item></channel></rss>"
    ).encode().replace(b"BAD", b"\xff\xfe")
    parsed = parse_feed(body, content_type=content_type)
    good, bad = parsed.entries
    assert good.text == ARABIC  # decoded as declared: not re-read as windows-1252 mojibake
    assert bad.text == "before \ufffd\ufffd after"
    assert any("invalid byte" in w and "utf-8" in w for w in parsed.warnings), parsed.warnings


def test_a_giant_entry_is_cut_with_a_warning() -> None:
    from crawler.feeds import MAX_ENTRY_CHARS

    body = ('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><guid>a</guid><title>x</title>'
            f"<description>SOHR said 745 civilians were killed. {'A' * (3 * MAX_ENTRY_CHARS)}</description>"
            "</item></channel></rss>").encode()  # fmt: skip
    parsed = parse_feed(body, content_type="application/rss+xml")
    [entry] = parsed.entries
    assert entry.text.startswith("SOHR said 745") and len(entry.text) <= MAX_ENTRY_CHARS
    assert any("was cut at 1,000,000" in w for w in parsed.warnings), parsed.warnings


def test_scripts_styles_comments_and_title_markup_are_no_text() -> None:
    body = (
        b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://m.example/news/">'
        b"<title>Monitor</title><entry><id>e1</id>"
        b'<title type="html">&lt;b&gt;Toll&lt;/b&gt; rises &lt;script&gt;alert(1)&lt;/script&gt;</title>'
        b'<link href="reports/e1.html"/><updated>2025-03-09T10:00:00Z</updated>'
        b'<content type="html">&lt;p&gt;SOHR said 745 civilians were killed.&lt;/p&gt;&lt;script&gt;var n = 12;'
        b"&lt;/script&gt;&lt;style&gt;p { color: red }&lt;/style&gt;&lt;!-- 99 killed --&gt;&lt;p&gt;Rescue "
        b'goes on.&lt;/p&gt;</content></entry></feed>'
    )
    entry = parse_feed(body).entries[0]
    assert entry.title == "Toll rises"
    assert entry.text == "SOHR said 745 civilians were killed.\nRescue goes on."
    assert entry.url == "https://m.example/news/reports/e1.html"  # the link still resolved against xml:base
