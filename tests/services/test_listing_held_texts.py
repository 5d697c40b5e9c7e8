"""Page rows keep a document's text between reads, and read it again once it changed."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from qcode.services.coding import code_span
from qcode.services.documents.outcomes import text_sha256
from qcode.services.documents.removal import delete_document
from qcode.services.history import History
from qcode.services.listing import held_lines
from qcode.services.listing.pages import page_rows
from qcode.services.lookup import get_document
from qcode.store.project import Project
from tests.helpers import add_text, reopen

FIRST = "Ines: the rota slipped again\nMo: we asked twice for cover\nInes: nobody came\n"
SAME_SHAPE = "Ines: the bus slipped again.\nMo: we asked twice for cover\nInes: nobody came\n"
LONGER = "Ines: a new line first\n" + FIRST


@pytest.fixture(autouse=True)
def nothing_held() -> None:
    held_lines.forget()


@pytest.fixture
def coded(make_project: Callable[..., Project]) -> tuple[Project, int]:
    """One transcript, its first line coded; the segment's id."""
    project = make_project({"PI 1": ("PI", 1, FIRST)}, codes=["Work/Rota"])
    segment = code_span(project, "PI 1", "Work/Rota", "Ana", 6, 28).value
    return project, segment


def row(project: Project, segment: int) -> tuple[str, str]:
    with project.session() as session:
        found = page_rows(session, [segment])[segment]
    return found.text, found.citation


def rewrite(project: Project, text: str, fingerprint: bool) -> None:
    """Another program changes the transcript's text (its counts follow at flush)."""
    other = reopen(project)
    try:
        with other.transaction() as session:
            doc = get_document(session, "PI 1")
            doc.text = text
            if fingerprint:
                doc.sha256 = text_sha256(text)
    finally:
        other.close()


def test_a_second_read_reuses_the_text_and_a_new_segment_is_cited(coded) -> None:
    project, segment = coded
    assert row(project, segment) == ("the rota slipped again", "PI 1, line 1")
    assert len(held_lines._held) == 1
    later = code_span(project, "PI 1", "Work/Rota", "Ana", 36, 50).value
    assert row(project, later) == ("asked twice fo", "PI 1, line 2")
    assert row(project, segment) == ("the rota slipped again", "PI 1, line 1")
    assert len(held_lines._held) == 1


def test_another_writers_text_of_the_same_length_and_lines_is_read_again(coded) -> None:
    project, segment = coded
    row(project, segment)
    rewrite(project, SAME_SHAPE, fingerprint=True)
    assert row(project, segment) == ("the bus slipped again.", "PI 1, line 1")


def test_a_text_changed_without_its_fingerprint_is_read_again_by_its_counts(coded) -> None:
    project, segment = coded
    row(project, segment)
    rewrite(project, LONGER, fingerprint=False)
    assert row(project, segment) == ("a new line first\nInes:", "PI 1, lines 1–2")


def test_an_undo_bringing_back_a_removed_text_is_read_as_it_was(coded) -> None:
    project, segment = coded
    history = History(project)
    row(project, segment)
    history.push(delete_document(project, "PI 1"))
    add_text(project, "PI 1", LONGER, "PI", 1)  # (may take the freed id)
    other = code_span(project, "PI 1", "Work/Rota", "Ana", 6, 28).value
    assert row(project, other) == ("a new line first\nInes:", "PI 1, lines 1–2")
    history.push(delete_document(project, "PI 1"))
    history.undo()
    assert row(project, other) == ("a new line first\nInes:", "PI 1, lines 1–2")
    delete_document(project, "PI 1")  # (not kept: the first removal can then be undone)
    history.undo()  # the first text back, under its id
    assert row(project, segment) == ("the rota slipped again", "PI 1, line 1")


def test_only_so_much_text_is_held(make_project: Callable[..., Project], monkeypatch) -> None:
    monkeypatch.setattr(held_lines, "HELD_CHARS", len(FIRST) + 5)
    documents = {f"PI {n}": ("PI", n, FIRST.replace("rota", f"rot{n}")) for n in (1, 2, 3)}
    project = make_project(documents, codes=["Work/Rota"])
    ids = [code_span(project, name, "Work/Rota", "Ana", 6, 28).value for name in documents]
    with project.session() as session:
        rows = page_rows(session, ids)
    assert [rows[i].citation for i in ids] == ["PI 1, line 1", "PI 2, line 1", "PI 3, line 1"]
    assert len(held_lines._held) == 1 and held_lines._held_chars[0] == len(FIRST)
