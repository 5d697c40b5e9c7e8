"""Documents menu on the open document: rename, participant and wave, delete; each undoable."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from qcode.services.documents.view import document_entries
from qcode.ui.main_window import MainWindow
from qcode.ui.workbench import Workbench
from tests.ui.menus import trigger


@pytest.fixture
def window(qtbot, workbench: Workbench) -> MainWindow:  # type: ignore[no-untyped-def]
    main = MainWindow(workbench, remember_layout=False)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    main.transcript.open_document(main.documents.first_document())
    return main


def answer(qtbot, window: MainWindow):  # type: ignore[no-untyped-def]
    dialog = window.document_dialog
    qtbot.waitExposed(dialog)
    return dialog


def ok(dialog) -> None:  # type: ignore[no-untyped-def]
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def entries(window: MainWindow) -> dict[str, tuple[str | None, int | None]]:
    with window.workbench.session() as session:
        return {e.name: (e.participant, e.wave) for e in document_entries(session)}


def test_rename_then_undo(qtbot, window) -> None:
    trigger(window, "Documents", "Rename…")
    dialog = answer(qtbot, window)
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, "PA 1 (first visit)")
    ok(dialog)
    assert "PA 1 (first visit)" in entries(window)
    assert window.transcript.title.text().startswith("PA 1 (first visit)")
    trigger(window, "Edit", "Undo")
    assert "PA 1" in entries(window)


def test_participant_and_wave(qtbot, window) -> None:
    trigger(window, "Documents", "Participant and wave…")
    dialog = answer(qtbot, window)
    dialog.participant.clear()
    qtbot.keyClicks(dialog.participant, "PZ")
    dialog.wave.setValue(3)
    ok(dialog)
    assert entries(window)["PA 1"] == ("PZ", 3)


def test_delete_says_what_goes_and_undo_brings_it_back(qtbot, window) -> None:
    trigger(window, "Documents", "Delete…")
    dialog = answer(qtbot, window)
    assert "3 segments by Ana (2) and Ben (1)" in dialog.message.text()
    ok(dialog)
    assert "PA 1" not in entries(window)
    assert window.transcript.document_id() is None
    assert window.workbench.errors == []
    trigger(window, "Edit", "Undo")
    assert "PA 1" in entries(window)


def test_with_no_document_open_it_says_so(qtbot, window) -> None:
    window.transcript.close_document()
    trigger(window, "Documents", "Rename…")
    assert window.workbench.errors[-1] == "open a document first (click it in Documents)"
