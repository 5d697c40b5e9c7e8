"""Edits of a text and where they move the spans anchored in it (pure, code points)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from qcode.errors import QcodeError


@dataclass(frozen=True, slots=True)
class Edit:
    """Put ``text`` in place of the characters ``start``–``end`` (end-exclusive)."""

    start: int
    end: int
    text: str

    @property
    def delta(self) -> int:
        return len(self.text) - (self.end - self.start)


def check_edits(edits: Iterable[tuple[int, int, str] | Edit], length: int) -> list[Edit]:
    """The edits as ``Edit`` values sorted by start; refused if out of range or overlapping.

    Line breaks in a replacement are stored as "\\n", like every imported text.
    Two edits may touch but not overlap, and two insertions at one place are refused.
    """
    checked = []
    for edit in edits:
        start, end, text = (edit.start, edit.end, edit.text) if isinstance(edit, Edit) else edit
        if not isinstance(text, str) or not isinstance(start, int) or not isinstance(end, int):
            raise QcodeError("an edit is a start, an end and a replacement text")
        if not 0 <= start <= end <= length:
            raise QcodeError(f"edit {start}–{end} is outside the text (0–{length})")
        if start < end or text:
            checked.append(Edit(start, end, text.replace("\r\n", "\n").replace("\r", "\n")))
    checked.sort(key=lambda e: (e.start, e.end))
    for before, after in zip(checked, checked[1:], strict=False):
        if after.start < before.end or after.start == before.start:
            raise QcodeError(
                f"edits {before.start}–{before.end} and {after.start}–{after.end} overlap"
            )
    return checked


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """The text with the (checked, sorted) edits made."""
    parts, at = [], 0
    for edit in edits:
        parts += [text[at : edit.start], edit.text]
        at = edit.end
    parts.append(text[at:])
    return "".join(parts)


def moved_start(start: int, edits: Sequence[Edit]) -> int:
    """Where a span starting at ``start`` starts after the edits.

    An insertion at ``start`` goes before the span; an edit cutting into the span from
    before pulls its start back to where the edit's replacement begins.
    """
    shift = 0
    for edit in edits:
        if edit.end <= start:
            shift += edit.delta
        elif edit.start < start:
            return edit.start + shift
        else:
            break
    return start + shift


def moved_end(end: int, edits: Sequence[Edit]) -> int:
    """Where a span ending at ``end`` ends after the edits.

    An insertion at ``end`` goes after the span; an edit inside the span moves its end
    by the difference in length; an edit cutting out of the span takes its whole
    replacement into it.
    """
    shift = 0
    for edit in edits:
        if edit.start >= end:
            break
        if edit.end <= end:
            shift += edit.delta
        else:
            return edit.start + shift + len(edit.text)
    return end + shift


def moved_span(start: int, end: int, edits: Sequence[Edit]) -> tuple[int, int] | None:
    """The span after the edits, or None if they remove all of its text."""
    new_start, new_end = moved_start(start, edits), moved_end(end, edits)
    return (new_start, new_end) if new_start < new_end else None
