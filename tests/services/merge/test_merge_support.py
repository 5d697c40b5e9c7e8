"""Fixtures and helpers for the merge tests: a team file, its copies, what a file holds."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select, update

from qcode.services.documents.outcomes import text_sha256
from qcode.services.lookup import code_path, join_path
from qcode.store.models import Case, CaseSegment, Code, Document, Memo, Segment
from qcode.store.project import Project, open_project

TEXT_A = (
    "Interviewer: How was it?\n"
    "PA: The mentor listened and I felt less alone at work.\n"
    "Interviewer: And the rota?\n"
    "PA: The rota was brutal, but we met every month after clinic.\n"
)
TEXT_B = (
    "PB: Time was short, and I said yes to everything.\n"
    "Interviewer: Did it help?\n"
    "PB: Mentoring gave me protected time to think about my own health.\n"
)


def span_of(text: str, quote: str, occurrence: int = 0) -> tuple[int, int]:
    """Where the ``occurrence``-th ``quote`` is in ``text``."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    return start, start + len(quote)


@pytest.fixture
def team_path(make_project: Callable[..., Project]) -> Path:
    """A closed team file: two transcripts, a small codebook, one segment by the lead."""
    project = make_project(
        documents={"PA 1": ("PA", 1, TEXT_A), "PB 1": ("PB", 2, TEXT_B)},
        codes=["Better work/Support", ("Better work/Rota", "C"), "Better health"],
        coding=[("PA 1", "Better work/Support", "Lead", *span_of(TEXT_A, "The mentor listened"))],
        name="team",
    )
    project.close()
    return project.path


def copy_of(team: Path, name: str) -> Path:
    """A coder's plain file copy of the team file."""
    target = team.with_name(f"{name}.qcode")
    shutil.copy(team, target)
    return target


def file_state(path: Path) -> tuple[str, list[str]]:
    """A file's bytes (hashed) and the files beside it that share its name."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
    siblings = sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.stem))
    return digest, siblings


Coding = tuple[str, str, str, str]  # document, code path, coder, coded text


def coding_of(project: Project) -> set[Coding]:
    """Every segment as (document, code path, coder, its text)."""
    with project.session() as session:
        return {
            (
                segment.document.name,
                join_path(code_path(session, segment.code)),
                segment.coder.name,
                segment.document.text[segment.start : segment.end],
            )
            for segment in session.scalars(select(Segment))
        }


def coding_in(path: Path) -> set[Coding]:
    with open_project(path) as project:
        return coding_of(project)


def code_paths_of(project: Project) -> set[str]:
    with project.session() as session:
        return {join_path(code_path(session, c)) for c in session.scalars(select(Code))}


def memos_of(project: Project) -> set[tuple[str, str]]:
    with project.session() as session:
        return {(memo.title, memo.text) for memo in session.scalars(select(Memo))}


def case_links_of(project: Project) -> set[tuple[str, str, str]]:
    """Every case link as (case, document, coded text)."""
    with project.session() as session:
        rows = session.execute(
            select(Case.name, Document.name, Document.text, Segment.start, Segment.end)
            .join(CaseSegment, CaseSegment.case_id == Case.id)
            .join(Segment, Segment.id == CaseSegment.segment_id)
            .join(Document, Document.id == Segment.document_id)
        )
        return {(case, doc, text[start:end]) for case, doc, text, start, end in rows}


def set_document(project: Project, document: str, **values: object) -> None:
    """Change a document's stored fields directly (there is no service to edit a transcript)."""
    if "text" in values:
        values["sha256"] = text_sha256(str(values["text"]))
    with project.transaction() as session:
        session.execute(update(Document).where(Document.name == document).values(**values))


def table_count(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
    finally:
        conn.close()
