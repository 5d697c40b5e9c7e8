"""Composite vignettes: a narrative assembled from several participants' segments."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qcode.store.base import Base, new_guid, utcnow
from qcode.store.coding import Code, Segment

VIGNETTE_SECTIONS = ("context", "mechanism", "outcome")


class Vignette(Base):
    """A composite vignette for one outcome theme."""

    __tablename__ = "vignettes"

    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(String(36), unique=True, default=new_guid)
    title: Mapped[str] = mapped_column(String(400))
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("codes.id", ondelete="SET NULL"))
    narrative: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    theme: Mapped[Code | None] = relationship()
    parts: Mapped[list[VignettePart]] = relationship(
        cascade="all, delete-orphan", order_by="(VignettePart.section, VignettePart.position)"
    )


class VignettePart(Base):
    """A segment drawn into one of a vignette's three sections, with its edited words."""

    __tablename__ = "vignette_parts"
    __table_args__ = (
        CheckConstraint("section IN ('context', 'mechanism', 'outcome')", name="section"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vignette_id: Mapped[int] = mapped_column(
        ForeignKey("vignettes.id", ondelete="CASCADE"), index=True
    )
    section: Mapped[str] = mapped_column(String(10))
    segment_id: Mapped[int | None] = mapped_column(
        ForeignKey("segments.id", ondelete="SET NULL"), index=True
    )
    edited_text: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    segment: Mapped[Segment | None] = relationship()
