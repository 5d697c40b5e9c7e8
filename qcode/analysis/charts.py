"""What a chart shows, as plain values: heat-map grids and CMO diagrams from analysis results."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from qcode.analysis.agreement.measures import alpha_from_histogram
from qcode.analysis.agreement.report import AgreementResult
from qcode.analysis.cooccurrence import CoOccurrence

CodePath = tuple[str, ...]
INDENT = "\u2002\u2002"  # two en spaces a level: kept by SVG (plain spaces would collapse)
COUNT, AGREEMENT = "count", "agreement"


@dataclass(frozen=True)
class Grid:
    """Rows × columns of numbers for a heat map, with the text shown in each cell.

    ``values[r][c]`` None: no value (a grey cell); ``texts[r][c]`` what the cell says.
    ``scale`` is ``count`` (0 up to the largest value) or ``agreement`` (−1 to 1).
    """

    kind: str
    title: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    values: tuple[tuple[float | None, ...], ...]
    texts: tuple[tuple[str, ...], ...]
    measure: str
    scale: str = COUNT
    note: str = ""
    levels: tuple[int, ...] = ()
    """Each row's depth in the codebook, where the rows are a code tree (drawn indented)."""

    def value(self, row: str, column: str) -> float | None:
        """The value at a row and column label (for tests and readers)."""
        return self.values[self.rows.index(row)][self.columns.index(column)]


@dataclass(frozen=True)
class Category:
    """A box of a CMO diagram: a category's name and flags."""

    id: int
    name: str
    flags: str

    @property
    def label(self) -> str:
        """The name and flags, e.g. "Safe space (C, M)"; the flags never split across lines."""
        flags = ",\u00a0".join(self.flags)
        return f"{self.name}\u00a0({flags})" if self.flags else self.name


@dataclass(frozen=True)
class CmoDiagram:
    """Contexts → mechanisms → outcome for one theme.

    Contexts are the categories flagged C only; mechanisms those flagged M (or C and M).
    ``links`` pairs a context and a mechanism (indexes) named together by a statement.
    """

    theme: str
    contexts: tuple[Category, ...]
    mechanisms: tuple[Category, ...]
    statements: tuple[str, ...] = ()
    links: tuple[tuple[int, int], ...] = field(default=())

    @property
    def kind(self) -> str:
        return "cmo"

    @property
    def title(self) -> str:
        return f"Contexts → mechanisms → outcome: {self.theme}"


Chart = Grid | CmoDiagram


def cmo_diagram(
    theme: str, categories: Sequence[Category], statements: Sequence[tuple[str, Sequence[int]]]
) -> CmoDiagram:
    """The diagram of a theme from its flagged categories and its statements (text and the
    ids of the categories each names); unflagged categories are left out."""
    contexts = tuple(c for c in categories if c.flags == "C")
    mechanisms = tuple(c for c in categories if "M" in c.flags)
    where_c = {c.id: i for i, c in enumerate(contexts)}
    where_m = {c.id: i for i, c in enumerate(mechanisms)}
    links: set[tuple[int, int]] = set()
    for _text, ids in statements:
        links.update(
            (where_c[a], where_m[b]) for a in ids if a in where_c for b in ids if b in where_m
        )
    texts = tuple(text for text, _ids in statements)
    return CmoDiagram(theme, contexts, mechanisms, texts, tuple(sorted(links)))


def unique_labels(paths: Sequence[CodePath]) -> list[str]:
    """Each code by its own name, or by its whole path where two codes share a name."""
    names = Counter(path[-1] for path in paths)
    return [path[-1] if names[path[-1]] == 1 else " / ".join(path) for path in paths]


def tree_label(path: CodePath) -> str:
    """A code's name indented by its depth (for rows in codebook order)."""
    return INDENT * (len(path) - 1) + path[-1]


def natural(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort "Q2" before "Q10": numbers as numbers."""
    parts = re.split(r"(\d+)", text)
    return tuple((0, int(p)) if p.isdigit() else (1, p.lower()) for p in parts)


def count_text(value: float) -> str:
    return "" if value == 0 else f"{value:,.0f}"


def count_grid(
    kind: str,
    title: str,
    rows: Sequence[str],
    columns: Sequence[str],
    cells: Mapping[tuple[int, int], float],
    measure: str,
    note: str = "",
    levels: Sequence[int] = (),
) -> Grid:
    """A grid of counts (absent cells are 0, shown blank)."""
    values = tuple(
        tuple(float(cells.get((r, c), 0)) for c in range(len(columns))) for r in range(len(rows))
    )
    texts = tuple(tuple(count_text(v) for v in row) for row in values)
    return Grid(
        kind, title, tuple(rows), tuple(columns), values, texts, measure, COUNT, note, tuple(levels)
    )


def cooccurrence_grid(
    order: Sequence[CodePath],
    pairs: Iterable[tuple[CodePath, CodePath, CoOccurrence]],
    measure: str = "pairs",
    note: str = "",
) -> Grid:
    """Codes × codes: overlapping segment pairs (or characters) of each pair of codes.

    Only codes that overlap another appear, in ``order`` (the codebook's); rows are numbered
    and the columns carry the numbers. The diagonal is grey.
    """
    found = list(pairs)
    used = {path for a, b, _v in found for path in (a, b)}
    codes = [path for path in order if path in used]
    where = {path: i for i, path in enumerate(codes)}
    cells: dict[tuple[int, int], float] = {}
    for a, b, value in found:
        number = float(getattr(value, measure))
        cells[(where[a], where[b])] = cells[(where[b], where[a])] = number
    size = len(codes)
    values = tuple(
        tuple(None if r == c else cells.get((r, c), 0.0) for c in range(size)) for r in range(size)
    )
    texts = tuple(tuple("" if v is None else count_text(v) for v in row) for row in values)
    rows = tuple(f"{i + 1}. {label}" for i, label in enumerate(unique_labels(codes)))
    what = "overlapping segment pairs" if measure == "pairs" else "characters coded with both"
    title = f"Co-occurrence of codes ({what})"
    columns = tuple(str(i + 1) for i in range(size))
    return Grid("cooccurrence", title, rows, columns, values, texts, measure, COUNT, note)


def agreement_grid(result: AgreementResult) -> Grid:  # type: ignore[type-arg]
    """Per code × document: Cohen's kappa for two coders, Krippendorff's alpha for more.

    Computed by the agreement statistics (no new formula here), on characters. A cell no
    coder coded is grey and blank; one whose figure is undefined says n/a.
    """
    coders = list(result.coders)
    codes = [tuple(code) for code in result.code_labels]
    documents = [str(doc) for doc in result.documents]
    figures: dict[tuple[int, int], float | None] = {}
    if len(coders) == 2:
        for cell in result.cells():
            key = (codes.index(tuple(cell.code)), documents.index(str(cell.document)))
            figures[key] = cell.counts.kappa
        name, symbol = "Cohen's kappa", "κ"
    else:
        for code, document, histogram in result.coder_cells():
            key = (codes.index(tuple(code)), documents.index(str(document)))
            figures[key] = alpha_from_histogram(histogram)
        name, symbol = "Krippendorff's alpha", "α"
    coded_rows = sorted({r for r, _c in figures})
    coded_columns = sorted({c for _r, c in figures}, key=lambda c: natural(documents[c]))
    values = tuple(tuple(figures.get((r, c)) for c in coded_columns) for r in coded_rows)
    texts = tuple(tuple(_figure_text((r, c), figures) for c in coded_columns) for r in coded_rows)
    labels = unique_labels([codes[r] for r in coded_rows])
    note = (
        f"{name} on characters per code and document, {', '.join(coders)}. "
        "Grey: no coder coded the code there; n/a: undefined. A guide, not a verdict."
    )
    return Grid(
        "agreement",
        f"Agreement per code and document ({symbol})",
        tuple(labels),
        tuple(documents[c] for c in coded_columns),
        values,
        texts,
        symbol,
        AGREEMENT,
        note,
    )


def _figure_text(key: tuple[int, int], figures: Mapping[tuple[int, int], float | None]) -> str:
    if key not in figures:
        return ""
    value = figures[key]
    return "n/a" if value is None else f"{value:.2f}"
