"""File ▸ Export ▸ Themes table / CMO table: number, title and headings typed in the dialog,
kept in the project as one undoable step, and printed in the written table."""

from __future__ import annotations

import docx
import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QDialogButtonBox

from qcode.services.auditlog import count_events
from qcode.services.settings import read_setting
from qcode.ui.main_window import MainWindow
from tests.ui.menus import action_at, trigger
from tests.ui.test_export_menu import press_ok, save_as

SPECIALIST = "Better specialist support through mentoring"  # the demo's first theme


@pytest.fixture
def window(demo_window: MainWindow) -> MainWindow:
    return demo_window


def caption_dialog(qtbot, window: MainWindow, label: str):  # type: ignore[no-untyped-def]
    trigger(window, "File", "Export", f"{label}…")
    dialog = window.export_choice_dialog
    qtbot.waitExposed(dialog)
    return dialog


def kept(window: MainWindow, kind: str) -> object:
    with window.workbench.session() as session:
        return read_setting(session, f"tables.{kind}")


def test_themes_caption_typed_in_the_dialog_reaches_word_and_is_kept(
    qtbot, window, tmp_path
) -> None:
    dialog = caption_dialog(qtbot, window, "Themes table")
    assert (dialog.number.text(), dialog.title.text()) == ("1", "Themes and categories")
    assert [field.text() for field in dialog.headings] == [
        "Outcome theme",
        "Categories (C = context, M = mechanism)",
    ]
    dialog.number.setText("9")
    dialog.title.setText("Interview themes and categories")
    dialog.headings[0].setText("Themes (outcome)")
    press_ok(dialog)
    output = tmp_path / "themes.docx"
    assert save_as(qtbot, window, output) == f"Exported 5 outcome themes to {output}"
    document = docx.Document(str(output))
    assert document.paragraphs[0].text == "Table 9. Interview themes and categories"
    grid = document.tables[0]
    assert grid.rows[0].cells[0].text == "Themes (outcome)"
    first = [row.cells[0] for row in grid.rows[1:7]]  # the first theme's six rows
    assert first[0].text == f"Theme 1\n{SPECIALIST}"
    assert len({cell._tc for cell in first}) == 1  # one merged cell spans them
    assert grid.rows[7].cells[0]._tc is not first[0]._tc
    assert grid.rows[2].cells[1].text == "\u2022\tSeen as remedial\u00a0(C)"  # a sub-category
    indents = [grid.rows[n].cells[1].paragraphs[0].paragraph_format.left_indent for n in (1, 2)]
    assert indents[0] < indents[1]
    assert kept(window, "themes") == {
        "number": "9",
        "title": "Interview themes and categories",
        "headings": ["Themes (outcome)", "Categories (C = context, M = mechanism)"],
    }
    dialog = caption_dialog(qtbot, window, "Themes table")  # the next export starts from it
    assert (dialog.number.text(), dialog.headings[0].text()) == ("9", "Themes (outcome)")
    dialog.reject()


def test_the_kept_caption_is_one_undoable_step(qtbot, window) -> None:
    with window.workbench.session() as session:
        events = count_events(session)
    dialog = caption_dialog(qtbot, window, "CMO table")
    dialog.number.setText("5")
    press_ok(dialog)
    window.file_dialog.reject()  # the caption is kept once OK is pressed, even if not exported
    assert kept(window, "cmo")["number"] == "5"  # type: ignore[index]
    with window.workbench.session() as session:
        assert count_events(session) == events + 1
    assert action_at(window, "Edit", "Undo").isEnabled()
    trigger(window, "Edit", "Undo")
    assert kept(window, "cmo") is None
    assert caption_dialog(qtbot, window, "CMO table").number.text() == "1"


def test_cmo_headings_and_quotes_reach_excel_with_the_theme_merged(qtbot, window, tmp_path) -> None:
    dialog = caption_dialog(qtbot, window, "CMO table")
    assert not dialog.headings[3].isEnabled()  # the quotes column's, until quotes are asked
    dialog.quotes.setChecked(True)
    assert dialog.headings[3].isEnabled()
    dialog.headings[2].setText("C, M, O configuration statements")
    dialog.headings[3].setText("Quotes")
    press_ok(dialog)
    output = tmp_path / "cmo.xlsx"
    assert save_as(qtbot, window, output) == f"Exported 7 configuration statements to {output}"
    sheet = load_workbook(output).active
    assert sheet["A1"].value == "Table 1. Themes, categories and configurations"
    assert [cell.value for cell in sheet[2]] == [
        "Outcome theme",
        "Categories (C = context, M = mechanism)",
        "C, M, O configuration statements",
        "Quotes",
    ]
    merged = sorted(str(r) for r in sheet.merged_cells.ranges)
    assert "A1:D1" in merged and "A3:A4" in merged  # the first theme's two statements
    assert sheet["A3"].value == SPECIALIST and sheet["A4"].value is None
    assert sheet["D3"].value.startswith("\u2022 \u201c")  # quoted evidence


def test_a_bad_heading_is_said_in_the_dialog_and_nothing_is_kept(qtbot, window) -> None:
    dialog = caption_dialog(qtbot, window, "Themes table")
    dialog.headings[1].setText("   ")
    dialog.number.setText("9")
    press_ok(dialog)
    assert dialog.isVisible() and dialog.error.text() == "heading 2 cannot be empty"
    assert kept(window, "themes") is None
    defaults = dialog.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
    defaults.click()
    assert [dialog.number.text(), dialog.headings[1].text()] == [
        "1",
        "Categories (C = context, M = mechanism)",
    ]
    dialog.reject()
    assert kept(window, "themes") is None
