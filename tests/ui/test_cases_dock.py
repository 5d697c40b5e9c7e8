"""The cases dock: create a case through its dialog, add segments, wave order, remove, delete."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox

from qcode.services.cases import case_summaries
from qcode.services.lookup import get_document
from qcode.services.retrieval import SegmentFilter, retrieve_segments
from qcode.ui.docks.case_dialogs import AddSegmentsDialog, NewCaseDialog
from qcode.ui.docks.cases import CasesDock


def segments_of(workbench, participant: str) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    """(id, start) of a participant's segments, in text order."""
    with workbench.session() as session:
        rows = retrieve_segments(session, SegmentFilter(participant=participant))
    return sorted(((row.id, row.start) for row in rows), key=lambda pair: pair[1])


def summaries(workbench) -> list[tuple[str, str | None, int, str]]:  # type: ignore[no-untyped-def]
    with workbench.session() as session:
        return [tuple(summary) for summary in case_summaries(session)]


def make_dock(qtbot, workbench) -> CasesDock:  # type: ignore[no-untyped-def]
    dock = CasesDock(workbench)
    qtbot.addWidget(dock)
    dock.show()
    qtbot.waitExposed(dock)
    return dock


def test_new_case_through_the_dialog_then_add_and_remove(qtbot, workbench, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    dock = make_dock(qtbot, workbench)
    assert dock.cases_stack.currentWidget() is dock.no_cases
    dock.new_button.click()
    dialog = dock.dialog
    assert isinstance(dialog, NewCaseDialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.name_box.setText("  PA:  protected time ")
    dialog.participant_box.setCurrentText("PA")
    ok.click()
    assert summaries(workbench) == [("PA: protected time", "PA", 0, "")]
    assert dock.current_case == "PA: protected time"
    assert dock.segments_stack.currentWidget() is dock.no_segments

    pa = segments_of(workbench, "PA")
    for segment_id, _start in reversed(pa):
        dock.add_segment(segment_id)
    assert summaries(workbench) == [("PA: protected time", "PA", 3, "1")]
    assert [item.id for item in dock.segments_model.rows] == [sid for sid, _ in pa]
    assert dock.segments_model.data(dock.segments_model.index(0, 1)) == "PA 1, line 2"
    qtmodeltester.check(dock.cases_model)
    qtmodeltester.check(dock.segments_model)

    pb_segment = segments_of(workbench, "PB")[0][0]
    dock.add_segment(pb_segment)
    assert workbench.errors == ["'PB 2' is not a transcript of PA, whose case this is"]

    dock.segments_table.selectRow(1)
    dock.remove_button.click()
    assert [item.id for item in dock.segments_model.rows] == [pa[0][0], pa[2][0]]
    workbench.undo()
    assert [item.id for item in dock.segments_model.rows] == [sid for sid, _ in pa]


def test_segments_are_listed_in_wave_order_and_jump(qtbot, workbench) -> None:  # type: ignore[no-untyped-def]
    dock = make_dock(qtbot, workbench)
    dock.new_case("Finding a mentor")
    pb = segments_of(workbench, "PB")
    pa = segments_of(workbench, "PA")
    dock.add_segment(pb[0][0])  # wave 2 first
    dock.add_segment(pa[1][0])
    dock.add_segment(pa[0][0])
    listed = [(item.row.wave, item.id) for item in dock.segments_model.rows]
    assert listed == [(1, pa[0][0]), (1, pa[1][0]), (2, pb[0][0])]
    assert summaries(workbench) == [("Finding a mentor", None, 3, "1, 2")]

    with workbench.session() as session:
        doc = get_document(session, "PB 2").id
    last = dock.segments_model.rows[2].row
    with qtbot.waitSignal(workbench.show_text) as jumped:
        dock.segments_table.doubleClicked.emit(dock.segments_model.index(2, 3))
    assert jumped.args == [doc, last.start, last.end]


def test_add_segments_dialog_offers_only_what_is_missing(qtbot, workbench) -> None:  # type: ignore[no-untyped-def]
    dock = make_dock(qtbot, workbench)
    dock.new_case("PA case", "PA")
    pa = segments_of(workbench, "PA")
    dock.add_segment(pa[0][0])
    dock.add_button.click()
    dialog = dock.dialog
    assert isinstance(dialog, AddSegmentsDialog)
    assert [item.id for item in dialog.model.rows] == [pa[1][0], pa[2][0]]
    dialog.select([pa[2][0]])
    dialog.add_button.click()
    assert [item.id for item in dock.segments_model.rows] == [pa[0][0], pa[2][0]]


def test_delete_case_and_undo(qtbot, workbench) -> None:  # type: ignore[no-untyped-def]
    dock = make_dock(qtbot, workbench)
    dock.new_case("Doomed", "PB")
    dock.add_segment(segments_of(workbench, "PB")[0][0])
    dock.delete_button.click()
    assert summaries(workbench) == []
    assert dock.cases_stack.currentWidget() is dock.no_cases
    workbench.undo()
    assert summaries(workbench) == [("Doomed", "PB", 1, "2")]
    assert dock.cases_model.rowCount() == 1
    dock.new_case("Doomed")
    assert workbench.errors == ["case 'Doomed' already exists"]


def test_a_wide_low_dock_puts_cases_beside_their_segments(qtbot, workbench) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    dock = make_dock(qtbot, workbench)
    dock.show()
    dock.resize(1200, 250)
    qtbot.waitUntil(lambda: dock.splitter.orientation() == Qt.Orientation.Horizontal)
    dock.resize(500, 600)
    qtbot.waitUntil(lambda: dock.splitter.orientation() == Qt.Orientation.Vertical)
