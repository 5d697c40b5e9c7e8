"""File ▸ Export's kinds: the formats each offers and the choices some ask for first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from qcode.export.agreement.write import SUFFIXES as AGREEMENT_SUFFIXES
from qcode.export.tables.write import TABLE_SUFFIXES
from qcode.export.vignette import VIGNETTE_SUFFIXES
from qcode.services.coders import CONSENSUS, list_coders
from qcode.services.realist.vignette_view import list_vignettes
from qcode.ui.dialogs import ok_cancel
from qcode.ui.exporting import writers as w
from qcode.ui.exporting.captions import caption_chooser
from qcode.ui.exporting.writers import ExportChoices, Writer

FORMAT_NAMES = {
    ".docx": "Word document (*.docx)",
    ".xlsx": "Excel workbook (*.xlsx)",
    ".csv": "CSV, comma-separated (*.csv)",
    ".md": "Markdown (*.md)",
    ".html": "Web page (*.html)",
    ".qdpx": "REFI-QDA project (*.qdpx)",
    ".qdc": "REFI-QDA codebook (*.qdc)",
}
NO_GROUPS = "No grouping"  # as the questionnaire statistics dock says it


# -- the kinds -------------------------------------------------------------------------------

# A chooser asks what it needs on the window, then calls back with the choices (or not at all).
Chooser = Callable[[Any, Callable[[ExportChoices], None]], None]


@dataclass(frozen=True)
class ExportKind:
    label: str  # as the menu says it
    name: str  # in the proposed file name
    formats: tuple[str, ...]  # suffixes, the usual one first
    write: Writer
    choose: Chooser | None = None


# -- choices asked first ---------------------------------------------------------------------


class CodersDialog(QDialog):
    """Whose agreement to report: every coder but the consensus layer ticked at first."""

    def __init__(self, parent: QWidget | None, coders: list[str]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export agreement")
        self.coders = QListWidget()
        for name in coders:
            item = QListWidgetItem(name)
            item.setCheckState(
                Qt.CheckState.Unchecked if name == CONSENSUS else Qt.CheckState.Checked
            )
            self.coders.addItem(item)
        self.error = QLabel(styleSheet="color: #b00020")
        self.buttons = ok_cancel(self, "Next…")
        form = QFormLayout(self)
        form.addRow(QLabel("Compare the coding of (tick two or more):"))
        form.addRow(self.coders)
        form.addRow(self.error)
        form.addRow(self.buttons)

    def chosen(self) -> tuple[str, ...]:
        items = (self.coders.item(row) for row in range(self.coders.count()))
        return tuple(i.text() for i in items if i.checkState() == Qt.CheckState.Checked)

    def accept(self) -> None:
        if len(self.chosen()) < 2:
            self.error.setText("tick at least two coders to compare")
            return
        super().accept()


class PickDialog(QDialog):
    """One choice from a list (which vignette; group the statistics by what)."""

    def __init__(self, parent: QWidget | None, title: str, label: str, names: list[str]) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.names = QComboBox()
        self.names.addItems(names)
        form = QFormLayout(self)
        form.addRow(label, self.names)
        form.addRow(ok_cancel(self, "Next…"))

    def chosen(self) -> str:
        return self.names.currentText()


def ask_choices(window: Any, dialog: QDialog, then: Callable[[], None]) -> None:
    """Open a choice dialog kept as ``window.export_choice_dialog``; ``then`` runs on OK."""
    window.export_choice_dialog = dialog
    dialog.accepted.connect(then)
    dialog.open()


def choose_coders(window: Any, then: Callable[[ExportChoices], None]) -> None:
    with window.workbench.session() as session:
        coders = [coder.name for coder in list_coders(session)]
    if len(coders) < 2:
        window.workbench.report_error("agreement needs two coders; this project has fewer")
        return
    dialog = CodersDialog(window, coders)
    ask_choices(window, dialog, lambda: then(ExportChoices(coders=dialog.chosen())))


def choose_vignette(window: Any, then: Callable[[ExportChoices], None]) -> None:
    with window.workbench.session() as session:
        titles = [view.title for view in list_vignettes(session)]
    if not titles:
        window.workbench.report_error("no vignettes to export yet: start one in Team ▸ Vignettes")
        return
    dialog = PickDialog(window, "Export a vignette", "Vignette", titles)
    ask_choices(window, dialog, lambda: confirm_vignette(window, dialog.chosen(), then))


def confirm_vignette(window: Any, title: str, then: Callable[[ExportChoices], None]) -> None:
    """Go on with a vignette that passes its anonymity check; ask first about one that fails."""
    from qcode.services.realist.vignette_view import vignette_view
    from qcode.ui.docks.vignette_sections import failing_box

    with window.workbench.session() as session:
        view = vignette_view(session, title)
    if view.check.passed:
        then(ExportChoices(vignette=title))
        return
    anyway = ExportChoices(vignette=title, anyway=True)
    window.export_choice_dialog = failing_box(window, view, lambda: then(anyway))
    window.export_choice_dialog.open()


def choose_grouping(window: Any, then: Callable[[ExportChoices], None]) -> None:
    """Group the statistics by one of the respondents' categories (as the dock offers), or not."""
    from qcode.ui.docks.survey_stats import group_choices, respondents_of, survey_items

    with window.workbench.session() as session:
        respondents, people = respondents_of(session)
    if not survey_items(respondents, people):
        window.workbench.report_error(
            "no questionnaire answers to describe: import a survey (.csv) first"
        )
        return
    names = [NO_GROUPS, *group_choices(respondents, people)]
    dialog = PickDialog(window, "Export questionnaire statistics", "Group by", names)

    def chosen() -> None:
        group = dialog.chosen()
        then(ExportChoices(group_by=None if group == NO_GROUPS else group))

    ask_choices(window, dialog, chosen)


TABLES = TABLE_SUFFIXES  # Word first: these tables go into reports and papers
DATA = (".xlsx", ".csv", ".docx", ".md", ".html")
KINDS = (
    ExportKind("CMO table", "cmo", TABLES, w.write_cmo, caption_chooser("cmo")),
    ExportKind("Themes table", "themes", TABLES, w.write_themes, caption_chooser("themes")),
    ExportKind("Codebook", "codebook", TABLES, w.write_codebook),
    ExportKind("Coded segments", "segments", TABLES, w.write_segments),
    ExportKind(
        "Agreement report",
        "agreement",
        AGREEMENT_SUFFIXES,
        w.write_agreement_report,
        choose_coders,
    ),
    ExportKind("Decision log", "decisions", (".docx", ".csv"), w.write_decisions),
    ExportKind("Vignette", "vignette", VIGNETTE_SUFFIXES, w.write_vignette_file, choose_vignette),
    ExportKind("Audit log", "audit-log", (".csv",), w.write_audit),
    ExportKind("Questionnaire statistics", "statistics", DATA, w.write_statistics, choose_grouping),
    ExportKind("REFI-QDA project (.qdpx)", "project", (".qdpx",), w.write_project_qdpx),
    ExportKind("REFI-QDA codebook (.qdc)", "codebook", (".qdc",), w.write_codebook_qdc),
)
