"""The search dock: exact, regex and fuzzy hits off the GUI thread, errors, coding all hits."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from qcode.services.lookup import get_code, get_document
from qcode.services.retrieval import SegmentFilter, retrieve_segments
from qcode.ui.docks.search import SearchDock
from qcode.ui.models.pages import PAGE, PENDING
from qcode.ui.models.search import KEEP_PAGES
from tests.helpers import add_text
from tests.ui.conftest import TEXT_A, TEXT_B


def run_search(qtbot, dock: SearchDock, query: str, mode: str, unit: str = "none") -> None:  # type: ignore[no-untyped-def]
    dock.mode_box.setCurrentIndex(dock.mode_box.findData(mode))
    dock.unit_box.setCurrentIndex(dock.unit_box.findData(unit))
    dock.query_box.setText(query)
    with qtbot.waitSignal(dock.search_done, timeout=10_000):
        dock.search_button.click()


def spans(dock: SearchDock) -> list[tuple[str, int, int, str]]:
    """Every hit as the table lists it (each row made from its page, as a view asks)."""
    rows = (dock.model.row_at(row) for row in range(dock.model.rowCount()))
    return [(h.document, h.start, h.end, h.text) for h in rows]


def make_dock(qtbot, workbench) -> SearchDock:  # type: ignore[no-untyped-def]
    dock = SearchDock(workbench)
    qtbot.addWidget(dock)
    dock.show()  # as the researcher sees it (a hidden dock updates when next shown)
    qtbot.waitExposed(dock)
    return dock


def test_exact_search_finds_every_occurrence_and_widens(qtbot, workbench, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    dock = make_dock(qtbot, workbench)
    run_search(qtbot, dock, "interviewer", "exact")
    starts_a = [0, TEXT_A.index("Interviewer: And")]
    expected = [("PA 1", s, s + 11, "Interviewer") for s in starts_a]
    expected.append(("PB 2", 0, 11, "Interviewer"))
    assert spans(dock) == expected
    assert dock.summary.text() == "3 hits in 2 documents"
    assert dock.model.data(dock.model.index(1, 1)) == "line 3"
    qtmodeltester.check(dock.model)

    run_search(qtbot, dock, "protected time", "exact", unit="sentence")
    sentence = "PA: Having protected time made the difference."  # a sentence starts its line
    start = TEXT_A.index(sentence)
    assert spans(dock) == [("PA 1", start, start + len(sentence), sentence)]


def test_regex_and_fuzzy_hits(qtbot, workbench) -> None:  # type: ignore[no-untyped-def]
    dock = make_dock(qtbot, workbench)
    run_search(qtbot, dock, r"^PB:", "regex")
    line_starts = [TEXT_B.index("PB: Through"), TEXT_B.index("PB: Later")]
    assert spans(dock) == [("PB 2", s, s + 3, "PB:") for s in line_starts]

    run_search(qtbot, dock, "protectd tme", "fuzzy")
    start = TEXT_A.index("protected time")
    assert spans(dock) == [("PA 1", start, start + 14, "protected time")]
    assert dock.threshold.isVisibleTo(dock)

    run_search(qtbot, dock, "zebra crossing", "exact")
    assert spans(dock) == [] and len(dock.model.hits) == 0
    assert dock.empty.text() == "No hits for “zebra crossing”."
    assert not dock.code_button.isEnabled()


def test_a_bad_regex_reports_one_line(qtbot, workbench) -> None:  # type: ignore[no-untyped-def]
    dock = make_dock(qtbot, workbench)
    run_search(qtbot, dock, "(unclosed", "regex")
    assert workbench.errors == [
        "Invalid regular expression at position 0: missing ), unterminated subpattern"
    ]
    assert dock.search_button.isEnabled()


def test_double_click_on_a_hit_jumps_to_its_text(qtbot, workbench) -> None:  # type: ignore[no-untyped-def]
    dock = make_dock(qtbot, workbench)
    run_search(qtbot, dock, "safe", "exact")
    with workbench.session() as session:
        doc_id = get_document(session, "PB 2").id
    start = TEXT_B.index("safe")
    with qtbot.waitSignal(workbench.show_text) as jumped:
        dock.jump(dock.model.index(0, 2))
    assert jumped.args == [doc_id, start, start + 4]


def test_code_all_hits_is_one_undoable_step(qtbot, workbench) -> None:  # type: ignore[no-untyped-def]
    dock = make_dock(qtbot, workbench)
    path = "Better relationships/Safe space"
    run_search(qtbot, dock, "PB:", "exact", unit="turn")
    assert dock.model.rowCount() == len(dock.model.hits) == 2
    assert not dock.code_button.isEnabled()
    with workbench.session() as session:
        code_id = get_code(session, path).id

    def ana_segments() -> list[tuple[int, int]]:
        with workbench.session() as session:
            rows = retrieve_segments(session, SegmentFilter(code=path, coder="Ana"))
        return [(row.start, row.end) for row in rows]

    workbench.choose_code(code_id)
    assert dock.code_button.isEnabled()
    assert dock.code_button.text() == "Code all 2 hits as “Safe space”"
    dock.code_button.click()
    assert ana_segments() == [(start, end) for _doc, start, end, _text in spans(dock)]
    workbench.undo()
    assert ana_segments() == []
    assert workbench.history.can_redo and not workbench.history.can_undo


def test_a_cancelled_search_job_stops_before_the_next_document(qtbot, workbench) -> None:  # type: ignore[no-untyped-def]
    from qcode.ui.docks.search_job import SearchJob

    job = SearchJob(workbench.project.path, "Interviewer", "exact", "none", 80)
    job.cancel()
    with qtbot.waitSignal(job.signals.finished) as finished:
        job.run()  # on this thread: the dock runs it on its pool
    assert finished.args[0] is job and len(finished.args[1]) == 0 and finished.args[2] is True
    assert (job.done, job.total) == (1, 2)


def click_header(qtbot, dock: SearchDock, section: int) -> None:  # type: ignore[no-untyped-def]
    header = dock.table.horizontalHeader()
    where = QPoint(header.sectionViewportPosition(section) + 10, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=where)


def shown_dock(qtbot, workbench) -> SearchDock:  # type: ignore[no-untyped-def]
    dock = make_dock(qtbot, workbench)
    dock.resize(700, 500)
    dock.show()
    qtbot.waitExposed(dock)
    return dock


def test_sorting_by_a_header_sorts_the_hits(qtbot, workbench, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    dock = shown_dock(qtbot, workbench)
    run_search(qtbot, dock, r"\b[tT]\w+", "regex")
    found = spans(dock)  # document order: by name, then place
    assert found == sorted(found, key=lambda hit: (hit[0], hit[1]))
    click_header(qtbot, dock, 0)  # Document again: Z to A
    assert spans(dock) == found[::-1]
    click_header(qtbot, dock, 2)  # Text, A to Z (case aside); equal words in document order
    assert spans(dock) == sorted(found, key=lambda hit: hit[3].casefold())
    click_header(qtbot, dock, 1)  # Lines
    with workbench.session() as session:
        texts = {name: get_document(session, name).text for name in ("PA 1", "PB 2")}
    lines = [texts[doc].count("\n", 0, start) + 1 for doc, start, _end, _text in found]
    assert [hit[1:3] for hit in spans(dock)] == [
        hit[1:3] for _line, hit in sorted(zip(lines, found, strict=True), key=lambda p: p[0])
    ]
    assert dock.model.data(dock.model.index(0, 1)).startswith("line 1")
    qtmodeltester.check(dock.model)
    with qtbot.waitSignal(workbench.show_text) as jumped:  # a sorted row still jumps to its hit
        dock.jump(dock.model.index(0, 0))
    first = spans(dock)[0]
    assert jumped.args[1:] == [first[1], first[2]]


def test_many_hits_make_only_the_rows_shown(qtbot, workbench, ui_project, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    for number in range(3):
        text = f"PM: gave the mentor, gave the time ({number}).\n" * 400
        add_text(ui_project, f"PM {number}", text, "PM", 1)
    dock = shown_dock(qtbot, workbench)
    run_search(qtbot, dock, "GAVE", "exact")
    assert dock.summary.text() == "2400 hits in 3 documents"
    assert dock.model.rowCount() == 2400
    qtbot.waitUntil(lambda: dock.model.data(dock.model.index(0, 2)) != PENDING)
    assert dock.model.loaded_rows() <= PAGE
    assert dock.model.data(dock.model.index(1, 1)) == "line 1"
    assert dock.model.data(dock.model.index(2, 2)) == "gave"  # PM 0, line 2
    dock.table.scrollToBottom()
    qtbot.waitUntil(lambda: dock.model.data(dock.model.index(2399, 1)) == "line 400")
    qtmodeltester.check(dock.model)
    assert dock.model.loaded_rows() <= KEEP_PAGES * PAGE
    click_header(qtbot, dock, 1)  # by line: line 1 of each document first
    qtbot.waitUntil(lambda: dock.model.data(dock.model.index(5, 1)) == "line 1")
    assert dock.model.data(dock.model.index(6, 1)) == "line 2"
    assert dock.model.loaded_rows() <= KEEP_PAGES * PAGE


def test_a_hidden_dock_names_the_chosen_code_when_shown(qtbot, workbench) -> None:  # type: ignore[no-untyped-def]
    dock = make_dock(qtbot, workbench)
    run_search(qtbot, dock, "PB:", "exact", unit="turn")
    with workbench.session() as session:
        code_id = get_code(session, "Better relationships/Safe space").id
    dock.hide()
    workbench.choose_code(code_id)
    assert not dock.code_button.isEnabled()  # nothing read for a dock no one sees
    dock.show()
    qtbot.waitUntil(lambda: dock.code_button.isEnabled())
    assert dock.code_button.text() == "Code all 2 hits as “Safe space”"
