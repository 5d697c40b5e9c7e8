"""CMO configuration statements: each edit is one audited, undoable operation."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from qcode.errors import QcodeError
from qcode.services.codebook.edit import delete_code, update_code
from qcode.services.history import Change, History
from qcode.services.lookup import find_code
from qcode.services.realist import evidence as cmo_evidence
from qcode.services.realist import statements as cmo
from qcode.services.realist.configurations import list_statements
from qcode.store.project import Project
from tests.helpers import audit_count, dump, rows

# Two participants, two waves; each line is one sentence.
TEXTS = {
    "PA 1": ("PA", 1, "I never knew the scheme existed.\nThen a colleague told me.\n"),
    "PA 2": ("PA", 2, "We met every month.\nIt kept me going through winter.\n"),
    "PB 1": ("PB", 1, "Nobody had time to listen.\nMy mentor asked what I wanted.\n"),
}
CODES = [
    ("Getting help early", ""),
    ("Getting help early/Knowing mentoring exists", "C"),
    ("Getting help early/Taking up the offer", "M"),
    ("Getting help early/Taking up the offer/First meeting", ""),
    ("Coping again", ""),
    ("Coping again/Space to think", "CM"),
]
CODING = [
    ("PA 1", "Getting help early/Knowing mentoring exists", "Ann", 0, 32),
    ("PA 1", "Getting help early/Taking up the offer", "Ann", 33, 58),
    ("PA 2", "Getting help early/Taking up the offer/First meeting", "Ben", 0, 19),
    ("PB 1", "Getting help early/Taking up the offer", "Ann", 27, 57),
    ("PB 1", "Coping again/Space to think", "Ben", 0, 26),
]


@pytest.fixture
def study(make_project: Callable[..., Project]) -> Project:
    return make_project(TEXTS, CODES, CODING)


def segment_id(project: Project, document: str, start: int) -> int:
    (row,) = rows(
        project,
        "SELECT s.id FROM segments s JOIN documents d ON d.id = s.document_id"
        " WHERE d.name = ? AND s.start = ?",
        document,
        start,
    )
    return int(row[0])  # type: ignore[call-overload]


def undo_redo_exact(project: Project, make: Callable[[], Change]) -> Change:
    """Make a change, check it wrote one audit event, and that undo and redo are exact."""
    history = History(project)
    before, events = dump(project), audit_count(project)
    change = history.push(make())
    assert audit_count(project) == events + 1
    after = dump(project)
    assert after != before
    history.undo()
    assert dump(project) == before
    history.redo()
    assert dump(project) == after
    return change


def statements(project: Project) -> list[tuple[str, str, list[tuple[str, str]], list[int]]]:
    with project.session() as session:
        return [
            (
                theme.name,
                s.text,
                [(c.name, c.flags) for c in s.categories],
                [q.segment_id for q in s.evidence],
            )
            for theme in list_statements(session)
            for s in theme.statements
        ]


def test_add_statement_by_path_or_id_with_categories(study: Project) -> None:
    change = undo_redo_exact(
        study,
        lambda: cmo.add_statement(
            study,
            "Getting help early",
            "  Knowing the scheme exists leads people to take up the offer.  ",
            ["Knowing mentoring exists", "Getting help early/Taking up the offer"],
        ),
    )
    with study.session() as session:
        theme_id = find_code(session, "Coping again").id
        space = find_code(session, "Coping again/Space to think").id
    cmo.add_statement(study, theme_id, "Space to think helps people cope.", [space])
    assert isinstance(change.value, int)
    assert statements(study) == [
        (
            "Getting help early",
            "Knowing the scheme exists leads people to take up the offer.",
            [("Knowing mentoring exists", "C"), ("Taking up the offer", "M")],
            [],
        ),
        ("Coping again", "Space to think helps people cope.", [("Space to think", "CM")], []),
    ]


def test_flags_are_read_live_from_the_codebook(study: Project) -> None:
    cmo.add_statement(study, "Coping again", "Words.", ["Space to think"])
    with study.session() as session:
        code_id = find_code(session, "Coping again/Space to think").id
    update_code(study, code_id, flags="C")
    assert statements(study)[0][2] == [("Space to think", "C")]


@pytest.mark.parametrize(
    ("theme", "text", "categories", "message"),
    [
        ("Getting help early/Taking up the offer", "x", [], "not an outcome theme"),
        ("No such theme", "x", [], "no code 'No such theme'"),
        ("Getting help early", "   ", [], "needs some words"),
        ("Getting help early", "x", ["Space to think"], "no category 'Space to think'"),
        ("Getting help early", "x", ["Coping again/Space to think"], "not a category"),
        ("Getting help early", "x", ["Getting help early"], "not a category"),
        ("Getting help early", "x", ["Taking up the offer"] * 2, "named twice"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(
    study: Project, theme: str, text: str, categories: list[str], message: str
) -> None:
    before, events = dump(study), audit_count(study)
    with pytest.raises(QcodeError, match=message):
        cmo.add_statement(study, theme, text, categories)
    assert (dump(study), audit_count(study)) == (before, events)


def test_edit_move_and_delete_are_undoable(study: Project) -> None:
    ids = [
        cmo.add_statement(study, "Getting help early", f"Statement {n}.").value for n in (1, 2, 3)
    ]
    undo_redo_exact(study, lambda: cmo.edit_statement(study, ids[0], "First, reworded."))
    undo_redo_exact(study, lambda: cmo.move_statement(study, ids[2], 0))
    assert [s[1] for s in statements(study)] == ["Statement 3.", "First, reworded.", "Statement 2."]
    undo_redo_exact(study, lambda: cmo.delete_statement(study, ids[1], reason="merged"))
    assert [s[1] for s in statements(study)] == ["Statement 3.", "First, reworded."]
    with pytest.raises(QcodeError, match="no configuration statement"):
        cmo.edit_statement(study, ids[1], "gone")


def test_category_edits_are_undoable(study: Project) -> None:
    sid = cmo.add_statement(study, "Getting help early", "Words.", ["Taking up the offer"]).value
    undo_redo_exact(
        study, lambda: cmo.attach_category(study, sid, "Knowing mentoring exists", position=0)
    )
    assert [c for c, _ in statements(study)[0][2]] == [
        "Knowing mentoring exists",
        "Taking up the offer",
    ]
    undo_redo_exact(study, lambda: cmo.detach_category(study, sid, "Knowing mentoring exists"))
    undo_redo_exact(
        study,
        lambda: cmo.set_categories(
            study, sid, ["Taking up the offer/First meeting", "Knowing mentoring exists"]
        ),
    )
    assert [c for c, _ in statements(study)[0][2]] == ["First meeting", "Knowing mentoring exists"]
    with pytest.raises(QcodeError, match="already draws on"):
        cmo.attach_category(study, sid, "Taking up the offer/First meeting")
    with pytest.raises(QcodeError, match="does not draw on"):
        cmo.detach_category(study, sid, "Taking up the offer")


def test_evidence_edits_are_undoable_and_carry_citations(study: Project) -> None:
    sid = cmo.add_statement(study, "Getting help early", "Words.").value
    first, second = segment_id(study, "PA 1", 0), segment_id(study, "PB 1", 27)
    third = segment_id(study, "PA 1", 33)
    undo_redo_exact(study, lambda: cmo_evidence.attach_evidence(study, sid, [first, second]))
    undo_redo_exact(study, lambda: cmo_evidence.attach_evidence(study, sid, [third], position=1))
    assert statements(study)[0][3] == [first, third, second]
    undo_redo_exact(
        study, lambda: cmo_evidence.reorder_evidence(study, sid, [second, first, third])
    )
    undo_redo_exact(study, lambda: cmo_evidence.detach_evidence(study, sid, [first]))
    with study.session() as session:
        evidence = list_statements(session)[0].statements[0].evidence
    assert [(q.citation, q.text, q.coder) for q in evidence] == [
        ("PB 1, line 2", "My mentor asked what I wanted.", "Ann"),
        ("PA 1, line 2", "Then a colleague told me.", "Ann"),
    ]
    with pytest.raises(QcodeError, match="already cited"):
        cmo_evidence.attach_evidence(study, sid, [second])
    with pytest.raises(QcodeError, match="no coded segment 999"):
        cmo_evidence.attach_evidence(study, sid, [999])
    with pytest.raises(QcodeError, match="not cited"):
        cmo_evidence.detach_evidence(study, sid, [first])
    with pytest.raises(QcodeError, match="each cited segment"):
        cmo_evidence.reorder_evidence(study, sid, [second])


def test_each_mutation_records_before_and_after(study: Project) -> None:
    sid = cmo.add_statement(study, "Coping again", "Old words.", ["Space to think"]).value
    cmo.edit_statement(study, sid, "New words.", actor="Ann", reason="clearer")
    action, actor, before, after, reason = rows(
        study, "SELECT action, actor, before, after, reason FROM audit_events ORDER BY id DESC"
    )[0]
    assert (action, actor, reason) == ("edit cmo statement", "Ann", "clearer")
    assert json.loads(before)["text"] == "Old words."
    assert json.loads(after) == {
        "theme": ["Coping again"],
        "text": "New words.",
        "position": 1,
        "categories": [["Coping again", "Space to think"]],
        "inherited": False,
        "evidence": [],
    }


def test_list_statements_counts_support_per_category(study: Project) -> None:
    cmo.add_statement(study, "Getting help early", "Words.", ["Taking up the offer"])
    with study.session() as session:
        themes = list_statements(session)
        every = list_statements(session, all_themes=True)
        ann_only = list_statements(session, coder="Ann")
    assert [t.name for t in themes] == ["Getting help early"]
    assert [t.name for t in every] == ["Getting help early", "Coping again"]
    # Taking up the offer: PA 1 and PB 1 (Ann) plus its sub-code in PA 2 (Ben).
    counts = [(c.name, c.flags, c.participants, c.segments) for c in themes[0].categories]
    assert counts == [("Knowing mentoring exists", "C", 1, 1), ("Taking up the offer", "M", 2, 3)]
    assert [(c.participants, c.segments) for c in ann_only[0].categories] == [(1, 1), (2, 2)]
    assert every[1].statements == ()
    with study.session() as session, pytest.raises(QcodeError, match="no coder 'Zed'"):
        list_statements(session, coder="Zed")


def test_deleting_a_theme_takes_its_statements(study: Project) -> None:
    cmo.add_statement(study, "Coping again", "Words.", ["Space to think"])
    with study.session() as session:
        theme_id = find_code(session, "Coping again").id
    delete_code(study, theme_id)
    assert statements(study) == []
