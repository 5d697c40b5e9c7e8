"""Project metadata and settings, coders, participants, documents, and the pseudonym list."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    event,
    inspect,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, Mapper, mapped_column, relationship

from qcode.store.base import Base, new_guid, utcnow

DOCUMENT_KINDS = ("interview", "questionnaire", "note")
ATTRIBUTE_TYPES = ("text", "integer", "float", "boolean", "date")


class ProjectInfo(Base):
    """The one row describing the project itself."""

    __tablename__ = "project"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(400), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_version: Mapped[str] = mapped_column(String(40), default="")


class ProjectSetting(Base):
    """A setting kept in the project (a JSON value under a dotted key, e.g. "quotes.style")."""

    __tablename__ = "project_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    value: Mapped[str] = mapped_column(Text, default="null")


PSEUDONYM_KINDS = ("person", "place", "organisation", "other")


class Pseudonym(Base):
    """A real name or place and the pseudonym that replaces it; the key file's one line."""

    __tablename__ = "pseudonyms"
    __table_args__ = (
        CheckConstraint("kind IN ('person', 'place', 'organisation', 'other')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(String(36), unique=True, default=new_guid)
    original: Mapped[str] = mapped_column(String(200), unique=True)
    pseudonym: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="person")
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Coder(Base):
    """A researcher who codes; coding is always attributed to one."""

    __tablename__ = "coders"

    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(String(36), unique=True, default=new_guid)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    initials: Mapped[str] = mapped_column(String(10), default="")
    color: Mapped[str] = mapped_column(String(7), default="#1f77b4")


class Participant(Base):
    """A person whose talk or answers are analysed, e.g. "PJ" or "Q12"."""

    __tablename__ = "participants"

    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(String(36), unique=True, default=new_guid)
    label: Mapped[str] = mapped_column(String(100), unique=True)
    attributes: Mapped[list[ParticipantAttribute]] = relationship(
        back_populates="participant",
        cascade="all, delete-orphan",
        order_by="ParticipantAttribute.name",
    )
    documents: Mapped[list[Document]] = relationship(back_populates="participant")


class ParticipantAttribute(Base):
    """A typed attribute of a participant (job role, mentees, a Likert answer)."""

    __tablename__ = "participant_attributes"
    __table_args__ = (
        UniqueConstraint("participant_id", "name"),
        CheckConstraint(
            "value_type IN ('text', 'integer', 'float', 'boolean', 'date')", name="value_type"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    value_type: Mapped[str] = mapped_column(String(10), default="text")
    value: Mapped[str] = mapped_column(Text, default="")
    participant: Mapped[Participant] = relationship(back_populates="attributes")

    @property
    def typed_value(self) -> str | int | float | bool | date:
        """The value converted to its declared type."""
        return parse_attribute(self.value_type, self.value)


def parse_attribute(value_type: str, value: str) -> str | int | float | bool | date:
    """Convert a stored attribute string to its declared type."""
    if value_type == "integer":
        return int(value)
    if value_type == "float":
        return float(value)
    if value_type == "boolean":
        return value.strip().lower() in {"1", "true", "yes"}
    if value_type == "date":
        return date.fromisoformat(value)
    return value


def attribute_type_of(value: object) -> str:
    """The attribute type name for a Python value."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "float"
    if isinstance(value, date):
        return "date"
    return "text"


class Document(Base):
    """A transcript, questionnaire response or note: plain text that offsets index."""

    __tablename__ = "documents"
    __table_args__ = (
        CheckConstraint("kind IN ('interview', 'questionnaire', 'note')", name="kind"),
        Index("ix_documents_participant_wave", "participant_id", "wave"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(String(36), unique=True, default=new_guid)
    name: Mapped[str] = mapped_column(String(400), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="interview")
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL")
    )
    wave: Mapped[int | None] = mapped_column()
    text: Mapped[str] = mapped_column(Text)
    chars: Mapped[int] = mapped_column()  # len(text), set at flush (count_new, recount)
    lines: Mapped[int] = mapped_column()  # "\n" count + 1, as citations number lines
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    original_filename: Mapped[str] = mapped_column(String(1000), default="")
    format: Mapped[str] = mapped_column(String(10), default="txt")
    # "crlf": its source broke every line with CR LF, which a REFI-QDA export writes again
    line_breaks: Mapped[str] = mapped_column(String(4), default="lf", server_default="lf")
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    participant: Mapped[Participant | None] = relationship(back_populates="documents")
    attributes: Mapped[list[DocumentAttribute]] = relationship(
        back_populates="document",
        cascade="all, delete-orphan",
        order_by="DocumentAttribute.name",
        passive_deletes=True,
    )


class DocumentAttribute(Base):
    """A typed attribute of one document (MAXQDA's document variables, REFI's source variables)."""

    __tablename__ = "document_attributes"
    __table_args__ = (
        UniqueConstraint("document_id", "name"),
        CheckConstraint(
            "value_type IN ('text', 'integer', 'float', 'boolean', 'date')", name="value_type"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    value_type: Mapped[str] = mapped_column(String(10), default="text")
    value: Mapped[str] = mapped_column(Text, default="")
    document: Mapped[Document] = relationship(back_populates="attributes")

    @property
    def typed_value(self) -> str | int | float | bool | date:
        """The value converted to its declared type."""
        return parse_attribute(self.value_type, self.value)


def text_counts(text: str) -> tuple[int, int]:
    """A text's length in code points and its 1-based line count (an empty text has one)."""
    return len(text), text.count("\n") + 1


@event.listens_for(Document, "before_insert")
def count_new(_mapper: Mapper[Document], _conn: Connection, doc: Document) -> None:
    """A new row's counts are those of its text, whoever built it and whatever they passed."""
    doc.chars, doc.lines = text_counts(doc.text)


@event.listens_for(Document, "before_update")
def recount(_mapper: Mapper[Document], _conn: Connection, doc: Document) -> None:
    """A changed text (or a count set by hand) is counted again; other changes load no text."""
    attrs = inspect(doc).attrs
    if any(attrs[name].history.has_changes() for name in ("text", "chars", "lines")):
        doc.chars, doc.lines = text_counts(doc.text)
