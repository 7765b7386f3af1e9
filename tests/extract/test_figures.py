"""Casualty figures on the seed article and on the patterns the issue names."""

from __future__ import annotations

import pytest

from crawler.extract import canonical_reporter, extract_figures
from tests.extract.conftest import SEED

SEED_TEXT = SEED.read_text(encoding="utf-8") if SEED.exists() else None
needs_seed = pytest.mark.skipif(SEED_TEXT is None, reason="seed article not available")


@needs_seed
def test_seed_article_figures_exactly() -> None:
    assert SEED_TEXT is not None
    figs = extract_figures(SEED_TEXT)
    summary = sorted((f.number or 0, f.vague or "", f.qualifier, f.outcome, f.victim_group) for f in figs)
    assert summary == sorted([
        (1000, "", "more_than", "killed", "people"),
        (1000, "", "more_than", "killed", "people"),  # the headline "More than 1,000 killled in Syria"
        (0, "hundreds", "vague", "killed", "civilians"),
        (0, "hundreds", "vague", "killed", "people"),  # the photo caption
        (745, "", "exact", "killed", "civilians"),
        (148, "", "exact", "killed", "civilians"),
        (327, "", "at_least", "killed", "civilians"),
    ])


@needs_seed
def test_seed_article_attributions_and_perpetrators() -> None:
    assert SEED_TEXT is not None
    by_number = {f.number: f for f in extract_figures(SEED_TEXT) if f.number in (745, 148, 327)}
    assert canonical_reporter(by_number[745].reported_by or "") == "Syrian Observatory for Human Rights"
    assert by_number[745].perpetrator is None
    assert by_number[148].perpetrator == "non-state armed groups"
    assert by_number[148].reported_by == "Syrian Network for Human Rights"
    assert by_number[327].perpetrator == "security forces and its affiliated groups"
    assert canonical_reporter(by_number[327].reported_by or "") == "Syrian Network for Human Rights"
    first = next(f for f in extract_figures(SEED_TEXT) if f.number == 1000)
    assert first.reported_by == "Human rights monitors"


@needs_seed
def test_seed_offsets_point_at_the_number_phrase() -> None:
    assert SEED_TEXT is not None
    for f in extract_figures(SEED_TEXT):
        phrase = SEED_TEXT[f.start : f.end]
        assert phrase.strip() == phrase and phrase
        if f.number == 745:
            assert phrase == "745"
        if f.number == 327:
            assert phrase == "at least 327"
        assert phrase in f.sentence


def test_not_figures_in_seed_style_sentences() -> None:
    text = ("It makes up around 10 per cent of the country's population. The country is gripped by "
            "some of the worst violence in more than a decade.")
    assert extract_figures(text) == []


def test_source_org_used_only_when_nothing_is_attributed() -> None:
    (f,) = extract_figures("Five people were killed in the blast.", source_org="Reuters")
    assert f.reported_by == "Reuters"
    (g,) = extract_figures("Five people were killed in the blast, police said.", source_org="Reuters")
    assert g.reported_by == "police"


def test_two_tolls_in_one_sentence() -> None:
    figs = extract_figures("The bombing killed 12 people and wounded 40 others.")
    assert [(f.number, f.outcome) for f in figs] == [(12, "killed"), (40, "injured")]


def test_headline_repeated_in_body_counts_twice() -> None:
    figs = extract_figures("Blast kills 9 in Kabul\nA blast killed 9 people in Kabul on Friday.")
    assert [(f.number, f.outcome) for f in figs] == [(9, "killed"), (9, "killed")]


def test_attribution_three_clauses_away() -> None:
    (f,) = extract_figures("On Saturday, the UK-based Syrian Human Rights Observatory said 745 civilians "
                           "had been killed in the country's west.")
    assert canonical_reporter(f.reported_by or "") == "Syrian Observatory for Human Rights"
    assert f.place == "the country's west"


@pytest.mark.parametrize(
    ("alias",),
    [("SOHR",), ("Syrian Observatory for Human Rights",), ("the Syrian Human Rights Observatory",),
     ("UK-based Syrian Observatory for Human Rights",), ("the Britain-based Observatory",)],
)
def test_canonical_reporter_sohr_aliases(alias: str) -> None:
    assert canonical_reporter(alias) == "Syrian Observatory for Human Rights"


def test_canonical_reporter_other_aliases() -> None:
    assert canonical_reporter("SNHR") == canonical_reporter("Syrian Network for Human Rights")
    assert canonical_reporter("the UN human rights office") == canonical_reporter("OHCHR")
    assert canonical_reporter("Gaza's health ministry") == canonical_reporter("the health ministry in Gaza")
    assert canonical_reporter("the local council") == "local council"


def test_a_bare_civil_defence_is_no_particular_countrys() -> None:
    """Gaza, Ukraine and Syria each have a civil defence: "the civil defence" alone is not the Syrian White Helmets."""
    (figure,) = extract_figures("Six people were killed in the strike, according to the civil defence.")
    assert figure.reported_by == "the civil defence"


def test_the_hanged_and_the_neutralised() -> None:
    assert [(f.number, f.outcome) for f in extract_figures("The authorities hanged 7 prisoners.")] == [(7, "killed")]
    (f,) = extract_figures("Troops neutralised 45 terrorists, the army said.")
    assert (f.number, f.outcome, f.victim_group) == (45, "killed", "militants")


def test_a_cause_is_nobodys_doing() -> None:
    for text in ("Political violence killed 13 people in the district.", "Mpox has killed 570 people this year.",
                 "Lightning killed 12 farmers.", "Ethnic clashes have killed 40 people."):  # fmt: skip
        (f,) = extract_figures(text)
        assert f.perpetrator is None, text
    (f,) = extract_figures("Iran hanged 31 people in a single day.")
    assert f.perpetrator == "Iran"  # a state that does it is still its doer


def test_a_count_followed_by_when_it_happened() -> None:
    # "last week", "last year" after the counted people say when, not who: the head noun is still "people"
    for text in ("Floods killed 120 people last week.", "Iran executed at least 834 people last year."):
        (f,) = extract_figures(text)
        assert (f.outcome, f.victim_group) == ("killed", "people"), text


def test_the_doer_of_a_guided_weapon_and_of_a_juntas_strike() -> None:
    # what kind of weapon it was ("guided", "ballistic") is no part of who used it
    for text in ("Three people were killed and 21 wounded when Russian guided bombs hit Kharkiv overnight.",
                 "Two people were killed when a Russian ballistic missile hit Sumy."):
        assert {f.perpetrator for f in extract_figures(text)} == {"Russian"}, text
    (f,) = extract_figures("A junta airstrike on a school killed 22 people.")
    assert f.perpetrator == "junta"


def test_who_counted_the_bodies_is_how_the_speaker_knows() -> None:
    (f, g) = extract_figures("The NUG's Ministry of Human Rights said the number of people killed had risen to 165, "
                             "including 27 children, after the bodies were counted by local defence teams.")
    assert {f.reported_by, g.reported_by} == {"The NUG's Ministry of Human Rights"}
    (f,) = extract_figures("The bodies of 12 people were counted by AFP journalists at the morgue.")
    assert f.reported_by == "AFP journalists"  # with nobody speaking, the counter is the source


def test_a_day_joined_to_a_dated_day_is_a_date() -> None:
    text = ("The number of PPL who lost their lives in the events of 12 and 13 November at the Litoral Penitentiary "
            "stands at 68.")
    assert [f.number for f in extract_figures(text)] == [68]
    assert [f.number for f in extract_figures("Between 3 and 5 March, 30 people were killed.")] == [30]
    assert [f.number for f in extract_figures("12 and 13 people were killed in two attacks.")] == [12, 13]


def test_women_and_children_are_one_group_in_every_construction() -> None:
    """The same people counted in three constructions keep one group, so that their series is one."""
    for text in ("34 women and children were abducted, UNMISS said.",
                 "The number of women and children abducted has risen to 41, UNMISS said.",
                 "Gunmen abducted 12 women and children."):
        (f,) = extract_figures(text)
        assert f.victim_group == "women and children", text


def test_a_suspected_rebel_is_still_a_rebel() -> None:
    (f,) = extract_figures("Soldiers killed 12 suspected communist rebels in a clash.")
    assert f.victim_group == "fighters"


def test_hostages_killed_are_killed() -> None:
    (f,) = extract_figures("Hamas said 26 hostages were killed in Israeli strikes.")
    assert (f.number, f.outcome, f.victim_group) == (26, "killed", "hostages")
    (f,) = extract_figures("Gunmen took 30 hostages.")
    assert f.outcome == "abducted"  # taking them is still an abduction


def test_a_surname_alone_reports_as_the_full_name_given_before() -> None:
    """ "..., Ibrahim Musa said. More than 300 were injured, Musa said": one reporter, written in full."""
    figures = extract_figures("At least 113 people were killed, the council chairman, Ibrahim Musa, said. More than "
                              "300 people were injured, Musa said.")
    assert [(f.number, f.reported_by) for f in figures] == [(113, "Ibrahim Musa"), (300, "Ibrahim Musa")]
    # two people of that surname: left as written
    figures = extract_figures("Ali Musa said 12 were killed. Omar Musa said 14 were wounded. Later Musa said 20 died.")
    assert [f.reported_by for f in figures][-1] == "Musa"
