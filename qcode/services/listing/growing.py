"""Long columns changed in place of a copy: grown at their end into spare room, or spliced."""

from __future__ import annotations

import ctypes

import numpy as np

ROOM = 1024  # at least this many spare rows behind a buffer made anew


def appended(column: np.ndarray, values: np.ndarray) -> np.ndarray:
    """``column`` followed by ``values``, written into the room behind it when its buffer
    has some (no copy); else a new buffer with a quarter again as much room.

    Only the newest view of a buffer may be appended to (an older, shorter one would
    write over the rows appended since): the index keeps just one.
    """
    size, added = len(column), len(values)
    buffer = column.base
    if (
        isinstance(buffer, np.ndarray)
        and buffer.ndim == 1
        and buffer.dtype == column.dtype
        and column.strides == buffer.strides
        and column.ctypes.data == buffer.ctypes.data
        and len(buffer) >= size + added
    ):
        buffer[size : size + added] = values
        return buffer[: size + added]
    buffer = np.empty(max(size + added + ROOM, (size + added) * 5 // 4), column.dtype)
    buffer[:size] = column
    buffer[size : size + added] = values
    return buffer[: size + added]


def spliced(column: np.ndarray, gone: np.ndarray, at: np.ndarray, values: np.ndarray) -> np.ndarray:
    """``column`` without the rows at the ``gone`` slots (ascending), with ``values`` put
    before the kept rows at the places ``at`` (ascending; a place counts kept rows only).

    Built from contiguous runs (a copy at memory speed), not a mask or a sort over every
    row: a coding that folds a few segments moves a few runs of a long column.
    """
    if not len(gone) and not len(at):
        return column
    cuts = np.asarray(gone, np.int64)
    values = np.asarray(values, column.dtype)  # (a wider dtype would widen, then copy, all)
    run_starts = np.concatenate([[0], cuts + 1])  # the runs of kept rows between cuts
    run_ends = np.concatenate([cuts, [len(column)]])
    size = len(column) - len(cuts) + len(values)
    out = np.empty(max(size + ROOM, size * 5 // 4), column.dtype)  # room for the next coding
    filled = put = 0  # rows written; values placed
    for first, end in zip(run_starts.tolist(), run_ends.tolist(), strict=True):
        while first < end:
            if put < len(at) and at[put] <= filled - put:  # (kept rows written: filled - put)
                out[filled] = values[put]
                filled, put = filled + 1, put + 1
                continue
            stop = end if put >= len(at) else min(end, first + int(at[put]) - (filled - put))
            out[filled : filled + stop - first] = column[first:stop]
            filled, first = filled + stop - first, stop
    out[filled:size] = values[put:]
    return out[:size]


def compacted(column: np.ndarray, gone: np.ndarray) -> np.ndarray:
    """``column`` without the rows at the ``gone`` slots (ascending, distinct), the rows
    after each moved down in its own buffer (a memmove: no allocation, nothing copied twice).

    The result is a view of the same buffer from the same start, so :func:`appended` can
    still grow it into the room behind; ``column`` itself must not be used afterwards.
    """
    if not len(gone):
        return column
    if not column.flags.c_contiguous:
        keep = np.ones(len(column), bool)
        keep[gone] = False
        return column[keep]
    width, base = column.itemsize, column.ctypes.data
    bounds = [*gone.tolist(), len(column)]
    for removed, (slot, following) in enumerate(zip(bounds, bounds[1:], strict=False), start=1):
        count = following - slot - 1  # the rows between this gone slot and the next
        if count > 0:
            target, source = base + (slot + 1 - removed) * width, base + (slot + 1) * width
            ctypes.memmove(target, source, count * width)
    return column[: len(column) - len(gone)]
