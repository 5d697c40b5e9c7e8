"""Kill -9 trials: import, merge, autocode and REFI import killed at seeded moments leave a
sound file holding each transaction wholly or not at all (python -m bench.bench_reliability
runs the long variant)."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.kill_scenarios import PREPARERS, prepare
from bench.killing import Reference, Tally, fresh_folder, measure, run_traced, run_trials, verdict

TRIALS = 20
SEED = 15
NAMES = list(PREPARERS)


@pytest.fixture(scope="module")
def private_logs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Any error log the in-process checks write stays under the tests' folder."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_STATE_HOME", str(tmp_path_factory.mktemp("state")))
        yield


@pytest.fixture(scope="module")
def references(
    tmp_path_factory: pytest.TempPathFactory, qt_app: Any, private_logs: None
) -> dict[str, Reference]:
    """Each command's prepared material, its allowed states and an unkilled run's timeline."""
    folder = tmp_path_factory.mktemp("kill9")
    return {
        name: measure(prepare(name, folder / name / "material"), folder / name / "reference")
        for name in NAMES
    }


@pytest.fixture(scope="module")
def tallies(
    references: dict[str, Reference], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Tally]:
    """TRIALS seeded kills of each command, each on a fresh copy of its material."""
    folder = tmp_path_factory.mktemp("trials")
    return {
        name: run_trials(reference, TRIALS, SEED + n, folder / name)
        for n, (name, reference) in enumerate(references.items())
    }


@pytest.mark.parametrize("name", NAMES)
def test_every_killed_run_leaves_a_sound_file_holding_whole_transactions(
    tallies: dict[str, Tally], name: str
) -> None:
    tally = tallies[name]
    assert len(tally.trials) == TRIALS
    assert tally.failures == []
    assert all(t.state is not None for t in tally.trials)
    whole = tally.left(0) + tally.in_between + tally.left(-1)
    assert whole == TRIALS


@pytest.mark.parametrize("name", NAMES)
def test_the_trials_really_kill_the_command_mid_way(tallies: dict[str, Tally], name: str) -> None:
    tally = tallies[name]
    assert tally.killed >= TRIALS // 4
    assert tally.left(0) >= 1  # some were killed before anything was stored
    if name == "import":  # short transactions, one per file: kills land between files
        assert tally.landed("between") + tally.landed("inside") >= 1
        assert tally.in_between >= 1
    else:  # one long transaction: kills land inside it, and it is wholly absent
        assert tally.landed("inside") >= 1
        assert all(t.state == 0 for t in tally.trials if t.phase == "inside")


def test_a_batch_import_allows_each_file_wholly_there_or_absent_in_order(
    references: dict[str, Reference],
) -> None:
    states = references["import"].states
    documents = [dict(state)["documents"] for state in states]
    assert [len(rows) for rows in documents] == list(range(1, 8))
    assert all(documents[n] == documents[n + 1][: n + 1] for n in range(6))
    events = [len(dict(state)["audit_events"]) for state in states]
    assert events == [events[0] + n for n in range(7)]


def test_the_checks_see_a_half_written_transaction_and_a_damaged_file(
    references: dict[str, Reference], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    reference = references["autocode"]
    folder = fresh_folder(reference.scenario, tmp_path / "half")
    assert run_traced(reference.scenario.command, folder).status == 0
    project = folder / reference.scenario.project
    assert verdict(reference, project) == (len(reference.states) - 1, ())
    conn = sqlite3.connect(project)
    with conn:
        conn.execute("DELETE FROM segments WHERE id % 2 = 0")
    conn.close()
    state, problems = verdict(reference, project)
    assert state is None
    assert problems == ("the file holds neither the state before nor after a whole transaction",)
    broken = Path(shutil.copy(reference.scenario.inputs[0], tmp_path / "broken.qcode"))
    overwrite_page_of(broken, "segments")
    state, problems = verdict(reference, broken)
    assert state is None
    assert problems[0] == "integrity_check: DatabaseError: database disk image is malformed"
    assert any(p.startswith("qcode check: exit 1: qcode: broken.qcode: ") for p in problems)
    assert problems[-1] == "its rows cannot be read: database disk image is malformed"


def overwrite_page_of(path: Path, table: str) -> None:
    """Scribble over the first page of ``table``'s b-tree, as a bad disk would."""
    conn = sqlite3.connect(path)
    try:
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,))
        page = root.fetchone()[0]
    finally:
        conn.close()
    with path.open("r+b") as handle:
        handle.seek((page - 1) * size)
        handle.write(b"\xff" * 64)
