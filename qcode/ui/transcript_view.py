"""The transcript: read-only text, line numbers, code-coloured highlights and coding stripes.

Highlights are painted for the visible lines only, from the document's coding marks, so
a long transcript with thousands of segments opens and scrolls without per-segment work.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from PySide6.QtCore import QMimeData, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QTextCursor,
)
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QWidget

from qcode.analysis.utf16 import Utf16Map
from qcode.services.documents.view import CodingMark, DocumentView
from qcode.ui.margins import LineNumberArea, StripeMargin
from qcode.ui.marks import ShownMark, VisibleBlock

CODE_MIME = "application/x-qcode-code-id"
HIGHLIGHT_ALPHA = 70
COMPARE_A, COMPARE_B, COMPARE_ALPHA = "#e0301e", "#1f6fd1", 75  # overlap blends to purple


class TranscriptView(QPlainTextEdit):
    """Shows one document; emits what the user asks for (code a drop, uncode, in vivo)."""

    code_dropped = Signal(int, int, int)  # code id, start, end (code points)
    uncode_requested = Signal(int)  # segment id
    in_vivo_requested = Signal(int, int)  # start, end
    code_selection_requested = Signal(int, int)  # start, end: with the current code
    segment_activated = Signal(int)  # segment id (clicked in the stripes)
    like_this_requested = Signal()  # find passages like the selection

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setAcceptDrops(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), 10.5))
        self.setFont(font)
        self.view: DocumentView | None = None
        self.offsets = Utf16Map("")
        self.marks: list[ShownMark] = []
        self.hidden_coders: set[str] = set()
        self.color_stripes_by_coder = True
        self.comparison: tuple[int, str, str] | None = None  # code id, coder A, coder B
        self.margin_widths = (-1, -1)
        self.line_numbers = LineNumberArea(self)
        self.stripes = StripeMargin(self)
        self.blockCountChanged.connect(self.update_margins)
        self.updateRequest.connect(self._on_update_request)
        self.setPlaceholderText("Open a document from the Documents panel to read and code it.")
        self.update_margins()

    # -- content ---------------------------------------------------------------------------

    def show_document(self, view: DocumentView) -> None:
        """Show a document and its coding; keeps the scroll position if it is the same one
        (its text corrected, too)."""
        same = self.view is not None and self.view.id == view.id
        scroll = self.verticalScrollBar().value()
        if not same or self.view is None or self.view.text != view.text:
            self.offsets = Utf16Map(view.text)
            self.setPlainText(view.text)
        self.view = view
        self.set_marks(view.marks)
        if same:
            self.verticalScrollBar().setValue(scroll)

    def clear_document(self) -> None:
        self.view = None
        self.setPlainText("")
        self.set_marks(())

    def set_marks(
        self, marks: tuple[CodingMark, ...] | list[CodingMark], repaint: bool = True
    ) -> None:
        """Draw these marks; a mark already shown keeps its UTF-16 span (no recount)."""
        to16 = self.offsets.to_utf16
        known = {id(shown.mark): shown for shown in self.marks}
        self.marks = [known.get(id(m)) or ShownMark(m, to16(m.start), to16(m.end)) for m in marks]
        self.stripes.set_marks(self.visible_marks())
        self.update_margins()
        if repaint:
            self.viewport().update()

    def replace_marks(self, segment_ids: frozenset[int], fresh: tuple[CodingMark, ...]) -> None:
        """Swap the marks of some segments for their fresh ones (absent: no longer here)."""
        if self.view is None:
            return
        kept = [m for m in self.view.marks if m.segment_id not in segment_ids]
        marks = sorted([*kept, *fresh], key=lambda m: (m.start, -m.end, m.segment_id))
        self.view = replace(self.view, marks=tuple(marks))
        before = [m for m in self.marks if m.mark.segment_id in segment_ids]
        self.set_marks(self.view.marks, repaint=False)
        self.repaint_spans([*before, *(m for m in self.marks if m.mark.segment_id in segment_ids)])

    def repaint_spans(self, marks: list[ShownMark]) -> None:
        """Repaint the lines these marks cover in view (nothing else moved)."""
        blocks = list(self.visible_blocks())
        width = self.viewport().width()
        for shown in marks:
            span = self.char_span_y(shown.start16, shown.end16, blocks)
            if span is not None:
                top, bottom = int(span[0]), int(span[1] + 1.5)
                self.viewport().update(QRect(0, top, width, bottom - top))

    def visible_marks(self) -> list[ShownMark]:
        """Marks of the coders not filtered out (in a comparison: one code, coders A and B)."""
        if self.comparison is not None:
            code_id, a, b = self.comparison
            return [m for m in self.marks if m.mark.code_id == code_id and m.mark.coder in (a, b)]
        return [m for m in self.marks if m.mark.coder not in self.hidden_coders]

    def set_comparison(self, comparison: tuple[int, str, str] | None) -> None:
        """Show one code's coding by two coders: A's in red, B's in blue, both in purple."""
        self.comparison = comparison
        self.set_marks([m.mark for m in self.marks])

    def highlight_color(self, mark: CodingMark) -> QColor:
        if self.comparison is not None:
            color = QColor(COMPARE_A if mark.coder == self.comparison[1] else COMPARE_B)
            color.setAlpha(COMPARE_ALPHA)
            return color
        color = QColor(mark.code_color)
        color.setAlpha(HIGHLIGHT_ALPHA)
        return color

    def set_hidden_coders(self, coders: set[str]) -> None:
        self.hidden_coders = set(coders)
        self.set_marks([m.mark for m in self.marks])

    # -- selection in code points -----------------------------------------------------------

    def selected_span(self) -> tuple[int, int]:
        cursor = self.textCursor()
        to_offset = self.offsets.to_offset
        return to_offset(cursor.selectionStart()), to_offset(cursor.selectionEnd())

    def select_span(self, start: int, end: int) -> None:
        """Select ``start:end`` (code points) and scroll it into the middle of the view."""
        cursor = self.textCursor()
        cursor.setPosition(self.offsets.to_utf16(end))
        cursor.setPosition(self.offsets.to_utf16(start), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.centerCursor()

    def marks_at(self, position16: int) -> list[ShownMark]:
        return [m for m in self.visible_marks() if m.start16 <= position16 < m.end16]

    # -- painting ---------------------------------------------------------------------------

    def visible_blocks(self) -> Iterator[VisibleBlock]:
        """(block, top, height) for each block in the viewport, in viewport coordinates."""
        block = self.firstVisibleBlock()
        offset = self.contentOffset()
        bottom = self.viewport().height()
        while block.isValid():
            geometry = self.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > bottom:
                break
            if block.isVisible():
                yield block, geometry.top(), geometry.height()
            block = block.next()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        if self.marks:
            painter = QPainter(self.viewport())
            self.paint_highlights(painter, event.rect())
            painter.end()
        super().paintEvent(event)

    def visible_range(self, blocks: list[VisibleBlock]) -> tuple[int, int] | None:
        """The UTF-16 positions the visible blocks hold, or None when there are none."""
        if not blocks:
            return None
        last = blocks[-1][0]
        return blocks[0][0].position(), last.position() + last.length()

    def marks_in(self, low: int, high: int) -> list[ShownMark]:
        return [m for m in self.visible_marks() if m.start16 < high and m.end16 > low]

    def activate_mark(self, shown: ShownMark) -> None:
        """Select a stripe's segment in the text and announce it."""
        self.select_span(shown.mark.start, shown.mark.end)
        self.segment_activated.emit(shown.mark.segment_id)

    def paint_highlights(self, painter: QPainter, area: QRect) -> None:
        """Fill the marked text's lines within ``area`` (what the paint event repaints)."""
        blocks = [b for b in self.visible_blocks() if b[1] < area.bottom() + 1]
        blocks = [b for b in blocks if b[1] + b[2] > area.top()]
        window = self.visible_range(blocks)
        if window is None:
            return
        marks = self.marks_in(*window)
        left = self.contentOffset().x() + self.document().documentMargin()
        for block, top, _height in blocks:
            first, last = block.position(), block.position() + block.length()
            layout = block.layout()
            for shown in marks:
                if shown.start16 >= last or shown.end16 <= first:
                    continue
                color = self.highlight_color(shown.mark)
                for line_no in range(layout.lineCount()):
                    line = layout.lineAt(line_no)
                    line_start = first + line.textStart()
                    line_end = line_start + line.textLength()
                    lo, hi = max(shown.start16, line_start), min(shown.end16, line_end)
                    if lo >= hi:
                        continue
                    x1 = self.x_of(lo) if lo > line_start else left + line.x()
                    x2 = self.x_of(hi) if hi < line_end else left + line.naturalTextWidth()
                    painter.fillRect(QRectF(x1, top + line.y(), x2 - x1, line.height()), color)

    def x_of(self, position16: int) -> float:
        """Viewport x of the gap before a character (QTextLine.cursorToX is unsafe in PySide6)."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(position16)
        return float(self.cursorRect(cursor).left())

    def char_span_y(
        self, start16: int, end16: int, blocks: list[VisibleBlock]
    ) -> tuple[float, float] | None:
        """Top and bottom (viewport y) of a span's visible part, or None when out of view."""
        top = bottom = None
        for block, block_top, height in blocks:
            first, last = block.position(), block.position() + block.length()
            if end16 <= first or start16 >= last:
                continue
            layout = block.layout()
            if top is None:
                line = layout.lineForTextPosition(max(start16 - first, 0))
                top = block_top + (line.y() if line.isValid() and start16 >= first else 0)
            line = layout.lineForTextPosition(min(end16 - 1 - first, block.length() - 1))
            inside = end16 <= last and line.isValid()
            bottom = block_top + (line.y() + line.height() if inside else height)
        return None if top is None or bottom is None else (top, bottom)

    # -- margins ----------------------------------------------------------------------------

    def update_margins(self, *_args: object) -> None:
        """Make room for the line numbers and stripes (a relayout only when widths change)."""
        widths = (self.line_numbers.width_hint(), self.stripes.width_hint())
        if widths != self.margin_widths:
            self.margin_widths = widths
            self.setViewportMargins(widths[0], 0, widths[1], 0)
            self._place_margins()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._place_margins()

    def _place_margins(self) -> None:
        rect = self.contentsRect()
        numbers, stripes = self.line_numbers.width_hint(), self.stripes.width_hint()
        self.line_numbers.setGeometry(QRect(rect.left(), rect.top(), numbers, rect.height()))
        scrollbar = self.verticalScrollBar()
        bar = scrollbar.width() if scrollbar.isVisible() else 0
        right = rect.right() - bar - stripes + 1
        self.stripes.setGeometry(QRect(right, rect.top(), stripes, rect.height()))

    def _on_update_request(self, rect: QRect, dy: int) -> None:
        for margin in (self.line_numbers, self.stripes):
            if dy:
                margin.scroll(0, dy)
            else:
                margin.update(0, rect.y(), margin.width(), rect.height())
        if rect.contains(self.viewport().rect()):
            self.update_margins()

    # -- coding by drop and by menu ----------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasFormat(CODE_MIME):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasFormat(CODE_MIME):
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        if not self.drop_code(event.mimeData()):
            super().dropEvent(event)
            return
        event.acceptProposedAction()

    def drop_code(self, mime: QMimeData) -> bool:
        """Code the current selection with the code carried by ``mime``."""
        if not mime.hasFormat(CODE_MIME):
            return False
        code_id = int(bytes(mime.data(CODE_MIME).data()).decode())
        start, end = self.selected_span()
        self.code_dropped.emit(code_id, start, end)
        return True

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 - Qt override
        menu = self.coding_menu(self.cursorForPosition(event.pos()).position())
        menu.exec(event.globalPos())

    def coding_menu(self, position16: int) -> QMenu:
        """The context menu: code the selection, in vivo, find passages like it, uncode the
        segments under the click."""
        menu = QMenu(self)
        start, end = self.selected_span()
        has_selection = start < end
        action = menu.addAction("Code selection with current code")
        action.setEnabled(has_selection)
        action.triggered.connect(lambda: self.code_selection_requested.emit(start, end))
        action = menu.addAction("Code in vivo (new code from the words)")
        action.setEnabled(has_selection)
        action.triggered.connect(lambda: self.in_vivo_requested.emit(start, end))
        action = menu.addAction("Find passages like this")
        action.setEnabled(has_selection)
        action.triggered.connect(self.like_this_requested.emit)
        marks = self.marks_at(position16)
        if marks:
            menu.addSeparator()
        for shown in marks:
            mark = shown.mark
            action = menu.addAction(f"Uncode “{mark.code_name}” ({mark.coder})")
            action.triggered.connect(lambda _=False, sid=mark.segment_id: self.uncode(sid))
        menu.addSeparator()
        menu.addAction("Copy", self.copy).setEnabled(has_selection)
        return menu

    def uncode(self, segment_id: int) -> None:
        self.uncode_requested.emit(segment_id)
