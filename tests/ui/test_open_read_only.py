"""Opening a read-only project: a status line says so, and a change is refused in one line."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox

from qcode.store.project import open_project
from qcode.ui.main_window import MainWindow
from tests.ui.file_dialogs import answer_file_dialog
from tests.ui.menus import trigger
from tests.ui.test_file_menu import current


def test_a_read_only_project_says_so_and_refuses_a_new_code(
    qtbot, window: MainWindow, ui_project, tmp_path: Path
) -> None:
    shared = tmp_path / "shared.qcode"
    with open_project(ui_project.path) as source:
        source.checkpoint()
    shared.write_bytes(ui_project.path.read_bytes())
    shared.chmod(0o444)
    before = shared.read_bytes()
    try:
        trigger(window, "File", "Open…")
        answer_file_dialog(qtbot, window, shared)
        opened = current(qtbot, window)
        assert opened.workbench.project.read_only
        assert opened.status_label.text() == (
            "shared.qcode is read-only: read and export; open a copy to change it"
        )
        assert opened.documents.first_document() is not None
        trigger(opened, "Code", "New code…")
        dialog = opened.codebook.code_dialog
        qtbot.waitExposed(dialog)
        qtbot.keyClicks(dialog.name, "Doubt")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        refusal = "shared.qcode is read-only: open a copy to change it"
        qtbot.waitUntil(lambda: opened.status_label.text() == refusal)
        assert opened.workbench.errors[-1] == refusal
        assert shared.read_bytes() == before
    finally:
        shared.chmod(0o644)
