"""Who is coding: the project's coders offered, a new one in a colour of their own, undoable."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from qcode.analysis.colours import difference
from qcode.ui.main_window import NEW_CODER, MainWindow
from qcode.ui.workbench import Workbench
from tests.ui.menus import trigger


@pytest.fixture
def window(qtbot, workbench: Workbench) -> MainWindow:  # type: ignore[no-untyped-def]
    main = MainWindow(workbench, remember_layout=False)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


def ask_from_status_bar(qtbot, window: MainWindow):  # type: ignore[no-untyped-def]
    box = window.coder_box
    box.setCurrentIndex(box.findText(NEW_CODER))
    box.activated.emit(box.currentIndex())
    dialog = window.coder_dialog
    qtbot.waitExposed(dialog)
    return dialog


def press_ok(dialog) -> None:  # type: ignore[no-untyped-def]
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def test_the_project_coders_are_offered_in_their_colours(qtbot, window) -> None:
    dialog = ask_from_status_bar(qtbot, window)
    assert [dialog.name.itemText(i) for i in range(dialog.name.count())] == ["Ana", "Ben"]
    dialog.name.setCurrentIndex(1)
    assert dialog.color == "#1f77b4" and not dialog.swatch.isEnabled()
    press_ok(dialog)
    assert window.workbench.coder == "Ben"
    assert window.coder_box.currentText() == "Ben"


def test_a_new_coder_gets_a_distinct_colour_and_undo_goes_back(qtbot, window) -> None:
    dialog = ask_from_status_bar(qtbot, window)
    qtbot.keyClicks(dialog.name.lineEdit(), "Chris")
    assert dialog.swatch.isEnabled()
    assert min(difference(dialog.color, c) for c in ("#d62728", "#1f77b4")) > 20
    press_ok(dialog)
    assert window.workbench.coder == "Chris"
    assert "Chris" in window.workbench.coder_names()
    trigger(window, "Edit", "Undo")
    assert window.workbench.coder == "Ana"
    assert window.coder_box.currentText() == "Ana"
    assert "Chris" not in window.workbench.coder_names()
