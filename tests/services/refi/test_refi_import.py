"""Importing into a project that already has things: match, never duplicate, report."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from qcode.services.codebook.edit import add_code
from qcode.services.coders import add_coder
from qcode.services.documents.participants import get_or_create_participant, set_attributes
from qcode.services.refi.importer import import_refi
from qcode.store.models import Code, Coder, Document, Segment
from qcode.store.project import Project, create_project
from tests.helpers import add_text
from tests.ingest.refi.test_qdpx_quirks import CODE, DOC, USER, project, selection, text_source
from tests.services.refi.test_refi_support import PR1, build_rich_project, export_to, zip_bytes


def messages(project: Project, archive: Path) -> list[str]:
    return [
        o.message.removeprefix(f"{archive.name}: ") for o in import_refi(project, archive).outcomes
    ]


def test_existing_coder_code_document_and_participant_are_matched(tmp_path: Path) -> None:
    with build_rich_project(tmp_path / "rich.qcode") as rich:
        archive = export_to(rich, tmp_path / "rich.qdpx")
    with create_project(tmp_path / "team.qcode") as team:
        add_coder(team, "Ann Smith")
        add_code(team, ["Better work", "Workload"])
        add_text(team, "PR first", PR1)
        with team.transaction() as session:
            set_attributes(session, get_or_create_participant(session, "PR"), {"role": "Physio"})
        lines = messages(team, archive)
        with team.session() as session:
            coders = sorted(session.scalars(select(Coder.name)))
            workloads = session.scalars(select(Code).where(Code.name == "Workload")).all()
            docs = sorted(session.scalars(select(Document.name)))
            on_pr = session.scalars(
                select(Segment).join(Document).where(Document.name == "PR first")
            ).one()
    assert lines[0] == (
        "imported 4 documents, 8 codes, 2 coders, 2 participants, 8 segments, 6 memos, "
        "1 CMO statement, 1 case, 7 participant attributes; 5 already in the project"
    )
    assert lines[1:] == ["participant 'PR': 'role' kept as 'Physio' (the file says 'Nurse')"]
    assert coders == ["Ann Smith", "Bob Jones", "Cleo Idle"] and len(workloads) == 1
    assert docs == ["PJ 1", "PJ 2", "PR first", "Q7", "Team notes"]
    assert (on_pr.start, on_pr.end, on_pr.code_id) == (0, len(PR1), workloads[0].id)


def foreign(tmp_path: Path, sources: str, text: str = "alpha beta gamma", **kw: str) -> Path:
    archive = tmp_path / "foreign.qdpx"
    xml = project(sources, **kw)
    archive.write_bytes(zip_bytes({"project.qde": xml, f"sources/{DOC}.txt": text}))
    return archive


def test_overlapping_codings_of_one_code_and_coder_are_merged(tmp_path: Path) -> None:
    archive = foreign(tmp_path, text_source(selection(0, 5) + selection(3, 10)))
    with create_project(tmp_path / "p.qcode") as target:
        lines = messages(target, archive)
        with target.session() as session:
            spans = [(s.start, s.end) for s in session.scalars(select(Segment))]
    assert lines[0] == "imported 1 document, 1 code, 1 coder, 1 segment"
    assert lines[1:] == [
        "1 coding(s) overlapped another of the same code by the same coder and were merged into it"
    ]
    assert spans == [(0, 10)]


def test_same_named_sibling_codes_are_kept_apart(tmp_path: Path) -> None:
    twin = CODE.replace("85D17F60", "95D17F60")
    codes = (
        f'<CodeBook><Codes><Code guid="{CODE}" name="happy" isCodable="true"/>'
        f'<Code guid="{twin}" name="happy" isCodable="true"/></Codes></CodeBook>'
    )
    archive = foreign(tmp_path, "", codes=codes)
    with create_project(tmp_path / "p.qcode") as target:
        lines = messages(target, archive)
        with target.session() as session:
            names = sorted(session.scalars(select(Code.name)))
    assert names == ["happy", "happy (2)"]
    assert lines[1:] == [
        "code 'happy' appears twice at one level of the codebook; the second is 'happy (2)'"
    ]


def test_codings_with_no_coder_get_one(tmp_path: Path) -> None:
    archive = foreign(tmp_path, text_source(selection(0, 5).replace(f' creatingUser="{USER}"', "")))
    with create_project(tmp_path / "p.qcode") as target:
        lines = messages(target, archive)
        with target.session() as session:
            (segment,) = session.scalars(select(Segment))
            coder = segment.coder.name
    assert coder == "unknown coder"
    assert "codings that name no coder were attributed to coder 'unknown coder'" in lines


def test_a_document_whose_guid_holds_other_text_here_is_not_touched(tmp_path: Path) -> None:
    archive = foreign(tmp_path, text_source(selection(0, 5)))
    with create_project(tmp_path / "p.qcode") as target:
        add_text(target, "Mine", "different text")
        with target.transaction() as session:
            session.scalars(select(Document)).one().guid = DOC.lower()
        lines = messages(target, archive)
        with target.session() as session:
            segments = session.scalars(select(Segment)).all()
    assert lines[0] == "imported 1 code, 1 coder"
    assert lines[1:] == [
        "source 'Doc.txt': the project's document with its GUID ('Mine') has other text; "
        "not imported, nor its codings"
    ]
    assert segments == []
