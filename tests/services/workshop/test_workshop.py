"""Workshop listing: units in order, filters, context, memos, progress, and lookups."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from qcode.errors import QcodeError
from qcode.services import coding, memos
from qcode.services.lookup import find_code
from qcode.services.workshop import disagreements as workshop
from qcode.services.workshop.disagreements import Disagreement
from qcode.store.models import Segment

PJ1 = (
    "Interviewer: And then?\n"
    "PJ: The mentor made time for me. It helped a lot.\n"
    "Interviewer: Anything else?\n"
    "PJ: Not really, we met monthly.\n"
)
PR2 = "PR: Time was short.\nInterviewer: And?\nPR: We stopped.\n"
CODES = ["Support", "Support/Time", "Other"]
CODING = [
    ("PJ 1", "Support", "Ana", 27, 54),
    ("PJ 1", "Support", "Ben", 30, 60),
    ("PJ 1", "Support", "Ana", 100, 110),  # agreement
    ("PJ 1", "Support", "Ben", 100, 110),
    ("PJ 1", "Support/Time", "Ana", 38, 47),
    ("PR 2", "Support", "Ben", 4, 19),
    ("PR 2", "Other", "Ana", 4, 8),  # agreement of Ana and Ben; Cy differs
    ("PR 2", "Other", "Ben", 4, 8),
    ("PR 2", "Other", "Cy", 4, 19),
]


@pytest.fixture
def project(make_project):
    return make_project(
        documents={"PR 2": ("PR", 2, PR2), "PJ 1": ("PJ", 1, PJ1)}, codes=CODES, coding=CODING
    )


def listed(project, *args, **kwargs) -> list[Disagreement]:
    with project.session() as session:
        return workshop.list_disagreements(session, *args, **kwargs)


def summary(items: list[Disagreement]) -> list[tuple[str, str, int, int]]:
    return [(i.document, "/".join(i.code), i.start, i.end) for i in items]


def test_units_in_document_order_then_position_with_both_coders_spans(project) -> None:
    items = listed(project, "Ana", "Ben")
    assert summary(items) == [
        ("PJ 1", "Support", 27, 60),
        ("PJ 1", "Support/Time", 38, 47),
        ("PR 2", "Support", 4, 19),
    ]
    first = items[0]
    assert (first.a_spans, first.b_spans) == (((27, 54),), ((30, 60),))
    assert (first.union, first.overlap) == (((27, 60),), ((30, 54),))
    assert first.text == PJ1[27:60] and first.citation == "PJ 1, line 2"
    assert (first.participant, first.wave, first.coder_a, first.coder_b) == ("PJ", 1, "Ana", "Ben")
    assert items[1].b_spans == () and items[2].a_spans == ()
    assert not any(i.decided for i in items) and all(i.decision is None for i in items)


def test_agreement_is_not_listed(project) -> None:
    assert all(i.end <= 100 or i.start >= 110 for i in listed(project, "Ana", "Ben"))


def test_context_is_whole_lines_around_the_unit(project) -> None:
    [item] = listed(project, "Ana", "Ben", document="PR 2")
    assert item.context == PR2  # the short text fits whole
    first = listed(project, "Ana", "Ben")[0]
    assert first.context == PJ1  # whole lines, the trailing newline included at the end
    assert first.context[first.start - first.context_start :].startswith(first.text)
    assert first.context_end == first.context_start + len(first.context)


def test_filters_by_code_descendants_document_and_pair(project) -> None:
    assert summary(listed(project, "Ana", "Ben", code="Support")) == [
        ("PJ 1", "Support", 27, 60),
        ("PR 2", "Support", 4, 19),
    ]
    assert len(listed(project, "Ana", "Ben", code="Support", include_descendants=True)) == 3
    assert summary(listed(project, "Ana", "Ben", code="Support/Time")) == [
        ("PJ 1", "Support/Time", 38, 47)
    ]
    assert summary(listed(project, "Ana", "Ben", document="PR 2")) == [("PR 2", "Support", 4, 19)]
    assert summary(listed(project, "Ana", "Cy")) == [
        ("PJ 1", "Support", 27, 54),
        ("PJ 1", "Support/Time", 38, 47),
        ("PJ 1", "Support", 100, 110),
        ("PR 2", "Other", 4, 19),
    ]


def test_reversed_pair_swaps_the_sides(project) -> None:
    forward, backward = listed(project, "Ana", "Ben"), listed(project, "Ben", "Ana")
    assert [(i.start, i.end) for i in forward] == [(i.start, i.end) for i in backward]
    assert [i.a_spans for i in forward] == [i.b_spans for i in backward]
    assert backward[0].key.coder_a_id == forward[0].key.coder_b_id


def test_memos_on_either_coders_overlapping_segments_are_shown(project) -> None:
    with project.session() as session:
        segs = {
            (s.coder.name, s.code.name, s.start): s.id for s in session.scalars(select(Segment))
        }

    def on(coder: str, code: str, start: int) -> memos.MemoTarget:
        return memos.MemoTarget("segment", segs[(coder, code, start)])

    memos.add_memo(project, "time was the point", on("Ana", "Support", 27), actor="Ana")
    memos.add_memo(project, "I read it as help", on("Ben", "Support", 30), "Why", actor="Ana")
    memos.add_memo(project, "agreed part", on("Ana", "Support", 100))
    memos.add_memo(project, "other code", on("Ana", "Time", 38))
    first, time_unit, _pr = listed(project, "Ana", "Ben")
    assert [(m.coder, m.author, m.title, m.text) for m in first.memos] == [
        ("Ana", "Ana", "", "time was the point"),
        ("Ben", "Ana", "Why", "I read it as help"),
    ]
    assert [m.text for m in time_unit.memos] == ["other code"]


def test_progress_counts_decided_units_in_scope(project) -> None:
    with project.session() as session:
        assert workshop.workshop_progress(session, "Ana", "Ben") == (0, 3)
    first = listed(project, "Ana", "Ben")[0]
    workshop.decide(project, first.key, "union", "both readings hold", "Ana, Ben")
    with project.session() as session:
        assert workshop.workshop_progress(session, "Ana", "Ben") == (1, 3)
        assert workshop.workshop_progress(session, "Ben", "Ana") == (1, 3)
        assert workshop.workshop_progress(session, "Ana", "Ben", document="PR 2") == (0, 1)
        assert workshop.workshop_progress(session, "Ana", "Ben", code="Support") == (1, 2)
        # one consensus layer: Ana–Cy's unit on that passage is decided by Ana–Ben's decision
        assert workshop.workshop_progress(session, "Ana", "Cy") == (1, 4)
    assert [i.decided for i in listed(project, "Ana", "Ben")] == [True, False, False]


def test_a_unit_whose_coding_changed_still_shows_the_decision_on_its_passage(project) -> None:
    first = listed(project, "Ana", "Ben")[0]
    workshop.decide(project, first.key, "keep_a", "Ana's boundary", "Ana, Ben")
    coding.code_span(project, "PJ 1", "Support", "Ben", 20, 31)  # the unit grows to 20:60
    with project.session() as session:
        assert workshop.get_disagreement(session, first.key) is None
        assert workshop.workshop_progress(session, "Ana", "Ben") == (1, 3)
        grown = workshop.disagreement_at(session, "Ana", "Ben", "Support", "PJ 1", 25)
    assert grown.span == (20, 60) and grown.decision.words == "kept Ana's coding"
    with pytest.raises(QcodeError, match="do not disagree"):
        workshop.decide(project, first.key, "keep_b", "again", "Ana")
    with pytest.raises(QcodeError, match="already decided .*Ana's boundary.*--replace"):
        workshop.decide(project, grown.key, "keep_b", "again", "Ana")
    workshop.decide(project, grown.key, "keep_b", "again", "Ana", replace=True)
    with project.session() as session:
        [old, new] = workshop.decision_log(session)
    assert (old.in_force, new.in_force, old.superseded_by) == (False, True, new.decision_id)


def test_disagreement_at_an_offset(project) -> None:
    with project.session() as session:
        found = workshop.disagreement_at(session, "Ana", "Ben", "Support", "PJ 1", 59)
        assert found.span == (27, 60)
        assert workshop.get_disagreement(session, found.key) == found
        with pytest.raises(QcodeError, match=r"do not disagree at offset 60 .*27:60"):
            workshop.disagreement_at(session, "Ana", "Ben", "Support", "PJ 1", 60)


@pytest.mark.parametrize(
    ("a", "b", "message"),
    [
        ("Ana", "Ana", "two different coders"),
        ("Ana", "Nobody", "no coder 'Nobody'"),
        ("Consensus", "Ana", "consensus layer"),
    ],
)
def test_bad_coder_pairs_are_refused(project, a: str, b: str, message: str) -> None:
    coding.code_span(project, "PJ 1", "Other", "Consensus", 0, 5)
    with pytest.raises(QcodeError, match=message):
        listed(project, a, b)


def test_unknown_code_or_document_is_one_line_error(project) -> None:
    with pytest.raises(QcodeError, match="no code 'Nope'"):
        listed(project, "Ana", "Ben", code="Nope")
    with pytest.raises(QcodeError, match="no document 'PX 9'"):
        listed(project, "Ana", "Ben", document="PX 9")
    with project.session() as session:
        assert find_code(session, "Support") is not None
