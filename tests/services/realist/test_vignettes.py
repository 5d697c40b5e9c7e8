"""Composite vignettes: picking, editing and narrating are audited and undoable."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from qcode.errors import QcodeError
from qcode.services.history import Change, History
from qcode.services.realist import vignettes
from qcode.services.realist.vignette_view import list_vignettes, vignette_view
from qcode.store.project import Project
from tests.helpers import audit_count, dump

TEXTS = {
    "PC 1": ("PC", 1, "Rotas changed weekly.\nI felt on my own.\n"),
    "PC 2": ("PC", 2, "We talked it through.\nNow I ask for help sooner.\n"),
    "PD 1": ("PD", 1, "The ward was short staffed.\nShe helped me plan my week.\n"),
}
CODES = ["Coping/Pressure", "Coping/Support", "Coping/Result"]
CODING = [
    ("PC 1", "Coping/Pressure", "Ann", 0, 21),  # 1
    ("PC 2", "Coping/Support", "Ann", 0, 21),  # 2
    ("PC 2", "Coping/Result", "Ann", 22, 48),  # 3
    ("PD 1", "Coping/Pressure", "Ann", 0, 27),  # 4
    ("PD 1", "Coping/Support", "Ann", 28, 55),  # 5
]


@pytest.fixture
def study(make_project: Callable[..., Project]) -> Project:
    return make_project(TEXTS, CODES, CODING)


def undo_redo_exact(project: Project, make: Callable[[], Change]) -> Change:
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


def sections(project: Project, title: str) -> dict[str, list[str]]:
    with project.session() as session:
        view = vignette_view(session, title)
    return {s.key: [p.text for p in s.parts] for s in view.sections}


def test_pick_edit_and_narrate(study: Project) -> None:
    undo_redo_exact(study, lambda: vignettes.add_vignette(study, "A hard winter", theme="Coping"))
    picked = undo_redo_exact(
        study, lambda: vignettes.pick_segments(study, "A hard winter", "context", [1, 4])
    ).value
    vignettes.pick_segments(study, "A hard winter", "Mechanism", [5])
    vignettes.pick_segments(study, "A hard winter", "outcome", [3])
    undo_redo_exact(
        study,
        lambda: vignettes.edit_part(study, picked.part_ids[1], "The unit was short of staff."),
    )
    undo_redo_exact(
        study,
        lambda: vignettes.set_narrative(study, "A hard winter", "  A junior doctor, new in post. "),
    )
    assert sections(study, "A hard winter") == {
        "context": ["Rotas changed weekly.", "The unit was short of staff."],
        "mechanism": ["She helped me plan my week."],
        "outcome": ["Now I ask for help sooner."],
    }
    with study.session() as session:
        view = vignette_view(session, "A hard winter")
    assert (view.theme, view.narrative, view.participants, view.warning) == (
        ("Coping",),
        "A junior doctor, new in post.",
        ("PC", "PD"),
        None,
    )
    assert [s.heading for s in view.sections] == [
        "Context",
        "What mentoring did",
        "Impact and outcome",
    ]
    assert view.sections[0].parts[0].citation == "PC 1, line 1"


def test_one_participant_only_is_warned(study: Project) -> None:
    vignettes.add_vignette(study, "One voice")
    first = vignettes.pick_segments(study, "One voice", "context", [1]).value
    assert first.warning is not None
    assert "one participant only (PC)" in first.warning
    second = vignettes.pick_segments(study, "One voice", "outcome", [3]).value
    assert "one participant only (PC)" in (second.warning or "")
    third = vignettes.pick_segments(study, "One voice", "mechanism", [5]).value
    assert third.warning is None
    with study.session() as session:
        assert [v.warning for v in list_vignettes(session)] == [None]


def test_move_and_remove_parts(study: Project) -> None:
    vignettes.add_vignette(study, "Moves")
    ids = vignettes.pick_segments(study, "Moves", "context", [1, 4, 2]).value.part_ids
    undo_redo_exact(study, lambda: vignettes.move_part(study, ids[2], 0))
    assert sections(study, "Moves")["context"] == [
        "We talked it through.",
        "Rotas changed weekly.",
        "The ward was short staffed.",
    ]
    undo_redo_exact(study, lambda: vignettes.move_part(study, ids[2], 0, section="mechanism"))
    undo_redo_exact(study, lambda: vignettes.remove_part(study, ids[0]))
    assert sections(study, "Moves") == {
        "context": ["The ward was short staffed."],
        "mechanism": ["We talked it through."],
        "outcome": [],
    }


def test_rename_retheme_and_delete(study: Project) -> None:
    vignettes.add_vignette(study, "Draft", theme="Coping")
    vignettes.add_vignette(study, "Other")
    undo_redo_exact(
        study, lambda: vignettes.edit_vignette(study, "Draft", title="Final", clear_theme=True)
    )
    with pytest.raises(QcodeError, match="already exists"):
        vignettes.edit_vignette(study, "Final", title="Other")
    undo_redo_exact(study, lambda: vignettes.delete_vignette(study, "Final"))
    with study.session() as session:
        assert [(v.title, v.theme) for v in list_vignettes(session)] == [("Other", None)]


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (lambda p: vignettes.add_vignette(p, "  "), "needs a title"),
        (lambda p: vignettes.add_vignette(p, "Existing"), "already exists"),
        (lambda p: vignettes.add_vignette(p, "New", theme="Coping/Pressure"), "not an outcome"),
        (lambda p: vignettes.pick_segments(p, "Existing", "ending", [1]), "section must be"),
        (lambda p: vignettes.pick_segments(p, "Missing", "context", [1]), "no vignette"),
        (lambda p: vignettes.pick_segments(p, "Existing", "context", [99]), "no coded segment"),
        (lambda p: vignettes.pick_segments(p, "Existing", "context", [2]), "already in"),
        (lambda p: vignettes.pick_segments(p, "Existing", "context", []), "one or more"),
        (lambda p: vignettes.edit_part(p, 1, " "), "needs some words"),
        (lambda p: vignettes.edit_part(p, 42, "x"), "no vignette part 42"),
    ],
)
def test_bad_input_changes_nothing(
    study: Project, action: Callable[[Project], Change], message: str
) -> None:
    vignettes.add_vignette(study, "Existing")
    vignettes.pick_segments(study, "Existing", "outcome", [2])
    before, events = dump(study), audit_count(study)
    with pytest.raises(QcodeError, match=message):
        action(study)
    assert (dump(study), audit_count(study)) == (before, events)
