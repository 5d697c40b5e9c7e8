"""PDF import: Qt-made PDFs (page breaks, word gaps), scans, encrypted and damaged files."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from pdfminer.high_level import extract_text

from qcode.errors import IngestError
from qcode.ingest import read_file
from qcode.ingest.pdf import PAGE_BREAK
from tests.ingest.pdfbytes import build_pdf, encrypted_pdf

PdfFactory = Callable[..., Path]  # the pdf_factory fixture in conftest.py


def test_qt_pdf_pages_in_order_with_page_break(pdf_factory: PdfFactory) -> None:
    path = pdf_factory(
        "PJ 1.pdf",
        [
            ["Hello world, this is page one.", "It\u2019s \u201cfine\u201d \u2014 really."],
            ["Page two starts here."],
        ],
    )
    (doc,) = read_file(path)
    first, second = doc.text.split(PAGE_BREAK)
    assert "Hello world, this is page one." in first
    assert "It\u2019s \u201cfine\u201d \u2014 really." in first
    assert second == "Page two starts here."
    assert doc.text.count("\f") == 1
    assert (doc.name, doc.format) == ("PJ 1", "pdf")


def test_qt_pdf_word_gaps_are_single_spaces(pdf_factory: PdfFactory) -> None:
    (doc,) = read_file(pdf_factory("PR 2.pdf", [["one two  three four"]]))
    assert "\t" not in doc.text
    assert doc.text == "one two three four"


def test_ligatures_are_expanded_to_letters(pdf_factory: PdfFactory) -> None:
    (doc,) = read_file(pdf_factory("PR 3.pdf", [["first office flow"]]))
    assert doc.text == "first office flow"


def test_image_only_pdf_has_no_text_layer(pdf_factory: PdfFactory) -> None:
    path = pdf_factory("scan.pdf", image=True)
    with pytest.raises(IngestError, match=r"^scan\.pdf: has no text layer \(a scanned image\?\)"):
        read_file(path)


def test_truncated_qt_pdf_is_damaged(pdf_factory: PdfFactory, tmp_path: Path) -> None:
    data = pdf_factory("whole.pdf", [["Some words."]]).read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(IngestError, match=r"^cut\.pdf: is damaged"):
        read_file(cut)


def test_hand_written_pdf_keeps_its_words(tmp_path: Path) -> None:
    path = tmp_path / "memo.pdf"
    path.write_bytes(build_pdf(b"BT /F1 12 Tf 72 700 Td (Plain words, here.) Tj ET"))
    (doc,) = read_file(path)
    assert doc.text == "Plain words, here."


def test_encrypted_pdf_is_refused(tmp_path: Path) -> None:
    data = encrypted_pdf("Secret words", user_password="secret")
    # The file is a real encrypted PDF: the right password opens it.
    assert "Secret words" in extract_text(io.BytesIO(data), password="secret")
    path = tmp_path / "PJ 1.pdf"
    path.write_bytes(data)
    with pytest.raises(IngestError, match=r"^PJ 1\.pdf: is encrypted"):
        read_file(path)


def test_pdf_with_only_an_owner_password_is_read(tmp_path: Path) -> None:
    path = tmp_path / "PJ 2.pdf"
    path.write_bytes(encrypted_pdf("Readable words", user_password=""))
    (doc,) = read_file(path)
    assert doc.text == "Readable words"


def test_garbage_after_pdf_header_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 8 + b"\n%%EOF\n")
    with pytest.raises(IngestError, match=r"^broken\.pdf: is damaged"):
        read_file(path)


def test_pdf_without_any_content_has_no_text(tmp_path: Path) -> None:
    path = tmp_path / "blank.pdf"
    path.write_bytes(build_pdf(b""))
    with pytest.raises(IngestError, match=r"^blank\.pdf: contains no text$"):
        read_file(path)


def test_zip_named_pdf_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "PJ 1.pdf"
    path.write_bytes(b"PK\x05\x06" + b"\x00" * 18)  # an empty zip archive
    with pytest.raises(IngestError, match=r"^PJ 1\.pdf: not a PDF document \(it looks like a zip"):
        read_file(path)


def test_empty_page_is_kept_between_form_feeds(pdf_factory: PdfFactory) -> None:
    (doc,) = read_file(pdf_factory("PJ 3.pdf", [["Page one."], [], ["Page three."]]))
    assert doc.text == "Page one.\n\f\n\fPage three."
    assert doc.text.split("\n")[-1] == "\fPage three."  # line numbers use split("\n")
