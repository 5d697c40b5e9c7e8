"""Audit events as a table, newest first, read a window at a time: when, who, action, target…"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from PySide6.QtCore import QModelIndex, Qt

from qcode.services.auditlog import LogLine, readable
from qcode.ui.models.pages import Index, PagesTableModel, Sort

__all__ = ["HEADERS", "AuditPagesModel", "local_time", "pretty", "readable", "short_target"]

HEADERS = ("When", "Who", "Action", "Target", "Before", "After", "Reason")
KEEP_PAGES = 8  # windows held at once; more are read again from the project when shown
FetchLines = Callable[[Sequence[int]], Mapping[int, LogLine]]


def local_time(when: str) -> str:
    """A stored UTC time ("2025-03-01 09:30:00") in the computer's time zone."""
    try:
        moment = datetime.fromisoformat(when).replace(tzinfo=UTC)
    except ValueError:
        return when
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def pretty(value: str) -> str:
    """The full value for a tooltip, indented when it is JSON."""
    try:
        return json.dumps(json.loads(value), ensure_ascii=False, indent=2)
    except ValueError:
        return value


def short_target(line: LogLine) -> str:
    """The target's kind and id, a GUID shortened to its first eight characters."""
    target = line.target
    if len(target) == 36 and target.count("-") == 4:
        target = target[:8]
    return f"{line.target_type} {target}".strip()


@dataclass(frozen=True)
class ShownLine:
    """An event and its cells as shown, worked out once when its window is read."""

    line: LogLine
    cells: tuple[str, ...]


def shown_lines(lines: Mapping[int, LogLine]) -> dict[int, ShownLine]:
    return {
        event_id: ShownLine(
            line,
            (local_time(line.when), line.who, line.action, short_target(line))
            + (readable(line.before), readable(line.after), line.reason),
        )
        for event_id, line in lines.items()
    }


class AuditPagesModel(PagesTableModel[ShownLine]):
    """Event ids in the listing's order, grown a window at a time as the view scrolls down.

    ``fetchMore`` asks the owner for the next window (``more``), which it reads off the
    UI thread and hands back with ``add_window``; only a few windows' lines are held.
    """

    headers = HEADERS
    noun = "audit event"

    def __init__(self, fetch: FetchLines, sort: Sort, more: Callable[[], None]) -> None:
        super().__init__(lambda ids: shown_lines(fetch(ids)), sort, keep=KEEP_PAGES)
        self.on_more = more
        self.more = False  # the listing has events past the last window read
        self.fetching = False

    def set_window(self, ids: Sequence[int], lines: Mapping[int, LogLine], more: bool) -> None:
        """Start the list again with its first window."""
        self.more, self.fetching = more, False
        self.set_ids(ids, {0: shown_lines(lines)} if ids else None)

    def add_window(self, ids: Sequence[int], lines: Mapping[int, LogLine], more: bool) -> None:
        self.more, self.fetching = more, False
        self.append(ids, shown_lines(lines))

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and self.more and not self.fetching

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802, B008
        if self.canFetchMore(parent):
            self.fetching = True
            self.on_more()

    def show(self, value: ShownLine, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            return value.cells[column]
        line = value.line
        full = (f"{line.when} UTC", line.who, line.action, f"{line.target_type} {line.target}")
        full += (pretty(line.before), pretty(line.after), line.reason)
        return full[column] or None
