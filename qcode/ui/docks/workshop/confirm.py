"""Asking before a workshop decision supersedes an earlier one on the same code and passage."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from qcode.services.workshop.disagreements import DecisionInfo


def replace_question(earlier: list[DecisionInfo]) -> str:
    shown = "\n".join(f"• {info.summary()}" for info in earlier)
    return (
        f"This code is already decided on this passage:\n{shown}\n\nReplace it with this decision? "
        "The earlier decision stays in the log, marked superseded."
    )


def ask_replace(
    owner: QWidget, earlier: list[DecisionInfo], then: Callable[[], object]
) -> QMessageBox:
    """A Yes/No box (No by default) showing the earlier decisions; Yes runs ``then``."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Replace the earlier decision?",
        replace_question(earlier),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        owner,
    )
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.button(QMessageBox.StandardButton.Yes).clicked.connect(lambda: then())
    box.open()
    return box
