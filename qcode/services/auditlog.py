"""Reading the audit trail (whole, or a window at a time, filtered and sorted in SQL); CSV out.

A long trail (300,000 events) is never read whole for viewing: ``audit_window`` reads
one window of events in the chosen order, and the next window starts after the last
row's sort key (keyset paging: every window costs what the first does). The word
filter looks where the user looks: at the local time, who, action, short target,
the readable before/after values (and their raw JSON) and the reason. Like the
viewer, it ignores case, though SQL folds only ASCII letters (others go to Python).
There is no word index: a filter reads the whole trail (a date converts to local time
only the events within a day of it).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Sequence
from dataclasses import astuple, dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, literal, or_, select, true, tuple_
from sqlalchemy.orm import Session

from qcode.errors import QcodeError
from qcode.services.output_paths import check_session_output
from qcode.store.dialect import (
    folded,
    like_any_case,
    local_time_text,
    on_server,
    python_function,
)
from qcode.store.models import AuditEvent

COLUMNS = ("when", "who", "action", "target_type", "target", "before", "after", "reason")
AUDIT_SORTS = ("when", "who", "action", "target", "before", "after", "reason")
WINDOW = 100
SHOWN_CHARS = 160
TIME_CHARS = frozenset("0123456789-: ")
TIME_SHAPE = "0000-00-00 00:00:00"  # a local time as shown: digits where the 0s are
DAY = timedelta(days=1)  # more than any zone's distance from UTC
READABLE_MARKS = frozenset(':·/"\\…')  # shown in a readable value where its JSON differs
ASCII_WORD = re.compile(r"[A-Za-z0-9]+")
SHOWN_HAS = "qcode_shown_has"
ESCAPE = "\\"
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
    sorted_by = _sorted_by(listing.sort)
    keys = [*(folded(session, column) for column in sorted_by), E.id]
    query = select(*sorted_by, E.id)
    matches = _matches(session, listing.words)
    if matches is not None:
        query = query.where(matches)
    if after is not None:
        *values, last_id = after
        here = tuple_(*keys)
        there = tuple_(*(folded(session, literal(value)) for value in values), literal(last_id))
        query = query.where(here < there if listing.descending else here > there)
    order = [key.desc() if listing.descending else key for key in keys]
    rows = session.execute(query.order_by(*order).limit(size + 1)).all()
    ids = [row[-1] for row in rows[:size]]
    next_key = tuple(rows[size - 1]) if len(rows) > size else None
    lines = audit_lines(session, ids)
    return AuditWindow(ids, {event_id: lines[event_id] for event_id in ids}, next_key)


def audit_lines(session: Session, ids: Sequence[int]) -> dict[int, LogLine]:
    """These events' lines (a window shown again), by id."""
    if not len(ids):
        return {}
    query = select(*LINE_COLUMNS).where(E.id.in_([int(i) for i in ids]))
    return {row.id: _line(row) for row in session.execute(query)}


def count_events(session: Session, words: str = "") -> int:
    """How many events there are (that match ``words``, if given)."""
    query = select(func.count(E.id))
    matches = _matches(session, words)
    if matches is not None:
        query = query.where(matches)
    return int(session.execute(query).scalar_one())


def _sorted_by(sort: int) -> list[Any]:
    """The columns a sort compares (without case, for ASCII letters) before the event's id."""
    column = AUDIT_SORTS[sort]
    if column == "when":
        return []  # events are numbered as they happen: the id alone
    if column == "target":
        return [E.target_type, E.target_id]
    attribute = {"who": E.actor, "action": E.action, "before": E.before, "after": E.after}
    return [attribute.get(column, E.reason)]


# -- the word filter ---------------------------------------------------------------------------


def _matches(session: Session, words: str) -> ColumnElement[bool] | None:
    """Events with ``words`` in any column as shown (None: no filter)."""
    if not words:
        return None
    timed = _time_term(session, words)
    return or_(*_terms(session, words), *([] if timed is None else [timed]))


def _terms(session: Session, words: str) -> list[ColumnElement[bool]]:
    """A test per column for ``words`` as shown (the time apart)."""
    pattern = "%" + words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    terms = [
        _term(session, column, words, pattern, as_json=position in (2, 3))
        for position, column in enumerate((E.actor, E.action, E.before, E.after, E.reason))
    ]
    return [*terms, _target_term(session, words, pattern)]


def _time_term(session: Session, words: str) -> ColumnElement[bool] | None:
    """Events whose local time, as shown, holds the words (None: no time can).

    Words that can only be a time's start ("2025-03", "2025-03-14 10") bound the UTC
    times to look at (a day either side of the local ones); of a whole year, month or day
    only the times a day either side of its bounds are converted to local time.
    """
    if not set(words) <= TIME_CHARS:
        return None
    pattern = "%" + words + "%"  # digits, "-", ":" and spaces: nothing to escape
    local = local_time_text(session, E.at).like(pattern)  # "2025-03-01 10:30:00", as shown
    span = _local_span(words)
    if span is None:
        return local
    start, end, whole = span
    if whole:
        local = or_(and_(E.at >= start + DAY, E.at < end - DAY), local)
    return and_(E.at >= start - DAY, E.at < end + DAY, local)


def _local_span(words: str) -> tuple[datetime, datetime, bool] | None:
    """The local year, month or day that times starting with the words lie in, and whether
    all its times start so (None: the words can stand elsewhere in a time, or no date can)."""
    shapes = [TIME_SHAPE[at : at + len(words)] for at in range(len(TIME_SHAPE) - len(words) + 1)]
    fits = [all(c == s or c.isdigit() and s == "0" for c, s in zip(words, shape, strict=True))
            for shape in shapes]  # fmt: skip
    year = int(words[:4]) if fits and fits[0] and len(words) >= 4 else 0
    if not 1 < year < 9999 or any(fits[1:]):
        return None
    month, day = words[5:7], words[8:10]
    try:
        if len(month) < 2:
            return datetime(year, 1, 1), datetime(year + 1, 1, 1), len(words) <= 5
        start = datetime(year, int(month), 1)
        if len(day) < 2:
            end = (start + timedelta(days=31)).replace(day=1)
            return start, end, len(words) <= 8
        start = start.replace(day=int(day))
    except ValueError:  # no such date (or year): SQL finds no time, the slow way
        return None
    return start, start + DAY, len(words) <= 11


def _term(
    session: Session, column: Any, words: str, pattern: str, as_json: bool = False
) -> ColumnElement[bool]:
    """Words in one column: SQL's LIKE on the stored text, or on the shown text if it differs.

    Shown or stored, the text holds each ASCII word of the filter: those cheap tests
    come first, so most rows are passed over without reading the text twice.
    """
    like = like_any_case(session, column, pattern, ESCAPE)
    marks = as_json and any(mark in READABLE_MARKS for mark in words)
    spaced = as_json and any(ch.isspace() for ch in words)
    server = on_server(session)  # no Python inside the server's SQL: its ILIKE folds every letter
    if (words.isascii() or server) and not marks and not spaced:
        return like
    if words.isascii() and not marks or server:  # a JSON string's line breaks read as spaces
        shown = like_any_case(session, _one_line(column), pattern, ESCAPE)
    else:
        _register_shown_has(session)
        shown = getattr(func, SHOWN_HAS)(int(as_json), column, words.lower()) == 1
    either = or_(like, shown) if as_json else shown  # Python's test of plain text covers LIKE's
    return and_(*_every_word(session, words, [column]), either)


def _every_word(session: Session, words: str, columns: list[Any]) -> list[ColumnElement[bool]]:
    """Each ASCII word of ``words`` (longest first) in one of the columns."""
    found = sorted(ASCII_WORD.findall(words), key=len, reverse=True)
    return [
        or_(*(like_any_case(session, column, f"%{word}%") for column in columns)) for word in found
    ]


def _target_term(session: Session, words: str, pattern: str) -> ColumnElement[bool]:
    """Words in the target as shown, looked for only if its stored parts could hold them."""
    if " " in words or not words.isascii():
        could = and_(true(), *_every_word(session, words, [E.target_type, E.target_id]))
    else:
        parts = (E.target_type, E.target_id)
        could = or_(*(like_any_case(session, part, pattern, ESCAPE) for part in parts))
    return and_(could, _term(session, _short_target(), words, pattern))


def _one_line(column: Any) -> Any:
    """A JSON value's text with escaped line breaks and doubled spaces read as one space."""
    for escaped in ("\\n", "\\r", "\\t", "  ", "  "):
        column = func.replace(column, escaped, " ")
    return column


def _short_target() -> Any:
    """The target as shown: its kind and id, a GUID cut to its first eight characters."""
    guid = and_(
        func.length(E.target_id) == 36,
        func.length(E.target_id) - func.length(func.replace(E.target_id, "-", "")) == 4,
    )
    target = case((guid, func.substr(E.target_id, 1, 8)), else_=E.target_id)
    return func.trim(E.target_type + " " + target)


def _register_shown_has(session: Session) -> None:
    """Let SQL ask Python whether a value as shown holds the words (any letters' case)."""
    python_function(session, SHOWN_HAS, 3, _shown_has)


def _shown_has(as_json: int, value: str, lowered_words: str) -> int:
    shown = readable(value) if as_json else value
    return int(lowered_words in shown.lower())


# -- values as shown ---------------------------------------------------------------------------


def readable(value: str) -> str:
    """A before/after value on one line: "name: Time · text: …" rather than raw JSON."""
    if not value:
        return ""
    try:
        data = json.loads(value)
    except ValueError:
        return " ".join(value.split())
    if isinstance(data, dict):
        text = " · ".join(f"{key}: {compact(item)}" for key, item in data.items())
    else:
        text = compact(data)
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def compact(item: object) -> str:
    if isinstance(item, str):
        return " ".join(item.split())
    if isinstance(item, list) and all(isinstance(part, str) for part in item):
        return " / ".join(item)
    return json.dumps(item, ensure_ascii=False)


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
