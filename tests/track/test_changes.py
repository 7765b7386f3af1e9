"""Pure change rules: what a new figure or statement means for a series (no database, no extraction)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from crawler.extract import canonical_reporter
from crawler.extract.records import Figure, Statement
from crawler.track.changes import (
    Observation,
    PriorStatement,
    SeriesState,
    TextIndex,
    fact_key,
    judge,
    normalize_text,
    percent,
    pick_facts,
    said_before,
    speaker_key,
    statement_changes,
    text_hash,
    word_diff,
)
from crawler.track.series import (
    ReporterResolver,
    Reporters,
    bare_surname,
    breakdown_perpetrators,
    fuller_speakers,
    is_body,
    is_person,
    is_trackable,
    name_core,
    perpetrator_key,
    person_in_role,
)

T0 = datetime(2025, 3, 8, 12, tzinfo=UTC)
MONITORS = ["Syrian Observatory for Human Rights", "Syrian Network for Human Rights"]


def fig(number: int | None, reported_by: str | None = "SOHR", qualifier: str = "exact", vague: str | None = None,
        perpetrator: str | None = None) -> Figure:  # fmt: skip
    return Figure(number, None, qualifier, vague, "killed", "civilians", perpetrator, reported_by, None, None,
                  "sentence", 0, 10)  # fmt: skip


STATE = SeriesState(number=745, number_max=None, published_at=T0, item_id=1, source_id=1, history=(745,))


def obs(number: int, *, hours: int = 1, item: int = 2, by_reporter: bool = False) -> Observation:
    return Observation(number, None, T0 + timedelta(hours=hours), item, 2, by_reporter)


def test_first_figure_creates_a_series() -> None:
    assert judge(None, obs(745)) == "created"


def test_same_figure_from_another_outlet_is_corroboration_not_a_change() -> None:
    assert judge(STATE, obs(745, item=7)) == "corroboration"
    assert judge(STATE, obs(745, item=1)) == "repeat"


def test_higher_figure_is_a_change() -> None:
    assert judge(STATE, obs(973)) == "changed"
    assert percent(745, 973) == 30.6


def test_lower_figure_from_an_older_publication_is_stale_not_a_drop() -> None:
    own = SeriesState(745, None, T0, 1, 1, (745,), own_published_at=T0)
    assert judge(own, obs(700, hours=-5, by_reporter=True)) == "stale"
    # even a higher number, if published before the reporter's own current word, does not move the series
    assert judge(own, obs(800, hours=-5)) == "stale"
    assert judge(own, obs(800, hours=-5, by_reporter=True)) == "stale"


def test_lower_figure_republished_by_an_outlet_is_not_a_drop() -> None:
    moved = SeriesState(973, None, T0, 1, 1, (745, 973))
    assert judge(moved, obs(745, hours=3, item=9, by_reporter=False)) == "stale"


def test_genuine_drop_by_the_reporter_itself_is_a_revision() -> None:
    moved = SeriesState(973, None, T0, 1, 1, (745, 973))
    assert judge(moved, obs(950, hours=3, item=9, by_reporter=True)) == "revision"
    # the reporter's own article edited down in place is its newer word, whatever its publication date
    assert judge(moved, obs(950, hours=-3, item=1, by_reporter=True)) == "revision"
    # another outlet's article edited down is not the reporter lowering its figure
    assert judge(moved, obs(950, hours=3, item=1, by_reporter=False)) == "stale"


def test_an_outlet_relaying_the_reporters_own_correction_is_a_revision() -> None:
    moved = SeriesState(79, None, T0, 1, 1, (79,))
    # "the coast guard said 78 bodies had been recovered, not 79 as it announced on Wednesday"
    assert judge(moved, replace(obs(78, hours=3, item=9), corrects=79)) == "revision"
    # a correction of another number (the series has moved on since) moves nothing
    assert judge(moved, replace(obs(78, hours=3, item=9), corrects=80)) == "stale"
    assert judge(SeriesState(82, None, T0, 1, 1, (79, 82)), replace(obs(78, hours=3, item=9), corrects=79)) == "stale"


def test_an_outlet_relaying_that_the_reporter_lowered_its_count_is_a_revision() -> None:
    moved = SeriesState(3251, None, T0, 1, 1, (2500, 3251))
    # "the spokesman said 3,124 were injured, giving a lower number of injured than before"
    assert judge(moved, replace(obs(3124, hours=3, item=9), lowered=True)) == "revision"
    # ... but not an older publication of it, nor an outlet's rounding
    assert judge(moved, replace(obs(3124, hours=-3, item=9), lowered=True)) == "stale"
    assert judge(moved, replace(obs(3100, hours=3, item=9), lowered=True, approximate=True)) == "stale"
    # a lower number an outlet gives without saying it was lowered moves nothing
    assert judge(moved, obs(3124, hours=3, item=9)) == "stale"


def test_vague_figures_make_no_series() -> None:
    assert not is_trackable(fig(None, qualifier="vague", vague="hundreds"))
    assert is_trackable(fig(745))


def test_reporter_aliases_from_config_and_extractor() -> None:
    names = Reporters.build({"SOHR": ["Syrian Observatory for Human Rights", "Syrian Human Rights Observatory"]},
                            canonical_reporter)  # fmt: skip
    assert names.normalize("Syrian Human Rights Observatory") == "SOHR"
    assert names.normalize("syrian observatory for human rights") == "SOHR"
    assert names.normalize("SOHR") == "SOHR"
    assert names.same("SOHR", "Syrian Observatory for Human Rights")
    assert not names.same("SNHR", "SOHR")
    plain = Reporters.build({}, canonical_reporter)
    assert plain.normalize("Syrian Human Rights Observatory") == plain.normalize("SOHR")


def resolver(source_org: str | None, known: tuple[str, ...] = (), **kw) -> ReporterResolver:  # noqa: ANN003
    base = dict(reporters=Reporters.build({}, canonical_reporter), known=known, source_org=source_org,
                affiliations={}, monitors=tuple(MONITORS), organizations={})  # fmt: skip
    return ReporterResolver(**{**base, **kw})


def test_unattributed_figure_in_a_reporting_bodys_own_publication_belongs_to_it() -> None:
    assert resolver("SOHR").reporter(None) == "Syrian Observatory for Human Rights"
    assert resolver("Ministry of Health in Gaza").reporter(None) == GAZA_NAME
    assert resolver("Associated Press").reporter(None) is None
    assert resolver("Wire").reporter(None) is None
    assert resolver("UN OCHA").reporter("reports") == resolver("UN OCHA").reporter(None)  # "citing reports"
    assert resolver("Wire").reporter("local sources") is None


GAZA = ("Ministry of Health in Gaza",)
GAZA_NAME = "Gaza Health Ministry"  # the extractor's canonical name of the configured organization


def test_rewordings_of_a_reporter_join_the_configured_organization() -> None:
    wire = resolver("Wire", GAZA)
    for name in ("Gaza Health Ministry", "the health ministry in the Hamas-run territory", "Gaza's health ministry",
                 "the health ministry in Gaza", "the ministry", "health ministry"):  # fmt: skip
        assert wire.reporter(name) == GAZA_NAME, name
    assert wire.reporter("health ministry in Lebanon") != GAZA_NAME
    assert wire.reporter("Syrian health ministry") != GAZA_NAME
    # two health ministries configured: "health ministry" alone stays as written
    both = resolver("Wire", ("Ministry of Health in Gaza", "Ministry of Health in Lebanon"))
    assert both.reporter("health ministry") == "health ministry"
    assert both.reporter("Lebanon's health ministry") != GAZA_NAME


def test_a_spokesperson_on_the_bodys_own_page_speaks_for_it() -> None:
    own = resolver("Ministry of Health in Gaza", GAZA)
    assert own.reporter("Ashraf al-Qudra") == GAZA_NAME
    assert own.reporter("the ministry's spokesman") == GAZA_NAME
    assert own.is_own(GAZA_NAME)
    quoted = resolver("Wire", ("UN OCHA",), affiliations={"Jens Laerke": "UN OCHA"})
    ocha = quoted.canonical("UN OCHA")
    assert quoted.reporter("Jens Laerke") == ocha and not quoted.is_own(ocha)
    assert resolver("Wire").reporter("Othman Abduljaleel") == "Othman Abduljaleel"
    # the role names the publishing body, the extraction only its parent: the body's, not the UN's
    ohchr = resolver("UN Human Rights Office (OHCHR)", ("UN Human Rights Office (OHCHR)",),
                     affiliations={"Thameen Al-Kheetan": "United Nations"},
                     role_bodies={"Thameen Al-Kheetan": "UN Human Rights Office"})  # fmt: skip
    assert ohchr.reporter("Thameen Al-Kheetan") == ohchr.canonical("UN Human Rights Office (OHCHR)")
    assert ohchr.reporter("Thameen Al-Kheetan") == resolver("Wire", ("UN Human Rights Office (OHCHR)",)).reporter("OHCHR")


def test_a_descriptor_in_front_of_a_name_is_no_body_it_belongs_to() -> None:
    """ "the rights group Ain o Salish Kendra": the statement's role is a descriptor, the name is the reporter."""
    ask = ("Ain o Salish Kendra (ASK)",)
    wire = resolver("Dhaka Ledger", ask, role_bodies={"Ain o Salish Kendra": "rights group"})
    assert wire.reporter("Ain o Salish Kendra") == wire.canonical("Ain o Salish Kendra (ASK)")
    fge = ("Fiscalía General del Estado de Guanajuato (Guanajuato state prosecutor's office)",)
    for name in ("The Fiscalía General del Estado de Guanajuato (FGE)", "Guanajuato state prosecutor's office (FGE)"):
        assert resolver("Wire", fge).reporter(name) == resolver("Wire", fge).canonical(fge[0]), name


def test_a_countrys_army_with_no_army_of_its_own_known_is_its_government() -> None:
    """ "Cameroon's army", "army spokesman X" on a wire: the government of Cameroon, whose page gives the army's
    figures; never another country's government."""
    gov = ("Government of Cameroon", "UN OCHA")
    wire = resolver("Wire", gov, role_bodies={"Cyrille Atonfack Guemo": "army"})
    cameroon = wire.canonical("Government of Cameroon")
    assert wire.reporter("Cameroon's army", "killed", "civilians") == cameroon
    assert wire.reporter("Cyrille Atonfack Guemo", "killed", "fighters") == cameroon
    assert wire.reporter("Nigeria's army", "killed", "civilians") != cameroon


def test_is_person_is_body() -> None:
    assert is_person("Ashraf al-Qudra") and is_person("Volker Türk") and not is_person("UN OCHA")
    assert is_body("UN OCHA") and is_body("SOHR") and is_body("Ministry of Public Health") and is_body("AFAD")
    assert not is_body("Wire") and not is_body("Levant Daily") and not is_body("AFP") and not is_body("Beirut Observer")
    # "Monitor" alone names a paper; a monitor group's name says what it monitors
    assert not is_body("Gulf Monitor") and not is_body("Daily Monitor")
    assert is_body("Euro-Med Human Rights Monitor") and is_body("Airwars Conflict Monitor")
    assert is_body("the Britain-based monitor")


def test_canonical_perpetrators() -> None:
    rsf = {perpetrator_key(n) for n in ("Fighters of the Rapid Support Forces", "the paramilitary Rapid Support Forces",
                                        "RSF", "RSF fighters", "members of the Rapid Support Forces")}  # fmt: skip
    assert rsf == {"RSF"}
    assert perpetrator_key("security forces") != perpetrator_key("non-state armed groups")
    assert perpetrator_key(None) == perpetrator_key("") == ""


def test_a_perpetrator_splits_a_series_only_in_the_reporters_own_breakdown() -> None:
    snhr = [("SNHR", "killed", "civilians", perpetrator_key("non-state armed groups")),
            ("SNHR", "killed", "civilians", perpetrator_key("security forces"))]  # fmt: skip
    assert breakdown_perpetrators(snhr) == {("SNHR", "killed", "civilians")}
    assert breakdown_perpetrators([("SDN", "killed", "people", "RSF"), ("SDN", "killed", "people", "RSF")]) == set()
    assert breakdown_perpetrators([("SDN", "killed", "people", "RSF"), ("UN", "killed", "people", "SAF")]) == set()


def test_increments_are_never_series_values() -> None:
    inc = Observation(14, None, T0 + timedelta(hours=1), 5, 2, False, increment=True)
    assert judge(STATE, inc) == "increment" and judge(None, inc) == "increment"


def test_headline_and_body_are_one_figure_the_attributed_one() -> None:
    headline = (fact_key(973, None, "killed"), (False, False, False))
    body = (fact_key(973, None, "killed"), (True, True, False))
    injured = (fact_key(973, None, "injured"), (True, True, False))
    assert pick_facts([headline, body, injured]) == {1, 2}
    assert pick_facts([body, headline]) == {0}


def test_order_independence_of_an_own_edit_and_a_later_outlet_repeat() -> None:
    """SOHR edits its article 973 → 1,383 in place; a wire dated later still carries 973. Either order: 1,383."""
    t_article, t_wire = T0, T0 + timedelta(hours=5)
    after_wire = SeriesState(973, None, t_article, 1, 1, (973,), own_published_at=t_article)
    wire = Observation(973, None, t_wire, 2, 2, False)
    assert judge(after_wire, wire) == "corroboration"  # a repeat moves nothing, not even the clock
    assert judge(after_wire, Observation(1383, None, t_article, 1, 1, True)) == "changed"
    # the edit first, then the wire's older figure: stale, never a drop
    after_edit = SeriesState(1383, None, t_article, 1, 1, (973, 1383), own_published_at=t_article)
    assert judge(after_edit, wire) == "stale"


def test_an_outlet_never_moves_a_series_down_or_back_to_a_value_it_had() -> None:
    revised = SeriesState(3166, None, T0, 1, 1, (5300, 3166), own_published_at=T0)
    assert judge(revised, obs(5300, hours=4)) == "stale"
    assert judge(revised, obs(3000, hours=4)) == "stale"
    assert judge(revised, obs(3400, hours=4)) == "changed"
    nearly = Observation(3400, None, T0 + timedelta(hours=4), 9, 2, False, approximate=True)
    assert judge(revised, nearly) == "stale"  # an outlet's rounding is not the reporter's newer word


def st(speaker: str, text: str, official: bool = True) -> Statement:
    return Statement(speaker, "President", None, official, "quote", text, 0, len(text))


def prior(i: int, speaker: str, text: str) -> PriorStatement:
    return PriorStatement(i, speaker_key(speaker), text, text_hash(text), f"t{i}")


def test_a_continuation_added_under_an_unchanged_statement_is_an_edit_of_it() -> None:
    """The communique edited in place gains "He said flags would fly ...": the spokesman's statement grew."""
    first = "The government was declaring three days of national mourning"
    previous = [prior(1, "Abdoulaye Maiga", first)]
    more = Statement("Abdoulaye Maiga", None, None, True, "reported", "flags would fly at half-mast", 70, 98,
                     rule="pronoun")  # fmt: skip
    got = statement_changes([st("Abdoulaye Maiga", first), more], previous, set())
    assert [c.verdict for c in got] == ["unchanged", "edited"] and got[1].prior is not None and got[1].prior.id == 1
    # the same words after a name of their own are a second statement, and a continuation on a new page is new
    named = statement_changes([st("Abdoulaye Maiga", first), st("Abdoulaye Maiga", "flags would fly at half-mast")],
                              previous, set())  # fmt: skip
    assert [c.verdict for c in named] == ["unchanged", "new"]
    assert [c.verdict for c in statement_changes([more], [], set())] == ["new"]
    # a release added above the old one on the same page: its "He said ..." continues the new release
    release = st("Abdoulaye Maiga", "the army had restored order in the north")
    above = statement_changes([release, more, st("Abdoulaye Maiga", first)], previous, set())
    assert [c.verdict for c in above] == ["new", "new", "unchanged"]


def test_a_speaker_with_or_without_its_acronym_is_one_speaker() -> None:
    """A page names the agency with its acronym in one release and without it in the next: one speaker."""
    assert speaker_key("The Niger State Emergency Management Agency (NSEMA)") == speaker_key(
        "the Niger State Emergency Management Agency")
    assert speaker_key("Antonio  Guterres") == "antonio guterres" and speaker_key("(ISPR)") == "(ispr)"
    text = "the bodies of 27 passengers had been recovered after the boat capsized on Tuesday"
    previous = [prior(1, "The Niger State Emergency Management Agency (NSEMA)", text)]
    again = statement_changes([st("The Niger State Emergency Management Agency", text)], previous, set())
    assert [c.verdict for c in again] == ["unchanged"]


def test_statement_new_unchanged_repeat_and_edited() -> None:
    old = "We must maintain national unity and civil peace in the country."
    edited = "We must maintain national unity and civil peace in the whole country."
    previous = [prior(1, "Ahmed al-Sharaa", old)]
    got = statement_changes([st("Ahmed al-Sharaa", edited)], previous, set())
    assert [c.verdict for c in got] == ["edited"] and got[0].prior is not None and got[0].prior.id == 1
    same = statement_changes([st("Ahmed al-Sharaa", old + " ")], previous, set())
    assert [c.verdict for c in same] == ["unchanged"]
    new = statement_changes([st("Marco Rubio", "The United States condemns the attacks.")], previous, set())
    assert [c.verdict for c in new] == ["new"]
    seen = {(speaker_key("Marco Rubio"), text_hash("The United States condemns the attacks."))}
    rep = statement_changes([st("Marco Rubio", "The United States condemns the attacks")], [], seen)
    assert [c.verdict for c in rep] == ["repeat"]


def test_word_diff_marks_removed_and_added_words() -> None:
    assert word_diff("civil peace in the country", "civil peace in the whole country") == (
        ("=", "civil peace in the"), ("+", "whole"), ("=", "country"))  # fmt: skip


def test_reworded_statement_of_the_same_speaker_is_a_repeat() -> None:
    earlier = {"donald trump": [normalize_text("Trump said he would end the war in Ukraine in a day")]}
    reworded = statement_changes([st("Donald Trump", "He would end the war in Ukraine in a day")], [], set(), earlier)
    assert [c.verdict for c in reworded] == ["repeat"]
    other = statement_changes([st("Donald Trump", "Tariffs on Canadian steel will double next week")], [], set(), earlier)
    assert [c.verdict for c in other] == ["new"]
    by_another = statement_changes([st("Marco Rubio", "He would end the war in Ukraine in a day")], [], set(), earlier)
    assert [c.verdict for c in by_another] == ["new"]


def test_a_changed_number_or_negation_is_no_rewording() -> None:
    earlier = {"the ministry": [normalize_text("The ceasefire is holding across the south, the ministry said")]}
    turned = statement_changes([st("The ministry", "The ceasefire is not holding across the south")], [], set(), earlier)
    assert [c.verdict for c in turned] == ["new"]
    tolls = {"the ministry": [normalize_text("Israeli strikes killed 40 people in the south overnight")]}
    higher = statement_changes([st("The ministry", "Israeli strikes killed 47 people in the south overnight")], [], set(), tolls)
    assert [c.verdict for c in higher] == ["new"]


def test_another_outlets_shorter_requote_is_a_repeat_and_a_new_statement_is_not() -> None:
    earlier = {"antonio guterres": [normalize_text(
        "he was appalled by the strike on al-Awda Hospital and called for an independent investigation")]}
    requote = statement_changes(
        [st("Antonio Guterres", "he was appalled by the attack and called for an independent inquiry")], [], set(),
        earlier)  # fmt: skip
    assert [c.verdict for c in requote] == ["repeat"]
    # the same speaker on the same attack, saying something else: new
    for text in ("the United Nations would send a team to investigate the strike on al-Awda Hospital",
                 "he was appalled by the strike on al-Awda Hospital and called on Israel to open the crossings "
                 "for medical supplies"):  # fmt: skip
        assert [c.verdict for c in statement_changes([st("Antonio Guterres", text)], [], set(), earlier)] == ["new"]
    sheinbaum = {"claudia sheinbaum": [normalize_text(
        "at her morning news conference that the attack was deplorable and that 300 National Guard troops would "
        "be sent to Salamanca")]}  # fmt: skip
    requote = "the massacre deplorable and said 300 National Guard troops would be sent to the city"
    assert [c.verdict for c in statement_changes([st("Claudia Sheinbaum", requote)], [], set(), sheinbaum)] == [
        "repeat"]
    more = "the massacre deplorable and said 500 National Guard troops would be sent to the city"
    assert [c.verdict for c in statement_changes([st("Claudia Sheinbaum", more)], [], set(), sheinbaum)] == ["new"]


def test_a_requote_of_part_of_a_statement_that_leaves_out_its_negation_is_a_repeat() -> None:
    earlier = {"amina bello": [normalize_text(
        "the attacks on the markets were cowardly acts of terror and that her government would not allow them to "
        "stop the return of displaced families")]}  # fmt: skip
    part = "the bombings of the markets as cowardly acts of terror"
    assert [c.verdict for c in statement_changes([st("Amina Bello", part)], [], set(), earlier)] == ["repeat"]
    # the negation inside the re-quoted stretch, dropped: another meaning, a new statement
    flipped = "her government would allow them to stop the return of displaced families"
    assert [c.verdict for c in statement_changes([st("Amina Bello", flipped)], [], set(), earlier)] == ["new"]


def test_a_short_wording_of_an_earlier_statement_is_a_repeat() -> None:
    earlier = {"rahman jalali": [normalize_text(
        "the explosions were a terrorist attack and that the security bodies were investigating")]}
    for text, verdict in (("it a terrorist attack", "repeat"),  # all its words but one stand in the earlier one
                          ("I concede", "new"),  # two words, no fragment of what he said
                          ("the attack was not terrorism", "new"),  # a negation
                          ("a terrorist attack, 12 killed", "new")):  # a number  # fmt: skip
        assert [c.verdict for c in statement_changes([st("Rahman Jalali", text)], [], set(), earlier)] == [verdict]
    # a word-for-word fragment of two words or more is a repeat
    assert [c.verdict for c in statement_changes([st("Rahman Jalali", "a terrorist attack")], [], set(), earlier)] == [
        "repeat"]


def test_a_surname_alone_or_after_titles_is_the_one_fuller_speaker_of_that_name() -> None:
    assert [bare_surname(n) for n in ("Guterres", "President Sheinbaum", "UN Sec.-Gen. Guterres", "Pakistan PM",
                                      "Claudia Sheinbaum", "The ministry", "Israel")] == [
        "guterres", "sheinbaum", "guterres", None, None, None, None]  # fmt: skip
    known = ["secretary-general antonio guterres", "un secretary-general antonio guterres", "claudia sheinbaum",
             "ahmed al-sharaa", "mohammed al-sharaa", "president sharaa"]  # fmt: skip
    assert fuller_speakers("guterres", known) == ("secretary-general antonio guterres",
                                                   "un secretary-general antonio guterres")  # fmt: skip
    assert fuller_speakers("sheinbaum", known) == ("claudia sheinbaum",)
    assert fuller_speakers("sharaa", known) == ()  # two people of that name: none of them
    assert fuller_speakers("rubio", known) == ()


def test_another_outlets_paraphrase_is_a_repeat_and_one_that_says_more_is_not() -> None:
    earlier = {"shehbaz sharif": [normalize_text("those found guilty of negligence would be held accountable")],
               "benjamin netanyahu": [normalize_text(
                   "Israel had launched Operation Rising Lion, a targeted military operation to roll back the Iranian "
                   "threat to Israel's very survival, and that it would continue for as many days as it takes")]}
    for speaker, text in (("Shehbaz Sharif", "anyone guilty of negligence would be held to account"),
                          ("Benjamin Netanyahu", "the operation would go on for as many days as it took to remove the "
                                                 "threat")):  # fmt: skip
        assert [c.verdict for c in statement_changes([st(speaker, text)], [], set(), earlier)] == ["repeat"], text
    # the same words and a number of its own, or mostly words of its own: new
    for text in ("anyone guilty of negligence would be held to account within 30 days",
                 "smugglers who sold places on the trawler would be tracked down and brought to Pakistan"):
        assert [c.verdict for c in statement_changes([st("Shehbaz Sharif", text)], [], set(), earlier)] == ["new"], text


def test_a_bare_kind_of_body_on_a_body_of_that_kind_s_own_page_is_that_body() -> None:
    # "police said" on the Jammu and Kashmir Police's own page: that police, not another police with a series
    own = resolver("Jammu and Kashmir Police", ("Indian police", "Jammu and Kashmir Police"))
    assert own.reporter("police") == own.reporter(None) == "Jammu and Kashmir Police"
    assert own.reporter("the police") == "Jammu and Kashmir Police"
    # another kind of body on that page is not the page's
    assert own.reporter("the army") != "Jammu and Kashmir Police"


def test_a_role_quoted_on_a_bodys_own_page_names_that_body_on_a_wire() -> None:
    # "Information Minister Dana Morris Dixon" was quoted on the government's own page (source 7), "Governor
    # Hyacinth Alia" on the state government's (source 8): a wire's role alone is that body
    orgs = {7: "Government of Jamaica", 8: "Benue State Government", 9: "Associated Press"}
    wire = resolver("Wire", ("Government of Jamaica", "Benue State Government"), organizations=orgs,
                    role_sources=(("Information Minister", 7), ("Governor", 8), ("Editor", 9)))  # fmt: skip
    assert wire.reporter("Jamaica's information minister") == "Government of Jamaica"
    assert wire.reporter("the governor") == "Benue State Government"
    # two bodies' pages quoted a governor: no telling which
    two = replace(wire, role_sources=(("Governor", 8), ("Governor", 7)))
    assert two.reporter("the governor") != "Benue State Government"


def test_a_body_named_in_another_language_on_its_own_feed_is_the_body() -> None:
    dgpc = "Direction générale de la protection civile"
    own = resolver(dgpc, (dgpc,))
    assert own.reporter("Haiti's Civil Protection General Directorate (DGPC)") == dgpc
    assert own.reporter("DGPC") == dgpc
    # "Direction" is no place before the body's name, and a wire's owner country does not keep it from matching
    assert resolver("Wire", (dgpc,)).reporter("Haiti's civil protection agency") == dgpc


def test_a_body_described_by_a_role_is_itself() -> None:
    # "The UN mission, MONUSCO, put the toll at 43": the statement's role names the UN, the figure is MONUSCO's
    wire = resolver("Wire", ("MONUSCO", "United Nations"), role_bodies={"MONUSCO": "United Nations"})
    assert wire.reporter("MONUSCO") == "MONUSCO"
    assert wire.reporter("The UN mission, MONUSCO") == "MONUSCO"
    # a person in a role still speaks for the role's body
    person = resolver("Wire", ("United Nations",), role_bodies={"Bintou Keita": "United Nations"})
    assert person.reporter("Bintou Keita") == "United Nations"


def test_a_bodys_own_people_unnamed_count_for_the_body_on_its_own_page() -> None:
    own = resolver("SOHR")
    body = "Syrian Observatory for Human Rights"
    # "according to a count compiled by party members", "its volunteers counted": the body's own count
    assert own.reporter("party members") == own.reporter("its volunteers") == body
    # people it cites are not the body
    assert own.reporter("residents") != body
    assert own.reporter("rights groups") != body
    # on an outlet's page, nobody's body
    assert resolver("Wire").reporter("party members") != "Wire"


def test_a_text_index_offers_only_texts_a_new_one_could_reword() -> None:
    index = TextIndex()
    for text in ("the indus waters treaty would be held in abeyance with immediate effect",
                 "the attari border post would be closed", "schools in the valley would reopen on monday"):
        index.add(normalize_text(text))
    near = index.near("India said it would hold the Indus Waters Treaty in abeyance")
    assert near == ["the indus waters treaty would be held in abeyance with immediate effect"]
    assert index.near("") == index.texts  # nothing to look up by: every text


def test_words_said_days_before_their_report_are_recalled() -> None:
    published = datetime(2024, 12, 30, 9, tzinfo=UTC)
    assert said_before("on Dec. 15 that there could be several hundred deaths", published)
    assert said_before("on 15 December that the curfew would stay", published)
    assert said_before("last Friday, Dec. 13, that aid was coming", published)
    # yesterday's words, an undated clause, a weekday alone: news as far as the text says
    assert not said_before("on Dec. 29 that the toll had risen", published)
    assert not said_before("the toll had risen", published)
    assert not said_before("on Sunday that the toll had risen", published)
    # a date of the year before ("on Dec. 28" in a January report)
    assert said_before("on Dec. 28 that x", datetime(2025, 1, 9, tzinfo=UTC))


def test_a_role_alone_is_the_one_person_recently_quoted_in_it() -> None:
    quoted = [("Prefect", 2, "francois-xavier bieuville"), ("Interior Minister", 1, "bruno retailleau")]
    assert person_in_role("The prefect", quoted) == "francois-xavier bieuville"
    assert person_in_role("the interior minister", quoted) == "bruno retailleau"
    assert person_in_role("the governor", quoted) is None
    # two people quoted in that role: nobody can say which
    assert person_in_role("the prefect", [*quoted, ("Prefect", 3, "jean dupont")]) is None


def test_a_names_core_leaves_out_its_initials_and_suffix() -> None:
    assert name_core("ferdinand r. marcos jr.") == name_core("ferdinand marcos jr.") == ("ferdinand", "marcos")
    assert name_core("martin luther king sr.") == ("martin", "king")
    assert name_core("guterres") is None
    assert fuller_speakers("marcos", ["ferdinand r. marcos jr.", "ferdinand marcos jr."]) == (
        "ferdinand r. marcos jr.", "ferdinand marcos jr.")


def test_storage_and_tracking_know_the_same_name_suffixes() -> None:
    """storage.series reads no rules, so it keeps its own copy of the suffixes the extraction lexicon gives."""
    from crawler.track.series import NAME_SUFFIXES
    from storage.series import NAME_SUFFIXES as STORED

    assert NAME_SUFFIXES == STORED
