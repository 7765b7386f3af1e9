"""Throughput of crawler.extract on the labelled corpus (one core): KB/s and passages/s.

Usage: python bench/bench_extract.py [FILE.jsonl ...] [--repeat N] | --hostile
Default files: every ../shared/corpus/extraction/*.jsonl; falls back to tests/data/extraction/*.yaml.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.extract import extract  # noqa: E402

DEFAULT_DIR = ROOT.parent / "shared" / "corpus" / "extraction"


def load_texts(paths: list[Path]) -> list[str]:
    texts: list[str] = []
    for path in paths:
        if path.suffix == ".jsonl":
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    texts.append(json.loads(line)["text"])
        elif path.suffix in (".yaml", ".yml"):
            import yaml

            for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
                texts.append(case["text"])
    return texts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=5, help="passes over the corpus (default 5)")
    ap.add_argument("--hostile", action="store_true", help="time 5 MB of each hostile input instead")
    args = ap.parse_args(argv)
    if args.hostile:
        return hostile()
    paths = args.files or sorted(DEFAULT_DIR.glob("*.jsonl")) or sorted((ROOT / "tests/data/extraction").glob("*.yaml"))
    texts = load_texts(paths)
    if not texts:
        print("no passages found", file=sys.stderr)
        return 2
    size = sum(len(t.encode("utf-8")) for t in texts)
    for t in texts[:20]:
        extract(t)  # warm-up: regex compilation and imports
    start = time.perf_counter()
    for _ in range(args.repeat):
        for t in texts:
            extract(t)
    elapsed = time.perf_counter() - start
    n = len(texts) * args.repeat
    kb = size * args.repeat / 1024
    print(f"passages {len(texts)} x {args.repeat}  bytes {size}  time {elapsed:.3f}s")
    print(f"throughput {kb / elapsed:.1f} KB/s  {n / elapsed:.1f} passages/s  ({kb / 1024 / elapsed:.2f} MB/s)")
    # one long document: the same corpus joined, to check time stays linear in size
    doc = "\n".join(texts)
    start = time.perf_counter()
    extract(doc)
    one = time.perf_counter() - start
    print(f"one document of {len(doc.encode('utf-8'))} bytes: {one:.3f}s  ({len(doc.encode('utf-8')) / 1024 / 1024 / one:.2f} MB/s)")
    articles = article_texts()
    if articles:
        # what tollwatch really reads: whole articles' main text, where most sentences hold no number
        size = sum(len(t.encode("utf-8")) for t in articles)
        start = time.perf_counter()
        for _ in range(args.repeat):
            for t in articles:
                extract(t)
        elapsed = time.perf_counter() - start
        mb = size * args.repeat / 1024 / 1024
        print(f"{len(articles)} real article texts ({size} bytes, ../shared/corpus/pages): {mb / elapsed:.2f} MB/s")
    return 0


# The units of tests/extract/test_robustness.py (each repeated to 5 MB: the goal is under 5 s each), then the same
# kind of text with sentence ends, which no per-sentence bound cuts short (linear, but slow: a figure per 10 bytes).
HOSTILE = [
    "1,1,1,1,1,1,1,1,1,1,",
    "one two three four five six seven eight nine ten ",
    "Aaaa Bbbb Cccc Dddd said ",
    "killed 5 and 6 and 7 and 8, including 9 ",
    "((((( [[[ “““ ",
    "at least more than nearly about ",
    "The death toll rose to 12 killed 13 wounded 14 missing 15 ",
    "x" * 200 + " ",
    "Killed 5 and 6 and 7 and 8, including 9. ",
    "Five killed. ",
]


def hostile() -> int:
    for unit in HOSTILE:
        text = unit * (5 * 1024 * 1024 // len(unit))
        start = time.perf_counter()
        out = extract(text)
        print(f"{time.perf_counter() - start:7.2f}s  {len(out.figures):7d} figures  5 MB of {unit[:40]!r}", flush=True)
    return 0


def article_texts() -> list[str]:
    """Main text of every page of the shared page corpus (not copied: read where it lies)."""
    pages = ROOT.parent / "shared" / "corpus" / "pages"
    if not pages.is_dir():
        return []
    from crawler.pages import main_text

    return [t for p in sorted(pages.rglob("*.html")) if (t := main_text(p.read_bytes()))]


if __name__ == "__main__":
    raise SystemExit(main())
