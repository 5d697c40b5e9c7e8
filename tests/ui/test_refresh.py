"""Views refresh by what changed and only when seen; no refresh moves the transcript."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, QRect
from PySide6.QtWidgets import QApplication

from qcode.services.codebook.edit import add_code
from qcode.services.coding import code_span
from qcode.services.documents.view import document_view
from qcode.services.lookup import get_code, get_document
from qcode.ui.main_window import MainWindow
from qcode.ui.workbench import Workbench
from tests.helpers import add_text

LONG = "".join(f"PA: line {n} of a long answer about mentoring and time.\n" for n in range(400))


@pytest.fixture
def window(qtbot, workbench: Workbench) -> MainWindow:  # type: ignore[no-untyped-def]
    add_text(workbench.project, "PA 9", LONG, "PA", 9)
    code_span(workbench.project, "PA 9", "Better work/Protected time", "Ben", 10, 40)
    add_code(workbench.project, "Better work/Long answers")
    main = MainWindow(workbench, remember_layout=False)
    qtbot.addWidget(main)
    main.resize(1400, 900)
    main.show()
    qtbot.waitExposed(main)
    return main


def menu_action(window: MainWindow, menu: str, text: str):  # type: ignore[no-untyped-def]
    top = next(a for a in window.menuBar().actions() if a.text().replace("&", "") == menu)
    return next(a for a in top.menu().actions() if a.text().replace("&", "") == text)


def count_calls(monkeypatch, dock, name: str) -> list[int]:  # type: ignore[no-untyped-def]
    calls: list[int] = []
    original = getattr(dock, name)

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(dock, name, counted)
    return calls


def open_long_document(window: MainWindow) -> int:
    with window.workbench.session() as session:
        document = get_document(session, "PA 9").id
    window.transcript.open_document(document)
    return document


def code_with_current(window: MainWindow, code_name: str) -> None:
    with window.workbench.session() as session:
        window.workbench.choose_code(get_code(session, code_name).id)
    menu_action(window, "Code", "Code with current code").trigger()
    QApplication.processEvents()


def test_coding_with_every_dock_shown_leaves_the_text_where_it_was(qtbot, window) -> None:
    for dock in (window.workshop, window.cmo, window.compare, *window.extra_docks):
        dock.setFloating(True)  # every dock on screen at once, so every refresh fires
        dock.show()
    menu_action(window, "Team", "Workshop: walk the disagreements").trigger()  # shows PA 1
    QApplication.processEvents()
    document = open_long_document(window)
    view = window.transcript.view
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum() // 2)
    start = LONG.index("line 200 of")
    view.select_span(start, start + len("line 200"))
    scroll = view.verticalScrollBar().value()
    code_with_current(window, "Better work/Long answers")
    assert window.workbench.errors == []
    assert window.transcript.document_id() == document
    assert view.selected_span() == (start, start + len("line 200"))
    assert view.verticalScrollBar().value() == scroll
    for _ in range(3):  # and again, now that the docks have refreshed once
        code_with_current(window, "Better work/Protected time")
        assert view.selected_span() == (start, start + len("line 200"))
        assert view.verticalScrollBar().value() == scroll


def test_hidden_and_tabbed_docks_do_no_work_until_shown(qtbot, window, monkeypatch) -> None:
    hidden = [window.workshop, window.cmo, window.compare]
    matrix = next(d for d in window.extra_docks if d.objectName() == "MatrixDock")
    assert window.segments.visibleRegion().isEmpty() is False
    assert matrix.visibleRegion().isEmpty(), "the matrix is tabbed behind Coded segments"
    watched = [*hidden, matrix]
    calls = {dock.objectName(): count_calls(monkeypatch, dock, "reload") for dock in watched}
    document = open_long_document(window)
    window.transcript.view.select_span(5, 25)
    code_with_current(window, "Better work/Long answers")
    assert window.transcript.document_id() == document
    assert {name: len(c) for name, c in calls.items()} == dict.fromkeys(calls, 0)
    assert all(dock.when_shown.stale for dock in watched)
    matrix.show()
    matrix.raise_()
    qtbot.waitUntil(lambda: not matrix.visibleRegion().isEmpty())
    assert len(calls["MatrixDock"]) == 1 and not matrix.when_shown.stale
    assert len(calls["WorkshopDock"]) == 0


def test_a_change_in_another_document_leaves_the_open_one_alone(qtbot, window, monkeypatch) -> None:
    open_long_document(window)
    reloads = count_calls(monkeypatch, window.transcript, "open_document")
    updates = count_calls(monkeypatch, window.transcript, "update_marks")
    with window.workbench.session() as session:
        other, code = (
            get_document(session, "PB 2").id,
            get_code(session, "Better relationships/Safe space").id,
        )
    window.workbench.code_text(other, 0, 10, code)
    assert reloads == [] and updates == []
    window.workbench.code_text(window.transcript.document_id(), 0, 10, code)
    assert reloads == [] and len(updates) == 1


def test_coding_the_open_document_rereads_only_the_changed_marks(qtbot, window) -> None:
    document = open_long_document(window)
    view, pane = window.transcript.view, window.transcript
    before = {m.segment_id for m in view.view.marks}
    with window.workbench.session() as session:
        code = get_code(session, "Better relationships/Safe space").id
    window.workbench.code_text(document, 100, 160, code)
    added = [m for m in view.view.marks if m.segment_id not in before]
    assert [(m.start, m.end, m.code_path[-1]) for m in added] == [(100, 160, "Safe space")]
    assert [m.mark for m in view.marks] == list(view.view.marks)
    assert pane.title.text().endswith(f"{len(before) + 1} coded segments")
    menu_action(window, "Edit", "Undo Code 'Safe space' in PA 9").trigger()
    assert {m.segment_id for m in view.view.marks} == before
    with window.workbench.session() as session:
        fresh = document_view(session, document).marks
    assert view.view.marks == fresh


def test_coding_updates_counts_in_place_without_rebuilding_lists(
    qtbot, window, monkeypatch
) -> None:
    rebuilt = {
        "codebook": count_calls(monkeypatch, window.codebook.model, "set_nodes"),
        "documents": count_calls(monkeypatch, window.documents.model, "set_entries"),
    }
    document = open_long_document(window)
    with window.workbench.session() as session:
        code = get_code(session, "Better work/Long answers").id
    codebook, documents = window.codebook.model, window.documents.model
    assert codebook.index_of(code, 2).data() == 0
    before = documents.index(
        documents.index_of(document).row(), 2, documents.index_of(document).parent()
    ).data()
    window.transcript.view.select_span(5, 25)
    code_with_current(window, "Better work/Long answers")
    assert codebook.index_of(code, 2).data() == 1
    index = documents.index_of(document)
    assert documents.index(index.row(), 2, index.parent()).data() == before + 1
    assert rebuilt == {"codebook": [], "documents": []}
    menu_action(window, "Edit", "Undo Code 'Long answers' in PA 9").trigger()
    assert codebook.index_of(code, 2).data() == 0
    assert documents.index(index.row(), 2, index.parent()).data() == before


def test_coding_repaints_only_the_coded_lines_of_the_transcript(qtbot, window) -> None:
    painted = PaintedRects()
    document = open_long_document(window)
    view = window.transcript.view
    view.verticalScrollBar().setValue(0)
    qtbot.wait(50)
    view.viewport().installEventFilter(painted)
    with window.workbench.session() as session:
        code = get_code(session, "Better relationships/Safe space").id
    marked = [(m.start, m.end) for m in view.view.marks]
    start = next(p for p in range(0, 2000, 10) if all(e <= p or s >= p + 30 for s, e in marked))
    lanes = view.stripes.lanes  # a span beside the others: no new lane, no wider margin
    window.workbench.code_text(document, start, start + 30, code)
    qtbot.waitUntil(lambda: bool(painted.rects))
    qtbot.wait(50)
    assert view.stripes.lanes == lanes
    height = view.viewport().height()
    assert all(rect.height() < height // 2 for rect in painted.rects), painted.rects


class PaintedRects(QObject):
    """Notes the rectangle of each paint event a widget receives."""

    def __init__(self) -> None:
        super().__init__()
        self.rects: list[QRect] = []

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint:
            self.rects.append(event.rect())
        return False


def test_counts_follow_folds_uncoding_and_undo_as_a_fresh_count_has_them(qtbot, window) -> None:
    """Counts come from what each change did (no query): after codings that fold into
    each other, an uncoding and undo, every count equals a fresh count of the project."""
    from sqlalchemy import func, select

    from qcode.services.coding import uncode_segment
    from qcode.store.models import Segment

    document = open_long_document(window)
    workbench = window.workbench
    with workbench.session() as session:
        code = get_code(session, "Better work/Long answers").id
    for start, end in [(5, 25), (20, 40), (60, 70), (30, 65), (200, 230)]:  # some fold together
        workbench.code_text(document, start, end, code)
    with workbench.session() as session:
        last = session.scalars(select(Segment.id).order_by(Segment.id.desc())).first()
    workbench.run(lambda: uncode_segment(workbench.project, last))
    workbench.undo()
    workbench.undo()
    codebook, documents = window.codebook.model, window.documents.model
    with workbench.session() as session:
        by_code = dict(
            session.execute(select(Segment.code_id, func.count()).group_by(Segment.code_id)).all()
        )
        by_document = dict(
            session.execute(
                select(Segment.document_id, func.count()).group_by(Segment.document_id)
            ).all()
        )
    for code_id, item in codebook.items.items():
        assert codebook.index_of(code_id, 2).data() == by_code.get(code_id, 0), item
    for group in documents.groups:
        for entry in group.documents:
            assert entry.segments == by_document.get(entry.id, 0), entry.name
