"""Checking a project file for damage (loops, rows pointing at nothing, counts); repairing it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from qcode.services.audit import Actor
from qcode.services.codebook.edit import next_position
from qcode.services.history import Change, operation
from qcode.services.lookup import child_named, parent_loops
from qcode.store import drift, journal
from qcode.store.journal import UNJOURNALED
from qcode.store.migrate import head_revision, write_backup
from qcode.store.models import Code, Document
from qcode.store.people import text_counts
from qcode.store.project import Project

BATCH = 200  # documents whose texts are read at a time when checking counts
SINGULAR = {
    "case_segments": "case link",
    "cases": "case",
    "codes": "code",
    "coders": "coder",
    "documents": "document",
    "memos": "memo",
    "participants": "participant",
    "segments": "segment",
    "audit_events": "audit event",
}


@dataclass(frozen=True)
class Finding:
    """One thing wrong with a project file, said in one line, and how a repair fixes it."""

    kind: str  # integrity, schema, loop, dangling, count, note
    line: str
    fix: str = ""  # "" (cannot be fixed here), top-level, delete, set-null, recount
    table: str = ""
    rowid: int = 0
    column: str = ""
    values: tuple[Any, ...] = ()

    def as_json(self) -> dict[str, object]:
        return {"kind": self.kind, "line": self.line, "fixable": bool(self.fix)}


@dataclass(frozen=True)
class Report:
    """What ``check`` found: SQLite's own checks and qcode's, each finding one line."""

    path: Path
    integrity: tuple[str, ...]
    findings: tuple[Finding, ...]

    @property
    def problems(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.kind != "note")

    @property
    def ok(self) -> bool:
        return self.integrity == ("ok",) and not self.problems

    @property
    def foreign_keys(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.kind == "dangling")


@dataclass
class Repair:
    """What ``repair`` did: the backup it wrote, one line per fix, what is left."""

    backup: Path | None
    done: list[str] = field(default_factory=list)
    left: list[Finding] = field(default_factory=list)
    change: Change | None = None


def check(project: Project) -> Report:
    """Every problem in the file; reads only, changes nothing."""
    with project.session() as session:
        conn = session.connection()
        if journal.on_server(conn):  # the server keeps its pages, references and tables whole
            findings = [*loop_findings(conn), *count_findings(conn)]
            return Report(project.path, ("ok",), tuple(findings))
        integrity = tuple(row[0] for row in conn.exec_driver_sql("PRAGMA integrity_check"))
        findings = [*loop_findings(conn), *dangling_findings(conn), *count_findings(conn)]
        findings = [*schema_findings(project, conn), *findings]
    return Report(project.path, integrity, tuple(findings))


def schema_findings(project: Project, conn: Connection) -> list[Finding]:
    """Tables that had drifted from their recorded schema and were repaired on opening (a
    note), or that differ from the current schema still (opening repairs or refuses them)."""
    found = []
    if project.repaired is not None:
        kept = f"; the old file is kept as {project.backup.name}" if project.backup else ""
        line = f"the tables had drifted from their schema ({project.repaired}): repaired{kept}"
        found.append(Finding("note", line))
    left = drift.find_drift(drift.columns_of(conn), head_revision())
    if left is not None:
        found.append(Finding("schema", f"the tables differ from the schema: {left.described()}"))
    return found


def loop_line(names: dict[int, tuple[int | None, str]], loop: list[int]) -> str:
    shown = " → ".join(names[code_id][1] for code_id in [*loop, loop[0]])
    return f"the codebook has a loop: {shown}"


def loop_findings(conn: Connection) -> list[Finding]:
    names = code_names_of(conn)
    return [
        Finding("loop", loop_line(names, loop), "top-level", "codes", min(loop), "parent_id")
        for loop in parent_loops(names)
    ]


def code_names_of(conn: Connection) -> dict[int, tuple[int | None, str]]:
    rows = conn.exec_driver_sql("SELECT id, parent_id, name FROM codes")
    return {code_id: (parent, name) for code_id, parent, name in rows}


def foreign_keys(conn: Connection, table: str) -> dict[int, tuple[str, str, str]]:
    """A table's foreign keys by SQLite's id: (column, parent table, ON DELETE action)."""
    rows = conn.exec_driver_sql(f'PRAGMA foreign_key_list("{table}")')
    return {row[0]: (row[3], row[2], row[6].upper()) for row in rows}


def dangling_findings(conn: Connection) -> list[Finding]:
    """Rows whose reference points at a row that is gone (SQLite's foreign_key_check)."""
    found = []
    keys: dict[str, dict[int, tuple[str, str, str]]] = {}
    rows = sorted(conn.exec_driver_sql("PRAGMA foreign_key_check").all(), key=lambda r: r[:2])
    for table, rowid, _parent, fkid in rows:
        if table not in keys:
            keys[table] = foreign_keys(conn, table)
        column, parent, on_delete = keys[table][fkid]
        value = conn.exec_driver_sql(
            f'SELECT "{column}" FROM "{table}" WHERE rowid = ?', (rowid,)
        ).scalar()
        what = SINGULAR.get(table, table)
        gone = SINGULAR.get(parent, parent)
        gone = "parent code" if column == "parent_id" else gone
        line = f"{what} {rowid}: its {gone} {value} is gone"
        found.append(dangling(table, rowid, column, on_delete, line))
    return found


def dangling(table: str, rowid: int, column: str, on_delete: str, line: str) -> Finding:
    if table in UNJOURNALED:  # the audit trail is never rewritten; it keeps the actor's name
        return Finding("note", f"{line} (kept: the audit trail is never changed)")
    if table == "codes":  # a code whose parent is gone goes to the top, with its coding
        return Finding("dangling", line, "top-level", table, rowid, column)
    fix = "set-null" if on_delete == "SET NULL" else "delete"
    return Finding("dangling", line, fix, table, rowid, column)


def count_findings(conn: Connection) -> list[Finding]:
    """Documents whose stored length or line count disagrees with their text."""
    found, last = [], 0
    while True:
        rows = conn.execute(
            text(
                "SELECT id, name, text, chars, lines FROM documents"
                " WHERE id > :last ORDER BY id LIMIT :batch"
            ),
            {"last": last, "batch": BATCH},
        ).all()
        if not rows:
            return found
        for doc_id, name, body, chars, lines in rows:
            counted = text_counts(body or "")
            if (chars, lines) != counted:
                line = (
                    f"document '{name}': stored as {chars} characters and {lines} lines, "
                    f"its text has {counted[0]} and {counted[1]}"
                )
                found.append(Finding("count", line, "recount", "documents", doc_id, "", counted))
        last = rows[-1][0]


def open_warning(project: Project) -> str | None:
    """One line for a window or command opening a damaged project (cheap: no full scan)."""
    with project.session() as session:
        conn = session.connection()
        loops = loop_findings(conn)
        on_file = not journal.on_server(conn)  # a server never keeps a dangling reference
        pointing = [f for f in dangling_findings(conn) if f.kind == "dangling"] if on_file else []
    if not loops and not pointing:
        return None
    parts = []
    if loops:
        more = f" (and {len(loops) - 1} more)" if len(loops) > 1 else ""
        parts.append("The codebook has a loop: " + loops[0].line.split(": ", 1)[1] + more)
    if pointing:
        rows = "1 row points" if len(pointing) == 1 else f"{len(pointing)} rows point"
        parts.append(f"{rows} at something that is gone")
    return f"{'; '.join(parts)}; run qcode check {project.path.name} --repair"


def backup_path(path: Path) -> Path:
    """Where the copy made before a repair goes (beside the file, never over another)."""
    candidate = path.with_name(f"{path.stem}.before-repair{path.suffix}")
    if candidate.exists():
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        candidate = path.with_name(f"{path.stem}.before-repair-{stamp}{path.suffix}")
    return candidate


def repair(project: Project, actor: Actor = None, reason: str = "") -> Repair:
    """Back the file up, then fix what can be fixed in one undoable, audited operation.

    A loop is broken by moving its lowest-id code to the top level; a code whose parent
    is gone goes to the top; other rows pointing at nothing are deleted (or their
    reference cleared, where deleting the target would have cleared it); wrong counts
    are recounted. Page-level damage (integrity_check) is not repaired: nothing is written.
    """
    report = check(project)
    fixable = [f for f in report.problems if f.fix]
    left = [f for f in report.problems if not f.fix]
    if report.integrity != ("ok",):
        left = [Finding("integrity", line) for line in report.integrity] + left
        return Repair(None, left=left)
    if not fixable:
        return Repair(None, left=left)
    backup = backup_path(project.path)
    write_backup(project.path, backup)
    result = Repair(backup, left=left)
    with operation(project, "Repair the project", actor) as op:
        for finding in fixable:
            result.done.append(apply_fix(op.session, finding))
        op.audit(
            "repair",
            "project",
            project.path.name,
            before=[f.line for f in fixable],
            after=result.done,
            reason=reason or f"qcode check --repair (backup {backup.name})",
        )
    result.change = op.change
    return result


def apply_fix(session: Any, finding: Finding) -> str:
    """Fix one finding inside the repair's transaction; what was done, in one line."""
    conn = session.connection()
    table, rowid, column = finding.table, finding.rowid, finding.column
    what = SINGULAR.get(table, table)
    if finding.fix == "top-level":
        return move_to_top(session, rowid, finding)
    if finding.fix == "recount":
        chars, lines = finding.values
        doc = session.get(Document, rowid)
        doc.chars, doc.lines = chars, lines  # the ORM's hook counts the text again
        session.flush()
        return f"recounted document {rowid}: {chars} characters, {lines} lines"
    if finding.fix == "set-null":
        conn.exec_driver_sql(f'UPDATE "{table}" SET "{column}" = NULL WHERE rowid = ?', (rowid,))
        return f"cleared the gone {column.removesuffix('_id')} of {what} {rowid}"
    conn.exec_driver_sql(f'DELETE FROM "{table}" WHERE rowid = ?', (rowid,))
    return f"deleted {what} {rowid} ({finding.line.split(': ', 1)[1]})"


def move_to_top(session: Any, code_id: int, finding: Finding) -> str:
    """Move a code to the top level, at the end, renamed if a top-level code has its name."""
    code = session.get(Code, code_id)
    old, name, number = code.name, code.name, 1
    while child_named(session, None, name) not in (None, code):
        number += 1
        name = f"{old} ({number})"
    position = next_position(session, None)
    code.parent_id, code.name, code.position = None, name, position
    session.flush()
    renamed = f" as '{name}'" if name != old else ""
    why = "to break the loop" if finding.kind == "loop" else "(its parent is gone)"
    return f"moved code '{old}' to the top level{renamed} {why}"
