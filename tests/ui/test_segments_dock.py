"""The coded segments dock lists from its in-memory index: sorted, filtered, kept current."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from qcode.services.coding import code_span, uncode_segment
from qcode.services.listing.pages import SegmentListing, ordered_ids
from qcode.services.lookup import get_code
from qcode.store.models import Segment
from qcode.ui.docks.segments import FILTER_PAUSE_MS, SegmentsDock
from qcode.ui.models.segment_pages import SEGMENT_PAGE as PAGE
from qcode.ui.workbench import Workbench

PROTECTED = "Better work/Protected time"


def settle(qtbot, dock: SegmentsDock) -> None:  # type: ignore[no-untyped-def]
    """Wait for the filter's pause and the worker's listing to be shown."""
    qtbot.waitUntil(lambda: not dock.filter_timer.isActive() and not dock.lister.busy)


@pytest.fixture
def dock(qtbot, workbench: Workbench) -> SegmentsDock:  # type: ignore[no-untyped-def]
    shown = SegmentsDock(workbench)
    qtbot.addWidget(shown)
    shown.resize(900, 500)
    shown.show()
    qtbot.waitExposed(shown)
    shown.code_only.setChecked(False)
    settle(qtbot, shown)
    return shown


def column(dock: SegmentsDock, number: int) -> list[str]:
    return [dock.model.index(row, number).data() for row in range(dock.model.rowCount())]


def click_header(qtbot, dock: SegmentsDock, section: int) -> None:  # type: ignore[no-untyped-def]
    header = dock.table.horizontalHeader()
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    settle(qtbot, dock)


def sql_ids(workbench: Workbench, listing: SegmentListing) -> list[int]:
    with workbench.session() as session:
        return ordered_ids(session, listing)


def test_header_clicks_sort_as_sql_does(qtbot, qtmodeltester, dock, workbench) -> None:
    assert dock.summary.text() == "4 of 4 segments (all codes)"
    assert isinstance(dock.model.ids, np.ndarray)
    assert dock.model.ids.tolist() == sql_ids(workbench, SegmentListing())
    for section in (2, 2, 3, 3, 1, 0):
        click_header(qtbot, dock, section)
        listing = SegmentListing(sort=dock.order[0], descending=dock.order[1])
        assert dock.order[0] == section
        assert dock.model.ids.tolist() == sql_ids(workbench, listing)
        qtbot.waitUntil(lambda: "…" not in column(dock, 2))  # noqa: B023
    assert dock.order == (0, False)
    click_header(qtbot, dock, 2)
    assert column(dock, 2) == ["Ana", "Ana", "Ben", "Ben"]
    click_header(qtbot, dock, 2)
    assert column(dock, 2) == ["Ben", "Ben", "Ana", "Ana"]
    qtmodeltester.check(dock.model)


def test_typing_in_the_filter_box_filters(qtbot, dock, workbench) -> None:
    qtbot.keyClicks(dock.filter_box, "LISTEN")  # words, any case of ASCII letters
    assert dock.filter_timer.isActive()  # nothing yet: the pause first
    qtbot.wait(FILTER_PAUSE_MS // 4)
    assert dock.model.rowCount() == 4
    settle(qtbot, dock)
    expected = sql_ids(workbench, SegmentListing(words="LISTEN"))
    assert dock.model.ids.tolist() == expected and len(expected) == 1
    assert dock.summary.text() == "1 of 4 segments (all codes)"
    dock.filter_box.clear()
    qtbot.keyClicks(dock.filter_box, "pb 2")  # a document's name
    settle(qtbot, dock)
    assert column(dock, 3) == ["safe"]
    dock.filter_box.clear()
    qtbot.keyClicks(dock.filter_box, "ben")  # a coder's name
    settle(qtbot, dock)
    assert set(column(dock, 2)) == {"Ben"}
    dock.coder_box.setCurrentText("Ana")
    settle(qtbot, dock)
    assert dock.model.rowCount() == 0 and dock.summary.text() == "0 of 4 segments (all codes)"


def test_the_list_follows_coding_undo_and_the_current_code(qtbot, dock, workbench) -> None:
    project = workbench.project
    change = workbench.run(lambda: code_span(project, "PB 2", PROTECTED, "Ana", 0, 11))
    settle(qtbot, dock)
    assert change is not None and change.value in dock.model.ids.tolist()
    assert dock.summary.text() == "5 of 5 segments (all codes)"
    first = int(dock.model.ids[0])
    workbench.run(lambda: uncode_segment(project, first))
    settle(qtbot, dock)
    assert first not in dock.model.ids.tolist() and dock.model.rowCount() == 4
    workbench.undo()
    settle(qtbot, dock)
    assert dock.model.ids.tolist() == sql_ids(workbench, SegmentListing())
    with workbench.session() as session:
        protected = get_code(session, PROTECTED).id
    dock.code_only.setChecked(True)
    workbench.current_code = protected
    workbench.code_chosen.emit(protected)
    settle(qtbot, dock)
    assert dock.summary.text() == "3 of 3 segments (current code)"
    assert dock.model.ids.tolist() == sql_ids(workbench, SegmentListing(code_ids=(protected,)))
    workbench.show_segments.emit([first, change.value])
    settle(qtbot, dock)
    assert sorted(dock.model.ids.tolist()) == sorted([first, change.value])
    assert dock.summary.text() == "2 of 2 segments (drill-down)"


def test_a_long_list_holds_only_the_pages_it_shows(qtbot, dock, workbench) -> None:
    with workbench.project.transaction() as session:
        template = session.get(Segment, 1)
        for start in range(1000):
            span = {"start": start % 150, "end": start % 150 + 5 + start % 7}
            session.add(Segment(document_id=template.document_id, code_id=template.code_id,
                                coder_id=template.coder_id, **span))  # fmt: skip
    workbench.reload()
    settle(qtbot, dock)
    model = dock.model
    assert model.rowCount() == 1004
    assert model.loaded_rows() <= PAGE  # the rows in view, fetched with the listing
    qtbot.waitUntil(lambda: model.index(0, 3).data() != "…")
    dock.table.scrollToBottom()
    qtbot.waitUntil(lambda: (model.rowCount() - 1) // PAGE in model.pages)
    assert model.loaded_rows() <= 3 * PAGE and len(model.pages) <= 3
    click_header(qtbot, dock, 3)
    assert model.ids.tolist() == sql_ids(workbench, SegmentListing(sort=3))
    assert model.loaded_rows() <= 2 * PAGE


def test_after_a_coding_only_the_new_rows_are_read(qtbot, dock, workbench, monkeypatch) -> None:
    from qcode.services.codebook.edit import rename_code
    from qcode.ui.docks import segments as segments_dock

    read: list[list[int]] = []
    original = segments_dock.page_rows

    def counted(session, ids):  # type: ignore[no-untyped-def]
        read.append([int(i) for i in ids])
        return original(session, ids)

    monkeypatch.setattr(segments_dock, "page_rows", counted)
    change = workbench.run(lambda: code_span(workbench.project, "PA 1", PROTECTED, "Ana", 0, 9))
    assert change is not None
    settle(qtbot, dock)
    assert read == [[change.value]]
    assert dock.model.rowCount() == 5 and "…" not in column(dock, 3)
    read.clear()
    workbench.run(lambda: rename_code(workbench.project, PROTECTED, "Guarded time"))
    settle(qtbot, dock)
    assert sorted(i for ids in read for i in ids) == sorted(dock.model.ids.tolist())
    assert "Guarded time" in column(dock, 1)


def test_a_coding_moves_only_its_rows_keeping_scroll_and_selection(qtbot, dock, workbench) -> None:
    """A coding puts its row in place at once (no worker), and the rows around stay put."""
    with workbench.project.transaction() as session:
        template = session.get(Segment, 1)
        for start in range(300):
            span = {"start": start % 150, "end": start % 150 + 5 + start % 7}
            session.add(Segment(document_id=template.document_id, code_id=template.code_id,
                                coder_id=template.coder_id, **span))  # fmt: skip
    workbench.reload()
    settle(qtbot, dock)
    table, model = dock.table, dock.model
    table.scrollTo(model.index(150, 0), table.ScrollHint.PositionAtTop)

    def in_view() -> range:
        return range(table.rowAt(0), table.rowAt(table.viewport().height() - 1) + 1)

    qtbot.waitUntil(lambda: all(model.index(row, 3).data() != "…" for row in in_view()))
    top = int(model.ids[table.rowAt(0)])
    picked = int(model.ids[160])
    table.selectRow(160)
    change = workbench.run(lambda: code_span(workbench.project, "PB 2", PROTECTED, "Ben", 0, 7))
    assert change is not None and not dock.lister.busy  # placed now, not listed on a worker
    assert model.ids.tolist() == sql_ids(workbench, SegmentListing())
    assert all(model.index(row, 3).data() != "…" for row in in_view())
    assert int(model.ids[table.rowAt(0)]) == top
    assert [int(model.ids[i.row()]) for i in table.selectionModel().selectedRows()] == [picked]
    assert dock.summary.text() == "305 of 305 segments (all codes)"
    workbench.undo()
    assert not dock.lister.busy and model.ids.tolist() == sql_ids(workbench, SegmentListing())
    assert int(model.ids[table.rowAt(0)]) == top
    assert dock.summary.text() == "304 of 304 segments (all codes)"


def test_a_coding_while_a_listing_is_on_its_way_is_moved_on_top_of_it(
    qtbot, dock, workbench, monkeypatch
) -> None:
    """Choosing a code lists it on a worker; a coding made before that listing arrives
    is put in place on top of it when it does, not listed again."""
    with workbench.session() as session:
        protected = get_code(session, PROTECTED).id
    listings: list[int] = []
    original = dock.show_listing

    def counted() -> None:
        listings.append(1)
        original()

    monkeypatch.setattr(dock, "show_listing", counted)
    dock.code_only.setChecked(True)
    listings.clear()
    workbench.choose_code(protected)
    assert dock.lister.busy
    change = workbench.run(lambda: code_span(workbench.project, "PB 2", PROTECTED, "Ben", 0, 7))
    assert change is not None
    settle(qtbot, dock)
    assert len(listings) == 1  # the code's listing only; the coding was moved on top of it
    expected = sql_ids(workbench, SegmentListing(code_ids=(protected,)))
    assert dock.model.ids.tolist() == expected and change.value in expected
    assert dock.summary.text() == f"{len(expected)} of {len(expected)} segments (current code)"
