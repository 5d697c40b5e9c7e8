"""Code menu on the current code: description fields, split, realist flag, and no code chosen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from qcode.services.lookup import find_code, get_code
from qcode.services.retrieval import SegmentFilter, retrieve_segments
from qcode.ui.main_window import MainWindow
from qcode.ui.workbench import Workbench
from tests.ui.menus import trigger

PROTECTED = "Better work/Protected time"


@pytest.fixture
def window(qtbot, workbench: Workbench) -> MainWindow:  # type: ignore[no-untyped-def]
    main = MainWindow(workbench, remember_layout=False)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    with workbench.session() as session:
        workbench.choose_code(get_code(session, PROTECTED).id)
    return main


def ok(dialog) -> None:  # type: ignore[no-untyped-def]
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def test_description_fields_are_edited_in_one_dialog(qtbot, window) -> None:
    trigger(window, "Code", "Description…")
    dialog = window.description_dialog
    qtbot.waitExposed(dialog)
    dialog.boxes["description"].setPlainText("Time set aside for mentoring")
    dialog.boxes["when_not_to_use"].setPlainText("Time off in general")
    ok(dialog)
    with window.workbench.session() as session:
        code = get_code(session, PROTECTED)
        assert (code.description, code.when_not_to_use) == (
            "Time set aside for mentoring",
            "Time off in general",
        )
    trigger(window, "Edit", "Undo")
    with window.workbench.session() as session:
        assert get_code(session, PROTECTED).description == ""


def test_split_moves_the_ticked_segments_to_a_new_sibling(qtbot, window) -> None:
    trigger(window, "Code", "Split…")
    dialog = window.split_dialog
    qtbot.waitExposed(dialog)
    assert dialog.segments.count() == 2  # Ana's and Ben's segments of the code
    first = dialog.segments.item(0)
    first.setCheckState(Qt.CheckState.Checked)
    qtbot.keyClicks(dialog.name, "Protected hours")
    ok(dialog)
    with window.workbench.session() as session:
        moved = retrieve_segments(session, SegmentFilter(code="Better work/Protected hours"))
        kept = retrieve_segments(session, SegmentFilter(code=PROTECTED))
    assert [r.id for r in moved] == [first.data(Qt.ItemDataRole.UserRole)]
    assert len(kept) == 1


def test_flag_submenu_sets_the_realist_flag(qtbot, window) -> None:
    trigger(window, "Code", "Realist flag", "Mechanism (M)")
    with window.workbench.session() as session:
        assert get_code(session, PROTECTED).flags == "M"


def test_without_a_current_code_the_menu_says_what_to_do(qtbot, window) -> None:
    window.workbench.choose_code(None)
    trigger(window, "Code", "Split…")
    assert window.workbench.errors[-1] == "choose a code in the codebook first"
    with window.workbench.session() as session:
        assert find_code(session, "Better work/Protected hours") is None
