"""Realist outputs and team work: CMO statements, vignettes, workshop decisions, audit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qcode.store.base import Base, new_guid, utcnow
from qcode.store.coding import Code, Segment

DECISION_CHOICES = (
    "keep_a",
    "keep_b",
    "keep",
    "majority",
    "unanimity",
    "union",
    "overlap",
    "custom",
    "none",
)


class CmoStatement(Base):
    """A context–mechanism–outcome configuration statement of one outcome theme."""

    __tablename__ = "cmo_statements"

    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(String(36), unique=True, default=new_guid)
    theme_id: Mapped[int] = mapped_column(ForeignKey("codes.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    theme: Mapped[Code] = relationship()
    categories: Mapped[list[CmoCategory]] = relationship(
        cascade="all, delete-orphan", order_by="CmoCategory.position"
    )
    evidence: Mapped[list[CmoEvidence]] = relationship(
        cascade="all, delete-orphan", order_by="CmoEvidence.position"
    )


class CmoCategory(Base):
    """A category (context and/or mechanism) a statement draws on."""

    __tablename__ = "cmo_categories"

    statement_id: Mapped[int] = mapped_column(
        ForeignKey("cmo_statements.id", ondelete="CASCADE"), primary_key=True
    )
    code_id: Mapped[int] = mapped_column(
        ForeignKey("codes.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    code: Mapped[Code] = relationship()


class CmoEvidence(Base):
    """A coded segment cited as evidence for a statement."""

    __tablename__ = "cmo_evidence"

    statement_id: Mapped[int] = mapped_column(
        ForeignKey("cmo_statements.id", ondelete="CASCADE"), primary_key=True
    )
    segment_id: Mapped[int] = mapped_column(
        ForeignKey("segments.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    segment: Mapped[Segment] = relationship()


class WorkshopDecision(Base):
    """What the team decided about one disagreement between coders, and why.

    A decision is never overwritten: a re-decision marks it superseded (by which decision,
    when). ``coders`` names the workshop's N coders (ids, comma-separated; empty: the pair).
    """

    __tablename__ = "workshop_decisions"
    __table_args__ = (
        CheckConstraint(
            "choice IN ('keep_a', 'keep_b', 'keep', 'majority', 'unanimity', 'union', "
            "'overlap', 'custom', 'none')",
            name="choice",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(String(36), unique=True, default=new_guid)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    code_id: Mapped[int] = mapped_column(ForeignKey("codes.id", ondelete="CASCADE"), index=True)
    coder_a_id: Mapped[int] = mapped_column(ForeignKey("coders.id", ondelete="RESTRICT"))
    coder_b_id: Mapped[int] = mapped_column(ForeignKey("coders.id", ondelete="RESTRICT"))
    span_start: Mapped[int] = mapped_column()
    span_end: Mapped[int] = mapped_column()
    choice: Mapped[str] = mapped_column(String(10))
    result_start: Mapped[int | None] = mapped_column()
    result_end: Mapped[int | None] = mapped_column()
    rationale: Mapped[str] = mapped_column(Text, default="")
    attendees: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("coders.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by: Mapped[str] = mapped_column(String(200), default="", server_default="")
    coders: Mapped[str] = mapped_column(Text, default="", server_default="")
    kept_coder_id: Mapped[int | None] = mapped_column(
        ForeignKey("coders.id", ondelete="RESTRICT")
    )
    majority_k: Mapped[int | None] = mapped_column()
    superseded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("workshop_decisions.id", ondelete="SET NULL")
    )
    superseded_at: Mapped[datetime | None] = mapped_column()


class AuditEvent(Base):
    """One change to the project: when, who, what, before and after, and why."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    coder_id: Mapped[int | None] = mapped_column(ForeignKey("coders.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(String(200), default="")
    action: Mapped[str] = mapped_column(String(100))
    target_type: Mapped[str] = mapped_column(String(50), default="")
    target_id: Mapped[str] = mapped_column(String(100), default="")
    before: Mapped[str] = mapped_column(Text, default="")
    after: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")
