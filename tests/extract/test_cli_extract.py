"""`tollwatch extract` through click's CliRunner: text, HTML, stdin, --jsonl, --source-org, bad input."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from click.testing import CliRunner

from crawler.cli.extract import MAX_BYTES, explain_lines, extract_command
from crawler.extract import Extraction, extract

TEXT = "An air strike killed 14 civilians in Idlib on Monday, a war monitor said."


def test_text_file(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text(TEXT, encoding="utf-8")
    res = CliRunner().invoke(extract_command, [str(p)])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert set(out) == {"figures", "statements"}
    (f,) = out["figures"]
    assert (f["number"], f["outcome"], f["victim_group"], f["reported_by"]) == (14, "killed", "civilians", "a war monitor")
    assert TEXT[f["start"] : f["end"]] == "14"


def test_stdin_default_and_pretty() -> None:
    res = CliRunner().invoke(extract_command, ["--pretty"], input=TEXT)
    assert res.exit_code == 0, res.output
    assert res.output.startswith("{\n")
    assert json.loads(res.output)["figures"][0]["number"] == 14


def test_html_input_converted() -> None:
    html = f"<html><body><article><p>{TEXT}</p><p>Residents said the town was empty.</p></article></body></html>"
    res = CliRunner().invoke(extract_command, ["-"], input=html)
    assert res.exit_code == 0, res.output
    assert [f["number"] for f in json.loads(res.output)["figures"]] == [14]


def test_source_org_option() -> None:
    res = CliRunner().invoke(extract_command, ["--source-org", "OCHA"], input="Nine people died in the floods.")
    assert json.loads(res.output)["figures"][0]["reported_by"] == "OCHA"


def test_non_ascii_output_not_escaped() -> None:
    res = CliRunner().invoke(extract_command, [], input="Monitors said ٧٤٥ civilians had been killed in Ḥamāh.")
    assert "٧٤٥" in res.output and "\\u" not in res.output


def test_jsonl_one_result_per_line_with_errors(tmp_path: Path) -> None:
    p = tmp_path / "in.jsonl"
    p.write_text(
        json.dumps({"text": TEXT}) + "\n"
        + "this is not json\n"
        + json.dumps({"text": "Five people were killed.", "source_org": "UNHCR"}) + "\n"
        + json.dumps({"no_text": 1}) + "\n",
        encoding="utf-8",
    )
    res = CliRunner().invoke(extract_command, ["--jsonl", str(p)])
    assert res.exit_code == 0, res.output
    lines = [json.loads(x) for x in res.output.splitlines()]
    assert len(lines) == 4
    assert lines[0]["figures"][0]["number"] == 14
    assert lines[1]["error"].startswith("line 2:")
    assert lines[2]["figures"][0]["reported_by"] == "UNHCR"
    assert lines[3]["error"].startswith("line 4:")


def test_invalid_utf8_does_not_crash() -> None:
    data = b"Seven people were killed \xff\xfe in the blast."
    res = CliRunner().invoke(extract_command, [], input=data)
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["figures"][0]["number"] == 7


def test_binary_input_clear_error() -> None:
    res = CliRunner().invoke(extract_command, [], input=b"\x00\x01\x02\x00" * 1000)
    assert res.exit_code == 2
    assert "binary" in res.output


def test_oversize_input_refused() -> None:
    res = CliRunner().invoke(extract_command, [], input=b"a" * (MAX_BYTES + 1))
    assert res.exit_code == 2
    assert "limit" in res.output


def test_missing_file(tmp_path: Path) -> None:
    res = CliRunner().invoke(extract_command, [str(tmp_path / "nope.txt")])
    assert res.exit_code == 2


FIGURE_KEYS = {"number", "number_max", "qualifier", "vague", "outcome", "victim_group", "perpetrator", "reported_by",
               "place", "as_of", "sentence", "start", "end", "rule", "reporter_cue", "increment", "corrects",
               "recalled", "lowered"}
STATEMENT_KEYS = {"speaker", "role", "organization", "official", "kind", "text", "start", "end", "rule"}


def test_json_carries_rule_reporter_cue_and_increment() -> None:
    text = 'Rescuers recovered the bodies overnight. "It is terrible," said Amina Yusuf. 12 more bodies were found, officials said.'
    res = CliRunner().invoke(extract_command, [], input=text)
    out = json.loads(res.output)
    (f,) = out["figures"]
    assert set(f) == FIGURE_KEYS
    assert (f["number"], f["increment"], f["rule"], f["reporter_cue"]) == (12, True, "outcome_after", "said")
    assert out["statements"] and all(set(s) == STATEMENT_KEYS and s["rule"] for s in out["statements"])


def test_explain_names_every_rule() -> None:
    text = "The death toll rose to 54, the health ministry said. A further 30 were wounded, according to medics."
    res = CliRunner().invoke(extract_command, ["--explain"], input=text)
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert lines[0].startswith("figure 54 killed") and "rule=toll_phrase" in lines[0] and 'cue "said"' in lines[0]
    assert "increment" not in lines[0]
    assert lines[1].startswith("figure 30 injured people increment") and 'cue "according to"' in lines[1]
    assert all("rule=" in line for line in lines)


def test_explain_strips_terminal_escapes_from_scraped_text() -> None:
    fig = extract("Ten people were killed, the governor said.").figures[0]
    shown = explain_lines(Extraction(figures=(replace(fig, reported_by="the \x1b[31mgovernor\u202e"),)))
    assert "\x1b" not in shown and "\u202e" not in shown
    assert shown.startswith("figure 10 killed") and "reported_by=the [31mgovernor" not in shown
