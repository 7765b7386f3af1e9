"""The read-only web page: series, statements, archived versions, escaping of scraped text, shipped assets —
and the timeline chart rendered in a real headless Chromium (started by the test, no internet)."""

from __future__ import annotations

import os
import re
import subprocess
import urllib.error
import urllib.request
from email.message import Message
from pathlib import Path

import pytest
from PIL import Image

CHROMIUM = Path("/usr/bin/chromium")
CHART_COLOURS = {"first series": (0xD6, 0x27, 0x28), "second series": (0x1F, 0x77, 0xB4)}  # static/chart.js COLORS


def get(url: str) -> tuple[int, Message, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:  # noqa: S310 - a local test server
            return resp.status, resp.headers, resp.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read().decode("utf-8")


def test_page_lists_series_and_statements_and_escapes_scraped_text(page_url: str) -> None:
    status, headers, html = get(page_url + "/")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert "script-src 'self'" in headers["Content-Security-Policy"] and headers["X-Content-Type-Options"] == "nosniff"
    assert ">SOHR</a>" in html and ">1383<" in html and ">SNHR</a>" in html
    assert "Ahmed al-Sharaa" in html and "independent committee" in html
    # the page loads our own files only: no CDN, no external script or style
    assert re.findall(r'<script src="([^"]+)"', html) == ["/static/chart.js"]
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
    # the wire's title held markup: shown as text, never as markup
    assert "Wire &lt;b&gt;report&lt;/b&gt;" in wire and "<b>report</b>" not in wire


def test_assets_are_shipped_and_nothing_else_is_served(page_url: str) -> None:
    status, headers, script = get(page_url + "/static/chart.js")
    assert status == 200 and headers["Content-Type"].startswith("text/javascript") and "data-rendered" in script
    assert get(page_url + "/static/style.css")[0] == 200
    for path in ("/static/../app.py", "/static/app.py", "/series/999999", "/version/999999", "/nowhere"):
        assert get(page_url + path)[0] == 404, path
    request = urllib.request.Request(page_url + "/", data=b"x", method="POST")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)  # noqa: S310
    assert refused.value.code == 405


def _chromium() -> Path:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("CI is set but /usr/bin/chromium is missing: .ci/run must `apt-get install -y chromium`")
        pytest.skip("/usr/bin/chromium is not installed (apt-get install -y chromium); CI installs it")
    return CHROMIUM


def _run_chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "chromium-profile"
    cmd = [str(_chromium()), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={profile}", "--window-size=1200,900", "--virtual-time-budget=5000", *args]  # fmt: skip
    return subprocess.run(cmd, capture_output=True, text=True, timeout=90, check=False)


def test_chart_renders_in_headless_chromium(page_url: str, tmp_path: Path) -> None:
    dom = _run_chromium(tmp_path, "--dump-dom", page_url + "/")
    assert dom.returncode == 0, dom.stderr[-2000:]
    box = re.search(r'<div id="chart"[^>]*>', dom.stdout)
    assert box, dom.stdout[:2000]
    # the script ran (our own file, under the page's CSP) and drew one line per series
    assert 'data-rendered="true"' in box.group(0) and 'data-series="2"' in box.group(0)
    assert dom.stdout.count('class="series-line"') == 2

    shot = tmp_path / "page.png"
    run = _run_chromium(tmp_path, f"--screenshot={shot}", page_url + "/")
    assert run.returncode == 0 and shot.exists(), run.stderr[-2000:]
    with Image.open(shot) as img:
        assert img.size == (1200, 900)
        pixels = img.convert("RGB")
        chart_area = pixels.crop((0, 60, 1200, 480))  # the chart sits under the heading
        counts = {rgb: n for n, rgb in chart_area.getcolors(1_000_000)}
    for name, rgb in CHART_COLOURS.items():
        # a 3 px line plus its points: hundreds of pixels of the series' colour
        assert counts.get(rgb, 0) > 150, f"{name} line not drawn ({counts.get(rgb, 0)} px of {rgb})"


def test_serve_command_serves_the_archive(archive) -> None:  # noqa: ANN001
    """`tollwatch serve --port 0` as a user starts it: it says where it listens and answers there."""
    import re
    import signal
    import subprocess
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
    from crawler.web.app import make_environment

    env = make_environment()
    # U+202E would show "killed 745" reversed; ESC would reach a terminal that views the page source
    shown = env.from_string("<p>{{ quote }}</p>").render(quote="SOHR: \u202e547 dellik\u202c <b>\x1b[31mred\x1b[0m")
    assert shown == "<p>SOHR: 547 dellik &lt;b&gt;red</p>"
