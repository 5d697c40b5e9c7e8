"""Comparing two coders in the GUI: the kappa table, sorting, and opening a cell's differences."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sklearn.metrics import cohen_kappa_score

from qcode.ui.docks.compare import AgreementTableModel, CompareDock
from qcode.ui.main_window import MainWindow
from tests.ui.conftest import TEXT_A


def test_kappa_table_matches_scikit_learn_and_opens_differences(qtbot, qtmodeltester, workbench):  # type: ignore[no-untyped-def]
    window = MainWindow(workbench)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    team = next(a for a in window.menuBar().actions() if a.text() == "&Team").menu()
    next(a for a in team.actions() if a.text() == "Co&mpare coders").trigger()
    dock: CompareDock = window.compare
    qtbot.waitUntil(lambda: not dock.computer.busy and bool(dock.model.codes), timeout=20000)
    qtmodeltester.check(dock.model)
    model = dock.model
    assert (dock.coder_a.currentText(), dock.coder_b.currentText()) == ("Ana", "Ben")
    row = model.codes.index(("Better work", "Protected time"))
    column = model.documents.index("PA 1")
    ana = [int(63 <= i < 77) for i in range(len(TEXT_A))]
    ben = [int(52 <= i < 100) for i in range(len(TEXT_A))]
    expected = cohen_kappa_score(ana, ben)
    assert model.index(row, column).data() == f"κ {expected:.2f} · " + (
        f"{100 * sum(a == b for a, b in zip(ana, ben, strict=True)) / len(ana):.0f}%"
    )
    kappa, _percent = model.cells[(row, column)]
    assert abs(kappa - expected) < 1e-9

    dock.table.sortByColumn(column, Qt.SortOrder.DescendingOrder)
    sorted_values = [
        dock.proxy.index(r, column).data(Qt.ItemDataRole.UserRole + 1)
        for r in range(dock.proxy.rowCount())
    ]
    assert sorted_values == sorted(sorted_values, reverse=True)

    cell = dock.proxy.mapFromSource(model.index(row, column))
    qtbot.mouseClick(
        dock.table.viewport(), Qt.MouseButton.LeftButton, pos=dock.table.visualRect(cell).center()
    )
    view = window.transcript.view
    assert view.view.name == "PA 1" and view.selected_span() == (52, 100)
    assert {(m.mark.coder, m.mark.code_name) for m in view.visible_marks()} == {
        ("Ana", "Protected time"),
        ("Ben", "Protected time"),
    }
    window.transcript.compare(None)
    assert len(view.visible_marks()) == 3


def test_empty_model_passes_the_tester(qtmodeltester) -> None:
    model = AgreementTableModel()
    model.set_cells({(("A",), "D1"): (None, 100.0), (("B",), "D2"): (0.5, 80.0)})
    qtmodeltester.check(model)
    assert model.index(0, 0).data() == "κ — · 100%" and model.index(0, 1).data() == ""


def test_two_coders_who_coded_nothing_are_said_to_share_no_coded_text(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from qcode.services.coders import add_coder
    from tests.ui.menus import trigger

    for name in ("Cai", "Dee"):
        window.workbench.run(lambda name=name: add_coder(window.workbench.project, name))
    trigger(window, "Team", "Compare coders")
    dock: CompareDock = window.compare
    qtbot.waitUntil(lambda: not dock.computer.busy, timeout=20000)
    dock.coder_a.setCurrentText("Cai")
    dock.coder_b.setCurrentText("Dee")
    qtbot.waitUntil(
        lambda: not dock.computer.busy
        and dock.summary.text() == "These coders share no coded text yet.",
        timeout=20000,
    )
    assert window.workbench.errors == []
