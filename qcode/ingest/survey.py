"""Questionnaire exports (.csv, .xlsx): one document per respondent.

Rules:

- The first row holds the question headings (trimmed; whitespace inside a
  heading collapses to single spaces). Completely empty rows are skipped.
- CSV: decoded as in ``qcode.ingest.text``; the delimiter is whichever of
  ``,`` ``;`` and tab splits the heading row into the most fields (ties in that
  order). XLSX: the first worksheet, cell values as last calculated.
- The respondent-id column is the first whose heading, lower-cased with ``_``
  and ``-`` read as spaces, is one of: id, respondent, respondent id,
  respondentid, response id, responseid, participant, participant id,
  participantid. Its values are the ids (kept as written, but a bare number
  ``3`` becomes ``Q3``). Without such a column the ids are Q1, Q2, ... in row order.
- Each other column has a class, detected by the rules in ``survey_columns`` (open text,
  categorical, numeric, Likert) unless the importer chooses one by heading; a chosen
  class the answers cannot take is refused (a chosen heading the file lacks is passed
  over: a batch shares one choice). A column with no answers at all is ignored.
- Closed (categorical, numeric, Likert) answers become the respondent's ``attributes``
  (heading -> value): numbers as int when integral else float (as text in a categorical
  column), true/false as bool, dates as ISO text, other values as trimmed text; empty
  answers are left out.
- The document text lists the non-empty open-text answers in column order,
  each as the heading on its own line, then the answer (trimmed, line endings
  normalised), with one blank line between questions::

      What helped?
      Having protected time.

      What got in the way?
      Rota gaps.

  A respondent with no open-text answer gets the text ``(no open-text answers)``.
- Refused: no rows, headings but no responses, a row with more (non-empty)
  values than headings, a column with values but no heading, two columns with
  the same heading, a missing or duplicate respondent id, a cell longer than
  the csv module's field limit (131,072 characters; Excel itself stops at 32,767).
- Bounded, checked as rows are read (one line naming the file and the limit):
  at most 16,384 columns (Excel's own limit), 100,000 respondents, 1,000,000
  cells in all, and row numbers up to Excel's 1,048,576. A workbook's stated
  dimensions are ignored (rows are as wide as their last cell), and the .xlsx
  package is checked as a zip bomb before openpyxl opens it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import openpyxl

from qcode.errors import IngestError
from qcode.ingest import survey_columns as rules
from qcode.ingest.archive_limits import check_office_package
from qcode.ingest.model import AttributeValue, IngestedDocument
from qcode.ingest.naming import clean_name
from qcode.ingest.text import decode_bytes, normalise_newlines

NO_OPEN_TEXT = "(no open-text answers)"
MAX_COLUMNS = 16_384
MAX_RESPONDENTS = 100_000
MAX_CELLS = 1_000_000
MAX_ROW_NUMBER = 1_048_576
MAX_CELL_CHARS = 131_072  # the csv module's default field limit

_ID_HEADINGS = frozenset(
    {
        "id",
        "respondent",
        "respondent id",
        "respondentid",
        "response id",
        "responseid",
        "participant",
        "participant id",
        "participantid",
    }
)
_DELIMITERS = (",", ";", "\t")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")

Cell = Any  # str from CSV; str, int, float, bool, datetime or None from XLSX


def read_csv(
    data: bytes, name: str, columns: Mapping[str, str] | None = None
) -> list[IngestedDocument]:
    """One questionnaire document per row of a CSV export (``columns``: chosen classes)."""
    return _documents(_csv_rows(data, name), name, "csv", columns or {})


def read_xlsx(
    data: bytes, name: str, columns: Mapping[str, str] | None = None
) -> list[IngestedDocument]:
    """One questionnaire document per row of the first worksheet of an .xlsx workbook."""
    return _documents(_xlsx_rows(data, name), name, "xlsx", columns or {})


def survey_columns(
    data: bytes, name: str, fmt: str, columns: Mapping[str, str] | None = None
) -> list[rules.SurveyColumn]:
    """The question columns of a .csv or .xlsx export (``fmt``) with their classes."""
    rows = _xlsx_rows(data, name) if fmt == "xlsx" else _csv_rows(data, name)
    table = _table(rows, name, columns or {})
    return [_described(table, col, detected) for col, detected in table.detected.items()]


def _csv_rows(data: bytes, name: str) -> list[tuple[int, list[Cell]]]:
    text = decode_bytes(data, name)
    if not text.strip():
        raise IngestError(f"{name}: contains no rows")
    delimiter = _sniff_delimiter(text)
    _check_line_widths(text, delimiter, name)
    try:
        reader = csv.reader(_lines(text), delimiter=delimiter)
        rows = list(_bounded(reader, name))
    except csv.Error as exc:
        if "field limit" in str(exc):
            raise IngestError(
                f"{name}: a cell holds more than {csv.field_size_limit():,} characters, the "
                "limit for one CSV cell (is a quotation mark left open?)"
            ) from exc
        raise IngestError(f"{name}: is not a well-formed CSV file ({exc})") from exc
    return rows


def _check_line_widths(text: str, delimiter: str, name: str) -> None:
    """Refuse a line with more delimiters than columns allowed, before csv splits it."""
    for number, line in enumerate(_lines(text), start=1):
        if line.count(delimiter) >= MAX_COLUMNS:
            raise _too_many_columns(name, number)


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` with their endings, as ``io.StringIO(text, newline="")`` gives
    them, made one at a time (a StringIO holds four bytes a character: 100 MB for a 25 MB CSV)."""
    for match in _LINE.finditer(text):
        yield match.group()


def _xlsx_rows(data: bytes, name: str) -> list[tuple[int, list[Cell]]]:
    check_office_package(data, name, "an Excel workbook", _damaged(name))
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            sheet.reset_dimensions()  # stated dimensions would pad every row to them
            rows = list(_bounded(sheet.iter_rows(values_only=True), name))
        finally:
            book.close()
    except IngestError:
        raise
    except Exception as exc:  # openpyxl fails in many ways on a malformed workbook
        raise IngestError(_damaged(name)) from exc
    return rows


def _sniff_delimiter(text: str) -> str:
    first = re.split(r"\r\n|\r|\n", text, maxsplit=1)[0]
    counts = [_field_count(first, d) for d in _DELIMITERS]
    return _DELIMITERS[counts.index(max(counts))]


def _field_count(line: str, delimiter: str) -> int:
    """Fields ``delimiter`` splits a line into; 0 if one would exceed the csv module's limit."""
    try:
        return len(next(csv.reader([line], delimiter=delimiter), []))
    except csv.Error:  # a wide heading row read with the wrong delimiter is one huge field
        return 0


def _bounded(raw_rows: Iterable[Sequence[Cell]], name: str) -> Iterator[tuple[int, list[Cell]]]:
    """(row number, cells) of each non-empty row, refusing a file past the limits."""
    cells = respondents = 0
    for number, row in enumerate(raw_rows, start=1):
        if number > MAX_ROW_NUMBER:
            raise IngestError(f"{name}: refused, it has rows past row {MAX_ROW_NUMBER:,}")
        if len(row) > MAX_COLUMNS:
            raise _too_many_columns(name, number)
        if _blank(row):
            continue
        cells += len(row)
        respondents += 1
        if cells > MAX_CELLS or respondents > MAX_RESPONDENTS + 1:
            raise IngestError(
                f"{name}: refused, it is larger than a survey qcode reads (at most "
                f"{MAX_RESPONDENTS:,} respondents and {MAX_CELLS:,} cells)"
            )
        if any(isinstance(cell, str) and len(cell) > MAX_CELL_CHARS for cell in row):
            raise IngestError(
                f"{name}: row {number} has a cell of more than {MAX_CELL_CHARS:,} characters, "
                "the limit for one cell"
            )
        yield number, list(row)


def _too_many_columns(name: str, number: int) -> IngestError:
    return IngestError(
        f"{name}: refused, row {number} has more than {MAX_COLUMNS:,} columns (the limit)"
    )


@dataclass(frozen=True)
class _Table:
    """A parsed export: headings, data rows, respondent ids and each column's classes."""

    headings: list[str]
    rows: list[tuple[int, list[Cell]]]
    ids: list[str]
    detected: dict[int, str]
    classes: dict[int, str]


def _table(numbered: list[tuple[int, list[Cell]]], name: str, chosen: Mapping[str, str]) -> _Table:
    if not numbered:
        raise IngestError(f"{name}: contains no rows")
    headings = _headings(numbered[0][1], numbered[1:], name)
    if len(numbered) == 1:
        raise IngestError(f"{name}: has headings but no responses")
    rows = [(n, _fit(row, len(headings), n, name)) for n, row in numbered[1:]]
    id_col = next((i for i, h in enumerate(headings) if _is_id_heading(h)), None)
    ids = _respondent_ids(rows, id_col, name)
    questions = [i for i in range(len(headings)) if i != id_col]
    detected = {i: _detect(headings[i], [row[i] for _, row in rows]) for i in questions}
    classes = rules.resolve_classes(headings, detected, chosen)
    for col, kind in classes.items():
        answers = [(n, row[col]) for n, row in rows if not _empty(row[col])]
        rules.check_choice(name, headings[col], kind, answers, _typed)
    return _Table(headings, rows, ids, detected, classes)


def _detect(heading: str, column: list[Cell]) -> str:
    return rules.detect(heading, [c for c in column if not _empty(c)], _typed, _as_text)


def _described(table: _Table, col: int, detected: str) -> rules.SurveyColumn:
    answers = [_as_text(row[col]).strip() for _, row in table.rows if not _empty(row[col])]
    example = answers[0] if answers else ""
    return rules.SurveyColumn(
        heading=table.headings[col],
        detected=detected,
        chosen=table.classes[col],
        answers=len(answers),
        distinct=len({a.casefold() for a in answers}),
        example=" ".join(example.split())[:60],
    )


def _documents(
    numbered: list[tuple[int, list[Cell]]], name: str, fmt: str, chosen: Mapping[str, str]
) -> list[IngestedDocument]:
    table = _table(numbered, name, chosen)
    return [
        IngestedDocument(
            name=rid,
            text=_answers_text(table.headings, row, table.classes),
            format=fmt,
            kind="questionnaire",
            participant=rid,
            attributes=_attributes(table.headings, row, table.classes),
        )
        for rid, (_, row) in zip(table.ids, table.rows, strict=True)
    ]


def _blank(row: Sequence[Cell]) -> bool:
    return all(_empty(cell) for cell in row)


def _empty(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _headings(row: list[Cell], data_rows: list[tuple[int, list[Cell]]], name: str) -> list[str]:
    """Trimmed headings; trailing unnamed columns without values are dropped."""
    headings = [" ".join(_as_text(cell).split()) for cell in row]
    while headings and not headings[-1]:
        col = len(headings) - 1
        if any(len(r) > col and not _empty(r[col]) for _, r in data_rows):
            break
        headings.pop()
    seen: set[str] = set()
    for col, heading in enumerate(headings, start=1):
        if not heading:
            raise IngestError(f"{name}: column {col} has values but no heading")
        if heading.casefold() in seen:
            raise IngestError(f"{name}: two columns have the same heading '{heading}'")
        seen.add(heading.casefold())
    return headings


def _fit(row: list[Cell], width: int, number: int, name: str) -> list[Cell]:
    """Pad a short row with empty cells; refuse one with extra non-empty cells."""
    extra = row[width:]
    if any(not _empty(cell) for cell in extra):
        count = width + max(i for i, c in enumerate(extra, start=1) if not _empty(c))
        raise IngestError(
            f"{name}: row {number} has {count} values but there are only {width} headings"
        )
    return row[:width] + [None] * (width - len(row))


def _is_id_heading(heading: str) -> bool:
    return " ".join(re.sub(r"[_-]", " ", heading.lower()).split()) in _ID_HEADINGS


def _respondent_ids(rows: list[tuple[int, list[Cell]]], col: int | None, name: str) -> list[str]:
    if col is None:
        return [f"Q{i}" for i in range(1, len(rows) + 1)]
    ids: list[str] = []
    first_row: dict[str, int] = {}
    for number, row in rows:
        rid = clean_name(_as_text(row[col]))
        rid = f"Q{rid}" if rid.isdigit() else rid
        if not rid:
            raise IngestError(f"{name}: row {number} has no respondent id")
        if rid in first_row:
            raise IngestError(
                f"{name}: respondent id '{rid}' appears twice (rows {first_row[rid]} and {number})"
            )
        first_row[rid] = number
        ids.append(rid)
    return ids


def _typed(cell: Cell) -> AttributeValue | None:
    """A number, bool or ISO date for a cell that is one, else None."""
    if isinstance(cell, bool):
        return cell
    if isinstance(cell, int | float):
        return _number(float(cell)) if isinstance(cell, float) else cell
    if isinstance(cell, dt.datetime | dt.date | dt.time):
        return _iso(cell)
    text = str(cell).strip()
    if _NUMBER.fullmatch(text):
        return _number(float(text)) if not re.fullmatch(r"[+-]?\d+", text) else int(text)
    if _DATE.fullmatch(text):
        return text
    return None


def _number(value: float) -> int | float:
    return int(value) if value.is_integer() else value


def _iso(value: dt.datetime | dt.date | dt.time) -> str:
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date().isoformat()
    return value.isoformat()


def _as_text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, dt.datetime | dt.date | dt.time):
        return _iso(cell)
    if isinstance(cell, float):
        return str(_number(cell))
    return normalise_newlines(str(cell))


def _attributes(
    headings: list[str], row: list[Cell], kinds: dict[int, str]
) -> dict[str, AttributeValue]:
    result: dict[str, AttributeValue] = {}
    for col, kind in kinds.items():
        cell = row[col]
        if kind in (rules.OPEN, rules.EMPTY) or _empty(cell):
            continue
        result[headings[col]] = rules.attribute_value(kind, cell, _typed, _as_text)
    return result


def _answers_text(headings: list[str], row: list[Cell], kinds: dict[int, str]) -> str:
    blocks = [
        f"{headings[col]}\n{_as_text(row[col]).strip()}"
        for col, kind in kinds.items()
        if kind == rules.OPEN and not _empty(row[col])
    ]
    return "\n\n".join(blocks) if blocks else NO_OPEN_TEXT


def _damaged(name: str) -> str:
    return (
        f"{name}: is damaged and cannot be read as an Excel workbook; "
        "open it in Excel and save it again"
    )
