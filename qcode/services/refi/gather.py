"""Gather a project into the plain values the REFI-QDA writers (.qdpx, .qdc) take."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from qcode import __version__
from qcode.ingest.refi.model import (
    ORIGIN_PREFIX,
    RefiCode,
    RefiDocument,
    RefiMemo,
    RefiParticipant,
    RefiProject,
    RefiSegment,
    RefiStatement,
    RefiTopicCase,
    RefiUser,
    RefiValue,
)
from qcode.services.codebook.edit import DESCRIPTION_FIELDS
from qcode.services.documents.attributes import stored_document_attributes
from qcode.store.models import (
    Case,
    CmoStatement,
    Code,
    Coder,
    Document,
    Memo,
    Participant,
    ProjectInfo,
    Segment,
)

DETAIL_FIELDS = tuple(name for name in DESCRIPTION_FIELDS if name != "description")


def gather_codebook(session: Session) -> RefiProject:
    """The codebook alone, for a .qdc file."""
    info = session.scalars(select(ProjectInfo)).first()
    return RefiProject(
        name=info.title if info else "",
        origin=f"{ORIGIN_PREFIX} {__version__}",
        codes=code_tree(session),
    )


def gather_project(session: Session) -> RefiProject:
    """Coders, codebook, documents, participants, coding, memos, CMO statements, cases."""
    data = gather_codebook(session)
    info = session.scalars(select(ProjectInfo)).first()
    data.created_at = info.created_at if info else None
    data.description = info.description if info else ""
    coders = session.scalars(select(Coder).order_by(Coder.name)).all()
    data.users = [RefiUser(c.guid, c.name, c.color, c.initials) for c in coders]
    data.creator = coders[0].guid if coders else None
    data.documents = documents(session)
    data.participants = participants(session)
    data.segments = segments(session)
    data.memos = memos(session)
    data.statements = statements(session)
    data.topic_cases = topic_cases(session)
    return data


def documents(session: Session) -> list[RefiDocument]:
    """Every document with its attributes (as REFI source variables), in the order added."""
    query = select(Document).options(selectinload(Document.attributes)).order_by(Document.id)
    return [
        RefiDocument(
            guid=doc.guid,
            name=doc.name,
            text=doc.text,
            kind=doc.kind,
            format=doc.format,
            wave=doc.wave,
            original_filename=doc.original_filename,
            created_at=doc.imported_at,
            line_breaks=doc.line_breaks,
            variables=[
                RefiValue(*attribute) for attribute in stored_document_attributes(session, doc.id)
            ],
        )
        for doc in session.scalars(query)
    ]


def code_tree(session: Session) -> list[RefiCode]:
    """Every code as a tree, siblings by position."""
    rows = session.scalars(select(Code).order_by(Code.position, Code.id)).all()
    children: dict[int | None, list[Code]] = {}
    for code in rows:
        children.setdefault(code.parent_id, []).append(code)

    def build(code: Code) -> RefiCode:
        return RefiCode(
            guid=code.guid,
            name=code.name,
            color=code.color,
            flags=code.flags,
            description=code.description,
            details={name: getattr(code, name) for name in DETAIL_FIELDS if getattr(code, name)},
            children=[build(child) for child in children.get(code.id, [])],
            codable=code.codable,
        )

    return [build(code) for code in children.get(None, [])]


def participants(session: Session) -> list[RefiParticipant]:
    query = (
        select(Participant)
        .options(selectinload(Participant.attributes), selectinload(Participant.documents))
        .order_by(Participant.label)
    )
    return [
        RefiParticipant(
            guid=person.guid,
            label=person.label,
            attributes=[RefiValue(a.name, a.value_type, a.value) for a in person.attributes],
            documents=[doc.guid for doc in sorted(person.documents, key=lambda d: d.id)],
        )
        for person in session.scalars(query)
    ]


def guids_of(session: Session, model: type) -> dict[int, str]:
    return dict(session.execute(select(model.id, model.guid)).all())


def segments(session: Session) -> list[RefiSegment]:
    docs, codes, coders = (guids_of(session, m) for m in (Document, Code, Coder))
    query = select(Segment).order_by(Segment.document_id, Segment.start, Segment.end, Segment.id)
    return [
        RefiSegment(
            guid=seg.guid,
            selection=seg.guid,
            document=docs[seg.document_id],
            code=codes[seg.code_id],
            coder=coders[seg.coder_id],
            start=seg.start,
            end=seg.end,
            created_at=seg.created_at,
        )
        for seg in session.scalars(query)
    ]


def memos(session: Session) -> list[RefiMemo]:
    """Memos with their target as a kind and a GUID (a segment is its text selection)."""
    targets = {
        "document_id": ("document", guids_of(session, Document)),
        "code_id": ("code", guids_of(session, Code)),
        "segment_id": ("selection", guids_of(session, Segment)),
        "participant_id": ("participant", guids_of(session, Participant)),
        "case_id": ("case", guids_of(session, Case)),
    }
    coders = guids_of(session, Coder)
    found = []
    for memo in session.scalars(select(Memo).order_by(Memo.id)):
        kind, target = None, None
        for column, (name, guids) in targets.items():
            if getattr(memo, column) is not None:
                kind, target = name, guids[getattr(memo, column)]
        found.append(
            RefiMemo(
                guid=memo.guid,
                title=memo.title,
                text=memo.text,
                coder=coders.get(memo.coder_id) if memo.coder_id else None,
                created_at=memo.created_at,
                updated_at=memo.updated_at,
                target_kind=kind,
                target=target,
            )
        )
    return found


def statements(session: Session) -> list[RefiStatement]:
    query = select(CmoStatement).order_by(CmoStatement.theme_id, CmoStatement.position)
    return [
        RefiStatement(
            guid=statement.guid,
            theme=statement.theme.guid,
            text=statement.text,
            position=statement.position,
            categories=[link.code.guid for link in statement.categories],
            evidence=[link.segment.guid for link in statement.evidence],
            created_at=statement.created_at,
        )
        for statement in session.scalars(query)
    ]


def topic_cases(session: Session) -> list[RefiTopicCase]:
    return [
        RefiTopicCase(
            guid=case.guid,
            name=case.name,
            description=case.description,
            participant=case.participant.guid if case.participant else None,
            selections=[link.segment.guid for link in case.links],
        )
        for case in session.scalars(select(Case).order_by(Case.id))
    ]
