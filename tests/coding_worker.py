"""A separate process for concurrency tests: codes spans, uncodes or renames, reports errors.

Run as ``python -m tests.coding_worker PROJECT ACTION ...`` (PROJECT a file or a
postgresql:// URL); prints one JSON line with what
it did and every error it met, and exits 0 (a test decides what counts as failure).
"""

from __future__ import annotations

import json
import sys

from qcode.services.codebook.edit import add_code, rename_code
from qcode.services.coding import code_span, uncode_segment
from tests.helpers import open_store


def code_many(path: str, coder: str, count: int, stride: int, offset: int) -> dict[str, object]:
    """Code ``count`` one-character spans as ``coder``, each its own operation."""
    errors: list[str] = []
    ids: list[int] = []
    with open_store(path) as project:
        for n in range(count):
            start = offset + stride * n
            try:
                ids.append(code_span(project, "PA 1", "Theme", coder, start, start + 1).value)
            except Exception as exc:  # noqa: BLE001 - the test counts every kind of failure
                errors.append(f"{type(exc).__name__}: {exc}")
    return {"ids": ids, "errors": errors}


def mixed(path: str, coder: str, count: int, stride: int, offset: int) -> dict[str, object]:
    """``count`` operations as ``coder``, each its own transaction: their own code first,
    then coding spans with the shared code and their own, and every fifth one uncoding
    one of their earlier spans; ``ids`` are the segments left."""
    errors: list[str] = []
    kept: list[int] = []
    with open_store(path) as project:
        for n in range(count):
            start = offset + stride * n
            try:
                if n == 0:
                    add_code(project, f"Theme/{coder}", actor=coder)
                elif n % 5 == 0:
                    uncode_segment(project, kept.pop(0), actor=coder)
                else:
                    code = "Theme" if n % 2 else f"Theme/{coder}"
                    kept.append(code_span(project, "PA 1", code, coder, start, start + 1).value)
            except Exception as exc:  # noqa: BLE001 - the test counts every kind of failure
                errors.append(f"{type(exc).__name__}: {exc}")
    return {"ids": kept, "errors": errors}


def uncode_and_code(path: str, segment: int, coder: str, start: int) -> dict[str, object]:
    """Another user's step: uncode one segment, then code a span of their own."""
    with open_store(path) as project:
        uncode_segment(project, segment, actor=coder)
        own = code_span(project, "PA 1", "Theme", coder, start, start + 5).value
    return {"ids": [own], "errors": []}


def rename(path: str, code: int, name: str) -> dict[str, object]:
    with open_store(path) as project:
        rename_code(project, code, name, actor="Other")
    return {"ids": [code], "errors": []}


def main(argv: list[str]) -> None:
    path, action, *rest = argv
    if action == "code":
        result = code_many(path, rest[0], int(rest[1]), int(rest[2]), int(rest[3]))
    elif action == "mixed":
        result = mixed(path, rest[0], int(rest[1]), int(rest[2]), int(rest[3]))
    elif action == "uncode-and-code":
        result = uncode_and_code(path, int(rest[0]), rest[1], int(rest[2]))
    else:
        result = rename(path, int(rest[0]), rest[1])
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
