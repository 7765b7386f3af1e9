"""Evaluate crawler.extract on labelled JSONL passages: precision/recall/F1 and per-field accuracy.

Usage: python bench/eval_extract.py [FILE.jsonl | DIR ...] [--misses] [--json] [--rules] [--half look|held]
Default files: every ../shared/corpus/extraction/*.jsonl next to the repository.
--rules prints, per named rule, how many results matched a labelled one (correct) and how many did not.
--half keeps one of two fixed halves of the passages (by a hash of the id): tune on `look`, and only read
the scores of `held`, to see whether a change generalizes.
"""

from __future__ import annotations

import argparse
import json
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.extract import extract  # noqa: E402
from crawler.extract.evaluate import GoldPassage, Report, evaluate, gold_from_record  # noqa: E402

DEFAULT_DIR = ROOT.parent / "shared" / "corpus" / "extraction"


def load(path: Path) -> list[GoldPassage]:
    out: list[GoldPassage] = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.strip()
            if line:
                out.append(gold_from_record(json.loads(line), f"{path.stem}:{n}"))
    return out


def in_half(passage_id: str, half: str | None) -> bool:
    if half is None:
        return True
    return (zlib.crc32(passage_id.encode("utf-8")) % 2 == 0) == (half == "look")


def run(paths: list[Path], half: str | None = None) -> dict[str, Report]:
    reports: dict[str, Report] = {}
    everything: list[tuple[GoldPassage, object]] = []
    for path in paths:
        pairs = [(g, extract(g.text)) for g in load(path) if in_half(g.id, half)]
        reports[path.name] = evaluate(pairs)  # type: ignore[arg-type]
        everything.extend(pairs)
    reports["ALL"] = evaluate(everything)  # type: ignore[arg-type]
    return reports


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--misses", action="store_true", help="print every miss (FN, FP, wrong field)")
    ap.add_argument("--json", action="store_true", help="print the summaries as JSON")
    ap.add_argument("--rules", action="store_true", help="print per rule how many results were correct / wrong")
    ap.add_argument("--half", choices=("look", "held"), help="score one fixed half of the passages only")
    args = ap.parse_args(argv)
    paths = []
    for given in args.files or [DEFAULT_DIR]:
        if given.is_dir():
            paths.extend(sorted(given.glob("*.jsonl")))
        elif given.is_file():
            paths.append(given)
        else:
            print(f"no such file or directory: {given}", file=sys.stderr)
            return 2
    if not paths:
        print(f"no JSONL files (looked in {DEFAULT_DIR})", file=sys.stderr)
        return 2
    reports = run(paths, args.half)
    if args.json:
        print(json.dumps({k: r.summary() for k, r in reports.items()}, indent=2))
        return 0
    for name, rep in reports.items():
        print(f"== {name}")
        print(rep.format(misses=args.misses and name != "ALL"))
    if args.rules:
        print("== rules (ALL)")
        print(reports["ALL"].format_rules())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
