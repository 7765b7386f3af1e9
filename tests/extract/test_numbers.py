"""Number phrases: digits, words, Arabic-Indic digits, ranges, qualifiers, and what is not a head count."""

from __future__ import annotations

import pytest

from crawler.extract.numbers import find_numbers, not_a_count, to_ascii_digits


def _one(text: str) -> tuple[int | None, int | None, str, str | None, str]:
    t = to_ascii_digits(text)
    ms = find_numbers(t)
    assert len(ms) == 1, [t[m.start : m.end] for m in ms]
    m = ms[0]
    return m.value, m.value_max, m.qualifier, m.vague, t[m.start : m.end]


@pytest.mark.parametrize(
    ("text", "value", "value_max", "qualifier", "vague"),
    [
        ("more than 1,000 have been killed", 1000, None, "more_than", None),
        ("nearly 300 people", 300, None, "up_to", None),
        ("at least 1.383 dead", 1383, None, "at_least", None),
        ("1.2 million people", 1200000, None, "exact", None),
        ("5.2M refugees", 5200000, None, "exact", None),
        ("12,000-15,000 displaced", 12000, 15000, "range", None),
        ("between 40 and 50 killed", 40, 50, "range", None),
        ("200 to 300 people", 200, 300, "range", None),
        ("seven people", 7, None, "exact", None),
        ("a dozen people", 12, None, "exact", None),
        ("two dozen people", 24, None, "exact", None),
        ("Seventy-five people", 75, None, "exact", None),
        ("Two hundred people", 200, None, "exact", None),
        ("FIVE tourists", 5, None, "exact", None),
        ("quarter of a million people", 250000, None, "exact", None),
        ("hundreds of civilians", None, None, "vague", "hundreds"),
        ("tens of thousands fled", None, None, "vague", "tens of thousands"),
        ("scores wounded", None, None, "vague", "scores"),
        ("some 150 people", 150, None, "about", None),
        ("as many as 100 insurgents", 100, None, "up_to", None),
        ("at most 12 soldiers", 12, None, "up_to", None),
        ("half a million people", 500000, None, "exact", None),
        ("3.2bn dollars", 3200000000, None, "exact", None),
        ("several dozens were hurt", None, None, "vague", "several dozens"),
        ("death toll tops 5,000", 5000, None, "more_than", None),
        ("at at least 70", 70, None, "at_least", None),
    ],
)
def test_number_forms(text: str, value: int | None, value_max: int | None, qualifier: str, vague: str | None) -> None:
    got = _one(text)
    assert got[:4] == (value, value_max, qualifier, vague)


def test_arabic_indic_digits_keep_offsets() -> None:
    text = "قتل ٧٤٥ شخصا"
    ascii_text = to_ascii_digits(text)
    assert len(ascii_text) == len(text)
    (m,) = find_numbers(ascii_text)
    assert m.value == 745
    assert text[m.start : m.end] == "٧٤٥"


def test_qualifier_phrase_is_part_of_the_span() -> None:
    assert _one("killing at least 15 people")[4] == "at least 15"


@pytest.mark.parametrize(
    "text",
    [
        "a 12-year-old boy",
        "around 10 per cent of the population",
        "in 2016 the war",
        "on September 29 the rocket",
        "the 7.8 magnitude quake",
        "$2.7 billion in aid",
        "15 kilometres north",
        "one of the worst attacks",
        "aged 34, was arrested",
        "at 4:17 a.m.",
    ],
)
def test_not_a_head_count(text: str) -> None:
    t = to_ascii_digits(text)
    ms = find_numbers(t)
    assert ms, text
    assert all(not_a_count(t, m) for m in ms), [t[m.start : m.end] for m in ms if not not_a_count(t, m)]


def test_numbers_inside_words_are_ignored() -> None:
    assert find_numbers("F-16 jets and COVID-19") == []


def test_an_and_after_a_scale_word_joins_the_number_words() -> None:
    """British and Commonwealth style: "four hundred and thirteen" is 413, not 400 and 13."""
    assert [m.value for m in find_numbers("four hundred and thirteen (413) people were injured")][:1] == [413]
    assert [m.value for m in find_numbers("two thousand and five people fled")] == [2005]
    assert [m.value for m in find_numbers("five and six people died")] == [5, 6]
