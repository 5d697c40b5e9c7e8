"""Plain-text import: encodings, byte-order marks, line endings, binary refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from qcode.errors import IngestError
from qcode.ingest import read_file

SAMPLE = "Interviewer: \u201cWhy?\u201d\nPJ: It\u2019s \u2013 well \u2014 caf\u00e9\u00a0time."


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "encoded",
    [
        SAMPLE.encode("utf-8"),
        b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"),
        b"\xff\xfe" + SAMPLE.encode("utf-16-le"),
        b"\xfe\xff" + SAMPLE.encode("utf-16-be"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom"],
)
def test_unicode_encodings_give_the_same_text(tmp_path: Path, encoded: bytes) -> None:
    (doc,) = read_file(write(tmp_path, "PJ 1.txt", encoded))
    assert doc.text == SAMPLE
    assert (doc.name, doc.format, doc.kind) == ("PJ 1", "txt", "interview")


def test_cp1252_smart_quotes(tmp_path: Path) -> None:
    (doc,) = read_file(write(tmp_path, "PJ 1.txt", b"She said \x93no\x94 \x96 twice\x85"))
    assert doc.text == "She said \u201cno\u201d \u2013 twice\u2026"


def test_bytes_undefined_in_cp1252_fall_back_to_latin1(tmp_path: Path) -> None:
    (doc,) = read_file(write(tmp_path, "PJ 1.txt", b"caf\xe9 \x81 \x93ok\x94"))
    assert doc.text == "caf\u00e9 \x81 \x93ok\x94"


@pytest.mark.parametrize(
    "raw",
    [b"one\r\ntwo\r\n\r\nthree", b"one\rtwo\r\rthree", b"one\ntwo\r\n\rthree"],
    ids=["crlf", "cr", "mixed"],
)
def test_line_endings_become_lf(tmp_path: Path, raw: bytes) -> None:
    (doc,) = read_file(write(tmp_path, "PJ 1.txt", raw))
    assert doc.text == "one\ntwo\n\nthree"


def test_only_trailing_blank_lines_are_stripped(tmp_path: Path) -> None:
    raw = b"\n  indented  \nlast line  \n\n \t \n\n"
    (doc,) = read_file(write(tmp_path, "PJ 1.txt", raw))
    assert doc.text == "\n  indented  \nlast line  "


def test_markdown_is_read_as_text(tmp_path: Path) -> None:
    (doc,) = read_file(write(tmp_path, "notes.MD", b"# Memo\r\n\r\n*kept* as written"))
    assert (doc.text, doc.format, doc.name) == ("# Memo\n\n*kept* as written", "md", "notes")


def test_nul_byte_means_binary(tmp_path: Path) -> None:
    path = write(tmp_path, "PJ 1.txt", b"looks like text\x00\x01\x02")
    with pytest.raises(IngestError, match=r"^PJ 1\.txt: contains NUL characters \(U\+0000\)"):
        read_file(path)


def test_invalid_utf16_after_bom_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "PJ 1.txt", b"\xff\xfe" + "ok".encode("utf-16-le") + b"\x00\xd8")
    with pytest.raises(IngestError, match=r"^PJ 1\.txt: starts with a UTF-16-LE byte-order mark"):
        read_file(path)


def test_whitespace_only_text_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "PJ 1.txt", b" \r\n\t\r\n")
    with pytest.raises(IngestError, match=r"^PJ 1\.txt: contains no text$"):
        read_file(path)


@pytest.mark.parametrize(
    ("data", "seen"),
    [
        (b"PK\x05\x06" + b"\x00" * 18, "a zip archive"),
        (b"%PDF-1.4\n...", "a PDF document; rename it to .pdf"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 16, "a JPEG image"),
    ],
    ids=["zip", "pdf", "jpeg"],
)
def test_binary_named_txt_is_refused(tmp_path: Path, data: bytes, seen: str) -> None:
    path = write(tmp_path, "PJ 1.txt", data)
    with pytest.raises(IngestError) as caught:
        read_file(path)
    assert str(caught.value) == f"PJ 1.txt: not a plain-text file (it looks like {seen})"
