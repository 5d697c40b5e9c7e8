"""Write a table in the format its file's suffix names: .docx, .xlsx, .csv, .md or .html."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from qcode.errors import QcodeError
from qcode.export.tables.table import Table

Writer = Callable[[Table, Path], None]


def writers() -> dict[str, Writer]:
    """The writer of each suffix (imported when needed: python-docx and openpyxl are heavy)."""
    from qcode.export.tables import excel as tables_xlsx
    from qcode.export.tables import plain as tables_text
    from qcode.export.tables import word as tables_docx

    return {
        ".docx": tables_docx.write_docx,
        ".xlsx": tables_xlsx.write_xlsx,
        ".csv": tables_text.write_csv,
        ".md": tables_text.write_markdown,
        ".html": tables_text.write_html,
    }


TABLE_SUFFIXES = (".docx", ".xlsx", ".csv", ".md", ".html")


def write_table(table: Table, output: Path) -> str:
    """Write ``table`` in the format of ``output``'s suffix; returns one line saying what."""
    suffix = output.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        shown = f"'{output.suffix}'" if output.suffix else "no suffix"
        raise QcodeError(
            f"{output.name}: cannot write a table as {shown}; use {', '.join(TABLE_SUFFIXES)}"
        )
    try:
        writers()[suffix](table, output)
    except OSError as exc:
        raise QcodeError(f"{output}: could not be written ({exc.strerror or exc})") from exc
    rows = len(table.rows)
    return f"wrote {table.kind} ({rows} row{'s' if rows != 1 else ''}) to {output}"
