"""The segments table's key columns in numpy: read, ranked by name, deduplicated, sorted."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from qcode.services.listing.pages import ranked_names
from qcode.services.listing.texts import lookup, lowered

COLUMNS = {"id": np.int64, "document_id": np.int32, "start": np.int32, "end": np.int32}
COLUMNS |= {"code_id": np.int32, "coder_id": np.int32}
ROWS_SQL = 'SELECT id, document_id, start, "end", code_id, coder_id FROM segments'


def as_columns(rows: Iterable[tuple[Any, ...]]) -> dict[str, np.ndarray]:
    flat = np.fromiter(itertools.chain.from_iterable(rows), dtype=np.int64)
    table = flat.reshape(-1, len(COLUMNS))
    table = table[np.argsort(table[:, 0], kind="stable")]
    return {name: table[:, j].astype(kind) for j, (name, kind) in enumerate(COLUMNS.items())}


@dataclass(frozen=True)
class Names:
    """The small tables as read at one select: each id's rank and name, by key column."""

    rank: dict[str, np.ndarray]
    names: dict[str, dict[int, str]]

    def cover(self, columns: dict[str, np.ndarray]) -> bool:
        """Whether every id these rows name has a rank here."""
        return all(
            int(columns[column].max(initial=-1)) < len(rank) for column, rank in self.rank.items()
        )

    def hits(self, column: str, needle: bytes) -> np.ndarray:
        """Which ids of ``column``'s table have a name holding the (lowered) needle."""
        hit = np.zeros(len(self.rank[column]), bool)
        named = [i for i, name in self.names[column].items() if needle in lowered(name)]
        hit[np.asarray(named, np.int64)] = True
        return hit


def read_names(session: Session, columns: dict[str, np.ndarray]) -> Names:
    tables = ranked_names(session)
    return Names(
        {column: lookup(order, columns[column]) for column, (order, _) in tables.items()},
        {column: names for column, (_, names) in tables.items()},
    )


def distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, ascending: a sort, then each run's first (numpy's hashing
    ``unique`` takes ten times as long on 300,000 slots)."""
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]


def packed_argsort(keys: list[np.ndarray]) -> np.ndarray:
    """The order of rows by these integer keys, ties by position: one sort of packed keys."""
    count = len(keys[0])
    if count == 0:
        return np.zeros(0, np.int64)
    keys = [key.astype(np.int64) - key.min() for key in keys] + [np.arange(count)]
    widths = [int(key.max()).bit_length() for key in keys]
    if sum(widths) > 62:
        return np.lexsort(keys[::-1])
    packed = np.zeros(count, np.int64)
    for key, width in zip(keys, widths, strict=True):
        packed = (packed << width) | key
    return np.argsort(packed)
