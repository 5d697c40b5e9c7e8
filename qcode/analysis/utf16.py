"""Map code-point offsets (what qcode stores) to UTF-16 positions (what Qt counts) and back."""

from __future__ import annotations

from bisect import bisect_left


class Utf16Map:
    """Offsets of one text in both units; the identity for texts with no character past U+FFFF."""

    __slots__ = ("_astral", "_astral16")

    def __init__(self, text: str) -> None:
        self._astral = [] if text.isascii() else [i for i, c in enumerate(text) if ord(c) > 0xFFFF]
        # Where each such character starts in UTF-16: one extra unit per earlier one.
        self._astral16 = [offset + n for n, offset in enumerate(self._astral)]

    def to_utf16(self, offset: int) -> int:
        """UTF-16 position of a code-point offset."""
        return offset + bisect_left(self._astral, offset)

    def to_offset(self, position: int) -> int:
        """Code-point offset of a UTF-16 position; one inside a surrogate pair rounds down."""
        before = bisect_left(self._astral16, position)
        if before and self._astral16[before - 1] + 1 == position:
            return self._astral[before - 1]
        return position - before
