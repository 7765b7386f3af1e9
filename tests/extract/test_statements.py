"""Statements: speakers, roles, officialdom on the seed article and small cases."""

from __future__ import annotations

import pytest

from crawler.extract import MONITOR_GROUPS, extract, extract_statements
from tests.extract.conftest import SEED

SEED_TEXT = SEED.read_text(encoding="utf-8") if SEED.exists() else None


@pytest.mark.skipif(SEED_TEXT is None, reason="seed article not available")
def test_seed_article_statements() -> None:
    assert SEED_TEXT is not None
    sts = {s.speaker: s for s in extract_statements(SEED_TEXT)}
    turk = sts["Volker Turk"]
    assert turk.role == "UN High Commissioner for Human Rights"
    assert turk.organization == "United Nations"
    assert turk.official is True and turk.kind == "quote"
    assert turk.text.startswith("The caretaker authorities' announcements")
    assert SEED_TEXT[turk.start : turk.end] == turk.text
    assert sts["Ahmed al-Sharaa"].official is True
    assert sts["Marco Rubio"].official is True
    assert sts["The Syrian presidency"].official is True
    ghany = sts["Fadel Abdul Ghany"]
    assert ghany.official is False
    assert ghany.organization == "Syrian Network for Human Rights"
    # "he said" adds no statement; "The United States condemns" sits inside Rubio's quote
    assert "he" not in sts and "The United States" not in sts


def test_pronoun_resolution_when_asked() -> None:
    text = 'Foreign Minister Ayman Safadi condemned the attack. "This is unacceptable," he said.'
    assert [s.speaker for s in extract_statements(text)] == ["Ayman Safadi"]
    resolved = extract_statements(text, include_pronouns=True)
    assert [s.speaker for s in resolved] == ["Ayman Safadi", "Ayman Safadi"]
    assert resolved[1].kind == "quote" and resolved[1].text == "This is unacceptable,"


def test_monitor_groups_are_not_official_unless_configured() -> None:
    text = "The Syrian Observatory for Human Rights said the fighting had spread."
    (s,) = extract_statements(text)
    assert s.official is False
    (t,) = extract_statements(text, monitors_official=True)
    assert t.official is True
    assert "Syrian Observatory for Human Rights" in MONITOR_GROUPS


def test_according_to_is_an_attribution_not_a_statement() -> None:
    assert extract_statements("Ten people died, according to the UN.") == []


@pytest.mark.parametrize(
    ("text", "speaker", "official"),
    [
        ("The prime minister told parliament that the toll would rise.", "The prime minister", True),
        ("Residents said the shelling lasted all night.", "Residents", False),
        ("A police spokeswoman said the suspect had fled.", "A police spokeswoman", True),
        ("Human Rights Watch said the strike was unlawful.", "Human Rights Watch", False),
        ("The White House said it was monitoring the situation.", "The White House", True),
        # a de facto administration's bodies and people are official; the group's own name alone is not
        ("The Houthi-run health ministry said the strike hit a market.", "The Houthi-run health ministry", True),
        ("A Taliban-appointed police spokesman said the road was closed.", "A Taliban-appointed police spokesman",
         True),
        ("The Houthi authorities said the port was closed.", "The Houthi authorities", True),
        ("A Hezbollah spokesman said the group fired rockets.", "A Hezbollah spokesman", False),
        ("The Hamas-run Al-Aqsa TV said the road was closed.", "The Hamas-run Al-Aqsa TV", False),
        # UN agencies by their full names; a country's state body by its name
        ("The International Organization for Migration said the boat sank.",
         "The International Organization for Migration", True),
        ("The US Geological Survey said the quake struck at a depth of 10 km.", "The US Geological Survey", True),
        ("Mexico's National Migration Institute said the fire broke out at night.",
         "Mexico's National Migration Institute", True),
        # an initial belongs to the name, and the role before it to the speaker
        ("Indian External Affairs Minister S. Jaishankar said the attack was barbaric.", "S. Jaishankar", True),
    ],
)
def test_officialdom(text: str, speaker: str, official: bool) -> None:
    sts = extract_statements(text)
    assert [(s.speaker, s.official) for s in sts] == [(speaker, official)]


def test_a_participle_speaks_only_for_a_whole_subject() -> None:
    text = "County property tax appraiser Dorothy Jacks disagrees, saying the course is worth far less."
    assert "County" not in [s.speaker for s in extract(text).statements]


def test_an_institution_after_of_the_is_no_persons_name() -> None:
    text = "The director of the British Museum said that only two panels were amended."
    assert [s.speaker for s in extract(text).statements] == ["The director of the British Museum"]
    assert [s.speaker for s in extract("UN envoy Volker Turk said 5 died.").statements] == ["Volker Turk"]


def test_adding_to_is_no_speech() -> None:
    text = "The government wants prosecutors to investigate X, adding to a growing clash between the U.S. and Europe."
    assert extract(text).statements == ()


def test_told_statement_text_leaves_out_who_was_told() -> None:
    text = ("The minister told AFP that the ceasefire holds. Analysts told Polygraph.info the Russian claims are false. "
            "The mayor told residents to stay indoors.")
    got = {s.speaker: s for s in extract_statements(text)}
    assert got["The minister"].text == "the ceasefire holds"
    assert got["Analysts"].text == "the Russian claims are false"
    assert text[got["Analysts"].start : got["Analysts"].end].startswith("the Russian claims")
    assert got["The mayor"].text == "residents to stay indoors"  # no name to skip: the words stay
    told_hers = extract_statements("Gisele Pelicot told her story to the court in Avignon.")
    assert told_hers[0].text == "her story to the court in Avignon"  # "her" is a possessive here


def test_who_was_told_at_the_end_is_not_what_was_said() -> None:
    (st,) = extract_statements("At least 15 people were killed at the wedding, local officials told AFP.")
    assert st.text == "At least 15 people were killed at the wedding"
    (st,) = extract_statements("The market was hit twice, a police officer told Reuters on condition of anonymity.")
    assert st.text == "The market was hit twice"


def test_where_it_was_said_at_the_end_is_not_what_was_said() -> None:
    (st,) = extract_statements("Three days of mourning were declared, the minister said in a televised address.")
    assert st.text == "Three days of mourning were declared"
    said = extract_statements("Mali declared three days of national mourning, spokesman Abdoulaye Maiga said on state "
                              "television.")  # fmt: skip
    assert [s.text for s in said if s.speaker == "Abdoulaye Maiga"] == ["Mali declared three days of national mourning"]


def test_a_trailing_speaker_s_verb_is_not_in_what_was_said() -> None:
    (st,) = extract_statements("The attack was barbaric, said Antony Blinken, the US secretary of state.")
    assert st.text == "The attack was barbaric"
    (st,) = extract_statements("The plan was criticised by Prime Minister Keir Starmer.")
    assert st.text == "The plan was criticised"


def test_according_to_a_report_or_tally_is_no_statement() -> None:
    text = ("Hamas-led gunmen killed about 1,200 people, according to Israeli tallies. Between 10,000 and 15,000 "
            "people were killed in El Geneina, according to a confidential UN report seen by Reuters.")
    assert extract_statements(text) == []
    assert [f.reported_by for f in extract(text).figures] == ["Israeli tallies", "a confidential UN report"]


def test_a_clause_final_speaker_who_goes_on_speaking_keeps_the_whole_sentence() -> None:
    text = ("Shelling killed 10 civilians in Poonch, the Indian army said, adding that its troops had responded in "
            "a calibrated manner.")
    st = next(s for s in extract_statements(text) if s.speaker == "the Indian army")
    assert st.text.startswith("Shelling killed 10 civilians") and st.text.endswith("in a calibrated manner")


def test_a_title_inside_a_personal_name() -> None:
    (st,) = extract_statements("President Hassan Sheikh Mohamud said the government would rebuild the market.")
    assert (st.speaker, st.role) == ("Hassan Sheikh Mohamud", "President")


def test_a_deed_inside_what_someone_reports_is_no_second_speaker() -> None:
    text = "He said Pakistan's armed forces had responded and that Pakistan would reply at a time of its choosing."
    assert extract_statements(text) == []
    (st,) = extract_statements("The army responded that it had acted lawfully.")
    assert st.speaker == "The army"


def test_a_correction_names_the_figure_it_corrects() -> None:
    text = ("The Indian army said on Friday that 11 civilians had been killed in the shelling of Poonch and Kupwara, "
            "not 12 as it had announced earlier. The ministry lowered the toll to 40, down from 52.")
    assert [(f.number, f.corrects) for f in extract(text).figures if not f.recalled] == [(11, 12), (40, 52)]
    assert [f.corrects for f in extract("The toll rose to 40, up from 30.").figures if not f.recalled] == [None]
    relayed = "The agency said 38 people were still missing, down from the 45 it reported on Monday."
    assert [(f.number, f.corrects) for f in extract(relayed).figures if not f.recalled] == [(38, 45)]


def test_the_earlier_count_a_change_names_is_a_recalled_figure_of_the_same_kind() -> None:
    """ "Up from N", "down from the N it reported", "to N from M": the former count is a figure, never tracked."""
    def told(text: str) -> list[tuple[int | None, str, str, str | None, bool]]:
        return [(f.number, f.outcome, f.victim_group, f.reported_by, f.recalled) for f in extract(text).figures]
    assert told("The rights group said 412 detainees had died in custody since January, up from 390 a month "
                "earlier.") == [(412, "killed", "prisoners", "The rights group", False),
                                (390, "killed", "prisoners", "The rights group", True)]  # fmt: skip
    assert told("The number of missing was revised down to 96 from 130, the governor said.") == [
        (96, "missing", "people", "the governor", False), (130, "missing", "people", "the governor", True)]
    assert told("The agency said 38 people were still missing, down from the 45 it reported on Monday.") == [
        (38, "missing", "people", "The agency", False), (45, "missing", "people", "The agency", True)]
    # a number after "from" that counts something else, or that another figure comes before, is none
    assert [f.number for f in extract("The toll rose to 40 from Monday's attack on the market.").figures] == [40]
    assert [f.number for f in extract("Twelve were killed and 30 wounded, up from 20.").figures if f.recalled] == [20]


def test_military_ranks_are_official_and_abbreviated_ranks_are_no_name() -> None:
    (st,) = extract_statements("Lt. Col. Nadav Shoshani said the strikes hit Hamas targets.")
    assert (st.speaker, st.role, st.official) == ("Nadav Shoshani", "Lt. Col.", True)
    (st,) = extract_statements("Colonel Sofiya Qureshi said the strikes had hit nine camps.")
    assert (st.speaker, st.official) == ("Sofiya Qureshi", True)


def test_lower_case_words_before_a_role_noun_stay_in_the_role() -> None:
    (st,) = extract_statements("The death toll rose to 12, said Abdirahman Mohamed, a district commissioner in Beledweyne.")
    assert (st.speaker, st.role, st.official) == ("Abdirahman Mohamed", "a district commissioner in Beledweyne", True)
    (st,) = extract_statements("The European Union's foreign policy chief called the strikes unacceptable.")
    assert (st.speaker, st.official) == ("The European Union's foreign policy chief", True)
    (st,) = extract_statements("People will leave, says Kashyap Rajesh, a vice president at the Alliance.")
    assert st.official is False  # a company's officer
    assert extract_statements("His backers, meanwhile, say he's a canny operator.") == []


def test_an_acronym_opens_a_role_with_lower_case_words() -> None:
    (st,) = extract_statements("EU foreign policy chief Kaja Kallas said the strike was a horrific example.")
    assert (st.speaker, st.role, st.official) == ("Kaja Kallas", "EU foreign policy chief", True)


def test_a_governments_adviser_and_where_something_was_said() -> None:
    text = ("Bangladesh cannot take in any more Rohingya refugees, foreign affairs adviser Touhid Hossain told "
            "reporters in Dhaka on Thursday.")
    (st,) = extract_statements(text)
    assert (st.speaker, st.role, st.official) == ("Touhid Hossain", "foreign affairs adviser", True)
    assert st.text == "Bangladesh cannot take in any more Rohingya refugees"
    (st,) = extract_statements("National Security Adviser Nuhu Ribadu said the pupils were freed.")
    assert (st.speaker, st.official) == ("Nuhu Ribadu", True)


def test_an_officials_own_page_speaks_in_the_first_person() -> None:
    text = ("CM directs emergency relief\n"
            "I have directed PDMA and the district administrations to ensure immediate relief. All hospitals have "
            "been put on emergency.\n"
            "\"We will finish the road,\" the engineer said. The motorway was inaugurated today.")  # fmt: skip
    own = [s for s in extract(text, voice="Chief Minister Khyber Pakhtunkhwa").statements if s.rule == "own_voice"]
    assert [(s.speaker, s.text, s.official) for s in own] == [
        ("Chief Minister Khyber Pakhtunkhwa",
         "I have directed PDMA and the district administrations to ensure immediate relief", True),
    ]  # the quoted "we" is the engineer's, and no sentence without a first person is the owner's statement
    assert not [s for s in extract(text).statements if s.rule == "own_voice"]  # an outlet's page: no voice
    # a first person in the middle of a quotation that runs over several sentences is the quoted speaker's
    quoted = ('"The reports suggest the worst," Chancellor Olaf Scholz said. "My thoughts are with the victims. We '
              'stand by their side and by the side of the people of Magdeburg. My thanks go to the rescuers."')
    assert not [s for s in extract(quoted, voice="Federal Government").statements if s.rule == "own_voice"]


def test_a_military_rank_written_without_periods_is_the_roles() -> None:
    (st,) = extract_statements("Rescue work is continuing, NDMA Chairman Lt Gen Inam Haider Malik said on Thursday.")
    assert (st.speaker, st.official) == ("Inam Haider Malik", True)
    (st,) = extract_statements("The strike hit a command centre, IDF spokesman Lt Col Nadav Shoshani said.")
    assert st.speaker == "Nadav Shoshani"


def test_abbreviated_ranks_and_name_suffixes_stay_in_the_speaker() -> None:
    # "Brig." and "Jr." end no sentence: the speaker is the name after the ranks, the name with its suffix
    (st,) = extract_statements('"We have rescued more than 1,500 residents," said PRO5 director Brig. Gen. Andre Dizon.')
    assert (st.speaker, st.official) == ("Andre Dizon", True)
    (st,) = extract_statements('President Ferdinand Marcos Jr. said the government was "throwing everything we have".')
    assert (st.speaker, st.role, st.official) == ("Ferdinand Marcos Jr.", "President", True)


def test_a_governments_administrator_is_an_official() -> None:
    for text, speaker in (("OCD Administrator Ariel Nepomuceno said aircraft would fly relief goods.", "Ariel Nepomuceno"),
                          ("Chief Administrator Joshua Konyi said he had ordered the youths home.", "Joshua Konyi")):
        (st,) = extract_statements(text)
        assert (st.speaker, st.official) == (speaker, True), text


def test_a_label_of_the_data_is_no_speaker() -> None:
    """A post that opens "Latest figures: ..." gives the poster's figures: nobody named "Latest figures" speaks."""
    e = extract("Latest figures: 585 martyrs and 1,326 wounded.")
    assert e.statements == ()
    assert [(f.number, f.outcome, f.reported_by) for f in e.figures] == [(585, "killed", None), (1326, "injured", None)]
    (st,) = extract_statements("Red Crescent: 8 dead in Gaza strike")  # a body before the colon still speaks
    assert st.speaker == "Red Crescent"


def test_a_places_possessive_before_a_role_is_no_name() -> None:
    (st,) = extract_statements("South Sudan's Jonglei governor urges youths to return home")
    assert (st.speaker, st.official) == ("South Sudan's Jonglei governor", True)
    (st,) = extract_statements("Jens Laerke spokesman for OCHA said aid was blocked.")  # a name, then its role
    assert (st.speaker, st.role) == ("Jens Laerke", "spokesman for OCHA")


def test_an_armys_numbered_unit_and_a_regional_head_are_official() -> None:
    (st,) = extract_statements("Soldiers killed 12 rebels in a clash, the army's 3rd Infantry Division said.")
    assert (st.speaker, st.official) == ("the army's 3rd Infantry Division", True)
    (st,) = extract_statements("Two people died in the shelling, regional head Oleh Kiper wrote on Telegram.")
    assert (st.speaker, st.official) == ("Oleh Kiper", True)


def test_a_figure_a_reporter_gave_before_is_recalled() -> None:
    """"The military had earlier said 21 were killed": the reporter's former figure, not its word now."""
    recalled = {f.number: f.recalled for f in extract(
        "The toll rose to 26, the army said. The army had earlier said 21 hostages were killed. Earlier, the "
        "ministry said 20 people had died. An earlier version of this statement gave 627 arrests.").figures}
    assert recalled == {26: False, 21: True, 20: True, 627: True}
    # a time of the event is no recall
    assert [f.recalled for f in extract("The ministry said 20 people were killed earlier this week.").figures] == [False]


def test_a_quotation_over_several_sentences_is_one_statement() -> None:
    """'"A. B," he said': the whole quotation is what he said (another outlet quoting A alone repeats it)."""
    text = ('Chief Minister Omar Abdullah said he was shocked. "This attack on our visitors is an abomination. The '
            'perpetrators are animals," he said.')
    said = [s.text for s in extract(text, include_pronouns=True).statements]
    assert said[-1] == "This attack on our visitors is an abomination. The perpetrators are animals,"
    # a speaker named inside the quotation keeps a statement of their own
    inner = '"The president said the attacks are unacceptable. We agree," the spokesman said.'
    assert [s.speaker for s in extract_statements(inner)] == ["The president", "the spokesman"]


def test_a_correction_aside_gives_the_figure_it_corrects() -> None:
    """ "seven suspects, and not eight as stated in its release, had been arrested": 7, correcting 8 (a mention
    of its own, recalled: never tracked)."""
    f, old = extract("The police command said seven suspects, and not eight as stated in its release of Tuesday, had "
                     "been arrested.").figures
    assert (f.number, f.outcome, f.corrects, f.recalled) == (7, "detained", 8, False)
    assert (old.number, old.outcome, old.recalled) == (8, "detained", True)


@pytest.mark.parametrize(
    ("text", "role", "official"),
    [
        # the title that stood before the surname's earlier mention
        ('Prime Minister Imran Khan addressed a rally in Lahore on Sunday. "The government has failed the people '
         'of this country," Khan said.', "Prime Minister", True),
        # ... and "former" before it: no official any more
        ('Former Prime Minister Imran Khan addressed a rally in Lahore on Sunday. "The government has failed the '
         'people of this country," Khan said.', None, False),
        # a later mention's title, when no earlier one has one
        ('"We will rebuild every home that was lost in the floods," Ruto said. Earlier, President Ruto had toured '
         "the area with the army chief.", "President", True),
        # the surname inside a longer word is no mention of it ("Khanum")
        ('Prime Minister Khanum spoke first. "The government has failed the people of this country," Khan said.',
         None, False),
    ],
)
def test_surname_takes_the_title_of_its_other_mentions(text: str, role: str | None, official: bool) -> None:
    (said,) = [s for s in extract_statements(text) if s.speaker in ("Khan", "Ruto")]
    assert (said.role, said.official) == (role, official)


def test_reported_speech_ends_where_the_next_speakers_clause_joins() -> None:
    # what Pakistan said is not what its committee warned; a lone speaker's words run to the sentence's end
    said = {s.speaker: s.text for s in extract_statements(
        "Pakistan said it was closing its airspace to Indian airlines, and its National Security Committee warned "
        "that any diversion of river waters would be treated as an act of war. The army said troops had "
        "returned fire, and that two soldiers were hurt.")}  # fmt: skip
    assert said["Pakistan"] == "it was closing its airspace to Indian airlines"
    assert said["National Security Committee"] == "that any diversion of river waters would be treated as an act of war"
    assert said["The army"] == "troops had returned fire, and that two soldiers were hurt"


def test_he_said_is_the_person_the_sentence_before_introduced() -> None:
    # "He" is John Lee, whom the sentence before introduced, not the spokesman quoted earlier
    text = ("A Government spokesman said 13 people had died in the fire. The Chief Executive, Mr John Lee, went to "
            "the scene tonight. He said the Government's top priority was to rescue trapped residents.")
    said = [(s.speaker, s.role) for s in extract(text, include_pronouns=True).statements]
    assert said == [("A Government spokesman", None), ("John Lee", "Chief Executive")]
    # a pronoun right after its speaker's own sentence stays theirs; a place opening the sentence is no one
    text = "Ahmed Khan said the fire spread fast. He said more help was needed. Wang Fuk Court burned. He said more."
    assert [s.speaker for s in extract(text, include_pronouns=True).statements] == ["Ahmed Khan"] * 3
    # the labelled statements count none for a pronoun
    assert [s.speaker for s in extract_statements(
        "The Chief Executive, Mr John Lee, went to the scene. He said help was coming.")] == []
