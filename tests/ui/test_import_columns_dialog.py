"""File ▸ Import documents… with a questionnaire: the column classes dialog comes first."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QFileDialog

from qcode.store.models import Document, Participant
from qcode.ui.importing.columns_dialog import SurveyColumnsDialog
from qcode.ui.main_window import MainWindow
from tests.helpers import audit_count, dump
from tests.ui.menus import trigger

EXPORT = (
    "id,Role,Sessions a month,Support (1-5),What would help?\n"
    "1,GP trainer,2,4,A named deputy.\n"
    "2,Nurse,1,3,Cover for the rota.\n"
    "3,GP trainer,3,5,\n"
)


def open_dialog(qtbot, window: MainWindow, monkeypatch, path: Path) -> SurveyColumnsDialog:  # type: ignore[no-untyped-def]
    path.write_text(EXPORT, encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *_a, **_k: ([str(path)], ""))
    trigger(window, "File", "Import documents…")
    qtbot.waitUntil(lambda: getattr(window, "columns_dialog", None) is not None)
    dialog = window.columns_dialog
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def shown(dialog: SurveyColumnsDialog) -> list[tuple[str, str, str]]:
    """Each row: column, the class its drop-down shows, the detected class."""
    table = dialog.table
    return [
        (table.item(r, 0).text(), table.cellWidget(r, 1).currentText(), table.item(r, 2).text())
        for r in range(table.rowCount())
    ]


def test_the_dialog_shows_classes_and_imports_with_the_chosen_ones(
    qtbot, window: MainWindow, monkeypatch, tmp_path: Path
) -> None:
    dialog = open_dialog(qtbot, window, monkeypatch, tmp_path / "survey.csv")
    assert shown(dialog) == [
        ("Role", "Categorical", "Categorical"),
        ("Sessions a month", "Likert", "Likert"),
        ("Support (1-5)", "Likert", "Likert"),
        ("What would help?", "Open text", "Open text"),
    ]
    box = dialog.findChild(QComboBox, "class:Role")
    box.setCurrentIndex(box.findText("Open text"))  # as picking it in the drop-down does
    sessions = dialog.findChild(QComboBox, "class:Sessions a month")
    sessions.setCurrentIndex(sessions.findText("Numeric"))
    assert dialog.chosen() == {"Role": "open", "Sessions a month": "numeric"}
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: not window.jobs.busy and bool(window.last_outcomes), timeout=20000)
    assert [o.status for o in window.last_outcomes] == ["imported"]
    with window.workbench.session() as session:
        texts = {d.name: d.text for d in session.query(Document)}
        people = {
            p.label: {a.name: a.value for a in p.attributes} for p in session.query(Participant)
        }
    assert texts["Q2"] == "Role\nNurse\n\nWhat would help?\nCover for the rota."
    assert people["Q2"] == {"Sessions a month": "1", "Support (1-5)": "3"}


def test_cancel_imports_nothing(qtbot, window: MainWindow, monkeypatch, tmp_path: Path) -> None:
    project = window.workbench.project
    before, events = dump(project), audit_count(project)
    dialog = open_dialog(qtbot, window, monkeypatch, tmp_path / "survey.csv")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert not window.jobs.busy and not window.last_outcomes
    assert (dump(project), audit_count(project)) == (before, events)
