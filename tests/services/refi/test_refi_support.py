"""Shared builders for the REFI-QDA tests (no tests here): a rich project and its snapshot."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.export.refi.project import write_qdpx
from qcode.ingest import IngestedDocument
from qcode.services.cases import create_case, link_segments
from qcode.services.codebook.edit import add_code, update_code
from qcode.services.coders import add_coder
from qcode.services.coding import code_span
from qcode.services.documents.importing import store_ingested
from qcode.services.documents.outcomes import ImportOptions
from qcode.services.documents.participants import get_or_create_participant, set_attributes
from qcode.services.lookup import code_names, get_code, path_of
from qcode.services.memos import MemoTarget, add_memo
from qcode.services.realist.evidence import attach_evidence
from qcode.services.realist.statements import add_statement
from qcode.services.refi.gather import gather_project
from qcode.store.models import Case, CmoStatement, Code, Coder, Document, Memo, Participant, Segment
from qcode.store.project import Project, create_project
from tests.helpers import add_text

ROOT = Path(__file__).resolve().parents[3]
SHARED = (ROOT.parent / "shared").resolve()
XSD = SHARED / "interop" / "Project.xsd"
CODEBOOK_XSD = SHARED / "interop" / "Codebook.xsd"
ATLAS = SHARED / "interop" / "atlasti-TestProject.qdpx"


def needs_shared(path: Path) -> pytest.MarkDecorator:
    """Skip, saying why, when the shared REFI-QDA material beside the repository is absent."""
    return pytest.mark.skipif(
        not path.is_file(), reason=f"{path} is absent (the shared folder beside the repository)"
    )


def schema_errors(xml: bytes) -> list[str]:
    """Project.xsd's complaints about a project.qde document (empty: valid)."""
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    valid = schema.validate(etree.fromstring(xml))
    return [] if valid else [str(error) for error in schema.error_log]


def codebook_errors(xml: bytes) -> list[str]:
    """Codebook.xsd's complaints about a .qdc document (empty: valid)."""
    schema = etree.XMLSchema(etree.parse(str(CODEBOOK_XSD)))
    valid = schema.validate(etree.fromstring(xml))
    return [] if valid else [str(error) for error in schema.error_log]


def qde_of(archive: Path) -> bytes:
    with zipfile.ZipFile(archive) as zipped:
        return zipped.read("project.qde")


PJ1 = (
    "Interviewer: How did mentoring start?\n"
    "PJ: Out of hours,\tmostly — the rota made it hard.\n"
    "PJ: I trusted her 😀 from the first meeting.\n"
    "\fPJ: Later the waiting list got shorter."
)
PJ2 = "Interviewer: And now?\nPJ: We meet monthly; 𝒜vailability is better.\nPJ: Still tired."
PR1 = "PR: Workload is the problem.\nPR: Nobody covers my list."
Q7 = "It made me book a GP appointment."
NOTES = "Team notes: informal peer support came up twice.\nSee PJ 1."


def add_documents(project: Project) -> None:
    add_text(project, "PJ 1", PJ1, "PJ", 1)
    add_text(project, "PJ 2", PJ2, "PJ", 2)
    add_text(project, "PR 1", PR1, "PR", 1)
    for name, text, kind, participant in (
        ("Q7", Q7, "questionnaire", "Q7"),
        ("Team notes", NOTES, "note", None),
    ):
        outcome = store_ingested(
            project,
            Path(f"{name}.csv"),
            [IngestedDocument(name=name, text=text, format="csv", kind=kind)],
            ImportOptions(participant=participant),
        )
        assert outcome.status == "imported", outcome.message
    with project.transaction() as session:
        pj = get_or_create_participant(session, "PJ")
        set_attributes(session, pj, {"role": "GP", "mentees": 4, "ratio": 0.75, "mentor": True})
        set_attributes(session, pj, {"trained": date(2019, 3, 1)})  # type: ignore[dict-item]
        pr = get_or_create_participant(session, "PR")
        set_attributes(session, pr, {"role": "Nurse", "ratio": 1e-05, "mentees": 0})


def add_codebook(project: Project) -> None:
    theme = "Better specialist support"
    add_code(project, theme, color="#123abc", description="Outcome theme.")
    add_code(project, [theme, "Availability, access"], flags="C", description="Getting help.")
    update_code(project, get_id(project, [theme, "Availability, access"]), when_to_use="Access.")
    add_code(project, [theme, "Availability, access", "Out of hours"], flags="C")
    add_code(project, [theme, "Availability, access", "Waiting lists"])
    add_code(project, [theme, "Engagement with mentorship"], flags="M")
    update_code(project, get_id(project, [theme, "Engagement with mentorship"]), example="Ex.")
    add_code(project, [theme, "Engagement with mentorship", "Trust"], flags="CM")
    add_code(project, ["Better work", "Workload"], flags="C")
    add_code(project, ["Peer support::informal"], description="line one\n\nline three")
    add_code(project, ["Either/or"])


def get_id(project: Project, path: list[str]) -> int:
    with project.session() as session:
        return get_code(session, path).id


THEME = "Better specialist support"
ACCESS = f"{THEME}/Availability, access"
TRUST = f"{THEME}/Engagement with mentorship/Trust"


def add_coding(project: Project) -> dict[str, int]:
    """Two coders (and one who coded nothing), overlapping segments; ids by a short name."""
    add_coder(project, "Cleo Idle")
    emoji = PJ1.index("😀")
    spans = {
        "ann_access": ("PJ 1", ACCESS, "Ann Smith", 0, 40),
        "bob_access": ("PJ 1", ACCESS, "Bob Jones", 10, 60),
        "ann_trust": ("PJ 1", TRUST, "Ann Smith", emoji - 10, emoji + 5),
        "ann_hours": ("PJ 1", f"{ACCESS}/Out of hours", "Ann Smith", 42, 55),
        "bob_pj2": ("PJ 2", f"{THEME}/Engagement with mentorship", "Bob Jones", 26, 60),
        "ann_pr": ("PR 1", "Better work/Workload", "Ann Smith", 0, len(PR1)),
        "bob_q7": ("Q7", f"{ACCESS}/Waiting lists", "Bob Jones", 12, 33),
        "ann_notes": ("Team notes", ["Peer support::informal"], "Ann Smith", 12, 33),
    }
    return {key: code_span(project, *span).value for key, span in spans.items()}


def add_memos_and_realist(project: Project, ids: dict[str, int]) -> None:
    with project.session() as session:
        doc = session.scalars(select(Document).where(Document.name == "PJ 1")).one()
        pj = session.scalars(select(Participant).where(Participant.label == "PJ")).one()
        trust = get_code(session, TRUST).id
        doc_id, pj_id = doc.id, pj.id
    add_memo(project, "About PJ 1.", MemoTarget("document", doc_id), "Doc memo", "Ann Smith")
    add_memo(project, "Trust needs care.", MemoTarget("code", trust), "Code memo", "Bob Jones")
    add_memo(project, "Key quote.", MemoTarget("segment", ids["ann_access"]), "Quote", "Ann Smith")
    add_memo(project, "PJ is a GP.", MemoTarget("participant", pj_id), "Who", "Ann Smith")
    add_memo(project, "Free thought,\nover two lines.", None, "Loose")
    case_id = create_case(project, "PJ rota conflict", "PJ", "Rota clashes.").value
    link_segments(project, case_id, [ids["ann_access"], ids["bob_pj2"]])
    add_memo(project, "Case memo.", MemoTarget("case", case_id), "Case", "Bob Jones")
    statement = add_statement(
        project,
        THEME,
        "Availability and access enable engagement.",
        ["Availability, access", "Engagement with mentorship"],
    ).value
    attach_evidence(project, statement, [ids["bob_pj2"], ids["ann_access"]])


def build_rich_project(path: Path) -> Project:
    """Documents with participants, waves and typed attributes, a 3-level codebook with flags,
    two coders (and an idle one), overlapping segments, memos on everything, a topic case
    and a CMO statement with categories and evidence."""
    project = create_project(path, title="Mentoring study")
    add_documents(project)
    add_codebook(project)
    ids = add_coding(project)
    add_memos_and_realist(project, ids)
    return project


def export_to(project: Project, output: Path) -> Path:
    with project.session() as session:
        write_qdpx(gather_project(session), output)
    return output


def snapshot(project: Project) -> dict[str, object]:
    """Everything the exchange must carry, by name and GUID (not by row id)."""
    with project.session() as session:
        names = code_names(session)

        def path(code_id: int) -> tuple[str, ...]:
            return tuple(path_of(code_id, names))

        seg_guid = dict(session.execute(select(Segment.id, Segment.guid)).all())
        coder_name = dict(session.execute(select(Coder.id, Coder.name)).all())
        targets = memo_targets(session)
        return {
            "documents": documents(session),
            "participants": {
                p.label: (p.guid, sorted((a.name, a.value_type, a.value) for a in p.attributes))
                for p in session.scalars(select(Participant))
            },
            "codes": {
                path(c.id): (c.guid, c.flags, c.color, c.description, c.when_to_use)
                + (c.when_not_to_use, c.example, c.position)
                for c in session.scalars(select(Code))
            },
            "coders": sorted((c.name, c.guid) for c in session.scalars(select(Coder))),
            "segments": sorted(
                (s.guid, s.document.name, path(s.code_id), coder_name[s.coder_id], s.start, s.end)
                for s in session.scalars(select(Segment))
            ),
            "memos": sorted(
                (m.guid, m.title, m.text, coder_name.get(m.coder_id or 0), repr(targets[m.id]))
                for m in session.scalars(select(Memo))
            ),
            "statements": [
                (st.guid, path(st.theme_id), st.text, st.position)
                + (tuple(path(c.code_id) for c in st.categories),)
                + (tuple(seg_guid[e.segment_id] for e in st.evidence),)
                for st in session.scalars(select(CmoStatement).order_by(CmoStatement.guid))
            ],
            "cases": [
                (c.guid, c.name, c.description, c.participant.label if c.participant else None)
                + (tuple(seg_guid[link.segment_id] for link in c.links),)
                for c in session.scalars(select(Case).order_by(Case.guid))
            ],
        }


def documents(session: Session) -> dict[str, tuple[object, ...]]:
    return {
        d.name: (
            d.guid,
            d.text,
            d.participant.label if d.participant else None,
            d.wave,
            d.kind,
            d.format,
            d.original_filename,
            d.sha256,
        )
        for d in session.scalars(select(Document))
    }


def memo_targets(session: Session) -> dict[int, object]:
    """Each memo's target as (kind, name or GUID), by memo id."""
    found: dict[int, object] = {}
    for memo in session.scalars(select(Memo)):
        target: object = None
        if memo.document_id:
            target = ("document", session.get(Document, memo.document_id).name)
        elif memo.code_id:
            target = ("code", tuple(path_of(memo.code_id, code_names(session))))
        elif memo.segment_id:
            target = ("segment", session.get(Segment, memo.segment_id).guid)
        elif memo.participant_id:
            target = ("participant", session.get(Participant, memo.participant_id).label)
        elif memo.case_id:
            target = ("case", session.get(Case, memo.case_id).name)
        found[memo.id] = target
    return found


def zip_bytes(members: dict[str, bytes | str]) -> bytes:
    """A zip archive made in memory (strings are written as UTF-8)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return buffer.getvalue()
