"""Opening a read-only or an older project: a status line says so; read-only refuses changes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QToolBar

from qcode.store.project import open_project
from qcode.ui.main_window import MainWindow
from qcode.ui.read_only import banner_text
from tests.ui.file_dialogs import answer_file_dialog
from tests.ui.menus import every_action, trigger
from tests.ui.test_file_menu import current


def test_a_read_only_project_shows_a_banner_turns_editing_off_and_refuses_coding(
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
        banner = opened.findChild(QToolBar, "read_only_banner")
        assert banner is not None and banner.isVisible()
        assert banner.findChild(QLabel, "read_only_text").text() == banner_text("shared.qcode")
        editing = {path: action.isEnabled() for path, action in every_action(opened).items()}
        assert not editing[("Code", "New code…")]
        assert not editing[("Code", "Code with current code")]
        assert not editing[("File", "Import documents…")] and not editing[("Edit", "Undo")]
        assert editing[("Analyse", "Agreement")] and editing[("Edit", "Find in all documents…")]
        assert editing[("File", "Open…")] and editing[("Team", "Make a coder's copy…")]
        tree = opened.codebook.tree  # coding by double-clicking a code is refused in one line
        opened.transcript.view.select_span(0, 10)
        index = opened.codebook.proxy.index(0, 0)
        point = tree.visualRect(index).center()
        qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=point)
        qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=point)
        refusal = "shared.qcode is read-only: open a copy to change it"
        qtbot.waitUntil(lambda: opened.status_label.text() == refusal)
        assert opened.workbench.errors[-1] == refusal
        assert shared.read_bytes() == before
    finally:
        shared.chmod(0o644)


def test_an_older_file_opened_in_the_window_says_it_was_upgraded_and_where_the_copy_is(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    from tests.store.test_old_schemas import make_project_at

    older = tmp_path / "older.qcode"
    make_project_at(older, "0005")
    trigger(window, "File", "Open…")
    answer_file_dialog(qtbot, window, older)
    opened = current(qtbot, window)
    backup = opened.workbench.project.backup
    assert backup is not None and backup.exists()
    assert opened.status_label.text() == (
        f"upgraded older.qcode from schema 0005; the old file is kept as {backup.name}"
    )
