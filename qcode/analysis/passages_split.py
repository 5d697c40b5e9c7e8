"""A text cut into windows of about 300 characters on sentence ends, for similarity search."""

from __future__ import annotations

import re

from qcode.analysis.intervals import Span

WINDOW_CHARS = 300
_WORD = re.compile(r"\S+")
_ENDS_SENTENCE = re.compile(r"[.!?…]+[\"'\u201d\u2019)\]]*(?=\s|\Z)")  # a word's end
_BEFORE_BREAK = re.compile(r"\S(?=[^\S\n]*\n)")  # a word's last character, a line break next


def _sentences(text: str) -> list[Span]:
    """The text's sentences, each from its first word's first character to its last
    word's last (words are runs of non-space).

    A sentence ends at a word ending in ".", "!", "?" or "…" (closing quotes or brackets
    after it allowed), or before a line break. Found by two regular expressions over the
    text, so the work per sentence, not per word, is Python's.
    """
    ends = {found.end() for found in _ENDS_SENTENCE.finditer(text)}
    ends.update(found.end() for found in _BEFORE_BREAK.finditer(text))
    if last := len(text.rstrip()):  # the last word's end
        ends.add(last)
    sentences: list[Span] = []
    position, first_word = 0, _WORD.search
    for end in sorted(ends):
        if (word := first_word(text, position, end)) is not None:
            sentences.append((word.start(), end))
        position = end
    return sentences


def _cut_long(text: str, sentence: Span, limit: int) -> list[Span]:
    """A sentence longer than ``limit`` cut between words into pieces of at most ``limit``
    (a single word longer than that is a piece of its own)."""
    words = [found.span() for found in _WORD.finditer(text, *sentence)]
    pieces: list[Span] = []
    start, end = words[0]
    for word_start, word_end in words[1:]:
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
    for first, last in _sentences(text):
        if last - first > limit:
            if start >= 0:
                windows.append((start, end))
                start = -1
            windows.extend(_cut_long(text, (first, last), limit))
        elif start >= 0 and last - start <= limit:
            end = last
        else:
            if start >= 0:
                windows.append((start, end))
            start, end = first, last
    if start >= 0:
        windows.append((start, end))
    return windows
