"""Analyse ▸ Quote style…: edit the project's quote style with a live preview, keep it as one
undoable step, and see File ▸ Export print quotes in it."""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from qcode.services.documents.attributes import set_participant_attributes
from qcode.services.quotes import QuoteStyle, kept_quote_style
from qcode.ui.main_window import MainWindow
from qcode.ui.quoting.style_dialog import QuoteStyleDialog
from qcode.ui.workbench import Workbench
from tests.helpers import audit_count
from tests.ui.file_dialogs import answer_file_dialog
from tests.ui.menus import action_at, trigger


def kept(workbench: Workbench) -> QuoteStyle:
    with workbench.session() as session:
        return kept_quote_style(session)


def open_dialog(qtbot, window: MainWindow) -> QuoteStyleDialog:  # type: ignore[no-untyped-def]
    trigger(window, "Analyse", "Quote style…")
    dialog = window.quote_style_dialog
    qtbot.waitExposed(dialog)
    return dialog


def retype(qtbot, edit, text: str) -> None:  # type: ignore[no-untyped-def]
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def press(dialog: QuoteStyleDialog, which: QDialogButtonBox.StandardButton) -> None:
    dialog.buttons.button(which).click()


def test_edit_preview_keep_undo_and_export(qtbot, window, workbench, tmp_path: Path) -> None:
    set_participant_attributes(workbench.project, "PA", {"Role": "GP trainer"})
    dialog = open_dialog(qtbot, window)
    # the first coded words of PA 1: "PA: Having protected time made the difference. S"
    assert dialog.preview.text() == (
        "“Having protected time made the difference. S …” (PA 1, line 2)"
    )
    assert dialog.interviewer.text() == "Interviewer" and dialog.ellipsis.isChecked()
    assert not dialog.cite_with.isEnabled()  # only a full citation names attributes

    dialog.citation.setCurrentIndex(dialog.citation.findData("full"))
    assert dialog.cite_with.isEnabled()
    qtbot.keyClicks(dialog.cite_with, "Role")
    assert dialog.preview.text().endswith("([PA 1: GP trainer, 2])")
    qtbot.mouseClick(dialog.ellipsis, Qt.MouseButton.LeftButton)
    assert dialog.preview.text() == (
        "“Having protected time made the difference. S” ([PA 1: GP trainer, 2])"
    )
    retype(qtbot, dialog.interviewer, "Interviewer, PA")
    assert dialog.preview.text().startswith("“(only the left-out speakers' words)”")
    retype(qtbot, dialog.interviewer, "Interviewer:")

    events, steps = audit_count(workbench.project), len(workbench.history.undo_stack)
    press(dialog, QDialogButtonBox.StandardButton.Ok)
    assert not dialog.isVisible()
    wanted = QuoteStyle("full", ("Role",), ("Interviewer:",), False)
    assert kept(workbench) == wanted
    assert audit_count(workbench.project) == events + 1
    assert len(workbench.history.undo_stack) == steps + 1
    assert action_at(window, "Edit", "Undo").text() == "&Undo Set 'quotes.style'"

    output = tmp_path / "segments.csv"
    trigger(window, "File", "Export", "Coded segments…")
    answer_file_dialog(qtbot, window, output)
    qtbot.waitUntil(lambda: window.status_label.text().startswith("Exported"), timeout=30000)
    with output.open(encoding="utf-8-sig", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    cited = {row[header.index("Citation")] for row in rows}
    assert "[PA 1: GP trainer, 2]" in cited and "[PB 2, 2]" in cited

    trigger(window, "Edit", "Undo")
    assert kept(workbench) == QuoteStyle()
    dialog = open_dialog(qtbot, window)  # shows the kept style again
    assert dialog.citation.currentData() == "lines" and dialog.ellipsis.isChecked()
    press(dialog, QDialogButtonBox.StandardButton.Ok)  # nothing changed: no step
    assert len(workbench.history.undo_stack) == steps


def test_cancel_keeps_nothing(qtbot, window, workbench) -> None:
    dialog = open_dialog(qtbot, window)
    events = audit_count(workbench.project)
    dialog.citation.setCurrentIndex(dialog.citation.findData("short"))
    assert dialog.preview.text().endswith("(PA 1)")
    press(dialog, QDialogButtonBox.StandardButton.Cancel)
    assert kept(workbench) == QuoteStyle() and audit_count(workbench.project) == events
