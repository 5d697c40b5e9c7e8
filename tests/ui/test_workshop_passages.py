"""The workshop over three coders: tick the third, see each one's spans, decide code by code."""

from __future__ import annotations

import docx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QStyle, QStyleOptionViewItem

from qcode.services.coders import CONSENSUS, add_coder
from qcode.services.coding import code_span
from qcode.services.memos import MemoTarget, add_memo
from qcode.services.retrieval import SegmentFilter, retrieve_segments
from qcode.services.workshop.log import decision_log
from qcode.services.workshop.passages import passage_progress
from qcode.store.project import Project
from tests.ui.file_dialogs import answer_file_dialog
from tests.ui.menus import trigger


@pytest.fixture
def ui_project(ui_project: Project) -> Project:
    """The small project, and Cai, who coded protected time 60–80 and listened to 99–110."""
    add_coder(ui_project, "Cai", color="#2ca02c")
    code_span(ui_project, "PA 1", "Better work/Protected time", "Cai", 60, 80)
    listened = code_span(ui_project, "PA 1", "Better work/Being listened to", "Cai", 99, 110)
    add_memo(ui_project, "only the listening", MemoTarget("segment", listened.value), actor="Cai")
    return ui_project


def consensus(workbench) -> list[tuple[str, str, int, int]]:  # type: ignore[no-untyped-def]
    with workbench.session() as session:
        rows = retrieve_segments(session, SegmentFilter())
    return sorted((r.document, r.code[-1], r.start, r.end) for r in rows if r.coder == CONSENSUS)


def listed(qtbot, dock) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not dock.busy, timeout=20000)


def tick(qtbot, coders: QListWidget, name: str) -> None:  # type: ignore[no-untyped-def]
    """Click the check box of a coder in the list."""
    item = coders.findItems(name, Qt.MatchFlag.MatchExactly)[0]
    option = QStyleOptionViewItem()
    coders.initViewItemOption(option)
    option.rect = coders.visualItemRect(item)
    option.features |= QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
    box = coders.style().subElementRect(
        QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, coders
    )
    qtbot.mouseClick(coders.viewport(), Qt.MouseButton.LeftButton, pos=box.center())


def table_rows(dock) -> list[list[str]]:  # type: ignore[no-untyped-def]
    table = dock.codes
    columns = range(table.columnCount())
    heading = [table.horizontalHeaderItem(c).text() for c in columns]
    return [heading, *([table.item(r, c).text() for c in columns] for r in range(table.rowCount()))]


def test_three_coders_decided_by_majority_and_by_keep(qtbot, window, workbench) -> None:
    trigger(window, "Team", "Workshop: walk the disagreements")
    dock = window.workshop
    qtbot.waitExposed(dock)
    listed(qtbot, dock)
    coders = window.findChild(QListWidget, "workshop_coders")
    assert [coders.item(r).text() for r in range(coders.count())] == ["Ana", "Ben", "Cai"]
    assert dock.scope_bar.ticked() == ("Ana", "Ben")
    tick(qtbot, coders, "Cai")
    listed(qtbot, dock)
    assert dock.scope_bar.ticked() == ("Ana", "Ben", "Cai")
    assert [item.key.span for item in dock.items] == [(52, 124), (99, 103)]
    assert dock.current().coders == ("Ana", "Ben", "Cai")  # type: ignore[union-attr]
    assert table_rows(dock) == [
        ["Code", "Ana", "Ben", "Cai", "Decision"],
        ["Being listened to", "99\u2013124", "\u2014", "99\u2013110", "to decide"],
        ["Protected time", "63\u201377", "52\u2013100", "60\u201380", "to decide"],
    ]
    assert "coded by" in dock.legend.text() and "of 3 coders" in dock.legend.text()
    assert dock.memos.text() == "Cai's memo: only the listening"
    assert (dock.majority_k.value(), dock.majority_k.maximum()) == (2, 3)  # more than half

    dock.attendees.setText("Ana, Ben, Cai")
    qtbot.mouseClick(dock.decide_button, Qt.MouseButton.LeftButton)  # no rationale yet
    assert workbench.errors and "\n" not in workbench.errors[-1]
    assert "rationale" in workbench.errors[-1].lower()
    with workbench.session() as session:
        assert decision_log(session) == []
    assert consensus(workbench) == [] and dock.progress.value() == 0

    table = dock.codes
    where = table.visualItemRect(table.item(2, 0)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert dock.code_choice.currentText() == "Better work / Protected time"
    qtbot.keyClick(dock.majority_k, Qt.Key.Key_Up)  # all three, then back to two of them
    qtbot.keyClick(dock.majority_k, Qt.Key.Key_Down)
    assert dock.form.chosen() == "majority" and dock.majority_k.value() == 2
    dock.rationale.setPlainText("What most of us saw as the protected time")
    qtbot.mouseClick(dock.decide_button, Qt.MouseButton.LeftButton)
    listed(qtbot, dock)
    assert consensus(workbench) == [("PA 1", "Protected time", 60, 80)]
    assert "1 of 2" in dock.where.text() and "(1 decided)" in dock.where.text()
    assert dock.code_choice.currentText() == "Better work / Being listened to"

    dock.keep_coder.setFocus()
    qtbot.keyClick(dock.keep_coder, Qt.Key.Key_Down)  # Ana → Ben → Cai
    qtbot.keyClick(dock.keep_coder, Qt.Key.Key_Down)
    assert dock.keep_coder.currentText() == "Cai" and dock.form.chosen() == "keep"
    dock.rationale.setPlainText("Cai's span is the listening itself")
    qtbot.mouseClick(dock.decide_button, Qt.MouseButton.LeftButton)
    listed(qtbot, dock)
    assert consensus(workbench) == [
        ("PA 1", "Being listened to", 99, 110),
        ("PA 1", "Protected time", 60, 80),
    ]
    assert dock.progress.value() == 1 and dock.progress.maximum() == 2
    assert "2 of 2: PB 2" in dock.where.text()  # on to the next undecided passage
    with workbench.session() as session:
        rows = decision_log(session)
    assert [(r.choice_words, r.coders) for r in rows] == [
        ("coded what at least 2 of the 3 coders coded (majority)", ("Ana", "Ben", "Cai")),
        ("kept Cai's coding", ("Ana", "Ben", "Cai")),
    ]
    qtbot.mouseClick(dock.previous_button, Qt.MouseButton.LeftButton)
    assert [row[-1] for row in table_rows(dock)[1:]] == ["\u2713 kept Cai's", "\u2713 majority"]


def test_the_guis_decision_logs_say_how_many_of_all_were_decided(
    qtbot, window, workbench, tmp_path
) -> None:
    trigger(window, "Team", "Workshop: walk the disagreements")
    dock = window.workshop
    qtbot.waitExposed(dock)
    listed(qtbot, dock)
    tick(qtbot, window.findChild(QListWidget, "workshop_coders"), "Cai")
    listed(qtbot, dock)
    dock.attendees.setText("Ana, Ben, Cai")
    dock.rationale.setPlainText("What most of us saw")
    qtbot.mouseClick(dock.decide_button, Qt.MouseButton.LeftButton)
    listed(qtbot, dock)
    with workbench.session() as session:
        decided, total = passage_progress(session, ["Ana", "Ben", "Cai"])
    assert (decided, total) == (1, 3)  # three codes differ on the two passages; one decided
    said = "1 of 3 disagreements was decided in a whole-team workshop: 1 "
    dock.export(tmp_path / "dock.docx")
    assert said in methods_of(tmp_path / "dock.docx") and "2 remain open" in methods_of(
        tmp_path / "dock.docx"
    )
    trigger(window, "File", "Export", "Decision log…")
    answer_file_dialog(qtbot, window, tmp_path / "menu.docx")
    qtbot.waitUntil(
        lambda: (tmp_path / "menu.docx").exists() and not window.jobs.busy, timeout=20000
    )
    assert said in methods_of(tmp_path / "menu.docx")


def methods_of(path) -> str:  # type: ignore[no-untyped-def]
    return docx.Document(str(path)).paragraphs[1].text


def test_fewer_than_two_coders_ticked_leaves_nothing_to_decide(qtbot, window) -> None:
    trigger(window, "Team", "Workshop: walk the disagreements")
    dock = window.workshop
    qtbot.waitExposed(dock)
    listed(qtbot, dock)
    tick(qtbot, dock.coders, "Ben")
    listed(qtbot, dock)
    assert dock.scope_bar.ticked() == ("Ana",)
    assert dock.where.text() == "Tick at least two coders to compare."
    assert dock.items == [] and not dock.decide_button.isEnabled()
    tick(qtbot, dock.coders, "Cai")
    listed(qtbot, dock)
    assert dock.scope_bar.ticked() == ("Ana", "Cai")
    assert [item.key.span for item in dock.items] == [(60, 80), (99, 124)]
    assert dock.decide_button.isEnabled()
