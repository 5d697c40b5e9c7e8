"""What a killed run left: a canonical dump of a project file, and any damage in it."""

from __future__ import annotations

import contextlib
import io
import json
import re
import sqlite3
from pathlib import Path

Dump = tuple[tuple[str, tuple[tuple[object, ...], ...]], ...]
GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
MOMENT = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:\.\d+)?(?:[+-]\d\d:\d\d|Z)?")

# Every table but the query planner's statistics (sqlite_stat1…), which PRAGMA optimize
# rewrites as a project closes: not project content, and a killed run never gets there;
# nor the audit trail's word index (derived from the events, written in their transaction).
TABLES = (
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_stat%'"
    " AND name NOT LIKE 'audit\\_words%' ESCAPE '\\' ORDER BY name"
)


def canonical(path: Path) -> Dump:
    """Every row of every table (sqlite_sequence too), in rowid order, with fresh identities
    numbered in order of appearance and moments blanked: the same commands, the same dump."""
    guids: dict[str, str] = {}

    def plain(value: object) -> object:
        if not isinstance(value, str):
            return value
        value = GUID.sub(lambda m: guids.setdefault(m.group(), f"<guid {len(guids)}>"), value)
        return MOMENT.sub("<moment>", value)

    conn = sqlite3.connect(path)
    try:
        names = [row[0] for row in conn.execute(TABLES)]
        return tuple(
            (
                name,
                tuple(
                    tuple(plain(v) for v in row)
                    for row in conn.execute(f'SELECT rowid, * FROM "{name}" ORDER BY rowid')
                ),
            )
            for name in names
        )
    finally:
        conn.close()


def damage(path: Path) -> list[str]:
    """Anything SQLite, open_project or `qcode check --json` says is wrong with the file."""
    from qcode.cli import main
    from qcode.store.project import open_project

    problems: list[str] = []
    conn = sqlite3.connect(path)
    try:
        integrity = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as exc:
        integrity = [f"{type(exc).__name__}: {exc}"]
    finally:
        conn.close()
    if integrity != ["ok"]:
        problems.append(f"integrity_check: {'; '.join(integrity)[:300]}")
    try:
        open_project(path).close()
    except Exception as exc:  # noqa: BLE001 - any failure to open is the finding
        problems.append(f"open_project: {type(exc).__name__}: {exc}")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["check", str(path), "--json"])
    try:
        sound = bool(json.loads(out.getvalue()).get("ok"))
    except ValueError:
        sound = False
    if status != 0 or not sound:
        problems.append(f"qcode check: exit {status}: {out.getvalue()[:300]}{err.getvalue()}")
    return problems
