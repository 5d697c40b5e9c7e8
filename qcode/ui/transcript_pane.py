"""The middle of the window: the open document's title, coder filter, and its transcript view."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from qcode.errors import QcodeError
from qcode.services.coders import list_coders
from qcode.services.documents.view import CodingMark, coding_marks, document_view
from qcode.services.history import Change
from qcode.store.journal import table_shape
from qcode.store.models import Document
from qcode.ui.transcript_view import TranscriptView
from qcode.ui.workbench import Workbench, touches

EVERYTHING = None  # a change that needs the whole document read again


def changed_marks(change: Change | None, document_id: int) -> frozenset[int] | None:
    """The segments whose marks on the document may differ; ``EVERYTHING`` to read it all.

    Names and colours of codes and coders, the participant, or the document itself
    changing mean everything; segments and memos mean just those segments' marks.
    """
    if change is None or touches(change, "codes", "coders", "participants"):
        return EVERYTHING
    ids: set[object] = set()
    for row in change.rows:
        if row.table == "documents" and document_id in row.values_of("id"):
            return EVERYTHING
        if row.table == "segments" and document_id in row.values_of("document_id"):
            ids |= row.values_of("id")
        elif row.table == "memos":
            ids |= row.values_of("segment_id")
    return frozenset(i for i in ids if isinstance(i, int))


def marks_from_change(
    change: Change,
    document_id: int,
    shown: tuple[CodingMark, ...],
    coders: dict[int, tuple[str, str]],
) -> tuple[CodingMark, ...] | None:
    """The changed segments' fresh marks built from the change's own rows, no query: when
    each code is drawn on the document already (its path and colour), each coder is known
    and no memo changed. None when a mark needs reading."""
    if any(row.table == "memos" for row in change.rows):
        return None
    columns = table_shape("segments").columns
    at = [columns.index(name) for name in ("id", "document_id", "start", "end", "code_id")]
    at.append(columns.index("coder_id"))
    now: dict[object, tuple[object, ...] | None] = {}
    for row in change.rows:  # (in order: a segment's last row says how it is now)
        if row.table == "segments":
            values = row.new if row.new is not None else row.old
            assert values is not None
            now[values[at[0]]] = None if row.new is None else tuple(row.new[i] for i in at)
    looks = {mark.code_id: mark for mark in shown}
    memos = {mark.segment_id: mark.memo for mark in shown}
    fresh = []
    for values in now.values():
        if values is None or values[1] != document_id:
            continue  # deleted, or on another document: no mark here
        segment_id, _document, start, end, code_id, coder_id = values
        if code_id not in looks or coder_id not in coders:
            return None
        name, color = coders[coder_id]
        mark = replace(looks[code_id], segment_id=segment_id, start=start, end=end)
        fresh.append(replace(mark, coder=name, coder_color=color, memo=memos.get(segment_id, "")))
    return tuple(fresh)


class TranscriptPane(QWidget):
    """Shows one document at a time and turns the view's requests into workbench actions."""

    def __init__(self, workbench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workbench = workbench
        self.coders: dict[int, tuple[str, str]] = {}  # id → name and colour, as marks show them
        self.view = TranscriptView(self)
        self.title = QLabel("No document open")  # (a QLabel: its width is the layout's to share)
        self.title.setStyleSheet("font-weight: 600; padding: 2px 4px;")
        self.coder_row = QHBoxLayout()
        self.coder_checks: dict[str, QCheckBox] = {}
        self.colour_toggle = QToolButton(text="Stripes: coder colours", checkable=True)
        self.colour_toggle.setChecked(True)
        self.colour_toggle.toggled.connect(self.on_colour_toggle)
        self.stop_compare = QToolButton(text="Stop comparing")
        self.stop_compare.clicked.connect(lambda: self.compare(None))
        self.stop_compare.hide()
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.stop_compare)
        header.addWidget(QLabel("Show coding of:"))
        header.addLayout(self.coder_row)
        header.addWidget(self.colour_toggle)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(header)
        layout.addWidget(self.view)
        self.view.code_dropped.connect(self.on_code_dropped)
        self.view.uncode_requested.connect(workbench.uncode)
        self.view.in_vivo_requested.connect(self.on_in_vivo)
        self.view.code_selection_requested.connect(self.on_code_with_current)
        workbench.changed.connect(self.on_changed)
        workbench.compare_requested.connect(lambda code, a, b: self.compare((code, a, b)))
        self.refresh_coders()

    def compare(self, comparison: tuple[int, str, str] | None) -> None:
        """Show one code as coded by A (red) and B (blue), both in purple; None: back to all."""
        self.view.set_comparison(comparison)
        self.stop_compare.setVisible(comparison is not None)
        if comparison is not None:
            self.workbench.message.emit(
                f"Comparing {comparison[1]} (red) and {comparison[2]} (blue); both: purple", False
            )

    def document_id(self) -> int | None:
        return self.view.view.id if self.view.view is not None else None

    def open_document(self, document_id: int) -> None:
        try:
            with self.workbench.session() as session:
                shown = document_view(session, document_id)
                self.coders = {c.id: (c.name, c.color) for c in list_coders(session)}
        except QcodeError as exc:
            self.workbench.report_error(str(exc))
            self.view.clear_document()
            self.title.setText("No document open")
            return
        self.view.show_document(shown)
        self.show_title()

    def show_title(self) -> None:
        shown = self.view.view
        if shown is None:
            return
        wave = f" · wave {shown.wave}" if shown.wave is not None else ""
        who = f" · {shown.participant}" if shown.participant else ""
        self.title.setText(f"{shown.name}{who}{wave} · {len(shown.marks)} coded segments")

    def show_span(self, document_id: int, start: int, end: int) -> None:
        if self.document_id() != document_id:
            self.open_document(document_id)
        self.view.select_span(start, end)
        self.view.setFocus()

    def on_changed(self, change: Change | None) -> None:
        if touches(change, "coders"):
            self.refresh_coders()
        document_id = self.document_id()
        if document_id is None:
            return
        segments = changed_marks(change, document_id)
        if segments is EVERYTHING and not self.still_there(document_id):
            self.close_document()  # deleted (or its import undone): nothing to show
        elif segments is EVERYTHING:
            self.open_document(document_id)  # same text: scroll and selection stay
        elif segments and change is not None:
            self.update_marks(document_id, segments, change)

    def still_there(self, document_id: int) -> bool:
        with self.workbench.session() as session:
            return session.get(Document, document_id) is not None

    def close_document(self) -> None:
        self.view.clear_document()
        self.title.setText("No document open")

    def update_marks(self, document_id: int, segments: frozenset[int], change: Change) -> None:
        """Redraw only the changed segments' marks (a segment gone is dropped), from the
        change itself when it says all they show, else read again."""
        shown = self.view.view.marks if self.view.view is not None else ()
        fresh = marks_from_change(change, document_id, shown, self.coders)
        if fresh is None:
            with self.workbench.session() as session:
                fresh = coding_marks(session, document_id, segments)
        self.view.replace_marks(segments, fresh)
        self.show_title()

    def refresh_coders(self) -> None:
        names = self.workbench.coder_names()
        for name in list(self.coder_checks):
            if name not in names:
                self.coder_checks.pop(name).deleteLater()
        for name in names:
            if name not in self.coder_checks:
                check = QCheckBox(name)
                check.setChecked(True)
                check.toggled.connect(self.on_coder_filter)
                self.coder_checks[name] = check
                self.coder_row.addWidget(check)

    def on_coder_filter(self) -> None:
        hidden = {name for name, check in self.coder_checks.items() if not check.isChecked()}
        self.view.set_hidden_coders(hidden)

    def on_colour_toggle(self, by_coder: bool) -> None:
        self.colour_toggle.setText(
            "Stripes: coder colours" if by_coder else "Stripes: code colours"
        )
        self.view.color_stripes_by_coder = by_coder
        self.view.stripes.update()

    def on_code_dropped(self, code_id: int, start: int, end: int) -> None:
        document_id = self.document_id()
        if document_id is not None:
            self.workbench.code_text(document_id, start, end, code_id)

    def on_code_with_current(self, start: int, end: int) -> None:
        document_id, code_id = self.document_id(), self.workbench.current_code
        if document_id is None or code_id is None:
            self.workbench.report_error("choose a code in the codebook first")
            return
        self.workbench.code_text(document_id, start, end, code_id)

    def on_in_vivo(self, start: int, end: int) -> None:
        document_id = self.document_id()
        if document_id is not None:
            self.workbench.code_in_vivo(document_id, start, end)
