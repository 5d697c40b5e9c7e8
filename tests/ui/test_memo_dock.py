"""The memo dock: memos follow the chosen code, document or segment; edits go through undo."""

from __future__ import annotations

from qcode.services.lookup import get_code, get_document
from qcode.services.memos import MemoTarget, memos_on
from qcode.store.models import Segment
from qcode.ui.docks.memo import MemoDock


def code_id(workbench, path: str) -> int:  # type: ignore[no-untyped-def]
    with workbench.session() as session:
        return get_code(session, path).id


def memos_of(workbench, target: MemoTarget) -> list[tuple[str, str, str | None]]:  # type: ignore[no-untyped-def]
    with workbench.session() as session:
        return [
            (m.title, m.text, m.coder.name if m.coder else None) for m in memos_on(session, target)
        ]


def write(dock: MemoDock, title: str, text: str) -> None:
    dock.title_box.setText(title)
    dock.text_box.setPlainText(text)
    dock.save_button.click()


def test_memo_added_edited_deleted_through_the_widgets_and_undone(qtbot, workbench) -> None:  # type: ignore[no-untyped-def]
    dock = MemoDock(workbench)
    qtbot.addWidget(dock)
    dock.show()
    qtbot.waitExposed(dock)
    code = code_id(workbench, "Better work/Protected time")
    target = MemoTarget("code", code)
    workbench.choose_code(code)
    assert dock.heading.text() == "Memos on code “Better work / Protected time”"
    assert dock.stack.currentWidget() is dock.empty
    assert "No memos on this code yet" in dock.empty.text()

    write(dock, "Time", "Protected time comes up early.")
    assert memos_of(workbench, target) == [("Time", "Protected time comes up early.", "Ana")]
    assert dock.model.rowCount() == 1
    assert dock.model.row_at(0).author == "Ana"
    assert "by Ana" in dock.author.text()

    dock.text_box.setPlainText("Protected time comes up in every first interview.")
    dock.save_button.click()
    assert memos_of(workbench, target) == [
        ("Time", "Protected time comes up in every first interview.", "Ana")
    ]

    dock.delete_button.click()
    assert memos_of(workbench, target) == []
    assert dock.stack.currentWidget() is dock.empty

    workbench.undo()
    assert memos_of(workbench, target) == [
        ("Time", "Protected time comes up in every first interview.", "Ana")
    ]
    assert dock.model.row_at(0).text == "Protected time comes up in every first interview."
    workbench.undo()
    workbench.undo()
    assert memos_of(workbench, target) == []
    assert dock.model.rowCount() == 0


def test_memos_follow_documents_and_segments(qtbot, workbench, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    dock = MemoDock(workbench)
    qtbot.addWidget(dock)
    dock.show()
    qtbot.waitExposed(dock)
    with workbench.session() as session:
        doc = get_document(session, "PB 2").id
        segment = session.query(Segment).filter_by(document_id=doc).one().id
    workbench.show_text.emit(doc, 0, 0)
    assert dock.heading.text() == "Memos on document PB 2"
    write(dock, "", "Safe space is about the first meeting.")
    dock.new_button.click()
    write(dock, "", "  ")
    assert workbench.errors == ["the memo is empty: write something first"]

    dock.show_segment_memos(segment)
    assert dock.heading.text().startswith("Memos on segment PB 2")
    assert dock.model.rowCount() == 0
    write(dock, "Awkward", "Awkward but safe: both at once.")
    dock.new_button.click()
    write(dock, "Second", "More on this segment.")
    assert [row.label for row in dock.model.rows] == ["Awkward", "Second"]
    assert memos_of(workbench, MemoTarget("document", doc)) == [
        ("", "Safe space is about the first meeting.", "Ana")
    ]
    qtmodeltester.check(dock.model)


def test_an_unsaved_draft_keeps_the_editor_on_its_target(qtbot, workbench) -> None:  # type: ignore[no-untyped-def]
    dock = MemoDock(workbench)
    qtbot.addWidget(dock)
    dock.show()
    qtbot.waitExposed(dock)
    first = code_id(workbench, "Better work/Protected time")
    second = code_id(workbench, "Better work/Being listened to")
    workbench.choose_code(first)
    dock.text_box.setPlainText("half a thought")
    workbench.choose_code(second)
    assert dock.target == MemoTarget("code", first)
    assert dock.text_box.toPlainText() == "half a thought"
    dock.save_button.click()
    assert memos_of(workbench, MemoTarget("code", first)) == [("", "half a thought", "Ana")]
    workbench.choose_code(second)
    assert dock.target == MemoTarget("code", second)
    assert dock.text_box.toPlainText() == ""


def test_secondary_docks_have_unique_names_and_titles(qtbot, workbench) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMainWindow

    from qcode.ui.docks.extra import SECONDARY_DOCKS

    window = QMainWindow()
    qtbot.addWidget(window)
    docks = [dock_class(workbench, window) for dock_class in SECONDARY_DOCKS]
    assert [d.objectName() for d in docks] == [c.__name__ for c in SECONDARY_DOCKS]
    titles = ["Memos", "Search", "Agreement", "Matrix", "Co-occurrence"]
    titles += ["Questionnaire statistics", "Cases", "Audit log"]
    assert [d.windowTitle() for d in docks] == titles
    assert all(d.parent() is window for d in docks)
