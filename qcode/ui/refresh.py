"""Refresh a dock only when it can be seen, and a changed line of text without a layout pass.

A dock closed or tabbed behind another does no work on a change; it remembers what it
owes (by name, so two changes owe one refresh) and pays it when it becomes visible.
Real visibility is asked of the widget's visible region, not ``isVisible()``, which
stays true for a dock whose tab is not the current one.

A ``SteadyLabel`` is a one-line label whose new text only repaints it: a ``QLabel``'s new
text asks its layout again, and the request climbs up to the main window, which lays out
every dock once more on each coding (a title's count, a summary, the status line).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QHeaderView,
    QLabel,
    QTreeView,
    QWidget,
)


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


class SteadyLabel(QWidget):
    """One line of text that changes often: ``setText`` repaints it and lays nothing out.

    It holds a ``QLabel`` (``label``) of fixed size, which asks no layout when its text
    changes, and gives it its own size when resized; its hint is one line of the text."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(text, self)
        self.setAutoFillBackground(True)  # opaque: what is behind it is not painted again
        self.line_height = -1  # the height last given to the layout

    def text(self) -> str:
        return self.label.text()

    def set_style(self, sheet: str) -> None:
        """Style the label (only when the sheet is new: each new one polishes it again)."""
        if sheet != self.label.styleSheet():
            self.label.setStyleSheet(sheet)
            self.fit_line()

    def fit_line(self) -> None:
        """Ask the layout again only if the line's height changed (a larger font: rare)."""
        if self.text_size().height() != self.line_height:
            self.updateGeometry()

    def setText(self, text: str) -> None:  # noqa: N802 - QLabel's name
        if text == self.label.text():
            return
        self.label.setText(text)
        self.fit_line()

    def text_size(self) -> QSize:
        """What the text needs, as a QLabel measures one line (a QLabel of fixed size says
        its fixed size instead)."""
        label = self.label
        label.ensurePolished()
        around = label.rect().size() - label.contentsRect().size()  # frame and padding
        text = label.fontMetrics().size(Qt.TextFlag.TextSingleLine, label.text())
        return text.expandedTo(QSize(0, label.fontMetrics().height())) + around

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        hint = self.text_size()
        self.line_height = hint.height()
        return hint

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self.text_size()  # (as a QLabel's: the next layout pass takes a longer text)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        self.label.setFixedSize(event.size())
        super().resizeEvent(event)
