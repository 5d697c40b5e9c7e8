"""Documents grouped by participant (interviews by wave), questionnaires, and the rest."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

from qcode.services.documents.view import DocumentEntry

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Document", "Wave", "Coded")
QUESTIONNAIRES = "Questionnaire respondents"
UNASSIGNED = "No participant"


@dataclass
class DocumentGroup:
    """A participant (or a collective heading) and their documents."""

    title: str
    documents: list[DocumentEntry] = field(default_factory=list)
    attributes: tuple[tuple[str, str], ...] = ()


def group_documents(entries: list[DocumentEntry]) -> list[DocumentGroup]:
    """Interviewees first (by label, documents by wave), then questionnaires, then the rest."""
    groups: dict[str, DocumentGroup] = {}
    for entry in entries:
        title = QUESTIONNAIRES if entry.kind == "questionnaire" else entry.participant
        title = title or UNASSIGNED
        group = groups.setdefault(title, DocumentGroup(title, attributes=entry.attributes))
        group.documents.append(entry)
    for group in groups.values():
        group.documents.sort(key=lambda e: (e.wave is None, e.wave or 0, natural(e.name)))
        if group.title in (QUESTIONNAIRES, UNASSIGNED):
            group.attributes = ()
    order = sorted(groups, key=lambda t: (t in (QUESTIONNAIRES, UNASSIGNED), t == UNASSIGNED, t))
    return [groups[title] for title in order]


def natural(text: str) -> tuple[object, ...]:
    """Sort key that puts Q2 before Q10."""
    digits = "".join(ch for ch in text if ch.isdigit())
    return (text.rstrip("0123456789"), int(digits) if digits else 0, text)


def plural(count: int, word: str) -> str:
    return word if count == 1 else word + "s"


def attributes_tooltip(title: str, attributes: tuple[tuple[str, str], ...]) -> str:
    if not attributes:
        return title
    return title + "\n" + "\n".join(f"{name}: {value}" for name, value in attributes)


class DocumentsTreeModel(QAbstractItemModel):
    """Two levels: groups, then their documents. A document row's internal id is group + 1."""

    def __init__(self) -> None:
        super().__init__()
        self.groups: list[DocumentGroup] = []

    def set_entries(self, entries: list[DocumentEntry]) -> None:
        self.beginResetModel()
        self.groups = group_documents(entries)
        self.endResetModel()

    def set_segment_counts(self, counts: dict[int, int]) -> None:
        """New segment counts for some documents (the list itself unchanged)."""
        for group_row, group in enumerate(self.groups):
            for row, entry in enumerate(group.documents):
                if entry.id in counts and counts[entry.id] != entry.segments:
                    group.documents[row] = replace(entry, segments=counts[entry.id])
                    for cell in (self.index(row, 2, self.index(group_row, 0)),
                                 self.index(group_row, 2)):  # fmt: skip
                        self.dataChanged.emit(cell, cell)

    def add_to_segment_counts(self, more: dict[object, int]) -> None:
        """Some documents have this many more (or fewer) segments than shown (a coding)."""
        counts = {
            entry.id: entry.segments + more[entry.id]
            for group in self.groups
            for entry in group.documents
            if entry.id in more
        }
        self.set_segment_counts(counts)

    def entry(self, index: Index) -> DocumentEntry | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        return self.groups[index.internalId() - 1].documents[index.row()]

    def participant_at(self, index: Index) -> str | None:
        """The participant label of a group row (None for documents and collective groups)."""
        if not index.isValid() or index.internalId() != 0:
            return None
        title = self.groups[index.row()].title
        return None if title in (QUESTIONNAIRES, UNASSIGNED) else title

    def index_of(self, document_id: int) -> QModelIndex:
        for group_row, group in enumerate(self.groups):
            for row, entry in enumerate(group.documents):
                if entry.id == document_id:
                    return self.createIndex(row, 0, group_row + 1)
        return QModelIndex()

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        if not parent.isValid():
            return len(self.groups)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self.groups[parent.row()].documents)
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return len(HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        entry = self.entry(index)
        if entry is None:
            return self.group_data(self.groups[index.row()], index.column(), role)
        if role == Qt.ItemDataRole.DisplayRole:
            return (entry.name, "" if entry.wave is None else str(entry.wave), entry.segments)[
                index.column()
            ]
        if role == Qt.ItemDataRole.ToolTipRole:
            wave = f", wave {entry.wave}" if entry.wave is not None else ""
            size = f"{entry.chars:,} characters, {entry.lines:,} {plural(entry.lines, 'line')}"
            head = f"{entry.name} ({entry.kind}{wave}, {size})"
            tip = attributes_tooltip(head, entry.attributes)
            if entry.document_attributes:
                tip = attributes_tooltip(f"{tip}\nDocument attributes:", entry.document_attributes)
            return tip
        return None

    def group_data(self, group: DocumentGroup, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return group.title
            if column == 2:
                return sum(d.segments for d in group.documents)
            return ""
        if role == Qt.ItemDataRole.ToolTipRole:
            return attributes_tooltip(group.title, group.attributes)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
