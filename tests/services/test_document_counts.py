"""Stored document counts: every way a document is made or changed keeps chars and lines right."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import defer

from qcode.analysis.lines import LineIndex
from qcode.export.refi.project import write_qdpx
from qcode.ingest import IngestedDocument
from qcode.services.demo.build import build_demo
from qcode.services.documents.importing import store_ingested
from qcode.services.documents.listing import list_documents
from qcode.services.documents.view import document_entries
from qcode.services.history import History
from qcode.services.imports import import_files
from qcode.services.merge.run import merge_copy
from qcode.services.refi.gather import gather_project
from qcode.services.refi.importer import import_refi
from qcode.store.models import Document
from qcode.store.project import Project, create_project, open_project

ROOT = Path(__file__).resolve().parents[2]
TRICKY = (
    "PA: 👩\u200d👩\u200d👧 came, café and cafe\u0301 — 🇬🇧 mixed.\n"
    "\n"
    "Interviewer: \U0001f600 and a page\fbreak?\n"
)


def expected(text: str) -> tuple[int, int]:
    return len(text), LineIndex(text).line_count


def stored_counts(project: Project) -> dict[str, tuple[tuple[int, int], tuple[int, int]]]:
    """Per document: (stored chars, lines) and what its text says they are."""
    with project.session() as session:
        rows = session.execute(select(Document.name, Document.chars, Document.lines, Document.text))
        return {name: ((chars, lines), expected(text)) for name, chars, lines, text in rows}


def assert_counts_hold(project: Project) -> int:
    counts = stored_counts(project)
    assert counts, "the project has no documents"
    for name, (stored, right) in counts.items():
        assert stored == right, name
    return len(counts)


@pytest.mark.parametrize(
    "text",
    ["", "one line", "ends with a newline\n", "\n\n", TRICKY, "x" * 5000 + "\n" + "y"],
)
def test_counts_match_line_index_and_python(project: Project, text: str) -> None:
    with project.transaction() as session:
        session.add(Document(name="D", text=text, sha256="s"))
    with project.session() as session:
        doc = session.scalars(select(Document)).one()
        assert (doc.chars, doc.lines) == expected(text)


def test_txt_docx_and_csv_imports_store_counts(tmp_path: Path, project: Project) -> None:
    (tmp_path / "PA 1.txt").write_bytes(TRICKY.replace("\n", "\r\n").encode())
    word = docx.Document()
    for paragraph in TRICKY.splitlines():
        word.add_paragraph(paragraph)
    word.save(str(tmp_path / "PB 2.docx"))
    (tmp_path / "survey.csv").write_text(
        'id,What changed?,Anything else?\nQ1,"I listen 👂\nmore",café\nQ2,,\n', encoding="utf-8"
    )
    paths = [tmp_path / n for n in ("PA 1.txt", "PB 2.docx", "survey.csv")]
    outcomes = import_files(project, paths)
    assert all(not o.failed for o in outcomes), [o.message for o in outcomes]
    assert assert_counts_hold(project) >= 3


def test_refi_import_and_its_undo_keep_counts(tmp_path: Path, project: Project) -> None:
    store_ingested(project, Path("PA 1.txt"), [IngestedDocument("PA 1", TRICKY, format="txt")])
    with project.session() as session:
        write_qdpx(gather_project(session), tmp_path / "out.qdpx")
    with create_project(tmp_path / "other.qcode") as other:
        imported = import_refi(other, tmp_path / "out.qdpx")
        assert imported.change is not None, imported.outcomes
        assert assert_counts_hold(other) == 1
        history = History(other)
        history.push(imported.change)
        history.undo()
        assert stored_counts(other) == {}
        history.redo()
        assert assert_counts_hold(other) == 1


@pytest.mark.file_only(
    reason="a .qcode copy merged into a team file (qcode merge refuses a server)"
)
def test_merge_brings_documents_with_counts(
    tmp_path: Path, make_project: Callable[..., Project]
) -> None:
    team = make_project(documents={"PA 1": ("PA", 1, "PA: hello.\n")}, name="team")
    team.close()
    copy = tmp_path / "ann.qcode"
    copy.write_bytes(team.path.read_bytes())
    with open_project(copy) as ann:
        store_ingested(ann, Path("PC 1.txt"), [IngestedDocument("PC 1", TRICKY, format="txt")])
    with open_project(team.path) as merged:
        report = merge_copy(merged, copy)
        assert report.new_documents == ["PC 1"]
        assert assert_counts_hold(merged) == 2


def test_the_demo_stores_counts(tmp_path: Path) -> None:
    with build_demo(tmp_path / "demo.qcode") as demo:
        assert assert_counts_hold(demo) >= 6


def test_a_changed_text_is_recounted_and_counts_cannot_be_set_apart(project: Project) -> None:
    with project.transaction() as session:
        session.add(Document(name="D", text="one", sha256="s", chars=99, lines=99))
    with project.transaction() as session:
        doc = session.scalars(select(Document)).one()
        assert (doc.chars, doc.lines) == (3, 1)
        doc.text = TRICKY
    assert assert_counts_hold(project) == 1
    with project.transaction() as session:
        session.scalars(select(Document)).one().chars = 1
    assert assert_counts_hold(project) == 1


def test_other_changes_do_not_load_the_text(project: Project) -> None:
    with project.transaction() as session:
        session.add(Document(name="D", text=TRICKY, sha256="s"))
    with project.transaction() as session:
        doc = session.scalars(select(Document).options(defer(Document.text))).one()
        doc.wave = 2
        session.flush()
        assert "text" not in doc.__dict__
    assert assert_counts_hold(project) == 1


def test_lists_read_counts_without_loading_any_text(project: Project) -> None:
    texts = {"PA 1": TRICKY, "PB 1": "PB: short.", "PC 1": ""}
    with project.transaction() as session:
        for name, text in texts.items():
            session.add(Document(name=name, text=text, sha256=name))
    statements: list[str] = []

    def seen(_conn, _cursor, statement: str, *_args: object) -> None:
        statements.append(statement)

    event.listen(project.engine, "before_cursor_execute", seen)
    try:
        with project.session() as session:
            listed = {row.name: row.chars for row in list_documents(session)}
            entries = {e.name: (e.chars, e.lines) for e in document_entries(session)}
    finally:
        event.remove(project.engine, "before_cursor_execute", seen)
    assert listed == {name: len(text) for name, text in texts.items()}
    assert entries == {name: expected(text) for name, text in texts.items()}
    assert statements and not any(re.search(r"documents\.text\b", s) for s in statements)


def test_no_module_writes_documents_around_the_orm() -> None:
    """Bulk or raw writes would skip the hook that keeps the counts (migrations aside)."""
    pattern = re.compile(r"(insert|update)\(Document\)|(INSERT INTO|UPDATE) documents", re.I)
    found = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "qcode").rglob("*.py")
        if "migrations" not in path.parts and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []
