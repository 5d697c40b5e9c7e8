"""A study with everything that can cite a document: coding, memos, a case, evidence, a vignette."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from qcode.services import cases, memos
from qcode.services.documents.participants import get_or_create_participant, set_attributes
from qcode.services.realist import evidence, statements, vignettes
from qcode.store.project import Project

PJ1 = "Interviewer: How did it start?\nPJ: My mentor made time for me.\nPJ: Every month.\n"
PJ2 = "PJ: Later the rota got easier.\n"


@pytest.fixture
def study(make_project: Callable[..., Project]) -> Project:
    """Two of PJ's transcripts coded by Ann and Ben, cited by a memo, case, CMO and vignette."""
    project = make_project(
        documents={"PJ 1": ("PJ", 1, PJ1), "PJ 2": ("PJ", 2, PJ2)},
        codes=["Outcome/Time", "Outcome/Rota"],
        coding=[
            ("PJ 1", "Outcome/Time", "Ann", 35, 44),
            ("PJ 1", "Outcome/Time", "Ben", 35, 60),
            ("PJ 1", "Outcome/Rota", "Ann", 62, 74),
            ("PJ 2", "Outcome/Rota", "Ann", 4, 29),
        ],
    )
    with project.transaction() as session:
        set_attributes(session, get_or_create_participant(session, "PJ"), {"role": "GP"})
    memos.add_memo(project, "on the transcript", memos.MemoTarget("document", 1))
    memos.add_memo(project, "on a segment", memos.MemoTarget("segment", 1))
    cases.create_case(project, "Rota dispute", "PJ")
    cases.link_segments(project, "Rota dispute", [3, 4])
    statement = statements.add_statement(project, "Outcome", "Time helps").value
    evidence.attach_evidence(project, statement, [1, 4])
    vignettes.add_vignette(project, "Time")
    vignettes.pick_segments(project, "Time", "context", [2])
    return project
