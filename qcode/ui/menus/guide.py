"""Help: every keyboard shortcut at a glance, and what this qcode is."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from qcode import __version__
from qcode.ui.menus.bar import MenuBar, menu_actions

TITLE = "&Help"


def build(window: Any, bar: MenuBar) -> None:  # window: the MainWindow (it imports this)
    bar.add(TITLE, "&Keyboard shortcuts", lambda: show_shortcuts(window, bar), "F1")
    bar.add(TITLE, "&About qcode", lambda: show_about(window))


def shortcut_rows(bar: MenuBar) -> list[tuple[str, str]]:
    """(menu path, shortcut) of every action that has a shortcut, in menu order."""
    rows = []
    for title, menu in bar.menus.items():
        for path, action in menu_actions(menu, (title.replace("&", ""),)):
            keys = action.shortcut().toString()
            if keys:
                rows.append((" ▸ ".join(path), keys))
    return rows


def show_shortcuts(window: Any, bar: MenuBar) -> QDialog:
    dialog = QDialog(window)
    dialog.setWindowTitle("Keyboard shortcuts")
    rows = shortcut_rows(bar)
    table = QTableWidget(len(rows), 2, dialog)
    table.setHorizontalHeaderLabels(["Action", "Shortcut"])
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)  # a list to read
    for row, (path, keys) in enumerate(rows):
        table.setItem(row, 0, QTableWidgetItem(path))
        table.setItem(row, 1, QTableWidgetItem(keys))
    table.resizeColumnsToContents()
    table.horizontalHeader().setStretchLastSection(True)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, parent=dialog)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(table)
    layout.addWidget(buttons)
    dialog.resize(520, 480)
    window.shortcuts_dialog = dialog
    dialog.open()
    return dialog


def show_about(window: Any) -> QMessageBox:
    box = QMessageBox(
        QMessageBox.Icon.Information,
        "About qcode",
        f"qcode {__version__}\n\nQualitative coding for research teams: code transcripts as "
        "several coders, compare them in workshops, and export what papers print.",
        QMessageBox.StandardButton.Ok,
        window,
    )
    window.about_box = box
    box.open()
    return box
