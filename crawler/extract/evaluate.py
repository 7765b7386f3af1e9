"""Scoring extraction against labelled passages (gold vs predicted → precision, recall, field accuracy).

Pure: callers read the JSONL files and run the extractor; this module only compares records.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from crawler.extract.attribution import canonical_reporter
from crawler.extract.records import Extraction

FIGURE_FIELDS = ("victim_group", "perpetrator", "reported_by", "qualifier")


@dataclass(frozen=True, slots=True)
class GoldPassage:
    """One labelled passage; figures/statements are None when the file does not label them."""

    id: str
    text: str
    figures: tuple[dict[str, Any], ...] | None
    statements: tuple[dict[str, Any], ...] | None
    statements_complete: bool  # False for the older one-statement-per-line format: recall only


def gold_from_record(obj: dict[str, Any], fallback_id: str = "") -> GoldPassage:
    """Read either format: the current one (figures + statements lists) or the older FA-KES ones."""
    pid = str(obj.get("id") or fallback_id)
    text = str(obj.get("text") or "")
    figures = obj.get("figures")
    statements = obj.get("statements")
    complete = True
    if statements is None and "speaker" in obj:
        statements = [{
            "speaker": obj.get("speaker"), "role": obj.get("speaker_role"),
            "organization": obj.get("organization"), "official": obj.get("is_official"), "kind": obj.get("kind"),
        }]
        complete = False
    return GoldPassage(
        id=pid, text=text,
        figures=tuple(figures) if isinstance(figures, list) else None,
        statements=tuple(statements) if isinstance(statements, list) else None,
        statements_complete=complete,
    )


def _norm(s: str | None) -> str:
    if s is None:
        return ""
    s = s.lower().replace("’", "'").replace("#39;", "'").replace("\\", " ")
    s = re.sub(r"\b(?:uk|britain|british|london|us|u\.s\.)[- ]based\b", " ", s)
    s = re.sub(r"[^\w'. -]", " ", s)
    s = re.sub(r"\s+", " ", s).strip(" .,'")
    s = re.sub(r"^(?:the|a|an)\s+", "", s)
    return s


def same_entity(gold: str | None, pred: str | None) -> bool:
    """Lenient name match: equal after normalisation, same canonical reporter, or one contains the other."""
    if not gold and not pred:
        return True
    if not gold or not pred:
        return False
    g, p = _norm(gold), _norm(pred)
    if g == p:
        return True
    if canonical_reporter(gold).lower() == canonical_reporter(pred).lower():
        return True
    if g and p and (re.search(r"\b" + re.escape(p) + r"\b", g) or re.search(r"\b" + re.escape(g) + r"\b", p)):
        return True
    return False


def _singular(w: str) -> str:
    return w[:-1] if w.endswith("s") and len(w) > 3 else w


def same_group(gold: str | None, pred: str | None) -> bool:
    g, p = _norm(gold or "people"), _norm(pred or "people")
    if g == p:
        return True
    return _singular(g.split()[-1]) == _singular(p.split()[-1]) if g and p else False


@dataclass(slots=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class Report:
    figures: Counts = field(default_factory=Counts)
    statements: Counts = field(default_factory=Counts)
    field_ok: dict[str, int] = field(default_factory=dict)
    field_n: dict[str, int] = field(default_factory=dict)
    official_ok: int = 0
    official_n: int = 0
    misses: list[str] = field(default_factory=list)
    passages: int = 0
    rule_tp: dict[str, int] = field(default_factory=dict)  # rule → predicted records matching a gold one
    rule_fp: dict[str, int] = field(default_factory=dict)  # rule → predicted records matching none

    def count_rule(self, rule: str, ok: bool) -> None:
        table = self.rule_tp if ok else self.rule_fp
        table[rule or "-"] = table.get(rule or "-", 0) + 1

    def format_rules(self) -> str:
        """One line per rule (figures 'figure:<rule>', statements 'speech:<rule>'): correct and wrong results."""
        names = sorted(set(self.rule_tp) | set(self.rule_fp), key=lambda r: (-self.rule_tp.get(r, 0), r))
        lines = [f"{'rule':32} {'correct':>8} {'wrong':>6}"]
        lines += [f"{r:32} {self.rule_tp.get(r, 0):>8} {self.rule_fp.get(r, 0):>6}" for r in names]
        return "\n".join(lines)

    def accuracy(self, name: str) -> float:
        n = self.field_n.get(name, 0)
        return self.field_ok.get(name, 0) / n if n else 1.0

    @property
    def official_accuracy(self) -> float:
        return self.official_ok / self.official_n if self.official_n else 1.0

    def summary(self) -> dict[str, float | int]:
        out: dict[str, float | int] = {
            "passages": self.passages,
            "figure_precision": self.figures.precision, "figure_recall": self.figures.recall,
            "figure_f1": self.figures.f1, "figure_tp": self.figures.tp, "figure_fp": self.figures.fp,
            "figure_fn": self.figures.fn,
            "statement_precision": self.statements.precision, "statement_recall": self.statements.recall,
            "speaker_f1": self.statements.f1, "official_accuracy": self.official_accuracy,
        }
        for name in FIGURE_FIELDS:
            out[name] = self.accuracy(name)
        return out

    def format(self, misses: bool = False) -> str:
        s = self.summary()
        lines = [
            f"passages {s['passages']}",
            f"figures    P {s['figure_precision']:.3f}  R {s['figure_recall']:.3f}  F1 {s['figure_f1']:.3f}"
            f"  (tp {s['figure_tp']}, fp {s['figure_fp']}, fn {s['figure_fn']})",
            "  fields   " + "  ".join(f"{n} {self.accuracy(n):.3f} ({self.field_n.get(n, 0)})" for n in FIGURE_FIELDS),
            f"statements speaker P {s['statement_precision']:.3f}  R {s['statement_recall']:.3f}"
            f"  F1 {s['speaker_f1']:.3f}  official {s['official_accuracy']:.3f} ({self.official_n})"
            f"  (tp {self.statements.tp}, fp {self.statements.fp}, fn {self.statements.fn})",
        ]
        if misses:
            lines.extend(self.misses)
        return "\n".join(lines)


def _fig_key(f: dict[str, Any]) -> tuple[Any, str]:
    vague = f.get("vague")
    if f.get("number") is None and vague:
        return (re.sub(r"\s+", " ", str(vague).lower()), str(f.get("outcome")))
    return (f.get("number"), str(f.get("outcome")))


def score_passage(report: Report, gold: GoldPassage, pred: Extraction) -> None:
    """Add one passage's comparison to report (misses are recorded as readable lines)."""
    report.passages += 1
    if gold.figures is not None:
        preds = [f.to_dict() for f in pred.figures]
        used = [False] * len(preds)
        for g in gold.figures:
            key = _fig_key(g)
            cands = [i for i, p in enumerate(preds) if not used[i] and _fig_key(p) == key]
            if not cands:
                report.figures.fn += 1
                report.misses.append(f"FN  {gold.id}: {key} {g.get('victim_group')} | {gold.text[:160]}")
                continue
            best = max(cands, key=lambda i: (same_group(g.get("victim_group"), preds[i]["victim_group"]),
                                             same_entity(g.get("reported_by"), preds[i]["reported_by"])))
            used[best] = True
            report.figures.tp += 1
            p = preds[best]
            report.count_rule("figure:" + p["rule"], True)
            for name in FIGURE_FIELDS:
                if name not in g or (name == "qualifier" and g.get(name) is None):
                    continue
                if name == "victim_group":
                    ok = same_group(g.get(name), p.get(name))
                elif name == "qualifier":
                    ok = g.get(name) == p.get(name)
                else:
                    ok = same_entity(g.get(name), p.get(name))
                report.field_n[name] = report.field_n.get(name, 0) + 1
                report.field_ok[name] = report.field_ok.get(name, 0) + int(ok)
                if not ok:
                    report.misses.append(f"FLD {gold.id}: {name} gold={g.get(name)!r} pred={p.get(name)!r} "
                                         f"[{key}] | {gold.text[:120]}")
        for i, p in enumerate(preds):
            if not used[i]:
                report.figures.fp += 1
                report.count_rule("figure:" + p["rule"], False)
                report.misses.append(f"FP  {gold.id}: {_fig_key(p)} {p['victim_group']} «{p['sentence'][:150]}»")
    if gold.statements is not None:
        preds_s = [s.to_dict() for s in pred.statements]
        used_s = [False] * len(preds_s)
        for g in gold.statements:
            cands = [i for i, p in enumerate(preds_s) if not used_s[i] and same_entity(g.get("speaker"), p["speaker"])]
            if not cands:
                report.statements.fn += 1
                report.misses.append(f"SFN {gold.id}: {g.get('speaker')!r} | {gold.text[:160]}")
                continue
            used_s[cands[0]] = True
            report.statements.tp += 1
            report.count_rule("speech:" + preds_s[cands[0]]["rule"], True)
            if g.get("official") is not None:
                report.official_n += 1
                ok = bool(g.get("official")) == bool(preds_s[cands[0]]["official"])
                report.official_ok += int(ok)
                if not ok:
                    report.misses.append(f"OFF {gold.id}: {g.get('speaker')!r} gold={g.get('official')}")
        if gold.statements_complete:
            for i, p in enumerate(preds_s):
                if not used_s[i]:
                    report.statements.fp += 1
                    report.count_rule("speech:" + p["rule"], False)
                    report.misses.append(f"SFP {gold.id}: {p['speaker']!r} | {gold.text[:120]}")


def evaluate(pairs: Iterable[tuple[GoldPassage, Extraction]]) -> Report:
    """Score (gold, predicted) pairs."""
    report = Report()
    for gold, pred in pairs:
        score_passage(report, gold, pred)
    return report
