"""The agreement dock's data: its choices, figures per pair of coders, who applied each code."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QListWidget, QListWidgetItem
from sqlalchemy.orm import Session

from qcode.analysis.agreement.measures import kappa_band
from qcode.analysis.agreement.report import CellAgreement, CodeSummary, PairSummary
from qcode.services.codebook.edit import codebook_tree, segment_counts
from qcode.services.coders import list_coders
from qcode.services.documents.listing import list_documents
from qcode.services.lookup import join_path
from qcode.ui.models.rows import RowsTableModel

Index = QModelIndex | QPersistentModelIndex
NAME_ROLE = Qt.ItemDataRole.UserRole


def heat(kappa: float | None) -> QColor | None:
    """Red for poor agreement through yellow to green for high (guidance, not verdict)."""
    if kappa is None:
        return None
    hue = max(0.0, min(1.0, kappa)) * 120
    return QColor.fromHsvF(hue / 360, 0.35, 1.0)


Presence = dict[tuple[tuple[str, ...], str], tuple[str, ...]]
PAIR_HEADERS = (
    "Coder A",
    "Coder B",
    "Agreement %",
    "κ",
    "κ reading",
    "Weighted κ",
    "Segments matched",
    "Segment agreement %",
    "Code presence %",
    "AC1",
    "Brennan–Prediger",
)
PAIR_TIPS = (
    "",
    "",
    "Characters both coders coded or both left uncoded, of all characters in scope",
    "Cohen's kappa on the same characters",
    "Landis & Koch's reading of kappa: a guide, not a verdict",
    "The per-document kappas averaged, weighted by document size (as NVivo users do by hand)",
    "Segments of either coder that the other matched at the overlap threshold",
    "Matched segments as a percentage of both coders' segments (MAXQDA's way)",
    "Documents in which both coders used the code or both did not",
    "Gwet's AC1 on the same characters: chance agreement from how often a character is coded,"
    " so mostly-uncoded text does not drag it down as it does kappa (Landis & Koch's reading)",
    "Brennan & Prediger's coefficient: chance agreement ½ for coded / not coded",
)


@dataclass(frozen=True)
class Choices:
    """What the scope can be chosen from: coders (name, initials, coded?), codes, documents."""

    coders: list[tuple[str, str, bool]]
    codes: list[tuple[str, str]]  # label (indented name), path as the CLI writes it
    documents: list[tuple[str, str]]  # name, kind


def read_choices(session: Session) -> Choices:
    """The project's coders, codes in tree order and documents, as plain rows."""
    coders = [
        (c.name, c.initials or c.name, bool(segment_counts(session, c.id)))
        for c in list_coders(session)
    ]
    codes = [
        ("    " * node.depth + node.path[-1], join_path(node.path))
        for node in codebook_tree(session, counts=False)
    ]
    documents = [(row.name, row.kind) for row in list_documents(session)]
    return Choices(coders, codes, documents)


def ticked(widget: QListWidget) -> list[str]:
    """The names of the ticked items of a checkable list, in its order."""
    items = (widget.item(row) for row in range(widget.count()))
    return [i.data(NAME_ROLE) for i in items if i.checkState() == Qt.CheckState.Checked]


def fill_checkable(widget: QListWidget, rows: list[tuple[str, str, bool]]) -> None:
    """Replace a list's items with (name, tooltip, ticked) rows, without a signal per item."""
    widget.blockSignals(True)
    widget.clear()
    for name, tip, checked in rows:
        item = QListWidgetItem(name)
        item.setData(NAME_ROLE, name)
        item.setToolTip(tip)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        widget.addItem(item)
    widget.blockSignals(False)


def fmt(value: float | None, digits: int) -> str:
    """A figure to read: 'n/a' where it is undefined."""
    return "n/a" if value is None else f"{value:.{digits}f}"


def presence_of(cells: Iterable[CellAgreement], coders: Sequence[str]) -> Presence:
    """(code, document) → the coders who applied the code there, in the order given."""
    found: dict[tuple[tuple[str, ...], str], set[str]] = {}
    for cell in cells:
        applied = found.setdefault((tuple(cell.code), str(cell.document)), set())
        if cell.both + cell.a_only > 0:
            applied.add(str(cell.coder_a))
        if cell.both + cell.b_only > 0:
            applied.add(str(cell.coder_b))
    return {key: tuple(c for c in coders if c in names) for key, names in found.items()}


class PairsTableModel(RowsTableModel):
    """One row per pair of coders (a PairSummary) for the code chosen, or all codes pooled."""

    headers = PAIR_HEADERS

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return PAIR_TIPS[section] or None
        return super().headerData(section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        pair: PairSummary[str] = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return pair_cells(pair)[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and index.column() in (3, 4):
            return heat(pair.counts.kappa)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def pair_cells(pair: PairSummary[str]) -> tuple[str, ...]:
    """A pair's row as shown: the figures the CLI prints, with Landis & Koch's reading."""
    segments = pair.segments
    return (
        pair.coder_a,
        pair.coder_b,
        fmt(pair.counts.agreement, 1),
        fmt(pair.counts.kappa, 3),
        kappa_band(pair.counts.kappa),
        fmt(pair.weighted_kappa, 3),
        f"{segments.a_matched + segments.b_matched} of {segments.a_segments + segments.b_segments}",
        fmt(segments.agreement, 1),
        fmt(pair.presence.agreement, 1),
        fmt(pair.counts.ac1, 3),
        fmt(pair.counts.bp, 3),
    )


def coders_text(summary: CodeSummary[object, str]) -> str:
    """α's bootstrap interval and the coefficients over all coders, as one line to read."""
    interval, coders = summary.alpha_interval, summary.coders
    parts = []
    if interval is not None:
        parts.append(
            f"95 % interval for α: {interval.low:.3f} to {interval.high:.3f}"
            f" (q(α < .800) = {interval.below_reliable:.2f})"
        )
    parts.append(f"Fleiss' κ {fmt(coders.fleiss, 3)} ({kappa_band(coders.fleiss)})")
    parts.append(f"Gwet's AC1 {fmt(coders.ac1, 3)}, Brennan–Prediger {fmt(coders.bp, 3)}")
    return "; ".join(parts) + "."


class PresenceTableModel(QAbstractTableModel):
    """Codes × documents: the initials of the coders who applied the code in the document."""

    def __init__(self) -> None:
        super().__init__()
        self.codes: list[tuple[str, ...]] = []
        self.documents: list[str] = []
        self.coders: tuple[str, ...] = ()
        self.initials: dict[str, str] = {}
        self.applied: Presence = {}

    def set_presence(
        self,
        codes: Sequence[tuple[str, ...]],
        documents: Sequence[str],
        coders: Sequence[str],
        applied: Presence,
        initials: dict[str, str],
    ) -> None:
        """Codes in scope as rows; as columns, the documents where someone applied one."""
        self.beginResetModel()
        used = {doc for (_code, doc), names in applied.items() if names}
        self.codes = [tuple(code) for code in codes]
        self.documents = [doc for doc in documents if doc in used]
        self.coders, self.applied, self.initials = tuple(coders), dict(applied), dict(initials)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.codes)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.documents)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.documents[section]
        path = self.codes[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return " / ".join(path)
        return "    " * (len(path) - 1) + path[-1]  # indented as in the codebook

    def coders_at(self, row: int, column: int) -> tuple[str, ...]:
        """The coders who applied row's code in column's document."""
        return self.applied.get((self.codes[row], self.documents[column]), ())

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        names = self.coders_at(index.row(), index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return " ".join(self.initials.get(name, name) for name in names)
        if role == Qt.ItemDataRole.ToolTipRole:
            missing = [c for c in self.coders if c not in names]
            said = f"Applied by {', '.join(names)}" if names else "Applied by none of them"
            return said + (f"; not by {', '.join(missing)}" if names and missing else "")
        if role == Qt.ItemDataRole.BackgroundRole and names:
            return heat(1.0 if len(names) == len(self.coders) else 0.25)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None
