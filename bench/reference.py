"""A per-character reference for pair agreement: 0/1 arrays per code × document × coder, counted.

Plain Python and sqlite3 only (no numpy, nothing of qcode's): the figure to beat, and a
check of the pooled overall counts the service reports.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from operator import and_
from pathlib import Path

Counts = tuple[int, int, int, int]  # both, a_only, b_only, neither


@dataclass(frozen=True)
class Scope:
    """The coders (by id, in order), documents (id → characters) and codes compared."""

    coders: list[int]
    documents: dict[int, int]
    codes: list[int]


def read_only(path: Path) -> sqlite3.Connection:
    """A connection that can neither write to ``path`` nor create it."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def coder_ids(conn: sqlite3.Connection, names: list[str]) -> list[int]:
    found = dict(conn.execute("SELECT name, id FROM coders").fetchall())
    return [found[name] for name in names]


def segments(
    conn: sqlite3.Connection, coders: list[int], documents: list[int]
) -> list[tuple[int, int, int, int, int]]:
    """(code, document, coder, start, end) of the coders' segments in the documents."""
    rows = []
    for doc in documents:
        rows += conn.execute(
            f'SELECT code_id, document_id, coder_id, start, "end" FROM segments '
            f"WHERE document_id = ? AND coder_id IN ({','.join('?' * len(coders))})",
            (doc, *coders),
        ).fetchall()
    return rows


def pair_counts(path: Path, coder_names: list[str], documents: list[int]) -> dict[tuple, Counts]:
    """Pooled counts per coder pair over every code used × every document given.

    For each code × document, each coder's coding becomes a bytearray of 0/1 per
    character; each pair's ``both`` is counted character by character.
    """
    with read_only(path) as conn:
        coders = coder_ids(conn, coder_names)
        marks = ",".join("?" * len(documents))
        query = f"SELECT id, length(text) FROM documents WHERE id IN ({marks})"
        sizes = dict(conn.execute(query, documents).fetchall())
        rows = segments(conn, coders, documents)
    spans: dict[tuple[int, int, int], list[tuple[int, int]]] = defaultdict(list)
    for code, doc, coder, start, end in rows:
        spans[code, doc, coder].append((start, end))
    scope = Scope(coders, sizes, sorted({row[0] for row in rows}))
    return count_all(scope, spans, coder_names)


def count_all(
    scope: Scope, spans: dict[tuple[int, int, int], list[tuple[int, int]]], names: list[str]
) -> dict[tuple, Counts]:
    """Each pair's counts pooled over the codes either coder of the pair used (a code only
    other coders used is not the pair's), every document of the scope."""
    pairs = list(combinations(range(len(scope.coders)), 2))
    totals = {pair: [0, 0, 0, 0] for pair in pairs}
    for code in scope.codes:
        of_code = {pair: [0, 0, 0, 0] for pair in pairs}
        for doc, size in scope.documents.items():
            marks = [bytearray(size) for _ in scope.coders]
            for number, coder in enumerate(scope.coders):
                for start, end in spans.get((code, doc, coder), ()):
                    marks[number][start:end] = b"\x01" * (end - start)
            coded = [sum(mark) for mark in marks]
            for a, b in pairs:
                both = sum(map(and_, marks[a], marks[b]))
                total = of_code[a, b]
                total[0] += both
                total[1] += coded[a] - both
                total[2] += coded[b] - both
                total[3] += size - coded[a] - coded[b] + both
        for pair, counts in of_code.items():
            if sum(counts[:3]):
                totals[pair] = [t + c for t, c in zip(totals[pair], counts, strict=True)]
    return {(names[a], names[b]): tuple(values) for (a, b), values in totals.items()}  # type: ignore[misc]
