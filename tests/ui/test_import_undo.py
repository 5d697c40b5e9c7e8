"""Import by File ▸ Import documents… (or a drop), then Edit ▸ Undo and Redo: all or nothing."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from PySide6.QtCore import QMimeData, QModelIndex, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog
from sqlalchemy import select

from qcode.store.models import AuditEvent, Document, Participant
from qcode.ui.main_window import MainWindow
from qcode.ui.workbench import Workbench
from tests.conftest import PdfFactory
from tests.helpers import audit_count, dump
from tests.ui.menus import action_at, trigger


@pytest.fixture
def window(qtbot, workbench: Workbench) -> MainWindow:  # type: ignore[no-untyped-def]
    main = MainWindow(workbench, remember_layout=False)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


def write_docx(path: Path, *paragraphs: str) -> Path:
    word = docx.Document()
    for paragraph in paragraphs:
        word.add_paragraph(paragraph)
    word.save(path)
    return path


def choose_files(monkeypatch: pytest.MonkeyPatch, *paths: Path) -> None:
    """Answer the Import documents dialog with these files."""
    names = [str(path) for path in paths]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *_a, **_k: (names, ""))


def listed(window: MainWindow) -> dict[str, list[str]]:
    """What the documents panel shows: each group's title and the documents under it."""
    model = window.documents.tree.model()
    shown: dict[str, list[str]] = {}
    for row in range(model.rowCount(QModelIndex())):
        group = model.index(row, 0, QModelIndex())
        children = [model.index(r, 0, group).data() for r in range(model.rowCount(group))]
        shown[group.data()] = children
    return shown


def stored(window: MainWindow) -> tuple[list[str], list[str]]:
    with window.workbench.session() as session:
        documents = sorted(session.scalars(session.query(Document.name).statement))
        people = sorted(session.scalars(session.query(Participant.label).statement))
    return documents, people


def wait_for_import(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not window.jobs.busy and bool(window.last_outcomes), timeout=20000)


def test_import_by_menu_is_undone_and_redone_as_one_step(
    qtbot, window, monkeypatch, tmp_path: Path, pdf_factory: PdfFactory
) -> None:
    word = write_docx(tmp_path / "PC 3.docx", "Interviewer: And now?", "PC: I stay in the job.")
    pdf = pdf_factory("PD 1.pdf", [["Interviewer: How was it?", "PD: Mentoring helped."]])
    project = window.workbench.project
    before, events = dump(project), audit_count(project)
    shown_before = listed(window)
    choose_files(monkeypatch, word, pdf)
    trigger(window, "File", "Import documents…")
    wait_for_import(qtbot, window)
    assert [o.status for o in window.last_outcomes] == ["imported", "imported"]
    assert listed(window) == {**shown_before, "PC": ["PC 3"], "PD": ["PD 1"]}
    assert audit_count(project) == events + 2  # one event per file, by the coder at the window
    with project.session() as session:
        latest = session.scalars(select(AuditEvent.actor).order_by(AuditEvent.id.desc())).all()
    assert latest[:2] == ["Ana", "Ana"]
    after = dump(project)
    assert action_at(window, "Edit", "Undo").text() == "&Undo Import 2 files"

    trigger(window, "Edit", "Undo")
    assert listed(window) == shown_before
    assert stored(window) == (["PA 1", "PB 2"], ["PA", "PB"])  # PC and PD went with them
    assert dump(project) == before
    assert action_at(window, "Edit", "Redo").text() == "&Redo Import 2 files"

    trigger(window, "Edit", "Redo")
    assert listed(window) == {**shown_before, "PC": ["PC 3"], "PD": ["PD 1"]}
    assert dump(project) == after  # the same ids and guids as the import gave them
    assert audit_count(project) == events + 4


def test_one_file_is_undone_by_its_name(qtbot, window, monkeypatch, tmp_path: Path) -> None:
    word = write_docx(tmp_path / "interview_03.docx", "PE: The sessions kept me going.")
    choose_files(monkeypatch, word)
    trigger(window, "File", "Import documents…")
    wait_for_import(qtbot, window)
    assert "interview_03" in stored(window)[0]
    tree, model = window.documents.tree, window.documents.tree.model()
    group = next(
        model.index(i, 0)
        for i in range(model.rowCount())
        if model.index(i, 0).data() == "No participant"
    )
    entry = model.index(0, 0, group)
    tree.scrollTo(entry)
    qtbot.mouseClick(
        tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualRect(entry).center()
    )
    assert "kept me going" in window.transcript.view.toPlainText()
    undo = action_at(window, "Edit", "Undo")
    assert undo.text() == "&Undo Import interview_03.docx"
    trigger(window, "Edit", "Undo")
    assert "interview_03" not in stored(window)[0]
    assert "Undid Import interview_03.docx" in window.status_label.text()
    assert "kept me going" not in window.transcript.view.toPlainText()
    assert window.workbench.errors == []


def test_a_refused_file_leaves_no_undo_step(qtbot, window, monkeypatch, tmp_path: Path) -> None:
    (tmp_path / "PF 1.docx").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    undo_text = action_at(window, "Edit", "Undo").text()
    before = dump(window.workbench.project)
    choose_files(monkeypatch, tmp_path / "PF 1.docx")
    trigger(window, "File", "Import documents…")
    wait_for_import(qtbot, window)
    assert [o.status for o in window.last_outcomes] == ["failed"]
    assert action_at(window, "Edit", "Undo").text() == undo_text
    assert dump(window.workbench.project) == before


def test_files_dropped_on_the_window_are_undone_too(qtbot, window, tmp_path: Path) -> None:
    (tmp_path / "PG 2.txt").write_text("PG: We met after clinic.\n", encoding="utf-8")
    before = dump(window.workbench.project)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "PG 2.txt"))])
    drop = QDropEvent(
        QPoint(200, 200),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(drop)
    wait_for_import(qtbot, window)
    assert listed(window)["PG"] == ["PG 2"]
    trigger(window, "Edit", "Undo")
    assert "PG" not in listed(window)
    assert dump(window.workbench.project) == before
