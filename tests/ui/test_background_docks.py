"""Workshop and CMO count off the UI thread, only when seen, the latest request winning."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit

from qcode.services.coding import code_span
from qcode.services.lookup import get_document
from qcode.services.realist import statements as cmo
from qcode.services.workshop import passages
from qcode.ui.docks import cmo as cmo_dock
from qcode.ui.docks.workshop import dock as workshop_dock
from qcode.ui.main_window import MainWindow
from qcode.ui.workbench import Workbench
from tests.helpers import add_text

LONG = "".join(f"PA: line {n} of a long answer about mentoring and time.\n" for n in range(300))


class Counted:
    """A service function, counted where it runs; held calls answer only when let go."""

    def __init__(self, function: Callable[..., Any]) -> None:
        self.function = function
        self.lock = threading.Lock()
        self.threads: list[int] = []  # the thread of each call, in order
        self.finished = 0
        self.waiting = 0  # held calls waiting now
        self.held = range(0)  # which calls (1 = the first) wait to be let go
        self.release = threading.Event()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        with self.lock:
            self.threads.append(threading.get_ident())
            number = len(self.threads)
        result = self.function(*args, **kwargs)  # the store as it was when asked
        if number in self.held:
            with self.lock:
                self.waiting += 1
            assert self.release.wait(20), "never let go"
            with self.lock:
                self.waiting -= 1
        with self.lock:
            self.finished += 1
        return result

    def hold_next(self, calls: int = 1000) -> None:
        first = len(self.threads) + 1
        self.held = range(first, first + calls)
        self.release.clear()

    def let_go(self) -> None:
        self.held = range(0)
        self.release.set()

    def all_answered(self) -> bool:
        return self.finished == len(self.threads)


@pytest.fixture(autouse=True)
def enough_threads() -> Iterator[None]:
    """A held computation must not keep the next one from running."""
    pool = QThreadPool.globalInstance()
    before = pool.maxThreadCount()
    pool.setMaxThreadCount(max(before, 4))
    yield
    pool.setMaxThreadCount(before)


@pytest.fixture
def listing(monkeypatch) -> Counted:  # type: ignore[no-untyped-def]
    counted = Counted(workshop_dock.list_keys)
    monkeypatch.setattr(workshop_dock, "list_keys", counted)
    yield counted
    counted.let_go()


@pytest.fixture
def support(monkeypatch) -> Counted:  # type: ignore[no-untyped-def]
    counted = Counted(cmo_dock.list_statements)
    monkeypatch.setattr(cmo_dock, "list_statements", counted)
    yield counted
    counted.let_go()


@pytest.fixture
def window(qtbot, workbench: Workbench) -> MainWindow:  # type: ignore[no-untyped-def]
    add_text(workbench.project, "PA 9", LONG, "PA", 9)
    main = MainWindow(workbench, remember_layout=False)
    qtbot.addWidget(main)
    main.resize(1400, 900)
    main.show()
    qtbot.waitExposed(main)
    return main


def menu_action(window: MainWindow, menu: str, text: str):  # type: ignore[no-untyped-def]
    top = next(a for a in window.menuBar().actions() if a.text().replace("&", "") == menu)
    return next(a for a in top.menu().actions() if a.text().replace("&", "") == text)


def open_workshop(window: MainWindow) -> None:
    menu_action(window, "Team", "Workshop: walk the disagreements").trigger()


def open_cmo(window: MainWindow) -> None:
    menu_action(window, "Team", "CMO configurations").trigger()


def settle(qtbot, *workers) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not any(worker.busy for worker in workers), timeout=20000)


def ben_codes(workbench: Workbench) -> None:
    """Ben codes the start of PA 1 as listened to: one more passage, first in the document."""
    project = workbench.project
    change = workbench.run(
        lambda: code_span(project, "PA 1", "Better work/Being listened to", "Ben", 0, 11)
    )
    assert change is not None, workbench.errors


def test_hidden_docks_count_nothing_and_stale_ones_count_when_shown(
    qtbot, window, listing, support
) -> None:
    main_thread = threading.get_ident()
    assert window.workshop.isHidden() and window.cmo.isHidden()
    ben_codes(window.workbench)
    assert (listing.threads, support.threads) == ([], [])
    assert window.workshop.when_shown.stale and window.cmo.when_shown.stale

    open_workshop(window)
    settle(qtbot, window.workshop)
    assert listing.threads and main_thread not in listing.threads
    assert support.threads == []  # the CMO dock is still closed
    assert len(window.workshop.items) == 3 and not window.workshop.when_shown.stale

    open_cmo(window)
    settle(qtbot, window.cmo.counter)
    assert support.threads and main_thread not in support.threads
    assert window.cmo.model.rowCount() == 2


def test_the_latest_listing_wins_in_the_workshop(qtbot, workbench, listing) -> None:
    dock = workshop_dock.WorkshopDock(workbench)
    qtbot.addWidget(dock)
    dock.show()
    qtbot.waitExposed(dock)
    settle(qtbot, dock)
    shown: list[int] = []
    original = dock.show_listing

    def counted_show(scope, items, refusal):  # type: ignore[no-untyped-def]
        shown.append(len(items))
        original(scope, items, refusal)

    dock.show_listing = counted_show  # type: ignore[method-assign]
    listing.hold_next(1)  # the first request is slow ...
    dock.code_filter.setCurrentIndex(dock.code_filter.findText("Better work / Protected time"))
    qtbot.waitUntil(lambda: listing.waiting == 1)
    dock.code_filter.setCurrentIndex(0)  # ... the second, quick, asked for all codes again
    settle(qtbot, dock)
    assert shown == [2] and len(dock.items) == 2
    listing.let_go()
    qtbot.waitUntil(listing.all_answered)
    qtbot.wait(50)
    assert shown == [2] and len(dock.items) == 2  # the older, slower answer was dropped


def test_the_latest_count_wins_in_the_cmo_dock(qtbot, workbench, support) -> None:
    dock = cmo_dock.CmoDock(workbench)
    qtbot.addWidget(dock)
    dock.show()
    qtbot.waitExposed(dock)
    settle(qtbot, dock.counter)
    delivered: list[int] = []
    dock.counter.relay.finished.connect(lambda number, *_rest: delivered.append(number))
    theme = dock.model.row_at(0).id
    support.hold_next(1)
    dock.reload()  # counted before the statement below, and held
    qtbot.waitUntil(lambda: support.waiting == 1)
    change = workbench.run(lambda: cmo.add_statement(workbench.project, theme, "Time helps", ()))
    assert change is not None
    settle(qtbot, dock.counter)
    assert [s.text for s in dock.model.row_at(0).statements] == ["Time helps"]
    support.let_go()
    qtbot.waitUntil(lambda: len(delivered) == 2)
    assert [s.text for s in dock.model.row_at(0).statements] == ["Time helps"]
    assert dock.counting.text() == ""


def test_counting_for_other_coders_shows_a_busy_state_with_nothing_to_decide(
    qtbot, workbench, listing
) -> None:
    dock = workshop_dock.WorkshopDock(workbench)
    qtbot.addWidget(dock)
    dock.show()
    qtbot.waitExposed(dock)
    settle(qtbot, dock)
    listing.hold_next()
    ana = dock.coders.item(0)
    ana.setCheckState(Qt.CheckState.Unchecked)  # Ben alone: nothing to compare
    assert dock.where.text() == "Tick at least two coders to compare."
    ana.setCheckState(Qt.CheckState.Checked)  # Ana and Ben, counted and held
    assert dock.lister.busy and dock.counting.text() == "Counting…"
    assert "Counting" in dock.where.text()
    assert not dock.decide_button.isEnabled() and not dock.next_button.isEnabled()
    assert dock.record() is None
    listing.let_go()
    settle(qtbot, dock)
    assert dock.decide_button.isEnabled() and dock.counting.text() == ""
    current = dock.current()
    assert current is not None and current.coders == ("Ana", "Ben")


def test_deciding_while_a_refresh_is_counted_keeps_the_place(qtbot, workbench, listing) -> None:
    dock = workshop_dock.WorkshopDock(workbench)
    qtbot.addWidget(dock)
    dock.show()
    qtbot.waitExposed(dock)
    settle(qtbot, dock)
    listing.hold_next()
    ben_codes(workbench)  # a refresh of the same listing, held: the passages stay on
    assert dock.lister.busy and dock.decide_button.isEnabled()
    dock.rationale.setPlainText("Only the words about time")
    qtbot.mouseClick(dock.choice_buttons["overlap"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dock.decide_button, Qt.MouseButton.LeftButton)
    assert workbench.errors == []
    assert "1 of 2" in dock.where.text() and "(1 decided)" in dock.where.text()
    current = dock.current()
    assert current is not None and dock.code_choice.currentText().endswith("Protected time")
    listing.let_go()
    settle(qtbot, dock)
    assert dock.current() is not None and dock.current().key == current.key
    assert "2 of 3" in dock.where.text()  # Ben's new passage came first; the place is kept
    assert dock.code_choice.currentText().endswith("Protected time")
    assert dock.progress.value() == 0 and dock.progress.maximum() == 3


def test_opening_the_workshop_shows_the_first_unit_once_counted(qtbot, window, listing) -> None:
    listing.hold_next()
    open_workshop(window)
    assert "Counting" in window.workshop.where.text()
    listing.let_go()
    settle(qtbot, window.workshop)
    with window.workbench.session() as session:
        first = get_document(session, "PA 1").id
    assert window.transcript.document_id() == first
    assert window.transcript.view.selected_span() == (52, 124)


def test_a_late_listing_never_moves_a_researcher_who_moved_on(qtbot, window, listing) -> None:
    with window.workbench.session() as session:
        long_one = get_document(session, "PA 9").id
    listing.hold_next()
    open_workshop(window)
    window.transcript.open_document(long_one)
    view = window.transcript.view
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton)  # the researcher reads on
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum() // 2)
    start = LONG.index("line 150 of")
    view.select_span(start, start + 8)
    scroll = view.verticalScrollBar().value()
    listing.let_go()
    settle(qtbot, window.workshop)
    QApplication.processEvents()
    assert len(window.workshop.items) == 2
    assert window.transcript.document_id() == long_one
    assert view.selected_span() == (start, start + 8)
    assert view.verticalScrollBar().value() == scroll


def test_a_recount_waits_while_a_statement_is_being_typed(qtbot, workbench) -> None:
    dock = cmo_dock.CmoDock(workbench)
    qtbot.addWidget(dock)
    dock.show()
    qtbot.waitExposed(dock)
    settle(qtbot, dock.counter)
    dock.select_theme(dock.model.row_at(0).id)
    assert dock.add_statement("Time helps") is not None
    settle(qtbot, dock.counter)
    item = dock.statements.currentItem()
    dock.statements.editItem(item)
    editor = dock.statements.findChild(QLineEdit)
    assert editor is not None
    editor.end(False)
    qtbot.keyClicks(editor, " mentees")
    ben_codes(workbench)  # another view's change: the support is counted again meanwhile
    settle(qtbot, dock.counter)
    assert dock.statements.state() == QAbstractItemView.State.EditingState
    assert editor.text() == "Time helps mentees"  # nothing typed was lost
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dock.statements.state() != QAbstractItemView.State.EditingState)
    settle(qtbot, dock.counter)
    assert dock.statements.currentItem().text() == "Time helps mentees"
    assert [s.text for s in dock.model.row_at(0).statements] == ["Time helps mentees"]


def test_the_workshop_reads_its_choices_off_the_ui_thread(qtbot, workbench, monkeypatch) -> None:
    from qcode.services.codebook import edit

    tree = Counted(edit.codebook_tree)
    monkeypatch.setattr(edit, "codebook_tree", tree)
    dock = workshop_dock.WorkshopDock(workbench)
    qtbot.addWidget(dock)
    dock.show()
    qtbot.waitExposed(dock)
    settle(qtbot, dock)
    assert tree.threads and threading.get_ident() not in tree.threads
    assert dock.code_filter.findText("Better work / Protected time") > 0
    assert len(dock.items) == 2


def test_only_the_unit_on_screen_is_read_in_full(qtbot, workbench, monkeypatch) -> None:
    project = workbench.project
    add_text(project, "PA 9", LONG, "PA", 9)
    for n in range(40):
        code_span(project, "PA 9", "Better work/Protected time", "Ana", n * 300, n * 300 + 40)
    with workbench.session() as session:
        full = list(passages.list_passages(session, ["Ana", "Ben"]).items)
    built = Counted(passages.PassageView)  # every full value made, and on which thread
    monkeypatch.setattr(passages, "PassageView", built)
    dock = workshop_dock.WorkshopDock(workbench)
    qtbot.addWidget(dock)
    dock.show()
    qtbot.waitExposed(dock)
    settle(qtbot, dock)
    assert len(dock.items) == len(full) == 42
    assert built.threads == [threading.get_ident()]  # the first unit only, none on the worker
    assert dock.current() == full[0]
    qtbot.mouseClick(dock.next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dock.next_button, Qt.MouseButton.LeftButton)
    assert dock.current() == full[2] and "3 of 42" in dock.where.text()
    assert len(built.threads) == 3
