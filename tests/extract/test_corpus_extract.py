"""Extraction scores on the shared labelled corpus (../shared/corpus/extraction): the issue's targets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.extract import extract
from crawler.extract.evaluate import evaluate, gold_from_record

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "extraction"


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"{CORPUS} not present")
def test_shared_corpus_meets_targets() -> None:
    pairs = []
    for path in sorted(CORPUS.glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                gold = gold_from_record(json.loads(line), f"{path.stem}:{n}")
                pairs.append((gold, extract(gold.text)))
    assert pairs, "no labelled passages found"
    report = evaluate(pairs)
    summary = report.summary()
    assert summary["figure_precision"] >= 0.95, report.format()
    assert summary["figure_recall"] >= 0.90, report.format()
    assert summary["reported_by"] >= 0.85, report.format()
    assert summary["speaker_f1"] >= 0.85, report.format()
