"""Categories group codes and never code text; a code without a colour is shown in a fallback."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from qcode.analysis.colours import CODE_PALETTE, code_colour
from qcode.errors import QcodeError
from qcode.services import coding
from qcode.services.codebook import edit as codebook
from qcode.services.codebook.merge_split import merge_codes
from qcode.services.documents.view import coding_marks
from qcode.services.history import History
from qcode.services.lookup import get_code
from qcode.services.search import autocode, search_project
from qcode.store.models import AuditEvent, Code
from qcode.store.project import Project
from tests.helpers import audit_count, dump

PJ1 = "PJ: My mentor listened. She made time for me.\nPJ: Support came late.\n"
REFUSAL = "“Support” is a category: it groups codes and cannot code text"


@pytest.fixture
def project(make_project) -> Project:  # type: ignore[no-untyped-def]
    made = make_project(
        documents={"PJ 1": ("PJ", 1, PJ1)},
        codes=["Outcome/Time"],
        coding=[("PJ 1", "Outcome/Time", "Ann", 4, 10)],
    )
    codebook.add_code(made, "Support", category=True)
    codebook.add_code(made, "Support/Listening")
    return made


def code_id(project: Project, path: str) -> int:
    with project.session() as session:
        return get_code(session, path).id


def refused(project: Project, action, message: str) -> None:  # type: ignore[no-untyped-def]
    before, events = dump(project), audit_count(project)
    with pytest.raises(QcodeError) as caught:
        action()
    assert str(caught.value) == message
    assert "\n" not in str(caught.value)
    assert (dump(project), audit_count(project)) == (before, events)


def test_a_category_is_added_as_not_codable_and_listed_so(project: Project) -> None:
    with project.session() as session:
        nodes = {node.path: node for node in codebook.codebook_tree(session)}
    assert not nodes[("Support",)].codable
    assert nodes[("Support", "Listening")].codable and nodes[("Outcome", "Time")].codable
    assert nodes[("Support",)].color in CODE_PALETTE  # made by a user: it gets a colour
    with project.session() as session:
        added = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "add code").order_by(AuditEvent.id)
        ).all()
    assert [json.loads(e.after)["codable"] for e in added] == [True, False, True]


def test_coding_with_a_category_is_refused_in_one_line(project: Project) -> None:
    refused(project, lambda: coding.code_span(project, "PJ 1", "Support", "Ann", 0, 5), REFUSAL)
    refused(project, lambda: coding.code_quote(project, "PJ 1", "Support", "Ann", "late"), REFUSAL)
    with project.session() as session:
        hits = search_project(session, "mentor", "exact", "none")
    refused(project, lambda: autocode(project, hits, "Support", "Ann"), REFUSAL)
    coding.code_span(project, "PJ 1", "Support/Listening", "Ann", 14, 22)  # its codes code text


def test_in_vivo_under_a_category_makes_a_code_and_codes_with_it(project: Project) -> None:
    start = PJ1.index("made time")
    change = coding.code_in_vivo(project, "PJ 1", "Ann", start, start + 9, parent="Support")
    with project.session() as session:
        made = get_code(session, "Support/made time")
        assert made.codable and change.value is not None
    support = code_id(project, "Support")
    start = PJ1.index("Support")
    refused(  # an in-vivo name that is a category already is refused, not coded
        project,
        lambda: coding.code_in_vivo(project, "PJ 1", "Ann", start, start + 7),
        REFUSAL,
    )
    assert support == code_id(project, "Support")


def test_a_code_becomes_a_category_only_without_coding_and_back(project: Project) -> None:
    history = History(project)
    time = code_id(project, "Outcome/Time")
    refused(
        project,
        lambda: codebook.update_code(project, time, codable=False),
        "“Time” codes 1 segment: a category cannot code text; move or uncode them first",
    )
    outcome = code_id(project, "Outcome")
    history.push(codebook.update_code(project, outcome, codable=False))
    with project.session() as session:
        assert not get_code(session, outcome).codable
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert event is not None
        assert (json.loads(event.before)["codable"], json.loads(event.after)["codable"]) == (
            True,
            False,
        )
    history.undo()
    with project.session() as session:
        assert get_code(session, outcome).codable
    support = code_id(project, "Support")
    codebook.update_code(project, support, codable=True)
    coding.code_span(project, "PJ 1", "Support", "Ann", 0, 2)  # a code again: it codes text


def test_coding_cannot_be_merged_into_a_category(project: Project) -> None:
    time, support = code_id(project, "Outcome/Time"), code_id(project, "Support")
    refused(
        project,
        lambda: merge_codes(project, time, support),
        f"{REFUSAL}; move “Time” under it instead",
    )
    codebook.add_code(project, "Themes", category=True)
    merge_codes(project, code_id(project, "Themes"), support)  # a category into a category
    with project.session() as session:
        assert not get_code(session, support).codable


def test_a_code_without_a_colour_is_shown_in_a_stable_fallback(project: Project) -> None:
    time = code_id(project, "Outcome/Time")
    with project.transaction() as session:
        code = session.get(Code, time)
        assert code is not None
        code.color = None  # as an import stores a code its file gave no colour
    with project.session() as session:
        node = next(n for n in codebook.codebook_tree(session) if n.id == time)
        marks = coding_marks(session, 1)
    assert node.color is None
    assert node.shown_color == code_colour(None, time) == CODE_PALETTE[time % len(CODE_PALETTE)]
    assert [m.code_color for m in marks] == [node.shown_color]
    assert code_colour("#123456", time) == "#123456"
    codebook.update_code(project, time, color="#AA0000")
    with project.session() as session:
        assert get_code(session, time).color == "#aa0000"
    codebook.update_code(project, time, color=None)
    with project.session() as session:
        assert get_code(session, time).color is None


def test_a_new_code_without_a_chosen_colour_gets_one_of_the_palette(project: Project) -> None:
    change = codebook.add_code(project, "Outcome/Rota")
    with project.session() as session:
        assert session.get(Code, change.value).color in CODE_PALETTE
