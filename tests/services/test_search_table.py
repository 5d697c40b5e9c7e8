"""Search hits kept as arrays: the same hits as the full list, sorted as arrays, rows on demand."""

from __future__ import annotations

import numpy as np
import pytest

from qcode.services.retrieval import SegmentFilter, retrieve_segments
from qcode.services.search import HitTable, autocode, hit_rows, search_project, search_table

PJ1 = (
    "Interviewer: How did mentoring help? Tell me.\n"
    "PJ: My mentor listened. She made time for me.\n"
    "We met monthly after clinic.\n"
    "\n"
    "Interviewer: Anything else?\n"
    "PJ: The Mentor was kind.\nReally kind.\n"
)
PR1 = "PR: No mentor at all. Time was short.\n"
SEARCHES = [
    ("mentor", "exact", "none"),
    ("mentor", "exact", "sentence"),
    (r"^\w+:", "regex", "turn"),
    ("kind", "exact", "paragraph"),
    ("mentr", "fuzzy", "none"),
]


@pytest.fixture
def project(make_project):
    return make_project(
        documents={"PR 1": ("PR", 1, PR1), "PJ 1": ("PJ", 1, PJ1)}, codes=["Support"]
    )


@pytest.mark.parametrize(("query", "mode", "unit"), SEARCHES)
def test_the_table_holds_the_same_hits_and_makes_the_same_rows(project, query, mode, unit) -> None:
    with project.session() as session:
        listed = search_project(session, query, mode, unit)
        table = search_table(session, query, mode, unit)
        rows = hit_rows(session, table, range(len(table))[::-1])
    assert len(table) == len(listed) > 0
    assert [rows[n] for n in range(len(table))] == listed
    assert table.document_count() == len({hit.document for hit in listed})
    assert table.spans() == [(h.document_id, h.document, h.start, h.end) for h in listed]


def test_sorting_is_by_document_lines_or_words(project) -> None:
    with project.session() as session:
        table = search_table(session, r"\b[mMtT]\w+", "regex")
        listed = search_project(session, r"\b[mMtT]\w+", "regex")
    numbers = list(range(len(listed)))
    assert table.order(0).tolist() == numbers  # documents by name (PJ 1, PR 1), then place
    assert table.order(0, descending=True).tolist() == numbers[::-1]
    first_line = [int(h.citation.split("line")[1].lstrip("s ").split("–")[0]) for h in listed]
    assert table.order(1).tolist() == sorted(numbers, key=lambda n: first_line[n])
    by_words = sorted(numbers, key=lambda n: listed[n].text.casefold())
    assert table.order(2).tolist() == by_words
    assert table.order(2, descending=True).tolist() == by_words[::-1]
    assert table.start.dtype == np.int64  # plain numbers, no per-hit objects


def test_a_cancelled_search_keeps_what_it_found_and_an_empty_table_is_empty(project) -> None:
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 1  # after the first document

    with project.session() as session:
        table = search_table(session, "mentor", cancelled=cancelled)
    assert table.document_count() == 1 and len(table) == 3  # PJ 1 only
    empty = HitTable.empty()
    assert len(empty) == 0 and empty.spans() == [] and empty.order(2).tolist() == []


def test_autocode_takes_the_table(project) -> None:
    with project.session() as session:
        table = search_table(session, "mentor")
    change = autocode(project, table, "Support", "Ana", "mentor")
    assert change.label == "Auto-code 4 hits as 'Support'"
    with project.session() as session:
        coded = retrieve_segments(session, SegmentFilter(code="Support"))
    assert sorted((row.document, row.start, row.end) for row in coded) == sorted(
        (name, start, end) for _doc, name, start, end in table.spans()
    )
