"""The memo panel follows what the researcher picks: a document, participant, segment, case."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from qcode.services.cases import create_case
from qcode.services.memos import MemoTarget, add_memo
from qcode.ui.main_window import MainWindow
from qcode.ui.workbench import Workbench


@pytest.fixture
def window(qtbot, workbench: Workbench) -> MainWindow:  # type: ignore[no-untyped-def]
    create_case(workbench.project, "Finding time", participant="PA")
    main = MainWindow(workbench, remember_layout=False)
    qtbot.addWidget(main)
    main.resize(1400, 900)
    main.show()
    qtbot.waitExposed(main)
    memo = main.memo_dock
    memo.show()
    memo.raise_()
    qtbot.waitUntil(lambda: not memo.visibleRegion().isEmpty())
    return main


def click(qtbot, view, index) -> None:  # type: ignore[no-untyped-def]
    view.scrollTo(index)
    point = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def heading(window: MainWindow) -> str:
    return window.memo_dock.heading.text()


def test_clicking_a_document_then_its_participant(qtbot, window) -> None:
    tree, model = window.documents.tree, window.documents.model
    click(qtbot, tree, model.index_of(window.documents.first_document()))
    qtbot.waitUntil(lambda: heading(window) == "Memos on document PA 1")
    click(qtbot, tree, model.index(0, 0))
    qtbot.waitUntil(lambda: heading(window) == "Memos on participant PA")


def test_clicking_a_stripe_shows_that_segments_memos(qtbot, window) -> None:
    view = window.transcript.view
    window.transcript.open_document(window.documents.first_document())
    first = view.view.marks[0]
    target = MemoTarget("segment", first.segment_id)
    window.workbench.run(lambda: add_memo(window.workbench.project, "A stripe's memo", target))
    stripes = view.stripes
    stripes.repaint()
    box, shown = next((b, s) for b, s in stripes.hit_boxes if s.mark.segment_id == first.segment_id)
    point = QPoint(int(box.center().x()), int(box.center().y()))
    qtbot.mouseClick(stripes, Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: heading(window).startswith("Memos on segment PA 1"))
    assert window.memo_dock.model.rowCount() == 1


def test_clicking_a_segment_row_and_a_case(qtbot, window) -> None:
    segments = window.segments
    segments.show()
    segments.raise_()
    segments.code_only.setChecked(False)
    qtbot.waitUntil(lambda: segments.model.rowCount() == 4 and not segments.lister.busy)
    click(qtbot, segments.table, segments.model.index(0, 3))
    window.memo_dock.raise_()  # a memo panel tabbed behind reads its memos when looked at
    qtbot.waitUntil(lambda: heading(window).startswith("Memos on segment "))
    cases = window.cases_dock
    cases.show()
    cases.raise_()
    qtbot.waitUntil(lambda: cases.cases_model.rowCount() == 1)
    click(qtbot, cases.cases_table, cases.cases_model.index(0, 0))
    window.memo_dock.raise_()
    qtbot.waitUntil(lambda: heading(window) == "Memos on case Finding time")
