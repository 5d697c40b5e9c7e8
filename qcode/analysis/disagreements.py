"""Disagreement units between two coders' spans of one code, and the text around a span."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from qcode.analysis.intervals import Span, intersection, normalize, subtract, union


@dataclass(frozen=True)
class Unit:
    """A connected region of A's and B's coding where the two differ.

    ``start``/``end`` bound the region (a component of the union of both coders'
    spans); the span lists are normalized (sorted, merged) and lie inside it.
    """

    start: int
    end: int
    a: tuple[Span, ...]
    b: tuple[Span, ...]
    union: tuple[Span, ...]
    overlap: tuple[Span, ...]

    @property
    def span(self) -> Span:
        return (self.start, self.end)

    @property
    def a_only(self) -> tuple[Span, ...]:
        """Offsets only A coded."""
        return tuple(subtract(self.a, self.b))

    @property
    def b_only(self) -> tuple[Span, ...]:
        """Offsets only B coded."""
        return tuple(subtract(self.b, self.a))


def check_spans(length: int, spans: Iterable[Span]) -> list[Span]:
    """Normalized spans, refusing any that leave the text ``0:length``."""
    spans = list(spans)
    for start, end in spans:
        if not 0 <= start <= end <= length:
            raise ValueError(f"span ({start}, {end}) is outside a text of {length} characters")
    return normalize(spans)


def clip(spans: Sequence[Span], start: int, end: int) -> tuple[Span, ...]:
    """The parts of normalized ``spans`` inside ``start:end``."""
    return tuple(intersection(spans, [(start, end)]) if start < end else ())


def components(spans: Sequence[Span]) -> list[Span]:
    """Maximal connected regions of spans that overlap or touch."""
    return normalize(spans)


def disagreement_units(length: int, a_spans: Iterable[Span], b_spans: Iterable[Span]) -> list[Unit]:
    """The units where coders A and B differ, in text order.

    A unit is a connected component of the union of both coders' spans (spans that
    overlap or touch join one component) in which A's coding is not identical to B's.
    Components both coded identically are agreement and give no unit.
    """
    a, b = check_spans(length, a_spans), check_spans(length, b_spans)
    units = []
    for start, end in components(union(a, b)):
        a_part, b_part = clip(a, start, end), clip(b, start, end)
        if a_part == b_part:
            continue
        units.append(
            Unit(
                start=start,
                end=end,
                a=a_part,
                b=b_part,
                union=tuple(union(a_part, b_part)),
                overlap=tuple(intersection(a_part, b_part)),
            )
        )
    return units


def agreed_spans(length: int, a_spans: Iterable[Span], b_spans: Iterable[Span]) -> list[Span]:
    """Offsets both coders coded (the intersection), normalized."""
    return intersection(check_spans(length, a_spans), check_spans(length, b_spans))


def context_window(text: str, start: int, end: int, radius: int = 300) -> Span:
    """About ``radius`` characters either side of ``start:end``, cut at line boundaries.

    The window never cuts into the lines the span touches unless such a line is longer
    than ``radius`` reaches, in which case it is cut ``radius`` characters away.
    """
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"span ({start}, {end}) is outside a text of {len(text)} characters")
    low, high = max(0, start - radius), min(len(text), end + radius)
    own_start = text.rfind("\n", 0, start) + 1
    if own_start >= low:
        first_break = text.find("\n", low, own_start)
        window_start = low if low == 0 or text[low - 1] == "\n" else first_break + 1
    else:
        window_start = low
    if end > start and text[end - 1] == "\n":
        own_end = end
    else:
        found = text.find("\n", end)
        own_end = len(text) if found == -1 else found
    if own_end <= high:
        last_break = text.rfind("\n", own_end, high + 1)
        window_end = high if high == len(text) else max(own_end, last_break)
    else:
        window_end = high
    return window_start, window_end


CHOICES = ("keep_a", "keep_b", "union", "overlap", "custom", "none")


def resolve(unit: Unit, choice: str, custom: Span | None = None) -> list[Span]:
    """The coding a choice gives a unit: A's, B's, the union, the overlap, a custom span or none."""
    if choice not in CHOICES:
        raise ValueError(f"unknown choice {choice!r}")
    if (choice == "custom") != (custom is not None):
        raise ValueError("a custom span goes with the 'custom' choice, and only with it")
    chosen: dict[str, Sequence[Span]] = {
        "keep_a": unit.a,
        "keep_b": unit.b,
        "union": unit.union,
        "overlap": unit.overlap,
        "custom": [custom] if custom is not None else [],
        "none": [],
    }
    return normalize(chosen[choice])
