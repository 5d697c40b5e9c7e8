"""What each kind of chart shows, read from a project: frequency, co-occurrence, agreement, CMO."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.analysis.charts import (
    Category,
    Chart,
    CmoDiagram,
    Grid,
    agreement_grid,
    cmo_diagram,
    cooccurrence_grid,
    count_grid,
    tree_label,
)
from qcode.errors import QcodeError
from qcode.services.agreement import AgreementRequest, agreement
from qcode.services.codebook.edit import codebook_tree
from qcode.services.coders import CONSENSUS, list_coders
from qcode.services.lookup import descendant_ids
from qcode.services.matrices import NONE_KEY, build_matrix, code_cooccurrence
from qcode.services.realist.statements import get_theme
from qcode.store.models import CmoStatement

KINDS = ("frequency", "cooccurrence", "agreement", "cmo")
BY = ("participant", "wave")
COUNTS = ("segments", "characters")


@dataclass(frozen=True)
class ChartRequest:
    """Which chart, with its options.

    ``by``: frequency columns (participant, wave or attribute:NAME); ``count``: segments or
    coded characters (frequency and co-occurrence); ``coder``: only one coder's coding;
    ``coders``: whom the agreement chart compares (None: every coder but Consensus);
    ``theme``: the CMO diagram's outcome theme (default: the first with categories flagged).
    """

    kind: str
    by: str = "participant"
    count: str = "segments"
    coder: str | None = None
    coders: Sequence[str] | None = None
    theme: str | None = None


def check_request(request: ChartRequest) -> None:
    """Refuse an unknown kind or count before anything is read."""
    if request.kind not in KINDS:
        raise QcodeError(f"cannot chart '{request.kind}'; kinds: {', '.join(KINDS)}")
    if request.count not in COUNTS:
        raise QcodeError(f"count segments or characters, not '{request.count}'")


def chart_data(session: Session, request: ChartRequest) -> Chart:
    """The values of the chart a request names (nothing is changed)."""
    check_request(request)
    if request.kind == "frequency":
        return frequency(session, request.by, request.count, request.coder)
    if request.kind == "cooccurrence":
        return cooccurrence(session, request.count, request.coder)
    if request.kind == "agreement":
        return agreement_chart(session, request.coders)
    return cmo_chart(session, request.theme)


def whose(coder: str | None) -> str:
    if coder:
        return f"{coder}'s coding only"
    return "every coder's coding (text two coders coded counts for each of them)"


def frequency(session: Session, by: str, count: str, coder: str | None = None) -> Grid:
    """Segments (or coded characters) per code × participant (or wave), every code listed."""
    result = build_matrix(session, by, None, coder)
    columns = [_column_label(by, key) for key in result.columns]
    cells = {
        (r, c): getattr(result.matrix.cell(code_id, key), count)
        for r, (code_id, _path) in enumerate(result.codes)
        for c, key in enumerate(result.columns)
    }
    across = "wave" if by == "wave" else by.removeprefix("attribute:")
    what = "Segments" if count == "segments" else "Coded characters"
    note = (
        f"{'Segments' if count == 'segments' else 'Characters'} coded with each code"
        f" (not its sub-codes) per {across}; {whose(coder)}. "
        "Counts are evidence to read, not verdicts."
    )
    rows = [tree_label(path) for _id, path in result.codes]
    title = f"{what} per code and {across}"
    levels = [len(path) - 1 for _id, path in result.codes]
    return count_grid("frequency", title, rows, columns, cells, count, note, levels)


def _column_label(by: str, key: str) -> str:
    if key == NONE_KEY:
        return "no wave" if by == "wave" else "none"
    return f"wave {key}" if by == "wave" else key


def cooccurrence(session: Session, count: str, coder: str | None = None) -> Grid:
    """Codes × codes that overlap in a document (reusing the co-occurrence analysis)."""
    order = [node.path for node in codebook_tree(session, counts=False)]
    measure = "pairs" if count == "segments" else "characters"
    note = f"Codes whose segments share text in a document; {whose(coder)}."
    return cooccurrence_grid(order, code_cooccurrence(session, coder), measure, note)


def default_coders(session: Session) -> list[str]:
    """Every coder but Consensus."""
    return [c.name for c in list_coders(session) if c.name != CONSENSUS]


def agreement_chart(session: Session, coders: Sequence[str] | None = None) -> Grid:
    """Kappa (two coders) or alpha (three or more) per code × document (None: every coder)."""
    chosen = default_coders(session) if coders is None else list(coders)
    if len(chosen) < 2:
        raise QcodeError("an agreement chart needs two coders or more; name them with --coders")
    return agreement_grid(agreement(session, AgreementRequest(coders=chosen)).result)


def chart_themes(session: Session) -> list[str]:
    """The outcome themes that have a category flagged C or M, in codebook order."""
    nodes = codebook_tree(session, counts=False)
    flagged = {node.path[0] for node in nodes if node.flags and node.depth > 0}
    return [node.path[0] for node in nodes if node.depth == 0 and node.path[0] in flagged]


def cmo_chart(session: Session, theme_path: str | None = None) -> CmoDiagram:
    """A theme's flagged categories (its whole subtree, codebook order) and its statements."""
    if theme_path is None:
        themes = chart_themes(session)
        if not themes:
            raise QcodeError("no outcome theme has categories flagged C or M yet")
        theme_path = themes[0]
    theme = get_theme(session, theme_path)
    below = set(descendant_ids(session, theme.id)) - {theme.id}
    categories = [
        Category(node.id, node.path[-1], node.flags)
        for node in codebook_tree(session, counts=False)
        if node.id in below and node.flags
    ]
    if not categories:
        raise QcodeError(f"the theme '{theme.name}' has no category flagged C or M")
    every = [c.id for c in categories]
    query = select(CmoStatement).where(CmoStatement.theme_id == theme.id)
    statements = [
        (s.text, [link.code_id for link in s.categories] or every)
        for s in session.scalars(query.order_by(CmoStatement.position, CmoStatement.id))
    ]
    return cmo_diagram(theme.name, categories, statements)
