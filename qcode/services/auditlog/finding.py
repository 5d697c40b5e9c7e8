"""The audit log's word filter as SQL: the words typed, the text as typed, or a time.

Each word typed must start a word of what the log shows of an event ("trust" finds
"Trusted", not "distrust"), in any order. Typed with marks between ("name: Time", "50%"),
the text as typed must also stand in one column as shown (like the viewer, without case;
SQL folds only ASCII letters, others go to Python on a file). Marks alone ("-", "%") are
looked for as typed. A time as shown ("2025-03-14 10") finds the events of that time,
converting to local time only the events within a day of it. A file finds words in its
word index (``qcode/store/audit_words.py``); a server reads each event's words itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Integer, and_, case, func, or_, text, true
from sqlalchemy import column as sql_column
from sqlalchemy.orm import Session

from qcode.services.auditlog.shown import readable
from qcode.store import audit_words
from qcode.store.dialect import like_any_case, local_time_text, on_server, python_function
from qcode.store.models import AuditEvent

E = AuditEvent
TIME_CHARS = frozenset("0123456789-: ")
TIME_SHAPE = "0000-00-00 00:00:00"  # a local time as shown: digits where the 0s are
DAY = timedelta(days=1)  # more than any zone's distance from UTC
READABLE_MARKS = frozenset(':·/"\\…')  # shown in a readable value where its JSON differs
ASCII_WORD = re.compile(r"[A-Za-z0-9]+")
SHOWN_HAS = "qcode_shown_has"
HAS_WORDS = "qcode_has_words"
ESCAPE = "\\"
SHOWN_TIME = "%Y-%m-%d %H:%M:%S"


def matches(session: Session, words: str, many: bool = False) -> ColumnElement[bool] | None:
    """Events that ``words`` finds (None: no filter): by their words, or by their time.

    ``many``: the words are in many events, so SQL should walk the sort's index and look
    each event up among them, rather than sort them all.
    """
    if not words:
        return None
    timed = _time_term(session, words)
    return or_(_word_term(session, words, many), *([] if timed is None else [timed]))


def _word_term(session: Session, words: str, many: bool = False) -> ColumnElement[bool]:
    """Events whose words start with each word typed; typed with marks, standing so too."""
    tokens = audit_words.words_of(words)
    if not tokens:  # only marks ("-", "%"): the text as typed, in one column as shown
        return or_(*terms(session, words))
    found = _has_words(session, tokens, many)
    if _plain(words) or on_server(session):  # a server's test of the text as typed: Python's
        return found
    return and_(found, or_(*terms(session, words)))


def _plain(words: str) -> bool:
    return all(char.isalnum() or char.isspace() for char in words)


def row_check(words: str) -> Callable[[Any], bool] | None:
    """The whole filter as Python's test of one event (a row of the log's columns), for words
    with letters or digits; None for marks alone (SQL's test is then the only one)."""
    tokens = audit_words.words_of(words)
    if not tokens:
        return None
    starts = audit_words.starts_words(tokens)
    lowered, timed, plain = words.lower(), set(words) <= TIME_CHARS, _plain(words)

    def check(row: Any) -> bool:
        if timed and words in row.at.replace(tzinfo=UTC).astimezone().strftime(SHOWN_TIME):
            return True
        columns = (row.target_type, row.target_id, row.before, row.after, row.reason)
        if not starts(audit_words.event_text(row.actor, row.action, *columns)):
            return False
        return plain or any(lowered in cell.lower() for cell in _cells(row))

    return check


def _cells(row: Any) -> list[str]:
    """Each column of an event as the filter reads it: as shown, and (before, after) stored."""
    target = audit_words.shown_target(row.target_type, row.target_id)
    cells = [row.actor, row.action, target, row.reason]
    for value in (row.before, row.after):
        cells += [value, readable(value)]
    return cells


def indexed_count(session: Session, words: str, any_text: bool = False) -> int | None:
    """How many events hold the words, counted by a file's word index alone, when every
    event is indexed and the filter is words only (no marks, no time; or, if ``any_text``,
    how many the words narrow it to); else None."""
    tokens = audit_words.words_of(words)
    if not tokens or not any_text and (not _plain(words) or set(words) <= TIME_CHARS):
        return None
    conn = session.connection()
    if not audit_words.has_index(conn) or audit_words.unindexed_after(conn) is not None:
        return None
    counted = conn.execute(
        text(audit_words.matched_count_sql()), {"words": audit_words.prefix_query(tokens)}
    )
    return int(counted.scalar_one())


def _tail_has_words(session: Session, tokens: list[str]) -> ColumnElement[bool]:
    """Python's test of the words, inside a file's SQL (for events past the index's mark)."""
    python_function(session, HAS_WORDS, 8, audit_words.has_words)
    columns = (E.actor, E.action, E.target_type, E.target_id, E.before, E.after, E.reason)
    return getattr(func, HAS_WORDS)(" ".join(tokens), *columns) == 1


def _has_words(session: Session, tokens: list[str], many: bool = False) -> ColumnElement[bool]:
    """Events in which each token starts a word: from a file's word index (and, past its
    mark, Python's reading of each event), or a server's reading of every event."""
    conn = session.connection()
    if not audit_words.has_index(conn):
        return and_(*(_starts_a_word(token) for token in tokens))
    ids = text(audit_words.matched_ids_sql()).bindparams(words=audit_words.prefix_query(tokens))
    looked_up = E.id + 0 if many else E.id  # "+ 0": not a key SQLite would fetch rows by
    found = looked_up.in_(ids.columns(sql_column("rowid", Integer)))
    mark = audit_words.unindexed_after(conn)
    if mark is None:
        return found
    return or_(found, and_(E.id > mark, _tail_has_words(session, tokens)))


def _starts_a_word(token: str) -> ColumnElement[bool]:
    """A server's test that a token (letters and digits) starts a word of the event."""
    parts = [E.actor, E.action, _short_target(), _one_line(E.before), _one_line(E.after)]
    body = func.concat_ws(" ", *parts, E.reason)
    return body.op("~*")("(^|[^[:alnum:]])" + token)


def terms(session: Session, words: str) -> list[ColumnElement[bool]]:
    """A test per column for ``words`` as shown (the time apart)."""
    pattern = "%" + words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    found = [
        _term(session, column, words, pattern, as_json=position in (2, 3))
        for position, column in enumerate((E.actor, E.action, E.before, E.after, E.reason))
    ]
    return [*found, _target_term(session, words, pattern)]


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
