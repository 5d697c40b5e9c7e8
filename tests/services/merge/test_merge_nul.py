"""A copy's transcript holding NUL characters survives merge, undo and redo byte for byte."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from qcode.services.codebook.edit import add_code
from qcode.services.coding import code_span
from qcode.services.copies import make_coder_copy
from qcode.services.history import History
from qcode.services.merge.run import merge_copy
from qcode.store.project import create_project, open_project
from tests.helpers import add_text, dump

pytestmark = pytest.mark.file_only(
    reason="a .qcode copy merged into a team file (qcode merge refuses a server)"
)

NUL_TEXT = "PB: before\x00 the NUL \x00\x00 and after it, ünïcödé 🙂 \x01\x1f tail"


def document_rows(path: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            'SELECT d.name, d.text, s.start, s."end" FROM documents d'
            " LEFT JOIN segments s ON s.document_id = d.id ORDER BY d.name, s.start"
        ).fetchall()
    finally:
        conn.close()


def test_nul_text_survives_merge_undo_and_redo(tmp_path: Path) -> None:
    team_path = tmp_path / "team.qcode"
    with create_project(team_path) as team:
        add_text(team, "PA 1", "PA: a plain transcript, coded later.", "PA", 1)
        add_code(team, "Theme")
        make_coder_copy(team, tmp_path / "ana.qcode", coder="Ana")
    with open_project(tmp_path / "ana.qcode") as copy:
        add_text(copy, "PB 1", "placeholder")
        copy.close()
    conn = sqlite3.connect(tmp_path / "ana.qcode")  # as another program could have written it
    conn.execute("UPDATE documents SET text = ? WHERE name = 'PB 1'", (NUL_TEXT,))
    conn.commit()
    conn.close()
    with open_project(tmp_path / "ana.qcode") as copy:
        code_span(copy, "PB 1", "Theme", "Ana", len(NUL_TEXT) - 10, len(NUL_TEXT))
    expected = document_rows(tmp_path / "ana.qcode")
    assert ("PB 1", NUL_TEXT, len(NUL_TEXT) - 10, len(NUL_TEXT)) in expected

    with open_project(team_path) as team:
        before = dump(team)
        history = History(team)
        history.push(merge_copy(team, tmp_path / "ana.qcode").change)
        merged = dump(team)
        assert document_rows(team_path) == expected
        history.undo()
        assert dump(team) == before
        history.redo()
        assert dump(team) == merged
        assert document_rows(team_path) == expected
