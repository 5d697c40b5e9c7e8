"""A database error while coding is one line in the status bar, without SQL or the text."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

from qcode.store.project import open_project
from tests.ui.test_other_writers import code_selection, make_project, open_window, segments


def test_a_refused_write_is_one_line_naming_the_file(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    path = tmp_path / "shared.qcode"
    make_project(path).close()
    conn = sqlite3.connect(path)
    conn.executescript(
        "CREATE TABLE guard (x INTEGER CHECK (x > 0));"
        "CREATE TRIGGER no_coding AFTER INSERT ON segments"
        " BEGIN INSERT INTO guard VALUES (-1); END;"
    )
    conn.close()
    project = open_project(path)
    try:
        window = open_window(qtbot, project)
        code_selection(window, 5, 9)
        text = window.status_label.text()
        assert text.startswith(
            "shared.qcode: the project file refused the change (CHECK constraint failed: x > 0);"
            " details in "
        )
        log = Path(text.split("details in ", 1)[1])
        assert stat.S_IMODE(log.stat().st_mode) == 0o600
        assert "INSERT INTO" not in log.read_text(encoding="utf-8")
        assert segments(path) == []
    finally:
        project.close()
