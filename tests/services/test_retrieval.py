"""Retrieval, citations, matrix counts, co-occurrence, statistics and cases, checked by hand."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from qcode.analysis.cooccurrence import CoOccurrence
from qcode.errors import QcodeError
from qcode.services import cases
from qcode.services.coding import code_span
from qcode.services.documents.participants import get_or_create_participant, set_attributes
from qcode.services.matrices import attribute_statistics, build_matrix, code_cooccurrence
from qcode.services.retrieval import SegmentFilter, retrieve_segments, rows_for
from qcode.services.search import search_project
from qcode.store.models import Segment
from tests.helpers import add_text, dump

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


def cell_values(matrix, code_id: int, column: str) -> tuple[int, int, int]:
    cell = matrix.cell(code_id, column)
    return cell.segments, cell.characters, cell.participants


def test_matrix_by_participant_counts_segments_characters_participants(project) -> None:
    add_text(project, "PX 3", "PX: Nothing coded here.\n", "PX", 3)
    add_text(project, "Notes", "Team notes.\n")
    code_span(project, "Notes", "Theme/A", "Ann", 0, 4)
    with project.session() as session:
        result = build_matrix(session, "participant", codes=["Theme/A", "Theme/B"])
    m = result.matrix
    # PX has no coding but is a column; "Notes" has no participant: the "(none)" column, last.
    assert result.columns == ["PJ", "PR", "PX", "(none)"]
    assert [path for _, path in result.codes] == [("Theme", "A"), ("Theme", "B")]
    a, b = (cid for cid, _ in result.codes)
    # A in PJ: Ann 0–10 and Ben 5–15 of PJ 1 overlap, so 15 characters, not 20; one person.
    assert cell_values(m, a, "PJ") == (2, 15, 1)
    assert cell_values(m, a, "PR") == (1, 4, 1)  # PR 1, 0–4
    assert cell_values(m, a, "PX") == (0, 0, 0)
    assert cell_values(m, a, "(none)") == (1, 4, 0)  # Notes 0–4: nobody's
    # B in PJ: PJ 1 8–12 (4) and PJ 2 0–3 (3) are in different documents: 7.
    assert cell_values(m, b, "PJ") == (2, 7, 1)
    assert cell_values(m, b, "PR") == (0, 0, 0)
    a_total, b_total = m.row_totals[a], m.row_totals[b]
    assert (a_total.segments, a_total.characters, a_total.participants) == (4, 23, 2)
    assert (b_total.segments, b_total.characters, b_total.participants) == (2, 7, 1)
    # Column PJ: A and B in PJ 1 cover 0–15 (B's 8–12 is inside), plus PJ 2's 0–3: 18.
    pj = m.column_totals["PJ"]
    assert (pj.segments, pj.characters, pj.participants) == (4, 18, 1)
    assert (m.total.segments, m.total.characters, m.total.participants) == (6, 26, 2)
    with project.session() as session:  # drill down to the cell's segments
        rows = rows_for(
            session,
            session.scalars(
                select(Segment).where(Segment.id.in_(m.cell(a, "PJ").segment_ids))
            ).all(),
        )
    assert sorted((r.coder, r.start, r.end) for r in rows) == [("Ann", 0, 10), ("Ben", 5, 15)]


def test_matrix_by_wave_and_with_descendants(project) -> None:
    add_text(project, "PX 3", "PX: Nothing coded here.\n", "PX", 3)
    with project.session() as session:
        by_wave = build_matrix(session, "wave", codes=["Theme/A", "Theme/B"])
        rolled = build_matrix(session, "participant", codes=["Theme/A"], with_descendants=True)
        ann = build_matrix(session, "participant", codes=["Theme/A"], coder="Ann")
    a, b = (cid for cid, _ in by_wave.codes)
    assert by_wave.columns == ["1", "2", "3"]  # every wave in the project, zeros shown
    # Wave 1: A is PJ 1 0–15 (Ann and Ben) and PR 1 0–4: 3 segments, 19 characters, 2 people.
    assert cell_values(by_wave.matrix, a, "1") == (3, 19, 2)
    assert cell_values(by_wave.matrix, a, "2") == (0, 0, 0)
    assert cell_values(by_wave.matrix, b, "1") == (1, 4, 1)
    assert cell_values(by_wave.matrix, b, "2") == (1, 3, 1)
    assert cell_values(by_wave.matrix, b, "3") == (0, 0, 0)
    # With A/A1 (PJ 1, 41–90, 49 characters) counted as A: 0–15 and 41–90 = 64.
    ((rolled_a, _),) = rolled.codes
    assert cell_values(rolled.matrix, rolled_a, "PJ") == (3, 64, 1)
    ((ann_a, _),) = ann.codes
    assert cell_values(ann.matrix, ann_a, "PJ") == (1, 10, 1)  # Ann's own 0–10 only


def test_matrix_by_attribute_value(project) -> None:
    add_text(project, "PX 3", "PX: Nothing coded here.\n", "PX", 3)
    with project.transaction() as session:
        for label, role in (("PJ", "GP"), ("PR", "Nurse"), ("PX", "Pharmacist")):
            set_attributes(session, get_or_create_participant(session, label), {"role": role})
    with project.session() as session:
        result = build_matrix(session, "attribute:role", codes=["Theme/A", "Theme/B"])
        with pytest.raises(QcodeError, match="no participant has an attribute 'grade'"):
            build_matrix(session, "attribute:grade")
        with pytest.raises(QcodeError, match="cross codes by"):
            build_matrix(session, "colour")
    a, b = (cid for cid, _ in result.codes)
    assert result.columns == ["GP", "Nurse", "Pharmacist"]
    assert cell_values(result.matrix, a, "GP") == (2, 15, 1)
    assert cell_values(result.matrix, a, "Nurse") == (1, 4, 1)
    assert cell_values(result.matrix, a, "Pharmacist") == (0, 0, 0)
    assert cell_values(result.matrix, b, "GP") == (2, 7, 1)


def test_cooccurrence_counts_overlapping_pairs(project) -> None:
    with project.session() as session:
        rows = code_cooccurrence(session)
        anns = code_cooccurrence(session, coder="Ann")
    # B 8–12 overlaps Ann's A 0–10 (on 8–10) and Ben's A 5–15 (on 8–12): 2 pairs, and the
    # overlaps united are 8–12, 4 characters, in 1 document. A1 (41–90) overlaps nothing.
    assert rows == [(("Theme", "A"), ("Theme", "B"), CoOccurrence(2, 4, 1))]
    assert anns == [(("Theme", "A"), ("Theme", "B"), CoOccurrence(1, 2, 1))]  # 8–10 only
    code_span(project, "PR 1", "Theme/B", "Ann", 2, 6)  # overlaps PR 1's A 0–4 on 2–4
    code_span(project, "PJ 1", "Theme/B", "Ben", 50, 60)  # inside A1's 41–90
    with project.session() as session:
        rows = code_cooccurrence(session)
    assert rows == [
        (("Theme", "A"), ("Theme", "B"), CoOccurrence(3, 6, 2)),
        (("Theme", "A", "A1"), ("Theme", "B"), CoOccurrence(1, 10, 1)),
    ]


def test_attribute_statistics_overall_and_by_group(make_project) -> None:
    project = make_project()
    with project.transaction() as session:
        for label, score, role in (
            ("PJ", 4, "GP"),
            ("PR", 2, "GP"),
            ("PX", 5, "Nurse"),
            ("PY", "n/a", "Nurse"),  # not a number: left out of n
            ("PZ", 3, None),  # no role: the "(none)" group
        ):
            values = {"score": score} if role is None else {"score": score, "role": role}
            set_attributes(session, get_or_create_participant(session, label), values)
    with project.session() as session:
        overall, groups = attribute_statistics(session, "score", by="role")
        with pytest.raises(QcodeError, match="holds no numbers"):
            attribute_statistics(session, "role")
        with pytest.raises(QcodeError, match="no participant has an attribute 'age'"):
            attribute_statistics(session, "age")
    # 4, 2, 5, 3: mean 14/4 = 3.5; squared deviations .25 + 2.25 + 2.25 + .25 = 5, SD √(5/3).
    assert (overall.n, overall.mean, overall.median) == (4, 3.5, 3.5)
    assert overall.sd == pytest.approx((5 / 3) ** 0.5)
    assert (overall.minimum, overall.maximum) == (2, 5)
    assert overall.distribution == {2.0: 1, 3.0: 1, 4.0: 1, 5.0: 1}
    assert list(groups) == ["(none)", "GP", "Nurse"]
    # GP: 4 and 2, mean 3, deviations ±1: SD √2.
    assert (groups["GP"].n, groups["GP"].mean, groups["GP"].median) == (2, 3.0, 3.0)
    assert groups["GP"].sd == pytest.approx(2**0.5)
    assert groups["GP"].distribution == {2.0: 1, 4.0: 1}
    assert (groups["Nurse"].n, groups["Nurse"].mean, groups["Nurse"].sd) == (1, 5.0, None)
    assert (groups["(none)"].n, groups["(none)"].mean) == (1, 3.0)


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


def test_citations_of_a_long_transcript_name_the_right_lines(make_project) -> None:
    text = "".join(f"Line {n}: words.\n" for n in range(1, 21))
    project = make_project(documents={"PJ 1": ("PJ", 1, text)}, codes=["Quote"])
    start = text.index("Line 12:")
    end = text.index("Line 15:") - 1  # up to the end of line 14, its "\n" left out
    code_span(project, "PJ 1", "Quote", "Ann", start, end)
    code_span(project, "PJ 1", "Quote", "Ben", text.index("Line 3:"), text.index("Line 4:"))
    first_newline = text.index("\n")
    code_span(project, "PJ 1", "Quote", "Cat", first_newline, first_newline + 3)
    with project.session() as session:
        rows = {r.coder: r for r in retrieve_segments(session, SegmentFilter(code="Quote"))}
    assert rows["Ann"].citation == "PJ 1, lines 12–14"
    assert rows["Ann"].text == "Line 12: words.\nLine 13: words.\nLine 14: words."
    # Ben's span takes line 3 with its closing "\n": a newline belongs to the line it ends.
    assert rows["Ben"].citation == "PJ 1, line 3"
    # Cat's starts on the "\n" that ends line 1 and runs into line 2.
    assert rows["Cat"].citation == "PJ 1, lines 1–2"


def test_by_case_and_text_search(project) -> None:
    with project.session() as session:
        ids = {(s.document.name, s.code.name): s.id for s in session.scalars(select(Segment))}
    case = cases.create_case(project, "Later on", participant="PJ").value
    cases.link_segments(project, case, [ids[("PJ 2", "B")], ids[("PJ 1", "A1")]])
    with project.session() as session:
        rows = retrieve_segments(session, SegmentFilter(case=case))
        hits = search_project(session, "rota")
    assert [(r.document, r.start, r.citation) for r in rows] == [
        ("PJ 1", 41, "PJ 1, lines 2–3"),
        ("PJ 2", 0, "PJ 2, line 1"),
    ]
    # "rota" is at 31 on line 1 ("...about the rota.") and at 45 on line 2 ("The rota was").
    assert [(h.document, h.start, h.end, h.citation) for h in hits] == [
        ("PJ 1", 31, 35, "PJ 1, line 1"),
        ("PJ 1", 45, 49, "PJ 1, line 2"),
    ]


@pytest.mark.parametrize(
    ("flt", "message"),
    [
        (SegmentFilter(code="Theme/Z"), "no code 'Theme/Z'"),
        (SegmentFilter(coder="Zoe"), "no coder 'Zoe'"),
        (SegmentFilter(participant="PZ"), "no participant 'PZ'"),
        (SegmentFilter(document="PZ 1"), "no document 'PZ 1'"),
        (SegmentFilter(case=99), "no case 99"),
    ],
)
def test_unknown_names_in_a_filter_are_errors(project, flt: SegmentFilter, message: str) -> None:
    with project.session() as session, pytest.raises(QcodeError, match=message):
        retrieve_segments(session, flt)


def test_cases_refuse_unknown_participants_and_foreign_segments(project) -> None:
    before = dump(project)
    with pytest.raises(QcodeError, match="no participant 'PZ'"):
        cases.create_case(project, "Ghost", participant="PZ")
    case = cases.create_case(project, "Rota", participant="PR").value
    with pytest.raises(QcodeError, match="already exists"):
        cases.create_case(project, " Rota ")
    with pytest.raises(QcodeError, match="do not exist"):
        cases.link_segments(project, case, [999])
    with pytest.raises(QcodeError, match="none of those segments"):
        cases.unlink_segments(project, case, [1])
    cases.delete_case(project, case)
    assert dump(project) == before
