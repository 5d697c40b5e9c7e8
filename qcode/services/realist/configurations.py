"""Reading CMO configurations: themes in codebook order, statements, categories, evidence."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.services.lookup import code_names, get_coder, path_of
from qcode.services.quotes import Quote, quotes_for
from qcode.services.realist.statements import flagged_descendants
from qcode.store.models import CmoStatement, Code, Document, Segment


@dataclass(frozen=True)
class CategoryView:
    """A category with its live C/M flags and how much coded talk supports it.

    ``segments`` counts segments coded with the category or its sub-categories;
    ``participants`` the distinct participants they come from. Evidence, not verdicts.
    """

    id: int
    path: tuple[str, ...]
    flags: str
    participants: int
    segments: int

    @property
    def name(self) -> str:
        return self.path[-1]


@dataclass(frozen=True)
class StatementView:
    """A configuration statement with the categories it draws on and the quotes it cites.

    ``inherited``: the categories are the theme's C/M-flagged ones, read live from the
    codebook; otherwise the statement has been narrowed to its own list.
    """

    id: int
    text: str
    position: int
    categories: tuple[CategoryView, ...]
    evidence: tuple[Quote, ...]
    inherited: bool = False


@dataclass(frozen=True)
class ThemeView:
    """An outcome theme: its categories (direct sub-codes) and its statements, in order.

    ``flagged``: every C/M-flagged code under the theme, at any depth, in codebook order;
    what an inheriting statement draws on.
    """

    id: int
    name: str
    categories: tuple[CategoryView, ...]
    statements: tuple[StatementView, ...]
    flagged: tuple[CategoryView, ...] = ()

    @property
    def path(self) -> tuple[str, ...]:
        return (self.name,)


class Support:
    """Segment and participant counts of every code's subtree, computed in one pass."""

    def __init__(self, session: Session, coder: str | None = None) -> None:
        query = select(Segment.id, Segment.code_id, Document.participant_id).join(
            Document, Document.id == Segment.document_id
        )
        if coder is not None:
            query = query.where(Segment.coder_id == get_coder(session, coder).id)
        self.names = code_names(session)
        own_segments: dict[int, set[int]] = defaultdict(set)
        own_people: dict[int, set[int]] = defaultdict(set)
        for segment_id, code_id, participant_id in session.execute(query):
            own_segments[code_id].add(segment_id)
            if participant_id is not None:
                own_people[code_id].add(participant_id)
        self.children: dict[int | None, list[int]] = defaultdict(list)
        for code_id, (parent_id, _name) in self.names.items():
            self.children[parent_id].append(code_id)
        self.own_segments, self.own_people = own_segments, own_people

    def category(self, code: Code) -> CategoryView:
        """The view of one code, counting its whole subtree."""
        segments: set[int] = set()
        people: set[int] = set()
        stack = [code.id]
        while stack:
            current = stack.pop()
            segments |= self.own_segments.get(current, set())
            people |= self.own_people.get(current, set())
            stack.extend(self.children.get(current, []))
        path = tuple(path_of(code.id, self.names))
        return CategoryView(code.id, path, code.flags, len(people), len(segments))


def top_level_codes(session: Session) -> list[Code]:
    """The outcome themes candidates: top-level codes in codebook order."""
    query = select(Code).where(Code.parent_id.is_(None)).order_by(Code.position, Code.id)
    return list(session.scalars(query))


def statement_view(
    session: Session,
    statement: CmoStatement,
    support: Support,
    flagged: tuple[CategoryView, ...],
) -> StatementView:
    """A statement with its own categories, or its theme's ``flagged`` ones if it has none."""
    own = tuple(support.category(link.code) for link in statement.categories)
    evidence = tuple(quotes_for(session, [link.segment for link in statement.evidence]))
    categories = own or flagged
    return StatementView(
        statement.id, statement.text, statement.position, categories, evidence, not own
    )


def list_statements(
    session: Session, coder: str | None = None, all_themes: bool = False
) -> list[ThemeView]:
    """Per theme in codebook order, its categories and its statements with evidence.

    Only themes with statements, unless ``all_themes``: then every top-level code.
    ``coder`` limits the support counts to one coder's coding.
    """
    support = Support(session, coder)
    by_theme: dict[int, list[CmoStatement]] = defaultdict(list)
    query = select(CmoStatement).order_by(CmoStatement.position, CmoStatement.id)
    for statement in session.scalars(query):
        by_theme[statement.theme_id].append(statement)
    themes = []
    for theme in top_level_codes(session):
        statements = by_theme.get(theme.id, [])
        if not statements and not all_themes:
            continue
        flagged = tuple(support.category(code) for code in flagged_descendants(theme))
        themes.append(
            ThemeView(
                theme.id,
                theme.name,
                tuple(support.category(child) for child in theme.children),
                tuple(statement_view(session, s, support, flagged) for s in statements),
                flagged,
            )
        )
    return themes
