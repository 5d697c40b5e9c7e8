"""The audit trail as the user reads it: log lines, the last N, and the CSV export read back."""

from __future__ import annotations

import csv
import json
import re

import pytest

from qcode.errors import QcodeError
from qcode.services import coding
from qcode.services.audit import resolve_actor
from qcode.services.auditlog import COLUMNS, audit_log, export_audit_csv, log_text
from qcode.services.codebook import edit as codebook
from qcode.services.history import History
from qcode.services.lookup import find_code


@pytest.fixture
def project(make_project):
    project = make_project(documents={"PJ 1": ("PJ", 1, 'PJ: The mentor, "made" time.\n')})
    history = History(project)
    codebook.add_code(project, "Theme/Time", actor="Ann")
    with project.session() as session:
        time = find_code(session, "Theme/Time").id
    history.push(codebook.rename_code(project, time, "Making time", reason="clearer, shorter"))
    coding.code_span(project, "PJ 1", "Theme/Making time", "Ben", 4, 22)
    history.undo(actor="Ann", reason="renamed too soon")
    return project


def test_log_lists_events_oldest_first_with_who_what_before_and_after(project) -> None:
    with project.session() as session:
        lines = audit_log(session)
        me = resolve_actor(session, None)[1]  # the login, or on a server the role
        last_two = audit_log(session, limit=2)
    # import document, add code (Ann), rename (default), code (Ben), undo (Ann)
    assert [(line.who, line.action) for line in lines] == [
        (me, "import document"),
        ("Ann", "add code"),
        (me, "edit code"),
        ("Ben", "code"),
        ("Ann", "undo"),
    ]
    assert last_two == lines[-2:]
    rename = lines[2]
    assert (json.loads(rename.before)["name"], json.loads(rename.after)["name"]) == (
        "Time",
        "Making time",
    )
    assert rename.reason == "clearer, shorter"
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", line.when) for line in lines)


def test_a_log_line_is_one_line_showing_before_then_after_and_why(project) -> None:
    with project.session() as session:
        lines = audit_log(session)
    rename = log_text(lines[2])
    assert "\n" not in rename
    assert rename.startswith(f"{lines[2].when}  {lines[2].who}")
    assert f"{lines[2].before} → {lines[2].after}" in rename
    assert rename.endswith(" — because: clearer, shorter")
    coded = log_text(lines[3])  # no before: only the after is shown
    assert "→" not in coded and '"start": 4' in coded


def test_csv_export_reads_back_as_the_same_events(project, tmp_path) -> None:
    out = tmp_path / "audit.csv"
    with project.session() as session:
        assert export_audit_csv(session, out) == 5
        lines = audit_log(session)
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == COLUMNS
    assert rows[1:] == [
        [
            line.when,
            line.who,
            line.action,
            line.target_type,
            line.target,
            line.before,
            line.after,
            line.reason,
        ]
        for line in lines
    ]
    coded = dict(zip(COLUMNS, rows[4], strict=True))
    assert json.loads(coded["after"])["text"] == 'The mentor, "made"'  # quotes, commas survive
    assert rows[5][COLUMNS.index("reason")] == "renamed too soon"
    with project.session() as session, pytest.raises(QcodeError, match="could not write"):
        export_audit_csv(session, tmp_path / "missing" / "audit.csv")
