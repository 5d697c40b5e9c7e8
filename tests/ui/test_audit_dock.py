"""The audit log dock: newest event first after a change, filtering, CSV export read back."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from PySide6.QtCore import QModelIndex, QPoint, Qt
from sqlalchemy import select

from qcode.services.audit import record
from qcode.services.auditlog import COLUMNS
from qcode.services.memos import MemoTarget, add_memo
from qcode.store.models import AuditEvent
from qcode.ui.docks.audit import AuditLogDock
from qcode.ui.models.audit import KEEP_PAGES
from qcode.ui.models.pages import PAGE
from tests.helpers import audit_count


def make_dock(qtbot, workbench) -> AuditLogDock:  # type: ignore[no-untyped-def]
    dock = AuditLogDock(workbench)
    qtbot.addWidget(dock)
    dock.show()
    qtbot.waitExposed(dock)
    settle(qtbot, dock)
    return dock


def settle(qtbot, dock: AuditLogDock) -> None:  # type: ignore[no-untyped-def]
    """Wait for the dock's reads off the UI thread (and a pending filter pause)."""
    qtbot.waitUntil(lambda: not dock.busy)


def cell(dock: AuditLogDock, row: int, column: int) -> str:
    return dock.model.data(dock.model.index(row, column))


def column(dock: AuditLogDock, number: int) -> list[str]:
    return [cell(dock, r, number) for r in range(dock.model.rowCount())]


def test_a_change_shows_up_first(qtbot, workbench, qtmodeltester, ui_project) -> None:  # type: ignore[no-untyped-def]
    dock = make_dock(qtbot, workbench)
    before = audit_count(ui_project)
    assert dock.model.rowCount() == before
    workbench.run(
        lambda: add_memo(ui_project, "Why protected time?", MemoTarget("code", 1), "Q", "Ben")
    )
    settle(qtbot, dock)
    assert dock.model.rowCount() == before + 1
    assert (cell(dock, 0, 1), cell(dock, 0, 2)) == ("Ben", "add memo")
    assert cell(dock, 0, 3).startswith("memo ")
    assert "text: Why protected time?" in cell(dock, 0, 5)
    assert dock.summary.text() == f"{before + 1} events, newest first"
    qtmodeltester.check(dock.model)

    workbench.undo()
    settle(qtbot, dock)
    assert dock.model.rowCount() == before + 2
    assert (cell(dock, 0, 1), cell(dock, 0, 2)) == ("Ana", "undo")


def test_filter_keeps_matching_events(qtbot, workbench) -> None:  # type: ignore[no-untyped-def]
    dock = make_dock(qtbot, workbench)
    total = dock.model.rowCount()
    dock.filter_box.setText("ben")  # Ben's two codings, and Ben added as a coder
    settle(qtbot, dock)
    assert column(dock, 2) == ["code", "code", "add coder"]
    assert dock.summary.text() == f"3 of {total} events match the filter"
    dock.filter_box.setText("Safe space")  # inside an "after" value
    settle(qtbot, dock)
    assert column(dock, 2) == ["code", "add code"]


def test_the_filter_looks_at_values_as_shown(qtbot, workbench) -> None:  # type: ignore[no-untyped-def]
    dock = make_dock(qtbot, workbench)
    shown = column(dock, 5)
    path = next(text for text in shown if "Better relationships / Safe space" in text)
    dock.filter_box.clear()
    qtbot.keyClicks(dock.filter_box, "relationships / SAFE")  # " / " only in the shown path
    settle(qtbot, dock)
    assert path in column(dock, 5)
    assert all("relationships / Safe" in text for text in column(dock, 5))
    dock.filter_box.setText("name: Ben")  # "name: Ben" is how the JSON {"name": "Ben"} reads
    settle(qtbot, dock)
    assert column(dock, 2) == ["add coder"]
    dock.filter_box.setText("no such words anywhere")
    settle(qtbot, dock)
    assert dock.model.rowCount() == 0
    assert dock.summary.text().startswith("0 of ")


def click_header(qtbot, dock: AuditLogDock, section: int) -> None:  # type: ignore[no-untyped-def]
    header = dock.table.horizontalHeader()
    where = QPoint(header.sectionViewportPosition(section) + 10, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=where)
    settle(qtbot, dock)


def test_sorting_by_a_header_orders_rows_in_sql(qtbot, workbench) -> None:  # type: ignore[no-untyped-def]
    dock = make_dock(qtbot, workbench)
    newest_first = [(cell(dock, r, 1), cell(dock, r, 2)) for r in range(dock.model.rowCount())]
    click_header(qtbot, dock, 2)  # Action, A to Z; equal actions newest... oldest first
    actions = column(dock, 2)
    assert actions == sorted(actions, key=str.casefold)
    assert dock.summary.text().endswith(", by action")
    click_header(qtbot, dock, 2)  # again: Z to A
    assert column(dock, 2) == sorted(actions, key=str.casefold, reverse=True)
    click_header(qtbot, dock, 0)  # When: oldest first, then newest first again
    assert [(cell(dock, r, 1), cell(dock, r, 2)) for r in range(len(actions))] in (
        newest_first,
        newest_first[::-1],
    )
    if dock.order != (0, True):
        click_header(qtbot, dock, 0)
    assert [(cell(dock, r, 1), cell(dock, r, 2)) for r in range(len(actions))] == newest_first
    assert dock.summary.text().endswith("events, newest first")


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
    assert newest_first == [(cell(dock, r, 1), cell(dock, r, 2)) for r in range(len(rows) - 1)]

    assert dock.export_csv(tmp_path / "no such folder" / "audit.csv") is None
    assert len(workbench.errors) == 1 and "could not write the log" in workbench.errors[0]


def add_notes(project, count: int) -> None:  # type: ignore[no-untyped-def]
    """Many audit events at once (as a long-running project gathers them)."""
    with project.transaction() as session:
        for number in range(count):
            after = {"text": f"note {number}"}
            record(session, "note", "memo", number, after=after, actor=f"Coder {number % 7}")


def newest_ids(project, limit: int) -> list[int]:  # type: ignore[no-untyped-def]
    with project.session() as session:
        rows = session.execute(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(limit))
        return [row[0] for row in rows]


def test_a_long_log_is_read_a_window_at_a_time(qtbot, workbench, ui_project, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    add_notes(ui_project, 2000)
    total = audit_count(ui_project)
    dock = make_dock(qtbot, workbench)
    assert dock.summary.text() == f"{total} events, newest first"
    assert dock.model.rowCount() == PAGE
    assert dock.model.loaded_rows() <= PAGE
    assert cell(dock, 0, 5) == "text: note 1999"
    for _ in range(total // PAGE + 1):  # scrolled to the end, again: the next windows come
        dock.table.scrollToBottom()
        settle(qtbot, dock)
    assert dock.model.rowCount() == total and not dock.model.canFetchMore(QModelIndex())
    assert list(dock.model.ids) == newest_ids(ui_project, total)
    assert dock.model.loaded_rows() <= KEEP_PAGES * PAGE
    qtmodeltester.check(dock.model)
    assert dock.model.loaded_rows() <= KEEP_PAGES * PAGE
    dock.table.scrollToTop()
    qtbot.waitUntil(lambda: cell(dock, 0, 5) == "text: note 1999")  # read again when shown

def test_a_long_log_filters_and_sorts_in_sql(qtbot, workbench, ui_project) -> None:  # type: ignore[no-untyped-def]
    add_notes(ui_project, 2000)
    total = audit_count(ui_project)
    dock = make_dock(qtbot, workbench)
    qtbot.keyClicks(dock.filter_box, "NOTE 19")  # note 19, 190–199 and 1900–1999
    settle(qtbot, dock)
    assert dock.summary.text() == f"111 of {total} events match the filter"
    assert dock.model.rowCount() == PAGE and dock.model.loaded_rows() <= PAGE
    assert column(dock, 5)[:2] == ["text: note 1999", "text: note 1998"]
    click_header(qtbot, dock, 1)  # Who, A to Z: then newest... oldest first within a name
    with ui_project.session() as session:
        notes = session.execute(
            select(AuditEvent.actor, AuditEvent.after)
            .where(AuditEvent.after.like('%"note 19%'))
            .order_by(AuditEvent.actor.collate("NOCASE"), AuditEvent.id)
        ).all()
    assert [(cell(dock, r, 1), cell(dock, r, 5)) for r in range(PAGE)] == [
        (who, f"text: {json.loads(after)['text']}") for who, after in notes[:PAGE]
    ]
    dock.table.scrollToBottom()
    settle(qtbot, dock)
    assert dock.model.rowCount() == 111 and not dock.model.canFetchMore(QModelIndex())
    assert column(dock, 1)[-1] == notes[-1][0]
