"""Retrieval, citations, matrix counts, co-occurrence, statistics and cases, checked by hand."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from qcode.errors import QcodeError
from qcode.services import cases
from qcode.services.matrices import attribute_statistics, build_matrix, code_cooccurrence
from qcode.services.participants import get_or_create_participant, set_attributes
from qcode.services.retrieval import SegmentFilter, retrieve_segments, rows_for
from qcode.store.models import Segment

PJ1 = (
    "Interviewer: Tell me about the rota.\nPJ: The rota was hard. My mentor helped.\nPJ: Monthly.\n"
)
PJ2 = "PJ: Later on it got easier.\n"
PR1 = "PR: No time at all.\n"


@pytest.fixture
def project(make_project):
    line2 = PJ1.index("PJ: The")
    return make_project(
        documents={"PJ 1": ("PJ", 1, PJ1), "PJ 2": ("PJ", 2, PJ2), "PR 1": ("PR", 1, PR1)},
        codes=["Theme/A", "Theme/A/A1", "Theme/B"],
        coding=[
            ("PJ 1", "Theme/A", "Ann", 0, 10),
            ("PJ 1", "Theme/A", "Ben", 5, 15),
            ("PJ 1", "Theme/B", "Ann", 8, 12),
            ("PR 1", "Theme/A", "Ann", 0, 4),
            ("PJ 2", "Theme/B", "Ann", 0, 3),
            ("PJ 1", "Theme/A/A1", "Ann", line2 + 4, len(PJ1) - 1),
        ],
    )


def test_citations_count_lines_on_the_stored_text(project) -> None:
    with project.session() as session:
        rows = retrieve_segments(session, SegmentFilter(code="Theme/A/A1"))
    assert [(r.citation, r.text) for r in rows] == [
        ("PJ 1, lines 2–3", "The rota was hard. My mentor helped.\nPJ: Monthly.")
    ]


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (
            SegmentFilter(code="Theme/A"),
            [("PJ 1", "Ann", 0), ("PJ 1", "Ben", 5), ("PR 1", "Ann", 0)],
        ),
        (SegmentFilter(code="Theme/A", coder="Ben"), [("PJ 1", "Ben", 5)]),
        (SegmentFilter(code="Theme/B", participant="PJ", wave=2), [("PJ 2", "Ann", 0)]),
        (SegmentFilter(document="PR 1"), [("PR 1", "Ann", 0)]),
        (
            SegmentFilter(code="Theme/A", with_descendants=True, participant="PJ", coder="Ann"),
            [("PJ 1", "Ann", 0), ("PJ 1", "Ann", 41)],
        ),
    ],
)
def test_filters(project, flt: SegmentFilter, expected) -> None:
    with project.session() as session:
        rows = retrieve_segments(session, flt)
    assert sorted((r.document, r.coder, r.start) for r in rows) == sorted(expected)


def test_filter_by_attribute(project) -> None:
    with project.transaction() as session:
        set_attributes(session, get_or_create_participant(session, "PR"), {"role": "GP"})
    with project.session() as session:
        rows = retrieve_segments(session, SegmentFilter(attribute=("role", "GP")))
    assert [(r.document, r.start, r.end) for r in rows] == [("PR 1", 0, 4)]


def test_matrix_by_participant_counts_segments_characters_participants(project) -> None:
    with project.session() as session:
        result = build_matrix(session, "participant", codes=["Theme/A", "Theme/B"])
    m = result.matrix
    assert result.columns == ["PJ", "PR"]
    a, b = (cid for cid, _ in result.codes)
    cell = m.cell(a, "PJ")  # Ann 0–10 and Ben 5–15 overlap: 15 characters, not 20
    assert (cell.segments, cell.characters, cell.participants) == (2, 15, 1)
    assert (m.cell(a, "PR").segments, m.cell(a, "PR").characters) == (1, 4)
    assert (m.cell(b, "PJ").segments, m.cell(b, "PJ").characters) == (2, 7)
    assert m.cell(b, "PR").segments == 0
    with project.session() as session:  # drill down to the cell's segments
        rows = rows_for(
            session, session.scalars(select(Segment).where(Segment.id.in_(cell.segment_ids))).all()
        )
    assert sorted(r.coder for r in rows) == ["Ann", "Ben"]


def test_matrix_by_wave_and_with_descendants(project) -> None:
    with project.session() as session:
        by_wave = build_matrix(session, "wave", codes=["Theme/A"])
        rolled = build_matrix(session, "participant", codes=["Theme/A"], with_descendants=True)
    ((a, _),) = by_wave.codes
    assert by_wave.columns == ["1", "2"]  # every wave in the project, zeros shown
    assert by_wave.matrix.cell(a, "2").segments == 0
    assert (
        by_wave.matrix.cell(a, "1").segments,
        by_wave.matrix.cell(a, "1").characters,
        by_wave.matrix.cell(a, "1").participants,
    ) == (3, 19, 2)
    assert rolled.matrix.cell(a, "PJ").segments == 3


def test_cooccurrence_counts_overlapping_pairs(project) -> None:
    with project.session() as session:
        rows = code_cooccurrence(session)
    found = {(a[-1], b[-1]): v for a, b, v in rows}
    ab = found[("A", "B")]  # B 8–12 overlaps Ann's A 0–10 and Ben's A 5–15
    assert (ab.pairs, ab.characters, ab.documents) == (2, 4, 1)
    assert ("A1", "B") not in found and ("B", "A1") not in found


def test_attribute_statistics_overall_and_by_group(make_project) -> None:
    project = make_project()
    with project.transaction() as session:
        for label, score, role in (("PJ", 4, "GP"), ("PR", 2, "GP"), ("PX", 5, "Nurse")):
            set_attributes(
                session, get_or_create_participant(session, label), {"score": score, "role": role}
            )
    with project.session() as session:
        overall, groups = attribute_statistics(session, "score", by="role")
        with pytest.raises(QcodeError, match="holds no numbers"):
            attribute_statistics(session, "role")
    assert overall.n == 3 and overall.mean == pytest.approx(11 / 3)
    assert overall.sd == pytest.approx((14 / 3 / 2) ** 0.5)
    assert overall.distribution == {2.0: 1, 4.0: 1, 5.0: 1}
    assert (groups["GP"].n, groups["GP"].mean, groups["Nurse"].sd) == (2, 3.0, None)
    assert groups["GP"].sd == pytest.approx(2**0.5)


def test_case_links_segments_across_waves_in_wave_order(project) -> None:
    with project.session() as session:
        ids = {
            (s.document.name, s.coder.name, s.code.name): s.id
            for s in session.scalars(select(Segment))
        }
    case_id = cases.create_case(project, "Rota dispute", participant="PJ").value
    cases.link_segments(project, case_id, [ids[("PJ 2", "Ann", "B")], ids[("PJ 1", "Ann", "A")]])
    with project.session() as session:
        ordered = cases.case_segments_in_wave_order(session, case_id)
        assert [s.document.name for s in ordered] == ["PJ 1", "PJ 2"]
        assert rows_for(session, ordered)[0].citation == "PJ 1, line 1"
    with pytest.raises(QcodeError, match="not a transcript of PJ"):
        cases.link_segments(project, case_id, [ids[("PR 1", "Ann", "A")]])
    assert cases.case_summaries(project.session())[0].waves == "1, 2"
