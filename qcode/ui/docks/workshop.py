"""Workshop mode: walk two coders' disagreements, decide each with reasons, build the consensus."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from qcode.analysis.intervals import Span
from qcode.errors import QcodeError
from qcode.export.decision_log import write_decision_log
from qcode.services.coders import CONSENSUS
from qcode.services.history import Change
from qcode.services.output_paths import check_output_path
from qcode.services.workshop.disagreements import (
    Disagreement,
    decide,
    decision_log,
    list_disagreements,
)
from qcode.ui.refresh import WhenShown
from qcode.ui.workbench import Workbench, touches

CHOICES = (
    ("keep_a", "Keep A's coding"),
    ("keep_b", "Keep B's coding"),
    ("union", "Both (union)"),
    ("overlap", "Only the overlap"),
    ("custom", "Custom span"),
    ("none", "No code here"),
)
SHADES = {"a": "#fbd5d5", "b": "#d3e5fa", "ab": "#dcd0f0"}


def shaded_context(item: Disagreement) -> str:
    """The text around a disagreement as HTML, shaded by who coded each character."""
    pieces = []
    base = item.context_start
    marks = [classify(base + i, item.a_spans, item.b_spans) for i in range(len(item.context))]
    run_start = 0
    for i in range(1, len(item.context) + 1):
        if i == len(item.context) or marks[i] != marks[run_start]:
            words = html.escape(item.context[run_start:i]).replace("\n", "<br>")
            shade = SHADES.get(marks[run_start])
            pieces.append(f'<span style="background:{shade}">{words}</span>' if shade else words)
            run_start = i
    return "".join(pieces)


def classify(offset: int, a_spans: tuple[Span, ...], b_spans: tuple[Span, ...]) -> str:
    in_a = any(s <= offset < e for s, e in a_spans)
    in_b = any(s <= offset < e for s, e in b_spans)
    return ("a" if in_a else "") + ("b" if in_b else "")


class WorkshopDock(QDockWidget):
    """One disagreement at a time; decisions go to the Consensus coder and the decision log."""

    def __init__(self, workbench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__("Workshop", parent)
        self.setObjectName("WorkshopDock")
        self.when_shown = WhenShown(self)
        self.workbench = workbench
        self.items: list[Disagreement] = []
        self.position = 0
        self.setWidget(self.build())
        workbench.changed.connect(self.on_changed)
        self.when_shown.run("choices", self.refresh_choices)

    # -- building --------------------------------------------------------------------------------

    def build(self) -> QWidget:
        self.coder_a, self.coder_b = QComboBox(), QComboBox()
        self.code_filter, self.document_filter = QComboBox(), QComboBox()
        for box in (self.coder_a, self.coder_b, self.code_filter, self.document_filter):
            box.currentIndexChanged.connect(lambda _i: self.reload())
        self.progress = QProgressBar()
        self.progress.setFormat("%v of %m decided")
        self.where = QLabel()
        self.where.setWordWrap(True)
        self.context = QTextBrowser()
        self.context.setMinimumHeight(90)
        self.memos = QLabel()
        self.memos.setWordWrap(True)
        self.previous_button = QPushButton("◀ Previous")
        self.next_button = QPushButton("Next ▶")
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        layout = QVBoxLayout()
        layout.addLayout(self.scope_row())
        layout.addWidget(self.progress)
        navigation = QHBoxLayout()
        navigation.addWidget(self.previous_button)
        navigation.addWidget(self.where, 1)
        navigation.addWidget(self.next_button)
        layout.addLayout(navigation)
        layout.addWidget(self.context, 2)
        layout.addWidget(self.memos)
        layout.addLayout(self.decision_form())
        widget = QWidget()
        widget.setLayout(layout)
        return widget

    def scope_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        for label, box in (
            ("A:", self.coder_a),
            ("B:", self.coder_b),
            ("Code:", self.code_filter),
            ("Document:", self.document_filter),
        ):
            row.addWidget(QLabel(label))
            row.addWidget(box, 1)
        return row

    def decision_form(self) -> QFormLayout:
        self.choice_group = QButtonGroup(self)
        choices = QHBoxLayout()
        self.choice_buttons: dict[str, QRadioButton] = {}
        for number, (choice, label) in enumerate(CHOICES):
            button = QRadioButton(label)
            self.choice_group.addButton(button, number)
            self.choice_buttons[choice] = button
            choices.addWidget(button)
        self.choice_buttons["union"].setChecked(True)
        self.custom_start, self.custom_end = QSpinBox(), QSpinBox()
        for box in (self.custom_start, self.custom_end):
            box.setRange(0, 10**9)
        span_row = QHBoxLayout()
        span_row.addWidget(self.custom_start)
        span_row.addWidget(QLabel("to"))
        span_row.addWidget(self.custom_end)
        span_row.addStretch(1)
        self.rationale = QPlainTextEdit(placeholderText="Why the team decided so")
        self.rationale.setMaximumHeight(54)
        self.attendees = QLineEdit(placeholderText="Who took part, e.g. Ana, Ben, Chris")
        self.decide_button = QPushButton("Record decision")
        self.decide_button.clicked.connect(self.record)
        self.export_button = QPushButton("Export decision log…")
        self.export_button.clicked.connect(self.ask_export)
        buttons = QHBoxLayout()
        buttons.addWidget(self.decide_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        form = QFormLayout()
        form.addRow("Decision:", choices)
        form.addRow("Custom span:", span_row)
        form.addRow("Rationale:", self.rationale)
        form.addRow("Attendees:", self.attendees)
        form.addRow(buttons)
        return form

    # -- loading ---------------------------------------------------------------------------------

    def refresh_choices(self) -> None:
        """Fill the coder, code and document boxes, keeping what was chosen."""
        coders = [n for n in self.workbench.coder_names() if n != CONSENSUS]
        with self.workbench.session() as session:
            from qcode.services.codebook.edit import codebook_tree
            from qcode.services.documents.listing import list_documents

            codes = [(" / ".join(n.path), n.id) for n in codebook_tree(session)]
            documents = [row.name for row in list_documents(session)]
        self.fill(self.coder_a, [(name, name) for name in coders], 0)
        self.fill(self.coder_b, [(name, name) for name in coders], 1)
        self.fill(self.code_filter, [("All codes", None), *codes], 0)
        self.fill(self.document_filter, [("All documents", None), *((d, d) for d in documents)], 0)
        self.reload()

    def fill(self, box: QComboBox, entries: list[tuple[str, object]], default: int) -> None:
        chosen = box.currentData()
        box.blockSignals(True)
        box.clear()
        for label, value in entries:
            box.addItem(label, value)
        found = box.findData(chosen) if chosen is not None else -1
        box.setCurrentIndex(found if found >= 0 else min(default, box.count() - 1))
        box.blockSignals(False)

    def reload(self) -> None:
        a, b = self.coder_a.currentData(), self.coder_b.currentData()
        self.items = []
        if a and b and a != b:
            with self.workbench.session() as session:
                self.items = list_disagreements(
                    session,
                    a,
                    b,
                    code=self.code_filter.currentData(),
                    document=self.document_filter.currentData(),
                )
        self.position = min(self.position, max(len(self.items) - 1, 0))
        self.show_current(follow=False)  # a refresh never moves the transcript

    def on_changed(self, change: Change | None) -> None:
        if touches(change, "coders", "codes", "documents"):
            self.when_shown.run("choices", self.refresh_choices)
        elif touches(change, "segments", "workshop_decisions", "memos"):
            self.when_shown.run("reload", self.reload)

    # -- stepping --------------------------------------------------------------------------------

    def current(self) -> Disagreement | None:
        return self.items[self.position] if self.items else None

    def decided_count(self) -> int:
        return sum(item.decision is not None for item in self.items)

    def step(self, direction: int) -> None:
        if self.items:
            self.position = (self.position + direction) % len(self.items)
            self.show_current()

    def show_current(self, follow: bool = True) -> None:
        """Show the current unit here; ``follow`` (the user stepped to it) shows it in the text."""
        self.progress.setMaximum(max(len(self.items), 1))
        self.progress.setValue(self.decided_count())
        item = self.current()
        for widget in (self.previous_button, self.next_button, self.decide_button):
            widget.setEnabled(item is not None)
        if item is None:
            self.where.setText("No disagreements between these coders here.")
            self.context.clear()
            self.memos.clear()
            return
        done = f" — decided: {item.decision.words}" if item.decision else ""
        self.where.setText(
            f"{self.position + 1} of {len(self.items)}: {item.citation} · "
            f"{' / '.join(item.code)}{done}"
        )
        legend = (
            f'<p><span style="background:{SHADES["a"]}">only {html.escape(item.coder_a)}'
            f'</span> <span style="background:{SHADES["b"]}">only '
            f'{html.escape(item.coder_b)}</span> <span style="background:{SHADES["ab"]}">'
            "both</span></p>"
        )
        self.context.setHtml(legend + shaded_context(item))
        notes = [f"{m.coder}'s memo: {m.text}" for m in item.memos]
        self.memos.setText("\n".join(notes) if notes else "No memos on these segments.")
        self.custom_start.setValue(item.start)
        self.custom_end.setValue(item.end)
        if follow:
            self.show_in_text()

    def show_in_text(self) -> None:
        """Open the current unit's passage in the transcript and select it."""
        item = self.current()
        if item is not None:
            self.workbench.show_text.emit(item.key.document_id, item.start, item.end)

    # -- deciding --------------------------------------------------------------------------------

    def chosen(self) -> str:
        return CHOICES[self.choice_group.checkedId()][0]

    def record(self) -> Change | None:
        item = self.current()
        if item is None:
            return None
        choice = self.chosen()
        span = (self.custom_start.value(), self.custom_end.value()) if choice == "custom" else None
        rationale, attendees = self.rationale.toPlainText().strip(), self.attendees.text()
        project, actor = self.workbench.project, self.workbench.coder
        people = [name.strip() for name in attendees.split(",") if name.strip()]
        change = self.workbench.run(
            lambda: decide(project, item.key, choice, rationale, people, actor, span)
        )
        if change is not None:
            self.rationale.clear()
            self.advance_to_undecided()
        return change

    def advance_to_undecided(self) -> None:
        for step in range(1, len(self.items) + 1):
            index = (self.position + step) % len(self.items)
            if self.items[index].decision is None:
                self.position = index
                break
        self.show_current()

    def ask_export(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, "Export decision log", "decisions.docx", "Word (*.docx);;CSV (*.csv)"
        )
        if name:
            self.export(Path(name))

    def export(self, path: Path) -> str | None:
        try:
            check_output_path(path, self.workbench.project.path)
            with self.workbench.session() as session:
                rows = decision_log(session)
            said = write_decision_log(rows, path, "Workshop decisions")
        except QcodeError as exc:
            self.workbench.report_error(str(exc))
            return None
        except OSError as exc:
            self.workbench.report_error(f"{path}: could not write the decision log ({exc})")
            return None
        self.workbench.message.emit(said, False)
        return said
