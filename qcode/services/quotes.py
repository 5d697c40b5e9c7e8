"""Quotes for reports: a coded segment's words with a citation such as "PJ 1, lines 12–14"."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.analysis.lines import EN_DASH, LineIndex, citation
from qcode.analysis.quoting import quote_text
from qcode.errors import QcodeError
from qcode.services.audit import Actor
from qcode.services.history import Change
from qcode.services.lookup import code_names, path_of
from qcode.services.settings import keep_setting, read_setting
from qcode.store.models import (
    Coder,
    Document,
    DocumentAttribute,
    Participant,
    ParticipantAttribute,
    Segment,
)
from qcode.store.project import Project

CITATION_STYLES = ("short", "lines", "full")
"""'PJ 1', 'PJ 1, lines 12–14' (the default), '[PJ 1: GP/trainer, 12–14]'."""
INTERVIEWER = ("Interviewer",)
"""The speaker labels whose turns a quote leaves out unless told otherwise."""
_STYLE_KEY = "qcode.quote_style"
STYLE_SETTING = "quotes.style"
"""The project setting that keeps the quote style (see :func:`keep_quote_style`)."""


@dataclass(frozen=True, slots=True)
class QuoteStyle:
    """How quotes are printed: citation style, attributes a full citation names, the
    speaker labels whose turns are left out, and "…" where a sentence goes on."""

    citation: str = "lines"
    cite_with: tuple[str, ...] = ()
    interviewer: tuple[str, ...] = field(default=INTERVIEWER)
    ellipsis: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "interviewer", tuple(self.interviewer))  # hashed when quoting
        if self.citation not in CITATION_STYLES:
            styles = ", ".join(CITATION_STYLES)
            raise QcodeError(f"unknown citation style '{self.citation}' (styles: {styles})")


def use_quote_style(session: Session, style: QuoteStyle) -> None:
    """Print every quote made in this session in ``style``."""
    session.info[_STYLE_KEY] = style


def quote_style(session: Session) -> QuoteStyle:
    """The style quotes made in this session are printed in: the one set for the session,
    else the one kept in the project, else the default."""
    found = session.info.get(_STYLE_KEY)
    return found if isinstance(found, QuoteStyle) else kept_quote_style(session)


def kept_quote_style(session: Session) -> QuoteStyle:
    """The quote style kept in the project (the default if none is kept)."""
    return style_from(read_setting(session, STYLE_SETTING))


def style_value(style: QuoteStyle) -> dict[str, object]:
    """A quote style as the project keeps it (JSON)."""
    return {
        "citation": style.citation,
        "cite_with": list(style.cite_with),
        "interviewer": list(style.interviewer),
        "ellipsis": style.ellipsis,
    }


def style_from(value: object) -> QuoteStyle:
    """The quote style a kept value describes; missing parts are the default's."""
    if value is None:
        return QuoteStyle()
    if not isinstance(value, dict):
        raise QcodeError(f"the project's quote style ('{STYLE_SETTING}') is not readable")
    default = QuoteStyle()
    names = ("cite_with", "interviewer")
    lists = {name: value.get(name, list(getattr(default, name))) for name in names}
    if not all(isinstance(v, list) and all(isinstance(i, str) for i in v) for v in lists.values()):
        raise QcodeError(f"the project's quote style ('{STYLE_SETTING}') is not readable")
    return QuoteStyle(
        citation=str(value.get("citation", default.citation)),
        cite_with=tuple(lists["cite_with"]),
        interviewer=tuple(lists["interviewer"]),
        ellipsis=bool(value.get("ellipsis", default.ellipsis)),
    )


def keep_quote_style(
    project: Project, style: QuoteStyle | None, actor: Actor = None, reason: str = ""
) -> Change:
    """Keep ``style`` as the project's quote style (None: back to the default), one undoable
    step; exports and the GUI print quotes in it unless told otherwise. The attributes to
    cite with are kept whatever the citation style (only a full citation names them)."""
    value = None if style is None else style_value(style)
    return keep_setting(project, STYLE_SETTING, value, actor, reason)


class Quote(NamedTuple):
    """A coded segment as a report shows it: its words, who said it where, its citation.

    A named tuple, not a frozen dataclass: a report makes one per segment, and this is
    several times quicker to make.
    """

    segment_id: int
    code: tuple[str, ...]
    coder: str
    document: str
    participant: str | None
    wave: int | None
    text: str
    citation: str


def cite_label(
    name: str, participant: str | None, wave: int | None, kind: str = "interview"
) -> str:
    """ "PJ 1" (participant and wave), "Q12" (a respondent, Q added to a bare number),
    else the document's name."""
    if kind == "questionnaire":
        respondent = participant or name
        return f"Q{respondent}" if respondent.isdigit() else respondent
    if participant and wave is not None:
        return f"{participant} {wave}"
    return participant or name


def lines_part(start: int, end: int, index: LineIndex) -> str:
    """ "12" or "12–14": the lines a span covers, as a full citation gives them."""
    first, last = index.lines_of(start, end)
    return str(first) if first == last else f"{first}{EN_DASH}{last}"


def tidy(text: str) -> str:
    """A quote's words on one line: runs of white space become one space."""
    return " ".join(text.split())


def quotes_for(
    session: Session, segments: Iterable[Segment], style: QuoteStyle | None = None
) -> list[Quote]:
    """Quotes for segments, in the order given; each document's lines are indexed once.

    ``style`` defaults to the session's (:func:`use_quote_style`).
    """
    quoter = Quoter(session, keep_every_document=True, style=style)
    return [
        quoter.quote(s.id, s.document_id, s.code_id, s.coder_id, s.start, s.end) for s in segments
    ]


@dataclass(frozen=True, slots=True)
class _Source:
    """What a quote needs of its document: names, text and line starts."""

    name: str
    participant: str | None
    wave: int | None
    label: str
    text: str
    index: LineIndex
    questionnaire: bool
    attributes: dict[str, str]


class Quoter:
    """Makes quotes from segments' columns; each document is loaded and indexed once.

    With ``keep_every_document`` off, only the latest document is kept: right for segments
    in document order (as retrieval orders them), so memory holds one text at a time.
    """

    def __init__(
        self, session: Session, keep_every_document: bool = True, style: QuoteStyle | None = None
    ) -> None:
        self.session = session
        self.style = style or quote_style(session)
        self.names = code_names(session)
        self.coders: dict[int, str] = dict(session.execute(select(Coder.id, Coder.name)).all())
        self.paths: dict[int, tuple[str, ...]] = {}
        self.sources: dict[int, _Source] = {}
        self.keep_every_document = keep_every_document

    def source(self, document_id: int) -> _Source:
        found = self.sources.get(document_id)
        if found is None:
            if not self.keep_every_document:
                self.sources.clear()
            found = self.sources[document_id] = self.load(document_id)
        return found

    def load(self, document_id: int) -> _Source:
        """A document's names, text and line index, read as plain columns in one query."""
        query = (
            select(
                Document.name,
                Participant.label,
                Document.wave,
                Document.text,
                Document.kind,
                Document.participant_id,
            )
            .outerjoin(Participant, Participant.id == Document.participant_id)
            .where(Document.id == document_id)
        )
        name, participant, wave, text, kind, person = self.session.execute(query).one()
        label = cite_label(name, participant, wave, kind)
        attributes = self.attributes(document_id, person) if self.style.cite_with else {}
        questionnaire = kind == "questionnaire"
        return _Source(
            name, participant, wave, label, text, LineIndex(text), questionnaire, attributes
        )

    def attributes(self, document_id: int, participant_id: int | None) -> dict[str, str]:
        """The document's attributes by name, its participant's taking precedence."""
        found = dict(
            self.session.execute(
                select(DocumentAttribute.name, DocumentAttribute.value).where(
                    DocumentAttribute.document_id == document_id
                )
            ).all()
        )
        if participant_id is not None:
            person = select(ParticipantAttribute.name, ParticipantAttribute.value).where(
                ParticipantAttribute.participant_id == participant_id
            )
            found.update(self.session.execute(person).all())
        return {key.casefold(): value for key, value in found.items()}

    def cite(self, doc: _Source, start: int, end: int) -> str:
        """The citation of a span in the style asked for; a respondent is cited by id."""
        style = self.style.citation
        if style == "short" or (doc.questionnaire and style == "lines"):
            return doc.label
        if style == "lines":
            return citation(doc.label, start, end, doc.index)
        wanted = (doc.attributes.get(name.casefold(), "") for name in self.style.cite_with)
        about = "/".join(value for value in wanted if value)
        who = f"{doc.label}: {about}" if about else doc.label
        return f"[{who}]" if doc.questionnaire else f"[{who}, {lines_part(start, end, doc.index)}]"

    def quote(
        self, segment_id: int, document_id: int, code_id: int, coder_id: int, start: int, end: int
    ) -> Quote:
        """One segment's quote, from its id, document, code, coder and span."""
        doc = self.source(document_id)
        path = self.paths.get(code_id)
        if path is None:
            path = self.paths[code_id] = tuple(path_of(code_id, self.names))
        words, (first, last) = quote_text(
            doc.text, start, end, self.style.interviewer, self.style.ellipsis
        )
        return Quote(
            segment_id,
            path,
            self.coders[coder_id],
            doc.name,
            doc.participant,
            doc.wave,
            words,
            self.cite(doc, first, last),
        )
