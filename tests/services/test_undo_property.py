"""Any random sequence of operations, undone as many times, leaves the project exactly as it was.

The operations are every mutation the codebook, coding, memo, case, auto-coding, codebook-CSV
and template services offer; redoing them all brings the project back to where it ended.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from qcode.errors import QcodeError
from qcode.services import cases, coders, coding, memos
from qcode.services.codebook import edit as codebook
from qcode.services.codebook import exchange as codebook_io
from qcode.services.codebook import merge_split as codebook_merge
from qcode.services.history import Change, History
from qcode.services.search import autocode, search_project
from qcode.store.project import Project, create_project, open_project
from tests.helpers import add_text, audit_count, dump

TEXT_A = "Interviewer: How was it?\nPA: The mentor listened and I felt less alone at work."
TEXT_B = "PB: Time was short, the rota was brutal, but we met every month after clinic."
NAMES = ["Work", "Care", "Time", "Trust"]
CODERS = ["Ann", "Ben"]
QUOTES = ["mentor", "the rota was brutal", "was", "absent words", "month after"]
SEARCHES = [("mentor", "exact"), ("r[a-z]+a", "regex"), ("rotta", "fuzzy"), ("(", "regex")]
CSV = (
    "path,flags,color,description,when_to_use,when_not_to_use,example\n"
    'Work/Rota,C,#00aa00,"Shifts, rotas and ""protected"" time",often,"never,\nreally",e.g.\n'
    "Imported,CM,#123abc,,,,\n"
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("template")
    (folder / "codebook.csv").write_text(CSV, encoding="utf-8")
    path = folder / "base.qcode"
    with create_project(path) as project:
        add_text(project, "PA 1", TEXT_A, "PA", 1)
        add_text(project, "PB 1", TEXT_B, "PB", 1)
        codebook.add_code(project, "Better work/Support", flags="M")
        codebook.add_code(project, "Better work/Rota", flags="C")
        coding.code_span(project, "PA 1", "Better work/Support", "Ann", 25, 50)
        segment = coding.code_span(project, "PB 1", "Better work/Rota", "Ben", 20, 40).value
        case = cases.create_case(project, "Rota clash", participant="PB").value
        cases.link_segments(project, case, [segment])
        memos.add_memo(project, "why rotas matter", memos.MemoTarget("case", case))
    return path


def ids(project: Project, table: str) -> list[int]:
    with project.engine.connect() as conn:
        return [row[0] for row in conn.exec_driver_sql(f"SELECT id FROM {table} ORDER BY id")]


class Drawer:
    """Draws one operation, with arguments that mostly make sense for the project as it is."""

    def __init__(self, data: st.DataObject, project: Project, csv_file: Path) -> None:
        self.data, self.project, self.csv_file = data, project, csv_file

    def pick(self, strategy: st.SearchStrategy) -> object:
        return self.data.draw(strategy)

    def one_of(self, table: str) -> int:
        found = ids(self.project, table)
        return self.pick(st.sampled_from(found)) if found else 0

    def span(self) -> tuple[str, str, int, int]:
        doc = self.pick(st.sampled_from(["PA 1", "PB 1"]))
        start = self.pick(st.integers(0, 70))
        return doc, self.pick(st.sampled_from(CODERS)), start, self.pick(st.integers(start + 1, 78))

    def name(self) -> str:
        return self.pick(st.sampled_from(NAMES))

    def codebook_operation(self, kind: str) -> Callable[[], Change | None]:
        p, code = self.project, self.one_of("codes")
        operations: dict[str, Callable[[], Change | None]] = {
            "add": lambda: codebook.add_code(
                p, f"{self.name()}/{self.name()}", flags=self.pick(st.sampled_from(["", "C", "CM"]))
            ),
            "rename": lambda: codebook.rename_code(p, code, self.name()),
            "recolour": lambda: codebook.update_code(p, code, color="#123456"),
            "describe": lambda: codebook.update_code(
                p,
                code,
                description="a, b",
                when_to_use="often",
                when_not_to_use="x\ny",
                example="e",
            ),
            "flags": lambda: codebook.update_code(
                p, code, flags=self.pick(st.sampled_from(["", "M"]))
            ),
            "move": lambda: codebook.move_code(
                p, code, self.pick(st.sampled_from([None, self.one_of("codes")])), None
            ),
            "reorder": lambda: self.reorder(code),
            "delete": lambda: codebook.delete_code(p, code),
            "merge": lambda: codebook_merge.merge_codes(p, code, self.one_of("codes")),
            "split": lambda: codebook_merge.split_code(
                p, code, [self.one_of("segments")], self.name() + " 2"
            ),
            "import_csv": lambda: codebook_io.import_codebook_csv(p, self.csv_file),
            "template": lambda: codebook_io.apply_template(p, "bitc"),
            "add_coder": lambda: coders.add_coder(p, self.pick(st.sampled_from(["Cat", "Ann"]))),
        }
        return operations[kind]

    def reorder(self, code: int) -> Change:
        with self.project.engine.connect() as conn:
            row = conn.execute(text("SELECT parent_id FROM codes WHERE id = :id"), {"id": code})
            found = row.first()
        parent = found[0] if found else None
        return codebook.move_code(self.project, code, parent, self.pick(st.integers(0, 3)))

    def coding_operation(self, kind: str) -> Callable[[], Change | None]:
        p, (doc, coder, start, end) = self.project, self.span()
        code = self.one_of("codes")
        operations: dict[str, Callable[[], Change | None]] = {
            "code": lambda: coding.code_span(p, doc, code, coder, start, end),
            "quote": lambda: coding.code_quote(
                p, doc, code, coder, self.pick(st.sampled_from(QUOTES))
            ),
            "uncode_span": lambda: coding.uncode_span(
                p, doc, coder, start, end, self.pick(st.sampled_from([None, code]))
            ),
            "uncode_segment": lambda: coding.uncode_segment(p, self.one_of("segments")),
            "in_vivo": lambda: coding.code_in_vivo(p, doc, coder, start, end),
            "autocode": lambda: self.autocode(code, coder),
        }
        return operations[kind]

    def autocode(self, code: int, coder: str) -> Change:
        query, mode = self.pick(st.sampled_from(SEARCHES))
        unit = self.pick(st.sampled_from(["none", "sentence", "paragraph", "turn"]))
        with self.project.session() as session:
            hits = search_project(session, query, mode, unit)
        return autocode(self.project, hits, code, coder, query)

    def memo_operation(self, kind: str) -> Callable[[], Change | None]:
        p, memo = self.project, self.one_of("memos")
        target_kind = self.pick(
            st.sampled_from(["document", "code", "segment", "participant", "case", None])
        )
        target = (
            None
            if target_kind is None
            else memos.MemoTarget(target_kind, self.one_of(target_kind + "s"))
        )
        operations: dict[str, Callable[[], Change | None]] = {
            "memo_add": lambda: memos.add_memo(p, "a thought", target, title="T"),
            "memo_edit": lambda: memos.edit_memo(p, memo, "second thoughts", title="T2"),
            "memo_delete": lambda: memos.delete_memo(p, memo),
        }
        return operations[kind]

    def case_operation(self, kind: str) -> Callable[[], Change | None]:
        p, case = self.project, self.one_of("cases")
        operations: dict[str, Callable[[], Change | None]] = {
            "case_create": lambda: cases.create_case(
                p, self.name(), participant=self.pick(st.sampled_from(["PA", "PB", None]))
            ),
            "case_link": lambda: cases.link_segments(p, case, [self.one_of("segments")]),
            "case_unlink": lambda: cases.unlink_segments(p, case, [self.one_of("segments")]),
            "case_delete": lambda: cases.delete_case(p, case),
        }
        return operations[kind]


GROUPS = {
    "codebook_operation": [
        "add", "rename", "recolour", "describe", "flags", "move", "reorder", "delete",
        "merge", "split", "import_csv", "template", "add_coder",
    ],
    "coding_operation": ["code", "quote", "uncode_span", "uncode_segment", "in_vivo", "autocode"],
    "memo_operation": ["memo_add", "memo_edit", "memo_delete"],
    "case_operation": ["case_create", "case_link", "case_unlink", "case_delete"],
}  # fmt: skip
KINDS = [(group, kind) for group, kinds in GROUPS.items() for kind in kinds]


def draw_operation(
    data: st.DataObject, project: Project, csv_file: Path
) -> tuple[str, Callable[[], Change | None]]:
    group, kind = data.draw(st.sampled_from(KINDS))
    return kind, getattr(Drawer(data, project, csv_file), group)(kind)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), length=st.integers(1, 8))
def test_undo_all_restores_exactly_and_redo_brings_back(
    template: Path, data: st.DataObject, length: int
) -> None:
    workdir = Path(tempfile.mkdtemp())
    try:
        shutil.copy(template, workdir / "p.qcode")
        with open_project(workdir / "p.qcode") as project:
            undo_all_and_redo(project, data, length, template.parent / "codebook.csv", dump)
    finally:
        shutil.rmtree(workdir)


Snapshot = Callable[[Project], object]


def undo_all_and_redo(
    project: Project, data: st.DataObject, length: int, csv_file: Path, snapshot: Snapshot
) -> None:
    """Apply up to ``length`` drawn operations, undo them all, redo them all, checking each."""
    history = History(project)
    initial = snapshot(project)
    applied = 0
    for _ in range(length):
        before, events = snapshot(project), audit_count(project)
        kind, operation = draw_operation(data, project, csv_file)
        try:
            change = operation()
        except QcodeError:
            event(f"{kind} refused")
            assert snapshot(project) == before, "a refused operation changed the project"
            assert audit_count(project) == events
            continue
        if change is None or change.is_empty:  # e.g. an edit to the values it has
            event(f"{kind} unchanged")
            assert snapshot(project) == before and audit_count(project) == events
            continue
        event(f"{kind} applied")
        history.push(change)
        assert audit_count(project) == events + 1, "each mutation writes one event"
        applied += 1
    event(f"applied {min(applied, 4)}+" if applied >= 4 else f"applied {applied}")
    final, events = snapshot(project), audit_count(project)
    for _ in range(applied):
        assert history.undo() is not None
    assert snapshot(project) == initial
    assert not history.can_undo
    for _ in range(applied):
        assert history.redo() is not None
    assert snapshot(project) == final
    assert audit_count(project) == events + 2 * applied, "undo and redo are audited"
