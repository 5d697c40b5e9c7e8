"""Edit: undo and redo anything (named by the action), find in all documents, find passages
like the selection or the current code."""

from __future__ import annotations

from typing import Any

from qcode.ui.menus.bar import MenuBar

TITLE = "&Edit"


def build(window: Any, bar: MenuBar) -> None:  # window: the MainWindow (it imports this)
    window.undo_action = bar.add(TITLE, "&Undo", window.workbench.undo, "Ctrl+Z")
    window.redo_action = bar.add(TITLE, "&Redo", window.workbench.redo, "Ctrl+Shift+Z")
    bar.separator(TITLE)
    bar.add(TITLE, "&Find in all documents…", lambda: find_in_documents(window), "Ctrl+Shift+F")
    bar.add(TITLE, "Find passages &like this", lambda: find_like_this(window), "Ctrl+Shift+L")
    window.transcript.view.like_this_requested.connect(lambda: find_like_this(window))
    window.segments.like_segment_requested.connect(lambda sid: find_like_segment(window, sid))


def find_in_documents(window: Any) -> None:
    """Bring the search panel forward with its query box ready for typing."""
    dock = window.search_dock
    dock.show()
    dock.raise_()
    dock.query_box.setFocus()
    dock.query_box.selectAll()


def show_like_this(window: Any) -> Any:
    """The search panel brought forward on "Like this"; its panel."""
    dock = window.search_dock
    dock.show()
    dock.raise_()
    dock.tabs.setCurrentWidget(dock.like_this)
    return dock.like_this


def find_like_segment(window: Any, segment_id: int) -> None:
    """Passages like a segment of Coded segments (its right-click menu)."""
    show_like_this(window).like_segment(segment_id)


def find_like_this(window: Any) -> None:
    """Bring the search panel forward on "Like this" and ask for passages like the selection
    (or, with none, the current code), indexing the texts first if none are indexed."""
    show_like_this(window).like_this_now()
