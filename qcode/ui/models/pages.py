"""A table over keys in a given order whose rows are fetched a page at a time, never all.

The model's rows are keys (ids, or indices into arrays) in the order the owner sorted
them; a row's value is fetched with its page of ``page_size`` keys (``PAGE`` unless a
subclass says). ``data()`` never queries: a row not fetched yet shows "…" and asks for
its page, which is fetched on the next turn of the event loop and announced with
``dataChanged``. ``keep`` bounds the pages held:
the ones farthest from the page just fetched are dropped first (and fetched again if
shown again). Keys may grow at the end (``append``), for a list read window by window.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Generic, TypeVar

import numpy as np
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer

from qcode.ui.models.rows import RowsTableModel

Index = QModelIndex | QPersistentModelIndex
PAGE = 100
PENDING = "…"
R = TypeVar("R")
Fetch = Callable[[Sequence[int]], Mapping[int, Any]]
Sort = Callable[[int, bool], None]
SHOWN_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)


class PagesTableModel(RowsTableModel, Generic[R]):
    """Keys in a given order (its rows); their values fetched by page; a subclass shows them."""

    noun = "row"
    page_size = PAGE  # keys fetched at once

    def __init__(self, fetch: Fetch, sort: Sort | None = None, keep: int | None = None) -> None:
        super().__init__()
        self.fetch = fetch
        self.on_sort = sort
        self.keep = keep
        self.pages: dict[int, Mapping[int, R]] = {}
        self.wanted: set[int] = set()

    @property
    def ids(self) -> Any:
        return self.rows

    def set_ids(
        self, ids: Sequence[int], pages: Mapping[int, Mapping[int, R]] | None = None
    ) -> None:
        """Show these keys (arrays kept as they are, anything else as a list), with the
        pages already fetched for them; the rest come on demand.

        The same keys as now keep the view as it is (scroll, selection) and only repaint.
        """
        self.wanted.clear()
        fetched = dict(pages or {})
        if len(ids) and len(ids) == len(self.rows) and bool(np.array_equal(ids, self.rows)):
            self.pages = fetched
            last = self.index(len(self.rows) - 1, len(self.headers) - 1)
            self.dataChanged.emit(self.index(0, 0), last)
            return
        self.beginResetModel()
        self.pages = fetched
        self.rows = ids if isinstance(ids, np.ndarray | array) else list(ids)
        self.endResetModel()

    def move_ids(
        self, ids: np.ndarray, touched: np.ndarray, values: Mapping[int, R]
    ) -> bool:
        """Show these keys, which differ from the shown ones only in the ``touched`` keys:
        those rows are removed and inserted one by one, so the rows around them, the
        scroll position and the selection stay. ``values`` are new rows' values.

        False (nothing done) if the other keys are not the same, in the same order, as now.
        """
        old = np.asarray(self.rows, np.int64)
        gone = np.flatnonzero(np.isin(old, touched))  # (a few: never a set operation on
        come = np.flatnonzero(np.isin(ids, touched))  # two whole lists, 2 ms at 300,000)
        if not np.array_equal(np.delete(old, gone), np.delete(ids, come)):
            return False
        held = {key: value for page in self.pages.values() for key, value in page.items()}
        held.update(values)
        loaded = set(self.pages)
        for row in gone[::-1].tolist():
            self.beginRemoveRows(QModelIndex(), row, row)
            self.rows = np.delete(self.rows, row)
            self.endRemoveRows()
        for row in come.tolist():
            self.beginInsertRows(QModelIndex(), row, row)
            self.rows = np.insert(self.rows, row, ids[row])
            self.endInsertRows()
        self.pages = {page: self.held_in(page, held) for page in loaded}
        return True

    def held_in(self, page: int, held: Mapping[int, R]) -> dict[int, R]:
        """The values held for one page's keys (a key shifted in from a page not held has
        none, and its page is fetched when shown)."""
        keys = self.rows[page * self.page_size : (page + 1) * self.page_size]
        return {int(key): held[int(key)] for key in keys if int(key) in held}

    def pages_between(self, first_row: int, last_row: int) -> list[int]:
        """The pages holding rows ``first_row``..``last_row`` (what a view shows)."""
        size = self.page_size
        return list(range(max(0, first_row) // size, max(0, last_row) // size + 1))

    def append(self, ids: Sequence[int], values: Mapping[int, R] | None = None) -> None:
        """More keys at the end; ``values`` are theirs when they fill exactly one new page."""
        if not len(ids):
            return
        first = len(self.rows)
        self.beginInsertRows(QModelIndex(), first, first + len(ids) - 1)
        self.rows.extend(ids)
        self.endInsertRows()
        if values is not None and first % self.page_size == 0 and len(ids) <= self.page_size:
            self.store(first // self.page_size, values)

    def loaded_rows(self) -> int:
        """How many rows' values the model holds now."""
        return sum(len(page) for page in self.pages.values())

    # -- pages ---------------------------------------------------------------------------------

    def cached(self, row: int) -> R | None:
        page = self.pages.get(row // self.page_size)
        return None if page is None else page.get(self.ids[row])

    def row_at(self, row: int) -> R:
        """The row (fetching its page now if needed): for actions, never for painting."""
        if row // self.page_size not in self.pages:
            self.load_page(row // self.page_size)
        found = self.cached(row)
        assert found is not None, f"{self.noun} {self.ids[row]} vanished"
        return found

    def load_page(self, page: int) -> None:
        ids = self.ids[page * self.page_size : (page + 1) * self.page_size]
        self.store(page, self.fetch(ids))
        first, last = page * self.page_size, page * self.page_size + len(ids) - 1
        if len(ids):
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(self.headers) - 1))

    def store(self, page: int, values: Mapping[int, R]) -> None:
        self.pages[page] = values
        self.wanted.discard(page)
        if self.keep is not None and len(self.pages) > self.keep:
            farthest = sorted(self.pages, key=lambda held: abs(held - page), reverse=True)
            for held in farthest[: len(self.pages) - self.keep]:
                del self.pages[held]

    def want(self, page: int) -> None:
        if page not in self.wanted:
            if not self.wanted:
                QTimer.singleShot(0, self.load_wanted)
            self.wanted.add(page)

    def load_wanted(self) -> None:
        for page in sorted(self.wanted):
            if page * self.page_size < len(self.ids):
                self.load_page(page)
        self.wanted.clear()

    # -- Qt model ------------------------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role not in SHOWN_ROLES:
            return None
        value = self.cached(index.row())
        if value is None:
            self.want(index.row() // self.page_size)
            return PENDING if role == Qt.ItemDataRole.DisplayRole else None
        return self.show(value, index.column(), role)

    def show(self, value: R, column: int, role: int) -> object:
        """A fetched row's cell: its text (display role) or its tooltip."""
        raise NotImplementedError

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self.on_sort is not None:
            self.on_sort(column, order == Qt.SortOrder.DescendingOrder)
