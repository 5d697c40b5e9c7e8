"""The vignette editor's pieces: words edited in bursts, a quote's card, a section taking drops,
and what the anonymity check says."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QFocusEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from qcode.services.documents.view import CodingMark
from qcode.services.realist.vignette_view import PartView, VignetteView
from qcode.ui.models.segments import segment_ids_from

PAUSE_MS = 1500  # a pause in typing this long ends an edit burst: one saved, undoable edit
MIN_LINES, MAX_LINES = 2, 14
EMPTY_SECTION = (
    "Drag coded segments here from the Coded segments panel, or select coded text in the "
    "transcript and press Add transcript selection."
)
NO_SEGMENT = "— (its coded segment was removed; the words stay)"
SOURCES = (("Notes", "notes"), ("Source list", "list"), ("No sources", "none"))
"""How an export cites each quote: numbered notes, a source list at the end, or not at all."""
EXPORT_ANYWAY = "Export anyway"


def check_line(view: VignetteView | None) -> tuple[str, bool]:
    """What the anonymity check says of a vignette, and whether it is a warning."""
    if view is None:
        return "Start a vignette: type its title above and press New.", False
    quotes = sum(len(section.parts) for section in view.sections)
    problems = view.check.problems()
    if problems:
        return "\n".join(f"⚠ {line[0].upper()}{line[1:]}." for line in problems), True
    if not quotes:
        return "No quotes yet: a composite draws on several participants' accounts.", False
    if not view.participants:
        return (
            f"⚠ Its {quotes} quote(s) name no participant: check by hand that no one "
            "can be recognised.",
            True,
        )
    people = ", ".join(view.participants)
    return f"Draws on {len(view.participants)} participants ({people}) ✓", False


def file_name(title: str) -> str:
    """A file name for a vignette's export, from its title."""
    return (re.sub(r"[^\w\- ]+", "-", title).strip(" -") or "vignette") + ".docx"


def failing_box(parent: QWidget, view: VignetteView, anyway: Callable[[], object]) -> QMessageBox:
    """Asks whether to export a vignette that fails its anonymity check (Cancel is the
    default); Export anyway runs ``anyway``."""
    problems = "\n".join(f"• {line}" for line in view.check.problems())
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "Export vignette",
        f"'{view.title}' fails the anonymity check:\n{problems}\n\n"
        "Reword it first, or export it anyway?",
        QMessageBox.StandardButton.Cancel,
        parent,
    )
    button = box.addButton(EXPORT_ANYWAY, QMessageBox.ButtonRole.AcceptRole)
    button.setObjectName("exportAnyway")
    button.clicked.connect(lambda: anyway())
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return box


class SectionOwner(Protocol):
    """What a section asks of the editor around it (the vignettes dock)."""

    def pick(self, section: str, segment_ids: list[int]) -> object: ...
    def add_from_transcript(self, section: str) -> object: ...
    def edit_words(self, part_id: int, text: str) -> object: ...
    def remove_part(self, part_id: int) -> object: ...


def accept_segments(event: QDragEnterEvent | QDragMoveEvent) -> bool:
    """Accept a drag that carries coded segments; say whether it did."""
    if segment_ids_from(event.mimeData()):
        event.acceptProposedAction()
        return True
    return False


def segment_at(marks: Sequence[CodingMark], start: int, end: int, coder: str | None) -> int | None:
    """The coded segment a selection (or the cursor) points at: most overlap, own coding first."""
    end = max(end, start + 1)

    def overlap(mark: CodingMark) -> int:
        return min(mark.end, end) - max(mark.start, start)

    hits = [mark for mark in marks if overlap(mark) > 0]
    if not hits:
        return None
    best = max(hits, key=lambda m: (overlap(m), m.coder == coder, m.start - m.end, -m.segment_id))
    return best.segment_id


class WordsEdit(QPlainTextEdit):
    """Words to edit; a burst of typing ends (a pause, or focus leaving) in one ``finished``."""

    finished = Signal(str)

    def __init__(self, placeholder: str, take: Callable[[list[int]], object] | None) -> None:
        super().__init__()
        self.take = take  # where dropped segments go (None: this box refuses them)
        self.dirty = False
        self.setPlaceholderText(placeholder)
        self.setTabChangesFocus(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.pause = QTimer(self, singleShot=True, interval=PAUSE_MS)
        self.pause.timeout.connect(self.finish)
        self.textChanged.connect(self.on_typed)
        self.document().documentLayout().documentSizeChanged.connect(lambda _size: self.fit())
        self.fit()

    def on_typed(self) -> None:
        self.dirty = True
        self.pause.start()

    def finish(self) -> None:
        """End the burst: say what was written, once, if anything was."""
        self.pause.stop()
        if self.dirty:
            self.dirty = False
            self.finished.emit(self.toPlainText())

    def discard(self) -> None:
        self.pause.stop()
        self.dirty = False

    def set_words(self, text: str) -> None:
        """Show the stored words, unless the user is mid-burst here (typing is never lost)."""
        if self.dirty or self.toPlainText().strip() == text.strip():
            return
        position = self.textCursor().position()
        self.blockSignals(True)
        self.setPlainText(text)
        cursor = self.textCursor()
        cursor.setPosition(min(position, self.document().characterCount() - 1))
        self.setTextCursor(cursor)
        self.blockSignals(False)
        self.fit()

    def fit(self) -> None:
        """As tall as the words (within limits), so a section reads like a page."""
        lines = int(self.document().documentLayout().documentSize().height())
        shown = max(MIN_LINES, min(MAX_LINES, lines))
        policy = Qt.ScrollBarPolicy
        self.setVerticalScrollBarPolicy(
            policy.ScrollBarAlwaysOff if lines <= MAX_LINES else policy.ScrollBarAsNeeded
        )
        frame = 2 * (self.document().documentMargin() + self.frameWidth()) + 2
        self.setFixedHeight(int(shown * self.fontMetrics().lineSpacing() + frame))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        QTimer.singleShot(0, self.fit)  # the words wrap anew at the new width

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        super().focusOutEvent(event)
        self.finish()

    def segment_drag(self, event: QDragEnterEvent | QDragMoveEvent) -> bool:
        """Take a drag of coded segments (or refuse it: never paste its citations as words)."""
        if not segment_ids_from(event.mimeData()):
            return False
        if self.take is not None:
            event.acceptProposedAction()
        else:
            event.ignore()
        return True

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if not self.segment_drag(event):
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 - Qt override
        if not self.segment_drag(event):
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        ids = segment_ids_from(event.mimeData())
        if not ids:
            super().dropEvent(event)
        elif self.take is not None:
            event.acceptProposedAction()
            self.take(ids)


class QuoteCard(QFrame):
    """One quote in a section: its words to edit, its citation, a button taking it out."""

    def __init__(self, part: PartView, section: SectionBox) -> None:
        super().__init__()
        self.part_id = part.id
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.words = WordsEdit("The words to use (to drop a quote, press Remove)", section.take)
        self.words.finished.connect(lambda text: section.owner.edit_words(self.part_id, text))
        self.citation = QLabel(wordWrap=True)
        self.citation.setStyleSheet("color: palette(placeholder-text)")
        self.remove = QToolButton(text="Remove")
        self.remove.setToolTip("Take this quote out of the vignette (the coded segment stays)")
        self.remove.clicked.connect(lambda: section.owner.remove_part(self.part_id))
        under = QHBoxLayout()
        under.addWidget(self.citation, 1)
        under.addWidget(self.remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(2)
        layout.addWidget(self.words)
        layout.addLayout(under)
        self.show_part(part)

    def show_part(self, part: PartView) -> None:
        self.words.set_words(part.text)
        self.citation.setText(f"— {part.citation}" if part.citation else NO_SEGMENT)


class SectionBox(QGroupBox):
    """One of the three sections: its quotes in order; coded segments dropped here join it."""

    def __init__(self, key: str, heading: str, owner: SectionOwner) -> None:
        super().__init__(heading)
        self.key, self.owner = key, owner
        self.setAcceptDrops(True)
        self.cards: dict[int, QuoteCard] = {}
        self.quotes = QVBoxLayout()
        self.quotes.setSpacing(4)
        self.empty = QLabel(EMPTY_SECTION, wordWrap=True)
        self.empty.setStyleSheet("color: palette(placeholder-text)")
        self.add_selection = QPushButton("Add transcript selection")
        self.add_selection.setToolTip("Add the coded segment selected in the transcript")
        self.add_selection.clicked.connect(lambda: owner.add_from_transcript(self.key))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.add_selection)
        layout = QVBoxLayout(self)
        layout.addLayout(self.quotes)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)

    def take(self, segment_ids: list[int]) -> object:
        return self.owner.pick(self.key, segment_ids)

    def show_parts(self, parts: Sequence[PartView]) -> None:
        """Show these quotes in order; a card kept keeps whatever is being typed in it."""
        wanted = {part.id for part in parts}
        for part_id in [i for i in self.cards if i not in wanted]:
            self.drop_card(self.cards.pop(part_id))
        for index, part in enumerate(parts):
            card = self.cards.get(part.id)
            if card is None:
                card = self.cards[part.id] = QuoteCard(part, self)
            else:
                card.show_part(part)
            if self.quotes.indexOf(card) != index:
                self.quotes.removeWidget(card)
                self.quotes.insertWidget(index, card)
        self.empty.setVisible(not parts)

    def drop_card(self, card: QuoteCard) -> None:
        card.words.discard()  # the part is gone: nothing typed there can be saved
        self.quotes.removeWidget(card)
        card.hide()
        card.deleteLater()

    def card_texts(self) -> list[tuple[str, str]]:
        """Each quote's words and citation, in order (what the user reads)."""
        cards = [self.quotes.itemAt(i).widget() for i in range(self.quotes.count())]
        return [
            (c.words.toPlainText(), c.citation.text()) for c in cards if isinstance(c, QuoteCard)
        ]

    def flush(self) -> None:
        for card in self.cards.values():
            card.words.finish()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        accept_segments(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 - Qt override
        accept_segments(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        ids = segment_ids_from(event.mimeData())
        if ids:
            event.acceptProposedAction()
            self.take(ids)
