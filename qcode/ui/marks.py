"""What the transcript's margins are drawn from: marks in Qt positions, and the view they read."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtGui import QFont, QTextBlock

from qcode.services.documents.view import CodingMark

VisibleBlock = tuple[QTextBlock, float, float]  # a block in view, its top and its height


@dataclass(frozen=True, slots=True)
class ShownMark:
    """A coding mark with its span in Qt's UTF-16 positions."""

    mark: CodingMark
    start16: int
    end16: int


class MarginHost(Protocol):
    """What a margin asks of the transcript view it sits beside."""

    color_stripes_by_coder: bool

    def blockCount(self) -> int: ...  # noqa: N802 - Qt's name

    def font(self) -> QFont: ...

    def visible_blocks(self) -> Iterator[VisibleBlock]: ...

    def visible_range(self, blocks: list[VisibleBlock]) -> tuple[int, int] | None: ...

    def char_span_y(
        self, start: int, end: int, blocks: list[VisibleBlock]
    ) -> tuple[float, float] | None: ...

    def activate_mark(self, shown: ShownMark) -> None: ...
