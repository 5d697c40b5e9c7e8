"""Printing for the command line: JSON, aligned tables, one-line errors."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import TextIO


def fail(message: str, status: int = 1) -> int:
    """Print one error line on stderr and return the exit status."""
    print(f"qcode: {message}", file=sys.stderr)
    return status


def log_traceback(exc: BaseException) -> str:
    """Append the traceback to the error log; returns "; details in FILE" (or "" if unwritable)."""
    from qcode import error_log  # only on an error: it loads platformdirs

    where = error_log.log_traceback(exc)
    return f"; details in {where}" if where is not None else ""


def print_json(value: object) -> None:
    """Print a value as indented UTF-8 JSON."""
    print(json.dumps(value, ensure_ascii=False, indent=2))


def stream_json(value: object, out: TextIO | None = None) -> None:
    """Print a value as UTF-8 JSON, writing each list given as an iterator item by item.

    Iterators (and dicts holding them) are laid out one key or item per line, each item
    (a plain JSON value) compact on its line; a long list is never one string in memory.
    """
    out = out or sys.stdout
    for chunk in _json_chunks(value, 0):
        out.write(chunk)
    out.write("\n")


_encode = json.JSONEncoder(ensure_ascii=False).encode  # as json.dumps, without its set-up


def _streams(value: object) -> bool:
    """Whether a value is, or is a dict holding, an iterator to write item by item."""
    return isinstance(value, Iterator) or (
        isinstance(value, dict) and any(_streams(v) for v in value.values())
    )


def _json_chunks(value: object, level: int) -> Iterator[str]:
    """The JSON text of a value in pieces; iterators are consumed as they are written."""
    if isinstance(value, Iterator):
        items = (_encode(item) for item in value)
        yield from _framed("[", "]", items, level)
    elif isinstance(value, dict) and _streams(value):
        entries = (_entry(key, item, level + 1) for key, item in value.items())
        yield from _framed("{", "}", entries, level)
    else:
        yield _encode(value)


def _entry(key: object, value: object, level: int) -> Iterator[str]:
    yield f"{_encode(key if isinstance(key, str) else _encode(key))}: "  # keys as json.dumps
    yield from _json_chunks(value, level)


def _framed(
    opening: str, closing: str, entries: Iterable[str | Iterator[str]], level: int
) -> Iterator[str]:
    """Entries one per line between brackets, indented two spaces a level."""
    inner = "\n" + "  " * (level + 1)
    separator = opening + inner
    for entry in entries:
        if isinstance(entry, str):
            yield separator + entry
        else:
            yield separator
            yield from entry
        separator = "," + inner
    yield opening + closing if separator == opening + inner else "\n" + "  " * level + closing


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Print rows as left-aligned columns under a header line."""
    cells = [[str(h) for h in headers]] + [["" if v is None else str(v) for v in r] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    for row in cells:
        padded = (value.ljust(width) for value, width in zip(row, widths, strict=True))
        print("  ".join(padded).rstrip())
