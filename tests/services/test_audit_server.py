"""The audit log's windows, sorts and filters on a team server agree with the same log in a file."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from qcode.services.audit import record
from qcode.services.auditlog import AUDIT_SORTS, AuditListing, audit_window, count_events
from qcode.store.models import AuditEvent
from qcode.store.project import Project
from tests.helpers import create_store

GUID = "0f3c2a9e-1111-4222-8333-944455556666"
VALUES = [
    ("Ann", "add code", "code", GUID, None, {"name": "Time", "path": ["Theme", "Time"]}, ""),
    ("Ben", "code", "segment", "7", None, {"text": "said:\nprotected  time"}, ""),
    ("Zoë", "edit memo", "memo", "8", {"text": "Café"}, {"text": "café au lait"}, "typo"),
    ("ann", "undo", "operation", "Code 3 hits", None, None, "Too soon"),
    ("Ben", "code", "segment", "9", None, {"text": "50% _done_"}, ""),
]
# Filters a server finds as a file does. Not among them: the marks only a value as shown has
# ("name: Time" for {"name": "Time"}, "Theme / Time" for a path), which a file's filter asks
# Python about and a server's SQL cannot (docs/team-server.md says so).
FILTERS = ["ann", "BEN", "time", "protected time", "café", "CAFÉ", "Zoë", "50%", "_done_", "%",
           "code 0f3c2a9e", "4222", "too SOON", "-", "20", "2025-03", "2025-03-14 10", ":30",
           "no such thing"]  # fmt: skip
ZONES = ["UTC", "Europe/Berlin", "America/St_Johns"]
START = datetime(2025, 3, 13, 21, 0, 0)


def fill(project: Project) -> None:
    """Thirty events, some alike (so sorts fall back on the id), across two March days."""
    with project.transaction() as session:
        for number in range(30):
            who, action, kind, target, before, after, reason = VALUES[number % len(VALUES)]
            event = record(session, action, kind, target, before=before, after=after, actor=who,
                           reason=reason)  # fmt: skip
            event.at = START + timedelta(minutes=97 * number)


@pytest.fixture
def pair(tmp_path, postgres_url: str) -> Iterator[tuple[Project, Project]]:  # type: ignore[no-untyped-def]
    """The same audit trail in a file and on a server."""
    with create_store(str(tmp_path / "study.qcode")) as file, create_store(postgres_url) as server:
        fill(file)
        fill(server)
        yield file, server


@pytest.fixture(params=ZONES)
def zone(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The local time zone the log is shown in."""
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


def whole(project: Project, listing: AuditListing, size: int = 4) -> list[int]:
    """A listing read a window at a time (keyset paging), as the dock reads it."""
    ids: list[int] = []
    key = None
    with project.session() as session:
        while True:
            window = audit_window(session, listing, key, size=size)
            assert set(window.lines) == set(window.ids)
            ids += window.ids
            if window.next_key is None:
                return ids
            key = window.next_key


def test_every_sort_pages_through_every_event_once_on_a_server(pair) -> None:  # type: ignore[no-untyped-def]
    _file, server = pair
    with server.session() as session:
        every = sorted(session.scalars(select(AuditEvent.id)))
    for sort, descending in itertools.product(range(len(AUDIT_SORTS)), (False, True)):
        listing = AuditListing(sort=sort, descending=descending)
        paged = whole(server, listing)
        assert sorted(paged) == every, (AUDIT_SORTS[sort], descending)
        assert paged == whole(server, listing, size=1000), (AUDIT_SORTS[sort], descending)
        if AUDIT_SORTS[sort] in ("when", "who", "action"):  # letters only: any collation agrees
            assert paged == whole(pair[0], listing), (AUDIT_SORTS[sort], descending)


def test_a_server_filters_as_a_file_does(pair, zone: str) -> None:  # type: ignore[no-untyped-def]
    file, server = pair
    for words in FILTERS:
        found = whole(server, AuditListing(words=words))
        assert found == whole(file, AuditListing(words=words)), (zone, words)
        with server.session() as session:
            assert count_events(session, words) == len(found), (zone, words)
    with server.session() as session:  # the fixture's times do give the time filters hits
        assert 0 < count_events(session, "2025-03-14") < count_events(session, "2025-03")
