"""Show a workshop unit in the text once it is counted, unless the researcher moved on first."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QDockWidget, QWidget

from qcode.ui.workbench import Workbench

MOVING_ON = (QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.Wheel)


class FollowLater(QObject):
    """A wish to show the current unit in the transcript when the listing arrives.

    Asked for while the disagreements are still being counted (opening the workshop),
    it is dropped if anything else happens first: a click, key or wheel outside the
    dock, a change to the project, or another view showing some text. So a late result
    never moves the transcript under a researcher who has gone on working.
    """

    def __init__(self, dock: QDockWidget, workbench: Workbench) -> None:
        super().__init__(dock)
        self.dock = dock
        self.wanted = False
        workbench.changed.connect(lambda _change: self.drop())
        workbench.show_text.connect(lambda *_where: self.drop())

    def want(self) -> None:
        if not self.wanted:
            self.wanted = True
            QApplication.instance().installEventFilter(self)

    def take(self) -> bool:
        """Whether the wish still stands (it is used up either way)."""
        wanted = self.wanted
        self.drop()
        return wanted

    def drop(self) -> None:
        if self.wanted:
            self.wanted = False
            QApplication.instance().removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in MOVING_ON and isinstance(watched, QWidget) and not self.inside(watched):
            self.drop()
        return False

    def inside(self, widget: QWidget) -> bool:
        return widget is self.dock or self.dock.isAncestorOf(widget)
