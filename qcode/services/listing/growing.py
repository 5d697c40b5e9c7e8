"""Arrays that grow at their end in amortised time: spare room is kept behind them."""

from __future__ import annotations

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
