"""Refresh a dock only when it can be seen: on screen now, or as soon as it is shown again.

A dock closed or tabbed behind another does no work on a change; it remembers what it
owes (by name, so two changes owe one refresh) and pays it when it becomes visible.
Real visibility is asked of the widget's visible region, not ``isVisible()``, which
stays true for a dock whose tab is not the current one.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDockWidget, QHeaderView, QTreeView


def on_screen(dock: QDockWidget) -> bool:
    """Whether any part of the dock is visible to the user right now."""
    return dock.isVisible() and not dock.visibleRegion().isEmpty()


class WhenShown(QObject):
    """Runs a dock's refreshes now if it is on screen, else once when it is next shown."""

    def __init__(self, dock: QDockWidget) -> None:
        super().__init__(dock)
        self.dock = dock
        self.owed: dict[str, Callable[[], None]] = {}
        dock.visibilityChanged.connect(self.on_visibility)

    @property
    def stale(self) -> bool:
        return bool(self.owed)

    def run(self, name: str, refresh: Callable[[], None]) -> None:
        """Refresh now if the dock is seen; otherwise remember to (one per name)."""
        if on_screen(self.dock):
            self.owed.pop(name, None)
            refresh()
        else:
            self.owed[name] = refresh

    def on_visibility(self, visible: bool) -> None:
        if visible and self.owed:
            owed, self.owed = self.owed, {}
            for refresh in owed.values():
                refresh()


def fit_number_columns(view: QTreeView, columns: tuple[int, ...], sample: str = "99999") -> None:
    """Give short number columns a fixed width that fits their heading and five digits.

    Resize-to-contents would measure every row again on each changed count. Call it
    again after a model reset, which gives sections their default size.
    """
    header = view.header()
    width = view.fontMetrics().horizontalAdvance(sample) + 16
    for column in columns:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(column, max(width, header.sectionSizeHint(column)))
