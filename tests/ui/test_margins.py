"""The transcript's margins: where a coding stripe's label may run."""

from __future__ import annotations

from PySide6.QtCore import QRectF


def test_a_short_stripes_label_runs_on_down_its_free_lane() -> None:
    from qcode.ui.margins import LABEL_MAX, label_room

    def box(top: float, height: float) -> QRectF:
        return QRectF(0, top, 16, height)

    boxes = [(0, box(10, 20), None), (1, box(12, 300), None), (0, box(100, 20), None)]
    boxes += [(0, box(400, 20), None)]
    room = label_room(boxes, bottom=1000)  # type: ignore[arg-type]
    assert room[0] == 100 - 10 - 2  # to the next bar in lane 0
    assert room[1] == LABEL_MAX  # a free lane below: as long as a label may be
    assert room[2] == LABEL_MAX and room[3] == LABEL_MAX
    assert label_room([(0, box(10, 20), None), (0, box(25, 20), None)], 1000)[0] == 20  # type: ignore[list-item]
