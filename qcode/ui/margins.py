"""The transcript's margins: stable line numbers on the left, coding stripes on the right."""

from __future__ import annotations

from operator import itemgetter

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QHelpEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QToolTip, QWidget

from qcode.analysis.lanes import pack_lanes
from qcode.ui.marks import MarginHost, ShownMark

LANE_WIDTH = 19
LABEL_MAX = 180  # pixels: the longest a stripe's label may run
MAX_LANES = 24
MOVED_MAX = 40  # bars come, gone or moved beyond which the whole margin is repainted
PADDING = 4
NUMBER_COLOR = QColor("#8a8a8a")
MARGIN_BACKGROUND = QColor("#f4f4f2")


class LineNumberArea(QWidget):
    """Line numbers as citations count them: 1-based, one per line of the stored text."""

    def __init__(self, editor: MarginHost) -> None:
        super().__init__(editor)
        self.editor = editor
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # (it fills what it paints)

    def width_hint(self) -> int:
        digits = len(str(max(1, self.editor.blockCount())))
        return 12 + QFontMetrics(self.editor.font()).horizontalAdvance("9") * max(3, digits)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(self.width_hint(), 0)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.fillRect(event.rect(), MARGIN_BACKGROUND)
        painter.setPen(NUMBER_COLOR)
        painter.setFont(self.editor.font())
        line_height = QFontMetrics(self.editor.font()).height()
        for block, top, _height in self.editor.visible_blocks():
            painter.drawText(
                QRectF(0, top, self.width() - 6, line_height),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                str(block.blockNumber() + 1),
            )


class StripeMargin(QWidget):
    """One bar per coded segment beside the text, packed into lanes and labelled by code."""

    def __init__(self, editor: MarginHost) -> None:
        super().__init__(editor)
        self.editor = editor
        self.placed: list[tuple[int, int, int, ShownMark]] = []
        self.lanes = 0
        self.hit_boxes: list[tuple[QRectF, ShownMark]] = []
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # (it fills what it paints)

    def set_marks(self, marks: list[ShownMark]) -> None:
        """Lay the marks out in lanes over the whole document, so lanes stay put on scroll."""
        before, lanes = self.placed, self.lanes
        self.placed = pack_lanes([(m.start16, m.end16, m) for m in marks])  # by start
        deepest = max(self.placed, key=itemgetter(0))[0] if self.placed else -1
        self.lanes = min(MAX_LANES, 1 + deepest)
        if lanes != self.lanes or not before:
            self.update()
        else:
            self.update_moved(before)

    def update_moved(self, before: list[tuple[int, int, int, ShownMark]]) -> None:
        """Repaint only around the bars that came, went or changed lane, and the labels
        running into them (a coding redraws a strip of the margin, not all of it)."""
        old = {(lane, id(shown)): (lane, start, end) for lane, start, end, shown in before}
        new = {(lane, id(shown)): (lane, start, end) for lane, start, end, shown in self.placed}
        moved = [old[key] for key in old.keys() - new.keys()]
        moved += [new[key] for key in new.keys() - old.keys()]
        if len(moved) > MOVED_MAX:  # (another document, a coder hidden: all of it)
            self.update()
            return
        blocks = list(self.editor.visible_blocks()) if moved else []
        for lane, start, end in moved:
            span = self.editor.char_span_y(start, end, blocks)
            if span is not None:  # (a bar out of view draws nothing in view)
                self.update(lane_strip(lane, span))

    def width_hint(self) -> int:
        return 2 * PADDING + LANE_WIDTH * max(self.lanes, 1)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.fillRect(event.rect(), MARGIN_BACKGROUND)
        self.hit_boxes = []
        blocks = list(self.editor.visible_blocks())
        window = self.editor.visible_range(blocks)
        if window is None:
            return
        low, high = window
        font = painter.font()
        font.setPointSizeF(max(7.5, font.pointSizeF() - 1.5))
        painter.setFont(font)
        boxes = []
        for lane, start, end, shown in self.placed:
            if start >= high:
                break
            if end <= low or lane >= MAX_LANES:
                continue
            span = self.editor.char_span_y(start, end, blocks)
            if span is not None:
                box = QRectF(PADDING + lane * LANE_WIDTH, span[0] + 1, LANE_WIDTH - 3, 0)
                box.setBottom(span[1] - 1)
                boxes.append((lane, box, shown))
        room = label_room(boxes, self.height())
        region = event.region()
        for (lane, box, shown), free in zip(boxes, room, strict=True):
            if region.intersects(lane_strip(lane, (box.top(), box.bottom()))):
                self.paint_stripe(painter, box, shown, free)  # (others lie outside the repaint)
            self.hit_boxes.append((box, shown))

    def paint_stripe(self, painter: QPainter, box: QRectF, shown: ShownMark, room: float) -> None:
        """The bar, and its code's name down it: on the bar, then (where the bar is too short
        and its lane is free below) on in the bar's colour, so short segments are named too."""
        mark = shown.mark
        color = QColor(mark.coder_color if self.editor.color_stripes_by_coder else mark.code_color)
        painter.fillRect(box, color)
        metrics = painter.fontMetrics()
        if room < 24:
            return
        label = metrics.elidedText(mark.code_name, Qt.TextElideMode.ElideRight, int(room) - 4)
        length = metrics.horizontalAdvance(label) + 6
        on_bar = QColor("white") if color.lightnessF() < 0.6 else QColor("black")
        painter.save()
        painter.translate(box.left() + box.width() / 2, box.top() + 3)
        painter.rotate(90)
        if length > box.height():  # runs past the bar: a tag of the bar's colour, outlined
            painter.fillRect(QRectF(box.height() - 3, -box.width() / 2, length - box.height() + 3,
                                    box.width()), color.lighter(125))  # fmt: skip
        painter.setPen(on_bar)
        painter.drawText(QPointF(0, metrics.ascent() / 2 - 1), label)
        painter.restore()

    def mark_at(self, x: float, y: float) -> ShownMark | None:
        for box, shown in self.hit_boxes:
            if box.adjusted(-1, 0, 2, 0).contains(QPointF(x, y)):
                return shown
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        shown = self.mark_at(event.position().x(), event.position().y())
        if shown is not None:
            self.editor.activate_mark(shown)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            shown = self.mark_at(event.pos().x(), event.pos().y())
            if shown is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), stripe_tooltip(shown), self)
            return True
        return super().event(event)


def lane_strip(lane: int, span: tuple[float, float]) -> QRect:
    """Where a bar over ``span`` (viewport y) may paint, with the labels running down into
    it from the bars above it in its lane and its own label running on below it."""
    top, bottom = int(span[0]) - LABEL_MAX - 8, int(span[1]) + LABEL_MAX + 8
    return QRect(PADDING + lane * LANE_WIDTH - 1, top, LANE_WIDTH + 2, bottom - top)


def label_room(boxes: list[tuple[int, QRectF, ShownMark]], bottom: float) -> list[float]:
    """How far down each bar's label may run: to the next bar in its lane (or the
    margin's bottom), never less than the bar itself."""
    room, below = [0.0] * len(boxes), {}
    for at in range(len(boxes) - 1, -1, -1):  # bottom up: the next bar down in each lane
        lane, box, _shown = boxes[at]
        room[at] = max(box.height(), below.get(lane, bottom) - box.top() - 2)
        below[lane] = box.top()
    return [min(free, LABEL_MAX) for free in room]


def stripe_tooltip(shown: ShownMark) -> str:
    """Code path, coder and memo of a stripe, as a tooltip."""
    mark = shown.mark
    text = f"{' / '.join(mark.code_path)}\ncoded by {mark.coder}"
    if mark.memo:
        text += f"\n\nMemo: {mark.memo}"
    return text
