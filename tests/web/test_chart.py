"""The one chart (crawler/web/chart.py), checked on matplotlib's own layout, without a browser: the legends never
cover the axes, points at one moment do not sit on one another, every marker kind is in the legend, and scraped
labels cannot break it."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

from PIL import Image

from crawler.web.chart import COLORS, MARKERS, build_figure, render_chart


def day(d: int, h: int = 10) -> datetime:
    return datetime(2025, 3, d, h, tzinfo=UTC)


SOHR = ({"reporter": "SOHR", "victim_group": "civilians", "outcome": "killed", "number": 1200},
        [{"published": day(8), "role": "value", "number": 745},
         {"published": day(9), "role": "value", "number": 973},
         {"published": day(9), "role": "corroboration", "number": 973},
         {"published": day(10), "role": "value", "number": 1383},
         {"published": day(10), "role": "stale", "number": 745},
         {"published": day(11), "role": "value", "number": 1200, "revision": True}])  # fmt: skip
SNHR = ({"reporter": "SNHR $5 \u202e", "victim_group": "civilians", "outcome": "killed", "number": 973,
         "perpetrator": "armed groups"},
        [{"published": day(9), "role": "value", "number": 973}])  # fmt: skip


def test_legends_sit_outside_the_axes_and_name_every_marker_kind() -> None:
    fig = build_figure([SOHR, SNHR])
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    axes = fig.axes[0].get_window_extent(renderer)
    assert len(fig.legends) == 2
    for legend in fig.legends:
        box = legend.get_window_extent(renderer)
        assert box.y1 <= axes.y0, "a legend overlaps the plotting area"
    series_legend, kinds_legend = ([t.get_text() for t in lg.get_texts()] for lg in fig.legends)
    assert series_legend == ["SOHR: civilians killed — now 1,200", r"SNHR \$5 : civilians killed by armed groups — now 973"]
    assert kinds_legend == [m["label"] for m in MARKERS.values()]
    assert [k.split(" ")[0] for k in kinds_legend] == ["value", "revision", "corroboration", "stale"]


def test_points_at_the_same_moment_do_not_overlap() -> None:
    fig = build_figure([SOHR, SNHR])
    fig.canvas.draw()
    ax = fig.axes[0]
    # 9 March 10:00 holds three points at 973 (SOHR's value, its corroboration, SNHR's value): three places
    at_973 = []
    for collection in ax.collections:
        shown = collection.get_offset_transform().transform(collection.get_offsets())
        at_973 += [round(x, 1) for (x, _), (_, y) in zip(shown, collection.get_offsets(), strict=True) if abs(y - 973) < 1e-6]
    assert len(at_973) == 3 and len(set(at_973)) == 3
    assert max(at_973) - min(at_973) >= 2 * 4  # apart by several points, not a rounding error


def test_svg_for_the_page_and_png_for_plot_from_one_drawing() -> None:
    svg = render_chart([SOHR, SNHR], "svg")
    root = ET.fromstring(svg)
    kinds = {el.get("id", "").split("_")[0] for el in root.iter() if el.get("id", "").startswith("point-")}
    assert kinds == {"point-value", "point-revision", "point-corroboration", "point-stale"}
    assert "\u202e" not in svg.decode()
    png = render_chart([SOHR, SNHR], "png")
    with Image.open(io.BytesIO(png)) as img:
        colours = {c for _, c in img.convert("RGB").getcolors(1_000_000)}
    for hex_colour in COLORS[:2]:
        assert tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)) in colours
    assert ET.fromstring(render_chart([], "svg")) is not None  # an empty archive still gets a chart
