"""Which configured body a reporter named in other words is (crawler.track.series.match_reporter)."""

from __future__ import annotations

from crawler.extract import canonical_reporter
from crawler.track.series import Reporters, display_reporter, match_reporter

BASARNAS = "National Search and Rescue Agency (Basarnas)"


def test_a_country_possessive_joins_a_body_whose_parenthesis_is_its_own_name() -> None:
    # "(Basarnas)" names the agency, not a place; "National" says nothing about where it is
    assert match_reporter("Indonesia's search and rescue agency", [BASARNAS]) == BASARNAS
    assert match_reporter("the national search and rescue agency", [BASARNAS]) == BASARNAS


def test_a_parenthesis_that_names_a_place_still_keeps_other_places_apart() -> None:
    assert match_reporter("the health ministry in Gaza", ["Ministry of Health (Benghazi)"]) is None
    assert match_reporter("Libya's health ministry", ["Ministry of Health (Benghazi)"]) == "Ministry of Health (Benghazi)"


def test_an_acronym_is_the_body_of_those_initials_and_back() -> None:
    ispr = "Inter-Services Public Relations (Pakistan)"
    assert match_reporter("ISPR", [ispr, "Indian army"]) == ispr
    assert match_reporter("the Inter-Services Public Relations", ["ISPR"]) == "ISPR"
    assert match_reporter("SNAI", ["Servicio Nacional de Atención Integral (SNAI)"]) is not None
    # two bodies of the same initials: neither
    assert match_reporter("NSA", ["National Security Agency", "National Statistics Authority"]) is None


def test_an_acronym_is_a_body_whose_name_closes_with_where_it_is() -> None:
    pdma = "Provincial Disaster Management Authority Khyber Pakhtunkhwa"
    known = [pdma, "National Disaster Management Authority"]
    for written in ("PDMA", "PDMA KP", "PDMA Khyber Pakhtunkhwa"):
        assert match_reporter(written, known) == pdma, written
    assert match_reporter("NDMA", known) == "National Disaster Management Authority"
    # the trailing words are a place, not more of the body: "WHO" is not the WHO's regional office
    assert match_reporter("WHO", ["World Health Organization Regional Office"]) is None


def test_an_acronym_is_a_body_whose_name_opens_with_where_it_is() -> None:
    lasema = "Lagos State Emergency Management Agency"
    for written in ("SEMA", "the SEMA", "Lagos SEMA"):
        assert match_reporter(written, [lasema, "National Emergency Management Agency"]) == lasema, written
    # two states' agencies of the same initials: neither
    assert match_reporter("SEMA", [lasema, "Borno State Emergency Management Agency"]) is None
    # a place of one word before only three initials is no acronym of them: "OHR" is not the SOHR
    assert match_reporter("OHR", ["Syrian Observatory for Human Rights"]) is None


def test_words_that_name_one_kind_of_body() -> None:
    fama = "Malian Armed Forces (FAMa)"
    for written in ("the army", "the Malian army", "the General Staff of the Armed Forces"):
        assert match_reporter(written, [fama, "Government of the Transition of Mali"]) == fama, written
    assert match_reporter("the Nigerian army", [fama]) is None  # another country's
    fge = "Guanajuato State Attorney General's Office (FGE)"
    for written in ("prosecutors in Guanajuato", "the state prosecutor's office", "the Guanajuato prosecutor"):
        assert match_reporter(written, [fge, "Governor of Guanajuato"]) == fge, written


def test_a_bodys_leaders_speak_for_it() -> None:
    society = "civil society in Masisi territory"
    for written in ("Masisi civil society leaders", "Masisi civil society"):
        assert match_reporter(written, [society, "Armed Forces of the DRC (FARDC)"]) == society, written


def test_a_bodys_document_is_the_body() -> None:
    reporters = Reporters.build({}, canonical_reporter)
    assert reporters.normalize("PDMA's situation report") == reporters.normalize("PDMA")
    assert reporters.normalize("the army's provisional toll") == reporters.normalize("the army")
    assert reporters.normalize("the health ministry's latest daily figures") == reporters.normalize("the health ministry")
    # a possessive that names who the body belongs to is kept: "Gaza's Health Ministry" is a body, not a document
    assert reporters.normalize("Gaza's Health Ministry") != reporters.normalize("Gaza")


def test_a_body_named_by_its_countrys_other_demonym_or_a_possessive() -> None:
    assert match_reporter("The Greek coast guard", ["Hellenic Coast Guard", "Wire"]) == "Hellenic Coast Guard"
    assert match_reporter("India's army", ["Indian army", "Pakistani military"]) == "Indian army"
    assert match_reporter("the coast guard", ["Hellenic Coast Guard", "International Organization for Migration"]) \
        == "Hellenic Coast Guard"


def test_what_kind_of_body_adds_nothing_the_configured_name_lacks() -> None:
    civil = "Civil Defence of Rio Grande do Sul (Defesa Civil RS)"
    assert match_reporter("the state civil defence agency", [civil, "Government of Rio Grande do Sul"]) == civil
    assert match_reporter("the state police", ["Federal Police"]) is None  # one word left says nothing


def test_a_body_configured_under_its_french_or_spanish_name() -> None:
    interior = "Ministère de l'Intérieur, Niger"
    assert match_reporter("the Ministry of the Interior", [interior, "Niger Armed Forces"]) == interior
    assert match_reporter("the health ministry", ["Ministerio de Salud Pública"]) == "Ministerio de Salud Pública"
    # the alert shows how the publication named it, when that is in another language
    assert display_reporter(interior, "the Ministry of the Interior") == f"{interior} — Ministry of the Interior"


def test_a_body_and_a_governorate_named_in_spanish_or_french() -> None:
    from crawler.track.series import is_body

    assert match_reporter("Colombia's ombudsman's office", ["Defensoría del Pueblo", "Wire"]) == "Defensoría del Pueblo"
    civil = "Coordination de la société civile du Lualaba"
    assert match_reporter("a local civil society group", [civil, "Provincial Government of Lualaba"]) == civil
    for name in ("Gobernación de Norte de Santander", "Gouvernorat de Tunis", "Alcaldía de Medellín"):
        assert is_body(name), name


def test_a_bare_army_is_the_one_state_army_never_an_armed_group_named_army() -> None:
    assert match_reporter("the army", ["Baloch Liberation Army", "Government of Balochistan"]) is None
    assert match_reporter("the BLA", ["Baloch Liberation Army", "Government of Balochistan"]) == "Baloch Liberation Army"
    assert canonical_reporter("Pakistan army") == canonical_reporter("ISPR") == canonical_reporter(
        "Inter-Services Public Relations")


def test_a_governor_speaks_for_the_governorate() -> None:
    known = ["Gobernación de Norte de Santander", "Defensoría del Pueblo"]
    assert match_reporter("Norte de Santander's governor", known) == known[0]
    assert match_reporter("Antioquia's governor", known) is None  # another department's


def test_a_role_after_a_place_is_no_personal_name() -> None:
    from crawler.track.series import is_person, role_words

    assert not is_person("Norte de Santander's governor")
    assert role_words("Norte de Santander's governor") >= {"governor"}
    assert is_person("Jean de la Fontaine")


def test_a_descriptor_of_one_distinctive_word_is_the_one_body_it_fits() -> None:
    """Wires write "the national disaster agency" for the NDRRMC: one word says what the body does, and it is
    taken where a single known body is of that kind, never where two are."""
    ndrrmc = "National Disaster Risk Reduction and Management Council"
    known = [ndrrmc, "Ministry of Health", "regional civil society coordination of Tillabéri"]
    for written in ("the national disaster agency", "the disaster agency"):
        assert match_reporter(written, known) == ndrrmc, written
    assert match_reporter("civil society group in Tillaberi", known) == known[2]
    assert match_reporter("the health agency", known) is None  # a ministry is no agency of that word
    assert match_reporter("the disaster agency", [*known, "National Disaster Management Authority"]) is None
    assert match_reporter("the Philippine agency", known) is None  # a country says what, not which
    # what the writer thinks of the body is no part of its name
    assert match_reporter("opposition National Unity Government", ["National Unity Government of Myanmar"]) == \
        "National Unity Government of Myanmar"


def test_a_role_holders_office_speaks_for_the_role_holder() -> None:
    from crawler.track.series import role_words

    assert role_words("the governor's office") == role_words("the governor") == frozenset({"governor"})
    assert role_words("Office of the High Commissioner for Human Rights") == frozenset()  # a body's own name


def test_an_acronym_keeps_the_number_of_its_body() -> None:
    pro5 = "Police Regional Office 5"
    assert match_reporter("PRO5", [pro5, "Police Regional Office 3"]) == pro5
    assert match_reporter("PRO3", [pro5]) is None


def test_a_descriptor_or_a_ruling_owner_adds_nothing_to_a_known_body() -> None:
    """ "The rights group X" is X; "the Taliban's disaster ministry" is the one of Afghanistan (like "Taliban-run")."""
    ask = "Ain o Salish Kendra (ASK)"
    assert match_reporter("the rights group Ain o Salish Kendra", [ask, "Ministry of Home Affairs (Bangladesh)"]) == ask
    ministry = "Ministry of Disaster Management (Afghanistan)"
    assert match_reporter("a spokesman for the Taliban's disaster ministry", [ministry, "UN OCHA"]) == ministry
    assert match_reporter("Pakistan's disaster ministry", [ministry]) is None  # a place it names is compared
    assert match_reporter("Riyom local government council", ["Riyom local government"]) == "Riyom local government"
    colectivo = "Colectivo Solecito de Veracruz"  # a collective of families searching for the disappeared
    assert match_reporter("the collective", [colectivo, "UN OCHA"]) == colectivo
    assert match_reporter("the Solecito collective", [colectivo]) == colectivo
    rrrc = "Refugee Relief and Repatriation Commissioner (Government of Bangladesh)"
    assert match_reporter("the office of the Refugee Relief and Repatriation Commissioner", [rrrc, "UNHCR"]) == rrrc


def test_a_plural_owner_and_a_possessive_inside_the_bodys_other_name() -> None:
    council = "National Disaster Risk Reduction and Management Council (NDRRMC)"
    assert match_reporter("The Philippines' national disaster council", [council]) == council
    fiscalia = "Fiscalía General del Estado (Attorney General's Office)"
    # "'s" inside the parenthesis is part of the body's other name, not an owner that places it elsewhere
    assert match_reporter("Ecuador's attorney general's office", [fiscalia]) == fiscalia
    assert match_reporter("Peru's attorney general's office", [fiscalia, "Fiscalía de la Nación (Peru)"]) != fiscalia


def test_italian_and_portuguese_body_names_read_in_english() -> None:
    assert match_reporter("the Prefecture of Crotone", ["Prefettura di Crotone", "Guardia Costiera"]) == \
        "Prefettura di Crotone"
    assert match_reporter("the Italian coast guard", ["Prefettura di Crotone", "Guardia Costiera"]) == "Guardia Costiera"
    # a Portuguese civil defence, named in English by the text or by what kind of body it is
    defesa = "Defesa Civil de Santa Catarina"
    for written in ("the Civil Defence of Santa Catarina", "the state civil defence agency"):
        assert match_reporter(written, [defesa, "Governo de Santa Catarina"]) == defesa, written
    assert match_reporter("Brazil's health ministry", ["Ministério da Saúde (Brasil)"]) is not None


def test_a_news_agency_is_an_outlet_not_a_reporting_body() -> None:
    from crawler.track.series import is_body

    assert not is_body("IRNA") and not is_body("Anadolu Agency") and not is_body("Philippine News Agency (PNA)")
    assert is_body("OCHA") and is_body("International Atomic Energy Agency") and is_body("UN refugee agency")
