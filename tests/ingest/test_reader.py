"""read_file: checks before reading, dispatch by suffix, one-line refusals naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from qcode.errors import IngestError
from qcode.ingest import MAX_FILE_BYTES, SUPPORTED_SUFFIXES, read_file


def refusal(path: Path, **kwargs: int) -> str:
    with pytest.raises(IngestError) as caught:
        read_file(path, **kwargs)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path.name}: ")
    return message


def test_public_constants() -> None:
    assert MAX_FILE_BYTES == 64 * 1024 * 1024
    assert set(SUPPORTED_SUFFIXES) == {".docx", ".pdf", ".txt", ".md", ".csv", ".xlsx"}


def test_suffix_is_case_insensitive_and_name_is_the_stem(tmp_path: Path) -> None:
    path = tmp_path / "PJ 1.TXT"
    path.write_bytes(b"Hello.")
    (doc,) = read_file(path)
    assert (doc.name, doc.text, doc.format) == ("PJ 1", "Hello.", "txt")
    assert (doc.participant, doc.wave, doc.attributes) == (None, None, {})


def test_accepts_a_string_path(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_bytes(b"memo")
    assert read_file(str(path))[0].text == "memo"  # type: ignore[arg-type]


def test_missing_file(tmp_path: Path) -> None:
    assert "file not found" in refusal(tmp_path / "PJ 9.docx")


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "PJ 1.docx"
    folder.mkdir()
    assert refusal(folder) == "PJ 1.docx: is a folder, not a file"


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "PJ 1.pdf"
    path.touch()
    assert refusal(path) == "PJ 1.pdf: the file is empty"


def test_oversized_file_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "PJ 1.txt"
    path.write_bytes(b"x" * 2048)

    def no_reading(self: Path) -> bytes:
        raise AssertionError("read_bytes must not be called for an oversized file")

    monkeypatch.setattr(Path, "read_bytes", no_reading)
    message = refusal(path, max_bytes=1024)
    assert message == "PJ 1.txt: is too large (2.0 KB; the limit is 1.0 KB)"


def test_file_at_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "PJ 1.txt"
    path.write_bytes(b"y" * 100)
    assert read_file(path, max_bytes=100)[0].text == "y" * 100


@pytest.mark.parametrize(
    ("filename", "hint"),
    [
        ("PJ 1.doc", "save it as .docx in Word"),
        ("data.xls", "save it as .xlsx in Excel"),
        ("photo.jpg", "supported: .docx, .pdf, .txt, .md, .csv, .xlsx"),
        ("README", "supported: .docx"),
    ],
)
def test_unsupported_suffix(tmp_path: Path, filename: str, hint: str) -> None:
    path = tmp_path / filename
    path.write_bytes(b"something")
    message = refusal(path)
    assert "unsupported file type" in message
    assert hint in message


def test_png_named_docx(tmp_path: Path) -> None:
    path = tmp_path / "PJ 1.docx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32)
    assert refusal(path) == "PJ 1.docx: not a Word document (it looks like a PNG image)"


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "PJ 1.txt"
    path.write_bytes(b"secret")

    def denied(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", denied)
    assert refusal(path) == "PJ 1.txt: cannot be read (Permission denied)"
