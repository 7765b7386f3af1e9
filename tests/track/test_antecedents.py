"""Who a bare kind of body names ("the Ministry said"): crawler.track.antecedents, pure."""

from __future__ import annotations

import pytest

from crawler.track.antecedents import body_antecedent, person_antecedent

MOFA = ("The Ministry of Foreign Affairs is concerned at the loss of lives in the attack. \"We extend our "
        "condolences,\" the Ministry said.")  # fmt: skip


@pytest.mark.parametrize(
    ("speaker", "text", "organization", "expected"),
    [
        # the one body of that kind the text names before it, as a speaker or not
        ("the Ministry", MOFA, None, "Ministry of Foreign Affairs"),
        ("the police", "Jammu and Kashmir Police said 28 died. Later the police said", None, "Jammu and Kashmir Police"),
        ("the office", "The Office of the UN High Commissioner for Human Rights had reports. The office said",
         None, "Office of the UN High Commissioner for Human Rights"),
        # the text names none: the source's own organization when it is a body of that kind
        ("the ministry", "It said 3 died. The ministry said", "Ministry of Foreign Affairs (Pakistan)",
         "Ministry of Foreign Affairs"),
        # two ministries named before: no telling which
        ("the ministry", "The Ministry of Health and the Ministry of Interior met. The ministry said", None, None),
        # a person's title, a name, an outlet that is no body of that kind: none
        ("the minister", "Foreign Minister Ishaq Dar spoke. The minister said", None, None),
        ("Khawaja Asif", "Khawaja Asif said", None, None),
        ("the ministry", "It said 3 died. The ministry said", "Associated Press", None),
    ],
)
def test_a_bare_kind_of_body_is_the_body_named_before_it(speaker: str, text: str, organization: str | None,
                                                       expected: str | None) -> None:  # fmt: skip
    assert body_antecedent(speaker, text, text.lower().rindex(speaker.lower()), organization) == expected


def test_a_bare_title_is_the_one_person_the_text_named_with_it() -> None:
    text = ("The board declared a state of calamity at the request of Governor Pamela Baricuatro. "
            '"It is devastating," the governor said.')
    assert person_antecedent("the governor", text, text.index("the governor")) == "Pamela Baricuatro"
    two = "Interior Minister Bruno Retailleau spoke. The interior minister said more."
    assert person_antecedent("The interior minister", two, two.index("The interior minister")) == "Bruno Retailleau"
    # two governors named, or none before the speaker, or a kind of body: nobody in particular
    both = "Governor Ann Lee met Governor Bo Kim. The governor said so."
    assert person_antecedent("The governor", both, both.index("The governor")) is None
    assert person_antecedent("the governor", text, 5) is None
    assert person_antecedent("the ministry", text, len(text)) is None
    # a title in lower case before the name names them too
    army = 'Army spokesman Nabil Abdallah said no one was hurt. "We will respond," the spokesman said.'
    assert person_antecedent("the spokesman", army, army.index("the spokesman")) == "Nabil Abdallah"
