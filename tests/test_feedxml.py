"""The fast read of plain feeds (crawler.feedxml) gives what feedparser gives, and leaves it everything else."""

from __future__ import annotations

from dataclasses import replace

import pytest

from crawler.feeds import _read_with_feedparser, parse_feed
from crawler.feedxml import PlainFeed, read_plain_feed
from tests.conftest import SHARED

XML = "application/rss+xml; charset=utf-8"

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"
     xmlns:media="http://search.yahoo.com/mrss/" xmlns:wp="com-wordpress:feed-additions:1"
     xmlns:atom="http://www.w3.org/2005/Atom">
<channel><title>Monitor  </title><link>https://m.example/</link>
<item>
  <title>  745 civilians killed, monitor says </title>
  <link>https://m.example/a?x=1&amp;amp;y=2</link>
  <guid isPermaLink="false">sohr-1</guid>
  <pubDate>Sun, 09 Mar 2025 10:00:00 +0200</pubDate>
  <dc:creator>Desk</dc:creator><category>Syria</category><wp:post-id>11</wp:post-id>
  <atom:link rel="amphtml" href="https://m.example/a/amp"/>
  <media:content url="https://m.example/a.jpg"><media:credit>AFP</media:credit></media:content>
  <description>Short &lt;b&gt;summary&lt;/b&gt;</description>
  <content:encoded><![CDATA[<p>The Syrian Observatory said 745 civilians were killed.</p>]]></content:encoded>
</item>
<item>
  <title>Wire copy</title><link>https://m.example/c</link>
  <description>Officials said 12 people died.</description>
  <media:content url="https://m.example/c.jpg"><media:title>Photo title</media:title>
    <media:description>A caption, read by feedparser as a content</media:description></media:content>
  <media:title>Not the title: the item's own came first, shallower</media:title>
</item>
<item>
  <title>Caf\u00c3\u00a9 toll rises</title>
  <guid>https://m.example/b</guid>
  <dc:date>2025-03-10T08:00:00Z</dc:date>
  <description>\u0093More than 1,000 killed.\u0094</description>
</item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title type="html">Wire &amp;lt;world&amp;gt;</title>
<entry><id>tag:wire,2025:1</id><title>Toll rises</title>
  <link rel="self" href="https://w.example/1.atom"/><link href="https://w.example/1"/>
  <author><name>A. Reporter</name></author>
  <updated>2025-03-10T09:00:00Z</updated>
  <summary type="html">&lt;p&gt;At least 1,000 killed&lt;/p&gt;</summary></entry>
<entry><id>https://w.example/2</id><title>No link of its own</title><content type="text">Two dead</content></entry>
</feed>"""

RDF = """<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="https://a.example/"><title>Africa</title><link>https://a.example/</link></channel>
<item rdf:about="https://a.example/1"><title>Park W attack</title><link>https://a.example/1</link>
  <description>54 soldiers killed</description></item>
</rdf:RDF>"""


@pytest.mark.parametrize("body", [RSS, ATOM, RDF], ids=["rss2", "atom", "rss1"])
def test_a_plain_feed_reads_as_feedparser_reads_it(body: str) -> None:
    data = body.encode("utf-8")
    plain = read_plain_feed(data, XML)
    assert plain is not None and plain.items
    assert _as_feedparser(plain) == _read_with_feedparser(data, XML, [])


def test_what_a_desk_reads_of_a_plain_feed() -> None:
    feed = parse_feed(RSS.encode("utf-8"), content_type=XML)
    first, wire, second = feed.entries
    assert wire.title == "Wire copy"
    assert feed.title == "Monitor"
    assert first.title == "745 civilians killed, monitor says"
    assert first.text == "The Syrian Observatory said 745 civilians were killed."  # the full content, not the summary
    assert first.url == "https://m.example/a?x=1&y=2" and first.guid == "sohr-1"
    assert first.published is not None and first.published.isoformat() == "2025-03-09T08:00:00+00:00"
    assert second.title == "Café toll rises"  # UTF-8 that was read as Latin-1, repaired
    assert second.text == "\u201cMore than 1,000 killed.\u201d"  # Windows-1252 quotes read as C1 controls, repaired
    assert second.url == "https://m.example/b"  # a permalink guid is the link
    assert second.published is not None and second.published.day == 10
    atom = parse_feed(ATOM.encode("utf-8"), content_type="application/atom+xml")
    assert [e.url for e in atom.entries] == ["https://w.example/1", "https://w.example/2"]
    assert atom.entries[0].text == "At least 1,000 killed" and atom.title == "Wire &lt;world&gt;"


def test_a_media_rss_item_is_read_by_its_story_not_its_photo_caption() -> None:
    feed = parse_feed(RSS.encode("utf-8"), content_type=XML)
    wire = feed.entries[1]
    assert "caption" not in wire.text and wire.text == "Officials said 12 people died."
    plain = read_plain_feed(RSS.encode("utf-8"), XML)
    assert plain is not None and plain.items[1].contents == ("A caption, read by feedparser as a content",)


def test_an_empty_content_gives_way_to_the_summary() -> None:
    body = RSS.replace("<![CDATA[<p>The Syrian Observatory said 745 civilians were killed.</p>]]>", "<![CDATA[<p></p>]]>")
    first = parse_feed(body.encode("utf-8"), content_type=XML).entries[0]
    assert first.text == "Short summary" and first.content_html == "Short <b>summary</b>"


def _as_feedparser(feed: PlainFeed) -> PlainFeed:
    """The read without what only it knows (which contents were captions)."""
    return replace(feed, items=[replace(item, captions=frozenset()) for item in feed.items])


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (lambda b: b.replace("<channel>", '<channel xml:base="https://m.example/x/">'), "xml:base"),
        (lambda b: b.replace("<?xml version", '<!DOCTYPE rss>\n<?xml version'), "a DOCTYPE"),
        (lambda b: b.replace("<dc:creator>Desk</dc:creator>", "<dcterms:modified>2025</dcterms:modified>"),
         "a date read another way"),
        (lambda b: b.replace("<category>Syria</category>", "<image><url>https://m.example/i.jpg</url></image>"),
         "an item's image"),
        (lambda b: b.replace("<description>\u0093More", "<description><b>bold</b> More"), "markup in a description"),
        (lambda b: b.replace("<category>Syria</category>", "<category>Syria<image/></category>"), "markup in a category"),
        (lambda b: b.replace("</item>\n<item>", "<guid>again</guid></item>\n<item>", 1), "a second guid"),
        (lambda b: b.replace("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\""), "another encoding"),
        (lambda b: b.replace("</channel>", "</channel><item><title>stray</title></item>"), "an item outside the channel"),
        (lambda b: b.replace("&amp;amp;", "&nbsp;"), "not well-formed"),
    ],
)
def test_anything_unusual_is_left_to_feedparser(change, why: str) -> None:  # noqa: ANN001
    body = change(RSS).encode("utf-8")
    assert read_plain_feed(body, XML) is None, why
    assert parse_feed(body, content_type=XML).entries  # and feedparser still reads it


def test_a_non_xml_content_type_is_left_to_feedparser() -> None:
    body = RSS.encode("utf-8")
    assert read_plain_feed(body, "text/html; charset=utf-8") is None
    assert read_plain_feed(body, "text/xml") is None  # no charset: US-ASCII by RFC 3023, feedparser warns
    assert read_plain_feed(body, "") is not None


FEEDS = [SHARED / "corpus" / "feeds", SHARED / "scenarios"]


@pytest.mark.corpus
@pytest.mark.skipif(not (SHARED / "corpus" / "feeds").is_dir(), reason="../shared/corpus/feeds is not beside this checkout")
def test_every_corpus_feed_the_fast_read_takes_reads_as_feedparser_reads_it() -> None:
    files = sorted(p for root in FEEDS for p in root.rglob("*") if p.suffix in (".xml", ".rdf", ".atom", ".rss"))
    read = 0
    differ: list[str] = []
    for path in files:
        body = path.read_bytes()
        for content_type in (XML, ""):
            plain = read_plain_feed(body, content_type)
            if plain is None:
                continue
            read += 1
            warnings: list[str] = []
            if _as_feedparser(plain) != _read_with_feedparser(body, content_type, warnings) or warnings:
                differ.append(f"{path.relative_to(SHARED)} ({content_type or 'no content type'})")
    assert differ == []
    news = sorted((SHARED / "corpus" / "feeds" / "real" / "news").iterdir())
    fast = sum(read_plain_feed(p.read_bytes(), "") is not None for p in news)
    # the read is worth having only if it takes most real news feeds
    assert read > 1500 and fast >= len(news) * 0.7, (read, fast, len(news))
