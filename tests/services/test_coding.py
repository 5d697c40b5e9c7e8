"""Coding: spans, overlaps, folding, uncoding parts, quotes and in-vivo codes."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import select

from qcode.errors import QcodeError
from qcode.services import coders, coding, memos
from qcode.services.history import History
from qcode.services.lookup import find_code
from qcode.store.models import AuditEvent, Memo, Segment
from tests.helpers import audit_count, dump

TEXT = "Interviewer: And then?\nPJ: The mentor made time for me. It helped a lot.\n"


def spans(project) -> list[tuple[str, str, int, int]]:
    with project.session() as session:
        rows = session.scalars(select(Segment).order_by(Segment.start, Segment.id)).all()
        return [(s.code.name, s.coder.name, s.start, s.end) for s in rows]


@pytest.fixture
def project(make_project):
    return make_project(documents={"PJ 1": ("PJ", 1, TEXT)}, codes=["Support", "Time"])


def test_several_codes_and_coders_overlap_freely(project) -> None:
    coding.code_span(project, "PJ 1", "Support", "Ann", 27, 54)
    coding.code_span(project, "PJ 1", "Time", "Ann", 38, 47)
    coding.code_span(project, "PJ 1", "Support", "Ben", 30, 60)
    assert spans(project) == [
        ("Support", "Ann", 27, 54),
        ("Support", "Ben", 30, 60),
        ("Time", "Ann", 38, 47),
    ]


def test_same_coder_same_code_overlaps_merge_into_one(project) -> None:
    first = coding.code_span(project, "PJ 1", "Support", "Ann", 27, 40).value
    coding.code_span(project, "PJ 1", "Support", "Ann", 50, 60)
    merged = coding.code_span(project, "PJ 1", "Support", "Ann", 35, 55).value
    assert spans(project) == [("Support", "Ann", 27, 60)]
    assert merged == first


def test_folding_keeps_memos_of_the_absorbed_segment(project) -> None:
    coding.code_span(project, "PJ 1", "Support", "Ann", 27, 40)
    second = coding.code_span(project, "PJ 1", "Support", "Ann", 50, 60).value
    memos.add_memo(project, "key moment", memos.MemoTarget("segment", second))
    survivor = coding.code_span(project, "PJ 1", "Support", "Ann", 30, 55).value
    with project.session() as session:
        assert session.scalars(select(Memo.segment_id)).all() == [survivor]


def test_uncode_part_shrinks_splits_or_removes(project) -> None:
    coding.code_span(project, "PJ 1", "Support", "Ann", 20, 60)
    coding.code_span(project, "PJ 1", "Time", "Ann", 20, 30)
    coding.uncode_span(project, "PJ 1", "Ann", 30, 40, code="Support")
    assert spans(project) == [
        ("Support", "Ann", 20, 30),
        ("Time", "Ann", 20, 30),
        ("Support", "Ann", 40, 60),
    ]
    coding.uncode_span(project, "PJ 1", "Ann", 15, 45)  # every code of Ann's there
    assert spans(project) == [("Support", "Ann", 45, 60)]
    with pytest.raises(QcodeError, match="no coding there"):
        coding.uncode_span(project, "PJ 1", "Ann", 0, 5)


def test_uncode_whole_segment(project) -> None:
    segment = coding.code_span(project, "PJ 1", "Time", "Ann", 38, 47).value
    coding.uncode_segment(project, segment)
    assert spans(project) == []


def test_refuses_bad_spans_codes_and_documents_without_change(project) -> None:
    for call, message in [
        (lambda: coding.code_span(project, "PJ 1", "Time", "Ann", 5, 500), "outside"),
        (lambda: coding.code_span(project, "PJ 1", "Time", "Ann", 9, 9), "outside"),
        (lambda: coding.code_span(project, "PJ 1", "Nope", "Ann", 0, 5), "no code 'Nope'"),
        (lambda: coding.code_span(project, "PJ 9", "Time", "Ann", 0, 5), "no document"),
    ]:
        with pytest.raises(QcodeError, match=message):
            call()
    assert spans(project) == []
    with project.session() as session:
        assert "code" not in session.scalars(select(AuditEvent.action)).all()


def test_code_by_quote_finds_the_single_occurrence(project) -> None:
    coding.code_quote(project, "PJ 1", "Time", "Ann", "made time\nfor me")
    assert spans(project) == [("Time", "Ann", 38, 54)]
    with pytest.raises(QcodeError, match="not in"):
        coding.code_quote(project, "PJ 1", "Time", "Ann", "absent words")
    with pytest.raises(QcodeError, match=r"occurs \d+ times"):
        coding.code_quote(project, "PJ 1", "Time", "Ann", "me")


def test_in_vivo_names_a_code_from_the_words(project) -> None:
    coding.code_in_vivo(project, "PJ 1", "Ann", 38, 47, parent="Support")
    with project.session() as session:
        assert find_code(session, "Support/made time") is not None
    assert spans(project) == [("made time", "Ann", 38, 47)]
    assert coding.in_vivo_name("  “It  helped a lot.”  ") == "It helped a lot"


def test_nested_spans_of_one_coder_with_different_codes_stay_apart(project) -> None:
    coding.code_span(project, "PJ 1", "Support", "Ann", 27, 72)
    coding.code_span(project, "PJ 1", "Time", "Ann", 38, 47)  # nested inside Support
    coding.code_span(project, "PJ 1", "Support", "Ann", 30, 40)  # inside Ann's Support: folds
    assert spans(project) == [("Support", "Ann", 27, 72), ("Time", "Ann", 38, 47)]


def test_uncode_and_in_vivo_are_undone_exactly(project) -> None:
    history = History(project)
    before = dump(project)
    history.push(coding.code_span(project, "PJ 1", "Support", "Ann", 20, 60))
    history.push(coding.uncode_span(project, "PJ 1", "Ann", 30, 40))  # splits it in two
    history.push(coding.code_in_vivo(project, "PJ 1", "Ben", 27, 37))
    assert spans(project) == [
        ("Support", "Ann", 20, 30),
        ("The mentor", "Ben", 27, 37),
        ("Support", "Ann", 40, 60),
    ]
    for _ in range(3):
        history.undo()
    assert dump(project) == before


def test_uncode_refuses_unknown_coders_segments_and_spans(project) -> None:
    coding.code_span(project, "PJ 1", "Support", "Ann", 20, 60)
    before = dump(project)
    for call, message in [
        (lambda: coding.uncode_span(project, "PJ 1", "Zoe", 20, 30), "no coder 'Zoe'"),
        (lambda: coding.uncode_span(project, "PJ 1", "Ann", 20, 999), "outside"),
        (lambda: coding.uncode_span(project, "PJ 1", "Ann", 20, 30, code="Time"), "no coding"),
        (lambda: coding.uncode_segment(project, 999), "no segment 999"),
        (lambda: coding.code_in_vivo(project, "PJ 1", "Ann", 22, 23), "needs a name"),  # "\n"
        (lambda: coding.code_span(project, "PJ 1", "Time", " ", 0, 5), "coder needs a name"),
    ]:
        with pytest.raises(QcodeError, match=message):
            call()
    assert dump(project) == before


def test_in_vivo_names_are_kept_short() -> None:
    words = "I think the mentoring gave me permission to say no to extra shifts at last"
    # Cut at 60 characters, then back to the last whole word, with an ellipsis.
    assert (
        coding.in_vivo_name(words) == "I think the mentoring gave me permission to say no to extra…"
    )


def test_coding_what_is_already_coded_changes_nothing_and_is_not_audited(project) -> None:
    first = coding.code_span(project, "PJ 1", "Support", "Ann", 27, 54).value
    before, events = dump(project), audit_count(project)
    again = coding.code_span(project, "PJ 1", "Support", "Ann", 30, 40)  # inside 27–54
    assert (again.is_empty, again.value) == (True, first)
    assert (dump(project), audit_count(project)) == (before, events)
    coding.code_span(project, "PJ 1", "Support", "Ben", 30, 40)  # another coder: a new segment
    assert audit_count(project) == events + 1


def test_a_coder_is_added_once_whatever_the_spacing(project) -> None:
    coders.add_coder(project, "Ann  Smith", color="#112233")
    with pytest.raises(QcodeError, match="already exists"):
        coders.add_coder(project, " Ann Smith ")
    with project.session() as session:
        (ann,) = coders.list_coders(session)
        assert (ann.name, ann.initials, ann.color) == ("Ann Smith", "AS", "#112233")


def folded(kept: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """What one coder's segments of one code become after coding start:end (reference)."""
    if any(a <= start and end <= b for a, b in kept):
        return kept
    merged: list[tuple[int, int]] = []
    for a, b in sorted([*kept, (start, end)]):
        if merged and a < merged[-1][1]:  # (overlapping folds; touching stays apart)
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


@pytest.mark.parametrize("seed", range(6))
def test_random_codings_fold_as_a_plain_interval_merge_does(project, seed: int) -> None:
    rng = random.Random(seed)
    expected: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for _ in range(40):
        code, coder = rng.choice(["Support", "Time"]), rng.choice(["Ann", "Ben"])
        start = rng.randrange(0, len(TEXT) - 1)
        end = rng.randint(start + 1, min(len(TEXT), start + 12))
        before = expected.get((code, coder), [])
        expected[(code, coder)] = folded(before, start, end)
        change = coding.code_span(project, "PJ 1", code, coder, start, end)
        assert change.is_empty == (expected[(code, coder)] == before)
        with project.session() as session:
            segment = session.get(Segment, change.value)
            assert segment.start <= start and end <= segment.end  # the one holding the span
        shown = sorted((c, who, a, b) for (c, who), kept in expected.items() for a, b in kept)
        assert sorted(spans(project)) == shown
