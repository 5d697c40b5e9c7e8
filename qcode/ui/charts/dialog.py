"""Analyse ▸ Charts…: choose a chart and its options, see it drawn, save it as PNG or SVG."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from qcode.analysis.charts import Chart
from qcode.errors import QcodeError
from qcode.export.charts.render import chart_bytes, write_chart
from qcode.services.charts.gather import ChartRequest, chart_data, chart_themes, default_coders
from qcode.services.history import Change
from qcode.services.output_paths import check_session_output
from qcode.ui.models.agreement import fill_checkable, ticked
from qcode.ui.project_dialogs import choose_file
from qcode.ui.workbench import Workbench

KINDS = (
    ("Code frequency", "frequency"),
    ("Co-occurrence heat map", "cooccurrence"),
    ("Agreement heat map (κ or α)", "agreement"),
    ("CMO diagram of a theme", "cmo"),
)
FILTERS = ["PNG picture (*.png)", "SVG drawing (*.svg)"]
EVERY_CODER = "Every coder"
OPTIONS = {  # which option rows each kind shows
    "frequency": {"by", "count", "coder"},
    "cooccurrence": {"count", "coder"},
    "agreement": {"coders"},
    "cmo": {"theme"},
}


def combo(name: str, items: list[tuple[str, str]]) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    for text, value in items:
        box.addItem(text, value)
    return box


class ChartsDialog(QDialog):
    """The kind of chart and its options on the left; the picture, redrawn on each change."""

    def __init__(self, workbench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Charts")
        self.resize(1100, 760)
        self.workbench = workbench
        self.chart: Chart | None = None
        self.file_dialog = None
        self.kind = combo("chart_kind", list(KINDS))
        self.by = combo("chart_by", [("Participant", "participant"), ("Wave", "wave")])
        self.count = combo(
            "chart_count", [("Segments", "segments"), ("Coded characters", "characters")]
        )
        self.coder = combo("chart_coder", [])
        self.coders = QListWidget()
        self.coders.setObjectName("chart_coders")
        self.coders.setMaximumHeight(110)
        self.theme = combo("chart_theme", [])
        self.form = self._form()
        self.picture = QLabel()
        self.picture.setObjectName("chart_picture")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.message = QLabel()
        self.message.setObjectName("chart_message")
        self.message.setWordWrap(True)
        self.save = QPushButton("Save…")
        self.save.setObjectName("chart_save")
        self.save.clicked.connect(self.ask_where)
        self._lay_out()
        self.fill_choices()
        for box in (self.kind, self.by, self.count, self.coder, self.theme):
            box.currentIndexChanged.connect(lambda _i: self.redraw())
        self.coders.itemChanged.connect(lambda _item: self.redraw())
        workbench.changed.connect(self.on_changed)
        self.redraw()

    def _form(self) -> QFormLayout:
        form = QFormLayout()
        form.addRow("Chart:", self.kind)
        form.addRow("Columns:", self.by)
        form.addRow("Count:", self.count)
        form.addRow("Coding of:", self.coder)
        form.addRow("Coders:", self.coders)
        form.addRow("Theme:", self.theme)
        return form

    def _lay_out(self) -> None:
        scroll = QScrollArea()
        scroll.setWidget(self.picture)
        scroll.setWidgetResizable(False)
        side = QVBoxLayout()
        side.addLayout(self.form)
        side.addWidget(self.message)
        side.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.save, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        side.addWidget(buttons)
        row = QHBoxLayout(self)
        row.addLayout(side)
        row.addWidget(scroll, 1)

    def fill_choices(self) -> None:
        """The project's coders and themes now (choices kept where they still exist)."""
        with self.workbench.session() as session:
            names, themes = default_coders(session), chart_themes(session)
        kept = set(ticked(self.coders)) if self.coders.count() else set(names)
        fill_checkable(self.coders, [(n, n, n in kept) for n in names])
        for box, items in ((self.coder, [EVERY_CODER, *names]), (self.theme, themes)):
            current = box.currentText()
            box.blockSignals(True)
            box.clear()
            for item in items:
                box.addItem(item, None if item == EVERY_CODER else item)
            box.setCurrentIndex(max(box.findText(current), 0))
            box.blockSignals(False)

    def request(self) -> ChartRequest:
        kind = self.kind.currentData()
        for row, name in enumerate(("by", "count", "coder", "coders", "theme"), start=1):
            self.form.setRowVisible(row, name in OPTIONS[kind])
        return ChartRequest(
            kind,
            self.by.currentData(),
            self.count.currentData(),
            self.coder.currentData(),
            ticked(self.coders),
            self.theme.currentData(),
        )

    def redraw(self) -> None:
        """Draw the chart the options name; a refusal is said in words, the picture cleared."""
        request = self.request()
        try:
            with self.workbench.session() as session:
                chart = chart_data(session, request)
            png = chart_bytes(chart, ".png")
        except QcodeError as exc:
            self.show_refusal(str(exc))
            return
        pixmap = QPixmap()
        pixmap.loadFromData(png, "PNG")
        self.chart = chart
        self.picture.setPixmap(pixmap)
        self.picture.resize(pixmap.size())
        self.message.setText("")
        self.save.setEnabled(True)

    def show_refusal(self, text: str) -> None:
        self.chart = None
        self.picture.setPixmap(QPixmap())
        self.picture.resize(0, 0)
        self.message.setText(text[:1].upper() + text[1:] + ".")
        self.save.setEnabled(False)

    def on_changed(self, change: Change | None) -> None:
        if self.isVisible():
            self.fill_choices()
            self.redraw()

    def ask_where(self) -> None:
        kind = self.kind.currentData()
        folder = Path(self.workbench.project.path).parent
        if not folder.is_dir():  # a team server's project: no folder of its own
            folder = Path.home()
        choose_file(self, "Save the chart", FILTERS, self.save_to, save_as=folder / f"{kind}.png")

    def save_to(self, path: Path, _filter: str = "") -> None:
        """Write the chart shown to ``path`` (PNG or SVG by its suffix)."""
        if self.chart is None:
            return
        try:
            with self.workbench.session() as session:
                check_session_output(session, path)
            said = write_chart(self.chart, path)
        except QcodeError as exc:
            self.message.setText(str(exc))
            return
        self.message.setText(said[:1].upper() + said[1:] + ".")


def open_charts(window: Any) -> ChartsDialog:
    """Show the Charts dialog of the window's project (kept as ``window.charts_dialog``)."""
    dialog = ChartsDialog(window.workbench, window)
    window.charts_dialog = dialog
    dialog.show()
    return dialog
