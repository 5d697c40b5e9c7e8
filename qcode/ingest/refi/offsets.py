"""Which way a sending tool counted selection offsets, and mapping them onto qcode's text.

qcode stores text with ``\\n`` line endings and counts code points. A source file from
another tool may have CR LF line endings, a byte-order mark and characters beyond
U+FFFF, and tools disagree on how to count them: ATLAS.ti counts a CR LF as one
character, others (and the file itself) as two; .NET and Java tools count UTF-16
units; a few count the BOM. Each way of counting is a *convention*; every one that
would give different offsets for this text is tried on all its selections, and the
one chosen is the one under which

1. no selection starts or ends inside a CR LF pair, a surrogate pair or the BOM,
2. no selection runs past the end of the text, and
3. the most selections read the text the file quotes for them (a selection's
   ``name`` is often its text, possibly cut short with "…").

On a tie, the file's own characters are assumed (CR LF = 2, code points, no BOM),
except for files written by ATLAS.ti, where CR LF = 1; the caller reports a tie that
changes any offset. Files qcode wrote itself are taken as written (``exact``).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

Span = tuple[int, int, str | None]  # start, end, quoted text (the selection's name)
_CRLF = re.compile("\r\n")
_ELLIPSIS = ("…", "...")


@dataclass(frozen=True)
class Convention:
    """One way of counting: CR LF as two units, UTF-16 units, BOM counted."""

    crlf_two: bool = False
    utf16: bool = False
    bom: bool = False

    def describe(self) -> str:
        parts = ["a line break (CR LF) as " + ("2 characters" if self.crlf_two else "1 character")]
        if self.utf16:
            parts.append("UTF-16 units")
        if self.bom:
            parts.append("the byte-order mark as a character")
        return ", ".join(parts)


class OffsetMap:
    """Converts offsets counted under a convention into offsets into the normalised text."""

    def __init__(self, wide: Sequence[int], shift: int) -> None:
        self._wide = sorted(wide)  # text offsets of characters that count as two units
        self._wide_units = [offset + n for n, offset in enumerate(self._wide)]
        self._shift = shift

    def to_offset(self, unit: int) -> int | None:
        """The text offset of a unit position; None if it falls inside one character."""
        unit -= self._shift
        if unit < 0:
            return None
        before = bisect_left(self._wide_units, unit)
        if before and self._wide_units[before - 1] + 1 == unit:
            return None
        return unit - before


@dataclass(frozen=True)
class Mapping:
    """The normalised text, how its selections' offsets are read, and what that rests on."""

    text: str
    convention: Convention
    offsets: OffsetMap
    assumed: bool  # another convention fits as well and would move some selection
    needed: bool  # the text has something that conventions count differently


def normalise(raw: str) -> tuple[str, list[int]]:
    """Text with ``\\n`` line endings, and the offsets of the ``\\n`` that were CR LF."""
    crlf = [match.start() - n for n, match in enumerate(_CRLF.finditer(raw))]
    return raw.replace("\r\n", "\n").replace("\r", "\n"), crlf


def quote_of(name: str | None) -> str | None:
    """The text a selection's name quotes, if it can be one: whitespace collapsed."""
    if not name:
        return None
    text = name.strip()
    for mark in _ELLIPSIS:
        text = text.removesuffix(mark)
    text = unicodedata.normalize("NFC", " ".join(text.split()))
    return text if len(text) >= 4 else None


def reads(text: str, start: int, end: int, name: str | None) -> bool:
    """Whether ``text[start:end]`` reads what the selection's name quotes."""
    quote = quote_of(name)
    if quote is None:
        return False
    return unicodedata.normalize("NFC", " ".join(text[start:end].split())).startswith(quote)


def choose(raw: str, had_bom: bool, spans: Sequence[Span], origin: str) -> Mapping:
    """Pick the convention the selections were counted in (rules in the module docstring)."""
    text, crlf = normalise(raw)
    astral = [] if text.isascii() else [i for i, c in enumerate(text) if ord(c) > 0xFFFF]
    candidates = _candidates(bool(crlf), bool(astral), had_bom, origin.startswith("ATLAS.ti"))
    scored: list[tuple[int, int, Convention, OffsetMap]] = []
    for rank, convention in enumerate(candidates):
        wide = (crlf if convention.crlf_two else []) + (astral if convention.utf16 else [])
        offsets = OffsetMap(wide, 1 if convention.bom else 0)
        scored.append((_score(text, offsets, spans), -rank, convention, offsets))
    best = max(scored, key=lambda item: (item[0], item[1]))
    rivals = [item for item in scored if item[0] == best[0] and item is not best]
    assumed = any(_moves(spans, best[3], rival[3]) for rival in rivals)
    return Mapping(text, best[2], best[3], assumed, len(candidates) > 1)


def exact(text: str) -> Mapping:
    """The text as it is, offsets as code points: for files qcode wrote itself."""
    return Mapping(text, Convention(), OffsetMap([], 0), assumed=False, needed=False)


def _candidates(crlf: bool, astral: bool, bom: bool, atlas: bool) -> list[Convention]:
    """Conventions that differ for this text, the default first."""
    crlf_options = [not atlas, atlas] if crlf else [False]
    return [
        Convention(crlf_two=c, utf16=u, bom=b)
        for c in crlf_options
        for u in ([False, True] if astral else [False])
        for b in ([False, True] if bom else [False])
    ]


def _score(text: str, offsets: OffsetMap, spans: Sequence[Span]) -> int:
    score = 0
    for start, end, name in spans:
        first, last = offsets.to_offset(start), offsets.to_offset(end)
        if first is None or last is None or not 0 <= first < last <= len(text):
            score -= 1000
        elif reads(text, first, last, name):
            score += 1
    return score


def _moves(spans: Sequence[Span], one: OffsetMap, other: OffsetMap) -> bool:
    return any(
        one.to_offset(start) != other.to_offset(start) or one.to_offset(end) != other.to_offset(end)
        for start, end, _ in spans
    )
