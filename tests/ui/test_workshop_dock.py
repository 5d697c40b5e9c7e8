"""The workshop driven through its widgets: decisions, the consensus layer, undo, the log."""

from __future__ import annotations

import csv

import docx
from PySide6.QtCore import Qt

from qcode.services.retrieval import SegmentFilter, retrieve_segments
from qcode.services.workshop.passages import PassageView, list_passages, passage_at
from qcode.services.workshop.settle import decide_passage
from qcode.ui.docks.workshop import WorkshopDock
from tests.ui.menus import trigger


def coding_of(workbench, coder: str) -> list[tuple[str, str, int, int]]:  # type: ignore[no-untyped-def]
    with workbench.session() as session:
        rows = retrieve_segments(session, SegmentFilter())
    return sorted((r.document, r.code[-1], r.start, r.end) for r in rows if r.coder == coder)


def listed(qtbot, dock: WorkshopDock) -> None:  # type: ignore[no-untyped-def]
    """Wait (as a user would) until the passages listed off the UI thread are shown."""
    qtbot.waitUntil(lambda: not dock.busy, timeout=20000)


def opened(qtbot, workbench, size: tuple[int, int] | None = None) -> WorkshopDock:  # type: ignore[no-untyped-def]
    dock = WorkshopDock(workbench)
    qtbot.addWidget(dock)
    if size is not None:
        dock.resize(*size)
    dock.show()
    qtbot.waitExposed(dock)
    listed(qtbot, dock)
    return dock


def walked(qtbot, dock: WorkshopDock) -> list[PassageView | None]:  # type: ignore[no-untyped-def]
    """The passages the dock shows, stepping through them all with Next (back where it began)."""
    shown = []
    for _passage in dock.items:
        shown.append(dock.current())
        qtbot.mouseClick(dock.next_button, Qt.MouseButton.LeftButton)
    return shown


def click_code(qtbot, dock: WorkshopDock, name: str) -> None:  # type: ignore[no-untyped-def]
    """Click the row of a code in the table of the codes on the passage."""
    table = dock.codes
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == name)
    where = table.visualItemRect(table.item(row, 0)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)


def decide(qtbot, dock: WorkshopDock, choice: str, why: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(dock.choice_buttons[choice], Qt.MouseButton.LeftButton)
    dock.rationale.setPlainText(why)
    qtbot.mouseClick(dock.decide_button, Qt.MouseButton.LeftButton)
    listed(qtbot, dock)


def test_decisions_build_the_consensus_and_the_log(qtbot, window, workbench, tmp_path) -> None:
    trigger(window, "Team", "Workshop: walk the disagreements")
    dock = window.workshop
    qtbot.waitExposed(dock)
    listed(qtbot, dock)
    own = {coder: coding_of(workbench, coder) for coder in ("Ana", "Ben")}
    assert dock.scope_bar.ticked() == ("Ana", "Ben")
    assert [(v.document, v.key.span) for v in walked(qtbot, dock)] == [
        ("PA 1", (52, 124)),
        ("PB 2", (99, 103)),
    ]
    assert "1 of 2" in dock.where.text() and "2 codes differ" in dock.where.text()
    qtbot.keyClicks(dock.attendees, "Ana, Ben, Chris")
    click_code(qtbot, dock, "Protected time")
    assert dock.code_choice.currentText() == "Better work / Protected time"
    decide(qtbot, dock, "overlap", "Only the words about time itself")
    assert "1 of 2" in dock.where.text() and "1 decided" in dock.where.text()  # one more here
    assert dock.code_choice.currentText() == "Better work / Being listened to"
    assert dock.keep_coder.currentText() == "Ana"
    decide(qtbot, dock, "keep", "Feeling heard is the mechanism here")
    assert "2 of 2" in dock.where.text()  # moved on to the next undecided one
    decide(qtbot, dock, "none", "Safe is said in passing, not as a context")
    assert dock.progress.value() == 2 and dock.progress.maximum() == 2
    assert dock.progress.text() == "2 of 2 decided"
    assert coding_of(workbench, "Consensus") == [
        ("PA 1", "Being listened to", 99, 124),
        ("PA 1", "Protected time", 63, 77),
    ]
    assert {c: coding_of(workbench, c) for c in own} == own  # nobody's own coding changed

    dock.export(tmp_path / "decisions.csv")
    with (tmp_path / "decisions.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["rationale"] for r in rows] == [
        "Only the words about time itself",
        "Feeling heard is the mechanism here",
        "Safe is said in passing, not as a context",
    ]
    assert all(r["attendees"] == "Ana, Ben, Chris" for r in rows)
    dock.export(tmp_path / "decisions.docx")
    table = docx.Document(str(tmp_path / "decisions.docx")).tables[0]
    assert len(table.rows) == 4 and table.rows[0].cells[0].text == "When"

    trigger(window, "Edit", "Undo")
    trigger(window, "Edit", "Undo")
    listed(qtbot, dock)
    assert dock.progress.value() == 0  # PA 1's listened-to is open again
    assert coding_of(workbench, "Consensus") == [("PA 1", "Protected time", 63, 77)]
    trigger(window, "Edit", "Redo")
    listed(qtbot, dock)
    assert coding_of(workbench, "Consensus")[0] == ("PA 1", "Being listened to", 99, 124)
    assert dock.progress.value() == 1


def test_custom_span_and_filters(qtbot, workbench) -> None:
    dock = opened(qtbot, workbench)
    dock.code_filter.setCurrentIndex(dock.code_filter.findText("Better work / Protected time"))
    listed(qtbot, dock)
    assert len(dock.items) == 1
    assert dock.code_choice.currentText() == "Better work / Protected time"  # the filter's code
    dock.custom_start.setValue(63)
    dock.custom_end.setValue(90)
    decide(qtbot, dock, "custom", "The whole phrase, the team agreed")
    assert coding_of(workbench, "Consensus") == [("PA 1", "Protected time", 63, 90)]
    assert dock.progress.value() == 1  # decided, for the code filtered for
    dock.document_filter.setCurrentIndex(dock.document_filter.findText("PB 2"))
    listed(qtbot, dock)
    assert dock.items == [] and "No disagreements" in dock.where.text()
    assert not dock.decide_button.isEnabled()


def test_a_refused_decision_is_one_line_and_changes_nothing(qtbot, workbench) -> None:
    dock = opened(qtbot, workbench)
    dock.custom_start.setValue(500)
    dock.custom_end.setValue(400)
    decide(qtbot, dock, "custom", "a slip of the keyboard")
    assert workbench.errors and "\n" not in workbench.errors[-1]
    assert coding_of(workbench, "Consensus") == []


def test_the_dock_shows_each_passage_in_full_as_the_listing_has_it(qtbot, workbench) -> None:
    with workbench.session() as session:
        first = passage_at(session, ["Ana", "Ben"], "PA 1", 60)
    decide_passage(
        workbench.project, first.key, "Better work/Protected time", "keep", "Ben's", keep="Ben"
    )
    with workbench.session() as session:
        full = list(list_passages(session, ["Ana", "Ben"]).items)
    dock = opened(qtbot, workbench)
    assert [item.key for item in dock.items] == [view.key for view in full]
    assert [item.decided for item in dock.items] == [False, False]  # listened-to is open
    assert walked(qtbot, dock) == full  # context, spans and decisions alike
    assert dock.progress.value() == 0 and dock.progress.maximum() == 2
    assert "1 of 2: PA 1" in dock.where.text() and "(1 decided)" in dock.where.text()
    table = dock.codes
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers == ["Code", "Ana", "Ben", "Decision"]
    rows = [[table.item(r, c).text() for c in range(4)] for r in range(table.rowCount())]
    assert rows == [
        ["Being listened to", "99\u2013124", "\u2014", "to decide"],
        ["Protected time", "63\u201377", "52\u2013100", "\u2713 kept Ben's"],
    ]
    assert dock.code_choice.currentText() == "Better work / Being listened to"  # the open one
    assert dock.code_choice.itemText(1) == "Better work / Protected time \u2014 decided"
    assert full[0].context.splitlines()[1] in dock.context.toPlainText()


def drag_select(qtbot, browser, first: int, last: int) -> None:  # type: ignore[no-untyped-def]
    """Press at one character of the passage and release after another, as a mouse does."""
    from PySide6.QtGui import QTextCursor

    def point(position: int):  # type: ignore[no-untyped-def]
        cursor = QTextCursor(browser.document())
        cursor.setPosition(position)
        return browser.cursorRect(cursor).center()

    viewport, left = browser.viewport(), Qt.MouseButton.LeftButton
    qtbot.mousePress(viewport, left, pos=point(first))
    qtbot.mouseMove(viewport, pos=point(last))
    qtbot.mouseRelease(viewport, left, pos=point(last))


def test_selecting_words_of_the_passage_sets_the_custom_span(qtbot, workbench) -> None:
    dock = opened(qtbot, workbench, (900, 800))
    item = dock.current()
    assert item is not None and item.key.start == 52
    click_code(qtbot, dock, "Protected time")
    words = "protected time"
    offset = item.context.lower().index(words)
    first = dock.context.document().lastBlock().position()
    drag_select(qtbot, dock.context, first + offset, first + offset + len(words))
    assert dock.context.textCursor().selectedText().lower() == words
    assert dock.form.chosen() == "custom"
    span = (item.context_start + offset, item.context_start + offset + len(words))
    assert (dock.custom_start.value(), dock.custom_end.value()) == span
    dock.rationale.setPlainText("Only the words naming the time")
    qtbot.mouseClick(dock.decide_button, Qt.MouseButton.LeftButton)
    listed(qtbot, dock)
    assert ("PA 1", "Protected time", *span) in coding_of(workbench, "Consensus")


def test_a_custom_span_after_astral_characters_and_runs_of_spaces(qtbot, workbench) -> None:
    from qcode.services.coding import code_span
    from tests.helpers import add_text

    text = "PC: 😀 well,   I    think 𝄞 the mentor  really listened to me.\n"
    add_text(workbench.project, "PC 1", text, "PC", 1)
    start = text.index("the mentor")
    listened = "Better work/Being listened to"
    code_span(workbench.project, "PC 1", listened, "Ana", start, len(text) - 1)
    code_span(workbench.project, "PC 1", listened, "Ben", 4, start + 10)
    dock = opened(qtbot, workbench, (900, 800))
    while dock.current().document != "PC 1":  # type: ignore[union-attr]
        qtbot.mouseClick(dock.next_button, Qt.MouseButton.LeftButton)
    item = dock.current()
    assert item is not None
    words = "think 𝄞 the mentor  really"
    lead = item.context[: item.context.index(words)]
    first = dock.context.document().lastBlock().position()
    astral = sum(1 for ch in lead if ord(ch) > 0xFFFF)
    low = first + len(lead) + astral
    drag_select(qtbot, dock.context, low, low + len(words) + 1)  # 𝄞 is two UTF-16 units
    begin = item.context_start + len(lead)
    assert (dock.custom_start.value(), dock.custom_end.value()) == (begin, begin + len(words))
    assert text[dock.custom_start.value() : dock.custom_end.value()] == words
