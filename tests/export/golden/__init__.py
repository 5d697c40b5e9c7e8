"""Golden files of the exports, and reading exported files back to plain values.

Compare: ``check_golden(name, actual)``. To rewrite every golden file from the current
code (then read the diff by eye before committing it):

    QCODE_REGEN_GOLDEN=1 .venv/bin/python -m pytest -q tests/export
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import docx
import openpyxl

GOLDEN = Path(__file__).parent
REGENERATE = os.environ.get("QCODE_REGEN_GOLDEN") == "1"


def check_golden(name: str, actual: str | bytes) -> None:
    """Assert that ``actual`` equals the golden file ``name`` (or rewrite it when asked)."""
    path = GOLDEN / name
    data = actual.encode("utf-8") if isinstance(actual, str) else actual
    if REGENERATE:
        path.write_bytes(data)
    assert path.exists(), f"no golden file {name}; make it with QCODE_REGEN_GOLDEN=1"
    assert data == path.read_bytes(), f"{name} differs from its golden file"


def check_golden_json(name: str, value: Any) -> None:
    """Like ``check_golden`` for a value kept as indented JSON."""
    text = json.dumps(value, ensure_ascii=False, indent=1) + "\n"
    check_golden(name, text)


def docx_tables(path: Path) -> dict[str, Any]:
    """A Word file's caption, page orientation, and every table's cell texts, row by row."""
    document = docx.Document(str(path))
    section = document.sections[0]
    return {
        "caption": document.paragraphs[0].text,
        "landscape": section.page_width > section.page_height,
        "tables": [[[cell.text for cell in row.cells] for row in t.rows] for t in document.tables],
        "note": document.paragraphs[-1].text,
    }


def xlsx_values(path: Path) -> dict[str, Any]:
    """A workbook's sheet name, frozen cell, column widths and cell values, row by row."""
    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert sheet is not None
    return {
        "sheet": sheet.title,
        "freeze": sheet.freeze_panes,
        "bold_header": all(c.font.bold for c in sheet[1]),
        "wrapped": all(c.alignment.wrap_text for row in sheet.iter_rows() for c in row),
        "widths": {k: v.width for k, v in sorted(sheet.column_dimensions.items())},
        "rows": [list(row) for row in sheet.iter_rows(values_only=True)],
    }
