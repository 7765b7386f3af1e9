"""The vocabulary as data: lexicon/en.yaml and reporters.yaml load into a frozen Lexicon the rules use."""

from __future__ import annotations

import ast
import dataclasses
import re
from pathlib import Path

import pytest

from crawler.extract import canonical_reporter, extract
from crawler.extract.lexicon import LEXICON, lexicon_from_mapping, load_lexicon


def test_english_lexicon_loads_once_and_is_frozen() -> None:
    assert load_lexicon("en") is LEXICON
    assert LEXICON.language == "en"
    assert LEXICON.table("outcome_after")["kidnapped"] == "abducted"
    assert "according" not in LEXICON.words("speech_verbs")
    with pytest.raises(dataclasses.FrozenInstanceError):
        LEXICON.language = "fr"  # type: ignore[misc]
    with pytest.raises(TypeError):
        LEXICON.sets["aux"] = frozenset()  # type: ignore[index]


def test_a_word_in_two_labels_of_one_table_is_refused() -> None:
    with pytest.raises(ValueError, match="'hurt'"):
        lexicon_from_mapping({"tables": {"outcome_after": {"killed": "dead hurt", "injured": "hurt"}}})


def test_words_are_space_separated_lines() -> None:
    lex = lexicon_from_mapping({"language": "xx", "sets": {"aux": "were was\nis"}, "rules": {"m": {"k": "a b"}}})
    assert lex.words("aux") == {"were", "was", "is"}
    assert lex.rule_words("m", "k") == {"a", "b"}


def test_reporter_aliases_come_from_the_data_file() -> None:
    assert canonical_reporter("the UK-based SOHR") == "Syrian Observatory for Human Rights"
    assert canonical_reporter("UN refugee agency") == "UNHCR"
    f = extract("Floods killed 12 people, the UN children's agency said.").figures[0]
    assert f.reported_by == "UNICEF"


# Record labels the rules compare with (Figure.outcome, a figure's origin): codes, not vocabulary.
_LABELS = frozenset("killed injured missing detained displaced abducted casualties after before toll subset conj".split())


def _inline_word_lists(path: Path) -> list[int]:
    """Lines of tuple/set/list literals of two or more word strings (vocabulary written into rule code)."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.Tuple, ast.Set, ast.List)):
            words = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)
                     and any(c.isalpha() for c in e.value)]
            if len(words) >= 2 and len(words) == len(node.elts) and not set(words) <= _LABELS:
                lines.append(node.lineno)
    return lines


@pytest.mark.parametrize("module", ["speech.py", "figures.py", "numbers.py"])
def test_rules_take_their_words_from_the_lexicon(module: str) -> None:
    path = Path(extract.__code__.co_filename).parent / module
    assert _inline_word_lists(path) == [], f"{module}: word lists written into rule code"


_WORDS_IN_PATTERN = re.compile(r"[A-Za-z]{2,}(?:\\s[+*]|\||\(\?:)[A-Za-z]{2,}")


def _inline_words(path: Path) -> list[int]:
    """Lines of regexes that spell words ("at\\s+least|over") and of dicts keyed by words (vocabulary in code)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef)) and n.body
                  and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            if _WORDS_IN_PATTERN.search(node.value):
                lines.append(node.lineno)
        elif isinstance(node, ast.Dict):
            keys = [k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)]
            if len(keys) >= 2 and sum(k.isalpha() and len(k) > 1 for k in keys) >= 2:
                lines.append(node.lineno)
    return lines


def test_numbers_take_their_words_from_the_lexicon() -> None:
    path = Path(extract.__code__.co_filename).parent / "numbers.py"
    assert _inline_words(path) == [], "numbers.py: words written into its regexes or tables"


def test_word_pattern_matches_exactly_its_words() -> None:
    import re

    from crawler.extract.lexicon import word_pattern

    words = ["on", "one", "o", "dozen", "dozens", "a.b", "ten", "tens"]
    rx = re.compile(word_pattern(words))
    for w in words:
        assert rx.fullmatch(w), w
    for w in ["onex", "do", "dozenss", "t", "a", "aab", ""]:
        assert not rx.fullmatch(w), w
    spaced = re.compile(word_pattern(["set\x00out"], {"\x00": r"\s+"}))
    assert spaced.fullmatch("set \t out") and not spaced.fullmatch("setout")
    assert re.compile(word_pattern([])).search("anything") is None


@pytest.mark.parametrize("path", ["crawler/extract/lexicon/en.yaml", "crawler/extract/lexicon/reporters.yaml",
                                  "crawler/data/body_words.yaml", "crawler/data/places.yaml"])
def test_no_word_list_is_written_twice_under_one_name(path: str) -> None:
    """YAML keeps the last of two keys of one name silently: a list added under a name already used would shadow
    the first one (or be shadowed by it) without any error."""
    import yaml

    twice: list[str] = []

    class Loader(yaml.SafeLoader):
        pass

    def mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict:  # type: ignore[type-arg]
        keys = [loader.construct_object(k) for k, _v in node.value]
        twice.extend(f"{k} (line {n.start_mark.line + 1})" for (n, _v), k in zip(node.value, keys, strict=True)
                     if keys.count(k) > 1)
        return yaml.SafeLoader.construct_mapping(loader, node)

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    yaml.load((Path(__file__).resolve().parents[2] / path).read_text(encoding="utf-8"), Loader=Loader)  # noqa: S506
    assert twice == []
