"""The agreement dock: κ and % per pair, α over all coders named, segment matching, presence."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from qcode.analysis.agreement.measures import DEFAULT_THRESHOLD, alpha_band
from qcode.analysis.agreement.report import CodeSummary
from qcode.errors import QcodeError
from qcode.export.agreement.sheets import code_text
from qcode.export.agreement.write import write_agreement
from qcode.services.agreement import AgreementReport, AgreementRequest, agreement
from qcode.services.coders import CONSENSUS
from qcode.services.history import Change
from qcode.services.output_paths import check_output_path
from qcode.ui.background import LatestOnly
from qcode.ui.models.agreement import (
    PairsTableModel,
    Presence,
    PresenceTableModel,
    coders_text,
    fill_checkable,
    fmt,
    presence_of,
    read_choices,
    ticked,
)
from qcode.ui.refresh import WhenShown
from qcode.ui.workbench import Workbench, touches

SHOWN_TABLES = ("segments", "codes", "coders", "documents")
DOCUMENT_SCOPES = (
    ("All documents", "all"),
    ("Interviews only", "interview"),
    ("Survey answers only", "questionnaire"),
    ("Chosen documents", "chosen"),
)
NO_DOCUMENTS = {
    "interview": "This project has no interviews to compare on.",
    "questionnaire": "This project has no survey answers to compare on.",
    "chosen": "Tick the documents to compare on.",
}
TOO_FEW = "Tick at least two coders to compare."
COMPUTING = "Computing…"
GUIDANCE = (
    "Readings are a guide, not a verdict: κ after Landis & Koch (slight, fair, moderate, "
    "substantial, almost perfect); α after Krippendorff (≥ .800 reliable, ≥ .667 tentative)."
    " n/a: neither coder of the pair used the code here (not applicable)."
)
EXPORT_FILTERS = {
    "Excel workbook (*.xlsx)": ".xlsx",
    "CSV, one long table (*.csv)": ".csv",
    "Word document (*.docx)": ".docx",
}
Computed = tuple[AgreementReport | None, Presence, str]


def narrow(box: QComboBox, letters: int = 14) -> QComboBox:
    """A combo box that never widens the dock to its longest entry."""
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(letters)
    return box


class AgreementDock(QDockWidget):
    """Choose coders and scope; the figures are computed off the UI thread, the newest wins."""

    def __init__(self, workbench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__("Agreement", parent)
        self.setObjectName("AgreementDock")
        self.when_shown = WhenShown(self)
        self.workbench = workbench
        self.pairs_model = PairsTableModel()
        self.presence_model = PresenceTableModel()
        self.computer = LatestOnly(self, workbench.report_error)
        self.report: AgreementReport | None = None
        self.pending: AgreementRequest | None = None  # the request whose figures are awaited
        self.kinds: dict[str, str] = {}
        self.initials: dict[str, str] = {}
        self.coders_chosen = False  # the user ticked coders: keep their choice on refresh
        self.note_text = ""
        self.setWidget(self.build())
        self.computer.busy_changed.connect(self.on_busy)
        workbench.changed.connect(self.on_changed)
        self.when_shown.run("refresh", self.refresh)

    # -- building ------------------------------------------------------------------------------

    def build(self) -> QWidget:
        split = QSplitter(Qt.Orientation.Horizontal)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.build_scope())
        split.addWidget(scroll)
        split.addWidget(self.build_results())
        split.setStretchFactor(1, 1)
        return split

    def build_scope(self) -> QWidget:
        self.coder_list = QListWidget()
        self.coder_list.setObjectName("coders")
        self.coder_list.setMaximumHeight(120)
        self.coder_list.itemChanged.connect(self.on_coders_ticked)
        self.code_box = narrow(QComboBox())
        self.aggregate = QCheckBox("With sub-codes")
        self.aggregate.setToolTip("A code counts its sub-codes' coding as its own (a branch)")
        self.document_box = narrow(QComboBox())
        for label, scope in DOCUMENT_SCOPES:
            self.document_box.addItem(label, scope)
        self.document_list = QListWidget()
        self.document_list.setObjectName("documents")
        self.document_list.setMaximumHeight(120)
        self.document_list.setVisible(False)
        self.document_list.itemChanged.connect(lambda _item: self.reload())
        self.threshold = QSpinBox()
        self.threshold.setRange(1, 100)
        self.threshold.setSuffix(" %")
        self.threshold.setValue(round(DEFAULT_THRESHOLD))
        self.threshold.setToolTip("Overlap of two segments (of the two together) that is a match")
        self.coded_only = QCheckBox("Only text someone coded")
        self.coded_only.setToolTip("Leave out the characters that none of the coders coded")
        self.export_button = QPushButton("Export…")
        self.export_button.setToolTip("Write these figures as .xlsx, .csv or .docx")
        self.export_button.clicked.connect(self.ask_export)
        self.code_box.currentIndexChanged.connect(lambda _i: self.reload())
        self.document_box.currentIndexChanged.connect(lambda _i: self.on_scope())
        self.aggregate.toggled.connect(lambda _on: self.reload())
        self.coded_only.toggled.connect(lambda _on: self.reload())
        self.threshold.valueChanged.connect(lambda _v: self.reload())
        form = QFormLayout()
        form.addRow(QLabel("Coders (tick two or more)"))
        form.addRow(self.coder_list)
        form.addRow("Codes", self.code_box)
        form.addRow(self.aggregate)
        form.addRow("Documents", self.document_box)
        form.addRow(self.document_list)
        form.addRow("Segments match at", self.threshold)
        form.addRow(self.coded_only)
        form.addRow(self.export_button)
        widget = QWidget()
        widget.setLayout(form)
        return widget

    def build_results(self) -> QWidget:
        self.alpha_label = QLabel(wordWrap=True)
        self.alpha_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.coders_label = QLabel(wordWrap=True)
        self.coders_label.setObjectName("coders_figures")
        self.coders_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.coders_label.setToolTip(
            "The α interval is Krippendorff's bootstrap (1,000 resamples, fixed seed); q is the "
            "chance that α is below .800. Fleiss' κ, Gwet's AC1 and Brennan–Prediger cover all "
            "the coders ticked at once."
        )
        self.figures_box = narrow(QComboBox(), 20)
        self.figures_box.currentIndexChanged.connect(lambda _i: self.show_summary())
        self.pairs_table = self.table(self.pairs_model)
        self.pairs_table.verticalHeader().setVisible(False)
        self.presence_table = self.table(self.presence_model)
        self.presence_table.verticalHeader().setMaximumWidth(220)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.pairs_table, "Pairs of coders")
        self.tabs.addTab(self.presence_table, "Code presence per document")
        self.note = QLabel(wordWrap=True)
        self.note.setStyleSheet("color: palette(placeholder-text)")
        top = QHBoxLayout()
        top.addWidget(QLabel("Figures for"))
        top.addWidget(self.figures_box, 1)
        layout = QVBoxLayout()
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.alpha_label)
        layout.addWidget(self.coders_label)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.note)
        widget = QWidget()
        widget.setLayout(layout)
        return widget

    def table(self, model: object) -> QTableView:
        view = QTableView()
        view.setModel(model)  # type: ignore[arg-type]
        view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        return view

    # -- choices -------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.refresh_choices()
        self.reload()

    def refresh_choices(self) -> None:
        """Offer the project's coders, codes and documents, keeping what the user chose."""
        with self.workbench.session() as session:
            choices = read_choices(session)
        self.initials = {name: initials for name, initials, _coded in choices.coders}
        self.kinds = dict(choices.documents)
        kept = set(ticked(self.coder_list)) if self.coders_chosen else None
        fill_checkable(
            self.coder_list,
            [
                (
                    name,
                    "has coded in this project" if coded else "has not coded anything yet",
                    name in kept if kept is not None else coded and name != CONSENSUS,
                )
                for name, _initials, coded in choices.coders
            ],
        )
        chosen_docs = set(ticked(self.document_list))
        fill_checkable(
            self.document_list,
            [(name, kind, name in chosen_docs) for name, kind in choices.documents],
        )
        code = self.code_box.currentData()
        self.code_box.blockSignals(True)
        self.code_box.clear()
        self.code_box.addItem("All codes", None)
        for label, path in choices.codes:
            self.code_box.addItem(label, path)
        self.code_box.setCurrentIndex(max(0, self.code_box.findData(code)))
        self.code_box.blockSignals(False)

    def on_coders_ticked(self, _item: QListWidgetItem) -> None:
        self.coders_chosen = True
        self.reload()

    def on_scope(self) -> None:
        self.document_list.setVisible(self.document_box.currentData() == "chosen")
        self.reload()

    def request(self) -> tuple[AgreementRequest | None, str]:
        """The service request for the choices made, or why there is nothing to compute."""
        coders = ticked(self.coder_list)
        if len(coders) < 2:
            return None, TOO_FEW
        scope = self.document_box.currentData()
        if scope == "all":
            documents: list[str] = []
        elif scope == "chosen":
            documents = ticked(self.document_list)
        else:
            documents = [name for name, kind in self.kinds.items() if kind == scope]
        if scope != "all" and not documents:
            return None, NO_DOCUMENTS[scope]
        return AgreementRequest(
            coders=tuple(coders),
            code=self.code_box.currentData(),
            documents=tuple(documents),
            aggregate=self.aggregate.isChecked(),
            threshold=float(self.threshold.value()),
            coded_only=self.coded_only.isChecked(),
        ), ""

    # -- computing -----------------------------------------------------------------------------

    def reload(self) -> None:
        """Recompute the figures for the choices made, off the UI thread (latest choice wins)."""
        request, problem = self.request()
        self.pending = request
        if request is None:
            self.show_nothing(problem)
            return
        session_of = self.workbench.session

        def compute() -> Computed:
            with session_of() as session:
                try:
                    report = agreement(session, request)
                except QcodeError as exc:
                    return None, {}, str(exc)
            return report, presence_of(report.result.iter_cells(), report.coders), ""

        self.computer.run(compute, lambda computed: self.show_report(request, computed))

    def show_nothing(self, note: str) -> None:
        """No figures: empty tables and one line saying why."""
        self.report = None
        self.pairs_model.set_rows([])
        self.presence_model.set_presence([], [], [], {}, {})
        self.figures_box.blockSignals(True)
        self.figures_box.clear()
        self.figures_box.blockSignals(False)
        self.alpha_label.setText("")
        self.coders_label.setText("")
        self.set_note(note)

    def show_report(self, request: AgreementRequest, computed: Computed) -> None:
        report, presence, why = computed
        if request != self.pending:
            return  # the choices changed meanwhile (to a scope with nothing to compute)
        if report is None:
            self.workbench.report_error(why)
            self.show_nothing(why)
            return
        self.report = report
        result = report.result
        chosen = self.figures_box.currentText()
        self.figures_box.blockSignals(True)
        self.figures_box.clear()
        self.figures_box.addItem("All codes in scope, pooled")
        for summary in result.codes:
            self.figures_box.addItem(code_text(summary.code))
        self.figures_box.setCurrentIndex(max(0, self.figures_box.findText(chosen)))
        self.figures_box.blockSignals(False)
        self.show_summary()
        self.presence_model.set_presence(
            result.code_labels, result.documents, result.coders, presence, self.initials
        )
        units = "coded characters" if result.options.coded_only else "characters"
        said = f"{len(result.codes)} code(s), {len(result.documents)} document(s); units: {units}."
        if not result.codes:
            said = "None of these coders has coded anything in this scope yet."
        self.set_note(f"{said} {GUIDANCE}")

    def summary(self) -> CodeSummary[object, str] | None:
        """The figures chosen in "Figures for": all codes pooled, or one code's."""
        if self.report is None:
            return None
        index = self.figures_box.currentIndex()
        result = self.report.result
        return result.codes[index - 1] if 0 < index <= len(result.codes) else result.overall

    def show_summary(self) -> None:
        summary = self.summary()
        if summary is None or self.report is None:
            return
        self.pairs_model.set_rows(summary.pairs)
        names = ", ".join(self.report.coders)
        alpha = summary.alpha
        self.alpha_label.setText(
            f"Krippendorff's α over {names}: {fmt(alpha, 3)} ({alpha_band(alpha)})"
        )
        self.coders_label.setText(coders_text(summary))

    def set_note(self, text: str) -> None:
        self.note_text = text
        self.note.setText(COMPUTING if self.computer.busy else text)

    def on_busy(self, busy: bool) -> None:
        self.note.setText(COMPUTING if busy else self.note_text)

    def on_changed(self, change: Change | None) -> None:
        if touches(change, *SHOWN_TABLES):
            self.when_shown.run("refresh", self.refresh)

    # -- export --------------------------------------------------------------------------------

    def ask_export(self) -> None:
        if self.report is None or self.computer.busy:
            self.workbench.report_error(
                "no figures to export yet: tick two or more coders and wait for them to show"
            )
            return
        name, chosen = QFileDialog.getSaveFileName(
            self, "Export the agreement report", "agreement.xlsx", ";;".join(EXPORT_FILTERS)
        )
        if name:
            path = Path(name)
            self.export(path if path.suffix else path.with_suffix(EXPORT_FILTERS.get(chosen, "")))

    def export(self, path: Path) -> str | None:
        """Write the figures shown (all levels) through the export the CLI uses."""
        if self.report is None:
            return None
        title = f"Inter-coder agreement: {', '.join(self.report.coders)}"
        try:
            check_output_path(path, self.workbench.project.path)
            said = write_agreement(self.report.result, path, title)
        except QcodeError as exc:
            self.workbench.report_error(str(exc))
            return None
        self.workbench.message.emit(said, False)
        return said

