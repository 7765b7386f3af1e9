"""Main-text extraction measured on the shared corpus: ours (crawler.pages.main_text) vs trafilatura plain.

Ground truth: the article bodies of scrapinghub/article-extraction-benchmark shipped in
pages/aeb/ground-truth.json (the other corpus folders ship no body). Token precision/recall/F1 per page, mean.
Usage: python bench/eval_maintext.py [CORPUS_PAGES_DIR]   (default ../shared/corpus/pages)
"""

from __future__ import annotations

import csv
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

import trafilatura

from crawler.pages import main_text

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pages"
_TOKEN = re.compile(r"\w+", re.UNICODE)


def tokens(text: str) -> Counter[str]:
    return Counter(t.lower() for t in _TOKEN.findall(text or ""))


def prf(got: str, want: str) -> tuple[float, float, float]:
    g, w = tokens(got), tokens(want)
    common = sum((g & w).values())
    p = common / sum(g.values()) if g else 0.0
    r = common / sum(w.values()) if w else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main(root: Path) -> None:
    truth = json.loads((root / "aeb" / "ground-truth.json").read_text(encoding="utf-8"))
    rows = [r for r in csv.DictReader((root / "manifest.csv").open(encoding="utf-8")) if r["file"].startswith("aeb/")]
    ours: list[tuple[float, float, float]] = []
    plain: list[tuple[float, float, float]] = []
    t_ours = t_plain = 0.0
    print(f"{'page':44} {'ours P/R/F1':>18} {'trafilatura P/R/F1':>20}")
    for row in rows:
        digest = Path(row["path"]).name.split(".")[0]
        want = truth.get(digest, {}).get("articleBody")
        if not want:
            continue
        html = (root / row["file"]).read_text(encoding="utf-8", errors="replace")
        t0 = time.process_time()
        got_ours = main_text(html, row["url"])
        t1 = time.process_time()
        got_plain = trafilatura.extract(html) or ""
        t2 = time.process_time()
        t_ours += t1 - t0
        t_plain += t2 - t1
        ours.append(prf(got_ours, want))
        plain.append(prf(got_plain, want))
        a, b = ours[-1], plain[-1]
        print(f"{row['file'][:44]:44} {a[0]:.2f}/{a[1]:.2f}/{a[2]:.2f}{'':6} {b[0]:.2f}/{b[1]:.2f}/{b[2]:.2f}")

    def mean(xs: list[tuple[float, float, float]], i: int) -> float:
        return sum(x[i] for x in xs) / len(xs) if xs else 0.0

    n = len(ours)
    print(f"\npages with ground truth: {n}")
    print(f"ours (main_text)          P {mean(ours, 0):.3f}  R {mean(ours, 1):.3f}  F1 {mean(ours, 2):.3f}  CPU {t_ours:.2f}s")
    print(f"trafilatura.extract plain P {mean(plain, 0):.3f}  R {mean(plain, 1):.3f}  F1 {mean(plain, 2):.3f}  CPU {t_plain:.2f}s")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
