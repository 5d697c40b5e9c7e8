"""Guards the PySide6 pin: painting must not eat references to None (6.12.0 did, on Python 3.11)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter


def test_void_painter_calls_keep_none_alive(qapp) -> None:
    image = QImage(64, 64, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    before = sys.getrefcount(None)
    for _ in range(500):
        painter.save()
        painter.fillRect(QRectF(0, 0, 8, 8), QColor("#2ca02c"))
        painter.restore()
    lost = before - sys.getrefcount(None)
    painter.end()
    assert lost < 100, f"{lost} references to None lost in 1,500 calls: a broken PySide6 build"
