"""The one timeline chart: series values over time, drawn by matplotlib (Agg, no display) for the page (SVG) and
for `tollwatch plot` (PNG, SVG or PDF by the file's extension).

Each series is a step line through the values it took; every point of its history is a marker of its kind
(value, corroboration, stale, revision), and a second legend says which marker is which. Both legends sit
under the axes, so they never cover a line; points at the same time are spread sideways by a few points so
none hides another. Labels are scraped text: control and bidi characters are stripped and `$` cannot start
mathtext; matplotlib escapes them for SVG.
"""

from __future__ import annotations

import io
from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO, Any

import matplotlib

matplotlib.use("Agg")  # no display: files only (before pyplot is imported anywhere)

import matplotlib.dates as mdates  # noqa: E402
import matplotlib.ticker  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.transforms import offset_copy  # noqa: E402

from storage.untrusted import strip_controls  # noqa: E402

COLORS = ("#d62728", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f",
          "#bcbd22", "#393b79", "#637939")  # fmt: skip
# marker kinds: how a point of a series' history is drawn (a revision is a value the reporter lowered)
MARKERS: dict[str, dict[str, Any]] = {
    "value": {"marker": "o", "s": 36, "label": "value (the series took it)"},
    "revision": {"marker": "v", "s": 64, "label": "revision (the reporter lowered it)"},
    "corroboration": {"marker": "s", "s": 22, "label": "corroboration (another outlet repeated it)", "hollow": True},
    "stale": {"marker": "x", "s": 30, "label": "stale (an older figure republished)"},
}
SPREAD = 5.0  # points between markers drawn at the same time


def series_label(info: dict[str, Any]) -> str:
    text = f"{info['reporter']}: {info['victim_group']} {info['outcome']}"
    if info.get("perpetrator"):
        text += f" by {info['perpetrator']}"
    return text + (f" — now {info['number']:,}" if info.get("number") is not None else "")


def _plain(text: str) -> str:
    # a scraped "$" would start matplotlib's mathtext (and an unbalanced one fails the whole chart)
    return strip_controls(text).replace("$", r"\$")


def kind_of(point: dict[str, Any]) -> str:
    if point["role"] == "value":
        return "revision" if point.get("revision") else "value"
    return point["role"] if point["role"] in MARKERS else "corroboration"


def build_figure(series: list[tuple[dict[str, Any], list[dict[str, Any]]]], *, width: float = 10.0) -> Figure:
    """The chart of these series (each: its row from storage.queries and its history, oldest first)."""
    drawn = [(info, points) for info, points in series if points]
    rows = max(1, len(drawn))
    fig = Figure(figsize=(width, 4.6 + 0.22 * rows), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)  # a canvas of its own: no pyplot, no global figure list, safe in server threads
    ax = fig.add_subplot()
    if not drawn:
        ax.text(0.5, 0.5, "No values to chart yet.", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return fig

    # markers that share a moment are spread sideways, in a stable order (series, then history order)
    at_moment: dict[datetime, int] = defaultdict(int)
    for _, points in drawn:
        for p in points:
            at_moment[p["published"]] += 1
    placed: dict[datetime, int] = defaultdict(int)
    end = max(p["published"] for _, points in drawn for p in points)
    start = min(p["published"] for _, points in drawn for p in points)
    span = max(end - start, timedelta(hours=12))
    lines = []
    for n, (info, points) in enumerate(drawn):
        color = COLORS[n % len(COLORS)]
        values = [p for p in points if p["role"] == "value"]
        if values:
            xs = [p["published"] for p in values] + [end + span * 0.03]
            ys = [p["number"] for p in values] + [values[-1]["number"]]
            (line,) = ax.step(xs, ys, where="post", color=color, linewidth=2.2, label=_plain(series_label(info)))
            lines.append(line)
        # one scatter per (kind, sideways offset): a few drawing calls per series, not one per point
        groups: dict[tuple[str, float], list[dict[str, Any]]] = defaultdict(list)
        for p in points:
            k = at_moment[p["published"]]
            dx = (placed[p["published"]] - (k - 1) / 2) * SPREAD if k > 1 else 0.0
            placed[p["published"]] += 1
            groups[(kind_of(p), dx)].append(p)
        for (kind, dx), group in groups.items():
            style = MARKERS[kind]
            transform = offset_copy(ax.transData, fig=fig, x=dx, y=0, units="points")
            colors = {"c": [color]} if style["marker"] == "x" else {
                "c": ["white" if style.get("hollow") else color], "edgecolors": [color]}  # fmt: skip
            ax.scatter([mdates.date2num(p["published"]) for p in group], [p["number"] for p in group],
                       marker=style["marker"], s=style["s"], linewidths=1.4, transform=transform, zorder=3,
                       gid=f"point-{kind}", **colors)  # fmt: skip
    ax.set_ylabel("toll")
    ax.set_ylim(bottom=0, top=max(p["number"] for _, pts in drawn for p in pts) * 1.1 or 1)
    ax.set_xlim(start - span * 0.03, end + span * 0.03)
    ax.grid(True, alpha=0.3)
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    kinds = [Line2D([], [], linestyle="none", marker=style["marker"], markersize=7, color="#5f6b76",
                    markerfacecolor="white" if style.get("hollow") else "#5f6b76", label=style["label"])
             for style in MARKERS.values()]  # fmt: skip
    # under the axes, never over the lines: series first, then what each marker means
    fig.legend(handles=lines, loc="outside lower left", ncols=1, fontsize="small", frameon=False)
    fig.legend(handles=kinds, loc="outside lower right", ncols=1, fontsize="small", frameon=False,
               title="points", title_fontsize="small")  # fmt: skip
    return fig


def render_chart(series: list[tuple[dict[str, Any], list[dict[str, Any]]]], fmt: str) -> bytes:
    """The chart as SVG (text kept as text), PNG or PDF bytes."""
    buf = io.BytesIO()
    save_chart(series, buf, fmt)
    return buf.getvalue()


def save_chart(series: list[tuple[dict[str, Any], list[dict[str, Any]]]], out: Path | IO[bytes], fmt: str) -> None:
    fig = build_figure(series)
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "tollwatch"}):
        fig.savefig(out, format=fmt, metadata={"Date": None} if fmt == "svg" else None)


def plot_series(series: list[tuple[dict[str, Any], list[dict[str, Any]]]], output: Path) -> None:
    """`tollwatch plot`: the chart into a file, its format from the extension."""
    save_chart(series, output, output.suffix.lstrip(".").lower() or "png")
