"""Comparing coders in the GUI: the kappa table (Fleiss' for three), sorting, opening a cell."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import fleiss_kappa

from qcode.ui.docks.compare import TOO_FEW, AgreementTableModel, CompareDock
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
    assert dock.chosen() == ("Ana", "Ben") and dock.pair() == ("Ana", "Ben")
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
    for row in range(dock.coder_list.count()):  # each box ticked or unticked, as a click does
        item = dock.coder_list.item(row)
        on = item.text() in ("Cai", "Dee")
        item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
    qtbot.waitUntil(
        lambda: (
            not dock.computer.busy
            and dock.summary.text() == "These coders share no coded text yet."
        ),
        timeout=20000,
    )
    assert window.workbench.errors == []


def test_three_coders_ticked_give_fleiss_kappa_per_cell_and_open_their_passage(  # type: ignore[no-untyped-def]
    qtbot, window
) -> None:
    from PySide6.QtWidgets import QListWidget

    from qcode.services.coders import add_coder
    from qcode.services.coding import code_span
    from tests.ui.menus import trigger
    from tests.ui.test_workshop_passages import tick

    project = window.workbench.project
    window.workbench.run(lambda: add_coder(project, "Cai"))
    window.workbench.run(
        lambda: code_span(project, "PA 1", "Better work/Protected time", "Cai", 60, 80)
    )
    trigger(window, "Team", "Compare coders")
    dock: CompareDock = window.compare
    qtbot.waitUntil(lambda: not dock.computer.busy and bool(dock.model.codes), timeout=20000)
    assert dock.chosen() == ("Ana", "Ben")  # the first two, until the researcher ticks more
    tick(qtbot, window.findChild(QListWidget, "compare_coders"), "Cai")
    qtbot.waitUntil(lambda: not dock.computer.busy and not dock.model.pair, timeout=20000)
    assert dock.chosen() == ("Ana", "Ben", "Cai")
    model = dock.model
    row = model.codes.index(("Better work", "Protected time"))
    column = model.documents.index("PA 1")
    spans = [(63, 77), (52, 100), (60, 80)]  # Ana, Ben, Cai
    coded = [sum(s <= i < e for s, e in spans) for i in range(len(TEXT_A))]
    table = np.array([[3 - k, k] for k in coded])
    expected = fleiss_kappa(table)
    alike = 100 * sum(k in (0, 3) for k in coded) / len(coded)
    assert model.index(row, column).data() == f"Fleiss κ {expected:.2f} · {alike:.0f}%"
    kappa, percent = model.cells[(row, column)]
    assert abs(kappa - expected) < 1e-12 and abs(percent - alike) < 1e-12
    assert "Fleiss' κ" in dock.summary.text() and "over 3 coders" in dock.summary.text()
    assert "Fleiss' kappa" in model.index(row, column).data(Qt.ItemDataRole.ToolTipRole)

    cell = dock.proxy.mapFromSource(model.index(row, column))
    qtbot.mouseClick(
        dock.table.viewport(), Qt.MouseButton.LeftButton, pos=dock.table.visualRect(cell).center()
    )
    view = window.transcript.view
    assert view.view.name == "PA 1" and view.selected_span() == (52, 124)  # the passage

    tick(qtbot, window.findChild(QListWidget, "compare_coders"), "Ana")
    tick(qtbot, window.findChild(QListWidget, "compare_coders"), "Ben")
    qtbot.waitUntil(lambda: dock.summary.text() == TOO_FEW and not model.cells, timeout=20000)
    assert window.workbench.errors == []
