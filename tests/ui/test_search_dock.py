"""The search dock: exact, regex and fuzzy hits off the GUI thread, errors, coding all hits."""

from __future__ import annotations

from qcode.services.lookup import get_code, get_document
from qcode.services.retrieval import SegmentFilter, retrieve_segments
from qcode.ui.docks.search import SearchDock
from tests.ui.conftest import TEXT_A, TEXT_B


def run_search(qtbot, dock: SearchDock, query: str, mode: str, unit: str = "none") -> None:  # type: ignore[no-untyped-def]
    dock.mode_box.setCurrentIndex(dock.mode_box.findData(mode))
    dock.unit_box.setCurrentIndex(dock.unit_box.findData(unit))
    dock.query_box.setText(query)
    with qtbot.waitSignal(dock.search_done, timeout=10_000):
        dock.search_button.click()


def spans(dock: SearchDock) -> list[tuple[str, int, int, str]]:
    return [(h.document, h.start, h.end, h.text) for h in dock.model.hits]


def make_dock(qtbot, workbench) -> SearchDock:  # type: ignore[no-untyped-def]
    dock = SearchDock(workbench)
    qtbot.addWidget(dock)
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
    assert dock.model.hits == []
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
    assert len(dock.model.hits) == 2
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
    assert ana_segments() == [(h.start, h.end) for h in dock.model.hits]
    workbench.undo()
    assert ana_segments() == []
    assert workbench.history.can_redo and not workbench.history.can_undo


def test_a_cancelled_search_job_stops_before_the_next_document(qtbot, workbench) -> None:  # type: ignore[no-untyped-def]
    from qcode.ui.docks.search_job import SearchJob

    job = SearchJob(workbench.project.path, "Interviewer", "exact", "none", 80)
    job.cancel()
    with qtbot.waitSignal(job.signals.finished) as finished:
        job.run()  # on this thread: the dock runs it on its pool
    assert finished.args == [job, [], True]
    assert (job.done, job.total) == (1, 2)
