"""The audit trail a window at a time: SQL's order and filter agree with the log as shown."""

from __future__ import annotations

import itertools
import json
import re
from datetime import UTC, datetime

import pytest

from qcode.services.audit import record
from qcode.services.auditlog import (
    AUDIT_SORTS,
    AuditListing,
    LogLine,
    audit_lines,
    audit_log,
    audit_window,
    count_events,
    readable,
)
from qcode.store.models import AuditEvent

ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
GUID = "0f3c2a9e-1111-4222-8333-944455556666"


@pytest.fixture
def project(make_project):
    project = make_project()
    values = [
        ("Ann", "add code", "code", GUID, None, {"name": "Time", "path": ["Theme", "Time"]}, ""),
        ("Ben", "code", "segment", "7", None, {"text": "said:\nprotected  time"}, ""),
        ("Zoë", "edit memo", "memo", "8", {"text": "Café"}, {"text": "café au lait"}, "typo"),
        ("ann", "undo", "operation", "Code 3 hits", None, None, "Too soon"),
        ("Ben", "code", "segment", "9", None, {"text": "50% _done_"}, ""),
    ]
    with project.transaction() as session:
        for number in range(12):  # some repeats, so sorting falls back on the id
            who, action, kind, target, before, after, reason = values[number % len(values)]
            record(session, action, kind, target, before=before, after=after, actor=who,
                   reason=reason)  # fmt: skip
    return project


def shown(line: LogLine) -> tuple[str, ...]:
    """Each column as the viewer shows it (and what its filter looks in)."""
    moment = datetime.fromisoformat(line.when).replace(tzinfo=UTC).astimezone()
    guid = len(line.target) == 36 and line.target.count("-") == 4
    target = line.target[:8] if guid else line.target
    return (
        moment.strftime("%Y-%m-%d %H:%M:%S"),
        line.who,
        line.action,
        f"{line.target_type} {target}".strip(),
        readable(line.before),
        line.before,
        readable(line.after),
        line.after,
        line.reason,
    )


def whole_listing(session, listing: AuditListing, size: int) -> list[int]:  # type: ignore[no-untyped-def]
    ids, key = [], None
    while True:
        window = audit_window(session, listing, key, size=size)
        assert set(window.lines) == set(window.ids) and len(window.ids) <= size
        ids += window.ids
        if window.next_key is None:
            return ids
        key = window.next_key


def sort_key(line: LogLine, sort: int) -> tuple[str, ...]:
    column = AUDIT_SORTS[sort]
    values = {
        "who": (line.who,),
        "action": (line.action,),
        "target": (line.target_type, line.target),
        "before": (line.before,),
        "after": (line.after,),
        "reason": (line.reason,),
    }[column]
    return tuple(value.translate(ASCII_LOWER) for value in values)


def test_windows_follow_one_another_in_the_chosen_order(project) -> None:
    with project.session() as session:
        ids = [row[0] for row in session.query(AuditEvent.id).order_by(AuditEvent.id)]
        lines = dict(zip(ids, audit_log(session), strict=True))
        for sort, descending in itertools.product(range(len(AUDIT_SORTS)), (False, True)):
            found = whole_listing(session, AuditListing(sort=sort, descending=descending), 4)
            if AUDIT_SORTS[sort] == "when":
                expected = sorted(ids)
            else:
                expected = sorted(ids, key=lambda i: (*sort_key(lines[i], sort), i))  # noqa: B023
            assert found == (expected[::-1] if descending else expected), (sort, descending)


FILTERS = ["ann", "BEN", "time", "name: Time", "Theme / Time", "protected time", "said: protected",
           "café", "CAFÉ", "Zoë", "50%", "_done_", "%", "code 0f3c2a9e", "4222", "too SOON", "-",
           ":", "20", "no such thing", "otected", "prot TIM", "time said", "ann undo",
           "Theme/", "lait café", "0f3c", "1111"]  # fmt: skip


WORD = re.compile(r"[^\W_]+")  # letters and digits: what the filter calls a word
TIME_CHARS = set("0123456789-: ")


def leaves(value: str) -> list[str]:
    """A before/after value's keys and values, decoded whole (the raw text if not JSON)."""
    if not value:
        return []
    try:
        data = json.loads(value)
    except ValueError:
        return [value]
    if isinstance(data, dict):
        return [part for key, item in data.items() for part in (key, *leaves(json.dumps(item)))]
    if isinstance(data, list):
        return [part for item in data for part in leaves(json.dumps(item))]
    return [str(data)]


def event_words(line: LogLine) -> list[str]:
    cells = shown(line)
    values = [line.who, line.action, cells[3], *leaves(line.before), *leaves(line.after)]
    return [word.lower() for value in [*values, line.reason] for word in WORD.findall(value)]


def found_by(words: str, line: LogLine) -> bool:
    """The filter as a reader would apply it: each word typed starts a word of the event;
    typed with marks, the text as typed in one column as shown; or the time as shown."""
    cells = shown(line)
    typed = any(words.lower() in cell.lower() for cell in cells[1:])
    timed = set(words) <= TIME_CHARS and words in cells[0]
    tokens = [token.lower() for token in WORD.findall(words)]
    if not tokens:
        return typed or timed
    starts = all(any(w.startswith(t) for w in event_words(line)) for t in tokens)
    plain = all(char.isalnum() or char.isspace() for char in words)
    return starts and (plain or typed) or timed


def test_the_filter_matches_what_the_viewer_shows(project, reading: str) -> None:
    with project.session() as session:
        ids = [row[0] for row in session.query(AuditEvent.id).order_by(AuditEvent.id)]
        lines = dict(zip(ids, audit_log(session), strict=True))
        for words in FILTERS:
            found = whole_listing(session, AuditListing(words=words), size=5)
            expected = [i for i in reversed(ids) if found_by(words, lines[i])]
            assert found == expected, words
            assert count_events(session, words) == len(expected), words


def test_lines_are_read_again_by_id(project) -> None:
    with project.session() as session:
        window = audit_window(session, AuditListing(), size=3)
        assert audit_lines(session, window.ids[::-1]) == window.lines
        assert audit_lines(session, []) == {}
        assert count_events(session) == 12
    assert json.loads(window.lines[window.ids[0]].after)["text"] == "said:\nprotected  time"
