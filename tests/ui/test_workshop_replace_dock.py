"""Deciding a decided code in the workshop window asks first, showing the earlier decision."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from qcode.services.workshop.log import decision_log
from tests.ui.menus import trigger


def listed(qtbot, dock) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not dock.busy, timeout=20000)


def decide(qtbot, dock, choice: str, why: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(dock.choice_buttons[choice], Qt.MouseButton.LeftButton)
    dock.rationale.setPlainText(why)
    qtbot.mouseClick(dock.decide_button, Qt.MouseButton.LeftButton)


def click_code(qtbot, dock, name: str) -> None:  # type: ignore[no-untyped-def]
    table = dock.codes
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == name)
    where = table.visualItemRect(table.item(row, 0)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)


def test_redeciding_asks_and_supersedes_only_when_confirmed(qtbot, window, workbench) -> None:
    trigger(window, "Team", "Workshop: walk the disagreements")
    dock = window.workshop
    qtbot.waitExposed(dock)
    listed(qtbot, dock)
    decide(qtbot, dock, "overlap", "Only the words about time itself")  # being listened to
    listed(qtbot, dock)
    decide(qtbot, dock, "union", "All of Ben's phrase")  # protected time: PA 1 is decided
    listed(qtbot, dock)
    assert "2 of 2" in dock.where.text()
    qtbot.mouseClick(dock.previous_button, Qt.MouseButton.LeftButton)
    assert "1 of 2" in dock.where.text() and "all decided" in dock.where.text()
    click_code(qtbot, dock, "Being listened to")
    assert dock.code_choice.currentText().endswith("Being listened to \u2014 decided")

    decide(qtbot, dock, "keep", "Ana's whole phrase")
    box = dock.findChild(QMessageBox)
    assert box is not None and box.isVisible()
    assert "already decided" in box.text() and "Only the words about time itself" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.No), Qt.MouseButton.LeftButton)
    with workbench.session() as session:
        assert [r.choice for r in decision_log(session)] == ["overlap", "union"]

    qtbot.mouseClick(dock.decide_button, Qt.MouseButton.LeftButton)
    box = dock.confirm_box
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    listed(qtbot, dock)
    with workbench.session() as session:
        old, _union, new = decision_log(session)
    assert (old.choice, old.in_force, old.superseded_by) == ("overlap", False, new.decision_id)
    assert (new.choice, new.rationale, new.in_force) == ("keep", "Ana's whole phrase", True)
    assert dock.progress.value() == 1
