"""Classification sheets (.csv, .xlsx): one row per participant, one column per attribute.

Rules (NVivo's case classification sheet layout):

- The first non-blank row is the header: its first cell is ignored (NVivo puts the
  classification's name there), the others name the attributes (trimmed, inner runs
  of whitespace collapsed). Refused: no attribute names, a column with values but no
  name, two columns with the same name (ignoring case).
- Every later row that is not blank gives a participant: the label in the first
  column (trimmed), then one value per attribute. Refused: a row with values but no
  label, a label on two rows, a row with more values than the header has names, a
  header without any participant row.
- Values: an empty cell is ``None`` (the caller decides what that means). CSV cells
  are text, read as whole numbers or decimals where they are one (as ``--attr``
  does). XLSX cells keep their type: numbers (a whole float as int), true/false,
  dates (a date-time at midnight as a date, another as ISO text), else trimmed text.
- CSV decoding as in ``qcode.ingest.text``; the delimiter is whichever of ``,``
  ``;`` and tab splits the header into most fields. XLSX: the first worksheet.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qcode.errors import IngestError
from qcode.ingest.model import AttributeValue
from qcode.ingest.text import decode_bytes

SHEET_SUFFIXES = (".csv", ".xlsx")
SheetValue = AttributeValue | dt.date
Cell = Any  # str from CSV; str, int, float, bool, datetime or None from XLSX
_DELIMITERS = (",", ";", "\t")


@dataclass(frozen=True)
class SheetRow:
    """One participant's row: its label, line number and a value (or None) per attribute."""

    label: str
    line: int
    values: tuple[SheetValue | None, ...]


@dataclass(frozen=True)
class ClassificationSheet:
    """The attribute names of a sheet and its participant rows, in file order."""

    attributes: tuple[str, ...]
    rows: tuple[SheetRow, ...]


def read_sheet(path: Path) -> ClassificationSheet:
    """Read a classification sheet, or raise a one-line IngestError naming the file."""
    name = path.name
    suffix = path.suffix.lower()
    if suffix not in SHEET_SUFFIXES:
        raise IngestError(f"{name}: a classification sheet must be a .csv or .xlsx file")
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise IngestError(f"{name}: is a folder, not a classification sheet") from None
    except OSError as exc:
        raise IngestError(f"{name}: cannot be read ({exc.strerror or exc})") from exc
    rows = _xlsx_rows(data, name) if suffix == ".xlsx" else _csv_rows(data, name)
    return parse_rows(rows, name, typed_text=suffix == ".csv")


def _csv_rows(data: bytes, name: str) -> list[list[Cell]]:
    text = decode_bytes(data, name)
    first = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    counts = [len(next(csv.reader([first], delimiter=d), [])) for d in _DELIMITERS]
    delimiter = _DELIMITERS[counts.index(max(counts))]
    try:
        return [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        raise IngestError(f"{name}: is not a well-formed CSV file ({exc})") from exc


def _xlsx_rows(data: bytes, name: str) -> list[list[Cell]]:
    import openpyxl  # heavy: loaded only for a workbook

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
        finally:
            book.close()
    except Exception as exc:  # openpyxl fails in many ways on a malformed workbook
        raise IngestError(
            f"{name}: cannot be read as an Excel workbook; open it in Excel and save it again"
        ) from exc


def parse_rows(rows: Sequence[Sequence[Cell]], name: str, typed_text: bool) -> ClassificationSheet:
    """A sheet from raw rows (numbered from 1), by the rules in the module docstring."""
    numbered = [(n, list(row)) for n, row in enumerate(rows, start=1) if not _blank(row)]
    if not numbered:
        raise IngestError(f"{name}: is empty; its first row must name the attributes")
    header_line, header = numbered[0]
    names = _attribute_names(header, numbered[1:], name, header_line)
    if len(numbered) == 1:
        raise IngestError(f"{name}: names attributes but has no participant rows")
    seen: dict[str, int] = {}
    parsed = []
    for line, row in numbered[1:]:
        label = _text(row[0]).strip() if row else ""
        values = _fit(row[1:], len(names), line, name)
        if not label:
            raise IngestError(f"{name}: row {line} has values but no participant label")
        if label in seen:
            raise IngestError(
                f"{name}: participant '{label}' has two rows ({seen[label]} and {line})"
            )
        seen[label] = line
        parsed.append(SheetRow(label, line, tuple(_value(c, typed_text) for c in values)))
    return ClassificationSheet(tuple(names), tuple(parsed))


def _attribute_names(
    header: list[Cell], data: list[tuple[int, list[Cell]]], name: str, line: int
) -> list[str]:
    names = [" ".join(_text(cell).split()) for cell in header[1:]]
    while names and not names[-1] and not any(_filled(row, len(names)) for _, row in data):
        names.pop()
    if not names:
        raise IngestError(
            f"{name}: row {line} names no attributes; the first row must hold the "
            "participant column, then one attribute name per column"
        )
    seen: set[str] = set()
    for column, attribute in enumerate(names, start=2):
        if not attribute:
            raise IngestError(f"{name}: column {column} has values but no attribute name")
        if attribute.casefold() in seen:
            raise IngestError(f"{name}: two columns are named '{attribute}'")
        seen.add(attribute.casefold())
    return names


def _filled(row: list[Cell], column: int) -> bool:
    """Whether ``row`` has a value in attribute column ``column`` (1-based after the label)."""
    return len(row) > column and not _empty(row[column])


def _fit(values: list[Cell], width: int, line: int, name: str) -> list[Cell]:
    if any(not _empty(cell) for cell in values[width:]):
        raise IngestError(
            f"{name}: row {line} has more values than the first row has attribute names"
        )
    return values[:width] + [None] * (width - len(values))


def _blank(row: Sequence[Cell]) -> bool:
    return all(_empty(cell) for cell in row)


def _empty(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime | dt.date):
        return cell.isoformat()
    return str(cell)


def _value(cell: Cell, typed_text: bool) -> SheetValue | None:
    """A cell's value by the rules in the module docstring; None if empty."""
    if _empty(cell):
        return None
    if isinstance(cell, bool | int):
        return cell
    if isinstance(cell, float):
        return int(cell) if cell.is_integer() else cell
    if isinstance(cell, dt.datetime):
        return cell.date() if cell.time() == dt.time(0) else cell.isoformat(sep=" ")
    if isinstance(cell, dt.date):
        return cell
    text = str(cell).strip()
    return number_or_text(text) if typed_text else text


def number_or_text(text: str) -> int | float | str:
    """A whole number or decimal if ``text`` is one, else the text itself."""
    for convert in (int, float):
        try:
            value = convert(text)
        except ValueError:
            continue
        return value if value == value and value not in (float("inf"), float("-inf")) else text
    return text
