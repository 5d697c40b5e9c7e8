"""Several processes writing one project: nothing lost, no error, undo never takes others' work."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from qcode.errors import ConflictError, ProjectBusyError
from qcode.services.codebook.edit import add_code, rename_code
from qcode.services.coding import code_span
from qcode.services.history import History
from qcode.store.project import (
    Project,
    begin_immediate,
    create_project,
    open_project,
    project_engine,
)
from tests.helpers import add_text

ROOT = Path(__file__).resolve().parents[2]
OPERATIONS = 500


def make_study(path: Path, length: int = 6000) -> Path:
    with create_project(path, title="Study") as project:
        add_text(project, "PA 1", "x" * length, "PA", 1)
        add_code(project, "Theme")
    return path


def start_worker(path: Path, *args: object) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "tests.coding_worker", str(path), *map(str, args)]
    return subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def finish(process: subprocess.Popen[str]) -> dict[str, list]:
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, err
    return json.loads(out.strip().splitlines()[-1])


def count(path: Path, sql: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


@pytest.mark.parametrize("writers", [2, 4])
def test_concurrent_coders_lose_nothing(tmp_path: Path, writers: int) -> None:
    path = make_study(tmp_path / "study.qcode", length=2 * writers * OPERATIONS + 10)
    processes = [
        start_worker(path, "code", f"Coder{n}", OPERATIONS, 2 * writers, 2 * n)
        for n in range(writers)
    ]
    results = [finish(process) for process in processes]
    assert [r["errors"] for r in results] == [[] for _ in range(writers)]
    assert [len(r["ids"]) for r in results] == [OPERATIONS] * writers
    total = writers * OPERATIONS
    assert count(path, "SELECT count(*) FROM segments") == total
    assert count(path, "SELECT count(*) FROM audit_events WHERE action='code'") == total
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_undo_after_another_process_reused_the_span_is_refused(tmp_path: Path) -> None:
    path = make_study(tmp_path / "study.qcode")
    with open_project(path) as project:
        history = History(project)
        mine = history.push(code_span(project, "PA 1", "Theme", "Gui", 100, 120)).value
        other = finish(start_worker(path, "uncode-and-code", mine, "Cli", 100))["ids"][0]
        assert other != mine, "a freed segment id was handed out again"
        with pytest.raises(ConflictError, match=f"segment {mine} was removed since"):
            history.undo(actor="Gui")
        assert not history.can_undo, "a refused undo is forgotten, not retried forever"
    conn = sqlite3.connect(path)
    rows = conn.execute('SELECT id, start, "end" FROM segments').fetchall()
    conn.close()
    assert rows == [(other, 100, 105)]


def test_undo_of_a_rename_renamed_again_elsewhere_is_refused(tmp_path: Path) -> None:
    path = make_study(tmp_path / "study.qcode")
    with open_project(path) as project:
        history = History(project)
        code = count(path, "SELECT id FROM codes WHERE name='Theme'")
        history.push(rename_code(project, code, "Support", actor="Gui"))
        finish(start_worker(path, "rename", code, "Peer support"))
        with pytest.raises(ConflictError, match="code .*'Peer support'.* was changed since"):
            history.undo(actor="Gui")
    assert count(path, "SELECT count(*) FROM codes WHERE name='Peer support'") == 1


def test_undo_whose_cascade_would_take_anothers_coding_is_refused(tmp_path: Path) -> None:
    path = make_study(tmp_path / "study.qcode")
    with open_project(path) as project:
        history = History(project)
        code = history.push(add_code(project, "Theme/Fresh")).value
        finish(start_worker(path, "code", "Cli", 1, 1, 10))
        conn = sqlite3.connect(path)
        conn.execute("UPDATE segments SET code_id=?", (code,))
        conn.commit()
        conn.close()
        with pytest.raises(ConflictError, match="would also change segment"):
            history.undo()
    assert count(path, "SELECT count(*) FROM segments") == 1
    assert count(path, "SELECT count(*) FROM codes WHERE name='Fresh'") == 1


def test_a_writer_held_too_long_is_one_busy_line(tmp_path: Path) -> None:
    path = make_study(tmp_path / "study.qcode")
    holder = sqlite3.connect(path, isolation_level=None)
    begin_immediate(holder)
    try:
        impatient = Project(path, project_engine(path, busy_deadline=0.3))
        with pytest.raises(ProjectBusyError, match="another qcode is writing") as caught:
            code_span(impatient, "PA 1", "Theme", "Ana", 0, 5)
        assert "\n" not in str(caught.value)
        impatient.close()
    finally:
        holder.rollback()
        holder.close()
    assert count(path, "SELECT count(*) FROM segments") == 0
