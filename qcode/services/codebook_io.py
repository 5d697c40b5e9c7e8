"""Codebook to and from CSV (path, flags, colour, description fields) and templates."""

from __future__ import annotations

import csv
import io
from importlib import resources
from pathlib import Path

from sqlalchemy.orm import Session

from qcode.errors import QcodeError
from qcode.services.audit import Actor
from qcode.services.codebook import DESCRIPTION_FIELDS, apply_field, codebook_tree, create_path
from qcode.services.history import Change, operation
from qcode.services.lookup import join_path, split_path
from qcode.store.models import Code
from qcode.store.project import Project

CSV_COLUMNS = ("path", "flags", "color", *DESCRIPTION_FIELDS)
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
                "color": code.color,
                **{name: getattr(code, name) for name in DESCRIPTION_FIELDS},
            }
        )
    return rows


def export_codebook_csv(session: Session, path: Path) -> int:
    """Write the codebook to a CSV file; returns the number of codes."""
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
    """Parse codebook CSV text; refuses a file without a path column."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    fields = [f.strip().lower() for f in reader.fieldnames or []]
    if "path" not in fields:
        raise QcodeError(f"{source}: a codebook CSV needs a 'path' column")
    rows = []
    for number, row in enumerate(reader, start=2):
        clean = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        if not clean.get("path"):
            raise QcodeError(f"{source}: row {number} has no path")
        rows.append(clean)
    return rows


def import_codebook_rows(
    project: Project, rows: list[dict[str, str]], source: str, actor: Actor = None
) -> Change:
    """Create or update the codes of a codebook in one undoable step; value is the count."""
    with operation(project, f"Import codebook {source}", actor) as op:
        created = 0
        for row in rows:
            code, new = create_path(op.session, split_path(row["path"]))
            created += len(new)
            for key in ("flags", "color", *DESCRIPTION_FIELDS):
                value = row.get(key)
                # The flags column is authoritative; other empty cells leave a field as it is.
                if value is not None and (value or key == "flags"):
                    apply_field(op.session, code, key, value)
        op.value = len(rows)
        op.audit(
            "import codebook",
            "codebook",
            source,
            after={"rows": len(rows), "codes_created": created},
        )
    return op.change


def import_codebook_csv(project: Project, path: Path, actor: Actor = None) -> Change:
    """Read a codebook CSV file into the project."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise QcodeError(f"{path.name}: could not be read as a UTF-8 CSV file") from exc
    return import_codebook_rows(project, read_codebook_csv(text, path.name), path.name, actor)


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
