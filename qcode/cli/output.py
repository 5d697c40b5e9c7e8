"""Printing for the command line: JSON, aligned tables, one-line errors."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence

from qcode import error_log


def fail(message: str, status: int = 1) -> int:
    """Print one error line on stderr and return the exit status."""
    print(f"qcode: {message}", file=sys.stderr)
    return status


def log_traceback(exc: BaseException) -> str:
    """Append the traceback to the error log; returns "; details in FILE" (or "" if unwritable)."""
    where = error_log.log_traceback(exc)
    return f"; details in {where}" if where is not None else ""


def report_internal_error(exc: BaseException) -> int:
    """Log the traceback to a file and tell the user in one line where it is."""
    return fail(error_log.one_line(exc))


def print_json(value: object) -> None:
    """Print a value as indented UTF-8 JSON."""
    print(json.dumps(value, ensure_ascii=False, indent=2))


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Print rows as left-aligned columns under a header line."""
    cells = [[str(h) for h in headers]] + [["" if v is None else str(v) for v in r] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    for row in cells:
        padded = (value.ljust(width) for value, width in zip(row, widths, strict=True))
        print("  ".join(padded).rstrip())
