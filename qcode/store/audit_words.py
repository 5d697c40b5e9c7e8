"""The audit trail's word index in a project file: each event's words, kept as events are added.

A full-text table (SQLite's FTS5, contentless: it holds only which event has which word)
lists the words of what the log shows of an event: who, the action, the target as shown,
the reason, and every key and value of its before and after (decoded from JSON, whole
where the log cuts them). ``audit_words_mark`` says up to which event id every event is
in it; events added by qcode are indexed in the transaction that adds them, and events
another program wrote past the mark are looked at one by one until they are caught up.
A server has no such index (its filter reads the words itself).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapper

from qcode.store.realist import AuditEvent

WORDS_TABLE = "audit_words"
MARK_TABLE = "audit_words_mark"
TABLE_PREFIX = "audit_words"  # the index, its mark and FTS5's own tables: not the domain schema
CREATE_SQL = (  # as 0009 makes them: a change to the index is a new migration
    f"CREATE VIRTUAL TABLE {WORDS_TABLE} USING fts5(body, content='', detail=none,"
    " columnsize=0, tokenize='unicode61 remove_diacritics 0')",
    f"CREATE TABLE {MARK_TABLE} (id INTEGER PRIMARY KEY CHECK (id = 1),"
    " indexed_to INTEGER NOT NULL)",
    f"INSERT INTO {MARK_TABLE} (id, indexed_to) VALUES (1, 0)",
)
DROP_SQL = (f"DROP TABLE IF EXISTS {WORDS_TABLE}", f"DROP TABLE IF EXISTS {MARK_TABLE}")
SORT_INDEXES = {  # the log's sorts, walked in order; as 0009 makes them (a change: a migration)
    "ix_audit_events_who": "actor COLLATE NOCASE, id",
    "ix_audit_events_action": "action COLLATE NOCASE, id",
    "ix_audit_events_target": "target_type COLLATE NOCASE, target_id COLLATE NOCASE, id",
    "ix_audit_events_before": "before COLLATE NOCASE, id",
    "ix_audit_events_after": "substr(after, 1, 40) COLLATE NOCASE, id",
    "ix_audit_events_reason": "reason COLLATE NOCASE, id",
}
BATCH = 2000
CATCH_UP_AT_ONCE = 5000  # a longer gap is left to readers (and to ``catch_up`` when asked)
WORD = re.compile(r"[^\W_]+")  # letters and digits (Python's, as unicode61's: L*, N*)
EVENT_COLUMNS = "id, actor, action, target_type, target_id, before, after, reason"


def is_index_table(name: str) -> bool:
    """Whether a table of a file belongs to the word index (not to the project's data)."""
    return name == TABLE_PREFIX or name.startswith(TABLE_PREFIX + "_")


def is_reading_aid(name: str) -> bool:
    """Whether a file's table or index is one of the log's reading aids (not in the models)."""
    return is_index_table(name) or name in SORT_INDEXES


def shown_target(target_type: str, target_id: str) -> str:
    """The target as the log shows it: its kind and id, a GUID cut to its first eight
    characters."""
    guid = len(target_id) == 36 and target_id.count("-") == 4
    return f"{target_type} {target_id[:8] if guid else target_id}".strip()


def decoded(value: str) -> str:
    """A before/after value's keys and values as plain text (the raw text if not JSON)."""
    if not value:
        return ""
    try:
        data = json.loads(value)
    except ValueError:
        return value
    parts: list[str] = []
    _leaves(data, parts)
    return " ".join(parts)


def _leaves(data: Any, parts: list[str]) -> None:
    if isinstance(data, dict):
        for key, item in data.items():
            parts.append(str(key))
            _leaves(item, parts)
    elif isinstance(data, list):
        for item in data:
            _leaves(item, parts)
    elif data is None or isinstance(data, bool):
        parts.append(json.dumps(data))  # as the JSON spells it: null, true, false
    else:
        parts.append(str(data))


def event_body(
    actor: str, action: str, target_type: str, target_id: str, before: str, after: str,
    reason: str,
) -> str:  # fmt: skip
    """The text whose words the index holds for one event."""
    target = shown_target(target_type or "", target_id or "")
    parts = (actor, action, target, decoded(before or ""), decoded(after or ""), reason)
    return "\n".join(part or "" for part in parts)


def words_of(text: str) -> list[str]:
    """The words of a text as the index tokenizes them: runs of letters and digits, in
    lower case (anything else, "_" too, separates them)."""
    return [word.lower() for word in WORD.findall(text)]


def starts_words(tokens: list[str]) -> Callable[[str], bool]:
    """A test that a lower-case text has a word starting with each token (as the index's
    prefix query finds it)."""
    patterns = [re.compile(r"(?<![^\W_])" + re.escape(token)) for token in tokens]
    return lambda lowered: all(pattern.search(lowered) for pattern in patterns)


def event_text(
    actor: str, action: str, target_type: str, target_id: str, before: str, after: str,
    reason: str,
) -> str:  # fmt: skip
    """``event_body`` in lower case, quickly: JSON without escapes has the same words as
    its decoded keys and values, so only a value with a backslash is decoded."""
    if "\\" in before or "\\" in after:
        return event_body(actor, action, target_type, target_id, before, after, reason).lower()
    target = shown_target(target_type, target_id)
    return "\n".join((actor, action, target, before, after, reason)).lower()


def has_index(conn: Connection) -> bool:
    """Whether this connection reads a project file with the word index (asked of the file
    once per connection: only a migration, on an engine of its own, makes the index)."""
    if conn.dialect.name != "sqlite":
        return False
    known = conn.info.get(MARK_TABLE)
    if known is None:
        found = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (MARK_TABLE,)
        ).first()
        known = conn.info[MARK_TABLE] = found is not None
    return bool(known)


def indexed_to(conn: Connection) -> int:
    """The id up to which every event is in the index."""
    row = conn.exec_driver_sql(f"SELECT indexed_to FROM {MARK_TABLE} WHERE id = 1").first()
    return int(row[0]) if row else 0


def catch_up(conn: Connection, at_most: int | None = None) -> int:
    """Index the events past the mark (all of them, or none if more than ``at_most``), in
    the caller's transaction; how many were indexed."""
    mark = indexed_to(conn)
    if at_most is not None:
        waiting = conn.exec_driver_sql(
            "SELECT count(*) FROM audit_events WHERE id > ?", (mark,)
        ).scalar_one()
        if waiting > at_most:
            return 0
    done = 0
    while True:
        rows = conn.exec_driver_sql(
            f"SELECT {EVENT_COLUMNS} FROM audit_events WHERE id > ? ORDER BY id LIMIT ?",
            (mark, BATCH),
        ).all()
        if not rows:
            return done
        conn.exec_driver_sql(
            f"INSERT INTO {WORDS_TABLE} (rowid, body) VALUES (?, ?)",
            [(row[0], event_body(*row[1:])) for row in rows],
        )
        mark = int(rows[-1][0])
        conn.exec_driver_sql(f"UPDATE {MARK_TABLE} SET indexed_to = ? WHERE id = 1", (mark,))
        done += len(rows)


def rebuild(conn: Connection) -> int:
    """Empty the index and index every event again (after rows were copied in whole)."""
    conn.exec_driver_sql(f"INSERT INTO {WORDS_TABLE} ({WORDS_TABLE}) VALUES ('delete-all')")
    conn.exec_driver_sql(f"UPDATE {MARK_TABLE} SET indexed_to = 0 WHERE id = 1")
    return catch_up(conn)


@event.listens_for(AuditEvent, "after_insert")
def _index_new_event(_mapper: Mapper[Any], conn: Connection, target: AuditEvent) -> None:
    """Put a new event's words in the index in its own transaction, keeping the mark up."""
    if not has_index(conn):
        return
    mark = indexed_to(conn)
    if target.id > mark + 1:
        if not catch_up(conn, CATCH_UP_AT_ONCE):
            return  # a long gap another program left: readers look at it until it is caught up
        mark = indexed_to(conn)
    if target.id <= mark:
        return  # caught up with the others, this one included
    body = event_body(
        target.actor, target.action, target.target_type, target.target_id,
        target.before, target.after, target.reason,
    )  # fmt: skip
    conn.exec_driver_sql(
        f"INSERT INTO {WORDS_TABLE} (rowid, body) VALUES (?, ?)", (target.id, body)
    )
    conn.exec_driver_sql(f"UPDATE {MARK_TABLE} SET indexed_to = ? WHERE id = 1", (target.id,))


def prefix_query(tokens: list[str]) -> str:
    """An FTS5 query for events holding a word that starts with each token."""
    return " AND ".join(f'"{token}"*' for token in tokens)


def matched_ids_sql() -> str:
    """SQL for the ids of the indexed events that ``:words`` (a ``prefix_query``) finds."""
    return f"SELECT rowid FROM {WORDS_TABLE} WHERE {WORDS_TABLE} MATCH :words"


def matched_count_sql() -> str:
    """SQL for how many events ``:words`` finds (every indexed event is in the trail: the
    trail is never cut, and a rolled-back event's words roll back with it)."""
    return f"SELECT count(*) FROM {WORDS_TABLE} WHERE {WORDS_TABLE} MATCH :words"


def unindexed_after(conn: Connection) -> int | None:
    """The mark, if some events lie past it (another program wrote them); else None."""
    mark = indexed_to(conn)
    last = conn.exec_driver_sql("SELECT max(id) FROM audit_events").scalar()
    return mark if last is not None and int(last) > mark else None


def has_words(tokens: str, *columns: str | None) -> int:
    """1 if each of the space-separated ``tokens`` starts a word of an event (its seven
    columns, as ``event_body`` reads them), else 0: the index's test, in Python."""
    lowered = event_text(*(column or "" for column in columns))  # type: ignore[arg-type]
    return int(starts_words(tokens.split())(lowered))
