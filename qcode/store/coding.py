"""The codebook tree, coded segments, memos, topic cases, and passages for similarity search."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, LargeBinary, String, Text, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qcode.store.base import Base, new_guid, utcnow
from qcode.store.people import Coder, Document, Participant


class Code(Base):
    """A node of the codebook: an outcome theme, a C/M category or a sub-category.

    ``color`` is None where nobody gave the code one (an imported file without it); views
    show a stable fallback (:func:`qcode.analysis.colours.code_colour`), exports write none.
    A code that is not ``codable`` is a category: it groups codes, text is never coded with it.
    """

    __tablename__ = "codes"
    __table_args__ = (Index("ix_codes_parent_position", "parent_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(String(36), unique=True, default=new_guid)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("codes.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(400))
    color: Mapped[str | None] = mapped_column(String(7), default=None)
    codable: Mapped[bool] = mapped_column(default=True, server_default=true())
    description: Mapped[str] = mapped_column(Text, default="")
    when_to_use: Mapped[str] = mapped_column(Text, default="")
    when_not_to_use: Mapped[str] = mapped_column(Text, default="")
    example: Mapped[str] = mapped_column(Text, default="")
    is_context: Mapped[bool] = mapped_column(default=False)
    is_mechanism: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    parent: Mapped[Code | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Code]] = relationship(
        back_populates="parent", order_by="Code.position", passive_deletes=True
    )

    @property
    def flags(self) -> str:
        """The realist flags as "C", "M", "CM" or ""."""
        return ("C" if self.is_context else "") + ("M" if self.is_mechanism else "")


class Segment(Base):
    """A span of a document's text coded with one code by one coder."""

    __tablename__ = "segments"
    __table_args__ = (
        CheckConstraint('start >= 0 AND start < "end"', name="span"),
        Index("ix_segments_document_start", "document_id", "start"),
        Index("ix_segments_code", "code_id"),
        Index("ix_segments_coder", "coder_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(String(36), unique=True, default=new_guid)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    code_id: Mapped[int] = mapped_column(ForeignKey("codes.id", ondelete="CASCADE"))
    coder_id: Mapped[int] = mapped_column(ForeignKey("coders.id", ondelete="RESTRICT"))
    start: Mapped[int] = mapped_column()
    end: Mapped[int] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    document: Mapped[Document] = relationship()
    code: Mapped[Code] = relationship()
    coder: Mapped[Coder] = relationship()


class Case(Base):
    """A topic case: one situation a participant returns to across interviews."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(String(36), unique=True, default=new_guid)
    name: Mapped[str] = mapped_column(String(400), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    participant: Mapped[Participant | None] = relationship()
    links: Mapped[list[CaseSegment]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseSegment.position"
    )


class CaseSegment(Base):
    """Membership of a coded segment in a case."""

    __tablename__ = "case_segments"

    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    segment_id: Mapped[int] = mapped_column(
        ForeignKey("segments.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    case: Mapped[Case] = relationship(back_populates="links")
    segment: Mapped[Segment] = relationship()


MEMO_TARGETS = ("document_id", "code_id", "segment_id", "participant_id", "case_id")


class Memo(Base):
    """A researcher's note on a document, code, segment, participant or case."""

    __tablename__ = "memos"
    __table_args__ = (
        CheckConstraint(  # counted with CASE, not by adding booleans: PostgreSQL takes it too
            " + ".join(f"CASE WHEN {c} IS NULL THEN 0 ELSE 1 END" for c in MEMO_TARGETS) + " <= 1",
            name="one_target",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(String(36), unique=True, default=new_guid)
    title: Mapped[str] = mapped_column(String(400), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    coder_id: Mapped[int | None] = mapped_column(ForeignKey("coders.id", ondelete="SET NULL"))
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    code_id: Mapped[int | None] = mapped_column(
        ForeignKey("codes.id", ondelete="CASCADE"), index=True
    )
    segment_id: Mapped[int | None] = mapped_column(
        ForeignKey("segments.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    coder: Mapped[Coder | None] = relationship()


class Passage(Base):
    """A window of a document's text (about 300 characters, on sentence bounds) and its
    embedding: what "find passages like this" ranks. Derived from the text and its
    model, never edited by hand (not journaled: undo leaves it; a passage whose document
    has another ``document_sha`` is stale and made again)."""

    __tablename__ = "passages"
    __table_args__ = (
        CheckConstraint('start >= 0 AND start < "end"', name="span"),
        Index("ix_passages_document_start", "document_id", "start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column()
    end: Mapped[int] = mapped_column()
    document_sha: Mapped[str] = mapped_column(String(64))
    model: Mapped[str] = mapped_column(String(100))
    vector: Mapped[bytes] = mapped_column(LargeBinary)
