"""Topic cases and a case's segments as tables: plain rows from the cases and retrieval services."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from sqlalchemy.orm import Session

from qcode.services.cases import case_segments_in_wave_order
from qcode.services.lookup import get_document
from qcode.services.retrieval import SegmentFilter, SegmentRow, retrieve_segments, rows_for
from qcode.ui.models.rows import RowsTableModel

Index = QModelIndex | QPersistentModelIndex
CASE_HEADERS = ("Case", "Participant", "Segments", "Waves")
SEGMENT_HEADERS = ("Wave", "Citation", "Code", "Text")


@dataclass(frozen=True)
class CaseSegmentRow:
    """A segment as a case lists it: the retrieved row and its document's id (to jump to)."""

    row: SegmentRow
    document_id: int

    @property
    def id(self) -> int:
        return self.row.id


def case_segment_rows(session: Session, case: str | int) -> list[CaseSegmentRow]:
    """A case's segments in wave order, each with its citation."""
    segments = case_segments_in_wave_order(session, case)
    rows = rows_for(session, segments)
    return [CaseSegmentRow(row, seg.document_id) for seg, row in zip(segments, rows, strict=True)]


def segment_cells(row: SegmentRow) -> tuple[str, str, str, str]:
    wave = "" if row.wave is None else str(row.wave)
    return (wave, row.citation, " / ".join(row.code), " ".join(row.text.split()))


class CasesTableModel(RowsTableModel):
    """Every case with its participant, number of segments and the waves they come from."""

    headers = CASE_HEADERS

    def row_of(self, name: str) -> int | None:
        return next((i for i, case in enumerate(self.rows) if case.name == name), None)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        case = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (case.name, case.participant or "—", case.segments, case.waves)[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class CaseSegmentsTableModel(RowsTableModel):
    """Segments (of a case, or offered to add to one): wave, citation, code and words."""

    headers = SEGMENT_HEADERS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self.rows[index.row()].row
        if role == Qt.ItemDataRole.DisplayRole:
            return segment_cells(row)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.citation} · {' / '.join(row.code)} · {row.coder}\n\n{row.text}"
        return None


def offered_segment_rows(
    session: Session, participant: str | None, leave_out: set[int]
) -> list[CaseSegmentRow]:
    """Segments that could join a case: the participant's (or all), minus ``leave_out``."""
    rows = retrieve_segments(session, SegmentFilter(participant=participant))
    ids: dict[str, int] = {}
    for row in rows:
        if row.document not in ids:
            ids[row.document] = get_document(session, row.document).id
    return [CaseSegmentRow(row, ids[row.document]) for row in rows if row.id not in leave_out]
