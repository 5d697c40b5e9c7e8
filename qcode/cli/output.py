"""Printing for the command line: JSON, aligned tables, one-line errors."""

from __future__ import annotations

import json
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from platformdirs import user_log_dir


def fail(message: str, status: int = 1) -> int:
    """Print one error line on stderr and return the exit status."""
    print(f"qcode: {message}", file=sys.stderr)
    return status


def report_internal_error(exc: BaseException) -> int:
    """Log the traceback to a file and tell the user in one line where it is."""
    log_dir = Path(user_log_dir("qcode"))
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        log_file = log_dir / "errors.log"
        with log_file.open("a", encoding="utf-8") as handle:
            handle.write("".join(traceback.format_exception(exc)) + "\n")
        where = f"; details in {log_file}"
    except OSError:
        where = ""
    return fail(f"internal error ({type(exc).__name__}: {exc}){where}")


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
