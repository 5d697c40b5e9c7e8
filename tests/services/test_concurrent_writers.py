"""Several coders writing one project at once, in a file and on a server: nothing lost, no
error, writes in transaction order, and undo never takes others' work."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from qcode.errors import ConflictError, ProjectBusyError
from qcode.services.codebook.edit import add_code, rename_code
from qcode.services.coding import code_span
from qcode.services.history import History, operation
from qcode.store.location import is_server_url
from qcode.store.models import Code
from tests.helpers import add_text, create_store, open_store, run_sql

ROOT = Path(__file__).resolve().parents[2]
CODERS = 6
OPERATIONS = 500


def make_study(where: str, length: int = 6000) -> str:
    with create_store(where, title="Study") as project:
        add_text(project, "PA 1", "x" * length, "PA", 1)
        add_code(project, "Theme")
    return where


def start_worker(where: str, *args: object) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "tests.coding_worker", where, *map(str, args)]
    return subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def finish(process: subprocess.Popen[str]) -> dict[str, list]:
    out, err = process.communicate(timeout=900)
    assert process.returncode == 0, err
    return json.loads(out.strip().splitlines()[-1])


def count(where: str, sql: str, **parameters: object) -> int:
    return int(run_sql(where, sql, **parameters))  # type: ignore[arg-type]


def code_id(where: str, name: str) -> int:
    return count(where, "SELECT id FROM codes WHERE name=:name", name=name)


def test_six_coders_at_once_lose_nothing(store_location: str) -> None:
    where = make_study(store_location, length=2 * CODERS * OPERATIONS + 10)
    coders = [f"Coder{n}" for n in range(CODERS)]
    processes = [
        start_worker(where, "mixed", coder, OPERATIONS, 2 * CODERS, 2 * n)
        for n, coder in enumerate(coders)
    ]
    results = [finish(process) for process in processes]
    assert [r["errors"] for r in results] == [[] for _ in coders]
    for coder, result in zip(coders, results, strict=True):
        segments = (
            "SELECT count(*) FROM segments s JOIN coders c ON c.id = s.coder_id"
            " WHERE c.name = :coder"
        )
        assert count(where, segments, coder=coder) == len(result["ids"]), coder
        events = "SELECT count(*) FROM audit_events WHERE actor = :coder"
        assert count(where, events, coder=coder) == OPERATIONS, coder
    assert count(where, "SELECT count(*) FROM segments") == sum(len(r["ids"]) for r in results)
    if not is_server_url(where):
        assert run_sql(where, "PRAGMA integrity_check") == "ok"


def test_undo_after_another_process_reused_the_span_is_refused(store_location: str) -> None:
    where = make_study(store_location)
    with open_store(where) as project:
        history = History(project)
        mine = history.push(code_span(project, "PA 1", "Theme", "Gui", 100, 120)).value
        other = finish(start_worker(where, "uncode-and-code", mine, "Cli", 100))["ids"][0]
        assert other != mine, "a freed segment id was handed out again"
        with pytest.raises(ConflictError, match=f"segment {mine} was removed since"):
            history.undo(actor="Gui")
        assert not history.can_undo, "a refused undo is forgotten, not retried forever"
    assert count(where, "SELECT count(*) FROM segments") == 1
    assert count(where, 'SELECT "end" - start FROM segments WHERE id = :id', id=other) == 5


def test_each_coder_undoes_only_their_own_step(store_location: str) -> None:
    where = make_study(store_location)
    with open_store(where) as ana, open_store(where) as ben:
        ana_history, ben_history = History(ana), History(ben)
        ana_history.push(code_span(ana, "PA 1", "Theme", "Ana", 0, 10))
        ben_history.push(code_span(ben, "PA 1", "Theme", "Ben", 20, 30))
        ana_history.undo(actor="Ana")  # Ben's later step is not hers: it stays
        assert count(where, "SELECT count(*) FROM segments") == 1
        assert count(where, "SELECT start FROM segments") == 20
        ben_history.undo(actor="Ben")
        assert count(where, "SELECT count(*) FROM segments") == 0
    undos = "SELECT count(*) FROM audit_events WHERE action = 'undo' AND actor = :who"
    assert count(where, undos, who="Ana") == count(where, undos, who="Ben") == 1


def test_undo_of_a_rename_renamed_again_elsewhere_is_refused(store_location: str) -> None:
    where = make_study(store_location)
    with open_store(where) as project:
        history = History(project)
        code = code_id(where, "Theme")
        history.push(rename_code(project, code, "Support", actor="Gui"))
        finish(start_worker(where, "rename", code, "Peer support"))
        with pytest.raises(ConflictError, match="code .*'Peer support'.* was changed since"):
            history.undo(actor="Gui")
    assert count(where, "SELECT count(*) FROM codes WHERE name='Peer support'") == 1


def test_undo_whose_cascade_would_take_anothers_coding_is_refused(store_location: str) -> None:
    where = make_study(store_location)
    with open_store(where) as project:
        history = History(project)
        code = history.push(add_code(project, "Theme/Fresh")).value
        finish(start_worker(where, "code", "Cli", 1, 1, 10))
        run_sql(where, "UPDATE segments SET code_id = :code", code=code)
        with pytest.raises(ConflictError, match="would also change segment"):
            history.undo()
    assert count(where, "SELECT count(*) FROM segments") == 1
    assert count(where, "SELECT count(*) FROM codes WHERE name='Fresh'") == 1


def test_a_writer_held_too_long_is_one_busy_line(store_location: str) -> None:
    where = make_study(store_location)
    with open_store(where) as holder, holder.transaction() as held:
        held.scalars(select(Code)).all()  # holds the write turn from here to the end
        impatient = open_store(where, busy_deadline=0.3)
        with pytest.raises(ProjectBusyError, match="another qcode is writing") as caught:
            code_span(impatient, "PA 1", "Theme", "Ana", 0, 5)
        impatient.close()
        assert "\n" not in str(caught.value)
    assert count(where, "SELECT count(*) FROM segments") == 0


def test_two_renames_seen_at_once_end_in_order_and_the_later_is_told(
    store_location: str,
) -> None:
    where = make_study(store_location)
    code = code_id(where, "Theme")
    with open_store(where) as ana, open_store(where) as ben:
        rename_code(ana, code, "Support", actor="Ana", was="Theme")
        with pytest.raises(ConflictError) as told:
            rename_code(ben, code, "Peer support", actor="Ben", was="Theme")  # he saw 'Theme'
    assert str(told.value) == (
        "'Theme' was renamed to 'Support' by Ana meanwhile; nothing was changed"
    )
    assert count(where, "SELECT count(*) FROM codes WHERE name='Support'") == 1
    assert count(where, "SELECT count(*) FROM audit_events WHERE actor='Ben'") == 0


def test_a_rename_waits_for_the_one_in_flight_and_is_then_told(store_location: str) -> None:
    where = make_study(store_location)
    code = code_id(where, "Theme")
    outcome: list[BaseException | None] = []

    def bens_rename() -> None:
        with open_store(where) as ben:
            try:
                rename_code(ben, code, "Peer support", actor="Ben", was="Theme")
                outcome.append(None)
            except ConflictError as exc:
                outcome.append(exc)

    with open_store(where) as ana:
        with operation(ana, "Edit code", "Ana") as op:
            op.session.get(Code, code).name = "Support"  # type: ignore[union-attr]
            op.audit("edit code", "code", "theme")
            ben = threading.Thread(target=bens_rename)
            ben.start()
            time.sleep(0.5)
            assert ben.is_alive(), "a second writer went ahead inside the first's transaction"
        ben.join(timeout=30)
    assert len(outcome) == 1 and isinstance(outcome[0], ConflictError)
    assert "'Theme' was renamed to 'Support'" in str(outcome[0])
    assert count(where, "SELECT count(*) FROM codes WHERE name='Support'") == 1
