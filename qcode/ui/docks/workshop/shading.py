"""The workshop's passage as HTML: the text around it, shaded by how many coders used a code."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QTextBrowser

from qcode.analysis.intervals import Span
from qcode.analysis.utf16 import Utf16Map
from qcode.services.workshop.passages import CodeOnPassage, PassageView

PASSAGE = "#fbeec4"  # the passage, where nobody used the code shown
LIGHT, DARK = (0xDD, 0xEA, 0xFB), (0x7E, 0xAC, 0xE6)  # one coder … every coder


def shade(count: int, coders: int) -> str:
    """The colour of characters ``count`` of ``coders`` coders coded (0: the passage's)."""
    if count <= 0:
        return PASSAGE
    share = (count - 1) / max(coders - 1, 1)
    rgb = (round(low + (high - low) * share) for low, high in zip(LIGHT, DARK, strict=True))
    return "#" + "".join(f"{part:02x}" for part in rgb)


def legend(view: PassageView, code: CodeOnPassage | None) -> str:
    """What the shades mean: the passage, and how many coders used the code shown."""
    passage = f'<span style="background:{PASSAGE}">&nbsp;the passage&nbsp;</span>'
    if code is None:
        return passage
    total = len(view.coders)
    counts = " ".join(
        f'<span style="background:{shade(n, total)}">&nbsp;{n}&nbsp;</span>'
        for n in range(1, total + 1)
    )
    name = html.escape(code.code[-1])
    return f"{passage} <b>{name}</b> coded by {counts} of {total} coders"


def shaded_context(view: PassageView, code: CodeOnPassage | None) -> str:
    """The text around a passage as HTML: the passage shaded, darker where more coders
    coded ``code`` (every space kept, the text one paragraph)."""
    text, base = view.context, view.context_start
    marks = [mark(base + i, view.key.span, code) for i in range(len(text))]
    pieces, run_start = [], 0
    for i in range(1, len(text) + 1):
        if i == len(text) or marks[i] != marks[run_start]:
            words = html.escape(text[run_start:i]).replace("\n", "<br>")
            count = marks[run_start]
            if count is None:
                pieces.append(words)
            else:
                colour = shade(count, len(view.coders))
                pieces.append(f'<span style="background:{colour}">{words}</span>')
            run_start = i
    return f'<p style="white-space:pre-wrap">{"".join(pieces)}</p>'


def mark(offset: int, passage: Span, code: CodeOnPassage | None) -> int | None:
    """How many coders coded ``code`` at ``offset`` (None: outside the passage)."""
    if not passage[0] <= offset < passage[1]:
        return None
    return coverage(offset, code.spans) if code is not None else 0


def coverage(offset: int, per_coder: Sequence[Sequence[Span]]) -> int:
    return sum(1 for spans in per_coder if any(s <= offset < e for s, e in spans))


def selected_span(browser: QTextBrowser, view: PassageView) -> Span | None:
    """The document span of the context's selected text (None: nothing of it selected).

    The context is the browser's last (only) paragraph, character for character, so
    Qt's UTF-16 positions in it map back to the document's code points.
    """
    cursor = browser.textCursor()
    if not cursor.hasSelection():
        return None
    first = browser.document().lastBlock().position()
    offsets = Utf16Map(view.context)
    length16 = offsets.to_utf16(len(view.context))
    low, high = (
        min(max(p - first, 0), length16) for p in (cursor.selectionStart(), cursor.selectionEnd())
    )
    start, end = offsets.to_offset(low), offsets.to_offset(high)
    return (view.context_start + start, view.context_start + end) if start < end else None


def scroll_to_passage(browser: QTextBrowser, view: PassageView) -> None:
    """Scroll the context so that the passage begins a line below the top."""
    cursor = QTextCursor(browser.document())
    lead = Utf16Map(view.context).to_utf16(view.key.start - view.context_start)
    cursor.setPosition(browser.document().lastBlock().position() + lead)
    bar = browser.verticalScrollBar()
    top = browser.cursorRect(cursor).top() + bar.value()
    bar.setValue(max(top - browser.fontMetrics().height(), 0))
