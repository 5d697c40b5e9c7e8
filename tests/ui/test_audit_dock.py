"""The audit log dock: newest event first after a change, filtering, CSV export read back."""

from __future__ import annotations

import csv
from pathlib import Path

from qcode.services.auditlog import COLUMNS
from qcode.services.memos import MemoTarget, add_memo
from qcode.ui.docks.audit import AuditLogDock
from tests.helpers import audit_count


def make_dock(qtbot, workbench) -> AuditLogDock:  # type: ignore[no-untyped-def]
    dock = AuditLogDock(workbench)
    qtbot.addWidget(dock)
    dock.show()
    qtbot.waitExposed(dock)
    return dock


def cell(dock: AuditLogDock, row: int, column: int) -> str:
    return dock.proxy.data(dock.proxy.index(row, column))


def test_a_change_shows_up_first(qtbot, workbench, qtmodeltester, ui_project) -> None:  # type: ignore[no-untyped-def]
    dock = make_dock(qtbot, workbench)
    before = audit_count(ui_project)
    assert dock.model.rowCount() == before
    workbench.run(
        lambda: add_memo(ui_project, "Why protected time?", MemoTarget("code", 1), "Q", "Ben")
    )
    assert dock.model.rowCount() == before + 1
    assert (cell(dock, 0, 1), cell(dock, 0, 2)) == ("Ben", "add memo")
    assert cell(dock, 0, 3).startswith("memo ")
    assert "text: Why protected time?" in cell(dock, 0, 5)
    assert dock.summary.text() == f"{before + 1} events, newest first"
    qtmodeltester.check(dock.model)

    workbench.undo()
    assert dock.model.rowCount() == before + 2
    assert (cell(dock, 0, 1), cell(dock, 0, 2)) == ("Ana", "undo")
    qtmodeltester.check(dock.proxy)


def test_filter_keeps_matching_events(qtbot, workbench) -> None:  # type: ignore[no-untyped-def]
    dock = make_dock(qtbot, workbench)
    total = dock.model.rowCount()
    dock.filter_box.setText("ben")  # Ben's two codings, and Ben added as a coder
    assert [cell(dock, r, 2) for r in range(dock.proxy.rowCount())] == ["code", "code", "add coder"]
    assert dock.summary.text() == f"3 of {total} events match the filter"
    dock.filter_box.setText("Safe space")  # inside an "after" value
    assert [cell(dock, r, 2) for r in range(dock.proxy.rowCount())] == ["code", "add code"]


def test_export_csv_reads_back(qtbot, workbench, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dock = make_dock(qtbot, workbench)
    path = tmp_path / "audit.csv"
    with qtbot.waitSignal(workbench.message) as said:
        assert dock.export_csv(path) == dock.model.rowCount()
    assert said.args == [f"Exported {dock.model.rowCount()} audit events to {path}", False]
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == COLUMNS
    newest_first = [(row[1], row[2]) for row in reversed(rows[1:])]
    assert newest_first == [(line.who, line.action) for line in dock.model.lines]

    assert dock.export_csv(tmp_path / "no such folder" / "audit.csv") is None
    assert len(workbench.errors) == 1 and "could not write the log" in workbench.errors[0]
