"""Reading the audit trail (whole, or a window at a time, filtered and sorted in SQL); CSV out.

A long trail (300,000 events) is never read whole for viewing: ``audit_window`` reads
one window of events in the chosen order, and the next window starts after the last
row's sort key (keyset paging: every window costs what the first does). The word
filter looks where the user looks: who, the action, the short target, the before/after
values and the reason, and the local time. Each word typed must start a word there
("trust" finds "Trusted", not "distrust"), in any order; typed with marks between
("name: Time", "50%") the words must also stand so, as the log shows them, in one
column; a time as shown ("2025-03-14 10") finds the events of that time. A file finds
the words in its word index (``qcode/store/audit_words.py``); a server reads them.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, func, literal, literal_column, select, tuple_
from sqlalchemy.orm import Session

from qcode.errors import QcodeError
from qcode.services.auditlog.finding import (
    TIME_CHARS,
    indexed_count,
    matches,
    row_check,
)
from qcode.services.auditlog.shown import compact, readable
from qcode.services.output_paths import check_session_output
from qcode.store.dialect import folded, on_server
from qcode.store.models import AuditEvent

__all__ = ["compact", "readable"]

COLUMNS = ("when", "who", "action", "target_type", "target", "before", "after", "reason")
AUDIT_SORTS = ("when", "who", "action", "target", "before", "after", "reason")
WINDOW = 100
CHUNK = 250  # events read at a time where Python tests each (and first, on a file)
WALK = 250  # events a file reads in order, testing each, before its word index answers
FEW = 20_000  # events with the words that SQL sorts; more: it walks the sort's index
Key = tuple[Any, ...]


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


@dataclass(frozen=True)
class AuditListing:
    """Which events a list shows and in what order (a column of ``AUDIT_SORTS``)."""

    words: str = ""
    sort: int = 0
    descending: bool = True  # newest first


@dataclass(frozen=True)
class AuditWindow:
    """One window of a listing: event ids in order, their lines, and where the next starts."""

    ids: list[int]
    lines: dict[int, LogLine]
    next_key: Key | None  # None: this window is the listing's last


E = AuditEvent
LINE_COLUMNS = (E.id, E.at, E.actor, E.action, E.target_type, E.target_id)
LINE_COLUMNS += (E.before, E.after, E.reason)


def _line(row: Any) -> LogLine:
    when = row.at.isoformat(sep=" ", timespec="seconds")
    return LogLine(
        when, row.actor, row.action, row.target_type, row.target_id, row.before, row.after,
        row.reason,
    )  # fmt: skip


def audit_log(session: Session, limit: int | None = None) -> list[LogLine]:
    """Audit events, oldest first (the last ``limit`` if given)."""
    query = select(*LINE_COLUMNS).order_by(E.id.desc())
    if limit is not None:
        query = query.limit(limit)
    return [_line(row) for row in session.execute(query)][::-1]


# -- windows -----------------------------------------------------------------------------------


def audit_window(
    session: Session, listing: AuditListing, after: Key | None = None, size: int = WINDOW
) -> AuditWindow:
    """The listing's next ``size`` events after the sort key ``after`` (from the start if None).

    SQL sorts ids and sort keys only; the window's lines are read by id afterwards.
    """
    rows = _window_rows(session, listing, after, size + 1)
    ids = [row[-1] for row in rows[:size]]
    next_key = tuple(rows[size - 1]) if len(rows) > size else None
    lines = audit_lines(session, ids)
    return AuditWindow(ids, {event_id: lines[event_id] for event_id in ids}, next_key)


def _window_rows(
    session: Session, listing: AuditListing, after: Key | None, count: int
) -> list[Key]:
    """The sort keys and ids of the next ``count`` events the listing shows.

    With words, a file first reads the events in order, Python testing each, for as many
    as ``WALK`` events (a common word is found at once; its index would hand SQL a list of
    most events to sort); then its word index answers. A time is looked for by SQL at
    once (its times bound the events it reads). A server's SQL finds the events that hold
    the words, and Python tests what its SQL cannot (the text as typed).
    """
    check = row_check(listing.words)
    if check is not None and on_server(session):
        return _checked_rows(session, listing, after, count, check)[0]
    if check is None or set(listing.words) <= TIME_CHARS:
        return _sorted_rows(session, listing, after, count, matches(session, listing.words))
    walked, complete = _checked_rows(session, listing, after, count, check, WALK)
    if complete:
        return walked
    many = indexed_count(session, listing.words, any_text=True) or 0
    condition = matches(session, listing.words, many > FEW)
    return _sorted_rows(session, listing, after, count, condition)


def _sorted_rows(
    session: Session,
    listing: AuditListing,
    after: Key | None,
    count: int,
    condition: ColumnElement[bool] | None,
    with_columns: bool = False,
) -> list[Any]:
    """The sort keys and ids of the next ``count`` events meeting ``condition``, in the
    listing's order (with the log's columns after them, if asked)."""
    sorted_by = _sorted_by(listing.sort)
    keys = [*(folded(session, column) for column in sorted_by), E.id]
    query = select(*sorted_by, E.id, *(LINE_COLUMNS if with_columns else ()))
    if condition is not None:
        query = query.where(condition)
    if after is not None:
        *values, last_id = after
        here = tuple_(*keys)
        there = tuple_(*(folded(session, literal(value)) for value in values), literal(last_id))
        query = query.where(here < there if listing.descending else here > there)
    order = [key.desc() if listing.descending else key for key in keys]
    rows = session.execute(query.order_by(*order).limit(count)).all()
    return rows if with_columns else [tuple(row) for row in rows]


def _checked_rows(
    session: Session,
    listing: AuditListing,
    after: Key | None,
    count: int,
    check: Callable[[Any], bool],
    budget: int | None = None,
) -> tuple[list[Key], bool]:
    """The first ``count`` events in order that Python's ``check`` keeps (on a server, of
    those its SQL finds), read a chunk at a time; and whether they are all there are, or
    (if ``budget`` events were read first) only those that many events held."""
    condition = matches(session, listing.words) if on_server(session) else None
    found: list[Key] = []
    read, width = 0, len(_sorted_by(listing.sort)) + 1
    while len(found) < count:
        if budget is not None and read >= budget:
            return found, False
        chunk = _sorted_rows(session, listing, after, CHUNK, condition, with_columns=True)
        found += [tuple(row[:width]) for row in chunk if check(row)]
        read += len(chunk)
        if len(chunk) < CHUNK:
            break
        after = tuple(chunk[-1][:width])
    return found[:count], True


def audit_lines(session: Session, ids: Sequence[int]) -> dict[int, LogLine]:
    """These events' lines (a window shown again), by id."""
    return {row.id: _line(row) for row in _rows_of(session, ids)}


def _rows_of(session: Session, ids: Sequence[int]) -> list[Any]:
    if not len(ids):
        return []
    return list(session.execute(select(*LINE_COLUMNS).where(E.id.in_([int(i) for i in ids]))))


def count_events(session: Session, words: str = "") -> int:
    """How many events there are (that match ``words``, if given)."""
    check = row_check(words)
    if check is not None and on_server(session):
        return len(_checked_rows(session, AuditListing(words), None, 10**12, check)[0])
    indexed = indexed_count(session, words)
    if indexed is not None:
        return indexed
    query = select(func.count(E.id))
    found = matches(session, words)
    if found is not None:
        query = query.where(found)
    return int(session.execute(query).scalar_one())


def _sorted_by(sort: int) -> list[Any]:
    """The columns a sort compares (without case, for ASCII letters) before the event's id;
    the after value's first 40 characters before the whole, as a file's sort index holds them."""
    column = AUDIT_SORTS[sort]
    if column == "when":
        return []  # events are numbered as they happen: the id alone
    if column == "target":
        return [E.target_type, E.target_id]
    if column != "after":
        return [{"who": E.actor, "action": E.action, "before": E.before}.get(column, E.reason)]
    return [func.substr(E.after, literal_column("1"), literal_column("40")), E.after]


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
            writer.writerows(astuple(line) for line in lines)  # in the order of COLUMNS
    except OSError as exc:
        raise QcodeError(f"{path}: could not write the log ({exc.strerror})") from exc
    return len(lines)
