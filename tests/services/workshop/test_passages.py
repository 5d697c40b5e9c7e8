"""A workshop over N coders: passages across codes, each code decided by keep, majority, …"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from qcode.analysis.intervals import normalize
from qcode.errors import QcodeError
from qcode.services import coding
from qcode.services.coders import CONSENSUS
from qcode.services.workshop import disagreements as workshop
from qcode.services.workshop.decide import AlreadyDecided
from qcode.services.workshop.passages import list_passages, passage_at
from qcode.services.workshop.settle import adopt_unanimous, decide_passage
from qcode.store.models import Segment
from qcode.store.project import Project

TEXT = "".join(f"line {n} of what was said in the interview\n" for n in range(8))
CODERS = ["Ana", "Ben", "Cai"]


def consensus(project: Project, code: str) -> list[tuple[int, int]]:
    with project.session() as session:
        rows = session.scalars(select(Segment).where(Segment.coder.has(name=CONSENSUS)))
        return normalize((s.start, s.end) for s in rows if s.code.name == code)


@pytest.fixture
def three(make_project) -> Project:  # type: ignore[no-untyped-def]
    """Ana codes 10:40 Support, Ben 20:50 Support, Cai 20:40 Time; all three agree on 200:220."""
    return make_project(
        documents={"PA 1": ("PA", 1, TEXT), "PB 2": ("PB", 2, TEXT.upper())},
        codes=("Support", "Time"),
        coding=[
            ("PA 1", "Support", "Ana", 10, 40),
            ("PA 1", "Support", "Ben", 20, 50),
            ("PA 1", "Time", "Cai", 20, 40),
            *(("PA 1", "Support", coder, 200, 220) for coder in CODERS),
            ("PB 2", "Time", "Ana", 5, 9),
            ("PB 2", "Time", "Ben", 5, 9),
        ],
    )


def test_a_passage_shows_each_coders_codes_on_it(three: Project) -> None:
    with three.session() as session:
        listing = list_passages(session, CODERS)
        views = list(listing.items)
    assert (listing.decided, listing.total) == (0, 2)
    first, second = views
    assert (first.document, first.key.span) == ("PA 1", (10, 50))
    assert [(c.code, c.spans) for c in first.codes] == [
        (("Support",), (((10, 40),), ((20, 50),), ())),
        (("Time",), ((), (), ((20, 40),))),
    ]
    assert first.text == TEXT[10:50] and not first.decided
    assert (second.document, second.key.span) == ("PB 2", (5, 9))  # Cai never coded it
    assert first.coders == tuple(CODERS)


def test_majority_keep_and_unanimity_write_the_consensus(three: Project) -> None:
    with three.session() as session:
        view = passage_at(session, CODERS, "PA 1", 30)
    decide_passage(three, view.key, "Support", "majority", "two of three", "Ana, Ben, Cai")
    assert consensus(three, "Support") == [(20, 40)]
    decide_passage(three, view.key, "Time", "keep", "Cai saw time", keep="Cai")
    assert consensus(three, "Time") == [(20, 40)]
    with three.session() as session:
        listing = list_passages(session, CODERS)
        [row_support, row_time] = workshop.decision_log(session)
    assert (listing.decided, listing.total) == (1, 2)
    assert row_support.choice_words == "coded what at least 2 of the 3 coders coded (majority)"
    assert row_time.choice_words == "kept Cai's coding"
    assert row_support.coders == ("Ana", "Ben", "Cai")


def test_a_second_decision_is_refused_unless_replacing(three: Project) -> None:
    with three.session() as session:
        view = passage_at(session, CODERS, "PA 1", 15)
    decide_passage(three, view.key, "Support", "union", "all of it")
    with pytest.raises(AlreadyDecided, match="already decided"):
        decide_passage(three, view.key, "Support", "unanimity", "only the core")
    assert consensus(three, "Support") == [(10, 50)]
    decide_passage(three, view.key, "Support", "unanimity", "only the core", replace=True)
    assert consensus(three, "Support") == []  # Cai never coded Support there
    with three.session() as session:
        rows = workshop.decision_log(session)
    assert [r.in_force for r in rows] == [False, True]


def test_a_pair_decision_inside_a_passage_counts_as_its_decision(three: Project) -> None:
    with three.session() as session:
        [unit] = workshop.list_disagreements(session, "Ana", "Ben", code="Support")
    workshop.decide(three, unit.key, "keep_b", "Ben's extent")
    with three.session() as session:
        view = passage_at(session, CODERS, "PA 1", 15)
    [support] = [c for c in view.codes if c.code == ("Support",)]
    assert support.decision is not None and support.decision.words == "kept Ben's coding"
    with pytest.raises(AlreadyDecided):
        decide_passage(three, view.key, "Support", "majority", "two of three", k=2)


def test_bad_requests_get_one_line_errors_and_change_nothing(three: Project) -> None:
    with three.session() as session:
        view = passage_at(session, CODERS, "PA 1", 15)
    cases = [
        ({"choice": "keep"}, "needs the coder"),
        ({"choice": "keep", "keep": "Dan"}, "not one of this workshop's coders"),
        ({"choice": "majority", "k": 4}, "a majority is 1 to 3 coders"),
        ({"choice": "union", "k": 2}, "goes with the 'majority' choice"),
        ({"choice": "custom"}, "needs the span"),
        ({"choice": "vote"}, "unknown choice"),
    ]
    for options, said in cases:
        choice = options.pop("choice")
        with pytest.raises(QcodeError, match=said):
            decide_passage(three, view.key, "Support", choice, "why", **options)  # type: ignore[arg-type]
    with pytest.raises(QcodeError, match="no coder coded 'Time' on this passage"):
        with three.session() as session:
            pair = passage_at(session, ["Ana", "Ben"], "PA 1", 15)
        decide_passage(three, pair.key, "Time", "none", "why")
    with pytest.raises(QcodeError, match="offset 210"), three.session() as session:
        passage_at(session, CODERS, "PA 1", 210)
    with pytest.raises(QcodeError, match="names each coder once"), three.session() as session:
        list_passages(session, ["Ana", "Ana"])
    with pytest.raises(QcodeError, match="consensus layer"), three.session() as session:
        list_passages(session, ["Ana", CONSENSUS])
    assert consensus(three, "Support") == [] and consensus(three, "Time") == []


def test_adopting_agreements_of_three_takes_what_all_coded(three: Project) -> None:
    change = adopt_unanimous(three, CODERS)
    assert change.value == 20
    assert consensus(three, "Support") == [(200, 220)]
    assert adopt_unanimous(three, CODERS).value == 0


def test_a_code_filter_lists_passages_where_that_code_differs(three: Project) -> None:
    with three.session() as session:
        time = list(list_passages(session, CODERS, code="Time").items)
        only_b = list(list_passages(session, CODERS, document="PB 2").items)
    assert [v.key.span for v in time] == [(10, 50), (5, 9)]
    assert [v.document for v in only_b] == ["PB 2"]


def test_a_code_all_coders_agree_on_is_not_decided(three: Project) -> None:
    for coder in CODERS:
        coding.code_span(three, "PA 1", "Time", coder, 45, 60)
    with three.session() as session:
        view = passage_at(session, CODERS, "PA 1", 15)
    assert view.key.span == (10, 60)
    assert [(c.code, c.agreed) for c in view.codes] == [(("Support",), False), (("Time",), False)]
    with three.session() as session:
        pair = passage_at(session, ["Ana", "Ben"], "PA 1", 15)
    assert [(c.code, c.agreed) for c in pair.codes] == [(("Support",), False), (("Time",), True)]
    with pytest.raises(QcodeError, match="agree on 'Time' here: nothing to decide"):
        decide_passage(three, pair.key, "Time", "none", "why")


def test_a_passage_shows_the_memos_on_its_coders_segments(three: Project) -> None:
    from qcode.services.memos import MemoTarget, add_memo

    with three.session() as session:
        cai = session.scalars(select(Segment).where(Segment.coder.has(name="Cai"))).first()
        assert cai is not None and (cai.start, cai.end) == (20, 40)
    add_memo(three, "time, not support", MemoTarget("segment", cai.id), actor="Cai")
    with three.session() as session:
        view = passage_at(session, CODERS, "PA 1", 30)
        pair = passage_at(session, ["Ana", "Ben"], "PA 1", 30)
    assert [(m.coder, m.author, m.text, m.start) for m in view.memos] == [
        ("Cai", "Cai", "time, not support", 20)
    ]
    assert pair.memos == ()  # Cai is not one of this workshop's coders
