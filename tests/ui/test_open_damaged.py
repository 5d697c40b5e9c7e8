"""Opening a project with a loop in its codebook: one status-bar line, the file unchanged."""

from __future__ import annotations

from pathlib import Path

from qcode.store.project import open_project
from qcode.ui.main_window import MainWindow
from tests.helpers import dump
from tests.services.test_integrity import damage
from tests.ui.file_dialogs import answer_file_dialog
from tests.ui.menus import trigger
from tests.ui.test_file_menu import current

LOOP = (
    "UPDATE codes SET parent_id = (SELECT id FROM codes WHERE name = 'Protected time')"
    " WHERE name = 'Better work'"
)


def test_a_loop_is_one_status_line_and_opening_changes_nothing(
    qtbot, window: MainWindow, ui_project, tmp_path: Path
) -> None:
    looped = tmp_path / "looped.qcode"
    with open_project(ui_project.path) as source:
        source.checkpoint()
    looped.write_bytes(ui_project.path.read_bytes())
    damage(looped, LOOP)
    with open_project(looped) as before_open:
        before = dump(before_open)
    trigger(window, "File", "Open…")
    answer_file_dialog(qtbot, window, looped)
    opened = current(qtbot, window)
    assert opened.workbench.project.path == looped
    assert opened.status_label.text() == (
        "The codebook has a loop: Better work → Protected time → Better work;"
        " run qcode check looped.qcode --repair"
    )
    assert dump(opened.workbench.project) == before
