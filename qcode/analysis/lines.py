"""1-based line numbers of code-point offsets, and quote citations built from them."""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate

from qcode.analysis.intervals import Span

EN_DASH = "\u2013"


class LineIndex:
    """Line starts of one text, found once; lines are counted on "\\n" only.

    A "\\f" (page break) does not start a line. A text ending in "\\n" has an empty
    last line, as in an editor.
    """

    __slots__ = ("_length", "_starts")

    def __init__(self, text: str) -> None:
        lines = text.split("\n")[:-1]  # each line's length and its "\n", summed in C:
        self._starts = [0, *accumulate(map((1).__add__, map(len, lines)))]
        self._length = len(text)

    @property
    def line_count(self) -> int:
        """Number of lines: one more than the number of "\\n"."""
        return len(self._starts)

    def line_of(self, offset: int) -> int:
        """1-based line holding ``offset``; a "\\n" belongs to the line it ends.

        ``offset`` may equal the text length (the position after the last character).
        """
        if not 0 <= offset <= self._length:
            raise ValueError(f"offset {offset} is outside the text (0–{self._length})")
        return bisect_right(self._starts, offset)

    def lines_of(self, start: int, end: int) -> tuple[int, int]:
        """First and last line of the span; the last is the line of character ``end - 1``.

        An empty span lies on the line of ``start``.
        """
        if end < start:
            raise ValueError(f"span ({start}, {end}) ends before it starts")
        if not (0 <= start <= self._length and end - 1 <= self._length):  # (checked once)
            self.line_of(start)  # one of the two raises, naming the offset outside
            self.line_of(end - 1)
        first = bisect_right(self._starts, start)
        last = bisect_right(self._starts, end - 1) if end > start else first
        return first, last

    def line_span(self, line: int) -> Span:
        """Offsets of a 1-based line's text, without its closing "\\n"."""
        if not 1 <= line <= len(self._starts):
            raise ValueError(f"line {line} is outside the text (1–{len(self._starts)})")
        start = self._starts[line - 1]
        end = self._starts[line] - 1 if line < len(self._starts) else self._length
        return start, end


def citation(label: str, start: int, end: int, index: LineIndex) -> str:
    """Cite a span as "PJ 1, line 12" or "PJ 1, lines 12–14"."""
    first, last = index.lines_of(start, end)
    if first == last:
        return f"{label}, line {first}"
    return f"{label}, lines {first}{EN_DASH}{last}"
