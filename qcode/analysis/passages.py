"""Passages where N coders' coding differs, whatever the codes, and what a choice makes of one."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from qcode.analysis.disagreements import check_spans, clip
from qcode.analysis.intervals import Span, normalize

PASSAGE_CHOICES = ("keep", "majority", "unanimity", "union", "overlap", "custom", "none")
CoderSpans = tuple[tuple[Span, ...], ...]  # per coder, in the workshop's coder order


@dataclass(frozen=True)
class PassageCode:
    """One code on a passage: each coder's spans of it there (normalized, in coder order)."""

    code_id: int
    spans: CoderSpans

    @property
    def agreed(self) -> bool:
        """Every coder coded exactly the same characters with it."""
        return all(spans == self.spans[0] for spans in self.spans)


@dataclass(frozen=True)
class Passage:
    """A connected region of all coders' coding (any code) in which some code differs.

    ``codes`` lists every code any coder used there (agreed ones too), by code id.
    """

    start: int
    end: int
    codes: tuple[PassageCode, ...]

    @property
    def span(self) -> Span:
        return (self.start, self.end)

    @property
    def differing(self) -> tuple[PassageCode, ...]:
        return tuple(code for code in self.codes if not code.agreed)


def passages(
    length: int, coding: Mapping[int, Sequence[Sequence[Span]]], coders: int
) -> list[Passage]:
    """The passages where ``coders`` coders differ, in text order.

    ``coding`` maps a code id to each coder's spans of it (a list per coder, in order).
    A passage is a connected component of the union of every coder's spans of every code
    (spans that overlap or touch join), given when some code's coding differs inside it.
    """
    checked = {
        code_id: [check_spans(length, spans) for spans in _padded(per_coder, coders)]
        for code_id, per_coder in coding.items()
    }
    everything = normalize(span for per_coder in checked.values() for s in per_coder for span in s)
    found = []
    for start, end in everything:
        codes = []
        for code_id in sorted(checked):
            spans = tuple(clip(own, start, end) for own in checked[code_id])
            if any(spans):
                codes.append(PassageCode(code_id, spans))
        passage = Passage(start, end, tuple(codes))
        if passage.differing:
            found.append(passage)
    return found


def _padded(per_coder: Sequence[Sequence[Span]], coders: int) -> list[Sequence[Span]]:
    if len(per_coder) > coders:
        raise ValueError(f"spans for {len(per_coder)} coders where {coders} were named")
    return [*per_coder, *([()] * (coders - len(per_coder)))]


def coded_by_at_least(k: int, per_coder: Sequence[Sequence[Span]]) -> list[Span]:
    """The characters at least ``k`` of the coders coded (each coder's spans normalized)."""
    if k < 1:
        raise ValueError("k counts coders: at least 1")
    edges: list[tuple[int, int]] = []
    for spans in per_coder:
        for start, end in normalize(spans):
            edges += [(start, 1), (end, -1)]
    edges.sort()
    found: list[Span] = []
    depth, opened = 0, 0
    for offset, step in edges:
        before, depth = depth, depth + step
        if before < k <= depth:
            opened = offset
        elif depth < k <= before and offset > opened:
            found.append((opened, offset))
    return normalize(found)


def default_majority(coders: int) -> int:
    """More than half of the coders: 2 of 2 or 3, 3 of 4 or 5."""
    return coders // 2 + 1


def settle(
    code: PassageCode,
    choice: str,
    kept: int | None = None,
    k: int | None = None,
    custom: Span | None = None,
) -> list[Span]:
    """The coding a choice gives one code on a passage.

    keep: coder number ``kept``'s; majority: what at least ``k`` coders coded;
    unanimity: what every coder coded; union: what any coder coded; overlap: what every
    coder who used the code there coded; custom: the span given; none: nothing.
    """
    if choice not in PASSAGE_CHOICES:
        raise ValueError(f"unknown choice {choice!r}")
    if (choice == "custom") != (custom is not None):
        raise ValueError("a custom span goes with the 'custom' choice, and only with it")
    if (choice == "keep") != (kept is not None):
        raise ValueError("the coder kept goes with the 'keep' choice, and only with it")
    if (choice == "majority") != (k is not None):
        raise ValueError("k goes with the 'majority' choice, and only with it")
    spans, users = code.spans, [s for s in code.spans if s]
    if choice == "keep":
        assert kept is not None
        return list(spans[kept])
    if choice == "majority":
        assert k is not None
        if not 1 <= k <= len(spans):
            raise ValueError(f"a majority of {k} out of {len(spans)} coders")
        return coded_by_at_least(k, spans)
    by_choice = {
        "unanimity": lambda: coded_by_at_least(len(spans), spans),
        "union": lambda: coded_by_at_least(1, spans),
        "overlap": lambda: coded_by_at_least(len(users), users) if users else [],
        "custom": lambda: normalize([custom]) if custom is not None else [],
        "none": list,
    }
    return by_choice[choice]()
