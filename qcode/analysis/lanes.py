"""Pack coded spans into the fewest side-by-side lanes, as coding stripes are drawn."""

from __future__ import annotations

from collections.abc import Sequence
from heapq import heappop, heappush
from typing import TypeVar

T = TypeVar("T")


def pack_lanes(spans: Sequence[tuple[int, int, T]]) -> list[tuple[int, int, int, T]]:
    """Give each (start, end, item) a lane so that spans in one lane do not overlap.

    Spans are taken by start (longer first on ties) and put in the lowest free lane,
    which uses as few lanes as the deepest overlap needs. Returns (lane, start, end, item).
    """
    ordered = sorted((span[0], -span[1], i) for i, span in enumerate(spans))
    busy: list[tuple[int, int]] = []  # (end, lane) of spans still open
    free: list[int] = []
    lanes = 0
    placed = []
    for start, negative_end, index in ordered:
        end, item = -negative_end, spans[index][2]
        while busy and busy[0][0] <= start:
            heappush(free, heappop(busy)[1])
        if free:
            lane = heappop(free)
        else:
            lane, lanes = lanes, lanes + 1
        heappush(busy, (end, lane))
        placed.append((lane, start, end, item))
    return placed
