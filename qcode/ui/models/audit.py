"""Audit events as a table, newest first: when, who, action, target, before, after, reason."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from qcode.services.auditlog import LogLine

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("When", "Who", "Action", "Target", "Before", "After", "Reason")
SHOWN_CHARS = 160
FULL_TEXT_ROLE = Qt.ItemDataRole.UserRole + 1
"""Each cell's whole text (a before/after value unshortened): what the filter looks in."""


def local_time(when: str) -> str:
    """A stored UTC time ("2025-03-01 09:30:00") in the computer's time zone."""
    try:
        moment = datetime.fromisoformat(when).replace(tzinfo=UTC)
    except ValueError:
        return when
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def readable(value: str) -> str:
    """A before/after value on one line: "name: Time · text: …" rather than raw JSON."""
    if not value:
        return ""
    try:
        data = json.loads(value)
    except ValueError:
        return " ".join(value.split())
    if isinstance(data, dict):
        text = " · ".join(f"{key}: {compact(item)}" for key, item in data.items())
    else:
        text = compact(data)
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def compact(item: object) -> str:
    if isinstance(item, str):
        return " ".join(item.split())
    if isinstance(item, list) and all(isinstance(part, str) for part in item):
        return " / ".join(item)
    return json.dumps(item, ensure_ascii=False)


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


class AuditTableModel(QAbstractTableModel):
    """Rows of :class:`LogLine`, newest first; nothing is read from the project while painting."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[LogLine] = []
        self.shown: list[tuple[str, ...]] = []

    def set_lines(self, lines_oldest_first: list[LogLine]) -> None:
        self.beginResetModel()
        self.lines = list(reversed(lines_oldest_first))
        self.shown = [
            (local_time(line.when), line.who, line.action, short_target(line))
            + (readable(line.before), readable(line.after), line.reason)
            for line in self.lines
        ]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return HEADERS[section] if orientation == Qt.Orientation.Horizontal else section + 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.shown[index.row()][column]
        if role == FULL_TEXT_ROLE:
            raw = {4: line.before, 5: line.after}.get(column, "")
            return f"{self.shown[index.row()][column]} {raw}"
        if role == Qt.ItemDataRole.ToolTipRole:
            full = (f"{line.when} UTC", line.who, line.action, f"{line.target_type} {line.target}")
            full += (pretty(line.before), pretty(line.after), line.reason)
            return full[column] or None
        return None


class AuditFilterModel(QSortFilterProxyModel):
    """Keeps the events with the filter text in any column (case-insensitive)."""

    def __init__(self) -> None:
        super().__init__()
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self.setFilterRole(FULL_TEXT_ROLE)
