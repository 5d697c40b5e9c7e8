"""Export ▸ CMO table / Themes table: the caption and headings, kept in the project."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from qcode.errors import QcodeError
from qcode.export.tables.captions import (
    DEFAULTS,
    Caption,
    edited_caption,
    kept_caption,
    setting_key,
    value_to_keep,
)
from qcode.services.settings import keep_setting, read_setting
from qcode.ui.dialogs import ok_cancel
from qcode.ui.exporting.writers import ExportChoices

TITLES = {"themes": "Export the themes table", "cmo": "Export the CMO table"}
COLUMNS = {
    "themes": ("Column 1 (themes)", "Column 2 (categories)"),
    "cmo": (
        "Column 1 (themes)",
        "Column 2 (categories)",
        "Column 3 (statements)",
        "Quotes column",
    ),
}


class CaptionDialog(QDialog):
    """The table's number, title and column headings, filled in with the project's kept
    ones; "Defaults" puts the defaults back. The CMO table can add the supporting quotes."""

    def __init__(
        self, parent: QWidget | None, kind: str, caption: Caption, read_only: bool = False
    ) -> None:
        super().__init__(parent)
        self.kind, self.caption = kind, caption
        self.setWindowTitle(TITLES[kind])
        self.number = QLineEdit(caption.number, placeholderText="none")
        self.title = QLineEdit(caption.title)
        self.title.setMinimumWidth(360)
        self.headings = [QLineEdit(text) for text in caption.headings]
        self.quotes = QCheckBox("Add each statement's supporting quotes")
        self.error = QLabel(styleSheet="color: #b00020")
        self.buttons = ok_cancel(self, "Next…")
        defaults = self.buttons.addButton(QDialogButtonBox.StandardButton.RestoreDefaults)
        defaults.setText("Defaults")
        defaults.clicked.connect(lambda: self.show_caption(DEFAULTS[kind]))
        form = QFormLayout(self)
        form.addRow("Table number", self.number)
        form.addRow("Title", self.title)
        for label, field in zip(COLUMNS[kind], self.headings, strict=True):
            form.addRow(label, field)
        if kind == "cmo":
            form.addRow(self.quotes)
            self.quotes.toggled.connect(self.headings[-1].setEnabled)
            self.headings[-1].setEnabled(False)
        kept = "this export only: the project is read-only" if read_only else "the next export"
        form.addRow(QLabel(f"Printed as “Table 9. Title”; kept for {kept}."))
        form.addRow(self.error)
        form.addRow(self.buttons)

    def show_caption(self, caption: Caption) -> None:
        self.number.setText(caption.number)
        self.title.setText(caption.title)
        for field, text in zip(self.headings, caption.headings, strict=True):
            field.setText(text)

    def accept(self) -> None:
        """Check what was typed; say what is wrong under the fields, or close."""
        headings = {n: field.text() for n, field in enumerate(self.headings, start=1)}
        try:
            caption = edited_caption(
                DEFAULTS[self.kind], self.number.text(), self.title.text(), headings
            )
        except QcodeError as exc:
            self.error.setText(str(exc))
            return
        self.caption = caption
        super().accept()


def caption_chooser(kind: str) -> Callable[[Any, Callable[[ExportChoices], None]], None]:
    """The chooser of a captioned kind ("themes", "cmo") for File ▸ Export."""

    def choose(window: Any, then: Callable[[ExportChoices], None]) -> None:
        workbench = window.workbench
        with workbench.session() as session:
            kept = read_setting(session, setting_key(kind))
        read_only = bool(workbench.project.read_only)
        dialog = CaptionDialog(window, kind, kept_caption(kind, kept), read_only)

        def chosen() -> None:
            caption = dialog.caption
            if not read_only and not keep_caption(workbench, kind, caption, kept):
                return  # the workbench said why
            then(ExportChoices(caption=caption, quotes=dialog.quotes.isChecked()))

        window.export_choice_dialog = dialog  # as every choice dialog of File ▸ Export
        dialog.accepted.connect(chosen)
        dialog.open()

    return choose


def keep_caption(workbench: Any, kind: str, caption: Caption, kept: object) -> bool:
    """Keep the caption in the project (one undoable step) if it changed; False if refused."""
    value = value_to_keep(kind, caption)
    if value == kept:
        return True
    project = workbench.project
    change = workbench.run(
        lambda: keep_setting(
            project, setting_key(kind), value, workbench.coder, "caption of an exported table"
        )
    )
    return change is not None
