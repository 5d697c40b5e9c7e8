"""The audit log's filter by a time as shown: bounded to the days it can be, it finds as before.

A filter that can only be the start of a local time ("2025-03", "2025-03-14 10")
converts to local time only the events within a day of it. The reference is the test
the filter always made: every column as shown, or the local time of every event.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.services.auditlog import (
    AUDIT_SORTS,
    AuditListing,
    audit_log,
    audit_window,
    count_events,
)
from qcode.store.models import AuditEvent
from qcode.store.project import Project
from tests.services.test_audit_windows import found_by

E = AuditEvent
ZONES = ["UTC", "Europe/Berlin", "Pacific/Kiritimati", "Etc/GMT+12", "America/St_Johns"]
EDGES = [  # UTC times either side of a year, a month, a day, and Berlin's DST changes
    "2024-12-31 09:59:59", "2024-12-31 10:00:00", "2024-12-31 22:30:00", "2024-12-31 23:59:59",
    "2025-01-01 00:00:00", "2025-01-01 11:59:59", "2025-01-01 12:00:00", "2025-02-28 23:10:00",
    "2025-03-01 10:00:00", "2025-03-13 09:59:59", "2025-03-13 10:00:00", "2025-03-14 10:30:00",
    "2025-03-14 13:29:59", "2025-03-15 11:59:59", "2025-03-15 12:00:00", "2025-03-30 00:59:59",
    "2025-03-30 01:00:00", "2025-03-31 23:30:00", "2025-04-01 11:00:00", "2025-10-26 00:30:00",
    "2025-10-26 01:30:00", "2025-12-31 10:00:00", "2026-01-01 09:00:00", "2026-01-01 11:59:59",
]  # fmt: skip
VALUES = [  # who, action, target type, target, before, after, reason: some hold times
    ("Ann", "code", "segment", "s-1", "", '{"text": "met on 2025-03-14 10:30"}', ""),
    ("Ben", "edit memo", "memo", "m-2", '{"text": "2024-12-31"}', '{"text": "later"}', "10:30"),
    ("Zoë", "undo", "operation", "Code 2025-10-26", "", "", "typo 2026"),
    ("Ann", "add code", "code", "0f3c2a9e-2025-4222-8333-944455556666", "", "", ""),
]
FILTERS = [
    "2025", "2025-", "2025-0", "2025-03", "2025-03-", "2025-03-1", "2025-03-14", "2025-03-14 ",
    "2025-03-14 1", "2025-03-14 10", "2025-03-14 10:30", "2024-12-31", "2025-01-01 00",
    "2026", "2026-01-01", "2025-10-26 01", "2025-12", "2025-02-29", "2025-13", "2024-00",
    "1999", "0000", "9999-12-31", "10:3", "00:00", "25-03", "-", ":", " ", "20", "2",
    "2025-03-31 23:30:00", "2025-03-31 23:30:00 ", "2025-03-14 10:30 meeting",
]  # fmt: skip
DAYS = ("2024-12-31 23:59:59", "2025-03-14 10:30:00")  # UTC: the local days looked for
ORDERS = [("when", True), ("when", False), ("target", True), ("after", False)]


@pytest.fixture
def trail(project: Project) -> Project:
    """Events at the edges above and at random times across 2025, some holding times."""
    rng = random.Random(11)
    moments = [datetime.fromisoformat(at) for at in EDGES]
    start = datetime(2024, 12, 20)
    moments += [start + timedelta(seconds=rng.randrange(400 * 86400)) for _ in range(200)]
    with project.transaction() as session:
        for number, moment in enumerate(moments):
            who, action, kind, target, before, after, reason = VALUES[number % len(VALUES)]
            session.add(E(at=moment, actor=who, action=action, target_type=kind,
                          target_id=target, before=before, after=after, reason=reason))  # fmt: skip
    return project


@pytest.fixture(params=ZONES if hasattr(time, "tzset") else [None])
def zone(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The local time zone the log is shown in (SQLite and Python both follow TZ)."""
    if request.param is not None:
        monkeypatch.setenv("TZ", request.param)
        time.tzset()
    yield
    monkeypatch.undo()
    if hasattr(time, "tzset"):
        time.tzset()


def old_matches(session: Session, words: str) -> set[int]:
    """The events a reader finds with the filter (each event's local time, words, columns
    as shown): what the bounded time conversion must find too."""
    ids = list(session.scalars(select(E.id).order_by(E.id)))
    lines = audit_log(session)
    return {i for i, line in zip(ids, lines, strict=True) if found_by(words, line)}


def listing(session: Session, words: str, sort: str, descending: bool) -> list[int]:
    """The whole listing, read a window of 20 at a time."""
    chosen = AuditListing(words=words, sort=AUDIT_SORTS.index(sort), descending=descending)
    ids, key = [], None
    while True:
        window = audit_window(session, chosen, key, size=20)
        ids += window.ids
        if window.next_key is None:
            return ids
        key = window.next_key


def local_times(session: Session) -> list[str]:
    """Each event's time as the log shows it, in this zone."""
    return [
        at.replace(tzinfo=UTC).astimezone().strftime("%Y-%m-%d %H:%M:%S")
        for at in session.scalars(select(E.at).order_by(E.id))
    ]


def pieces(times: list[str], count: int, seed: int) -> list[str]:
    """Starts of shown times (the bounded case) and pieces from their middle."""
    rng = random.Random(seed)
    found = []
    for number in range(count):
        shown = rng.choice(times)
        start = 0 if number % 2 else rng.randrange(len(shown))
        found.append(shown[start : start + rng.randint(1, 19)])
    return found


def test_a_time_filter_finds_what_it_found_before_in_any_zone(
    trail: Project, zone: None, reading: str
) -> None:
    with trail.session() as session:
        wanted = FILTERS + pieces(local_times(session), 40, seed=len(local_times(session)))
        unfiltered = {order: listing(session, "", *order) for order in ORDERS}
        for words in wanted:
            expected = old_matches(session, words)
            assert count_events(session, words) == len(expected), words
            for order in ORDERS:
                found = listing(session, words, *order)
                assert found == [i for i in unfiltered[order] if i in expected], (words, order)


def test_a_date_finds_the_events_shown_on_that_day(trail: Project, zone: None) -> None:
    with trail.session() as session:
        ids = list(session.scalars(select(E.id).order_by(E.id)))
        times = dict(zip(ids, local_times(session), strict=True))
        lines = dict(zip(ids, audit_log(session), strict=True))
        edges = [times[ids[EDGES.index(at)]] for at in DAYS]
        for words in {cut for shown in edges for cut in (shown[:7], shown[:10], shown[:13])}:
            by_time = {i for i, shown in times.items() if shown.startswith(words)}
            held = {i for i, line in lines.items() if any(words in value for value in (
                line.target, line.before, line.after, line.reason))}  # fmt: skip
            assert by_time, words
            assert listing(session, words, "when", False) == sorted(by_time | held), words
