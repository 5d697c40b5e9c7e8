"""Documents ▸ Document attributes…: a document's typed variables, set, shown on hover, undone."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialogButtonBox

from qcode.services.documents.attributes import document_attributes, set_document_attributes
from qcode.ui.main_window import MainWindow
from qcode.ui.workbench import Workbench
from tests.helpers import dump
from tests.ui.menus import trigger


@pytest.fixture
def window(qtbot, workbench: Workbench) -> MainWindow:  # type: ignore[no-untyped-def]
    set_document_attributes(workbench.project, "PA 1", {"Site": "North"})
    main = MainWindow(workbench, remember_layout=False)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    main.transcript.open_document(main.documents.first_document())
    return main


def open_dialog(qtbot, window: MainWindow):  # type: ignore[no-untyped-def]
    trigger(window, "Documents", "Document attributes…")
    dialog = window.document_dialog
    qtbot.waitExposed(dialog)
    return dialog


def ok(dialog) -> None:  # type: ignore[no-untyped-def]
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def fill_new_row(qtbot, dialog, name: str, value_type: str, value: str) -> None:  # type: ignore[no-untyped-def]
    dialog.add_button.click()
    row = dialog.table.rowCount() - 1
    dialog.table.item(row, 0).setText(name)
    kind = dialog.table.cellWidget(row, 1)
    assert isinstance(kind, QComboBox)
    kind.setCurrentText(value_type)
    dialog.table.item(row, 2).setText(value)


def attributes(window: MainWindow) -> dict[str, object]:
    with window.workbench.session() as session:
        return document_attributes(session, "PA 1")


def test_attributes_are_listed_set_shown_on_hover_and_undone(qtbot, window) -> None:
    before = dump(window.workbench.project)
    dialog = open_dialog(qtbot, window)
    assert dialog.rows() == [("Site", "text", "North")]
    dialog.table.item(0, 2).setText("South")
    fill_new_row(qtbot, dialog, "Interviewed", "date", "2026-03-04")
    fill_new_row(qtbot, dialog, "Minutes", "integer", "48")
    ok(dialog)
    assert window.workbench.errors == []
    assert attributes(window) == {"Interviewed": "2026-03-04", "Minutes": 48, "Site": "South"}
    model = window.documents.model
    first = model.index(0, 0, model.index(0, 0))
    tooltip = model.data(first, Qt.ItemDataRole.ToolTipRole)
    assert tooltip.endswith(
        "Document attributes:\nInterviewed: 2026-03-04\nMinutes: 48\nSite: South"
    )
    trigger(window, "Edit", "Undo")
    assert dump(window.workbench.project) == before
    first = model.index(0, 0, model.index(0, 0))
    assert model.data(first, Qt.ItemDataRole.ToolTipRole).endswith(
        "Document attributes:\nSite: North"
    )


def test_an_empty_value_or_a_removed_row_removes_the_attribute(qtbot, window) -> None:
    dialog = open_dialog(qtbot, window)
    dialog.table.setCurrentCell(0, 0)
    dialog.remove_button.click()
    ok(dialog)
    assert attributes(window) == {}
    dialog = open_dialog(qtbot, window)
    fill_new_row(qtbot, dialog, "Consent", "boolean", "yes")
    ok(dialog)
    assert attributes(window) == {"Consent": True}
    dialog = open_dialog(qtbot, window)
    dialog.table.item(0, 2).setText("")
    ok(dialog)
    assert attributes(window) == {}


def test_a_value_not_of_its_type_is_refused_in_one_line(qtbot, window) -> None:
    before = dump(window.workbench.project)
    dialog = open_dialog(qtbot, window)
    fill_new_row(qtbot, dialog, "Interviewed", "date", "4 March")
    ok(dialog)
    assert window.workbench.errors[-1] == "'4 March' is not a date (e.g. 2026-03-31)"
    assert dump(window.workbench.project) == before
    assert attributes(window) == {"Site": "North"}


def test_without_an_open_document_it_says_so(qtbot, window) -> None:
    window.transcript.close_document()
    trigger(window, "Documents", "Document attributes…")
    assert window.workbench.errors[-1] == "open a document first (click it in Documents)"
