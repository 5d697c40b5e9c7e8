"""Merging coders' copies: their whole work comes in, once, as one undoable step."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from qcode.ingest import IngestedDocument
from qcode.services import cases, coding, memos
from qcode.services.codebook import edit as codebook
from qcode.services.documents.importing import store_ingested
from qcode.services.documents.outcomes import ImportOptions
from qcode.services.history import History
from qcode.services.lookup import get_code
from qcode.services.merge.run import merge_copy
from qcode.store.models import AuditEvent, Coder, Participant, Segment
from qcode.store.project import Project, open_project
from tests.helpers import audit_count, dump
from tests.services.merge.test_merge_support import (
    case_links_of,
    code_paths_of,
    coding_in,
    coding_of,
    copy_of,
    file_state,
    memos_of,
    team_path,
)

pytestmark = pytest.mark.file_only(
    reason="a .qcode copy merged into a team file (qcode merge refuses a server)"
)

__all__ = ["team_path"]  # the fixture, used by name


def segment_id(project: Project, document: str, coder: str, quote: str) -> int:
    """The id of the segment a coder made on ``quote``."""
    with project.session() as session:
        for segment in session.scalars(select(Segment)):
            text = segment.document.text[segment.start : segment.end]
            if segment.document.name == document and segment.coder.name == coder and text == quote:
                return segment.id
    raise AssertionError(f"no segment on {quote!r}")


def work_as_ann(path: Path) -> None:
    """Ann codes both transcripts, adds a code, a memo, a case and a new interview."""
    with open_project(path) as ann:
        codebook.add_code(ann, "Better work/Protected time", flags="C")
        coding.code_quote(ann, "PA 1", "Better work/Support", "Ann", "felt less alone at work")
        coding.code_quote(ann, "PB 1", "Better work/Protected time", "Ann", "protected time")
        coding.code_quote(ann, "PA 1", "Better work/Rota", "Ann", "The rota was brutal")
        rota = segment_id(ann, "PA 1", "Ann", "The rota was brutal")
        memos.add_memo(ann, "rota as a barrier", memos.MemoTarget("segment", rota), "Rota")
        cases.create_case(ann, "Rota clash", participant="PA")
        cases.link_segments(ann, "Rota clash", [rota])
        store_ingested(
            ann,
            Path("PC 1.txt"),
            [IngestedDocument(name="PC 1", text="PC: My mentee was a locum.\n", format="txt")],
            ImportOptions(participant="PC", wave=1, attributes={"role": "GP", "mentees": 3}),
        )
        coding.code_quote(ann, "PC 1", "Better work/Support", "Ann", "My mentee was a locum")


def work_as_ben(path: Path) -> None:
    """Ben codes the same transcripts his own way and starts a theme of his own."""
    with open_project(path) as ben:
        codebook.add_code(ben, "Better relationships/Trust", description="feeling safe to talk")
        coding.code_quote(ben, "PA 1", "Better relationships/Trust", "Ben", "The mentor listened")
        coding.code_quote(ben, "PB 1", "Better health", "Ben", "my own health")
        with ben.session() as session:
            support = get_code(session, "Better work/Support").id
        memos.add_memo(ben, "mostly listening", memos.MemoTarget("code", support), actor="Ben")


def test_two_coders_copies_come_in_whole(team_path: Path) -> None:
    ann_path, ben_path = copy_of(team_path, "ann"), copy_of(team_path, "ben")
    work_as_ann(ann_path)
    work_as_ben(ben_path)
    with open_project(ann_path) as ann, open_project(ben_path) as ben:
        ann_codes, ben_codes = code_paths_of(ann), code_paths_of(ben)
        ann_memos, ben_memos = memos_of(ann), memos_of(ben)
        ann_links = case_links_of(ann)
    with open_project(team_path) as team:
        before = coding_of(team)
        reports = [merge_copy(team, ann_path), merge_copy(team, ben_path)]
        assert coding_of(team) == before | coding_in(ann_path) | coding_in(ben_path)
        assert code_paths_of(team) == ann_codes | ben_codes
        assert memos_of(team) == ann_memos | ben_memos
        assert case_links_of(team) == ann_links
        with team.session() as session:
            assert set(session.scalars(select(Coder.name))) == {"Lead", "Ann", "Ben"}
            pc = session.scalars(select(Participant).where(Participant.label == "PC")).one()
            attributes = {(a.name, a.typed_value) for a in pc.attributes}
    assert attributes == {("role", "GP"), ("mentees", 3)}
    assert reports[0].came_in["segment"] == len(coding_in(ann_path) - before)
    assert reports[0].came_in["case link"] == len(ann_links) > 0
    assert reports[0].new_documents == ["PC 1"]
    assert reports[1].new_codes == ["Better relationships", "Better relationships/Trust"]
    assert all(report.changed and not report.needs_decision for report in reports)


def test_merging_the_same_copy_again_changes_nothing(team_path: Path) -> None:
    ann_path = copy_of(team_path, "ann")
    work_as_ann(ann_path)
    with open_project(ann_path) as ann:
        codebook.add_code(ann, "Better work/Suport")  # a look-alike: comes in as a new code
        coding.code_quote(ann, "PB 1", "Better work/Suport", "Ann", "Time was short")
    with open_project(team_path) as team:
        first = merge_copy(team, ann_path)
        assert first.changed and len(first.suggestions) == 1
        after, events = dump(team), audit_count(team)
        again = merge_copy(team, ann_path)
        assert dump(team) == after
        assert audit_count(team) == events
    assert not again.changed and not again.came_in
    assert again.present["segment"] == first.came_in["segment"] + first.present["segment"]
    assert again.present["memo"] == first.came_in["memo"]
    assert "nothing new" in again.lines()[0]


def test_merge_is_one_audit_event_and_never_writes_the_copy(team_path: Path) -> None:
    ann_path = copy_of(team_path, "ann")
    work_as_ann(ann_path)
    copy_before = file_state(ann_path)
    with open_project(team_path) as team:
        events = audit_count(team)
        report = merge_copy(team, ann_path, actor="Lead", reason="after round one")
        assert audit_count(team) == events + 1
        with team.session() as session:
            event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event is not None
    assert (event.action, event.actor, event.reason) == ("merge copy", "Lead", "after round one")
    assert str(report.came_in["segment"]) in event.after
    assert file_state(ann_path) == copy_before


def test_undo_restores_the_team_file_exactly_and_redo_brings_it_back(team_path: Path) -> None:
    ann_path, ben_path = copy_of(team_path, "ann"), copy_of(team_path, "ben")
    work_as_ann(ann_path)
    work_as_ben(ben_path)
    with open_project(team_path) as team:
        history = History(team)
        initial = dump(team)
        for copy in (ann_path, ben_path):
            change = merge_copy(team, copy).change
            assert change is not None
            history.push(change)
        merged = dump(team)
        assert merged != initial
        history.undo()
        history.undo()
        assert dump(team) == initial
        history.redo()
        history.redo()
        assert dump(team) == merged


def test_a_trial_run_reports_and_changes_nothing(team_path: Path) -> None:
    ann_path = copy_of(team_path, "ann")
    work_as_ann(ann_path)
    with open_project(team_path) as team:
        before, events = dump(team), audit_count(team)
        trial = merge_copy(team, ann_path, dry_run=True)
        assert dump(team) == before and audit_count(team) == events
        real = merge_copy(team, ann_path)
    assert trial.change is None and trial.dry_run
    assert trial.came_in == real.came_in
    assert "trial run" in trial.lines()[0]


def test_coders_participants_and_cases_made_separately_match_by_name(team_path: Path) -> None:
    ann_path = copy_of(team_path, "ann")
    with open_project(team_path) as team:
        codebook.add_code(team, "Later code")
        coding.code_quote(team, "PB 1", "Better health", "Ann", "Time was short")
        cases.create_case(team, "Time pressure", participant="PB")
    with open_project(ann_path) as ann:  # the same names, made again: other guids
        coding.code_quote(ann, "PB 1", "Better health", "Ann", "my own health")
        cases.create_case(ann, "Time pressure", participant="PB")
        cases.link_segments(ann, "Time pressure", [segment_id(ann, "PB 1", "Ann", "my own health")])
    with open_project(team_path) as team:
        report = merge_copy(team, ann_path)
        with team.session() as session:
            assert session.scalars(select(Coder.name).where(Coder.name == "Ann")).all() == ["Ann"]
        assert case_links_of(team) == {("Time pressure", "PB 1", "my own health")}
    assert report.matched["coder"] == 2 and report.matched["case"] == 1
    assert report.came_in["coder"] == 0 and report.came_in["case"] == 0


def test_coding_the_team_removed_since_is_not_brought_back(team_path: Path) -> None:
    with open_project(team_path) as team:
        coding.code_quote(team, "PB 1", "Better health", "Ann", "my own health")
        coding.code_quote(team, "PA 1", "Better work/Rota", "Ann", "every month")
        codebook.add_code(team, "Better work/Old idea")
    ann_path = copy_of(team_path, "ann")
    with open_project(ann_path) as ann:
        coding.code_quote(ann, "PA 1", "Better work/Old idea", "Ann", "after clinic")
    with open_project(team_path) as team:
        coding.uncode_segment(team, segment_id(team, "PB 1", "Ann", "my own health"))
        with team.session() as session:
            old_idea = get_code(session, "Better work/Old idea").id
        codebook.delete_code(team, old_idea)
        expected = coding_of(team)
        report = merge_copy(team, ann_path)
        assert coding_of(team) == expected
        assert "Better work/Old idea" not in code_paths_of(team)
    left = "\n".join(report.left_out)
    assert "1 segment: removed in the team file" in left
    assert "'Better work/Old idea' was deleted in the team file" in left


def test_coding_extended_in_the_copy_extends_the_team_segment(team_path: Path) -> None:
    ann_path = copy_of(team_path, "ann")
    with open_project(ann_path) as ann:  # the lead's segment, widened in the copy
        coding.code_quote(ann, "PA 1", "Better work/Support", "Lead", "listened and I felt less")
    with open_project(team_path) as team:
        merge_copy(team, ann_path)
        lead = {c for c in coding_of(team) if c[2] == "Lead"}
    assert lead == {("PA 1", "Better work/Support", "Lead", "The mentor listened and I felt less")}


def test_coding_on_a_code_the_team_made_a_category_is_left_out_and_said(team_path: Path) -> None:
    """Ann codes with "Better work/Rota" in her copy; meanwhile the team makes it a
    category (it groups codes). Her coding with it stays out, named in the report."""
    ann_path = copy_of(team_path, "ann")
    with open_project(ann_path) as ann:
        coding.code_quote(ann, "PA 1", "Better work/Rota", "Ann", "The rota was brutal")
        coding.code_quote(ann, "PA 1", "Better work/Support", "Ann", "felt less alone at work")
    with open_project(team_path) as team:
        with team.session() as session:
            rota = get_code(session, "Better work/Rota")
            assert not session.scalars(select(Segment).where(Segment.code_id == rota.id)).all()
            rota_id = rota.id
        codebook.update_code(team, rota_id, codable=False)
        report = merge_copy(team, ann_path)
        assert "1 segment: coded with “Rota”, now a category (it groups codes)" in report.left_out
        support = ("PA 1", "Better work/Support", "Ann", "felt less alone at work")
        assert support in coding_of(team)
        with team.session() as session:
            assert not session.scalars(select(Segment).where(Segment.code_id == rota_id)).all()
