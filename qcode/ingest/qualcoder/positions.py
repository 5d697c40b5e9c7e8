"""QualCoder positions onto qcode's text: code points of ``fulltext``, checked by the quote.

QualCoder counts ``pos0``/``pos1`` in code points of the stored ``fulltext`` (Python string
indices) and keeps the coded text beside them (``seltext``). Some versions took positions
from Qt, which counts a character beyond U+FFFF (an emoji) as two UTF-16 units; where the
quote reads right only under that counting, that counting is used. qcode's text has
``\\n`` line endings, so a CR LF in ``fulltext`` counts as one character after it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field

POINTS, UTF16, DIFFERS, OUTSIDE = "points", "utf16", "differs", "outside"


def normalised(text: str) -> str:
    """Line endings as qcode stores them; nothing else changes."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


@dataclass
class TextIndex:
    """One source's text: the raw ``fulltext``, qcode's text, and how positions map."""

    raw: str
    text: str = field(init=False)
    votes: Counter[str] = field(default_factory=Counter, init=False)

    def __post_init__(self) -> None:
        self.text = normalised(self.raw)
        self._dropped = [i for i, char in enumerate(self.raw) if char == "\r" and self._lf(i)]
        astral = [i for i, char in enumerate(self.raw) if ord(char) > 0xFFFF]
        self._astral_units = [offset + n for n, offset in enumerate(astral)]

    def _lf(self, i: int) -> bool:
        return self.raw[i + 1 : i + 2] == "\n"

    def to_text(self, point: int) -> int:
        """A code-point offset into ``raw`` → the offset into qcode's text."""
        return point - bisect_left(self._dropped, point)

    def from_units(self, unit: int) -> int | None:
        """A UTF-16 offset into ``raw`` → its code-point offset; None inside a surrogate pair."""
        before = bisect_left(self._astral_units, unit)
        if before and self._astral_units[before - 1] == unit - 1:
            return None
        return unit - before

    def locate(self, start: object, end: object, quote: str | None) -> tuple[int, int, str]:
        """Where a stored span lies in qcode's text, and how it was read (POINTS … OUTSIDE)."""
        if not isinstance(start, int) or not isinstance(end, int):
            return 0, 0, OUTSIDE
        fits = 0 <= start < end <= len(self.raw)
        if fits and reads(self.raw[start:end], quote):
            return self._span(start, end, POINTS, quote)
        if self._astral_units and quote:
            first, last = self.from_units(start), self.from_units(end)
            if (
                first is not None
                and last is not None
                and first < last <= len(self.raw)
                and reads(self.raw[first:last], quote)
            ):
                return self._span(first, last, UTF16, quote)
        if fits:
            return self._span(start, end, DIFFERS, None)
        return 0, 0, OUTSIDE

    def _span(self, start: int, end: int, how: str, quote: str | None) -> tuple[int, int, str]:
        if quote and how == POINTS and self._astral_before(end):
            self.votes[POINTS] += 1  # the other counting would have read other text
        elif how == UTF16:
            self.votes[UTF16] += 1
        first, last = self.to_text(start), self.to_text(end)
        return (first, last, how) if first < last else (0, 0, OUTSIDE)

    def _astral_before(self, end: int) -> bool:
        return bool(self._astral_units) and self._astral_units[0] < end

    def place(self, start: object, end: object) -> tuple[int, int] | None:
        """A span with no quote to check (a case link, an annotation), counted as this
        source's codings were; None if it falls outside the text."""
        if not isinstance(start, int) or not isinstance(end, int):
            return None
        if self.votes[UTF16] > self.votes[POINTS]:
            first, last = self.from_units(start), self.from_units(end)
            if first is None or last is None:
                return None
            start, end = first, last
        if not 0 <= start < end <= len(self.raw):
            return None
        first, last = self.to_text(start), self.to_text(end)
        return (first, last) if first < last else None

    def covers(self, start: object, end: object) -> bool:
        """Whether a case link takes in the whole text (QualCoder links a file as 0 to its end)."""
        if start not in (None, 0):
            return False
        return end is None or (isinstance(end, int) and end >= len(self.raw))


def reads(found: str, quote: str | None) -> bool:
    """Whether the text at a span is the quoted text (Qt's paragraph mark read as a newline)."""
    if not quote:
        return True
    return normalised(found) == normalised(quote.replace("\u2029", "\n"))
