"""The key file: the pseudonym list as CSV (original, pseudonym, kind), written on request only.

No other export reads the list: REFI-QDA projects, the decision log, reports and copies
for colleagues leave it out (a copy drops the table; see ``copies``).
"""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.errors import QcodeError
from qcode.services.audit import Actor
from qcode.services.history import operation
from qcode.services.output_paths import check_session_output
from qcode.services.pseudonyms.pairs import list_pairs
from qcode.store.models import Pseudonym
from qcode.store.project import Project

HEADER = ("original", "pseudonym", "kind")


def write_key(session: Session, output: Path | str) -> int:
    """Write the list to ``output`` (UTF-8 with a byte-order mark, for spreadsheets);
    returns how many pairs. An empty list is refused: there is no key to keep."""
    output = check_session_output(session, Path(output))
    pairs = list_pairs(session)
    if not pairs:
        raise QcodeError("the pseudonym list is empty; there is no key to write")
    if output.suffix.lower() != ".csv":
        raise QcodeError(f"{output.name}: a key file is written as .csv")
    try:
        with output.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADER)
            writer.writerows((p.original, p.pseudonym, p.kind) for p in pairs)
    except OSError as error:
        raise QcodeError(
            f"{output}: the key file could not be written ({error.strerror})"
        ) from None
    return len(pairs)


def drop_key(project: Project, actor: Actor = None) -> int:
    """Take the whole list out of ``project`` (a copy being made for a colleague) in one
    audited step; returns how many pairs were dropped."""
    with operation(project, "Leave the pseudonym key out", actor) as op:
        rows = list(op.session.scalars(select(Pseudonym)))
        for row in rows:
            op.session.delete(row)
        op.audit(
            "drop pseudonym key",
            "project",
            "pseudonyms",
            before={"pairs": len(rows)},
            after={"pairs": 0},
            reason="a copy for a colleague carries no key",
        )
    return len(rows)
