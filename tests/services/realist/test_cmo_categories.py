"""A statement's categories: its theme's C/M-flagged ones, live, until it is narrowed."""

from __future__ import annotations

import json

import pytest

from qcode.errors import QcodeError
from qcode.services.codebook.edit import update_code
from qcode.services.lookup import find_code
from qcode.services.realist import statements as cmo
from qcode.services.realist.configurations import list_statements
from qcode.store.project import Project
from tests.helpers import audit_count, dump, rows
from tests.services.realist.test_cmo import study, undo_redo_exact

__all__ = ["study"]  # the fixture, shared with test_cmo.py

THEME = "Getting help early"
KNOWING, OFFER = "Knowing mentoring exists", "Taking up the offer"
FIRST = f"{OFFER}/First meeting"


def drawn_on(project: Project) -> list[tuple[str, list[str], bool]]:
    """Each statement's words, the names of the categories it draws on, and whether inherited."""
    with project.session() as session:
        return [
            (s.text, [c.name for c in s.categories], s.inherited)
            for theme in list_statements(session)
            for s in theme.statements
        ]


def flag(project: Project, path: str, flags: str) -> None:
    with project.session() as session:
        code_id = find_code(session, path).id
    update_code(project, code_id, flags=flags)


def first_event(project: Project, action: str) -> tuple[dict[str, object], dict[str, object]]:
    """The before and after of the first audit event of ``action`` (later ones are undo/redo)."""
    before, after = rows(
        project, "SELECT before, after FROM audit_events WHERE action = ? ORDER BY id", action
    )[0]
    return json.loads(str(before)), json.loads(str(after))


def test_a_new_statement_inherits_the_flagged_categories_live(study: Project) -> None:
    cmo.add_statement(study, THEME, "Knowing leads to taking up.")
    assert drawn_on(study) == [("Knowing leads to taking up.", [KNOWING, OFFER], True)]
    flag(study, f"{THEME}/{FIRST}", "C")  # a sub-category flagged later is drawn on at once
    assert drawn_on(study)[0][1] == [KNOWING, OFFER, "First meeting"]
    flag(study, f"{THEME}/{KNOWING}", "")  # and one unflagged drops out
    assert drawn_on(study)[0][1] == [OFFER, "First meeting"]
    with study.session() as session:
        (theme,) = list_statements(session)
    assert [c.name for c in theme.flagged] == [OFFER, "First meeting"]
    assert [c.segments for c in theme.flagged] == [3, 1]  # support counted as for any category


def test_narrowing_starts_from_the_inherited_set_and_is_undoable(study: Project) -> None:
    sid = cmo.add_statement(study, THEME, "Words.").value
    undo_redo_exact(study, lambda: cmo.narrow_categories(study, sid, remove=[KNOWING]))
    assert drawn_on(study) == [("Words.", [OFFER], False)]
    before, after = first_event(study, "narrow cmo categories")
    assert (before["categories"], before["inherited"]) == ([], True)
    assert (after["categories"], after["inherited"]) == ([[THEME, OFFER]], False)
    flag(study, f"{THEME}/{FIRST}", "M")  # a narrowed statement keeps its own list
    assert drawn_on(study) == [("Words.", [OFFER], False)]


def test_add_and_remove_in_one_step(study: Project) -> None:
    sid = cmo.add_statement(study, THEME, "Words.").value
    flag(study, f"{THEME}/{FIRST}", "M")
    cmo.narrow_categories(study, sid, remove=[KNOWING, FIRST])
    undo_redo_exact(  # one step, one audit event
        study, lambda: cmo.narrow_categories(study, sid, add=[FIRST], remove=[f"{THEME}/{OFFER}"])
    )
    assert drawn_on(study) == [("Words.", ["First meeting"], False)]


def test_inheriting_again_follows_the_codebook_and_is_undoable(study: Project) -> None:
    sid = cmo.add_statement(study, THEME, "Words.", [OFFER]).value
    assert drawn_on(study) == [("Words.", [OFFER], False)]
    undo_redo_exact(study, lambda: cmo.inherit_categories(study, sid))
    assert drawn_on(study) == [("Words.", [KNOWING, OFFER], True)]
    before, after = first_event(study, "inherit cmo categories")
    assert (before["inherited"], after["inherited"], after["categories"]) == (False, True, [])
    with pytest.raises(QcodeError, match=f"statement {sid} already inherits"):
        cmo.inherit_categories(study, sid)


@pytest.mark.parametrize(
    ("add", "remove", "message"),
    [
        ([FIRST], [], f"'{THEME}/{FIRST}' is not flagged C or M"),
        (["Coping again/Space to think"], [], "is not a category of the theme"),
        (["No such code"], [], "no category 'No such code'"),
        ([OFFER], [], f"the statement already draws on '{OFFER}'"),
        ([], [FIRST], "the statement does not draw on 'First meeting'"),
        ([], [KNOWING, KNOWING], f"the statement does not draw on '{KNOWING}'"),
        ([], [KNOWING, OFFER], "would draw on no category"),
        ([], [], "name a category to add or to remove"),
    ],
)
def test_bad_narrowing_is_refused_and_changes_nothing(
    study: Project, add: list[str], remove: list[str], message: str
) -> None:
    sid = cmo.add_statement(study, THEME, "Words.").value
    before, events = dump(study), audit_count(study)
    with pytest.raises(QcodeError, match=message):
        cmo.narrow_categories(study, sid, add=add, remove=remove)
    assert (dump(study), audit_count(study)) == (before, events)
    assert drawn_on(study) == [("Words.", [KNOWING, OFFER], True)]


def test_no_statement_and_no_categories_are_refused(study: Project) -> None:
    sid = cmo.add_statement(study, THEME, "Words.", [KNOWING]).value
    before, events = dump(study), audit_count(study)
    with pytest.raises(QcodeError, match="no configuration statement 99"):
        cmo.narrow_categories(study, 99, remove=[KNOWING])
    with pytest.raises(QcodeError, match="would draw on no category"):
        cmo.set_categories(study, sid, [])
    with pytest.raises(QcodeError, match="would draw on no category"):
        cmo.detach_category(study, sid, KNOWING)
    assert (dump(study), audit_count(study)) == (before, events)
