"""Realist outputs and team work: CMO statements, vignettes, workshop decisions, audit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qcode.store.base import Base, new_guid, utcnow
from qcode.store.coding import Code, Segment

DECISION_CHOICES = ("keep_a", "keep_b", "union", "overlap", "custom", "none")


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
    """What the team decided about one disagreement between coders, and why."""

    __tablename__ = "workshop_decisions"
    __table_args__ = (
        CheckConstraint(
            "choice IN ('keep_a', 'keep_b', 'union', 'overlap', 'custom', 'none')", name="choice"
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
