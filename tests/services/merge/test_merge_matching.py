"""How a merge matches documents and codes: by text, identity, path, name, or the user's say."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from qcode.errors import QcodeError
from qcode.ingest import IngestedDocument
from qcode.services import cases, coding, memos
from qcode.services.codebook import edit as codebook
from qcode.services.codebook import merge_split as codebook_merge
from qcode.services.documents.importing import store_ingested
from qcode.services.lookup import get_code
from qcode.services.merge.run import merge_copy
from qcode.store.models import Code, Document, Segment
from qcode.store.project import Project, open_project
from tests.helpers import add_text, audit_count, dump
from tests.services.merge.test_merge_support import (
    code_paths_of,
    coding_of,
    copy_of,
    set_document,
    team_path,
)

pytestmark = pytest.mark.file_only(
    reason="a .qcode copy merged into a team file (qcode merge refuses a server)"
)

__all__ = ["team_path"]  # the fixture, used by name

TEAM_D = (
    "Interviewer: Tell me about your mentor.\n"
    "PD: She was there every week, whatever the rota said.\n"
    "PD: We talked about the practice manger and the workload.\n"
    "Interviewer: Did it help?\n"
    "PD: It helped. It helped a lot.\n"
    "PD: It helped. It helped a lot.\n"
    "PD: In the end I stayed in the job.\n"
)
COPY_D = (  # the coder corrected the transcript in her copy
    "Interviewer: Tell me about your mentor, please.\n"
    "PD: She was there every week, whatever the rota said.\n"
    "PD: We talked about the practice manager and the workload.\n"
    "PD: I also joined a Balint group.\n"
    "Interviewer: Did it help?\n"
    "PD: It helped so much. It helped a lot!\n"
    "PD: In the end I stayed in the job.\n"
)
EXACT = "whatever the rota said"
NEAR = "We talked about the practice manager and the workload"
MISSING = "I also joined a Balint group"
REPEATED = "It helped a lot"


def code_ids(project: Project, *paths: str) -> list[int]:
    with project.session() as session:
        return [get_code(session, path).id for path in paths]


@pytest.mark.parametrize("same", ["identity", "name"])
def test_an_edited_transcript_is_reported_and_its_coding_placed(team_path: Path, same: str) -> None:
    with open_project(team_path) as team:
        add_text(team, "PD 1", TEAM_D, "PD", 1)
    ann_path = copy_of(team_path, "ann")
    with open_project(ann_path) as ann:
        set_document(ann, "PD 1", text=COPY_D)
        if same == "name":  # imported separately: another identity, the same name
            set_document(ann, "PD 1", guid=str(uuid.uuid4()))
        for quote in (EXACT, NEAR, MISSING, REPEATED):
            coding.code_quote(ann, "PD 1", "Better work/Support", "Ann", quote)
        missing = coding_of_ids(ann, "PD 1")[MISSING]
        memos.add_memo(ann, "Balint!", memos.MemoTarget("segment", missing), "Balint")
    with open_project(team_path) as team:
        report = merge_copy(team, ann_path)
        ann_coding = {c[3] for c in coding_of(team) if c[2] == "Ann"}
        with team.session() as session:
            stored = session.scalars(select(Document.text).where(Document.name == "PD 1")).one()
        after = dump(team)
        again = merge_copy(team, ann_path)
        assert dump(team) == after and not again.changed
    assert stored == TEAM_D
    assert ann_coding == {EXACT, NEAR.replace("manager", "manger")}
    [edited] = report.edited
    assert (edited.matched_by, edited.placed, edited.near, edited.unplaced) == (same, 2, 1, 2)
    reasons = {u.text: u.reason for u in report.unplaced}
    assert set(reasons) == {MISSING, REPEATED}
    assert "not in the team's text" in reasons[MISSING]
    assert "occurs 2 times" in reasons[REPEATED]
    assert any("memo 'Balint'" in line for line in report.left_out)
    assert report.needs_decision and "needs a decision (3):" in report.lines()


def coding_of_ids(project: Project, document: str) -> dict[str, int]:
    """A document's segments by their coded text."""
    with project.session() as session:
        doc = session.scalars(select(Document).where(Document.name == document)).one()
        return {
            doc.text[s.start : s.end]: s.id
            for s in session.scalars(select(Segment).where(Segment.document_id == doc.id))
        }


def test_a_renamed_document_still_matches_by_its_text(team_path: Path) -> None:
    ann_path = copy_of(team_path, "ann")
    with open_project(ann_path) as ann:
        set_document(ann, "PB 1", name="PB interview 1", guid=str(uuid.uuid4()))
        coding.code_quote(ann, "PB interview 1", "Better health", "Ann", "my own health")
    with open_project(team_path) as team:
        report = merge_copy(team, ann_path)
        assert ("PB 1", "Better health", "Ann", "my own health") in coding_of(team)
        with team.session() as session:
            assert session.scalars(select(Document.name)).all() == ["PA 1", "PB 1"]
    assert report.matched["document by text"] == 2 and not report.new_documents
    assert "document 'PB interview 1' in the copy is 'PB 1' here (same text)" in report.notes


def test_a_different_text_under_a_taken_name_comes_in_as_its_own_document(
    team_path: Path,
) -> None:
    ann_path = copy_of(team_path, "ann")
    other = "PB: A different person altogether, speaking of other things entirely.\n"
    with open_project(ann_path) as ann:
        set_document(ann, "PB 1", text=other, guid=str(uuid.uuid4()))
        coding.code_quote(ann, "PB 1", "Better health", "Ann", "other things")
    with open_project(team_path) as team:
        report = merge_copy(team, ann_path)
        assert ("PB 1 (2)", "Better health", "Ann", "other things") in coding_of(team)
    assert report.new_documents == ["PB 1 (2)"]
    assert any("is not the team's 'PB 1'" in note for note in report.notes)


def test_equal_questionnaire_answers_stay_with_their_respondents(team_path: Path) -> None:
    with open_project(team_path) as team:
        for name in ("Q1", "Q2"):
            answer = IngestedDocument(name=name, text="No.", format="csv", kind="questionnaire")
            store_ingested(team, Path("survey.csv"), [answer])
    ann_path = copy_of(team_path, "ann")
    with open_project(ann_path) as ann:
        set_document(ann, "Q1", guid=str(uuid.uuid4()))
        set_document(ann, "Q2", guid=str(uuid.uuid4()))
        coding.code_span(ann, "Q2", "Better health", "Ann", 0, 2)
    with open_project(team_path) as team:
        merge_copy(team, ann_path)
        assert {c for c in coding_of(team) if c[2] == "Ann"} == {
            ("Q2", "Better health", "Ann", "No")
        }


def test_a_code_renamed_in_the_copy_matches_by_identity(team_path: Path) -> None:
    ann_path = copy_of(team_path, "ann")
    with open_project(ann_path) as ann:
        [support] = code_ids(ann, "Better work/Support")
        codebook.rename_code(ann, support, "Mentor support")
        coding.code_quote(ann, "PB 1", "Better work/Mentor support", "Ann", "Time was short")
    with open_project(team_path) as team:
        paths = code_paths_of(team)
        report = merge_copy(team, ann_path)
        assert code_paths_of(team) == paths
        assert ("PB 1", "Better work/Support", "Ann", "Time was short") in coding_of(team)
    assert report.matched["code by identity"] == 4 and not report.came_in["code"]
    assert (
        "code 'Better work/Mentor support' in the copy is 'Better work/Support' here"
        in report.notes
    )


def test_a_code_added_in_both_files_matches_by_path(team_path: Path) -> None:
    ann_path = copy_of(team_path, "ann")
    with open_project(team_path) as team:
        codebook.add_code(team, "Better work/Protected time", description="time set aside")
    with open_project(ann_path) as ann:
        codebook.add_code(ann, "Better work/Protected time", example="an hour a week")
        coding.code_quote(ann, "PB 1", "Better work/Protected time", "Ann", "protected time")
    with open_project(team_path) as team:
        paths = code_paths_of(team)
        report = merge_copy(team, ann_path)
        assert code_paths_of(team) == paths
        assert ("PB 1", "Better work/Protected time", "Ann", "protected time") in coding_of(team)
        with team.session() as session:
            code = get_code(session, "Better work/Protected time")
            assert (code.description, code.example) == ("time set aside", "an hour a week")
    assert report.matched["code by path"] == 1 and not report.came_in["code"]


@pytest.fixture
def suport_copy(team_path: Path) -> Path:
    """A copy whose coder made a look-alike of the team's "Support" and coded with it."""
    ann_path = copy_of(team_path, "ann")
    with open_project(ann_path) as ann:
        codebook.add_code(ann, "Better work/Suport")
        coding.code_quote(ann, "PB 1", "Better work/Suport", "Ann", "Time was short")
    return ann_path


def guid_of_suport(path: Path) -> str:
    with open_project(path) as project, project.session() as session:
        return session.scalars(select(Code.guid).where(Code.name == "Suport")).one()


@pytest.mark.parametrize(
    ("choice", "accept", "lands_on"),
    [
        (None, False, "Better work/Suport"),
        (None, True, "Better work/Support"),
        ({"Better work/Suport": "Better work/Support"}, False, "Better work/Support"),
        ({"guid": "Better work/Support"}, False, "Better work/Support"),
        ({"Better work/Suport": None}, False, "Better work/Suport"),
    ],
)
def test_a_near_name_is_suggested_and_the_user_decides(
    team_path: Path, suport_copy: Path, choice: dict | None, accept: bool, lands_on: str
) -> None:
    if choice is not None and "guid" in choice:
        choice = {guid_of_suport(suport_copy): choice["guid"]}
    with open_project(team_path) as team:
        report = merge_copy(team, suport_copy, code_matches=choice, accept_suggestions=accept)
        assert ("PB 1", lands_on, "Ann", "Time was short") in coding_of(team)
        assert ("Better work/Suport" in code_paths_of(team)) == (lands_on == "Better work/Suport")
    suggested = choice is None
    assert [s.team_path for s in report.suggestions] == ([["Better work", "Support"]] * suggested)
    assert bool(report.pending) == (suggested and not accept)
    if report.pending:
        text = "\n".join(report.lines())
        assert "'Better work/Suport' came in as a new code; it looks like 'Better work/Sup" in text
        assert 'merge "Better work/Suport" "Better work/Support"' in text


def test_a_trial_run_shows_the_suggestion_and_how_to_take_it(
    team_path: Path, suport_copy: Path
) -> None:
    with open_project(team_path) as team:
        before = dump(team)
        report = merge_copy(team, suport_copy, dry_run=True)
        assert dump(team) == before
    [suggestion] = report.suggestions
    assert suggestion.team_path == ["Better work", "Support"] and suggestion.score >= 85
    assert any('--map "Better work/Suport=Better work/Support"' in line for line in report.lines())


def test_choices_that_do_not_apply_are_said_and_a_bad_one_is_refused(
    team_path: Path, suport_copy: Path
) -> None:
    with open_project(team_path) as team:
        before, events = dump(team), audit_count(team)
        with pytest.raises(QcodeError, match="no code 'Better work/Nope'"):
            merge_copy(team, suport_copy, code_matches={"Better work/Suport": "Better work/Nope"})
        assert dump(team) == before and audit_count(team) == events
        report = merge_copy(
            team, suport_copy, code_matches={"Better health": None, "No/Such": "Better health"}
        )
    assert len(report.ignored) == 2
    assert any("'No/Such': the copy has no such code" in line for line in report.ignored)


def test_a_code_the_team_merged_away_takes_the_copys_coding_later(
    team_path: Path, suport_copy: Path
) -> None:
    with open_project(team_path) as team:
        merge_copy(team, suport_copy)
        suport, support = code_ids(team, "Better work/Suport", "Better work/Support")
        codebook_merge.merge_codes(team, suport, support)
        after = dump(team)
        with open_project(suport_copy) as ann:  # the coder carries on in her copy
            coding.code_quote(ann, "PB 1", "Better work/Suport", "Ann", "said yes to everything")
        report = merge_copy(team, suport_copy)
        assert dump(team) != after
        assert ("PB 1", "Better work/Support", "Ann", "said yes to everything") in coding_of(team)
        assert "Better work/Suport" not in code_paths_of(team)
    assert report.matched["code by a merge in the team file"] == 1


def test_a_case_made_in_the_copy_comes_with_its_participant(team_path: Path) -> None:
    ann_path = copy_of(team_path, "ann")
    with open_project(ann_path) as ann:
        coding.code_quote(ann, "PB 1", "Better health", "Ann", "my own health")
        cases.create_case(ann, "Own health", participant="PB", description="self-care")
        cases.link_segments(ann, "Own health", list(coding_of_ids(ann, "PB 1").values()))
    with open_project(team_path) as team:
        merge_copy(team, ann_path)
        with team.session() as session:
            summaries = cases.case_summaries(session)
    assert [(s.name, s.participant, s.segments) for s in summaries] == [("Own health", "PB", 1)]
