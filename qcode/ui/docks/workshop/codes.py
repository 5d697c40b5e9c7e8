"""The codes on a workshop passage: one row each, a column per coder's spans, the decision."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from qcode.analysis.intervals import Span
from qcode.services.workshop.passages import CodeOnPassage, PassageView
from qcode.services.workshop.units import DecisionInfo

MAX_ROWS = 5  # rows shown before the table scrolls
SHORT = {
    "majority": "majority",
    "unanimity": "unanimity",
    "union": "union",
    "overlap": "overlap",
    "custom": "custom span",
    "none": "no code",
}


def spans_text(spans: tuple[Span, ...]) -> str:
    return ", ".join(f"{start}\u2013{end}" for start, end in spans) if spans else "\u2014"


def decision_text(code: CodeOnPassage) -> str:
    if code.agreed:
        return "agreed"
    if code.decision is None:
        return "to decide"
    return "\u2713 " + " + ".join(map(short_words, code.decisions or (code.decision,)))


def short_words(info: DecisionInfo) -> str:
    """A decision in a word or two: "kept Ana's", "majority", "no code"."""
    if info.choice in SHORT:
        return SHORT[info.choice]
    return info.words.removesuffix(" coding")  # kept Ana's (coding)


def memo_text(view: PassageView | None) -> str:
    """The coders' memos on the passage, one line each ("" when nothing is shown)."""
    if view is None:
        return ""
    if not view.memos:
        return "No memos on these segments."
    return "\n".join(f"{m.coder}'s memo: {m.text}" for m in view.memos)


def quoted(view: PassageView, spans: tuple[Span, ...]) -> str:
    """The words of spans on the passage (all inside its context)."""
    base = view.context_start
    return "\n".join(f"“{view.context[s - base : e - base]}”" for s, e in spans)


class PassageCodes(QTableWidget):
    """Code | one column per coder (the spans each coded) | Decision; a click picks a code."""

    code_clicked = Signal(int)  # the code id of the row the user clicked

    def __init__(self) -> None:
        super().__init__(0, 2)
        self.setObjectName("workshop_codes")
        self.code_ids: list[int] = []
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.setStyleSheet(
            "QTableWidget { selection-background-color: #d6e4f5; selection-color: black; }"
        )
        self.setWordWrap(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.cellClicked.connect(lambda row, _column: self.code_clicked.emit(self.code_ids[row]))
        self.show_passage(None)

    def show_passage(self, view: PassageView | None) -> None:
        coders = view.coders if view is not None else ()
        codes = view.codes if view is not None else ()
        self.clearContents()
        self.setColumnCount(len(coders) + 2)
        self.setHorizontalHeaderLabels(["Code", *coders, "Decision"])
        self.setRowCount(len(codes))
        self.code_ids = [code.code_id for code in codes]
        for row, code in enumerate(codes):
            self.fill_row(row, code, view)
        self.fit()

    def fill_row(self, row: int, code: CodeOnPassage, view: PassageView | None) -> None:
        name = QTableWidgetItem(code.code[-1])
        name.setToolTip(" / ".join(code.code))
        cells = [name]
        for spans in code.spans:
            cell = QTableWidgetItem(spans_text(spans))
            cell.setToolTip(quoted(view, spans) if view is not None and spans else "")
            cells.append(cell)
        decided = QTableWidgetItem(decision_text(code))
        shown = code.decisions or ((code.decision,) if code.decision else ())
        decided.setToolTip("\n".join(info.summary() for info in shown))
        cells.append(decided)
        for column, cell in enumerate(cells):
            if code.agreed:
                cell.setForeground(self.palette().placeholderText())
            else:
                font = QFont(cell.font())
                font.setBold(column == 0)
                cell.setFont(font)
            self.setItem(row, column, cell)

    def fit(self) -> None:
        """The code column takes the room left; the table is as tall as its rows (up to 5)."""
        header = self.horizontalHeader()
        header.setMinimumSectionSize(24)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, self.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        rows = min(max(self.rowCount(), 1), MAX_ROWS)
        height = header.sizeHint().height() + rows * self.verticalHeader().defaultSectionSize()
        self.setFixedHeight(height + 2 * self.frameWidth() + 2)

    def select_code(self, code_id: int | None) -> None:
        """Mark the row of the code being decided (no signal: nothing else moves)."""
        row = self.code_ids.index(code_id) if code_id in self.code_ids else -1
        self.blockSignals(True)
        if row >= 0:
            self.selectRow(row)
        else:
            self.clearSelection()
        self.blockSignals(False)


def where_words(view: PassageView) -> str:
    """Where a passage is, and how many of the codes the coders differ on are decided."""
    differing = view.differing
    decided = sum(code.decision is not None for code in differing)
    state = "all decided" if view.decided else f"{decided} decided" if decided else "undecided"
    plural = "code differs" if len(differing) == 1 else "codes differ"
    return f"{view.citation} · {len(differing)} {plural} ({state})"
