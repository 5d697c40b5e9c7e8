"""Exact, regex and fuzzy text search, widened to sentences, paragraphs or speaker turns."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any, Literal

from qcode.analysis.intervals import Span, normalize

Mode = Literal["exact", "regex", "fuzzy"]
Unit = Literal["none", "sentence", "paragraph", "turn"]
MODES: tuple[Mode, ...] = ("exact", "regex", "fuzzy")
UNITS: tuple[Unit, ...] = ("none", "sentence", "paragraph", "turn")

SPEAKER_LABEL = re.compile(r"^[^\W\d_](?:[^\W_]|[ .]){0,29}:(?=\s|\Z)", re.MULTILINE)
"""A line opening with a speaker label: "Interviewer:", "I:", "PJ:", "Participant 3:"."""

_SENTENCE_END = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s|\Z)")
_PARAGRAPH_BREAK = re.compile(r"[\n\f]")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result: a span of the text and the text it covers."""

    start: int
    end: int
    matched: str

    @property
    def span(self) -> Span:
        return self.start, self.end


def find_exact(
    text: str, query: str, case_sensitive: bool = False, whole_words: bool = False
) -> list[Hit]:
    """Non-overlapping occurrences of ``query``; ``whole_words`` needs no word character
    directly before or after."""
    if not query:
        return []
    pattern = re.escape(query)
    if whole_words:
        pattern = rf"(?<!\w){pattern}(?!\w)"
    return _hits(re.compile(pattern, _case_flags(case_sensitive)), text)


def find_regex(text: str, pattern: str, case_sensitive: bool = False) -> list[Hit]:
    """Non-empty matches of a Python regular expression; "^" and "$" match at each line.

    Raises ``ValueError`` with a one-line message when the pattern is invalid.
    """
    try:
        compiled = re.compile(pattern, _case_flags(case_sensitive) | re.MULTILINE)
    except re.error as exc:
        where = "" if exc.pos is None else f" at position {exc.pos}"
        raise ValueError(f"Invalid regular expression{where}: {exc.msg}") from None
    except OverflowError as exc:
        raise ValueError(f"Invalid regular expression: {exc}") from None
    return _hits(compiled, text)


def find_fuzzy(text: str, query: str, threshold: float = 80.0) -> list[Hit]:
    """Runs of whole words that resemble ``query`` with a score of at least ``threshold``.

    Words are compared case-folded and joined by single spaces, so punctuation and
    spacing do not count. Windows of the query's word count, one fewer and one more
    are scored with ``rapidfuzz.fuzz.ratio``; the best-scoring windows that do not
    share a word are kept, in text order.
    """
    if not 0 < threshold <= 100:
        raise ValueError(f"threshold must be in (0, 100], not {threshold}")
    wanted = " ".join(word.casefold() for word in _WORD.findall(query))
    if not wanted:
        return []
    tokens = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    words = [text[start:end].casefold() for start, end in tokens]
    size = wanted.count(" ") + 1
    scored: list[tuple[float, int, int]] = []
    for width in range(max(1, size - 1), size + 2):
        scored.extend(_score_windows(wanted, words, width, threshold))
    chosen = _best_disjoint(scored, len(tokens), size)
    spans = [(tokens[first][0], tokens[first + width - 1][1]) for first, width in chosen]
    return [Hit(start, end, text[start:end]) for start, end in sorted(spans)]


def widen(text: str, hit_span: Span, unit: Unit) -> Span:
    """The whole sentence, paragraph or speaker turn(s) around a span, trimmed of
    surrounding whitespace; ``"none"`` returns the span unchanged."""
    return _Widener(text, unit).widen(hit_span)


def search(
    text: str, query: str, mode: Mode = "exact", unit: Unit = "none", **options: Any
) -> list[Hit]:
    """Find, widen each hit to ``unit``, then merge overlapping or touching results.

    ``options`` go to the finder: ``case_sensitive`` and ``whole_words`` (exact),
    ``case_sensitive`` (regex), ``threshold`` (fuzzy).
    """
    if mode == "exact":
        hits = find_exact(text, query, **options)
    elif mode == "regex":
        hits = find_regex(text, query, **options)
    elif mode == "fuzzy":
        hits = find_fuzzy(text, query, **options)
    else:
        raise ValueError(f"unknown search mode {mode!r}")
    widener = _Widener(text, unit)
    spans = normalize(widener.widen(hit.span) for hit in hits)
    return [Hit(start, end, text[start:end]) for start, end in spans]


class _Widener:
    """Unit boundaries of one text, found once, for widening many hits."""

    def __init__(self, text: str, unit: Unit) -> None:
        if unit not in UNITS:
            raise ValueError(f"unknown unit {unit!r}; expected one of {', '.join(UNITS)}")
        self._text = text
        self._unit = unit
        self._starts = _unit_starts(text, unit) if unit != "none" else [0]

    def widen(self, span: Span) -> Span:
        start, end = span
        if self._unit == "none":
            return span
        first = bisect_right(self._starts, start) - 1
        last = bisect_right(self._starts, max(start, end - 1))
        unit_end = self._starts[last] if last < len(self._starts) else len(self._text)
        low, high = _strip(self._text, self._starts[first], unit_end)
        return min(low, start), max(high, end)


def _unit_starts(text: str, unit: Unit) -> list[int]:
    """Sorted offsets where a sentence, paragraph or turn begins (always including 0)."""
    starts = {0}
    if unit in ("sentence", "paragraph"):
        starts.update(m.end() for m in _PARAGRAPH_BREAK.finditer(text))
    if unit == "sentence":
        starts.update(m.end() for m in _SENTENCE_END.finditer(text))
    if unit == "turn":
        starts.update(m.start() for m in SPEAKER_LABEL.finditer(text))
    return sorted(starts)


def _strip(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _case_flags(case_sensitive: bool) -> re.RegexFlag:
    return re.NOFLAG if case_sensitive else re.IGNORECASE


def _hits(compiled: re.Pattern[str], text: str) -> list[Hit]:
    return [
        Hit(m.start(), m.end(), m.group()) for m in compiled.finditer(text) if m.end() > m.start()
    ]


def _score_windows(
    wanted: str, words: list[str], width: int, threshold: float
) -> list[tuple[float, int, int]]:
    """(score, first word, width) of each run of ``width`` words scoring >= threshold."""
    from rapidfuzz import fuzz, process  # only fuzzy search needs it

    if width == 1:
        windows = words
    else:
        windows = [" ".join(words[i : i + width]) for i in range(len(words) - width + 1)]
    found = process.extract(wanted, windows, scorer=fuzz.ratio, score_cutoff=threshold, limit=None)
    return [(score, first, width) for _, score, first in found]


def _best_disjoint(
    scored: list[tuple[float, int, int]], word_count: int, size: int
) -> list[tuple[int, int]]:
    """Greedily keep the best windows (ties: query's width, then earlier) sharing no word."""
    taken = [False] * word_count
    chosen: list[tuple[int, int]] = []
    for _, first, width in sorted(scored, key=lambda s: (-s[0], abs(s[2] - size), s[1])):
        if any(taken[first : first + width]):
            continue
        taken[first : first + width] = [True] * width
        chosen.append((first, width))
    return chosen
