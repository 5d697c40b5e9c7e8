"""What every segments table shares: its columns, and the drag format carrying segment ids."""

from __future__ import annotations

from PySide6.QtCore import QMimeData

HEADERS = ("Citation", "Code", "Coder", "Text")
SEGMENT_MIME = "application/x-qcode-segment-ids"


def segment_ids_from(mime: QMimeData) -> list[int]:
    """The segment ids a drag from the segments table carries (none for other drags)."""
    if not mime.hasFormat(SEGMENT_MIME):
        return []
    return [int(part) for part in bytes(mime.data(SEGMENT_MIME).data()).decode().split(",")]
