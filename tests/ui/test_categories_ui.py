"""Categories in the window: made and edited through the Code menu, shown apart, never coding."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QDropEvent
from PySide6.QtWidgets import QDialogButtonBox

from qcode.analysis.colours import code_colour
from qcode.services.codebook.edit import add_code
from qcode.services.lookup import find_code, get_code
from qcode.services.retrieval import retrieve_segments
from qcode.ui.main_window import MainWindow
from qcode.ui.workbench import Workbench
from tests.ui.menus import trigger

REFUSAL = "“Support” is a category: it groups codes and cannot code text"


@pytest.fixture
def window(qtbot, workbench: Workbench) -> MainWindow:  # type: ignore[no-untyped-def]
    add_code(workbench.project, "Support", category=True)
    main = MainWindow(workbench, remember_layout=False)
    qtbot.addWidget(main)
    main.resize(1200, 800)
    main.show()
    qtbot.waitExposed(main)
    main.activateWindow()
    main.codebook.show()
    main.codebook.raise_()
    qtbot.waitExposed(main.codebook)
    return main


def ok(dialog) -> None:  # type: ignore[no-untyped-def]
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def code_id(workbench: Workbench, path: str) -> int:
    with workbench.session() as session:
        return get_code(session, path).id


def segment_count(workbench: Workbench) -> int:
    with workbench.session() as session:
        return len(retrieve_segments(session))


def select_words(window: MainWindow, words: str) -> None:
    window.transcript.open_document(window.documents.first_document())
    text = window.transcript.view.toPlainText()
    start = text.index(words)
    window.transcript.view.select_span(start, start + len(words))


def test_new_code_dialog_makes_a_category_shown_in_italics(qtbot, window) -> None:
    trigger(window, "Code", "New code…")
    dialog = window.codebook.code_dialog
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.name, "Relationships")
    dialog.category.setChecked(True)
    assert dialog.category.text() == "Category (groups codes; not used for coding)"
    ok(dialog)
    made = code_id(window.workbench, "Relationships")
    with window.workbench.session() as session:
        assert not get_code(session, made).codable
    index = window.codebook.model.index_of(made)
    assert index.data(Qt.ItemDataRole.FontRole).italic()
    assert "Category: groups codes; not used for coding" in index.data(Qt.ItemDataRole.ToolTipRole)
    ordinary = window.codebook.model.index_of(code_id(window.workbench, "Better work"))
    assert ordinary.data(Qt.ItemDataRole.FontRole) is None
    trigger(window, "Edit", "Undo")
    with window.workbench.session() as session:
        assert find_code(session, "Relationships") is None


def test_new_sub_code_of_a_category_is_a_code(qtbot, window) -> None:
    window.workbench.choose_code(code_id(window.workbench, "Support"))
    trigger(window, "Code", "New sub-code…")
    dialog = window.codebook.code_dialog
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.name, "Listening")
    ok(dialog)
    with window.workbench.session() as session:
        assert get_code(session, "Support/Listening").codable


def test_double_click_on_a_category_refuses_in_one_line(qtbot, window) -> None:
    select_words(window, "protected time")
    before = segment_count(window.workbench)
    tree = window.codebook.tree
    index = window.codebook.proxy.mapFromSource(
        window.codebook.model.index_of(code_id(window.workbench, "Support"))
    )
    tree.scrollTo(index)
    point = tree.visualRect(index).center()
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.workbench.errors[-1] == REFUSAL
    assert segment_count(window.workbench) == before


def test_ctrl_return_and_a_drop_with_a_category_refuse(qtbot, window) -> None:
    before = segment_count(window.workbench)
    window.workbench.choose_code(code_id(window.workbench, "Support"))
    window.transcript.open_document(window.documents.first_document())
    trigger(window, "Code", "Code with current code")  # even before any text is selected
    assert window.workbench.errors[-1] == REFUSAL
    select_words(window, "protected time")
    mime = window.codebook.model.mimeData(
        [window.codebook.model.index_of(code_id(window.workbench, "Support"))]
    )
    drop = QDropEvent(
        QPointF(40, 20),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.transcript.view.dropEvent(drop)
    assert window.workbench.errors[-1] == REFUSAL
    assert segment_count(window.workbench) == before
    assert "Traceback" not in " ".join(window.workbench.errors)


def test_edit_code_turns_an_uncoded_code_into_a_category_and_back(qtbot, window) -> None:
    workbench = window.workbench
    workbench.choose_code(code_id(workbench, "Better work/Protected time"))
    trigger(window, "Code", "Edit code…")
    dialog = window.codebook.code_dialog
    qtbot.waitExposed(dialog)
    assert dialog.name.text() == "Protected time" and not dialog.category.isChecked()
    dialog.category.setChecked(True)
    ok(dialog)
    assert workbench.errors[-1].startswith("“Protected time” codes 2 segments")
    workbench.choose_code(code_id(workbench, "Better work"))
    trigger(window, "Code", "Edit code…")
    dialog = window.codebook.code_dialog
    qtbot.waitExposed(dialog)
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, "Work")
    dialog.category.setChecked(True)
    ok(dialog)
    with workbench.session() as session:
        work = get_code(session, "Work")
        assert not work.codable
    trigger(window, "Edit", "Undo")
    with workbench.session() as session:
        assert get_code(session, "Better work").codable


def test_a_code_without_a_colour_is_drawn_in_its_fallback(qtbot, window) -> None:
    workbench = window.workbench
    time = code_id(workbench, "Better work/Protected time")
    with workbench.project.transaction() as session:
        get_code(session, time).color = None  # as an import leaves a code its file gave none
    workbench.reload()
    shown = window.codebook.model.index_of(time).data(Qt.ItemDataRole.DecorationRole)
    assert shown == QColor(code_colour(None, time))
    window.transcript.open_document(window.documents.first_document())
    marks = [m for m in window.transcript.view.view.marks if m.code_id == time]
    assert marks and all(m.code_color == code_colour(None, time) for m in marks)
