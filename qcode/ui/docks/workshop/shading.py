"""The workshop's passage as HTML: the text around a unit, shaded by who coded each character."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QTextBrowser

from qcode.analysis.intervals import Span
from qcode.analysis.utf16 import Utf16Map
from qcode.services.workshop.disagreements import Disagreement

SHADES = {"a": "#fbd5d5", "b": "#d3e5fa", "ab": "#dcd0f0"}


def legend(item: Disagreement) -> str:
    """What the shades mean, with the two coders' names."""
    return (
        f'<p><span style="background:{SHADES["a"]}">only {html.escape(item.coder_a)}'
        f'</span> <span style="background:{SHADES["b"]}">only '
        f'{html.escape(item.coder_b)}</span> <span style="background:{SHADES["ab"]}">'
        "both</span></p>"
    )


def shaded_context(item: Disagreement) -> str:
    """The text around a disagreement as HTML, shaded by who coded each character."""
    pieces = []
    base = item.context_start
    marks = [classify(base + i, item.a_spans, item.b_spans) for i in range(len(item.context))]
    run_start = 0
    for i in range(1, len(item.context) + 1):
        if i == len(item.context) or marks[i] != marks[run_start]:
            words = html.escape(item.context[run_start:i]).replace("\n", "<br>")
            shade = SHADES.get(marks[run_start])
            pieces.append(f'<span style="background:{shade}">{words}</span>' if shade else words)
            run_start = i
    return f'<p style="white-space:pre-wrap">{"".join(pieces)}</p>'  # every space kept


def selected_span(browser: QTextBrowser, item: Disagreement) -> Span | None:
    """The document span of the passage's selected text (None: nothing of it selected).

    The passage is the browser's last paragraph (after the legend), character for
    character, so Qt's UTF-16 positions in it map back to the document's code points.
    """
    cursor = browser.textCursor()
    if not cursor.hasSelection():
        return None
    first = browser.document().lastBlock().position()
    offsets = Utf16Map(item.context)
    length16 = offsets.to_utf16(len(item.context))
    low, high = (
        min(max(p - first, 0), length16) for p in (cursor.selectionStart(), cursor.selectionEnd())
    )
    start, end = offsets.to_offset(low), offsets.to_offset(high)
    return (item.context_start + start, item.context_start + end) if start < end else None


def classify(offset: int, a_spans: tuple[Span, ...], b_spans: tuple[Span, ...]) -> str:
    in_a = any(s <= offset < e for s, e in a_spans)
    in_b = any(s <= offset < e for s, e in b_spans)
    return ("a" if in_a else "") + ("b" if in_b else "")
