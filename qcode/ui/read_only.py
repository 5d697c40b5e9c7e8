"""A project opened read-only: a banner above the text says so, and editing menus are off."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QSizePolicy, QToolBar

from qcode.ui.menus.bar import window_actions

BANNER_STYLE = (
    "QToolBar { background: #fff4c2; border: 0; } QLabel { color: #3d3000; padding: 5px 8px; }"
)
# Menu paths (ampersands dropped) whose actions change the project: a whole menu by its title
# alone, else the actions named. Reading, analysing, exporting and copying stay on.
EDITING: dict[str, frozenset[str] | None] = {
    "Code": None,
    "Documents": None,
    "Edit": frozenset({"Undo", "Redo"}),
    "File": frozenset({"Import documents…"}),
    "Team": frozenset({"Merge a coder's copy…"}),
}


def banner_text(name: str) -> str:
    return (
        f"Read-only: {name} can be read, analysed and exported, not changed. "
        "To code in it, copy the file to a folder you can write to and open the copy."
    )


def changes_project(path: tuple[str, ...]) -> bool:
    """Whether the menu action at ``path`` (menu title first) would change the project."""
    if path[0] not in EDITING:
        return False
    named = EDITING[path[0]]
    return named is None or path[-1] in named


def show_read_only(window: QMainWindow, name: str) -> QToolBar:
    """Put the read-only banner at the top of the window and turn the editing actions off."""
    banner = QToolBar("Read-only", window)
    banner.setObjectName("read_only_banner")
    banner.setMovable(False)
    banner.setFloatable(False)
    banner.toggleViewAction().setEnabled(False)  # never hidden by a right-click
    label = QLabel(banner_text(name))
    label.setObjectName("read_only_text")
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    banner.setStyleSheet(BANNER_STYLE)
    banner.addWidget(label)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, banner)
    for path, action in window_actions(window):
        if changes_project(path):
            action.setEnabled(False)
    return banner
