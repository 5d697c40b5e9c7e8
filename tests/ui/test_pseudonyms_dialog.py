"""Documents ▸ Pseudonyms… and Documents ▸ Correct text…: what a user touches, undoable."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from qcode.services.coding import code_span
from qcode.store.models import Document, Segment
from qcode.ui.main_window import MainWindow
from tests.helpers import add_text
from tests.ui.menus import trigger

NAMED = (
    "Interviewer: Who ran the rota?\n"
    "PC: Dr Rees did, most weeks. Rees's deputy covered at Brookfield.\n"
    "PC: Later Reese handed it to the team.\n"
)


def text_of(window: MainWindow, name: str) -> str:
    with window.workbench.session() as session:
        return session.scalars(select(Document.text).where(Document.name == name)).one()


def coded_words(window: MainWindow, name: str) -> list[str]:
    with window.workbench.session() as session:
        doc = session.scalars(select(Document).where(Document.name == name)).one()
        rows = session.scalars(select(Segment).where(Segment.document_id == doc.id))
        return sorted(doc.text[s.start : s.end] for s in rows)


def open_named(window: MainWindow) -> int:
    add_text(window.workbench.project, "PC 1", NAMED, "PC", 1)
    window.workbench.reload()
    with window.workbench.session() as session:
        doc_id = session.scalars(select(Document.id).where(Document.name == "PC 1")).one()
    window.transcript.open_document(doc_id)
    return doc_id


def shown(qtbot, window: MainWindow):  # type: ignore[no-untyped-def]
    dialog = window.document_dialog
    qtbot.waitExposed(dialog)
    return dialog


def test_pseudonyms_add_preview_untick_apply_and_undo(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    open_named(window)
    trigger(window, "Documents", "Pseudonyms…")
    dialog = shown(qtbot, window)
    assert dialog.hit_table.rowCount() == 0
    for original, pseudonym, kind in (
        ("Rees", "Evans", "person"),
        ("Brookfield", "Northtown", "place"),
    ):
        qtbot.keyClicks(dialog.original, original)
        qtbot.keyClicks(dialog.pseudonym, pseudonym)
        dialog.kind.setCurrentText(kind)
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.pair_table.rowCount() == 2 and dialog.original.text() == ""
    found = [dialog.hit_table.item(row, 3).text() for row in range(dialog.hit_table.rowCount())]
    assert found == ["Dr Rees", "Rees's", "Brookfield", "Reese"]
    assert dialog.summary.text() == "4 hits in 1 document"
    dialog.hit_table.item(3, 0).setCheckState(Qt.CheckState.Unchecked)  # "Reese": not sure
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert window.workbench.errors == []
    assert text_of(window, "PC 1") == (
        NAMED.replace("Rees ", "Evans ")
        .replace("Rees's", "Evans's")
        .replace("Brookfield", "Northtown")
    )
    assert [dialog.hit_table.item(0, 3).text()] == ["Reese"]  # the unticked hit is still there
    assert "Dr Evans did" in window.transcript.view.toPlainText()
    trigger(window, "Edit", "Undo")
    assert text_of(window, "PC 1") == NAMED
    assert dialog.hit_table.rowCount() == 4


def test_removing_a_pair_and_a_refused_pair_say_so(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    trigger(window, "Documents", "Pseudonyms…")
    dialog = shown(qtbot, window)
    qtbot.keyClicks(dialog.original, "Rees")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert window.workbench.errors[-1] == "a pseudonym cannot be empty"
    qtbot.keyClicks(dialog.pseudonym, "Evans")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.pair_table.rowCount() == 1
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert window.workbench.errors[-1] == "select a pair in the list first"
    dialog.pair_table.selectRow(0)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert dialog.pair_table.rowCount() == 0


def test_correct_the_selection_keeps_coding_and_scroll(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    long_text = "".join(f"PD: line {n} of a long answer\n" for n in range(300)) + "PD: teh end\n"
    add_text(window.workbench.project, "PD 1", long_text, "PD", 1)
    start = long_text.index("teh end")
    with window.workbench.session() as session:
        doc_id = session.scalars(select(Document.id).where(Document.name == "PD 1")).one()
    code_span(
        window.workbench.project, "PD 1", "Better work/Protected time", "Ana", start, start + 7
    )
    window.transcript.open_document(doc_id)
    view = window.transcript.view
    view.select_span(start, start + 3)
    scroll = view.verticalScrollBar().value()
    assert scroll > 0
    trigger(window, "Documents", "Correct text…")
    dialog = shown(qtbot, window)
    assert dialog.words.text() == "teh"
    dialog.replacement.setPlainText("the very")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert window.workbench.errors == []
    assert text_of(window, "PD 1").endswith("PD: the very end\n")
    assert coded_words(window, "PD 1") == ["the very end"]
    assert view.verticalScrollBar().value() == scroll
    assert "the very end" in view.toPlainText()
    trigger(window, "Edit", "Undo")
    assert coded_words(window, "PD 1") == ["teh end"]


def test_correct_text_needs_an_open_document(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.transcript.close_document()
    trigger(window, "Documents", "Correct text…")
    assert window.workbench.errors[-1] == "open a document first (click it in Documents)"


def test_done_keeps_a_pair_still_typed_and_closes(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    trigger(window, "Documents", "Pseudonyms…")
    dialog = shown(qtbot, window)
    qtbot.keyClicks(dialog.original, "St Anne's Surgery")
    qtbot.keyClicks(dialog.pseudonym, "the practice")
    dialog.kind.setCurrentText("organisation")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert not dialog.isVisible()
    trigger(window, "Documents", "Pseudonyms…")
    again = shown(qtbot, window)
    assert [again.pair_table.item(0, c).text() for c in range(3)] == [
        "St Anne's Surgery",
        "the practice",
        "organisation",
    ]
