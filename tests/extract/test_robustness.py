"""Bad and hostile input: empty, junk, huge, adversarial — an empty result or a clear error, never a hang."""

from __future__ import annotations

import pytest

from crawler.extract import extract, extract_figures


def test_empty_and_blank() -> None:
    assert extract("").to_dict() == {"figures": [], "statements": []}
    assert extract("   \n\t ").to_dict() == {"figures": [], "statements": []}


def test_binary_junk_gives_a_result() -> None:
    junk = bytes(range(256)).decode("latin-1") * 200
    out = extract(junk)
    assert isinstance(out.figures, tuple)


def test_replacement_characters() -> None:
    text = b"Ten \xff\xfe people were killed".decode("utf-8", errors="replace")
    assert [f.number for f in extract_figures(text)] == [10]


@pytest.mark.timeout(120)
@pytest.mark.parametrize(
    "unit",
    [
        "1,1,1,1,1,1,1,1,1,1,",  # digit groups that never close
        "one two three four five six seven eight nine ten ",  # endless number words
        "Aaaa Bbbb Cccc Dddd said ",  # capitalised runs before speech verbs
        "killed 5 and 6 and 7 and 8, including 9 ",  # coordination chains without sentence ends
        "((((( [[[ “““ ",  # unbalanced brackets and quotes
        "at least more than nearly about ",  # qualifiers without numbers
        "The death toll rose to 12 killed 13 wounded 14 missing 15 ",
        "x" * 200 + " ",  # one enormous token
    ],
)
def test_five_megabytes_of_adversarial_text_finishes(unit: str) -> None:
    text = unit * (5 * 1024 * 1024 // len(unit))
    out = extract(text)
    assert isinstance(out.figures, tuple)


@pytest.mark.timeout(120)
def test_large_realistic_document_is_linear() -> None:
    para = ("Air strikes killed at least 23 civilians in Idlib on Monday, a war monitor said. "
            "\"We are overwhelmed,\" Dr Ahmed Hassan, director of the hospital, told Reuters. ")
    text = para * 20000  # about 3.4 MB
    figs = extract_figures(text)
    assert len(figs) == 20000


def test_a_sentence_with_more_than_max_numbers_is_not_read() -> None:
    from crawler.extract import MAX_NUMBERS

    listing = ", ".join(str(i) for i in range(10, 10 + MAX_NUMBERS + 1))
    text = f"Strikes killed {listing} people. Later 7 soldiers were killed."
    assert [f.number for f in extract_figures(text)] == [7]  # a table or junk; the next sentence is read
    listing = ", ".join(str(i) for i in range(10, 10 + MAX_NUMBERS))
    assert extract_figures(f"Strikes killed {listing} people.")[0].number == 10


def test_a_sentence_reads_at_most_max_acts() -> None:
    from crawler.extract.speech import MAX_ACTS

    out = extract("Aaaa Bbbb said " * (MAX_ACTS * 3) + "12 people were killed.")
    assert isinstance(out.figures, tuple)


def test_invisible_characters_are_read_through_and_offsets_stay_on_the_text() -> None:
    text = "Shelling killed 1\u200b4 villa\u00adgers in Kupiansk, the regional gover\u2060nor said."
    figure = extract(text).figures[0]
    assert (figure.number, figure.victim_group) == (14, "civilians")
    assert text[figure.start : figure.end] == "1\u200b4"
    assert figure.reported_by == "the regional governor"


def test_text_in_another_language_is_not_read_with_english_rules() -> None:
    german = ("Die nun verfügbare Version 10 des Servers stellt die Basis für die kommerzielle Plattform dar und "
              "ist zugleich ein großer Schritt für die Entwickler, die seit 100 Jahren auf die neue Version warten.")
    assert extract(german).figures == () and extract(german).statements == ()
    english = "Shelling killed 14 villagers in Kupiansk on Monday, the regional governor said in a statement."
    assert [f.number for f in extract(english).figures] == [14]


def test_a_title_case_headline_without_a_number_names_no_speaker() -> None:
    assert extract("Why AI Writing Is So Generic, Boring, and Dangerous: Semantic Ablation").statements == ()
    assert [s.speaker for s in extract("Red Crescent: 8 Dead, 58 Missing After Shipwreck Off Libya").statements] == [
        "Red Crescent"]


def test_a_text_gives_at_most_max_figures() -> None:
    from crawler.extract import MAX_FIGURES

    figures = extract_figures("Five killed. " * (MAX_FIGURES + 500))
    assert len(figures) == MAX_FIGURES


def test_a_terse_english_bulletin_is_read() -> None:
    bulletin = ("Kharkiv: 5 killed. Izium: 3 injured. Kupiansk: 2 killed. Balakliia: 4 injured. Chuhuiv: 1 killed. "
                "Lozova: 6 injured. Vovchansk: 2 killed. Zolochiv: 3 injured. Derhachi: 2 killed.")
    assert len(extract(bulletin).figures) >= 8
