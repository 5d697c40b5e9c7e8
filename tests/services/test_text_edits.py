"""Correcting a document's text: anchors keep their words, one audited step, undo exact."""

from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from qcode.errors import QcodeError
from qcode.services.codebook.edit import add_code
from qcode.services.coding import code_span
from qcode.services.documents.outcomes import text_sha256
from qcode.services.history import History
from qcode.services.memos import MemoTarget, add_memo
from qcode.services.pseudonyms.spans import Edit, apply_edits, check_edits, moved_span
from qcode.services.pseudonyms.textedit import (
    correct_text,
    find_occurrences,
    pick_occurrences,
    replace_spans,
)
from qcode.services.workshop import disagreements as workshop
from qcode.store.models import AuditEvent, Document, Memo, Segment, WorkshopDecision
from qcode.store.project import Project
from tests.helpers import add_text, dump

TEXT = "Interviewer: How was it?\nPJ: Dr Rees helped a lot with teh rota.\nIt was fine.\n"
COUNTER = itertools.count()


def segments(project: Project, document: str = "PJ 1") -> list[tuple[int, str]]:
    with project.session() as session:
        doc = session.scalars(select(Document).where(Document.name == document)).one()
        rows = session.scalars(
            select(Segment).where(Segment.document_id == doc.id).order_by(Segment.id)
        )
        return [(s.id, doc.text[s.start : s.end]) for s in rows]


def audit_count(project: Project) -> int:
    with project.session() as session:
        return session.scalar(select(func.count(AuditEvent.id))) or 0


@pytest.fixture
def study(make_project) -> Project:  # type: ignore[no-untyped-def]
    rees, rota = TEXT.index("Dr Rees"), TEXT.index("teh rota")
    return make_project(
        documents={"PJ 1": ("PJ", 1, TEXT)},
        codes=["Support", "Rota"],
        coding=[
            ("PJ 1", "Support", "Ana", rees, rees + len("Dr Rees helped")),
            ("PJ 1", "Rota", "Ana", rota, rota + len("teh rota")),
            ("PJ 1", "Rota", "Ben", rota + 4, TEXT.index("It was") + 6),
        ],
    )


def test_a_correction_keeps_every_segment_on_its_words(study: Project) -> None:
    start = TEXT.index("teh")
    change = correct_text(study, "PJ 1", start, start + 3, "the", actor="Ana", reason="typo")
    assert [words for _, words in segments(study)] == [
        "Dr Rees helped",
        "the rota",
        "rota.\nIt was",
    ]
    assert change.value.segments_moved == 0 and change.value.edits == 1
    rees = TEXT.index("Rees")
    correct_text(study, "PJ 1", rees, rees + 4, "Evans-Jones")
    assert [words for _, words in segments(study)] == [
        "Dr Evans-Jones helped",
        "the rota",
        "rota.\nIt was",
    ]


def test_the_document_counts_and_hash_follow_the_text(study: Project) -> None:
    correct_text(study, "PJ 1", 0, 0, "Recorded at home.\n")
    with study.session() as session:
        doc = session.scalars(select(Document)).one()
        assert doc.text.startswith("Recorded at home.\nInterviewer:")
        assert (doc.chars, doc.lines) == (len(doc.text), doc.text.count("\n") + 1)
        assert doc.sha256 == text_sha256(doc.text)


def test_one_audit_event_without_the_words(study: Project) -> None:
    before = audit_count(study)
    rees = TEXT.index("Rees")
    correct_text(study, "PJ 1", rees, rees + 4, "Evans", actor="Ana", reason="a name")
    assert audit_count(study) == before + 1
    with study.session() as session:
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert event is not None
        assert (event.action, event.reason, event.actor) == ("edit text", "a name", "Ana")
        assert "Rees" not in event.before + event.after
        assert json.loads(event.after)["spans"] == [[rees, rees + 4]]


def test_undo_restores_the_text_and_every_anchor_exactly(study: Project) -> None:
    with study.session() as session:
        segment_id = session.scalars(select(Segment.id)).first()
    add_memo(study, "why this helps", MemoTarget("segment", segment_id))
    history = History(study)
    initial = dump(study)
    rota = TEXT.index("teh")
    history.push(replace_spans(study, "PJ 1", [(rota, rota + 3, "the"), (0, 11, "I")]))
    changed = dump(study)
    history.undo()
    assert dump(study) == initial
    history.redo()
    assert dump(study) == changed
    with study.session() as session:
        memo = session.scalars(select(Memo)).one()
        assert memo.segment_id == segment_id


def test_removing_all_of_a_segments_words_is_refused(study: Project) -> None:
    before, events = dump(study), audit_count(study)
    rota = TEXT.index("teh rota")
    with pytest.raises(QcodeError, match="remove all the text of segment .*'Rota'.*uncode"):
        correct_text(study, "PJ 1", rota - 1, rota + len("teh rota"), "")
    assert dump(study) == before and audit_count(study) == events


@pytest.mark.parametrize(
    ("edits", "message"),
    [
        ([(5, 900, "x")], "outside the text"),
        ([(-1, 2, "x")], "outside the text"),
        ([(2, 6, "x"), (4, 8, "y")], "overlap"),
        ([(3, 3, "x"), (3, 3, "y")], "overlap"),
        ([(1, 2, None)], "start, an end and a replacement"),
    ],
)
def test_bad_edits_are_refused_and_change_nothing(
    study: Project, edits: list[tuple[int, int, str]], message: str
) -> None:
    before = dump(study)
    with pytest.raises(QcodeError, match=message):
        replace_spans(study, "PJ 1", edits)
    assert dump(study) == before


def test_an_unknown_document_is_refused(study: Project) -> None:
    with pytest.raises(QcodeError, match="no document"):
        correct_text(study, "PX 9", 0, 1, "x")


def test_workshop_decisions_move_with_the_text(make_project) -> None:  # type: ignore[no-untyped-def]
    text = "At first Rees set the rota alone. Later the whole team shared it."
    team = text.index("the whole team")
    project = make_project(
        documents={"PJ 1": ("PJ", 1, text)},
        codes=["Rota"],
        coding=[
            ("PJ 1", "Rota", "Ana", team, team + 14),
            ("PJ 1", "Rota", "Ben", team + 4, team + 14),
        ],
    )
    with project.session() as session:
        [unit] = workshop.list_disagreements(session, "Ana", "Ben")
    workshop.decide(project, unit.key, "keep_a", "the team as a whole", "Ana, Ben")
    rees = text.index("Rees")
    correct_text(project, "PJ 1", rees, rees + 4, "Dr Evans")
    with project.session() as session:
        doc = session.scalars(select(Document)).one()
        decision = session.scalars(select(WorkshopDecision)).one()
        assert doc.text[decision.span_start : decision.span_end] == "the whole team"
        assert doc.text[decision.result_start : decision.result_end] == "the whole team"  # type: ignore[misc]


def test_finding_the_occurrence_to_correct() -> None:
    spans = find_occurrences("teh cat and teh dog", "teh")
    assert spans == [(0, 3), (12, 15)]
    assert pick_occurrences(spans, "teh", 2, False) == [(12, 15)]
    assert pick_occurrences(spans, "teh", None, True) == spans
    with pytest.raises(QcodeError, match="occurs 2 times; say which"):
        pick_occurrences(spans, "teh", None, False)
    with pytest.raises(QcodeError, match="no occurrence 3"):
        pick_occurrences(spans, "teh", 3, False)
    with pytest.raises(QcodeError, match="does not occur"):
        pick_occurrences([], "dog", None, False)


# The property. Rule: an edit never cuts across a segment's edge (it lies inside the
# segment, edges included, or wholly outside it); the segment then holds its old words with
# the edits inside it made. An edit leaving a segment empty is refused.


def inside(edit: Edit, start: int, end: int) -> bool:
    return start <= edit.start and edit.end <= end and not (edit.start == edit.end in (start, end))


def outside(edit: Edit, start: int, end: int) -> bool:
    return edit.end <= start or edit.start >= end


@st.composite
def edited_texts(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]], list[Edit]]:
    text = draw(st.text(alphabet="ab \nçé😀", min_size=1, max_size=40))
    spans = []
    for _ in range(draw(st.integers(0, 4))):
        start = draw(st.integers(0, len(text) - 1))
        spans.append((start, draw(st.integers(start + 1, len(text)))))
    edits: list[Edit] = []
    for _ in range(draw(st.integers(0, 4))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 6)))
        edit = Edit(start, end, draw(st.text(alphabet="xyz😀\n", max_size=5)))
        if all(outside(edit, s, e) or inside(edit, s, e) for s, e in spans) and all(
            apart(edit, other) for other in edits
        ):
            edits.append(edit)
    return text, spans, edits


def apart(one: Edit, other: Edit) -> bool:
    """Edits that neither overlap nor start at one place (as ``check_edits`` wants)."""
    return one.start != other.start and (one.end <= other.start or other.end <= one.start)


def expected_words(text: str, start: int, end: int, edits: list[Edit]) -> str:
    within = [Edit(e.start - start, e.end - start, e.text) for e in edits if inside(e, start, end)]
    return apply_edits(text[start:end], within)


@given(case=edited_texts())
def test_spans_keep_their_words_pure(case: tuple[str, list[tuple[int, int]], list[Edit]]) -> None:
    text, spans, edits = case
    checked = check_edits(edits, len(text))
    new_text = apply_edits(text, checked)
    for start, end in spans:
        moved = moved_span(start, end, checked)
        words = expected_words(text, start, end, checked)
        if not words:
            assert moved is None
            continue
        assert moved is not None and new_text[moved[0] : moved[1]] == words


@pytest.fixture
def coded(project: Project) -> Project:
    add_code(project, "Topic")
    return project


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(case=edited_texts())
def test_coded_words_survive_random_edits_and_undo_is_exact(
    coded: Project, case: tuple[str, list[tuple[int, int]], list[Edit]]
) -> None:
    text, spans, edits = case
    name = f"D {next(COUNTER)}"
    text += f"\n{name}"  # texts already in the project are not imported again
    add_text(coded, name, text)
    for number, (start, end) in enumerate(spans):  # one coder each: no folding
        code_span(coded, name, "Topic", f"C{number}", start, end)
    before, events = dump(coded), audit_count(coded)
    wanted = [expected_words(text, s, e, check_edits(edits, len(text))) for s, e in spans]
    history = History(coded)
    try:
        change = replace_spans(coded, name, [(e.start, e.end, e.text) for e in edits])
    except QcodeError as error:
        assert "" in wanted and "remove all the text" in str(error)
        assert dump(coded) == before and audit_count(coded) == events
        return
    assert "" not in wanted
    assert [words for _, words in segments(coded, name)] == wanted
    assert audit_count(coded) == events + (0 if change.is_empty else 1)
    history.push(change)
    history.undo()
    assert dump(coded) == before


def test_an_edit_cutting_across_an_edge_takes_its_replacement_into_the_span() -> None:
    text = "Dr Rees helped us"
    edits = check_edits([(0, 7, "Dr Evans")], len(text))
    new_text = apply_edits(text, edits)
    start_cut = moved_span(3, 14, edits)  # "Rees helped": the edit reaches in from before
    assert start_cut is not None and new_text[slice(*start_cut)] == "Dr Evans helped"
    end_cut = moved_span(0, 5, edits)  # "Dr Re": the edit reaches out past the end
    assert end_cut is not None and new_text[slice(*end_cut)] == "Dr Evans"
    assert moved_span(8, 14, edits) == (9, 15)  # after the edit: shifted only
    assert moved_span(3, 7, check_edits([(0, 7, "")], len(text))) is None  # all words gone
