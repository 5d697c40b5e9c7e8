"""Team: the workshop, coders' copies and their merge, comparing coders, CMO configurations."""

from __future__ import annotations

from typing import Any

from qcode.ui.menus.bar import MenuBar

TITLE = "&Team"


def build(window: Any, bar: MenuBar) -> None:  # window: the MainWindow (it imports this)
    bar.add(TITLE, "&Workshop: walk the disagreements", window.open_workshop, "Ctrl+Shift+W")
    bar.add(TITLE, "Co&mpare coders", window.open_compare)
    bar.add(TITLE, "&CMO configurations", window.open_cmo, "Ctrl+Shift+M")
    bar.add(TITLE, "&Vignettes", window.open_vignettes)
    bar.separator(TITLE)
    bar.add(TITLE, "Make a coder's &copy…", window.ask_coder_copy)
    bar.add(TITLE, "&Merge a coder's copy…", window.ask_merge)
