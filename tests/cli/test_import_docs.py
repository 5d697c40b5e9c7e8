"""`qcode new`, `import` and `docs`: the project-file issue's acceptance, end to end."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from qcode.cli import main
from qcode.ingest import MAX_FILE_BYTES
from qcode.ingest.sniff import OLE_MAGIC
from tests.helpers import dump
from tests.ingest.pdfbytes import encrypted_pdf

QCODE = shutil.which("qcode", path=str(Path(sys.executable).parent))


def write_docx(path: Path, paragraphs: list[str]) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(path)
    return path


@pytest.fixture
def material(tmp_path: Path, pdf_factory) -> dict[str, Path]:
    write_docx(tmp_path / "PJ 1.docx", ["Interviewer: How was it?", "PJ: “Honestly — it helped.”"])
    (tmp_path / "PR 2.txt").write_bytes(
        "PR: Time\u00a0was short.\r\nInterviewer: And?\r\n".encode()
    )
    (tmp_path / "survey.csv").write_text(
        "id,Years as mentor,What did mentoring change?\n"
        "Q1,3,I listen more than I talk.\nQ2,5,\nQ3,1,Made me book a GP appointment.\n",
        encoding="utf-8",
    )
    pdf_factory("scan.pdf", image=True)
    return {p.name: p for p in tmp_path.iterdir()}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_import_then_docs_json(tmp_path: Path, store_location: str, material, capsys) -> None:
    project = store_location
    assert run(capsys, "new", project)[0] == 0
    files = [str(material[n]) for n in ("PJ 1.docx", "PR 2.txt", "survey.csv", "scan.pdf")]
    status, out, err = run(capsys, "import", project, *files)
    assert status == 1  # one file failed
    assert err.count("\n") == 1 and "scan.pdf" in err and "text layer" in err
    assert "Traceback" not in out + err
    status, out, _ = run(capsys, "docs", project, "--json")
    docs = {d["name"]: d for d in json.loads(out)}
    assert set(docs) == {"PJ 1", "PR 2", "Q1", "Q2", "Q3"}
    assert (docs["PJ 1"]["participant"], docs["PJ 1"]["wave"], docs["PJ 1"]["format"]) == (
        "PJ",
        1,
        "docx",
    )
    assert (docs["PR 2"]["participant"], docs["PR 2"]["wave"]) == ("PR", 2)
    assert docs["PR 2"]["chars"] == len("PR: Time\u00a0was short.\nInterviewer: And?")
    assert docs["Q1"]["format"] == "csv" and docs["Q1"]["participant"] == "Q1"
    for doc in docs.values():
        assert len(doc["sha256"]) == 64 and set(doc) >= {
            "name",
            "participant",
            "wave",
            "format",
            "chars",
            "sha256",
        }


def test_duplicate_is_reported_and_skipped(
    tmp_path: Path, store_location: str, material, capsys
) -> None:
    project = store_location
    run(capsys, "new", project)
    run(capsys, "import", project, str(material["PR 2.txt"]))
    copy = tmp_path / "copy of PR 2.txt"
    shutil.copy(material["PR 2.txt"], copy)
    status, out, _ = run(capsys, "import", project, str(copy))
    assert status == 0 and "skipped" in out and "'PR 2'" in out


def test_options_override_the_file_name(
    tmp_path: Path, store_location: str, material, capsys
) -> None:
    project = store_location
    run(capsys, "new", project)
    status, _, _ = run(
        capsys,
        "import",
        project,
        str(material["PR 2.txt"]),
        "--participant",
        "PX",
        "--wave",
        "3",
        "--attr",
        "role=GP",
        "--attr",
        "mentees=4",
    )
    assert status == 0
    _, out, _ = run(capsys, "docs", project, "--json")
    (doc,) = json.loads(out)
    assert (doc["participant"], doc["wave"]) == ("PX", 3)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("PJ 3.docx", b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG"),
        ("PJ 4.docx", b"PK\x03\x04 broken zip", ""),
        ("PJ 5.txt", b"", "empty"),
        ("PJ 6.pdf", b"%PDF-1.4 garbage", ""),
        ("notes.odt", b"whatever", ""),
        ("PJ 7.pdf", encrypted_pdf("Secret words", user_password="secret"), "encrypted"),
        ("PJ 8.docx", OLE_MAGIC + bytes(504) + "EncryptedPackage".encode("utf-16-le"), "password"),
        ("PJ 9.txt", None, "too large"),
    ],
)
def test_refused_files_leave_the_project_unchanged(
    tmp_path: Path,
    store_location: str,
    material,
    capsys,
    name: str,
    content: bytes | None,
    message: str,
) -> None:
    from qcode.store.postgres import open_any

    project = store_location
    run(capsys, "new", project)
    run(capsys, "import", project, str(material["PR 2.txt"]))
    with open_any(project) as opened:
        before = dump(opened)
    bad = tmp_path / name
    if content is None:  # a sparse file just over the size limit: nothing is read
        with bad.open("wb") as handle:
            handle.truncate(MAX_FILE_BYTES + 1)
    else:
        bad.write_bytes(content)
    status, out, err = run(capsys, "import", project, str(bad))
    assert status == 1 and err.count("\n") == 1 and name in err and message in err
    assert "Traceback" not in err
    with open_any(project) as opened:
        assert dump(opened) == before


def test_missing_file_and_non_project(tmp_path: Path, store_location: str, capsys) -> None:
    project = store_location
    run(capsys, "new", project)
    status, _, err = run(capsys, "import", project, str(tmp_path / "PJ 9.docx"))
    assert status == 1 and "PJ 9.docx" in err and err.count("\n") == 1
    notes = tmp_path / "notes.txt"
    notes.write_text("not a project")
    status, _, err = run(capsys, "docs", str(notes))
    assert (
        status == 1
        and err.strip() == f"qcode: {notes}: is not a qcode project (not a project database)"
    )


def test_the_installed_command_runs_the_acceptance_scenario(tmp_path: Path, material) -> None:
    assert QCODE, "the qcode console script is installed with the package"

    def qcode(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [QCODE, *args],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=120,
        )

    assert qcode("new", "s.qcode").returncode == 0
    imported = qcode("import", "s.qcode", "PJ 1.docx", "PR 2.txt", "survey.csv", "scan.pdf")
    assert imported.returncode == 1
    assert "scan.pdf" in imported.stderr and "Traceback" not in imported.stderr
    assert len(imported.stderr.strip().splitlines()) == 1
    listed = qcode("docs", "s.qcode", "--json")
    assert listed.returncode == 0
    assert [d["name"] for d in json.loads(listed.stdout)] == ["PJ 1", "PR 2", "Q1", "Q2", "Q3"]
