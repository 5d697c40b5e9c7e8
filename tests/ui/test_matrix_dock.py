"""The matrix dock: counts per code and participant or wave, checked by hand; drill-down."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from qcode.services.lookup import get_document
from qcode.services.retrieval import SegmentFilter, retrieve_segments
from qcode.ui.docks.matrix import MatrixDock
from tests.ui.conftest import TEXT_A

ROWS = ("Better work", "Protected time", "Being listened to", "Better relationships", "Safe space")


def settled(dock: MatrixDock) -> MatrixDock:
    """Wait (as a user would) until the matrix built off the UI thread is shown."""
    deadline = time.monotonic() + 20
    while dock.builder.busy and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.002)
    assert not dock.builder.busy, "the matrix was never shown"
    return dock


def table(dock: MatrixDock) -> dict[tuple[str, str], str]:
    """Every cell's text by (row header without indent, column header), once it is built."""
    model = settled(dock).model
    rows = [
        str(model.headerData(r, Qt.Orientation.Vertical)).strip() for r in range(model.rowCount())
    ]
    cols = [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())]
    return {
        (rows[r], cols[c]): model.data(model.index(r, c))
        for r in range(model.rowCount())
        for c in range(model.columnCount())
    }


def choose(box, data: str) -> None:  # type: ignore[no-untyped-def]
    box.setCurrentIndex(box.findData(data))


def make_dock(qtbot, workbench) -> MatrixDock:  # type: ignore[no-untyped-def]
    dock = MatrixDock(workbench)
    qtbot.addWidget(dock)
    dock.show()
    qtbot.waitExposed(dock)
    return settled(dock)


def test_counts_by_participant_match_the_fixture(qtbot, workbench, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    dock = make_dock(qtbot, workbench)
    cells = table(dock)
    # Segments: Protected time twice in PA 1 (Ana 63–77, Ben 52–100), Being listened to
    # once (Ana), Safe space once in PB 2 (Ben); the themes have no segments of their own.
    expected = {"Protected time": (2, 0), "Being listened to": (1, 0), "Safe space": (0, 1)}
    for row in ROWS:
        pa, pb = expected.get(row, (0, 0))
        assert (cells[row, "PA"], cells[row, "PB"], cells[row, "Total"]) == (
            str(pa),
            str(pb),
            str(pa + pb),
        )
    assert (cells["Total", "PA"], cells["Total", "PB"], cells["Total", "Total"]) == ("3", "1", "4")
    qtmodeltester.check(dock.model)

    choose(dock.measure_box, "characters")
    cells = table(dock)
    assert cells["Protected time", "PA"] == str(100 - 52)  # 63–77 lies inside 52–100
    assert cells["Being listened to", "PA"] == str(124 - 99)
    assert cells["Safe space", "PB"] == str(103 - 99)

    dock.descendants.setChecked(True)
    cells = table(dock)
    assert cells["Better work", "PA"] == str(124 - 52)  # 52–100 and 99–124 joined
    assert cells["Better relationships", "PB"] == "4"
    qtmodeltester.check(dock.model)


def test_coder_filter_waves_and_participants(qtbot, workbench) -> None:  # type: ignore[no-untyped-def]
    dock = make_dock(qtbot, workbench)
    dock.coder_box.setCurrentText("Ana")
    choose(dock.measure_box, "characters")
    cells = table(dock)
    assert (cells["Protected time", "PA"], cells["Safe space", "PB"]) == (str(77 - 63), "0")

    dock.coder_box.setCurrentText("All coders")
    choose(dock.by_box, "wave")
    choose(dock.measure_box, "participants")
    dock.descendants.setChecked(True)
    cells = table(dock)
    assert (cells["Better work", "Wave 1"], cells["Better work", "Wave 2"]) == ("1", "0")
    assert (cells["Total", "Wave 1"], cells["Total", "Wave 2"], cells["Total", "Total"]) == (
        "1",
        "1",
        "2",
    )


def test_double_click_drills_down_to_the_cells_segments(qtbot, workbench) -> None:  # type: ignore[no-untyped-def]
    dock = make_dock(qtbot, workbench)
    with workbench.session() as session:
        wanted = [
            row.id
            for row in retrieve_segments(
                session, SegmentFilter(code="Better work/Protected time", participant="PA")
            )
        ]
    assert len(wanted) == 2
    index = dock.model.index(ROWS.index("Protected time"), 0)
    rect = dock.table.visualRect(index)
    viewport = dock.table.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(workbench.show_segments) as drilled:
        qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    assert sorted(drilled.args[0]) == sorted(wanted)

    with qtbot.assertNotEmitted(workbench.show_segments):
        dock.drill_down(dock.model.index(ROWS.index("Safe space"), 0))


def test_a_new_segment_updates_the_matrix(qtbot, workbench) -> None:  # type: ignore[no-untyped-def]
    dock = make_dock(qtbot, workbench)
    with workbench.session() as session:
        doc = get_document(session, "PA 1").id
    start = TEXT_A.index("honestly")
    code = dock.model.matrix.codes[ROWS.index("Safe space")][0]
    workbench.code_text(doc, start, start + len("honestly"), code)
    assert table(dock)["Safe space", "PA"] == "1"


def test_a_hidden_matrix_is_rebuilt_when_shown_again(qtbot, workbench) -> None:  # type: ignore[no-untyped-def]
    dock = make_dock(qtbot, workbench)
    dock.hide()
    segment = dock.model.segment_ids(dock.model.index(ROWS.index("Safe space"), 1))[0]
    workbench.uncode(segment)
    assert dock.when_shown.stale and table(dock)["Safe space", "PB"] == "1"
    dock.show()
    assert not dock.when_shown.stale
    assert table(dock)["Safe space", "PB"] == "0"
