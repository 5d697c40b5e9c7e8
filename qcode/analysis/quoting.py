"""A quote's words as a paper prints them: no interviewer turns, "…" where a sentence runs on."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from functools import lru_cache
from itertools import accumulate

from qcode.analysis.intervals import Span

ELLIPSIS = "\u2026"
SENTENCE_ENDS = ".!?\u2026"
QUOTE_MARKS = "\"'\u201c\u201d\u2018\u2019()[]"
_BREAKS = "\n\f\r"
_BREAK = re.compile(r"[\n\f\r]")
_LABEL = re.compile(r"[^\W\d_](?:[^\W_]|[ .]){0,29}:(?=\s|\Z)[ \t]*")
"""A speaker label opening a line: "Interviewer:", "I:", "PA:", "Participant 3:"."""


@lru_cache(maxsize=4096)  # a study has few labels, and a report asks for each of them often
def speaker_key(label: str) -> str:
    """A label compared as a speaker rule names it: "Interviewer:" and "interviewer" alike."""
    return " ".join(label.strip().rstrip(":").split()).casefold()


class _Lines:
    """A text's line starts and its speaker labels, found once per text (a report quotes
    each transcript many times): where each line starts, and who speaks where one does."""

    def __init__(self, text: str) -> None:
        if "\f" in text or "\r" in text:
            self.starts = [0, *(found.end() for found in _BREAK.finditer(text))]
        else:  # lines end on "\n" only: their starts summed in C
            lines = text.split("\n")[:-1]
            self.starts = [0, *accumulate(map((1).__add__, map(len, lines)))]
        self.labels = _labels(text, self.starts)
        self.labelled = list(self.labels)  # the labelled lines' starts, in order

    def start_of(self, offset: int) -> int:
        """Where the line holding ``offset`` starts (a break at ``offset`` ends that line)."""
        return self.starts[bisect_right(self.starts, offset) - 1]


def _labels(text: str, starts: list[int]) -> dict[int, tuple[str, int]]:
    """Each line start that opens with a speaker label (as :data:`_LABEL` matches there):
    its label's key and where its words start.

    A label holds no colon before its own, so only a line's first colon, within its first
    31 characters, can end one; what precedes it repeats from turn to turn and is judged
    once (a quicker way to the regular expression's answer, tested against it).
    """
    labels: dict[int, tuple[str, int]] = {}
    judged: dict[str, str | None] = {}  # a line's start up to its first colon → its key
    find, size = text.find, len(text)
    for line in starts:
        colon = find(":", line, line + _LONGEST_LABEL)
        if colon < 0:
            continue
        head = text[line : colon + 1]
        if head not in judged:
            judged[head] = speaker_key(head) if _LABEL_HEAD.fullmatch(head) else None
        key = judged[head]
        after = colon + 1
        if key is None or (after < size and not text[after].isspace()):
            continue
        while after < size and text[after] in " \t":
            after += 1
        labels[line] = (key, after)
    return labels


_LONGEST_LABEL = 31  # a letter, up to 29 more characters, and its colon
_LABEL_HEAD = re.compile(r"[^\W\d_](?:[^\W_]|[ .]){0,29}:")


@lru_cache(maxsize=1024)  # a report quotes every transcript in turn; a text keeps its hash
def _lines(text: str) -> _Lines:
    return _Lines(text)


def _line_start(text: str, offset: int) -> int:
    return _lines(text).start_of(offset)


def turns(text: str, start: int, end: int) -> list[tuple[str | None, Span]]:
    """The speaker turns a span crosses: each one's label key (None before the first
    label) and the part of the span in it, label left out. A turn runs from its label
    to the next line that opens with one: its unlabelled lines are that speaker's too."""
    pieces: list[tuple[str | None, Span]] = []
    lines = _lines(text)
    speaker: str | None = None
    latest = bisect_right(lines.labelled, start) - 1  # the turn the span starts in
    if latest >= 0:
        speaker, label_end = lines.labels[lines.labelled[latest]]
        start = max(start, label_end)  # (a span starting inside its label)
    low = start
    at = bisect_right(lines.starts, start)
    while at < len(lines.starts) and lines.starts[at] <= end:  # each line begun in the span
        label = lines.labels.get(lines.starts[at])
        at += 1
        if label is None:
            continue
        pieces.append((speaker, (low, lines.starts[at - 1])))
        speaker, low = label[0], min(label[1], end)
    pieces.append((speaker, (low, end)))
    return pieces


def kept_spans(text: str, start: int, end: int, interviewer: Iterable[str]) -> list[list[Span]]:
    """The runs of a span's turns that are not an interviewer's, each turn trimmed and
    without its speaker label, in order (maybe none); a left-out turn ends a run.

    With no interviewer label the span is kept whole, as it was coded.
    """
    left_out = _keys(tuple(interviewer))
    if not left_out:
        return [[_trim(text, start, end)]]
    runs: list[list[Span]] = [[]]
    for speaker, piece in turns(text, start, end):
        if speaker in left_out:
            runs.append([])
        elif (trimmed := _trim(text, *piece))[1] > trimmed[0]:
            runs[-1].append(trimmed)
    return [run for run in runs if run]


def quote_text(
    text: str, start: int, end: int, interviewer: tuple[str, ...], ellipsis: bool = True
) -> tuple[str, Span]:
    """A span's words as :func:`printed` prints its :func:`kept_spans`, and the span from
    the first kept character to the last (the span itself if nothing is kept).

    Quicker than listing turns and runs, for reports of many quotes: the words are read
    from the text as a quote sees it (:func:`_kept_text`), a slice and a split per quote.
    """
    left_out = _keys(interviewer)
    kept = _kept_text(text, left_out) if left_out else None
    if kept is None:
        runs = kept_spans(text, start, end, interviewer)
        found = (runs[0][0][0], runs[-1][-1][1]) if runs else (start, end)
        return printed(text, runs, ellipsis), found
    piece = kept[start:end]
    if start < end and kept[start] not in _BLANK and kept[end - 1] not in _BLANK:
        first, last = start, end  # (as most quotes are: no blanks to trim)
    else:
        first = start + len(piece) - len(piece.lstrip(_BLANK))
        last = start + len(piece.rstrip(_BLANK))
        if last <= first:
            return "", (start, end)
        piece = kept[first:last]
    words = " ".join(piece.split())  # a gap is a word of its own, never first or last
    if _GAP in words:  # (quicker than a regular expression)
        while _GAPS in words:
            words = words.replace(_GAPS, _GAP)
        words = words.replace(f" {_GAP} ", f" {ELLIPSIS} ")
    if ellipsis:
        if not opens_sentence(text, first):
            words = f"{ELLIPSIS} {words}"
        if not closes_sentence(text, first, last):
            words = f"{words.rstrip(',;:')} {ELLIPSIS}"
    return words, (first, last)


_GAP = "\x00"
"""Where a left-out turn starts in :func:`_kept_text`, its other characters blank (a text
holding the character itself is quoted the slow way)."""
_GAPS = f"{_GAP} {_GAP}"  # left-out turns in a row, between two kept ones
_BLANK = (  # every character str.isspace() calls white space (tested), and the gap
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000" + _GAP
)


@lru_cache(maxsize=1024)  # a report quotes every transcript in turn, code after code
def _kept_text(text: str, left_out: frozenset[str]) -> str | None:
    """The text as a quote reads it, as long as the text: speaker labels blanked, each
    turn of a ``left_out`` speaker blank after a gap character; None for a text that
    holds the gap character."""
    if _GAP in text:
        return None
    lines = _lines(text)
    if not lines.labelled:
        return text
    parts = [text[: lines.labelled[0]]]
    ends = [*lines.labelled[1:], len(text)]
    for line, turn_end in zip(lines.labelled, ends, strict=True):
        key, label_end = lines.labels[line]
        if key in left_out:
            parts.append(_GAP + " " * (turn_end - line - 1))  # (never empty: it has a label)
        else:
            parts.extend((" " * (label_end - line), text[label_end:turn_end]))
    return "".join(parts)


def opens_sentence(text: str, start: int) -> bool:
    """Whether ``start`` begins a sentence: after . ! ? …, at a line or the text's start,
    or at a turn's first word after its speaker label."""
    before = start
    while before > 0 and text[before - 1] in " \t" + QUOTE_MARKS:
        before -= 1
    if before == 0 or text[before - 1] in _BREAKS + SENTENCE_ENDS:
        return True
    if text[before - 1] != ":":  # a label ends on its colon (spaces after it were skipped)
        return False
    line = _line_start(text, before)
    return _LABEL.fullmatch(text, line, before) is not None


def closes_sentence(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` ends a sentence: on . ! ? …, right before one, or at
    the end of a line or of the text."""
    last = end
    while last > start and text[last - 1] in QUOTE_MARKS:
        last -= 1
    if last > start and text[last - 1] in SENTENCE_ENDS:
        return True
    after = end
    while after < len(text) and text[after] in " \t" + QUOTE_MARKS:
        after += 1
    return after == len(text) or text[after] in _BREAKS + SENTENCE_ENDS


def printed(text: str, runs: list[list[Span]], ellipsis: bool = True) -> str:
    """The kept words on one line: turns of a run joined by a space, runs by " … " (words
    were left out between them); with ``ellipsis``, "…" too where the quote opens or
    closes inside a sentence."""
    words = f" {ELLIPSIS} ".join(
        " ".join(" ".join(text[a:b].split()) for a, b in run) for run in runs
    )
    if not ellipsis or not runs:
        return words
    if not opens_sentence(text, runs[0][0][0]):
        words = f"{ELLIPSIS} {words}"
    if not closes_sentence(text, *runs[-1][-1]):
        words = f"{words.rstrip(',;:')} {ELLIPSIS}"
    return words


def _trim(text: str, start: int, end: int) -> Span:
    piece = text[start:end]
    kept = piece.strip()
    if not kept:
        return end, end
    start += len(piece) - len(piece.lstrip())
    return start, start + len(kept)


@lru_cache(maxsize=64)
def _keys(labels: tuple[str, ...]) -> frozenset[str]:
    return frozenset(speaker_key(label) for label in labels)
