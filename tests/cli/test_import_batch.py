"""`qcode import` batches: every file is tried, each reported on its own line; NUL is refused."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from qcode.cli import main
from qcode.services.documents import importing
from qcode.store.models import Document
from qcode.store.postgres import open_any
from qcode.store.project import Project
from tests.helpers import dump, location
from tests.ingest.refi.test_qdpx_quirks import DOC, project, text_source
from tests.services.refi.test_refi_support import zip_bytes

WIDE = 10_000


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str], list[str]]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out.splitlines(), err.splitlines()


@pytest.fixture
def study(new_project: Callable[..., Project]) -> str:
    """PROJECT: a new, empty project, as a file or on the server."""
    with new_project() as project:
        return location(project)


def names(path: Path) -> list[str]:
    with open_any(path) as opened, opened.session() as session:
        return sorted(session.scalars(select(Document.name)))


def wide_csv(path: Path) -> Path:
    """A survey with 10,000 open-text questions and two respondents."""
    headings = ",".join(f"Question {n}" for n in range(WIDE))
    rows = [f"{who}," + ",".join(f"answer {n} of {who}" for n in range(WIDE)) for who in "AB"]
    path.write_text("\n".join([f"id,{headings}", *rows]), encoding="utf-8")
    return path


def test_one_bad_file_never_aborts_a_batch(
    tmp_path: Path, study: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "PQ 1.txt").write_text("PQ: The first one.\n", encoding="utf-8")
    wide_csv(tmp_path / "wide.csv")
    (tmp_path / "PJ 3.docx").write_bytes(random.Random(3).randbytes(4096))
    (tmp_path / "PJ 4.txt").write_bytes(b"PJ: a\x00b\n")
    (tmp_path / "PR 1.txt").write_text("PR: The last one.\n", encoding="utf-8")
    files = ["PQ 1.txt", "wide.csv", "PJ 3.docx", "PJ 4.txt", "PR 1.txt"]
    status, out, err = run(capsys, "import", str(study), *(str(tmp_path / f) for f in files))
    assert status == 1
    assert out == [
        "imported  PQ 1.txt: imported as 'PQ 1'",
        "imported  wide.csv: imported 2 documents (A … B)",
        "imported  PR 1.txt: imported as 'PR 1'",
    ]
    assert len(err) == 2
    assert err[0].startswith("failed    PJ 3.docx: not a Word document")
    assert err[1].startswith("failed    PJ 4.txt: contains NUL characters (U+0000)")
    assert names(study) == ["A", "B", "PQ 1", "PR 1"]
    with open_any(study) as opened, opened.session() as session:
        answers = session.scalars(select(Document.text).where(Document.name == "A")).one()
    assert answers.count("\n\n") == WIDE - 1
    assert answers.endswith(f"Question {WIDE - 1}\nanswer {WIDE - 1} of A")


def test_an_unexpected_error_fails_only_its_file_and_is_logged(
    tmp_path: Path, study: str, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    logs = tmp_path / "logs"
    monkeypatch.setattr("qcode.error_log.user_log_dir", lambda _app: str(logs))
    real_read, real_store = importing.read_file, importing.store_document

    def read(path: Path, **options):
        if path.name == "boom.txt":
            raise RuntimeError("the disk\nis on fire")
        return real_read(path)

    def store(session, path, doc, options):
        if doc.name == "Q2":  # the second respondent: Q1 was already added in this transaction
            raise ZeroDivisionError("nobody expected this")
        return real_store(session, path, doc, options)

    monkeypatch.setattr(importing, "read_file", read)
    monkeypatch.setattr(importing, "store_document", store)
    (tmp_path / "PQ 1.txt").write_text("PQ: fine.\n", encoding="utf-8")
    (tmp_path / "boom.txt").write_text("PB: fine too.\n", encoding="utf-8")
    (tmp_path / "survey.csv").write_text("What helped?\nTime.\nRest.\n", encoding="utf-8")
    (tmp_path / "PR 1.txt").write_text("PR: fine.\n", encoding="utf-8")
    files = [str(tmp_path / f) for f in ("PQ 1.txt", "boom.txt", "survey.csv", "PR 1.txt")]
    status, out, err = run(capsys, "import", str(study), *files)
    assert status == 1
    assert [line.split(":")[0] for line in out] == ["imported  PQ 1.txt", "imported  PR 1.txt"]
    log_file = logs / "errors.log"
    assert err == [
        "failed    boom.txt: could not be imported (internal error: RuntimeError: the disk is on "
        f"fire); nothing was stored; details in {log_file}",
        "failed    survey.csv: could not be imported (internal error: ZeroDivisionError: nobody "
        f"expected this); nothing was stored; details in {log_file}",
    ]
    assert "Traceback" in log_file.read_text(encoding="utf-8")
    assert names(study) == ["PQ 1", "PR 1"]  # Q1 went back with its file's transaction


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("PJ 1.txt", b"PJ: It was\x00 fine.\n"),
        ("PJ 1.txt", "\ufeffPJ: It was\x00 fine.\n".encode()),  # a BOM: decoded, then checked
        ("PJ 1.txt", "\ufeffPJ: It was\x00 fine.\n".encode("utf-16")),
        ("survey.csv", "\ufeffid,What helped?\nA1,Time\x00 off.\n".encode()),
    ],
)
def test_a_text_with_nul_is_refused_and_nothing_changes(
    tmp_path: Path, study: str, capsys: pytest.CaptureFixture[str], name: str, data: bytes
) -> None:
    (tmp_path / name).write_bytes(data)
    with open_any(study) as opened:
        before = dump(opened)
    status, out, err = run(capsys, "import", str(study), str(tmp_path / name))
    assert (status, out, len(err)) == (1, [], 1)
    assert err[0].startswith(f"failed    {name}")
    assert "contains NUL characters (U+0000)" in err[0]
    with open_any(study) as opened:
        assert dump(opened) == before


@pytest.mark.parametrize("bom", ["", "\ufeff"])
def test_a_qdpx_source_with_nul_refuses_the_import(
    tmp_path: Path, study: str, capsys: pytest.CaptureFixture[str], bom: str
) -> None:
    archive = tmp_path / "other.qdpx"
    text = f"{bom}alpha\x00beta"
    members = {"project.qde": project(text_source("")), f"sources/{DOC}.txt": text}
    archive.write_bytes(zip_bytes(members))
    with open_any(study) as opened:
        before = dump(opened)
    status, out, err = run(capsys, "import", str(study), str(archive))
    assert (status, out) == (1, [])
    assert err == [
        "failed    other.qdpx: source 'Doc.txt': contains NUL characters (U+0000), which a text "
        "cannot hold; remove them (or save the file again as UTF-8 text) and import it again"
    ]
    with open_any(study) as opened:
        assert dump(opened) == before
