"""Codebook to and from CSV (path, flags, colour, category, description fields); templates."""

from __future__ import annotations

import csv
import io
from importlib import resources
from pathlib import Path

from sqlalchemy.orm import Session

from qcode.errors import QcodeError
from qcode.services.audit import Actor
from qcode.services.codebook.edit import (
    DESCRIPTION_FIELDS,
    apply_field,
    check_name,
    codebook_tree,
    create_path,
)
from qcode.services.history import Change, operation
from qcode.services.lookup import join_path, split_path
from qcode.services.output_paths import check_session_output
from qcode.store.models import Code
from qcode.store.project import Project

CSV_COLUMNS = ("path", "flags", "color", "category", *DESCRIPTION_FIELDS)
YES = frozenset({"yes", "true", "1", "y"})
NO = frozenset({"no", "false", "0", "n"})
TEMPLATES = ("bitc", "none")


def codebook_rows(session: Session) -> list[dict[str, str]]:
    """The codebook as CSV rows in tree order."""
    rows = []
    for node in codebook_tree(session):
        code = session.get(Code, node.id)
        assert code is not None
        rows.append(
            {
                "path": join_path(node.path),
                "flags": code.flags,
                "color": code.color or "",  # none given: an empty cell, not a fallback
                "category": "yes" if not code.codable else "",
                **{name: getattr(code, name) for name in DESCRIPTION_FIELDS},
            }
        )
    return rows


def export_codebook_csv(session: Session, path: Path) -> int:
    """Write the codebook to a CSV file; returns the number of codes."""
    check_session_output(session, path)
    rows = codebook_rows(session)
    try:
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS)
            writer.writeheader()
            writer.writerows(rows)
    except OSError as exc:
        raise QcodeError(f"{path}: could not write the codebook ({exc.strerror})") from exc
    return len(rows)


def read_codebook_csv(text: str, source: str) -> list[dict[str, str]]:
    """Parse codebook CSV text; refuses a file without a path column or with a broken row.

    Path, flags and colour cells are trimmed; description cells are kept as written.
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")), strict=True)
    try:
        fields = [f.strip().lower() for f in reader.fieldnames or []]
        if "path" not in fields:
            raise QcodeError(f"{source}: a codebook CSV needs a 'path' column")
        rows = [clean_row(row, source, reader.line_num) for row in reader]
    except csv.Error as exc:
        raise QcodeError(f"{source}: not valid CSV near line {reader.line_num} ({exc})") from exc
    return rows


def clean_row(row: dict[str | None, object], source: str, line: int) -> dict[str, str]:
    """One CSV row keyed by lower-case column name; more cells than columns is an error."""
    if None in row:
        raise QcodeError(f"{source}: line {line} has more cells than the header has columns")
    clean = {}
    for key, value in row.items():
        name = (key or "").strip().lower()
        text = value if isinstance(value, str) else ""
        clean[name] = text if name in DESCRIPTION_FIELDS else text.strip()
    if not clean.get("path"):
        raise QcodeError(f"{source}: line {line} has no path")
    return clean


def import_codebook_rows(
    project: Project,
    rows: list[dict[str, str]],
    source: str,
    actor: Actor = None,
    reason: str = "",
) -> Change:
    """Create or update the codes of a codebook in one undoable step; value is the count."""
    with operation(project, f"Import codebook {source}", actor) as op:
        created = 0
        for number, row in enumerate(rows, start=1):
            try:
                created += import_row(op.session, row)
            except QcodeError as exc:
                raise QcodeError(f"{source}: row {number} ({row['path']}): {exc}") from exc
        op.value = len(rows)
        op.audit(
            "import codebook",
            "codebook",
            source,
            after={"rows": len(rows), "codes_created": created},
            reason=reason,
        )
    return op.change


def import_row(session: Session, row: dict[str, str]) -> int:
    """Create or update one code from a CSV row; returns how many codes were created."""
    code, new = create_path(session, [check_name(name) for name in split_path(row["path"])])
    for key in ("flags", "color", *DESCRIPTION_FIELDS):
        value = row.get(key)
        # The flags column is authoritative; other empty cells leave a field as it is.
        if value is not None and (value or key == "flags"):
            apply_field(session, code, key, value)
    category = (row.get("category") or "").lower()
    if category:
        if category not in YES | NO:
            raise QcodeError(f"category is '{row['category']}'; write yes or no")
        apply_field(session, code, "codable", category in NO)
    return len(new)


def import_codebook_csv(
    project: Project, path: Path, actor: Actor = None, reason: str = ""
) -> Change:
    """Read a codebook CSV file into the project."""
    if not path.is_file():
        raise QcodeError(f"{path}: no such file")
    try:
        text = path.read_bytes().decode("utf-8-sig")  # line breaks in cells kept as written
    except (OSError, UnicodeDecodeError) as exc:
        raise QcodeError(f"{path.name}: could not be read as a UTF-8 CSV file") from exc
    rows = read_codebook_csv(text, path.name)
    return import_codebook_rows(project, rows, path.name, actor, reason)


def apply_template(project: Project, name: str, actor: Actor = None) -> Change | None:
    """Load a shipped codebook template ("bitc" or "none") into the project."""
    if name not in TEMPLATES:
        raise QcodeError(f"unknown template '{name}'; choose one of {', '.join(TEMPLATES)}")
    text = (
        resources.files("qcode.resources")
        .joinpath("templates", f"{name}.csv")
        .read_text(encoding="utf-8")
    )
    rows = read_codebook_csv(text, f"template {name}")
    return import_codebook_rows(project, rows, f"template {name}", actor) if rows else None
