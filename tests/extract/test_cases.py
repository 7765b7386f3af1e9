"""The labelled YAML passages of tests/data/extraction: one parametrized test, one id per case."""

from __future__ import annotations

from typing import Any

import pytest

from crawler.extract import canonical_reporter, extract
from crawler.extract.evaluate import same_entity, same_group
from tests.extract.conftest import load_cases

CASES = load_cases()


def _case_id(case: dict[str, Any]) -> str:
    """The case id, prefixed by the rule it exercises ('toll_phrase:...') so `pytest -k toll_phrase` selects it."""
    return f"{case['rule']}:{case['id']}" if case.get("rule") else case["id"]


def _key(f: dict[str, Any]) -> tuple[Any, str]:
    if f.get("number") is None:
        return (f.get("vague"), f["outcome"])
    return (f["number"], f["outcome"])


def _check_figure(expected: dict[str, Any], got: dict[str, Any], cid: str) -> None:
    for name, value in expected.items():
        if name in ("number", "vague", "outcome"):
            continue
        if name == "victim_group":
            assert same_group(value, got[name]), f"{cid}: victim_group {got[name]!r} != {value!r}"
        elif name in ("reported_by", "perpetrator"):
            assert same_entity(value, got[name]) or (
                value and got[name] and canonical_reporter(value) == canonical_reporter(got[name])
            ), f"{cid}: {name} {got[name]!r} != {value!r}"
        else:
            assert got[name] == value, f"{cid}: {name} {got[name]!r} != {value!r}"


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    result = extract(case["text"]).to_dict()
    if "figures" in case:
        got = list(result["figures"])
        expected = case["figures"] or []
        assert sorted(map(str, (_key(f) for f in got))) == sorted(map(str, (_key(f) for f in expected))), (
            f"figures {[_key(f) for f in got]} != {[_key(f) for f in expected]}"
        )
        pool = list(got)
        for exp in expected:
            match = next(g for g in pool if _key(g) == _key(exp))
            pool.remove(match)
            _check_figure(exp, match, case["id"])
    if case.get("rule"):
        rules = [f["rule"] for f in result["figures"]] + [s["rule"] for s in result["statements"]]
        assert case["rule"] in rules, f"no result by rule {case['rule']!r}: {rules}"
    if "statements" in case:
        for exp in case["statements"]:
            cands = [s for s in result["statements"] if same_entity(exp["speaker"], s["speaker"])]
            assert cands, f"no statement by {exp['speaker']!r} in {[s['speaker'] for s in result['statements']]}"
            st = cands[0]
            for name in ("official", "kind"):
                if name in exp:
                    assert st[name] == exp[name], f"{exp['speaker']}: {name} {st[name]!r} != {exp[name]!r}"
            if "role" in exp:
                assert same_entity(exp["role"], st["role"]), f"role {st['role']!r} != {exp['role']!r}"
    if "statement_count" in case:
        assert len(result["statements"]) == case["statement_count"], [s["speaker"] for s in result["statements"]]


def test_case_counts() -> None:
    """The data set keeps its promised size: 150+ passages, 50+ of them with numbers that are not tolls."""
    assert len(CASES) >= 150
    non_tolls = [c for c in CASES if c.get("figures") == [] and any(ch.isdigit() for ch in c["text"]) or (
        c.get("figures") == [] and any(w in c["text"].lower() for w in ("one ", "tens ", "some ")))]
    assert len(non_tolls) >= 50
    assert len({c["id"] for c in CASES}) == len(CASES), "case ids must be unique"
