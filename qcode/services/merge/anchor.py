"""Placing a segment coded on one version of a transcript onto another version of its text."""

from __future__ import annotations

import re
from dataclasses import dataclass

PLACE_THRESHOLD = 85.0  # lowest similarity (rapidfuzz ratio, 0–100) of a near match
LOCATE_SLACK = 15.0  # a fixed-width window may score this much lower before its ends fit
AMBIGUITY_MARGIN = 3.0  # a second place scoring within this of the best makes it ambiguous
MIN_FUZZY_CHARS = 20  # shorter quotes are placed only where they occur word for word
CONTEXT_WIDTHS = (20, 60, 200)  # characters of surrounding text used to tell repeats apart

Span = tuple[int, int]


@dataclass(frozen=True)
class Placement:
    """Where a segment landed in the new text (``how``: exact, context, near), or why not."""

    span: Span | None
    how: str = ""
    reason: str = ""

    @property
    def placed(self) -> bool:
        return self.span is not None


def flexible_pattern(text: str) -> re.Pattern[str] | None:
    """A pattern for ``text`` in which any run of whitespace matches any other."""
    words = text.split()
    if not words:
        return None
    return re.compile(r"\s+".join(re.escape(word) for word in words))


def occurrences(haystack: str, needle: str) -> list[Span]:
    """Every place ``needle`` occurs in ``haystack``, whitespace differences ignored."""
    pattern = flexible_pattern(needle)
    return [m.span() for m in pattern.finditer(haystack)] if pattern else []


def place(old_text: str, new_text: str, start: int, end: int, threshold: float) -> Placement:
    """Place ``old_text[start:end]`` in ``new_text``: exactly, by its context, or nearly."""
    quote = old_text[start:end]
    if not quote.strip():
        return Placement(None, reason="the coded text is only white space")
    hits = occurrences(new_text, quote)
    if len(hits) == 1:
        return Placement(hits[0], "exact")
    if len(hits) > 1:
        span = place_by_context(old_text, new_text, start, end, hits)
        if span is not None:
            return Placement(span, "context")
        return Placement(None, reason=f"it occurs {len(hits)} times in the team's text")
    if len(quote.strip()) < MIN_FUZZY_CHARS or len(quote) > len(new_text):
        return Placement(None, reason="it is not in the team's text")
    return place_nearly(quote, new_text, threshold)


def place_by_context(
    old_text: str, new_text: str, start: int, end: int, hits: list[Span]
) -> Span | None:
    """The one hit whose surrounding words match the segment's, widening the context."""
    for width in CONTEXT_WIDTHS:
        before = squash(old_text[max(0, start - width) : start])
        after = squash(old_text[end : end + width])
        for sides in ((before, after), (before, ""), ("", after)):
            if not any(sides):
                continue
            found = [hit for hit in hits if fits(new_text, hit, *sides, width)]
            if len(found) == 1:
                return found[0]
    return None


def squash(text: str) -> str:
    return " ".join(text.split())


def fits(text: str, hit: Span, before: str, after: str, width: int) -> bool:
    """Whether the words around ``hit`` in ``text`` are ``before`` and ``after``."""
    around_before = squash(text[max(0, hit[0] - 2 * width) : hit[0]])
    around_after = squash(text[hit[1] : hit[1] + 2 * width])
    return around_before.endswith(before) and around_after.startswith(after)


def place_nearly(quote: str, text: str, threshold: float) -> Placement:
    """The single best near match of ``quote`` in ``text``, scoring ``threshold`` or more."""
    best = best_window(quote, text, threshold)
    if best is None:
        return Placement(None, reason="it is not in the team's text, nor anything close")
    (start, end), score = best
    masked = text[:start] + "\0" * (end - start) + text[end:]
    second = best_window(quote, masked, threshold)
    if second is not None and second[1] >= score - AMBIGUITY_MARGIN:
        return Placement(None, reason="it nearly matches more than one place in the team's text")
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Placement((start, end), "near")


def best_window(quote: str, text: str, threshold: float) -> tuple[Span, float] | None:
    """Locate ``quote`` with a fixed-width partial ratio, then fit the ends (insertions)."""
    from rapidfuzz import fuzz  # imported when a merge places quotes, not before

    hit = fuzz.partial_ratio_alignment(quote, text, score_cutoff=threshold - LOCATE_SLACK)
    if hit is None:
        return None
    span = refine(quote, text, hit.dest_start, hit.dest_end)
    score = fuzz.ratio(quote, text[span[0] : span[1]])
    return (span, score) if score >= threshold else None


def refine(quote: str, text: str, start: int, end: int) -> Span:
    """Move a window's ends to where ``quote`` fits it best (ratio), start then end, twice."""
    from rapidfuzz import fuzz

    reach = max(3, min(200, len(quote) * 3 // 10))
    for _round in range(2):
        start = max(
            range(max(0, start - reach), min(end - 1, start + reach) + 1),
            key=lambda s: (fuzz.ratio(quote, text[s:end]), -abs(s - start)),
        )
        end = max(
            range(max(start + 1, end - reach), min(len(text), end + reach) + 1),
            key=lambda e: (fuzz.ratio(quote, text[start:e]), -abs(e - end)),
        )
    return start, end
