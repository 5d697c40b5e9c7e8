"""A decision's consensus spans follow a text correction made after it (they are read
from its audit event, which no edit rewrites)."""

from __future__ import annotations

from sqlalchemy import select

from qcode.services.pseudonyms.textedit import correct_text
from qcode.services.workshop import disagreements as workshop
from qcode.services.workshop.consensus import results_of
from qcode.store.models import Document, WorkshopDecision
from qcode.store.project import Project

TEXT = "We met in the hall. The mentor listened to me and I slept better after.\n"


def decided(make_project, choice: str) -> Project:  # type: ignore[no-untyped-def]
    listened = TEXT.index("listened")
    coding = [
        ("PA 1", "Support", "Ana", listened, listened + 8),
        ("PA 1", "Support", "Ben", listened, TEXT.index(" and")),
    ]
    project = make_project(documents={"PA 1": ("PA", 1, TEXT)}, codes=("Support",), coding=coding)
    with project.session() as session:
        (unit,) = workshop.list_disagreements(session, "Ana", "Ben")
    workshop.decide(project, unit.key, choice, "agreed", "Ana")
    return project


def words_of_results(project: Project) -> list[str]:
    with project.session() as session:
        text = session.scalars(select(Document.text)).one()
        decisions = session.scalars(select(WorkshopDecision)).all()
        return [text[start:end] for start, end in results_of(session, decisions)]


def test_an_edit_before_the_result_moves_its_spans(make_project) -> None:
    project = decided(make_project, "keep_b")
    assert words_of_results(project) == ["listened to me"]
    correct_text(project, "PA 1", 10, 18, "the big hall", actor="Ana")
    assert words_of_results(project) == ["listened to me"]


def test_an_edit_inside_the_result_keeps_its_hull(make_project) -> None:
    project = decided(make_project, "keep_b")
    at = TEXT.index("to me")
    correct_text(project, "PA 1", at, at + 2, "with", actor="Ana")
    assert words_of_results(project) == ["listened with me"]
