"""The menu bar: every menu where a researcher looks for it, each action doing its job."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QDockWidget, QTableWidget

from qcode import __version__
from qcode.ui.main_window import MainWindow
from qcode.ui.workbench import Workbench
from tests.ui.menus import action_at, every_action, trigger


@pytest.fixture
def window(qtbot, workbench: Workbench) -> MainWindow:  # type: ignore[no-untyped-def]
    main = MainWindow(workbench, remember_layout=False)
    qtbot.addWidget(main)
    main.resize(1400, 900)
    main.show()
    qtbot.waitExposed(main)
    return main


def test_menus_come_in_the_expected_order_with_their_actions(window) -> None:
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles == ["File", "Edit", "Documents", "Code", "Team", "Analyse", "View", "Help"]
    paths = set(every_action(window))
    for path in [
        ("File", "Import documents…"),
        ("Edit", "Find in all documents…"),
        ("Code", "Code with current code"),
        ("Team", "Merge a coder's copy…"),
        ("Team", "Compare coders"),
        ("Team", "CMO configurations"),
        ("View", "Reset layout"),
        ("Help", "Keyboard shortcuts"),
    ]:
        assert path in paths, path
    assert action_at(window, "Code", "Code with current code").shortcut().toString() == (
        "Ctrl+Return"
    )


def test_view_lists_every_panel(window) -> None:
    view = {path[-1] for path in every_action(window) if path[0] == "View"}
    for title in ("Documents", "Codebook", "Coded segments", "CMO configurations"):
        assert any(text.startswith(title) for text in view), (title, view)
    assert len(view) == len(window.findChildren(QDockWidget)) + 1  # and Reset layout


def test_find_in_all_documents_readies_the_search_box(qtbot, window) -> None:
    trigger(window, "Edit", "Find in all documents…")
    dock = window.search_dock
    qtbot.waitUntil(lambda: not dock.visibleRegion().isEmpty())
    assert QApplication.focusWidget() is dock.query_box


def test_reset_layout_puts_the_panels_back(qtbot, window) -> None:
    trigger(window, "Team", "Workshop: walk the disagreements")
    window.documents.toggleViewAction().trigger()
    assert window.workshop.isVisible() and not window.documents.isVisible()
    trigger(window, "View", "Reset layout")
    qtbot.waitUntil(lambda: window.documents.isVisible())
    assert not window.workshop.isVisible() and window.segments.isVisible()


def test_keyboard_shortcuts_lists_every_shortcut(qtbot, window) -> None:
    trigger(window, "Help", "Keyboard shortcuts")
    dialog = window.shortcuts_dialog
    qtbot.waitExposed(dialog)
    table = dialog.findChild(QTableWidget)
    rows = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    assert rows["Code ▸ Code with current code"] == "Ctrl+Return"
    assert rows["Edit ▸ Find in all documents…"] == "Ctrl+Shift+F"
    assert rows["Help ▸ Keyboard shortcuts"] == "F1"
    close = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
    close.click()
    assert not dialog.isVisible()


def test_about_names_the_version(qtbot, window) -> None:
    trigger(window, "Help", "About qcode")
    box = window.about_box
    qtbot.waitExposed(box)
    assert __version__ in box.text()
    box.buttons()[0].click()
    assert not box.isVisible()


@pytest.mark.parametrize(
    "path",
    [
        ("Team", "Workshop: walk the disagreements"),
        ("Team", "Compare coders"),
        ("Team", "CMO configurations"),
    ],
)
def test_a_team_panel_fits_beside_the_others_on_a_laptop_screen(qtbot, window, path) -> None:
    width = window.width()
    trigger(window, *path)
    QApplication.processEvents()
    assert window.minimumSizeHint().width() <= 1366  # a 1366-pixel laptop holds it all
    assert window.width() <= width  # opening it never widens the window


def test_analyse_matrix_brings_the_matrix_to_the_front(qtbot, window) -> None:
    from qcode.ui.docks.matrix import MatrixDock

    dock = window.extra_dock(MatrixDock)
    assert dock.visibleRegion().isEmpty()  # tabbed behind Coded segments at first
    trigger(window, "Analyse", "Matrix: codes × documents")
    qtbot.waitUntil(lambda: not dock.visibleRegion().isEmpty())
