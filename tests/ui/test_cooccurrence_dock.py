"""The co-occurrence dock: codes × codes overlaps as the service counts them, scope, drill-down."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox

from qcode.services.codebook.edit import add_code
from qcode.services.coders import add_coder
from qcode.services.coding import code_span
from qcode.services.documents.attributes import set_participant_attributes
from qcode.services.lookup import get_document
from qcode.services.matrices import code_cooccurrence
from qcode.services.retrieval import SegmentFilter, retrieve_segments
from qcode.store.project import Project, create_project
from qcode.ui.docks.cooccurrence import CooccurrenceDock, DocumentChoiceDialog
from qcode.ui.main_window import MainWindow
from qcode.ui.models.segment_pages import PENDING
from qcode.ui.workbench import Workbench
from tests.helpers import add_text
from tests.ui.menus import trigger

TIME, HEARD, SAFE = (
    "Better work/Protected time",
    "Better work/Being listened to",
    "Better relationships/Safe space",
)
ROWS = ("Better work", "Protected time", "Being listened to", "Better relationships", "Safe space")
TEXT_A = (
    "PA: Protected time came first, then someone listened to me properly, and that "
    "meeting felt like the first safe place at work in years. Mondays got easier after that."
)
TEXT_B = (
    "PB: They heard me out and it felt safe to say so; later the practice found us "
    "a protected hour every week, which nobody had ever offered before."
)


@pytest.fixture
def co_project(tmp_path: Path) -> Iterator[Project]:
    """Two interviews whose coding overlaps: in PA 1 time×heard (30–40) and heard×safe
    (50–60), all Ana's; in PB 2 heard×safe (5–15), Ben's; time alone elsewhere."""
    with create_project(tmp_path / "co.qcode", title="Co-occurrence") as project:
        add_text(project, "PA 1", TEXT_A, "PA", 1)
        add_text(project, "PB 2", TEXT_B, "PB", 2)
        add_coder(project, "Ana", color="#d62728")
        add_coder(project, "Ben", color="#1f77b4")
        for path in (TIME, HEARD, SAFE):
            add_code(project, path)
        for doc, path, coder, start, end in (
            ("PA 1", TIME, "Ana", 0, 40),
            ("PA 1", TIME, "Ben", 10, 20),
            ("PA 1", HEARD, "Ana", 30, 60),
            ("PA 1", SAFE, "Ana", 50, 70),
            ("PB 2", HEARD, "Ben", 0, 15),
            ("PB 2", SAFE, "Ben", 5, 25),
            ("PB 2", TIME, "Ana", 100, 120),
        ):
            code_span(project, doc, path, coder, start, end)
        yield project


@pytest.fixture
def co_workbench(qtbot, co_project: Project) -> Workbench:  # type: ignore[no-untyped-def]
    return Workbench(co_project, coder="Ana")


@pytest.fixture
def window(qtbot, co_workbench: Workbench) -> MainWindow:  # type: ignore[no-untyped-def]
    main = MainWindow(co_workbench, remember_layout=False)
    qtbot.addWidget(main)
    main.resize(1400, 900)
    main.show()
    qtbot.waitExposed(main)
    return main


def opened(qtbot, window: MainWindow) -> CooccurrenceDock:  # type: ignore[no-untyped-def]
    """Analyse ▸ Co-occurrence, waited on until its table is counted."""
    trigger(window, "Analyse", "Co-occurrence")
    dock = window.extra_dock(CooccurrenceDock)
    qtbot.waitUntil(lambda: not dock.visibleRegion().isEmpty())
    return settled(qtbot, dock)


def settled(qtbot, dock: CooccurrenceDock) -> CooccurrenceDock:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not dock.builder.busy and dock.built is not None, timeout=20000)
    return dock


def cells(dock: CooccurrenceDock) -> dict[tuple[str, str], str]:
    """Each cell's text by (row header without indent, column header), as sorted on screen."""
    view = dock.table.model()
    rows = [
        str(view.headerData(r, Qt.Orientation.Vertical)).strip() for r in range(view.rowCount())
    ]
    columns = [str(view.headerData(c, Qt.Orientation.Horizontal)) for c in range(len(rows))]
    return {
        (rows[r], columns[c]): view.index(r, c).data()
        for r in range(len(rows))
        for c in range(len(columns))
    }


def choose(box, data: str) -> None:  # type: ignore[no-untyped-def]
    index = box.findData(data)
    assert index >= 0, (data, [box.itemData(i) for i in range(box.count())])
    box.setCurrentIndex(index)


def test_cells_equal_the_cooccurrence_service_for_every_measure_and_coder(
    qtbot, window, co_workbench, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    dock = opened(qtbot, window)
    assert dock.stack.currentWidget() is dock.table
    view = dock.table.model()
    titles = [str(view.headerData(r, Qt.Orientation.Vertical)).strip() for r in range(5)]
    assert titles == list(ROWS)  # codebook order until a header is clicked
    qtmodeltester.check(dock.model)
    qtmodeltester.check(dock.proxy)
    for coder in (None, "Ben"):
        dock.coder_box.setCurrentText(coder or "All coders")
        settled(qtbot, dock)
        with co_workbench.session() as session:
            found = code_cooccurrence(session, coder)
        assert found, "the fixture overlaps for every coder choice"
        for measure in ("pairs", "characters", "documents"):
            choose(dock.measure_box, measure)
            shown = cells(dock)
            for a, b, value in found:
                expected = f"{getattr(value, measure):,}"
                assert shown[a[-1], b[-1]] == shown[b[-1], a[-1]] == expected, (coder, a, b)
            overlapping = {(a[-1], b[-1]) for a, b, _ in found}
            others = {
                key
                for key in shown
                if key[0] != key[1] and key not in overlapping and key[::-1] not in overlapping
            }
            assert others and all(shown[key] == "0" for key in others)

    dock.coder_box.setCurrentText("All coders")
    choose(dock.measure_box, "pairs")
    shown = cells(settled(qtbot, dock))
    # By hand: heard×safe overlap in PA 1 (50–60) and PB 2 (5–15); time×heard in PA 1 only.
    assert (shown["Being listened to", "Safe space"], shown["Protected time", "Safe space"]) == (
        "2",
        "0",
    )
    # The diagonal: a code on its own (time: three segments, 40 + 20 coded characters).
    assert shown["Protected time", "Protected time"] == "3"
    choose(dock.measure_box, "characters")
    assert cells(dock)["Protected time", "Protected time"] == "60"
    qtbot.mouseClick(dock.diagonal, Qt.MouseButton.LeftButton)
    assert not dock.diagonal.isChecked()
    shown = cells(dock)
    assert (
        shown["Protected time", "Protected time"] == "" and shown["Safe space", "Safe space"] == ""
    )
    assert shown["Being listened to", "Safe space"] == "20"
    qtmodeltester.check(dock.model)


def test_scope_by_wave_and_by_ticked_documents(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    dock = opened(qtbot, window)
    choose(dock.scope_box, "wave:2")
    shown = cells(settled(qtbot, dock))
    assert (
        shown["Being listened to", "Safe space"],
        shown["Protected time", "Being listened to"],
    ) == (
        "1",
        "0",
    )

    qtbot.mouseClick(dock.choose_button, Qt.MouseButton.LeftButton)
    dialog = dock.findChild(DocumentChoiceDialog)
    assert dialog is not None and dialog.isVisible()
    items = {item.text(): item for item in dialog.items()}
    assert items["PA 1"].checkState() == Qt.CheckState.Unchecked  # ticked as the scope was
    assert items["PB 2"].checkState() == Qt.CheckState.Checked
    listing = dialog.documents
    for name in ("PA 1", "PB 2"):  # tick PA 1, untick PB 2, as a user does with Space
        qtbot.mouseClick(
            listing.viewport(),
            Qt.MouseButton.LeftButton,
            pos=listing.visualItemRect(items[name]).center(),
        )
        qtbot.keyClick(listing, Qt.Key.Key_Space)
    assert dialog.chosen_ids() == {items["PA 1"].data(Qt.ItemDataRole.UserRole)}
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dock.scope == "chosen" and dock.scope_box.currentText() == "Chosen: 1 document"
    shown = cells(settled(qtbot, dock))
    assert (
        shown["Being listened to", "Safe space"],
        shown["Protected time", "Being listened to"],
    ) == (
        "1",
        "1",
    )

    qtbot.mouseClick(dock.choose_button, Qt.MouseButton.LeftButton)
    dialog = [d for d in dock.findChildren(DocumentChoiceDialog) if d.isVisible()][-1]
    qtbot.mouseClick(dialog.none, Qt.MouseButton.LeftButton)
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton
    )
    assert dock.scope == "chosen"  # cancelling keeps the documents chosen before


def test_double_click_on_a_cell_lists_its_passages_and_one_jumps_to_the_text(
    qtbot, window, co_workbench
) -> None:  # type: ignore[no-untyped-def]
    dock = opened(qtbot, window)
    with co_workbench.session() as session:
        wanted = sorted(
            row.id
            for path in (HEARD, SAFE)
            for row in retrieve_segments(session, SegmentFilter(code=path))
        )
    assert len(wanted) == 4  # heard and safe overlap wherever either is coded
    view = dock.table
    cell = view.model().index(ROWS.index("Being listened to"), ROWS.index("Safe space"))
    centre = view.visualRect(cell).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    with qtbot.waitSignal(co_workbench.show_segments) as drilled:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert sorted(drilled.args[0]) == wanted

    segments = window.segments
    qtbot.waitUntil(
        lambda: segments.model.rowCount() == 4 and not segments.visibleRegion().isEmpty()
    )
    listed = segments.table
    qtbot.waitUntil(lambda: listed.model().index(0, 0).data() != PENDING)
    first = listed.visualRect(listed.model().index(0, 0)).center()
    qtbot.mouseClick(listed.viewport(), Qt.MouseButton.LeftButton, pos=first)
    with qtbot.waitSignal(co_workbench.show_text) as jumped:
        qtbot.mouseDClick(listed.viewport(), Qt.MouseButton.LeftButton, pos=first)
    with co_workbench.session() as session:
        documents = {get_document(session, name).id: name for name in ("PA 1", "PB 2")}
    assert documents[jumped.args[0]] == "PA 1" and (jumped.args[1], jumped.args[2]) == (30, 60)

    empty = view.model().index(ROWS.index("Protected time"), ROWS.index("Safe space"))
    with qtbot.assertNotEmitted(co_workbench.show_segments):
        dock.drill_down(empty)


def test_sorting_by_a_column_and_back_to_codebook_order(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    dock = opened(qtbot, window)
    header = dock.table.horizontalHeader()
    column = ROWS.index("Safe space")
    at = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(at, 5))
    values = [int(dock.proxy.index(r, column).data(Qt.ItemDataRole.UserRole + 1)) for r in range(5)]
    order = header.sortIndicatorOrder()
    assert values == sorted(values, reverse=order == Qt.SortOrder.DescendingOrder)
    assert header.sortIndicatorSection() == column and values != [0, 0, 2, 0, 2]
    while header.sortIndicatorSection() != -1:
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(at, 5))
    titles = [str(dock.proxy.headerData(r, Qt.Orientation.Vertical)).strip() for r in range(5)]
    assert titles == list(ROWS)


def test_refreshes_only_for_coding_changes_and_only_when_shown(
    qtbot, window, co_workbench, co_project
) -> None:  # type: ignore[no-untyped-def]
    dock = opened(qtbot, window)
    requested = dock.builder.requested
    co_workbench.run(lambda: set_participant_attributes(co_project, "PA", {"Mentees": 2}))
    assert dock.builder.requested == requested  # attributes are no part of co-occurrence

    with co_workbench.session() as session:
        pb = get_document(session, "PB 2").id
    time_code = dock.model.code_at(ROWS.index("Protected time"))
    co_workbench.code_text(pb, 0, 10, time_code)  # time now overlaps heard and safe in PB 2
    shown = cells(settled(qtbot, dock))
    assert shown["Protected time", "Safe space"] == "1"

    window.segments.raise_()
    qtbot.waitUntil(lambda: dock.visibleRegion().isEmpty())
    requested = dock.builder.requested
    co_workbench.code_text(pb, 100, 110, dock.model.code_at(ROWS.index("Safe space")))
    assert dock.when_shown.stale and dock.builder.requested == requested
    trigger(window, "Analyse", "Co-occurrence")
    shown = cells(settled(qtbot, dock))
    assert not dock.when_shown.stale
    assert shown["Protected time", "Safe space"] == "2"  # 100–120 now overlaps 100–110
