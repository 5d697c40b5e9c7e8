"""Every file of the hostile corpus through the real ``qcode import``, in a fresh process.

A hostile file must end with exit 1, one line on stderr (no traceback, no SQL, nothing
an external entity could fetch), the project exactly as it was (every table, the audit
trail and the schema), within 300 MB peak RSS and without hanging (a bound of 20 s, far
above a refusal's fraction of a second: a guard against a file that makes the import
run on, not a speed measure, which bench/ makes). A readable one must be imported with
exactly its text. Peaks and times are printed (``-s``)."""

from __future__ import annotations

import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

from qcode.services.codebook.exchange import apply_template
from qcode.services.coding import code_in_vivo
from qcode.services.memos import add_memo
from qcode.store.project import create_project
from tests.helpers import add_text
from tests.ingest.bombs import Run, measured
from tests.reliability.hostile_corpus import HOSTILE, READABLE, SECRET, Hostile, Readable

PEAK_MB = 300
SECONDS = 20.0  # a hang, not slowness: a shared machine under load must not fail this
QCODE = str(Path(sys.executable).with_name("qcode"))
LEAKS = ("Traceback", "SELECT ", "INSERT ", "[SQL", "parameters", SECRET)

Snapshot = dict[str, list[tuple[object, ...]]]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with content: a codebook, two interviews, a coded passage and a memo."""
    path = tmp_path_factory.mktemp("seed") / "study.qcode"
    with create_project(path, title="Hostile corpus") as project:
        apply_template(project, "bitc")
        add_text(project, "PJ 1", "Interviewer: How did it start?\nPJ: With the rota.", "PJ", 1)
        add_text(project, "PR 1", "PR: Nobody covers my list.", "PR", 1)
        code_in_vivo(project, "PJ 1", "ana", 35, 48)
        add_memo(project, "The rota comes up first.", title="Rota", actor="ana")
    return path


def snapshot(project: Path) -> Snapshot:
    """Every row of every table (the audit trail too), sorted, and the schema."""
    conn = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
    try:
        schema = conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        ).fetchall()
        virtual = "CREATE VIRTUAL TABLE"  # the audit word index: its rows are in its own tables
        tables = [n for kind, n, sql in schema if kind == "table" and not sql.startswith(virtual)]
        rows = {
            t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables
        }
        return {"(schema)": sorted(schema, key=repr), **rows}
    finally:
        conn.close()


def files_under(root: Path) -> set[Path]:
    return {path for path in root.rglob("*")}


def import_in_child(
    case: Hostile | Readable, seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Run, Path, Snapshot, set[Path]]:
    """Build the case's file, copy the seeded project, run ``qcode import`` on them.

    The child runs in ``tmp_path/a/b`` so that an entry ``../../evil`` would land in
    ``tmp_path``; ``timeout`` ends a child that hangs (exit 124)."""
    project = tmp_path / "study.qcode"
    shutil.copy(seeded, project)
    (tmp_path / "files").mkdir()
    path = case.build(tmp_path / "files")
    (tmp_path / "a" / "b").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "a" / "b")
    before, files = snapshot(project), files_under(tmp_path)
    run = measured("timeout", "-k", "2", "30", QCODE, "import", str(project), str(path))
    print(f"{case.id}: {run.seconds:.2f} s, {run.peak_mb:.0f} MB: {run.stderr.strip()}")
    assert run.seconds <= SECONDS and run.peak_mb < PEAK_MB, (run.seconds, run.peak_mb)
    return run, project, before, files


def test_the_corpus_holds_forty_hostile_files_each_named_once() -> None:
    ids = [case.id for case in [*HOSTILE, *READABLE]]
    assert len(HOSTILE) >= 40 and len(set(ids)) == len(ids)


@pytest.mark.parametrize("case", HOSTILE, ids=[case.id for case in HOSTILE])
def test_a_hostile_file_is_refused_in_one_line_changing_nothing(
    case: Hostile, seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run, project, before, files = import_in_child(case, seeded, tmp_path, monkeypatch)
    assert run.returncode == 1, (run.returncode, run.stdout, run.stderr)
    (line,) = run.stderr.splitlines()
    assert line.startswith("failed ") and case.says in line, line
    assert not run.stdout and not any(leak in line for leak in LEAKS)
    after = snapshot(project)
    assert after == before and SECRET not in repr(after)
    new = files_under(tmp_path) - files
    assert all(path.name.startswith("study.qcode") for path in new), new  # -wal, -shm only
    assert not (tmp_path.parent / "evil").exists()


@pytest.mark.parametrize("case", READABLE, ids=[case.id for case in READABLE])
def test_an_awkward_but_honest_file_is_imported_with_its_text(
    case: Readable, seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run, project, before, _files = import_in_child(case, seeded, tmp_path, monkeypatch)
    assert run.returncode == 0 and not run.stderr, (run.stdout, run.stderr)
    (line,) = run.stdout.splitlines()
    assert line.startswith("imported "), line
    after = snapshot(project)
    (added,) = set(after["documents"]) - set(before["documents"])
    assert case.text in added and set(before["documents"]) <= set(after["documents"])
