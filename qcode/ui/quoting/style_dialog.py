"""Analyse ▸ Quote style…: citation, attributes, interviewer labels and "…", with a preview."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.errors import QcodeError
from qcode.services.quotes import QuoteStyle, keep_quote_style, kept_quote_style, quotes_for
from qcode.store.models import Document, DocumentAttribute, ParticipantAttribute, Segment
from qcode.ui.workbench import Workbench

CITATIONS = (
    ("PJ 1", "short"),
    ("PJ 1, lines 12–14", "lines"),
    ("[PJ 1: GP/trainer, 12–14]", "full"),
)
NO_QUOTE = "(no coded segment yet: code some text to see a quote here)"


def names_in(text: str) -> tuple[str, ...]:
    """Comma-separated names, each trimmed, the empty ones left out."""
    return tuple(name.strip() for name in text.split(",") if name.strip())


def sample_segment(session: Session) -> Segment | None:
    """The segment the preview quotes: the first in an interview with a participant, else any."""
    query = select(Segment).join(Document, Document.id == Segment.document_id)
    order = (Document.name, Segment.start, Segment.id)
    with_person = query.where(Document.participant_id.is_not(None)).order_by(*order)
    return (
        session.scalars(with_person.limit(1)).first()
        or session.scalars(query.order_by(*order).limit(1)).first()
    )


def attribute_names(session: Session) -> list[str]:
    """The participant and document attribute names a full citation may name."""
    found = set(session.scalars(select(ParticipantAttribute.name).distinct()))
    found |= set(session.scalars(select(DocumentAttribute.name).distinct()))
    return sorted(found, key=str.casefold)


class QuoteStyleDialog(QDialog):
    """The project's quote style, edited with a live preview; OK keeps it as one undoable step."""

    def __init__(self, workbench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quoteStyleDialog")
        self.setWindowTitle("Quote style")
        self.workbench = workbench
        with workbench.session() as session:
            self.kept = kept_quote_style(session)
            attributes = attribute_names(session)
        self.citation = QComboBox(objectName="citationBox")
        for text, key in CITATIONS:
            self.citation.addItem(text, key)
        self.cite_with = QLineEdit(objectName="citeWithEdit")
        self.cite_with.setPlaceholderText(", ".join(attributes[:3]) or "e.g. Role, Specialty")
        self.cite_with.setToolTip("Known attributes: " + (", ".join(attributes) or "none yet"))
        self.interviewer = QLineEdit(objectName="interviewerEdit")
        self.interviewer.setPlaceholderText("none: every speaker's turns are kept")
        self.ellipsis = QCheckBox("Mark with … where a quote starts or ends inside a sentence")
        self.preview = QLabel(wordWrap=True, objectName="quotePreview")
        self.preview.setMinimumWidth(420)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.lay_out()
        self.show_style(self.kept)
        self.citation.currentIndexChanged.connect(lambda _i: self.update_preview())
        for edit in (self.cite_with, self.interviewer):
            edit.textChanged.connect(lambda _t: self.update_preview())
        self.ellipsis.toggled.connect(lambda _on: self.update_preview())
        self.update_preview()

    def lay_out(self) -> None:
        form = QFormLayout()
        form.addRow("Citation", self.citation)
        form.addRow("Attributes a full citation names", self.cite_with)
        form.addRow("Speaker labels left out", self.interviewer)
        form.addRow("", self.ellipsis)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Preview"))
        layout.addWidget(self.preview)
        layout.addWidget(self.buttons)

    def show_style(self, style: QuoteStyle) -> None:
        self.citation.setCurrentIndex(max(0, self.citation.findData(style.citation)))
        self.cite_with.setText(", ".join(style.cite_with))
        self.interviewer.setText(", ".join(style.interviewer))
        self.ellipsis.setChecked(style.ellipsis)

    def style(self) -> QuoteStyle:
        """The style the widgets describe."""
        return QuoteStyle(
            citation=str(self.citation.currentData()),
            cite_with=names_in(self.cite_with.text()),
            interviewer=tuple(
                label for label in names_in(self.interviewer.text()) if label.strip(":").strip()
            ),
            ellipsis=self.ellipsis.isChecked(),
        )

    def update_preview(self) -> None:
        """Quote one segment of the project in the style shown."""
        style = self.style()
        self.cite_with.setEnabled(style.citation == "full")
        with self.workbench.session() as session:
            segment = sample_segment(session)
            quote = quotes_for(session, [segment], style)[0] if segment else None
        if quote is None:
            self.preview.setText(NO_QUOTE)
        else:
            words = quote.text or "(only the left-out speakers' words)"
            self.preview.setText(f"“{words}” ({quote.citation})")

    def accept(self) -> None:
        """Keep the style (one undoable step, none if unchanged), then close."""
        style = self.style()
        if style != self.kept:
            project, actor = self.workbench.project, self.workbench.coder
            if self.workbench.run(lambda: keep_quote_style(project, style, actor)) is None:
                return  # refused: said in the status bar, the dialog stays open
        super().accept()


def open_quote_style(window: Any) -> QuoteStyleDialog | None:
    """Show the Quote style dialog (kept as ``window.quote_style_dialog``)."""
    try:
        dialog = QuoteStyleDialog(window.workbench, window)
    except QcodeError as exc:
        window.workbench.report_error(str(exc))
        return None
    window.quote_style_dialog = dialog
    dialog.open()
    return dialog
