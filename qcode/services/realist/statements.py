"""CMO configuration statements: add, edit, reorder, categorise, cite evidence, delete.

A statement draws on its theme's C/M-flagged descendants (it *inherits* them, live from the
codebook) until its categories are narrowed: then it keeps its own list, stored as rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qcode.errors import QcodeError
from qcode.services.audit import Actor
from qcode.services.history import Change, operation
from qcode.services.lookup import (
    code_names,
    descendant_ids,
    find_code,
    get_code,
    join_path,
    path_of,
    split_path,
)
from qcode.store.models import CmoCategory, CmoStatement, Code
from qcode.store.project import Project

CodeRef = str | int | Sequence[str]


def check_text(text: str) -> str:
    """A statement's words, trimmed; refuses an empty statement."""
    text = text.strip()
    if not text:
        raise QcodeError("a configuration statement needs some words")
    return text


def get_theme(session: Session, theme: CodeRef) -> Code:
    """The outcome theme at a path or id: a top-level code."""
    code = get_code(session, theme)
    if code.parent_id is not None:
        path = join_path(path_of(code.id, code_names(session)))
        raise QcodeError(f"'{path}' is not an outcome theme (a top-level code)")
    return code


def get_category(session: Session, theme: Code, category: CodeRef) -> Code:
    """A category under ``theme``: a full path, a path below the theme, or an id."""
    code: Code | None
    if isinstance(category, int):
        code = get_code(session, category)
    else:
        code = find_code(session, category)
        if code is None or code.id not in descendant_ids(session, theme.id):
            code = find_code(session, [theme.name, *split_path(category)]) or code
    shown = category if isinstance(category, str | int) else join_path(category)
    if code is None:
        raise QcodeError(f"no category '{shown}' under the theme '{theme.name}'")
    if code.id == theme.id or code.id not in descendant_ids(session, theme.id):
        raise QcodeError(f"'{shown}' is not a category of the theme '{theme.name}'")
    return code


def flagged_descendants(theme: Code) -> list[Code]:
    """The codes under ``theme`` flagged C and/or M, in codebook order (depth first)."""
    found: list[Code] = []
    seen = {theme.id}
    stack = list(reversed(theme.children))
    while stack:
        code = stack.pop()
        if code.id in seen:
            continue
        seen.add(code.id)
        if code.flags:
            found.append(code)
        stack.extend(reversed(code.children))
    return found


def get_flagged_category(session: Session, theme: Code, category: CodeRef) -> Code:
    """A category under ``theme`` that is flagged C or M (what a statement may draw on)."""
    code = get_category(session, theme, category)
    if not code.flags:
        path = join_path(path_of(code.id, code_names(session)))
        raise QcodeError(f"'{path}' is not flagged C or M, so no statement can draw on it")
    return code


def current_categories(statement: CmoStatement) -> list[Code]:
    """The categories a statement draws on: its own list, or its theme's flagged ones."""
    own = [link.code for link in statement.categories]
    return own or flagged_descendants(statement.theme)


def get_statement(session: Session, statement_id: int) -> CmoStatement:
    """The statement with this id, or a one-line error."""
    statement = session.get(CmoStatement, statement_id)
    if statement is None:
        raise QcodeError(f"no configuration statement {statement_id} in the project")
    return statement


def statement_state(session: Session, statement: CmoStatement) -> dict[str, object]:
    """A statement as recorded in the audit trail."""
    names = code_names(session)
    return {
        "theme": path_of(statement.theme_id, names),
        "text": statement.text,
        "position": statement.position,
        "categories": [path_of(c.code_id, names) for c in statement.categories],
        "inherited": not statement.categories,
        "evidence": [e.segment_id for e in statement.evidence],
    }


def set_category_rows(session: Session, statement: CmoStatement, codes: Sequence[Code]) -> None:
    """Replace a statement's categories by ``codes``, in that order."""
    ids = [code.id for code in codes]
    if len(set(ids)) != len(ids):
        raise QcodeError("a category is named twice for one statement")
    statement.categories.clear()
    session.flush()
    for number, code in enumerate(codes, start=1):
        statement.categories.append(CmoCategory(code_id=code.id, position=number))
    session.flush()


def add_statement(
    project: Project,
    theme: str | int,
    text: str,
    categories: Sequence[str | int] = (),
    actor: Actor = None,
) -> Change:
    """Add a configuration statement to an outcome theme; value is the new statement's id.

    ``theme`` is a top-level code's path or id; ``categories`` are paths (full, or below
    the theme) or ids of codes under that theme. Their C/M flags stay in the codebook.
    """
    words = check_text(text)
    with operation(project, "Add configuration statement", actor) as op:
        session = op.session
        theme_code = get_theme(session, theme)
        codes = [get_category(session, theme_code, c) for c in categories]
        last = session.scalar(
            select(func.max(CmoStatement.position)).where(CmoStatement.theme_id == theme_code.id)
        )
        statement = CmoStatement(theme_id=theme_code.id, text=words, position=(last or 0) + 1)
        session.add(statement)
        session.flush()
        set_category_rows(session, statement, codes)
        op.label = f"Add configuration statement to '{theme_code.name}'"
        op.value = statement.id
        op.audit(
            "add cmo statement",
            "cmo_statement",
            statement.guid,
            after=statement_state(session, statement),
        )
    return op.change


def edit_statement(
    project: Project, statement_id: int, text: str, actor: Actor = None, reason: str = ""
) -> Change:
    """Change a statement's words."""
    words = check_text(text)
    with operation(project, "Edit configuration statement", actor) as op:
        statement = get_statement(op.session, statement_id)
        before = statement_state(op.session, statement)
        statement.text = words
        op.value = statement.id
        op.audit(
            "edit cmo statement",
            "cmo_statement",
            statement.guid,
            before=before,
            after=statement_state(op.session, statement),
            reason=reason,
        )
    return op.change


def move_statement(
    project: Project, statement_id: int, position: int, actor: Actor = None
) -> Change:
    """Put a statement at ``position`` (0-based) among its theme's statements."""
    with operation(project, "Reorder configuration statements", actor) as op:
        session = op.session
        statement = get_statement(session, statement_id)
        before = statement_state(session, statement)
        siblings = [
            s
            for s in session.scalars(
                select(CmoStatement)
                .where(CmoStatement.theme_id == statement.theme_id)
                .order_by(CmoStatement.position, CmoStatement.id)
            )
            if s.id != statement.id
        ]
        siblings.insert(max(0, min(position, len(siblings))), statement)
        for number, sibling in enumerate(siblings, start=1):
            sibling.position = number
        op.value = statement.id
        op.audit(
            "move cmo statement",
            "cmo_statement",
            statement.guid,
            before=before,
            after=statement_state(session, statement),
        )
    return op.change


def _change_categories(
    project: Project,
    statement_id: int,
    label: str,
    action: str,
    actor: Actor,
    new_codes: Callable[[Session, Code, list[Code]], list[Code]],
    reason: str = "",
) -> Change:
    """Run one category edit: ``new_codes(session, theme, current)`` gives the new list."""
    with operation(project, label, actor) as op:
        session = op.session
        statement = get_statement(session, statement_id)
        before = statement_state(session, statement)
        theme = get_code(session, statement.theme_id)
        codes = new_codes(session, theme, current_categories(statement))
        if not codes:
            raise QcodeError(
                f"statement {statement.id} would draw on no category; keep one, or let it"
                " inherit its theme's categories again"
            )
        set_category_rows(session, statement, codes)
        op.value = statement.id
        op.audit(
            action,
            "cmo_statement",
            statement.guid,
            before=before,
            after=statement_state(session, statement),
            reason=reason,
        )
    return op.change


def set_categories(
    project: Project,
    statement_id: int,
    categories: Sequence[str | int],
    actor: Actor = None,
) -> Change:
    """Replace a statement's categories with ``categories``, in that order."""

    def chosen(session: Session, theme: Code, _current: list[Code]) -> list[Code]:
        return [get_category(session, theme, c) for c in categories]

    label = "Set categories of a configuration statement"
    return _change_categories(project, statement_id, label, "set cmo categories", actor, chosen)


def attach_category(
    project: Project,
    statement_id: int,
    category: str | int,
    position: int | None = None,
    actor: Actor = None,
) -> Change:
    """Add one category to a statement, at ``position`` (0-based; default last)."""

    def added(session: Session, theme: Code, current: list[Code]) -> list[Code]:
        code = get_category(session, theme, category)
        if code in current:
            raise QcodeError(f"the statement already draws on '{code.name}'")
        place = len(current) if position is None else max(0, position)
        return current[:place] + [code] + current[place:]

    label = "Attach category to a configuration statement"
    return _change_categories(project, statement_id, label, "attach cmo category", actor, added)


def detach_category(
    project: Project, statement_id: int, category: str | int, actor: Actor = None
) -> Change:
    """Take one category off a statement (the code stays in the codebook)."""

    def removed(session: Session, theme: Code, current: list[Code]) -> list[Code]:
        code = get_category(session, theme, category)
        if code not in current:
            raise QcodeError(f"the statement does not draw on '{code.name}'")
        return [c for c in current if c.id != code.id]

    label = "Detach category from a configuration statement"
    return _change_categories(project, statement_id, label, "detach cmo category", actor, removed)


def narrow_categories(
    project: Project,
    statement_id: int,
    add: Sequence[str | int] = (),
    remove: Sequence[str | int] = (),
    actor: Actor = None,
    reason: str = "",
) -> Change:
    """Add and take off categories in one step, starting from what the statement draws on.

    An inheriting statement starts from its theme's flagged categories and is narrowed from
    then on. Each added code must be under the theme and flagged C or M.
    """

    def narrowed(session: Session, theme: Code, current: list[Code]) -> list[Code]:
        if not add and not remove:
            raise QcodeError("name a category to add or to remove")
        codes = list(current)
        for category in remove:
            code = get_category(session, theme, category)
            if code not in codes:
                raise QcodeError(f"the statement does not draw on '{code.name}'")
            codes.remove(code)
        for category in add:
            code = get_flagged_category(session, theme, category)
            if code in codes:
                raise QcodeError(f"the statement already draws on '{code.name}'")
            codes.append(code)
        return codes

    label = "Change categories of a configuration statement"
    action = "narrow cmo categories"
    return _change_categories(project, statement_id, label, action, actor, narrowed, reason)


def inherit_categories(
    project: Project, statement_id: int, actor: Actor = None, reason: str = ""
) -> Change:
    """Drop a statement's own list: it draws on its theme's flagged categories again, live."""
    with operation(project, "Inherit the theme's categories", actor) as op:
        session = op.session
        statement = get_statement(session, statement_id)
        if not statement.categories:
            raise QcodeError(f"statement {statement.id} already inherits its theme's categories")
        before = statement_state(session, statement)
        set_category_rows(session, statement, [])
        op.value = statement.id
        op.audit(
            "inherit cmo categories",
            "cmo_statement",
            statement.guid,
            before=before,
            after=statement_state(session, statement),
            reason=reason,
        )
    return op.change


def delete_statement(
    project: Project, statement_id: int, actor: Actor = None, reason: str = ""
) -> Change:
    """Delete a statement with its category and evidence links (codes and coding stay)."""
    with operation(project, "Delete configuration statement", actor) as op:
        session = op.session
        statement = get_statement(session, statement_id)
        before = statement_state(session, statement)
        guid, theme_id = statement.guid, statement.theme_id
        session.delete(statement)
        session.flush()
        renumber(session, theme_id)
        op.audit("delete cmo statement", "cmo_statement", guid, before=before, reason=reason)
    return op.change


def renumber(session: Session, theme_id: int) -> None:
    """Number a theme's statements 1..n in their current order."""
    statements = session.scalars(
        select(CmoStatement)
        .where(CmoStatement.theme_id == theme_id)
        .order_by(CmoStatement.position, CmoStatement.id)
    )
    for number, statement in enumerate(statements, start=1):
        statement.position = number
