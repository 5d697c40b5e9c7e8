"""The segments report, whole and streamed: per code in tree order, quotes in retrieval order."""

from __future__ import annotations

from pathlib import Path

import pytest

from qcode.errors import QcodeError
from qcode.services.codebook.edit import codebook_tree
from qcode.services.quotes import QuoteStyle, tidy, use_quote_style
from qcode.services.reports import CodeQuotes, segments_report, stream_segments_report
from qcode.services.retrieval import SegmentFilter, retrieve_segments
from qcode.store.project import open_project
from tests.services.report_project import build_report_project

SCOPES = [(None, None), ("Ann", None), (None, "Work"), ("Cy", "Care"), ("Ben", "Work/Time/Rota")]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_report_project(tmp_path_factory.mktemp("report") / "generated.qcode")


@pytest.mark.parametrize(("coder", "code"), SCOPES)
def test_streamed_entries_are_the_whole_report(generated: Path, coder, code) -> None:
    with open_project(generated) as project, project.session() as session:
        whole = segments_report(session, coder=coder, code=code)
        streamed = [
            CodeQuotes(entry.path, entry.flags, tuple(entry.quotes))
            for entry in stream_segments_report(session, coder=coder, code=code)
        ]
    assert streamed == whole
    assert sum(len(entry.quotes) for entry in whole) > 0


@pytest.mark.parametrize(("coder", "code"), SCOPES)
def test_codes_in_tree_order_and_quotes_in_retrieval_order(generated: Path, coder, code) -> None:
    with open_project(generated) as project, project.session() as session:
        use_quote_style(session, QuoteStyle(interviewer=(), ellipsis=False))  # words as stored
        report = segments_report(session, coder=coder, code=code)
        tree = [node.path for node in codebook_tree(session)]
        expected = {}
        for path in tree:
            if code is None or path[: len(code.split("/"))] == tuple(code.split("/")):
                flt = SegmentFilter(code="/".join(path), coder=coder)
                if rows := retrieve_segments(session, flt):
                    expected[path] = rows
    assert [entry.path for entry in report] == list(expected)  # tree order, empty codes left out
    for entry in report:
        rows = expected[entry.path]
        assert [q.segment_id for q in entry.quotes] == [r.id for r in rows]
        assert [q.text for q in entry.quotes] == [tidy(r.text) for r in rows]
        assert {q.coder for q in entry.quotes} <= ({coder} if coder else {"Ann", "Ben", "Cy"})


def test_the_generated_tree_is_not_in_id_order(generated: Path) -> None:
    """Otherwise the order test could pass with codes sorted by id."""
    with open_project(generated) as project, project.session() as session:
        ids = [node.id for node in codebook_tree(session)]
    assert ids != sorted(ids)


def test_quotes_cite_participant_wave_and_lines(generated: Path) -> None:
    with open_project(generated) as project, project.session() as session:
        quotes = [q for entry in segments_report(session) for q in entry.quotes]
    labels = {q.citation.split(", line")[0] for q in quotes}
    assert labels <= {"PA 1", "PA 2", "PB 1", "PB 2", "Notes", "Q7"}
    assert {q.document for q in quotes if q.citation.startswith("Notes")} == {"Notes"}


@pytest.mark.parametrize(("coder", "code"), [("Zed", None), (None, "Work/Nope")])
def test_unknown_names_fail_before_any_entry(generated: Path, coder, code) -> None:
    with (
        open_project(generated) as project,
        project.session() as session,
        pytest.raises(QcodeError),
    ):
        stream_segments_report(session, coder=coder, code=code)  # not even iterated
