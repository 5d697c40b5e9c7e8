"""Reading the audit trail and exporting it to CSV."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.errors import QcodeError
from qcode.services.output_paths import check_session_output
from qcode.store.models import AuditEvent

COLUMNS = ("when", "who", "action", "target_type", "target", "before", "after", "reason")


@dataclass(frozen=True)
class LogLine:
    """One audit event as shown to the user."""

    when: str
    who: str
    action: str
    target_type: str
    target: str
    before: str
    after: str
    reason: str


def audit_log(session: Session, limit: int | None = None) -> list[LogLine]:
    """Audit events, oldest first (the last ``limit`` if given)."""
    query = select(AuditEvent).order_by(AuditEvent.id.desc())
    if limit is not None:
        query = query.limit(limit)
    events = list(session.scalars(query))[::-1]
    return [
        LogLine(
            e.at.isoformat(sep=" ", timespec="seconds"),
            e.actor,
            e.action,
            e.target_type,
            e.target_id,
            e.before,
            e.after,
            e.reason,
        )
        for e in events
    ]


def log_text(line: LogLine) -> str:
    """One event as one line of text: when, who, what, target, before → after, and why."""
    if line.before and line.after:
        detail = f"{line.before} → {line.after}"
    else:
        detail = line.after or line.before
    reason = f" — because: {line.reason}" if line.reason else ""
    text = f"{line.when}  {line.who:<12} {line.action:<18} {line.target}  {detail}{reason}"
    return " ".join(text.split("\n"))


def export_audit_csv(session: Session, path: Path) -> int:
    """Write the whole audit trail to a CSV file; returns the number of events."""
    check_session_output(session, path)
    lines = audit_log(session)
    try:
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(COLUMNS)
            writer.writerows(
                (
                    line.when,
                    line.who,
                    line.action,
                    line.target_type,
                    line.target,
                    line.before,
                    line.after,
                    line.reason,
                )
                for line in lines
            )
    except OSError as exc:
        raise QcodeError(f"{path}: could not write the log ({exc.strerror})") from exc
    return len(lines)
