"""Any random sequence of operations, undone as many times, leaves the project exactly as it was."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from qcode.errors import QcodeError
from qcode.services import cases, codebook, codebook_merge, coding, memos
from qcode.services.history import Change, History
from qcode.store.project import Project, open_project
from tests.helpers import add_text, audit_count, dump

TEXT_A = "Interviewer: How was it?\nPA: The mentor listened and I felt less alone at work."
TEXT_B = "PB: Time was short, the rota was brutal, but we met every month after clinic."
NAMES = ["Work", "Care", "Time", "Trust"]
CODERS = ["Ann", "Ben"]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from qcode.store.project import create_project

    path = tmp_path_factory.mktemp("template") / "base.qcode"
    with create_project(path) as project:
        add_text(project, "PA 1", TEXT_A, "PA", 1)
        add_text(project, "PB 1", TEXT_B, "PB", 1)
        codebook.add_code(project, "Better work/Support", flags="M")
        codebook.add_code(project, "Better work/Rota", flags="C")
        coding.code_span(project, "PA 1", "Better work/Support", "Ann", 25, 50)
        coding.code_span(project, "PB 1", "Better work/Rota", "Ben", 20, 40)
    return path


def ids(project: Project, sql: str) -> list[int]:
    conn = sqlite3.connect(project.path)
    try:
        return [row[0] for row in conn.execute(sql)]
    finally:
        conn.close()


def draw_operation(data: st.DataObject, project: Project) -> Callable[[], Change]:
    """Pick one operation with arguments that mostly make sense for the current project."""
    codes = ids(project, "SELECT id FROM codes")
    segments = ids(project, "SELECT id FROM segments")
    case_ids = ids(project, "SELECT id FROM cases")
    maybe_code = st.sampled_from(codes) if codes else st.just(0)
    maybe_segment = st.sampled_from(segments) if segments else st.just(0)
    doc = data.draw(st.sampled_from(["PA 1", "PB 1"]))
    start = data.draw(st.integers(0, 70))
    end = data.draw(st.integers(start + 1, 78))
    coder = data.draw(st.sampled_from(CODERS))
    kind = data.draw(
        st.sampled_from(
            [
                "add",
                "edit",
                "move",
                "delete",
                "merge",
                "split",
                "code",
                "uncode_span",
                "uncode_segment",
                "in_vivo",
                "memo",
                "case",
            ]
        )
    )
    code, other = data.draw(maybe_code), data.draw(maybe_code)
    segment = data.draw(maybe_segment)
    name = data.draw(st.sampled_from(NAMES))
    operations: dict[str, Callable[[], Change]] = {
        "add": lambda: codebook.add_code(
            project,
            f"{name}/{data.draw(st.sampled_from(NAMES))}",
            flags=data.draw(st.sampled_from(["", "C", "M", "CM"])),
        ),
        "edit": lambda: codebook.update_code(
            project, code, name=name, color="#123456", flags="CM", when_to_use="often"
        ),
        "move": lambda: codebook.move_code(
            project, code, data.draw(st.sampled_from([None, other])), data.draw(st.integers(0, 3))
        ),
        "delete": lambda: codebook.delete_code(project, code),
        "merge": lambda: codebook_merge.merge_codes(project, code, other),
        "split": lambda: codebook_merge.split_code(project, code, [segment], name + " 2"),
        "code": lambda: coding.code_span(project, doc, code, coder, start, end),
        "uncode_span": lambda: coding.uncode_span(project, doc, coder, start, end),
        "uncode_segment": lambda: coding.uncode_segment(project, segment),
        "in_vivo": lambda: coding.code_in_vivo(project, doc, coder, start, end),
        "memo": lambda: memos.add_memo(project, "a thought", memos.MemoTarget("segment", segment)),
        "case": lambda: (
            cases.link_segments(project, case_ids[0], [segment])
            if case_ids
            else cases.create_case(project, "Rota clash", participant="PB")
        ),
    }
    event(kind)
    return operations[kind]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), length=st.integers(1, 8))
def test_undo_all_restores_exactly_and_redo_brings_back(
    template: Path, data: st.DataObject, length: int
) -> None:
    workdir = Path(tempfile.mkdtemp())
    try:
        shutil.copy(template, workdir / "p.qcode")
        with open_project(workdir / "p.qcode") as project:
            history = History(project)
            initial = dump(project)
            applied = 0
            for _ in range(length):
                before, events = dump(project), audit_count(project)
                try:
                    change = history.push(draw_operation(data, project)())
                except QcodeError:
                    assert dump(project) == before, "a refused operation changed the project"
                    assert audit_count(project) == events
                    continue
                if change.is_empty:  # e.g. an edit to the values a code already has
                    assert dump(project) == before and audit_count(project) == events
                    continue
                assert audit_count(project) == events + 1, "each mutation writes one event"
                applied += 1
            event(f"applied {min(applied, 4)}+" if applied >= 4 else f"applied {applied}")
            final = dump(project)
            for _ in range(applied):
                assert history.undo() is not None
            assert dump(project) == initial
            for _ in range(applied):
                assert history.redo() is not None
            assert dump(project) == final
    finally:
        shutil.rmtree(workdir)
