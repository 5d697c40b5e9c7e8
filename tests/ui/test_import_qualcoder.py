"""File ▸ Import documents… with a QualCoder project's data.qda: imported, listed, undone."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from qcode.ui.main_window import MainWindow
from tests.helpers import dump
from tests.ingest.test_qualcoder_reader import NOT_CARRIED, study
from tests.ui.menus import action_at, trigger
from tests.ui.test_import_undo import listed, wait_for_import


def test_a_qualcoder_project_is_imported_from_the_file_menu_and_undone(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    folder = study(tmp_path)
    offered: list[str] = []

    def answer(_parent, _title, _folder, filters, *_rest, **_kw):  # type: ignore[no-untyped-def]
        offered.extend(filters.split(";;"))
        return [str(folder / "data.qda")], "QualCoder project (data.qda)"

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", answer)
    project = window.workbench.project
    before, shown_before = dump(project), listed(window)
    trigger(window, "File", "Import documents…")
    wait_for_import(qtbot, window)
    assert "QualCoder project (data.qda)" in offered
    first, *warnings = window.last_outcomes
    assert first.status == "imported" and {o.status for o in warnings} == {"warning"}
    assert [o.message for o in warnings[: len(NOT_CARRIED)]] == [
        f"STUDY.qda: {line}" for line in NOT_CARRIED
    ]
    assert first.message.startswith("STUDY.qda: imported 2 documents, 8 codes")
    report = window.outcome_box  # what the researcher reads: counts per kind, what stayed out
    assert report.windowTitle() == "Import report"
    assert report.text().splitlines() == [o.message for o in window.last_outcomes]
    assert window.status_label.text() == "Imported 1 of 1 file(s)"
    shown = listed(window)
    assert shown["Ann"] == ["interview1.txt"]
    assert "notes.docx" in shown["No participant"]
    assert window.workbench.errors == []
    assert action_at(window, "Edit", "Undo").text() == "&Undo Import STUDY.qda"

    trigger(window, "Edit", "Undo")
    assert listed(window) == shown_before
    assert dump(project) == before
