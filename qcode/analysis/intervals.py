"""Half-open character spans and linear set operations on sorted, merged span lists."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from heapq import merge

Span = tuple[int, int]
"""A half-open range of code-point offsets: (start, end), end exclusive."""


def normalize(spans: Iterable[Span]) -> list[Span]:
    """Sort spans, drop empty ones and merge those that overlap or touch.

    The result is a *normalized* list: sorted, non-empty spans with gaps between them.
    """
    return _coalesce(sorted(_non_empty(spans)))


def union(a: Sequence[Span], b: Sequence[Span]) -> list[Span]:
    """Offsets in ``a`` or ``b``; both must be normalized."""
    return _coalesce(merge(a, b))


def intersection(a: Sequence[Span], b: Sequence[Span]) -> list[Span]:
    """Offsets in both ``a`` and ``b``; both must be normalized."""
    result: list[Span] = []
    i = j = 0
    while i < len(a) and j < len(b):
        start = max(a[i][0], b[j][0])
        end = min(a[i][1], b[j][1])
        if start < end:
            result.append((start, end))
        if a[i][1] <= b[j][1]:
            i += 1
        else:
            j += 1
    return result


def subtract(a: Sequence[Span], b: Sequence[Span]) -> list[Span]:
    """Offsets in ``a`` but not in ``b``; both must be normalized."""
    result: list[Span] = []
    j = 0
    for start, end in a:
        while j < len(b) and b[j][1] <= start:
            j += 1
        cursor = start
        k = j
        while k < len(b) and b[k][0] < end:
            if b[k][0] > cursor:
                result.append((cursor, b[k][0]))
            cursor = max(cursor, b[k][1])
            k += 1
        if cursor < end:
            result.append((cursor, end))
    return result


def total_length(spans: Iterable[Span]) -> int:
    """Number of distinct offsets covered by ``spans`` (overlaps counted once)."""
    return sum(end - start for start, end in normalize(spans))


def overlap_length(a: Span, b: Span) -> int:
    """Number of offsets two spans share; 0 when they are disjoint or only touch."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _coalesce(ordered: Iterable[Span]) -> list[Span]:
    """Merge overlapping or touching spans of a list sorted by start; drop empty ones."""
    result: list[Span] = []
    for start, end in _non_empty(ordered):
        if result and start <= result[-1][1]:
            if end > result[-1][1]:
                result[-1] = (result[-1][0], end)
        else:
            result.append((start, end))
    return result


def _non_empty(spans: Iterable[Span]) -> Iterator[Span]:
    return (span for span in spans if span[1] > span[0])
