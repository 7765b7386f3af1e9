"""`tollwatch plot`: the values of series over time as a step chart in a file (matplotlib, Agg backend)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def plot_series(series: list[tuple[dict[str, Any], list[dict[str, Any]]]], output: Path) -> None:
    """One step line per series (its value points), repeats shown as small dots; format from the extension."""
    import matplotlib

    matplotlib.use("Agg")  # no display: a file only
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(10, 5.5), dpi=100)
    try:
        for info, points in series:
            values = [p for p in points if p["role"] == "value"]
            label = _plain(f"{info['reporter']}: {info['victim_group']} {info['outcome']} ({info['watch']})")
            if values:
                xs, ys = [p["published"] for p in values], [p["number"] for p in values]
                (line,) = ax.step(xs, ys, where="post", marker="o", label=label)
                others = [p for p in points if p["role"] != "value"]
                if others:
                    ax.plot([p["published"] for p in others], [p["number"] for p in others], ".",
                            color=line.get_color(), alpha=0.5)  # fmt: skip
        ax.set_ylabel("toll")
        ax.set_title("tollwatch: tolls over time (by publication date)")
        ax.grid(True, alpha=0.3)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
        if series:
            ax.legend(loc="upper left", fontsize="small")
        fig.tight_layout()
        fig.savefig(output)
    finally:
        plt.close(fig)


def _plain(text: str) -> str:
    # scraped names may hold "$": matplotlib would read it as mathtext (and fail on an unbalanced one)
    return text.replace("$", r"\$")
