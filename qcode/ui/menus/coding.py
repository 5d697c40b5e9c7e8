"""Code: code the selection with a picked, the current or a recent code, or in vivo."""

from __future__ import annotations

from typing import Any

from qcode.ui.menus.bar import MenuBar
from qcode.ui.workbench import RECENT_LIMIT

TITLE = "&Code"


def build(window: Any, bar: MenuBar) -> None:  # window: the MainWindow (it imports this)
    bar.add(TITLE, "Code with… (fuzzy pick)", window.pick_and_code, "Ctrl+K")
    bar.add(TITLE, "Code with current code", window.code_with_current, "Ctrl+Return")
    bar.add(TITLE, "Code in &vivo", window.code_in_vivo, "Ctrl+I")
    bar.separator(TITLE)
    window.recent_actions = [
        bar.add(TITLE, f"Recent code {n}", lambda n=n: window.code_recent(n - 1), f"Ctrl+{n}")
        for n in range(1, RECENT_LIMIT + 1)
    ]
