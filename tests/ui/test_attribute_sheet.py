"""Documents ▸ Attributes…: edit the participants × attributes sheet in place, import a sheet."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QDialogButtonBox, QFileDialog, QLineEdit

from qcode.services.documents.attributes import participant_rows, set_participant_attributes
from qcode.ui.attribute_sheet import AttributeSheetDialog
from qcode.ui.main_window import MainWindow
from qcode.ui.workbench import Workbench
from tests.helpers import audit_count, dump
from tests.ui.menus import action_at, trigger


@pytest.fixture
def window(qtbot, workbench: Workbench) -> MainWindow:  # type: ignore[no-untyped-def]
    main = MainWindow(workbench, remember_layout=False)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


def open_sheet(qtbot, window: MainWindow) -> AttributeSheetDialog:  # type: ignore[no-untyped-def]
    trigger(window, "Documents", "Attributes…")
    sheet = window.attribute_sheet
    qtbot.waitExposed(sheet)
    return sheet


def stored(window: MainWindow) -> dict[str, dict[str, object]]:
    with window.workbench.session() as session:
        return {row.label: row.attributes for row in participant_rows(session)}


def cell(sheet: AttributeSheetDialog, label: str, name: str) -> QModelIndex:
    index = sheet.model.index(sheet.model.row_of(label), sheet.model.column_of(name))
    assert index.isValid(), f"no cell for {label} × {name}"
    return index


def shown(sheet: AttributeSheetDialog, label: str, name: str) -> str:
    return str(sheet.model.data(cell(sheet, label, name)))


def add_attribute(qtbot, sheet: AttributeSheetDialog, name: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(sheet.add_button, Qt.MouseButton.LeftButton)
    dialog = sheet.name_dialog
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.name, name)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def click(qtbot, sheet: AttributeSheetDialog, index: QModelIndex) -> None:  # type: ignore[no-untyped-def]
    sheet.table.scrollTo(index)
    centre = sheet.table.visualRect(index).center()
    qtbot.mouseClick(sheet.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert sheet.table.currentIndex() == index


def type_into(qtbot, sheet: AttributeSheetDialog, label: str, name: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """Click a cell, open its editor, replace what it holds with ``text`` and press Enter."""
    table, index = sheet.table, cell(sheet, label, name)
    click(qtbot, sheet, index)
    table.edit(index)
    editor = table.indexWidget(index)
    assert isinstance(editor, QLineEdit) and editor.isVisible()
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    finish_editing(qtbot, sheet)


def finish_editing(qtbot, sheet: AttributeSheetDialog) -> None:  # type: ignore[no-untyped-def]
    """Enter commits an item editor a moment later (Qt queues it): wait for that."""
    qtbot.waitUntil(lambda: sheet.table.state() != QAbstractItemView.State.EditingState)


def choose_file(qtbot, sheet: AttributeSheetDialog, path: Path) -> None:  # type: ignore[no-untyped-def]
    """Import sheet… and answer the file dialog, which opens on the project's folder, by
    typing the file's name and pressing Enter."""
    qtbot.mouseClick(sheet.import_button, Qt.MouseButton.LeftButton)
    dialog = sheet.file_dialog
    assert isinstance(dialog, QFileDialog)
    qtbot.waitExposed(dialog)
    assert Path(dialog.directory().absolutePath()) == path.parent
    name_box = dialog.findChild(QLineEdit, "fileNameEdit")
    qtbot.keyClicks(name_box, path.name)
    qtbot.keyClick(name_box, Qt.Key.Key_Return)
    assert not dialog.isVisible()


def test_edit_a_cell_then_undo_it_from_the_edit_menu(qtbot, window, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    sheet = open_sheet(qtbot, window)
    qtmodeltester.check(sheet.model)
    assert [sheet.model.headerData(r, Qt.Orientation.Vertical) for r in (0, 1)] == ["PA", "PB"]
    assert [sheet.model.data(sheet.model.index(1, c)) for c in (0, 1)] == ["PB 2", "2"]
    add_attribute(qtbot, sheet, "role")
    assert shown(sheet, "PA", "role") == "" and stored(window) == {"PA": {}, "PB": {}}
    events = audit_count(window.workbench.project)
    type_into(qtbot, sheet, "PA", "role", "GP")
    assert stored(window) == {"PA": {"role": "GP"}, "PB": {}}
    assert shown(sheet, "PA", "role") == "GP"
    assert audit_count(window.workbench.project) == events + 1
    assert action_at(window, "Edit", "Undo").text() == "&Undo Set attributes of 'PA'"
    trigger(window, "Edit", "Undo")
    assert stored(window) == {"PA": {}, "PB": {}}
    assert shown(sheet, "PA", "role") == ""  # the column stays, empty, as NVivo's does
    qtmodeltester.check(sheet.model)


def test_numbers_dates_and_clearing_a_cell(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    set_participant_attributes(window.workbench.project, "PB", {"mentor": True, "role": "Nurse"})
    window.workbench.reload()
    sheet = open_sheet(qtbot, window)
    assert shown(sheet, "PB", "mentor") == "true"
    add_attribute(qtbot, sheet, "years in post")
    type_into(qtbot, sheet, "PA", "years in post", "12")
    type_into(qtbot, sheet, "PA", "mentor", "no")  # a yes/no column takes yes and no
    add_attribute(qtbot, sheet, "joined")
    type_into(qtbot, sheet, "PA", "joined", "2023-05-01")
    assert stored(window)["PA"] == {"years in post": 12, "mentor": False, "joined": "2023-05-01"}
    type_into(qtbot, sheet, "PB", "role", "")
    assert stored(window)["PB"] == {"mentor": True}
    assert shown(sheet, "PB", "role") == ""
    trigger(window, "Edit", "Undo")
    assert stored(window)["PB"] == {"mentor": True, "role": "Nurse"}
    assert shown(sheet, "PB", "role") == "Nurse"


def test_typing_over_a_selected_cell_edits_it(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    set_participant_attributes(window.workbench.project, "PA", {"site": "Leeds"})
    sheet = open_sheet(qtbot, window)
    index = cell(sheet, "PA", "site")
    click(qtbot, sheet, index)
    qtbot.keyClick(sheet.table, "Y")  # as in a spreadsheet: typing replaces the value
    editor = sheet.table.indexWidget(index)
    assert isinstance(editor, QLineEdit) and editor.text() == "Y"
    qtbot.keyClicks(editor, "ork")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    finish_editing(qtbot, sheet)
    assert stored(window)["PA"] == {"site": "York"}


def test_adding_an_attribute_twice_or_without_a_name_is_refused(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    set_participant_attributes(window.workbench.project, "PA", {"Role": "GP"})
    sheet = open_sheet(qtbot, window)
    columns = sheet.model.columnCount()
    add_attribute(qtbot, sheet, "role")
    assert window.workbench.errors[-1] == "there is already an attribute 'role'"
    add_attribute(qtbot, sheet, "   ")
    assert window.workbench.errors[-1] == "an attribute needs a name"
    assert sheet.status.text() == "an attribute needs a name"
    assert sheet.model.columnCount() == columns


def test_the_open_sheet_follows_the_project_and_a_closed_one_catches_up(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    sheet = open_sheet(qtbot, window)
    project = window.workbench.project
    window.workbench.run(lambda: set_participant_attributes(project, "PB", {"site": "York"}))
    assert shown(sheet, "PB", "site") == "York"
    sheet.buttons.button(QDialogButtonBox.StandardButton.Close).click()
    assert not sheet.isVisible()
    window.workbench.run(lambda: set_participant_attributes(project, "PB", {"site": "Hull"}))
    assert sheet.stale and shown(sheet, "PB", "site") == "York"
    assert open_sheet(qtbot, window) is sheet
    assert shown(sheet, "PB", "site") == "Hull" and not sheet.stale


def test_import_a_csv_sheet_as_one_undoable_step(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "people.csv"
    path.write_text("Participant,role,years\nPA,GP,3\nPB,Nurse,\n", encoding="utf-8")
    sheet = open_sheet(qtbot, window)
    choose_file(qtbot, sheet, path)
    assert stored(window) == {"PA": {"role": "GP", "years": 3}, "PB": {"role": "Nurse"}}
    summary = "Imported people.csv: 2 participants, 2 attributes, 3 values set"
    assert sheet.status.text() == summary
    assert window.status_label.text() == summary
    assert (shown(sheet, "PA", "years"), shown(sheet, "PB", "role")) == ("3", "Nurse")
    trigger(window, "Edit", "Undo")
    assert stored(window) == {"PA": {}, "PB": {}}
    assert sheet.model.names == []


def test_import_an_xlsx_sheet_adding_new_participants(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "classes.xlsx"
    book = openpyxl.Workbook()
    for row in (
        ["Person", "mentor", "joined"],
        ["PA", True, dt.datetime(2023, 5, 1)],
        ["PC", False, None],
    ):
        book.active.append(row)
    book.save(path)
    sheet = open_sheet(qtbot, window)
    qtbot.mouseClick(sheet.create_box, Qt.MouseButton.LeftButton)
    assert sheet.create_box.isChecked()
    choose_file(qtbot, sheet, path)
    assert stored(window) == {
        "PA": {"mentor": True, "joined": "2023-05-01"},
        "PB": {},
        "PC": {"mentor": False},
    }
    assert sheet.status.text() == (
        "Imported classes.xlsx: 2 participants (1 new: PC), 2 attributes, 3 values set"
    )
    assert sheet.model.rowCount() == 3 and shown(sheet, "PC", "mentor") == "false"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "unknown.csv",
            b"Participant,role\nPA,GP\nPZ,Nurse\n",
            "unknown.csv: not participants of this project: 'PZ' (row 3); "
            "the first column must hold participants' labels",
        ),
        (
            "no_ids.csv",
            b"role,site\nGP,Leeds\n",
            "no_ids.csv: not participants of this project: 'GP' (row 2); "
            "the first column must hold participants' labels",
        ),
        (
            "broken.xlsx",
            b"PK\x03\x04 not really a workbook",
            "broken.xlsx: cannot be read as an Excel workbook; open it in Excel and save it again",
        ),
    ],
)
def test_a_bad_sheet_is_refused_in_one_line_and_changes_nothing(  # type: ignore[no-untyped-def]
    qtbot, window, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    before, events = dump(window.workbench.project), audit_count(window.workbench.project)
    sheet = open_sheet(qtbot, window)
    choose_file(qtbot, sheet, path)
    assert window.workbench.errors == [message]
    assert sheet.status.text() == message
    assert dump(window.workbench.project) == before
    assert audit_count(window.workbench.project) == events
    assert not window.workbench.history.can_undo
    assert sheet.model.names == []
