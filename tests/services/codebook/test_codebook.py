"""Codebook operations: add, edit, move, merge, split, delete — each undoable and audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from qcode.errors import QcodeError
from qcode.services import cases, memos
from qcode.services.codebook import edit as codebook
from qcode.services.codebook import merge_split as codebook_merge
from qcode.services.codebook.edit import codebook_tree
from qcode.services.history import History
from qcode.services.lookup import find_code, get_code, join_path, split_path
from qcode.store.models import AuditEvent, CaseSegment, Memo, Segment
from tests.helpers import dump

TEXT = "She said the mentor made time. The rota was hard. We met monthly after clinic."


def paths(project) -> list[tuple[tuple[str, ...], str]]:
    with project.session() as session:
        return [(node.path, node.flags) for node in codebook_tree(session)]


def segments(project) -> list[tuple[str, str, int, int]]:
    with project.session() as session:
        rows = session.scalars(select(Segment).order_by(Segment.start, Segment.id)).all()
        return [(s.code.name, s.coder.name, s.start, s.end) for s in rows]


def test_add_creates_missing_parents_with_flags(make_project) -> None:
    project = make_project()
    codebook.add_code(project, "Better work/Availability and access", flags="C")
    codebook.add_code(project, "Better work/Engagement", flags="cm")
    assert paths(project) == [
        (("Better work",), ""),
        (("Better work", "Availability and access"), "C"),
        (("Better work", "Engagement"), "CM"),
    ]
    with pytest.raises(QcodeError, match="already exists"):
        codebook.add_code(project, "Better work/Engagement")
    with pytest.raises(QcodeError, match="flags must be"):
        codebook.add_code(project, "Better work/Other", flags="X")


def test_paths_escape_slashes() -> None:
    assert split_path("Work\\/life balance/Rota") == ["Work/life balance", "Rota"]
    assert join_path(["Work/life balance", "Rota"]) == "Work\\/life balance/Rota"
    with pytest.raises(QcodeError):
        split_path("A//B")


def test_edit_rename_and_describe(make_project) -> None:
    project = make_project(codes=["Theme/Cat", "Theme/Other"])
    with project.session() as session:
        cat = find_code(session, "Theme/Cat").id
    codebook.update_code(
        project,
        cat,
        name="Category",
        color="#AA0000",
        flags="M",
        description="what it is",
        when_to_use="when",
        when_not_to_use="not",
        example="e.g.",
    )
    with project.session() as session:
        code = get_code(session, cat)
        assert (code.name, code.color, code.flags, code.example) == (
            "Category",
            "#aa0000",
            "M",
            "e.g.",
        )
    with pytest.raises(QcodeError, match="already exists at that level"):
        codebook.rename_code(project, cat, "Other")
    with pytest.raises(QcodeError, match="#RRGGBB"):
        codebook.update_code(project, cat, color="red")


def test_move_reparents_and_reorders_and_refuses_cycles(make_project) -> None:
    project = make_project(codes=["A/A1", "B", "C"])
    with project.session() as session:
        a, a1, c = (find_code(session, p).id for p in ("A", "A/A1", "C"))
    codebook.move_code(project, c, None, 0)
    assert [p for p, _ in paths(project)] == [("C",), ("A",), ("A", "A1"), ("B",)]
    codebook.move_code(project, c, a1)
    assert ("A", "A1", "C") in [p for p, _ in paths(project)]
    with pytest.raises(QcodeError, match="into itself"):
        codebook.move_code(project, a, c)


def test_merge_moves_coding_folds_duplicates_and_undoes(make_project) -> None:
    project = make_project(
        documents={"PJ 1": ("PJ", 1, TEXT)},
        codes=["Theme/Time", "Theme/Making time", "Theme/Rota"],
        coding=[
            ("PJ 1", "Theme/Time", "Ann", 0, 20),
            ("PJ 1", "Theme/Making time", "Ann", 10, 30),  # overlaps Ann's Time: folds
            ("PJ 1", "Theme/Making time", "Ben", 10, 30),  # another coder: stays apart
            ("PJ 1", "Theme/Rota", "Ann", 31, 49),  # untouched
        ],
    )
    history = History(project)
    before = dump(project)
    with project.session() as session:
        source, target = (find_code(session, p).id for p in ("Theme/Making time", "Theme/Time"))
    history.push(codebook_merge.merge_codes(project, source, target, reason="same idea"))
    assert segments(project) == [
        ("Time", "Ann", 0, 30),
        ("Time", "Ben", 10, 30),
        ("Rota", "Ann", 31, 49),
    ]
    assert ("Theme", "Making time") not in [p for p, _ in paths(project)]
    history.undo()
    assert dump(project) == before


def test_merge_merges_clashing_sub_codes(make_project) -> None:
    project = make_project(
        documents={"PJ 1": ("PJ", 1, TEXT)},
        codes=["A/Sub", "B/Sub"],
        coding=[("PJ 1", "A/Sub", "Ann", 0, 5), ("PJ 1", "B/Sub", "Ann", 3, 9)],
    )
    with project.session() as session:
        a, b = find_code(session, "A").id, find_code(session, "B").id
    codebook_merge.merge_codes(project, a, b)
    assert [p for p, _ in paths(project)] == [("B",), ("B", "Sub")]
    assert segments(project) == [("Sub", "Ann", 0, 9)]


def test_delete_removes_exactly_the_code_its_subcodes_and_their_coding(make_project) -> None:
    project = make_project(
        documents={"PJ 1": ("PJ", 1, TEXT)},
        codes=["Keep", "Gone/Child"],
        coding=[
            ("PJ 1", "Keep", "Ann", 0, 5),
            ("PJ 1", "Gone", "Ann", 6, 10),
            ("PJ 1", "Gone/Child", "Ben", 11, 15),
        ],
    )
    history = History(project)
    before = dump(project)
    with project.session() as session:
        gone = find_code(session, "Gone").id
    history.push(codebook.delete_code(project, gone, reason="folded into Keep"))
    assert segments(project) == [("Keep", "Ann", 0, 5)]
    assert [p for p, _ in paths(project)] == [("Keep",)]
    with project.session() as session:
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert (event.action, event.reason) == ("delete code", "folded into Keep")
        assert '"segments": 2' in event.before and '"sub_codes": 1' in event.before
    history.undo()
    assert dump(project) == before


def test_split_moves_chosen_segments_to_a_new_sibling(make_project) -> None:
    project = make_project(
        documents={"PJ 1": ("PJ", 1, TEXT)},
        codes=[("T/Time", "C")],
        coding=[("PJ 1", "T/Time", "Ann", 0, 5), ("PJ 1", "T/Time", "Ann", 10, 15)],
    )
    with project.session() as session:
        time = find_code(session, "T/Time").id
        second = session.scalars(select(Segment.id).where(Segment.start == 10)).one()
    codebook_merge.split_code(project, time, [second], "Protected time")
    assert segments(project) == [("Time", "Ann", 0, 5), ("Protected time", "Ann", 10, 15)]
    assert (("T", "Protected time"), "C") in paths(project)
    with pytest.raises(QcodeError, match="must be coded"):
        codebook_merge.split_code(project, time, [second], "Again")


def test_merge_keeps_memos_and_case_links_and_redo_repeats_it(make_project) -> None:
    project = make_project(
        documents={"PJ 1": ("PJ", 1, TEXT)},
        codes=["Time", "Making time", "Rota"],
        coding=[
            ("PJ 1", "Time", "Ann", 0, 20),
            ("PJ 1", "Making time", "Ann", 15, 30),  # overlaps Ann's 0–20 of Time: folds
            ("PJ 1", "Making time", "Ann", 50, 60),  # apart from Ann's Time: moves as it is
            ("PJ 1", "Rota", "Ann", 31, 49),
        ],
    )
    with project.session() as session:
        source, target = find_code(session, "Making time").id, find_code(session, "Time").id
        folded = session.scalars(select(Segment.id).where(Segment.start == 15)).one()
    memos.add_memo(project, "why time", memos.MemoTarget("code", source))
    case = cases.create_case(project, "Protected time", participant="PJ").value
    cases.link_segments(project, case, [folded])
    history = History(project)
    before = dump(project)
    history.push(codebook_merge.merge_codes(project, source, target))
    merged = dump(project)
    assert segments(project) == [
        ("Time", "Ann", 0, 30),
        ("Rota", "Ann", 31, 49),
        ("Time", "Ann", 50, 60),
    ]
    with project.session() as session:
        survivor = session.scalars(select(Segment.id).where(Segment.start == 0)).one()
        assert session.scalars(select(Memo.code_id)).all() == [target]
        assert session.scalars(select(CaseSegment.segment_id)).all() == [survivor]
    history.undo()
    assert dump(project) == before
    history.redo()
    assert dump(project) == merged


def test_merging_a_code_into_its_parent_keeps_its_namesake_sub_code(make_project) -> None:
    project = make_project(
        documents={"PJ 1": ("PJ", 1, TEXT)},
        codes=["A/Sub/Sub"],
        coding=[("PJ 1", "A/Sub/Sub", "Ann", 0, 5), ("PJ 1", "A/Sub", "Ann", 10, 15)],
    )
    with project.session() as session:
        a, sub = find_code(session, "A").id, find_code(session, "A/Sub").id
    codebook_merge.merge_codes(project, sub, a)
    # A/Sub's own coding goes to A; its child A/Sub/Sub moves up and becomes A/Sub.
    assert [p for p, _ in paths(project)] == [("A",), ("A", "Sub")]
    assert segments(project) == [("Sub", "Ann", 0, 5), ("A", "Ann", 10, 15)]
    with pytest.raises(QcodeError, match="into itself"):
        codebook_merge.merge_codes(project, a, a)


def test_delete_takes_memos_and_case_links_with_it_and_undo_brings_them_back(
    make_project,
) -> None:
    project = make_project(
        documents={"PJ 1": ("PJ", 1, TEXT)},
        codes=["Keep", "Gone"],
        coding=[("PJ 1", "Keep", "Ann", 0, 5), ("PJ 1", "Gone", "Ann", 6, 10)],
    )
    with project.session() as session:
        gone = find_code(session, "Gone").id
        kept, lost = (
            session.scalars(select(Segment.id).where(Segment.start == s)).one() for s in (0, 6)
        )
    memos.add_memo(project, "on the code", memos.MemoTarget("code", gone))
    memos.add_memo(project, "on the segment", memos.MemoTarget("segment", lost))
    case = cases.create_case(project, "Case").value
    cases.link_segments(project, case, [kept, lost])
    history = History(project)
    before = dump(project)
    history.push(codebook.delete_code(project, gone))
    with project.session() as session:
        assert session.scalars(select(Memo)).all() == []
        assert session.scalars(select(CaseSegment.segment_id)).all() == [kept]
    history.undo()
    assert dump(project) == before


def test_recolour_describe_and_reorder_are_undoable(make_project) -> None:
    project = make_project(codes=["A", "B", "C"])
    with project.session() as session:
        c = find_code(session, "C").id
    history = History(project)
    before = dump(project)
    history.push(codebook.update_code(project, c, color="#00FF00"))
    history.push(
        codebook.update_code(
            project,
            c,
            description="Protected time, for study",
            when_to_use="Talk of rotas",
            when_not_to_use="Talk of leave",
            example='"We swapped shifts"',
        )
    )
    history.push(codebook.move_code(project, c, None, 1))
    assert [p for p, _ in paths(project)] == [("A",), ("C",), ("B",)]
    with project.session() as session:
        code = get_code(session, c)
        assert (code.color, code.when_not_to_use, code.example) == (
            "#00ff00",
            "Talk of leave",
            '"We swapped shifts"',
        )
    for _ in range(3):
        history.undo()
    assert dump(project) == before


def test_refusals_change_nothing(make_project) -> None:
    project = make_project(codes=["A/A1", "B"])
    with project.session() as session:
        a, a1 = find_code(session, "A").id, find_code(session, "A/A1").id
    before = dump(project)
    for call, message in [
        (lambda: codebook.move_code(project, a1, 999), "no code '999'"),
        (lambda: codebook.move_code(project, a, a1), "into itself"),
        (lambda: codebook.add_code(project, "C\x07"), "control characters"),
        (lambda: codebook.add_code(project, "   "), "not a code path"),
        (lambda: codebook.add_code(project, ["A", " "]), "needs a name"),
        (lambda: codebook.update_code(project, a, flags="Q"), "flags must be"),
        (lambda: codebook.update_code(project, a, colour="#000000"), "no field 'colour'"),
        (lambda: codebook.rename_code(project, a, "B"), "already exists"),
        (lambda: codebook.delete_code(project, 999), "no code '999'"),
        (lambda: codebook_merge.split_code(project, a, [], "New"), "choose one or more"),
    ]:
        with pytest.raises(QcodeError, match=message):
            call()
    assert dump(project) == before
