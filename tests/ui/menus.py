"""Finding and triggering the window's menu actions by the titles a user reads."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow

from qcode.ui.menus.bar import window_actions


def every_action(window: QMainWindow) -> dict[tuple[str, ...], QAction]:
    """Each action by its menu path, e.g. ("Team", "Merge a coder's copy…")."""
    return dict(window_actions(window))


def action_at(window: QMainWindow, *path: str) -> QAction:
    """The action at a menu path; an action named by what it does now ("Undo Code …")
    is also found by its first word ("Undo")."""
    actions = every_action(window)
    if path in actions:
        return actions[path]
    *menus, last = path
    for found, action in actions.items():
        if list(found[:-1]) == menus and found[-1].split(" ")[0] == last:
            return action
    raise LookupError(f"no menu action {' ▸ '.join(path)}; there are {sorted(actions)}")


def trigger(window: QMainWindow, *path: str) -> None:
    """Do what choosing ``Menu ▸ … ▸ Action`` does."""
    action = action_at(window, *path)
    assert action.isEnabled(), f"{' ▸ '.join(path)} is disabled"
    action.trigger()
