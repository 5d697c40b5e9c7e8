"""A coding redraws what it changed: no layout pass, marks from the change, a strip of stripes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QRect
from PySide6.QtWidgets import QApplication

from qcode.services.coding import code_span
from qcode.services.documents.view import document_view
from qcode.services.lookup import get_code, get_document
from qcode.ui.main_window import MainWindow
from qcode.ui.refresh import SteadyLabel
from qcode.ui.workbench import Workbench
from tests.helpers import add_text

LONG = "".join(f"PC: turn {n}, the mentor keeps the hour free for our talk.\n" for n in range(300))
TIME = "Better work/Protected time"


@pytest.fixture
def window(qtbot, workbench: Workbench) -> MainWindow:  # type: ignore[no-untyped-def]
    add_text(workbench.project, "PC 3", LONG, "PC", 3)
    for start in range(0, 3000, 190):  # bars in view, in more than one lane
        code_span(workbench.project, "PC 3", TIME, "Ben", start, start + 150)
    code_span(workbench.project, "PC 3", "Better relationships/Safe space", "Ana", 40, 700)
    main = MainWindow(workbench, remember_layout=False)
    qtbot.addWidget(main)
    main.resize(1400, 900)
    main.show()
    qtbot.waitExposed(main)
    with workbench.session() as session:
        main.transcript.open_document(get_document(session, "PC 3").id)
        main.workbench.choose_code(get_code(session, TIME).id)
    main.transcript.view.verticalScrollBar().setValue(0)
    qtbot.wait(50)
    return main


class Events(QObject):
    """Notes the events of some types a widget (or, on the application, any) receives."""

    def __init__(self, *kinds: QEvent.Type) -> None:
        super().__init__()
        self.kinds = kinds
        self.seen: list[tuple[QObject, QEvent.Type, QRect | None]] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in self.kinds:
            rect = event.rect() if event.type() == QEvent.Type.Paint else None  # type: ignore[attr-defined]
            self.seen.append((watched, event.type(), rect))
        return False


def select(qtbot, window: MainWindow, start: int, end: int) -> None:  # type: ignore[no-untyped-def]
    window.transcript.view.select_span(start, end)  # (in the middle of the view)
    qtbot.wait(30)


def code_with_current(window: MainWindow) -> None:
    before = len(window.workbench.history.undo_stack)
    top = next(a for a in window.menuBar().actions() if a.text().replace("&", "") == "Code")
    action = next(a for a in top.menu().actions() if a.text() == "Code with current code")
    action.trigger()
    assert len(window.workbench.history.undo_stack) == before + 1


def test_coding_changes_the_counts_with_a_layout_pass_only_for_the_title(qtbot, window) -> None:
    count = len(window.transcript.view.view.marks)
    select(qtbot, window, 3100, 3150)
    layouts = Events(QEvent.Type.LayoutRequest)
    QApplication.instance().installEventFilter(layouts)
    try:
        code_with_current(window)
        qtbot.wait(50)
    finally:
        QApplication.instance().removeEventFilter(layouts)
    assert window.transcript.title.text().endswith(f"{count + 1} coded segments")
    assert window.status_label.text() == "Code 'Protected time' in PC 3"
    assert window.segments.summary.text().endswith("segments (current code)")
    # (a QLabel's new text would lay out every dock of the window again; the transcript's
    # title stays a QLabel, whose width the pane's layout shares, so only its line asks)
    title_line = set()
    widget = window.transcript.title
    while widget is not None:
        title_line.add(widget)
        widget = widget.parentWidget()
    assert {widget for widget, _type, _rect in layouts.seen} <= title_line
    label = SteadyLabel("short")
    label.setText("a much longer line of text than before")
    assert label.text() == "a much longer line of text than before"
    assert label.sizeHint().height() == label.label.sizeHint().height()


def test_a_new_mark_is_drawn_from_the_change_without_reading_the_marks(
    qtbot, window, monkeypatch
) -> None:
    import qcode.ui.transcript_pane as pane

    reads: list[object] = []
    monkeypatch.setattr(pane, "coding_marks", lambda *args: reads.append(args) or ())
    select(qtbot, window, 3100, 3150)  # a code on the document already, by Ana
    code_with_current(window)
    select(qtbot, window, 3120, 3200)  # overlapping her segment: the two fold into one
    code_with_current(window)
    assert reads == []
    view = window.transcript.view
    with window.workbench.session() as session:
        fresh = document_view(session, view.view.id).marks
    assert view.view.marks == fresh
    assert [m.mark for m in view.marks] == list(fresh)
    window.workbench.undo()
    window.workbench.undo()
    with window.workbench.session() as session:
        assert view.view.marks == document_view(session, view.view.id).marks


def test_stripes_repaint_a_strip_around_the_new_bar_as_a_full_repaint_draws_it(
    qtbot, window
) -> None:
    stripes = window.transcript.view.stripes
    select(qtbot, window, 3100, 3150)
    painted = Events(QEvent.Type.Paint)
    stripes.installEventFilter(painted)
    lanes = stripes.lanes
    code_with_current(window)
    qtbot.waitUntil(lambda: bool(painted.seen))
    qtbot.wait(50)
    assert stripes.lanes == lanes
    assert all(rect.width() < stripes.width() for _w, _t, rect in painted.seen), painted.seen
    corner = stripes.mapTo(window, QPoint(0, 0))
    shown = window.screen().grabWindow(
        window.winId(), corner.x(), corner.y(), stripes.width(), stripes.height()
    )
    fresh = stripes.grab().toImage().convertToFormat(shown.toImage().format())
    assert shown.toImage() == fresh  # what is on screen is what a full repaint draws
