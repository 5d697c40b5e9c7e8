"""The codebook as a tree: names in colour, categories in italics, C/M badges, counts, drops."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from qcode.services.codebook.edit import CodeNode

Index = QModelIndex | QPersistentModelIndex
CODE_MIME = "application/x-qcode-code-id"
HEADERS = ("Code", "C/M", "Coded")
COUNT_COLUMN = HEADERS.index("Coded")
BADGE_COLORS = {"C": QColor("#e8f1fb"), "M": QColor("#fdf0e1"), "CM": QColor("#efe8f7")}
CATEGORY_TIP = "Category: groups codes; not used for coding"
# A drop: (code id, new parent id or None for the top, position among siblings or None, merge)
DropHandler = Callable[[int, int | None, int | None, bool], None]
RenameHandler = Callable[[int, str, str], None]  # code id, new name, name shown
# Plain ints and flags, worked out once: a frame of the tree asks hundreds of times.
DISPLAY, EDIT = int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.EditRole)
DECORATION, FONT = int(Qt.ItemDataRole.DecorationRole), int(Qt.ItemDataRole.FontRole)
BACKGROUND, TOOLTIP = int(Qt.ItemDataRole.BackgroundRole), int(Qt.ItemDataRole.ToolTipRole)
ALIGNMENT, CENTRED = int(Qt.ItemDataRole.TextAlignmentRole), int(Qt.AlignmentFlag.AlignCenter)
ROW_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled
    | Qt.ItemFlag.ItemIsSelectable
    | Qt.ItemFlag.ItemIsDragEnabled
    | Qt.ItemFlag.ItemIsDropEnabled
)
NAME_FLAGS = ROW_FLAGS | Qt.ItemFlag.ItemIsEditable


@dataclass(eq=False)
class CodeItem:
    """One node of the tree shown."""

    node: CodeNode | None
    parent: CodeItem | None = None
    children: list[CodeItem] = field(default_factory=list)
    position: int = 0  # its row under its parent, kept when the tree is built

    def row(self) -> int:
        return self.position


def badge(flags: str) -> str:
    return {"C": "C", "M": "M", "CM": "C M"}.get(flags, "")


class CodebookTreeModel(QAbstractItemModel):
    """Codes in tree order; edits and drops are handed to callbacks that call the services."""

    def __init__(self) -> None:
        super().__init__()
        self.root = CodeItem(None)
        self.items: dict[int, CodeItem] = {}
        self.on_drop: DropHandler | None = None
        self.on_rename: RenameHandler | None = None
        self.merge_modifier_held: Callable[[], bool] = lambda: False

    def set_nodes(self, nodes: list[CodeNode]) -> None:
        """Replace the tree with codebook_tree()'s nodes (depth-first order)."""
        self.beginResetModel()
        self.root = CodeItem(None)
        self.items = {}
        stack: list[CodeItem] = [self.root]
        for node in nodes:
            del stack[node.depth + 1 :]
            item = CodeItem(node, stack[-1], position=len(stack[-1].children))
            stack[-1].children.append(item)
            self.items[node.id] = item
            stack.append(item)
        self.endResetModel()

    def set_counts(self, counts: dict[int, int]) -> None:
        """New segment counts for some codes (the tree itself unchanged)."""
        for code_id, count in counts.items():
            item = self.items.get(code_id)
            if item is not None and item.node is not None and item.node.segments != count:
                item.node = replace(item.node, segments=count)
                cell = self.index_of(code_id, COUNT_COLUMN)
                self.dataChanged.emit(cell, cell)

    def add_to_counts(self, more: dict[object, int]) -> None:
        """Some codes have this many more (or fewer) segments than shown (a coding)."""
        counts = {}
        for code_id, count in more.items():
            item = self.items.get(code_id)  # type: ignore[call-overload]
            if item is not None and item.node is not None:
                counts[item.node.id] = item.node.segments + count
        self.set_counts(counts)

    def item(self, index: Index) -> CodeItem:
        return index.internalPointer() if index.isValid() else self.root  # type: ignore[return-value]

    def node(self, index: Index) -> CodeNode | None:
        return self.item(index).node if index.isValid() else None

    def index_of(self, code_id: int, column: int = 0) -> QModelIndex:
        item = self.items.get(code_id)
        if item is None:
            return QModelIndex()
        return self.createIndex(item.row(), column, item)

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid():  # (no hasIndex: it would call rowCount back through Qt)
            if parent.column() != 0:
                return QModelIndex()
            children = parent.internalPointer().children
        else:
            children = self.root.children
        if 0 <= row < len(children) and 0 <= column < len(HEADERS):
            return self.createIndex(row, column, children[row])
        return QModelIndex()

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        parent = self.item(index).parent
        if parent is None or parent is self.root:
            return QModelIndex()
        return self.createIndex(parent.row(), 0, parent)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self.item(parent).children)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return len(HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = DISPLAY) -> object:
        node = self.node(index)
        if node is None:
            return None
        column = index.column()
        if role in (DISPLAY, EDIT):
            return (node.path[-1], badge(node.flags), node.segments)[column]
        if role == DECORATION and column == 0:
            return QColor(node.shown_color)
        if role == FONT and column == 0 and not node.codable:
            font = QFont()
            font.setItalic(True)
            return font
        if role == BACKGROUND and column == 1 and node.flags:
            return BADGE_COLORS[node.flags]
        if role == ALIGNMENT and column > 0:
            return CENTRED
        if role == TOOLTIP:
            return code_tooltip(node)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return NAME_FLAGS if index.column() == 0 else ROW_FLAGS

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        node = self.node(index)
        if node is None or role != Qt.ItemDataRole.EditRole or index.column() != 0:
            return False
        name = str(value).strip()
        if not name or name == node.path[-1] or self.on_rename is None:
            return False
        self.on_rename(node.id, name, node.path[-1])
        return True

    # -- drag and drop ------------------------------------------------------------------------

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [CODE_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # noqa: N802
        mime = QMimeData()
        nodes = [self.node(i) for i in indexes if i.isValid()]
        if nodes and nodes[0] is not None:
            mime.setData(CODE_MIME, QByteArray(str(nodes[0].id).encode()))
            mime.setText(nodes[0].path[-1])
        return mime

    def canDropMimeData(  # noqa: N802
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return data.hasFormat(CODE_MIME)

    def dropMimeData(  # noqa: N802
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        """Onto a code: move under it (merge into it with Shift held); between codes: reorder."""
        if not data.hasFormat(CODE_MIME) or self.on_drop is None:
            return False
        code_id = int(bytes(data.data(CODE_MIME).data()).decode())
        target = self.node(parent)
        target_id = target.id if target is not None else None
        if target_id == code_id:
            return False
        if row < 0 and target_id is not None and self.merge_modifier_held():
            self.on_drop(code_id, target_id, None, True)
        else:
            self.on_drop(code_id, target_id, row if row >= 0 else None, False)
        return False  # the codebook is reloaded from the project; Qt must remove nothing


def code_tooltip(node: CodeNode) -> str:
    flags = {"C": "context", "M": "mechanism", "CM": "context and mechanism"}.get(node.flags)
    lines = [" / ".join(node.path)]
    if not node.codable:
        lines.append(CATEGORY_TIP)
    if flags:
        lines.append(f"Flag: {flags}")
    lines.append(f"{node.segments} coded segment" + ("" if node.segments == 1 else "s"))
    if node.description:
        lines.append(node.description)
    return "\n".join(lines)
