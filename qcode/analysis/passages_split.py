"""A text cut into windows of about 300 characters on sentence ends, for similarity search."""

from __future__ import annotations

import re

from qcode.analysis.intervals import Span

WINDOW_CHARS = 300
_WORD = re.compile(r"\S+")
_SENTENCE_END = re.compile(r"[.!?…]+[\"'\u201d\u2019)\]]*\Z")


def _sentences(text: str) -> list[list[Span]]:
    """The text's words (runs of non-space), grouped into sentences.

    A sentence ends at a word ending in ".", "!", "?" or "…" (closing quotes or brackets
    after it allowed), or before a line break.
    """
    sentences: list[list[Span]] = []
    current: list[Span] = []
    words = [match.span() for match in _WORD.finditer(text)]
    for number, (start, end) in enumerate(words):
        current.append((start, end))
        following = words[number + 1][0] if number + 1 < len(words) else len(text)
        if _SENTENCE_END.search(text, start, end) or "\n" in text[end:following]:
            sentences.append(current)
            current = []
    if current:
        sentences.append(current)
    return sentences


def _cut_long(sentence: list[Span], limit: int) -> list[Span]:
    """A sentence longer than ``limit`` cut between words into pieces of at most ``limit``
    (a single word longer than that is a piece of its own)."""
    pieces: list[Span] = []
    start, end = sentence[0]
    for word_start, word_end in sentence[1:]:
        if word_end - start > limit:
            pieces.append((start, end))
            start = word_start
        end = word_end
    pieces.append((start, end))
    return pieces


def split_windows(text: str, limit: int = WINDOW_CHARS) -> list[Span]:
    """Windows of ``text``: whole sentences packed up to ``limit`` characters each.

    Windows are in text order, never overlap, start at a word's first character and
    end after a word's last; together they hold every word of the text. A sentence
    longer than ``limit`` is cut between words. Offsets are code points into ``text``.
    """
    windows: list[Span] = []
    start = end = -1
    for sentence in _sentences(text):
        first, last = sentence[0][0], sentence[-1][1]
        if last - first > limit:
            if start >= 0:
                windows.append((start, end))
                start = -1
            windows.extend(_cut_long(sentence, limit))
        elif start >= 0 and last - start <= limit:
            end = last
        else:
            if start >= 0:
                windows.append((start, end))
            start, end = first, last
    if start >= 0:
        windows.append((start, end))
    return windows
