"""The workshop driven through its widgets: three decisions, the consensus layer, undo, the log."""

from __future__ import annotations

import csv
from pathlib import Path

import docx
from PySide6.QtCore import Qt

from qcode.services.retrieval import SegmentFilter, retrieve_segments
from qcode.services.workshop.disagreements import Disagreement, list_disagreements
from qcode.services.workshop.disagreements import decide as decide_unit
from qcode.ui.docks.workshop import WorkshopDock


def coding_of(workbench, coder: str) -> list[tuple[str, str, int, int]]:  # type: ignore[no-untyped-def]
    with workbench.session() as session:
        rows = retrieve_segments(session, SegmentFilter())
    return sorted((r.document, r.code[-1], r.start, r.end) for r in rows if r.coder == coder)


def listed(qtbot, dock: WorkshopDock) -> None:  # type: ignore[no-untyped-def]
    """Wait (as a user would) until the disagreements listed off the UI thread are shown."""
    qtbot.waitUntil(lambda: not dock.busy, timeout=20000)


def walked(qtbot, dock: WorkshopDock) -> list[Disagreement | None]:  # type: ignore[no-untyped-def]
    """The units the dock shows, stepping through them all with Next (back where it began)."""
    shown = []
    for _unit in dock.items:
        shown.append(dock.current())
        qtbot.mouseClick(dock.next_button, Qt.MouseButton.LeftButton)
    return shown


def decide(qtbot, dock: WorkshopDock, choice: str, why: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(dock.choice_buttons[choice], Qt.MouseButton.LeftButton)
    dock.rationale.setPlainText(why)
    qtbot.mouseClick(dock.decide_button, Qt.MouseButton.LeftButton)
    listed(qtbot, dock)


def test_three_decisions_build_the_consensus_and_the_log(qtbot, workbench, tmp_path: Path) -> None:
    dock = WorkshopDock(workbench)
    qtbot.addWidget(dock)
    dock.show()
    qtbot.waitExposed(dock)
    listed(qtbot, dock)
    own = {coder: coding_of(workbench, coder) for coder in ("Ana", "Ben")}
    assert (dock.coder_a.currentText(), dock.coder_b.currentText()) == ("Ana", "Ben")
    assert [(i.document, i.code[-1], i.start, i.end) for i in walked(qtbot, dock)] == [
        ("PA 1", "Protected time", 52, 100),
        ("PA 1", "Being listened to", 99, 124),
        ("PB 2", "Safe space", 99, 103),
    ]
    assert "1 of 3" in dock.where.text()
    qtbot.keyClicks(dock.attendees, "Ana, Ben, Chris")
    decide(qtbot, dock, "overlap", "Only the words about time itself")
    assert "2 of 3" in dock.where.text()  # moved on to the next undecided one
    decide(qtbot, dock, "keep_a", "Feeling heard is the mechanism here")
    decide(qtbot, dock, "none", "Safe is said in passing, not as a context")
    assert dock.progress.value() == 3 and dock.progress.maximum() == 3
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

    workbench.undo()
    workbench.undo()
    listed(qtbot, dock)
    assert dock.progress.value() == 1
    assert coding_of(workbench, "Consensus") == [("PA 1", "Protected time", 63, 77)]
    workbench.redo()
    assert coding_of(workbench, "Consensus")[0] == ("PA 1", "Being listened to", 99, 124)


def test_custom_span_and_filters(qtbot, workbench) -> None:
    dock = WorkshopDock(workbench)
    qtbot.addWidget(dock)
    dock.show()
    qtbot.waitExposed(dock)
    listed(qtbot, dock)
    dock.code_filter.setCurrentIndex(dock.code_filter.findText("Better work / Protected time"))
    listed(qtbot, dock)
    assert len(dock.items) == 1
    dock.custom_start.setValue(63)
    dock.custom_end.setValue(90)
    decide(qtbot, dock, "custom", "The whole phrase, the team agreed")
    assert coding_of(workbench, "Consensus") == [("PA 1", "Protected time", 63, 90)]
    dock.document_filter.setCurrentIndex(dock.document_filter.findText("PB 2"))
    listed(qtbot, dock)
    assert dock.items == [] and "No disagreements" in dock.where.text()


def test_a_refused_decision_is_one_line_and_changes_nothing(qtbot, workbench) -> None:
    dock = WorkshopDock(workbench)
    qtbot.addWidget(dock)
    dock.show()
    qtbot.waitExposed(dock)
    listed(qtbot, dock)
    dock.custom_start.setValue(500)
    dock.custom_end.setValue(400)
    decide(qtbot, dock, "custom", "a slip of the keyboard")
    assert workbench.errors and "\n" not in workbench.errors[-1]
    assert coding_of(workbench, "Consensus") == []


def test_the_dock_shows_each_unit_in_full_as_the_listing_has_it(qtbot, workbench) -> None:
    with workbench.session() as session:
        first = list_disagreements(session, "Ana", "Ben")[0]
    decide_unit(workbench.project, first.key, "keep_b", "Ben's span", ["Ana", "Ben"], "Ana")
    with workbench.session() as session:
        full = list_disagreements(session, "Ana", "Ben")
    dock = WorkshopDock(workbench)
    qtbot.addWidget(dock)
    dock.show()
    qtbot.waitExposed(dock)
    listed(qtbot, dock)
    assert [unit.key for unit in dock.items] == [item.key for item in full]
    assert [unit.decided for unit in dock.items] == [True, False, False]
    assert walked(qtbot, dock) == full  # context, spans, memos and decision alike
    assert dock.progress.value() == 1 and dock.progress.maximum() == 3
    assert "1 of 3" in dock.where.text() and "decided: kept Ben's coding" in dock.where.text()
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
    dock = WorkshopDock(workbench)
    qtbot.addWidget(dock)
    dock.resize(900, 700)
    dock.show()
    qtbot.waitExposed(dock)
    listed(qtbot, dock)
    item = dock.current()
    assert item is not None and item.start == 52
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
    dock = WorkshopDock(workbench)
    qtbot.addWidget(dock)
    dock.resize(900, 700)
    dock.show()
    qtbot.waitExposed(dock)
    listed(qtbot, dock)
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
