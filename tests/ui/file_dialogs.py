"""Answering qcode's own file dialogs as a user does: type the file name, press Open or Save."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLineEdit, QWidget


def kept_dialog(qtbot, owner: QWidget) -> QFileDialog:  # type: ignore[no-untyped-def]
    """The file dialog ``owner`` opened last, once it shows."""
    qtbot.waitUntil(lambda: getattr(owner, "file_dialog", None) is not None)
    dialog = owner.file_dialog  # type: ignore[attr-defined]
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def answer_file_dialog(qtbot, owner: QWidget, path: Path) -> QFileDialog:  # type: ignore[no-untyped-def]
    """Go to ``path``'s folder, type its name and press Open (or Save).

    Where the folder does not exist the whole path is entered in the name box, as a user
    would paste it (typing it key by key would walk the dialog into each folder).
    """
    dialog = kept_dialog(qtbot, owner)
    name = dialog.findChild(QLineEdit, "fileNameEdit")
    name.clear()
    if path.parent.is_dir():
        dialog.setDirectory(str(path.parent))
        qtbot.keyClicks(name, path.name)
    else:
        name.setText(str(path))
    buttons = dialog.findChild(QDialogButtonBox, "buttonBox")
    save = dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave
    kind = QDialogButtonBox.StandardButton.Save if save else QDialogButtonBox.StandardButton.Open
    buttons.button(kind).click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    return dialog


def cancel_file_dialog(qtbot, owner: QWidget) -> QFileDialog:  # type: ignore[no-untyped-def]
    dialog = kept_dialog(qtbot, owner)
    buttons = dialog.findChild(QDialogButtonBox, "buttonBox")
    buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    return dialog
