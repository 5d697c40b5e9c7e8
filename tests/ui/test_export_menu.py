"""File ▸ Export: each kind by the menu, its choices, the save dialog; the files read back."""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import func, select

from qcode.services.auditlog import count_events
from qcode.services.realist.vignettes import add_vignette, pick_segments
from qcode.services.workshop.disagreements import decide, list_disagreements
from qcode.store.models import Segment
from qcode.ui.main_window import MainWindow
from tests.services.refi.test_refi_support import qde_of, schema_errors
from tests.ui.file_dialogs import answer_file_dialog, cancel_file_dialog, kept_dialog
from tests.ui.menus import trigger

TABLES = [".docx", ".xlsx", ".csv", ".md", ".html"]  # as `qcode export` writes them
FORMATS = {
    "CMO table": TABLES,
    "Themes table": TABLES,
    "Codebook": TABLES,
    "Coded segments": TABLES,
    "Agreement report": [".xlsx", ".csv", ".docx"],
    "Decision log": [".docx", ".csv"],
    "Vignette": [".docx", ".md"],
    "Audit log": [".csv"],
    "Questionnaire statistics": [".xlsx", ".csv", ".docx", ".md", ".html"],
    "REFI-QDA project (.qdpx)": [".qdpx"],
    "REFI-QDA codebook (.qdc)": [".qdc"],
}


@pytest.fixture
def window(demo_window: MainWindow) -> MainWindow:
    return demo_window


def export_by_menu(qtbot, window: MainWindow, label: str, output: Path) -> str:  # type: ignore[no-untyped-def]
    """Choose File ▸ Export ▸ label…, save as ``output``; the status line once it is done."""
    trigger(window, "File", "Export", f"{label}…")
    return save_as(qtbot, window, output)


def save_as(qtbot, window: MainWindow, output: Path) -> str:  # type: ignore[no-untyped-def]
    errors = len(window.workbench.errors)
    answer_file_dialog(qtbot, window, output)
    done = window.status_label

    def finished() -> bool:
        said = done.text()
        return not window.jobs.busy and (
            said.startswith("Exported") or len(window.workbench.errors) > errors
        )

    qtbot.waitUntil(finished, timeout=30000)
    return done.text()


def csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def segment_total(window: MainWindow) -> int:
    with window.workbench.session() as session:
        return int(session.scalar(select(func.count(Segment.id))) or 0)


def press_ok(dialog) -> None:  # type: ignore[no-untyped-def]
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()


def add_vignettes(window: MainWindow) -> None:
    project = window.workbench.project
    with window.workbench.session() as session:
        first = session.scalars(select(Segment.id).order_by(Segment.id)).first()
    add_vignette(project, "Finding time", actor="Ana")
    add_vignette(project, "Being heard", actor="Ana")
    pick_segments(project, "Being heard", "context", [first], actor="Ana")


@pytest.mark.parametrize("label", list(FORMATS))
def test_every_kind_offers_every_format_the_cli_writes(qtbot, window, label, tmp_path) -> None:
    if label == "Vignette":
        add_vignettes(window)
    trigger(window, "File", "Export", f"{label}…")
    choices = getattr(window, "export_choice_dialog", None)
    if choices is not None:  # agreement, vignette and statistics ask first; the defaults do
        qtbot.waitExposed(choices)
        press_ok(choices)
    dialog = kept_dialog(qtbot, window)
    offered = [re.findall(r"\*(\.\w+)", name) for name in dialog.nameFilters()]
    assert offered == [[suffix] for suffix in FORMATS[label]]  # one file type per format
    assert Path(dialog.selectedFiles()[0]).parent == tmp_path  # beside the project
    cancel_file_dialog(qtbot, window)
    assert not window.jobs.busy and window.workbench.errors == []
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("demo.qcode")] == []


def test_coded_segments_to_csv_one_row_per_segment(qtbot, window, tmp_path) -> None:
    output = tmp_path / "segments.csv"
    line = export_by_menu(qtbot, window, "Coded segments", output)
    rows = csv_rows(output)
    assert rows[0] == ["Code", "Quote", "Citation", "Coder"]
    assert len(rows) - 1 == segment_total(window) == 220
    assert {row[3] for row in rows[1:]} == {"Ana", "Ben"}
    assert line == f"Exported 220 segments to {output}"
    trigger(window, "File", "Export", "Coded segments…")  # the format used last comes first
    assert kept_dialog(qtbot, window).nameFilters()[0].startswith("CSV")
    cancel_file_dialog(qtbot, window)


def test_codebook_to_word_and_a_name_without_its_suffix(qtbot, window, tmp_path) -> None:
    import docx

    line = export_by_menu(qtbot, window, "Codebook", tmp_path / "codebook v2")
    output = tmp_path / "codebook v2.docx"  # Word, the format offered first, is added
    assert line == f"Exported 29 codes to {output}"
    cells = {cell.text for table in docx.Document(str(output)).tables for cell in table._cells}
    assert any("Protected time" in text for text in cells)


def test_cmo_and_themes_tables_as_markdown_and_excel(qtbot, window, tmp_path) -> None:
    from openpyxl import load_workbook

    for label in ("CMO table", "Themes table"):  # each asks its caption first; OK keeps it
        trigger(window, "File", "Export", f"{label}…")
        qtbot.waitExposed(window.export_choice_dialog)
        press_ok(window.export_choice_dialog)
        line = save_as(qtbot, window, tmp_path / ("cmo.md" if label == "CMO table" else "t.xlsx"))
        if label == "CMO table":
            assert line == f"Exported 7 configuration statements to {tmp_path / 'cmo.md'}"
    assert "Where a scheme is known about" in (tmp_path / "cmo.md").read_text(encoding="utf-8")
    assert line == f"Exported 5 outcome themes to {tmp_path / 't.xlsx'}"
    sheet = load_workbook(tmp_path / "t.xlsx").active
    assert sheet.max_row >= 7  # the caption, the heading and the five themes' categories


def test_agreement_asks_whose_coding_then_writes_excel(qtbot, window, tmp_path) -> None:
    from openpyxl import load_workbook

    trigger(window, "File", "Export", "Agreement report…")
    dialog = window.export_choice_dialog
    qtbot.waitExposed(dialog)
    ticked = [dialog.coders.item(r) for r in range(dialog.coders.count())]
    assert [(i.text(), i.checkState()) for i in ticked] == [
        ("Ana", Qt.CheckState.Checked),
        ("Ben", Qt.CheckState.Checked),
    ]
    ticked[1].setCheckState(Qt.CheckState.Unchecked)
    press_ok(dialog)
    assert dialog.isVisible() and dialog.error.text() == "tick at least two coders to compare"
    ticked[1].setCheckState(Qt.CheckState.Checked)
    press_ok(dialog)
    output = tmp_path / "agreement.xlsx"
    line = save_as(qtbot, window, output)
    assert line.startswith("Exported the agreement of Ana and Ben on ")
    assert line.endswith(f" codes to {output}")
    assert len(load_workbook(output).sheetnames) >= 2


def test_decision_log_lists_the_workshops_decisions(qtbot, window, tmp_path) -> None:
    project = window.workbench.project
    with window.workbench.session() as session:
        first = list_disagreements(session, "Ana", "Ben")[0]
    decide(project, first.key, "union", "both readings hold", "Ana, Ben", actor="Ana")
    output = tmp_path / "decisions.csv"
    line = export_by_menu(qtbot, window, "Decision log", output)
    assert line == f"Exported 1 workshop decision to {output}"
    rows = csv_rows(output)
    assert len(rows) == 2 and "both readings hold" in rows[1]


def test_vignette_asks_which_then_writes_markdown(qtbot, window, tmp_path) -> None:
    add_vignettes(window)
    trigger(window, "File", "Export", "Vignette…")
    dialog = window.export_choice_dialog
    qtbot.waitExposed(dialog)
    assert [dialog.names.itemText(i) for i in range(dialog.names.count())] == [
        "A partner under strain",  # the demo's own
        "Being heard",
        "Finding time",
    ]
    dialog.names.setCurrentText("Being heard")
    press_ok(dialog)
    box = window.export_choice_dialog  # one participant only: it fails the anonymity check
    qtbot.waitExposed(box)
    assert "'Being heard' fails the anonymity check" in box.text()
    anyway = next(b for b in box.buttons() if b.text() == "Export anyway")
    qtbot.mouseClick(anyway, Qt.MouseButton.LeftButton)
    output = tmp_path / "vignette.md"
    line = save_as(qtbot, window, output)
    assert line.startswith(f"Exported the vignette “Being heard” to {output}")
    assert output.read_text(encoding="utf-8").startswith("# Being heard")


def test_audit_log_to_csv_every_event(qtbot, window, tmp_path) -> None:
    output = tmp_path / "audit.csv"
    line = export_by_menu(qtbot, window, "Audit log", output)
    with window.workbench.session() as session:
        events = count_events(session)
    assert line == f"Exported {events:,} audit events to {output}"
    assert len(csv_rows(output)) == events + 1


def test_questionnaire_statistics_grouped_by_role(qtbot, window, tmp_path) -> None:
    trigger(window, "File", "Export", "Questionnaire statistics…")
    dialog = window.export_choice_dialog
    qtbot.waitExposed(dialog)
    assert dialog.names.currentText() == "No grouping"
    dialog.names.setCurrentText("Role")
    press_ok(dialog)
    output = tmp_path / "statistics.csv"
    line = save_as(qtbot, window, output)
    rows = csv_rows(output)
    assert rows[0] == ["Item", "Group", "n", "Mean", "SD", "Median", "Min", "Max"]
    items = {row[0] for row in rows[1:]}
    assert "I have protected time for mentoring (1-5)" in items and "Role" not in items
    everyone = [row for row in rows[1:] if row[1] == "All respondents"]
    assert len(everyone) == len(items) and all(int(row[2]) > 0 for row in everyone)
    assert len(rows) - 1 > len(items)  # each item's groups follow its row for all
    assert line == f"Exported {len(rows) - 1} rows of statistics on {len(items)} items to {output}"


def test_refi_project_is_a_valid_qdpx(qtbot, window, tmp_path) -> None:
    output = tmp_path / "demo.qdpx"
    line = export_by_menu(qtbot, window, "REFI-QDA project (.qdpx)", output)
    assert line == f"Exported the project (19 documents, 29 codes, 220 segments) to {output}"
    assert "project.qde" in zipfile.ZipFile(output).namelist()
    assert schema_errors(qde_of(output)) == []


def test_refi_codebook_is_a_qdc(qtbot, window, tmp_path) -> None:
    output = tmp_path / "demo.qdc"
    line = export_by_menu(qtbot, window, "REFI-QDA codebook (.qdc)", output)
    assert line == f"Exported 29 codes to {output}"
    root = etree.parse(str(output)).getroot()
    assert root.tag.endswith("CodeBook")


def test_a_missing_folder_is_one_line_and_changes_nothing(qtbot, window, tmp_path) -> None:
    with window.workbench.session() as session:
        events = count_events(session)
    output = tmp_path / "nowhere" / "segments.csv"
    line = export_by_menu(qtbot, window, "Coded segments", output)
    assert line == f"{output}: folder {output.parent} does not exist"
    assert window.workbench.errors == [line] and "\n" not in line
    assert not output.parent.exists()
    with window.workbench.session() as session:
        assert count_events(session) == events
