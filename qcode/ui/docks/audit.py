"""The audit log viewer: who changed what, when, before and after, and why; CSV export."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from qcode.errors import QcodeError
from qcode.services.auditlog import audit_log, export_audit_csv
from qcode.services.history import Change
from qcode.ui.models.audit import AuditFilterModel, AuditTableModel
from qcode.ui.refresh import WhenShown
from qcode.ui.workbench import Workbench

WIDTHS = (140, 70, 110, 135, 170, 170)


class AuditLogDock(QDockWidget):
    """Every audit event, newest first, re-read after each change; filter and export."""

    def __init__(self, workbench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__("Audit log", parent)
        self.setObjectName("AuditLogDock")
        self.when_shown = WhenShown(self)
        self.workbench = workbench
        self.model = AuditTableModel()
        self.proxy = AuditFilterModel()
        self.proxy.setSourceModel(self.model)
        self.setWidget(self.build())
        workbench.changed.connect(self.on_changed)
        self.when_shown.run("reload", self.reload)

    def build(self) -> QWidget:
        self.filter_box = QLineEdit(placeholderText="Filter by who, action, code, words…")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.textChanged.connect(self.on_filter)
        self.export_button = QPushButton("Export CSV…")
        self.export_button.setToolTip("Save the whole audit trail as a CSV file")
        self.export_button.clicked.connect(self.ask_export)
        self.summary = QLabel()
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate(WIDTHS):
            self.table.setColumnWidth(column, width)
        top = QHBoxLayout()
        top.addWidget(self.filter_box, 1)
        top.addWidget(self.export_button)
        layout = QVBoxLayout()
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        widget = QWidget()
        widget.setLayout(layout)
        return widget

    def reload(self) -> None:
        with self.workbench.session() as session:
            self.model.set_lines(audit_log(session))
        self.show_count()

    def show_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if total == 0:
            self.summary.setText("No changes recorded yet.")
        elif shown == total:
            self.summary.setText(f"{total} event{'s' * (total != 1)}, newest first")
        else:
            self.summary.setText(f"{shown} of {total} events match the filter")

    def on_filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self.show_count()

    def on_changed(self, _change: Change | None) -> None:
        """Every change writes an audit event: re-read now, or when next shown."""
        self.when_shown.run("reload", self.reload)

    def ask_export(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, "Export the audit log", "audit-log.csv", "CSV files (*.csv)"
        )
        if path:
            self.export_csv(Path(path))

    def export_csv(self, path: Path) -> int | None:
        """Write the whole audit trail to ``path``; says how many events in the status bar."""
        try:
            with self.workbench.session() as session:
                count = export_audit_csv(session, path)
        except QcodeError as exc:
            self.workbench.report_error(str(exc))
            return None
        self.workbench.message.emit(f"Exported {count} audit events to {path}", False)
        return count
