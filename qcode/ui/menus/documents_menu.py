"""Documents ▸ the open document: rename, participant and wave, attributes, text, delete."""

from __future__ import annotations

from typing import Any

from qcode.errors import QcodeError
from qcode.services.documents.attributes import (
    set_document_attributes,
    stored_document_attributes,
)
from qcode.services.documents.editing import edit_document, rename_document
from qcode.services.documents.removal import delete_document, deletion_summary
from qcode.services.lookup import get_document
from qcode.ui.attribute_sheet import open_attribute_sheet
from qcode.ui.document_dialogs import (
    DeleteDialog,
    DocumentAttributesDialog,
    ParticipantDialog,
    RenameDialog,
)
from qcode.ui.menus.bar import MenuBar
from qcode.ui.pseudonyms.correct_dialog import correct_selection
from qcode.ui.pseudonyms.list_dialog import open_pseudonyms

TITLE = "&Documents"


def build(window: Any, bar: MenuBar) -> None:  # window: the MainWindow (it imports this)
    on = OpenDocument(window)
    bar.add(TITLE, "&Rename…", on.rename)
    bar.add(TITLE, "&Participant and wave…", on.participant)
    bar.add(TITLE, "Document a&ttributes…", on.attributes)
    bar.add(TITLE, "&Attributes…", lambda: open_attribute_sheet(window))
    bar.separator(TITLE)
    bar.add(TITLE, "&Correct text…", lambda: correct_selection(window))
    bar.add(TITLE, "&Pseudonyms…", lambda: open_pseudonyms(window))
    bar.separator(TITLE)
    bar.add(TITLE, "&Delete…", on.delete)


class OpenDocument:
    """What the Documents menu does to the document open in the transcript."""

    def __init__(self, window: Any) -> None:
        self.window = window
        self.workbench = window.workbench

    def current(self) -> tuple[int, str, str | None, int | None] | None:
        document_id = self.window.transcript.document_id()
        if document_id is None:
            self.workbench.report_error("open a document first (click it in Documents)")
            return None
        with self.workbench.session() as session:
            doc = get_document(session, document_id)
            label = doc.participant.label if doc.participant else None
            return doc.id, doc.name, label, doc.wave

    def run(self, action: Any) -> None:
        project, actor = self.workbench.project, self.workbench.coder
        self.workbench.run(lambda: action(project, actor))

    def rename(self) -> None:
        found = self.current()
        if found is None:
            return
        doc_id, name, _label, _wave = found
        dialog = self.window.document_dialog = RenameDialog(self.window, name)
        dialog.accepted.connect(
            lambda: self.run(lambda p, a: rename_document(p, doc_id, dialog.new_name(), a))
        )
        dialog.open()

    def participant(self) -> None:
        found = self.current()
        if found is None:
            return
        doc_id, name, label, wave = found
        dialog = self.window.document_dialog = ParticipantDialog(self.window, name, label, wave)
        dialog.accepted.connect(
            lambda: self.run(lambda p, a: edit_document(p, doc_id, dialog.edit(), a))
        )
        dialog.open()

    def attributes(self) -> None:
        found = self.current()
        if found is None:
            return
        doc_id, name, _label, _wave = found
        with self.workbench.session() as session:
            stored = stored_document_attributes(session, doc_id)
        dialog = self.window.document_dialog = DocumentAttributesDialog(self.window, name, stored)
        dialog.accepted.connect(lambda: self.set_attributes(doc_id, dialog))
        dialog.open()

    def set_attributes(self, doc_id: int, dialog: DocumentAttributesDialog) -> None:
        try:
            changes = dialog.changes()
        except QcodeError as exc:
            self.workbench.report_error(str(exc))
            return
        if changes:
            self.run(lambda p, a: set_document_attributes(p, doc_id, changes, a))

    def delete(self) -> None:
        found = self.current()
        if found is None:
            return
        doc_id, name, _label, _wave = found
        with self.workbench.session() as session:
            what_goes = deletion_summary(session, doc_id).describe()
        dialog = self.window.document_dialog = DeleteDialog(self.window, name, what_goes)
        dialog.accepted.connect(lambda: self.run(lambda p, a: delete_document(p, doc_id, a)))
        dialog.open()
