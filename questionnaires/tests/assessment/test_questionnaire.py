"""The questionnaire data against the contract's table of answers."""

import re

import pytest

from questionnaires.assessment import QUESTIONNAIRE
from questionnaires.assessment.questionnaire import Kind
from questionnaires.tests.assessment.people import CONTRACT


def contract_link_ids() -> list[tuple[int, str]]:
    """(section number, linkId) for every row of the contract's answers table, in order."""
    text = CONTRACT.read_text(encoding="utf-8")
    table = text.split("## Answers (linkIds)", 1)[1].split("**Gates.**", 1)[0]
    rows: list[tuple[int, str]] = []
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) < 4 or not cells[0][:1].isdigit():
            continue
        section = int(cells[0].split()[0])
        for name in re.split(r",\s*", cells[1]):
            if match := re.fullmatch(r"(\w+?)_(\d+) … \w+?_(\d+)", name):
                prefix, first, last = match.groups()
                rows += [(section, f"{prefix}_{n}") for n in range(int(first), int(last) + 1)]
            else:
                rows.append((section, name))
    return rows


@pytest.mark.skipif(not CONTRACT.exists(), reason="the contract is not there")
def test_the_questions_are_the_contracts_in_its_order() -> None:
    ours = [(s.number, q.link_id) for s in QUESTIONNAIRE.sections for q in s.questions]
    assert ours == contract_link_ids()


def test_five_sections_in_order() -> None:
    assert [s.id for s in QUESTIONNAIRE.sections] == [
        "location",
        "safety",
        "conditions",
        "health",
        "support",
    ]
    assert [s.number for s in QUESTIONNAIRE.sections] == [1, 2, 3, 4, 5]


def test_it_is_named_with_an_id_and_version() -> None:
    assert QUESTIONNAIRE.reference == "ketaclinic-eligibility/2.0.0"


def test_it_takes_about_five_minutes() -> None:
    assert QUESTIONNAIRE.minutes_left("location") == 5
    assert QUESTIONNAIRE.minutes_left("support") == 1
    assert all(section.minutes >= 1 for section in QUESTIONNAIRE.sections)


def test_every_question_has_words_and_a_way_to_answer() -> None:
    for question in QUESTIONNAIRE.questions.values():
        assert question.text.strip()
        if question.kind in (Kind.CHOICE, Kind.MULTI_CHOICE):
            assert question.options
        if question.kind is Kind.INTEGER:
            assert question.minimum is not None and question.maximum is not None


def test_every_condition_refers_to_an_earlier_question() -> None:
    seen: set[str] = set()
    for section in QUESTIONNAIRE.sections:
        for question in section.questions:
            if question.asked_when:
                for trigger in question.asked_when.triggers:
                    assert trigger.link_id in seen
                    allowed = {o.value for o in QUESTIONNAIRE.questions[trigger.link_id].options}
                    assert set(trigger.values) <= allowed
            seen.add(question.link_id)


def test_scored_items_belong_to_their_instrument() -> None:
    for link_id, question in QUESTIONNAIRE.questions.items():
        prefix = link_id.rsplit("_", 1)[0]
        if prefix in QUESTIONNAIRE.instruments:
            assert question.instrument == prefix


def test_questions_are_looked_up_by_link_id_and_section() -> None:
    assert QUESTIONNAIRE.section_of["asq_5"].id == "safety"
    assert QUESTIONNAIRE.questions["zip"].kind is Kind.ZIP
    with pytest.raises(KeyError):
        QUESTIONNAIRE.section("nowhere")
