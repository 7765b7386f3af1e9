"""The read-only web page: series, statements, archived versions, the diff view, escaping of scraped text,
shipped assets, the chart as an SVG of our own."""

from __future__ import annotations

import re
import subprocess
import urllib.error
import urllib.request
from email.message import Message

import pytest


def get(url: str) -> tuple[int, Message, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:  # noqa: S310 - a local test server
            return resp.status, resp.headers, resp.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read().decode("utf-8")


def test_page_lists_series_and_statements_and_escapes_scraped_text(page_url: str) -> None:
    status, headers, html = get(page_url + "/")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert ">SOHR</a>" in html and ">1383<" in html and ">SNHR</a>" in html
    assert "Ahmed al-Sharaa" in html and "independent committee" in html
    # the page loads our own files only: no script at all, no CDN, no external style; the chart is our SVG
    assert "<script" not in html and "script-src 'none'" in headers["Content-Security-Policy"]
    assert re.findall(r'<img src="([^"]+)"', html) == ["/chart.svg"]
    assert re.findall(r'<link rel="stylesheet" href="([^"]+)"', html) == ["/static/style.css"]
    assert "https://" not in html.split("<main>")[0]
    # a scraped javascript: link never becomes a link
    assert "javascript:" not in html

    series_link = re.search(r'<a href="(/series/\d+)">SOHR</a>', html)
    assert series_link
    status, _, history = get(page_url + series_link.group(1))
    assert status == 200 and history.count("archived version") == 3
    assert ">745<" in history and ">973<" in history and "1,383 civilians" in history
    version_link = re.findall(r'<a href="(/version/\d+)">archived version</a>', history)[1]
    status, _, version = get(page_url + version_link)
    assert status == 200 and "973 civilians had been killed" in version and "version 2" in version

    snhr = re.search(r'<a href="(/series/\d+)">SNHR</a>', html)
    assert snhr
    _, _, snhr_page = get(page_url + snhr.group(1))
    wire_version = re.search(r'<a href="(/version/\d+)">archived version</a>', snhr_page)
    assert wire_version and "javascript:" not in snhr_page
    _, _, wire = get(page_url + wire_version.group(1))
    # the wire's title and text held markup and a script: read as text (the title's tags and the script dropped by
    # the feed reader), never shown as markup
    assert "Wire report" in wire and "<b>" not in wire and "alert(1)" not in wire and "<script" not in wire


def test_assets_are_shipped_and_nothing_else_is_served(page_url: str) -> None:
    status, headers, css = get(page_url + "/static/style.css")
    assert status == 200 and headers["Content-Type"].startswith("text/css") and ".diff del" in css
    for path in ("/static/../app.py", "/static/app.py", "/static/chart.js", "/series/999999/chart.svg", "/series/999999", "/version/999999", "/nowhere"):
        assert get(page_url + path)[0] == 404, path
    request = urllib.request.Request(page_url + "/", data=b"x", method="POST")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)  # noqa: S310
    assert refused.value.code == 405


def test_serve_command_serves_the_archive(archive) -> None:  # noqa: ANN001
    """`tollwatch serve --port 0` as a user starts it: it says where it listens and answers there."""
    import re
    import signal
    import sys
    import time

    import httpx

    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler", "--database", archive.db_url, "serve", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        found = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert found, line
        deadline = time.monotonic() + 20
        while True:
            try:
                page = httpx.get(found.group(0), timeout=5)
                break
            except httpx.ConnectError:
                assert time.monotonic() < deadline
                time.sleep(0.2)
        assert page.status_code == 200 and "SOHR" in page.text
        assert httpx.post(found.group(0), timeout=5).status_code == 405
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=10)


def test_huge_ids_are_not_found_not_a_server_error(page_url: str) -> None:
    for path in ("/series/9223372036854775808", "/series/99999999999999999999999999", "/version/9223372036854775808",
                 "/version/99999999999999999999999999", "/series/0", "/version/0"):  # fmt: skip
        assert get(page_url + path)[0] == 404, path


def test_scraped_text_on_the_page_loses_bidi_overrides_and_escapes() -> None:
    from crawler.web.pages import make_environment

    env = make_environment()
    # U+202E would show "killed 745" reversed; ESC would reach a terminal that views the page source
    shown = env.from_string("<p>{{ quote }}</p>").render(quote="SOHR: \u202e547 dellik\u202c <b>\x1b[31mred\x1b[0m")
    assert shown == "<p>SOHR: 547 dellik &lt;b&gt;red</p>"


def test_diff_view_and_the_links_that_lead_to_it(page_url: str) -> None:
    _, _, html = get(page_url + "/")
    sohr = re.search(r'<a href="(/series/\d+)">SOHR</a>', html)
    assert sohr
    _, _, history = get(page_url + sohr.group(1))
    # the first value came from version 1 (nothing before it); 973 and 1,383 from edits of the same article
    links = re.findall(r'<a href="(/item/\d+/diff\?from=\d+&amp;to=\d+)" class="diff-link">what changed</a>', history)
    assert [link.split("?")[1] for link in links] == ["from=1&amp;to=2", "from=2&amp;to=3"]
    status, headers, diff = get(page_url + links[1].replace("&amp;", "&"))
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert "<del>973</del><ins>1,383</ins> civilians had been killed" in diff
    assert "1 words deleted" in diff and "version 2</a>" in diff and "version 3</a>" in diff
    # the other pairs are one click away, and a version page links to what changed since the one before
    assert 'from=1&amp;to=2">1→2</a>' in diff
    version3 = re.search(r'href="(/version/\d+)">version 3</a>', diff)
    assert version3
    _, _, text = get(page_url + version3.group(1))
    assert "what changed since version 2" in text
    # statements from an edited page link to their diff; a bad pair is simply not found
    _, _, index = get(page_url + "/")
    assert 'class="diff-link">what changed</a>' in index
    item = links[0].split("/")[2]
    assert get(page_url + f"/item/{item}/diff?from=1&to=9")[0] == 404
    assert get(page_url + f"/item/{item}/diff?from=x")[0] == 404


def test_the_chart_is_an_svg_drawn_on_the_server(page_url: str) -> None:
    import xml.etree.ElementTree as ET

    status, headers, svg = get(page_url + "/chart.svg")
    assert status == 200 and headers["Content-Type"] == "image/svg+xml"
    root = ET.fromstring(svg)
    texts = {"".join(t.itertext()).strip() for t in root.iter("{http://www.w3.org/2000/svg}text")}
    assert "SOHR: civilians killed — now 1,383" in texts
    assert any(t.startswith("SNHR: civilians killed") and t.endswith("— now 148") for t in texts), texts
    assert "value (the series took it)" in texts and "stale (an older figure republished)" in texts
    assert not any(el.tag.endswith("script") for el in root.iter())
    _, _, html = get(page_url + "/")
    one = re.search(r'<a href="/series/(\d+)">SOHR</a>', html)
    assert one
    status, _, single = get(page_url + f"/series/{one.group(1)}/chart.svg")
    assert status == 200 and "SOHR: civilians killed" in single and "SNHR" not in single
