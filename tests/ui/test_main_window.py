"""The main window driven like a researcher would: import, code every way, undo, filter, switch."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from PySide6.QtCore import QPointF, Qt, QTimer
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from qcode.services.retrieval import retrieve_segments
from qcode.store.models import Code, Segment
from qcode.ui.main_window import MainWindow
from qcode.ui.workbench import Workbench
from tests.ui.conftest import TEXT_A


@pytest.fixture
def window(qtbot, workbench: Workbench) -> MainWindow:  # type: ignore[no-untyped-def]
    main = MainWindow(workbench)
    qtbot.addWidget(main)
    main.resize(1200, 800)
    main.show()
    qtbot.waitExposed(main)
    main.activateWindow()
    return main


def double_click(qtbot, widget, point) -> None:  # type: ignore[no-untyped-def]
    """A real double-click: a press and release, then the double-click event."""
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseDClick(widget, Qt.MouseButton.LeftButton, pos=point)


def segments_of(workbench: Workbench) -> list[tuple[str, str, str, int, int]]:
    with workbench.session() as session:
        rows = retrieve_segments(session)
    return sorted((r.document, "/".join(r.code), r.coder, r.start, r.end) for r in rows)


def code_id(workbench: Workbench, name: str) -> int:
    with workbench.session() as session:
        return next(c.id for c in session.query(Code).filter(Code.name == name))


def open_and_select(window: MainWindow, document: str, words: str) -> tuple[int, int]:
    """Open a document from the documents panel and select some words in it."""
    model = window.documents.model
    for group in model.groups:
        for entry in group.documents:
            if entry.name == document:
                window.documents.open_index(model.index_of(entry.id))
    text = window.transcript.view.toPlainText()
    start = text.index(words)
    window.transcript.view.select_span(start, start + len(words))
    return start, start + len(words)


def test_importing_two_files_runs_in_the_background(qtbot, window, tmp_path: Path) -> None:
    word = docx.Document()
    word.add_paragraph("Interviewer: How are things?")
    word.add_paragraph("PC: Better since the sessions began.")
    word.save(tmp_path / "PC 1.docx")
    (tmp_path / "PC 2.txt").write_text("PC: Still meeting monthly.\n", encoding="utf-8")
    assert window.import_paths([tmp_path / "PC 1.docx", tmp_path / "PC 2.txt"])
    qtbot.waitUntil(lambda: not window.jobs.busy and bool(window.last_outcomes), timeout=10000)
    assert [o.status for o in window.last_outcomes] == ["imported", "imported"]
    titles = [group.title for group in window.documents.model.groups]
    assert "PC" in titles
    group = window.documents.model.groups[titles.index("PC")]
    assert [(e.name, e.wave) for e in group.documents] == [("PC 1", 1), ("PC 2", 2)]


def test_a_refused_file_is_listed_in_one_line(qtbot, window, tmp_path: Path) -> None:
    (tmp_path / "PD 1.docx").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    window.import_paths([tmp_path / "PD 1.docx"])
    qtbot.waitUntil(lambda: not window.jobs.busy and bool(window.last_outcomes), timeout=10000)
    (outcome,) = window.last_outcomes
    assert outcome.failed and "PNG" in outcome.message and "\n" not in outcome.message
    assert window.outcome_box.text() == outcome.message


def test_drag_a_code_onto_selected_text(window, workbench) -> None:
    start, end = open_and_select(window, "PB 2", "changed practice")
    code = window.codebook.model.index_of(code_id(workbench, "Protected time"))
    mime = window.codebook.model.mimeData([code])
    view = window.transcript.view
    drop = QDropEvent(
        QPointF(40, 20),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    view.dropEvent(drop)
    assert ("PB 2", "Better work/Protected time", "Ana", start, end) in segments_of(workbench)


def test_double_click_a_code_codes_the_selection(qtbot, window, workbench) -> None:
    start, end = open_and_select(window, "PA 1", "stopped dreading Mondays")
    tree = window.codebook.tree
    index = window.codebook.proxy.mapFromSource(
        window.codebook.model.index_of(code_id(workbench, "Safe space"))
    )
    tree.scrollTo(index)
    double_click(qtbot, tree.viewport(), tree.visualRect(index).center())
    assert ("PA 1", "Better relationships/Safe space", "Ana", start, end) in segments_of(workbench)
    assert workbench.recent_codes[0] == code_id(workbench, "Safe space")


def test_recent_code_shortcut_and_undo_redo_keys(qtbot, window, workbench) -> None:
    workbench.note_recent(code_id(workbench, "Being listened to"))
    start, end = open_and_select(window, "PB 2", "set goals together")
    before = segments_of(workbench)
    window.transcript.view.setFocus()
    qtbot.keyClick(window.transcript.view, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    added = ("PB 2", "Better work/Being listened to", "Ana", start, end)
    assert segments_of(workbench) == sorted([*before, added])
    shift_ctrl = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.transcript.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert segments_of(workbench) == before
    assert window.redo_action.isEnabled()
    qtbot.keyClick(window.transcript.view, Qt.Key.Key_Z, shift_ctrl)
    assert added in segments_of(workbench)


def test_ctrl_k_picks_a_code_by_fuzzy_name(qtbot, window, workbench) -> None:
    start, end = open_and_select(window, "PA 1", "made the difference")

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        box = dialog.findChild(QLineEdit)
        qtbot.keyClicks(box, "listend")  # a typo still finds "Being listened to"
        qtbot.keyClick(box, Qt.Key.Key_Return)

    QTimer.singleShot(0, answer)
    qtbot.keyClick(window.transcript.view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert ("PA 1", "Better work/Being listened to", "Ana", start, end) in segments_of(workbench)


def test_in_vivo_and_uncode_from_the_context_menu(qtbot, window, workbench) -> None:
    start, end = open_and_select(window, "PA 1", "stopped dreading Mondays")
    qtbot.keyClick(window.transcript.view, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert ("PA 1", "stopped dreading Mondays", "Ana", start, end) in segments_of(workbench)
    view = window.transcript.view
    menu = view.coding_menu(view.offsets.to_utf16(start + 2))
    uncode = [a for a in menu.actions() if a.text().startswith("Uncode “stopped dreading")]
    assert len(uncode) == 1
    uncode[0].trigger()
    assert all(row[1] != "stopped dreading Mondays" for row in segments_of(workbench))


def test_move_a_code_by_drag_and_drop(qtbot, window, workbench) -> None:
    model = window.codebook.model
    moving = model.index_of(code_id(workbench, "Safe space"))
    target = model.index_of(code_id(workbench, "Better work"))
    mime = model.mimeData([moving])
    # A drop with Shift held merges: let go of the keys an earlier key test left down.
    qtbot.keyRelease(window.codebook, Qt.Key.Key_Shift, Qt.KeyboardModifier.NoModifier)
    assert not QApplication.keyboardModifiers() & Qt.KeyboardModifier.ShiftModifier
    assert model.canDropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, target)
    model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, target)

    def moved() -> bool:
        with workbench.session() as session:
            code = session.get(Code, code_id(workbench, "Safe space"))
            return code.parent_id == code_id(workbench, "Better work")

    qtbot.waitUntil(moved)
    node = model.node(model.index_of(code_id(workbench, "Safe space")))
    assert node.path == ("Better work", "Safe space")
    workbench.undo()
    assert model.node(model.index_of(code_id(workbench, "Safe space"))).path[0] == (
        "Better relationships"
    )


def test_filter_segments_and_jump_to_one(qtbot, window, workbench) -> None:
    dock = window.segments
    dock.code_only.setChecked(False)
    qtbot.waitUntil(lambda: dock.model.rowCount() == 4)
    qtbot.keyClicks(dock.filter_box, "safe")
    qtbot.waitUntil(lambda: dock.model.rowCount() == 1)
    qtbot.waitUntil(lambda: dock.model.index(0, 3).data() == "safe")
    index = dock.model.index(0, 3)
    double_click(qtbot, dock.table.viewport(), dock.table.visualRect(index).center())
    assert window.transcript.view.view.name == "PB 2"
    assert window.transcript.view.selected_span() == (99, 103)
    dock.filter_box.clear()
    dock.coder_box.setCurrentText("Ben")
    qtbot.waitUntil(lambda: dock.model.rowCount() == 2)
    assert {dock.model.row_at(r).coder for r in range(dock.model.rowCount())} == {"Ben"}

def test_switch_coder_in_the_status_bar(qtbot, window, workbench) -> None:
    box = window.coder_box
    box.setCurrentIndex(box.findText("Ben"))
    box.activated.emit(box.currentIndex())
    assert workbench.coder == "Ben"
    start, end = open_and_select(window, "PA 1", "And at work?")
    window.code_selection_with(code_id(workbench, "Protected time"))
    assert ("PA 1", "Better work/Protected time", "Ben", start, end) in segments_of(workbench)


def test_clicking_a_stripe_selects_its_segment(qtbot, window, workbench) -> None:
    open_and_select(window, "PA 1", "Interviewer")
    view = window.transcript.view
    view.verticalScrollBar().setValue(0)
    view.stripes.repaint()
    assert view.stripes.hit_boxes, "stripes are drawn for the coded lines in view"
    box, shown = view.stripes.hit_boxes[0]
    qtbot.mouseClick(view.stripes, Qt.MouseButton.LeftButton, pos=box.center().toPoint())
    assert view.selected_span() == (shown.mark.start, shown.mark.end)
    window.transcript.coder_checks["Ben"].setChecked(False)
    assert {m.mark.coder for m in view.visible_marks()} == {"Ana"}


def test_segment_counts_per_coder_on_demand(window, workbench) -> None:
    box = window.codebook.counts_box
    box.setCurrentText("Counts: Ben")
    node = window.codebook.model.node(
        window.codebook.model.index_of(code_id(workbench, "Being listened to"))
    )
    assert node.segments == 0
    box.setCurrentText("Counts: Ana")
    node = window.codebook.model.node(
        window.codebook.model.index_of(code_id(workbench, "Being listened to"))
    )
    assert node.segments == 1


def test_line_numbers_follow_the_stored_lines(window) -> None:
    open_and_select(window, "PA 1", "Interviewer")
    assert window.transcript.view.blockCount() == TEXT_A.count("\n") + 1
    with window.workbench.session() as session:
        assert session.query(Segment).count() == 4


def test_dock_layout_is_kept_between_sessions(qtbot, workbench) -> None:
    first = MainWindow(workbench)
    qtbot.addWidget(first)
    first.show()
    first.segments.close()
    first.close()
    second = MainWindow(workbench)
    qtbot.addWidget(second)
    second.show()
    assert second.segments.isHidden()


def test_merge_a_coders_copy_from_the_team_menu(
    qtbot, window, workbench, tmp_path: Path, monkeypatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    from qcode.services.coding import code_span
    from qcode.services.copies import make_coder_copy
    from qcode.store.project import open_project

    copy = tmp_path / "ui-chris.qcode"
    make_coder_copy(workbench.project, copy, coder="Chris")
    with open_project(copy) as theirs:
        code_span(theirs, "PB 2", "Better work/Being listened to", "Chris", 0, 38)
    # The file chooser is the platform's own dialog; it is answered with the copy's path.
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(copy), ""))
    team = next(a for a in window.menuBar().actions() if a.text() == "&Team").menu()
    next(a for a in team.actions() if a.text() == "&Merge a coder's copy…").trigger()
    qtbot.waitUntil(lambda: not window.jobs.busy and hasattr(window, "last_merge"), timeout=20000)
    added = ("PB 2", "Better work/Being listened to", "Chris", 0, 38)
    assert added in segments_of(workbench)
    assert "came in: 1 coder, 1 segment" in window.merge_box.text()
    workbench.undo()
    assert added not in segments_of(workbench)


def test_team_menu_opens_compare_and_cmo_docks(qtbot, window) -> None:
    team = next(a for a in window.menuBar().actions() if a.text() == "&Team").menu()
    for text, dock in (("Co&mpare coders", window.compare), ("&CMO configurations", window.cmo)):
        dock.hide()
        next(a for a in team.actions() if a.text() == text).trigger()
        qtbot.waitUntil(dock.isVisible, timeout=5000)
        assert not dock.visibleRegion().isEmpty()
