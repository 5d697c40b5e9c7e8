"""Word .docx import: exact paragraph text, tables in place, text boxes, refusals."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

from qcode.errors import IngestError
from qcode.ingest import read_file
from qcode.ingest.docx import read_docx

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
NAMESPACES = (
    f"{W_NS} "
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)
TEXT_BOX_RUN = f"""
<w:r {NAMESPACES}>
  <mc:AlternateContent>
    <mc:Choice Requires="wps">
      <w:drawing><wp:anchor><a:graphic><a:graphicData>
        <wps:wsp><wps:txbx><w:txbxContent>
          <w:p><w:r><w:t>Boxed aside</w:t></w:r></w:p>
          <w:p><w:r><w:t xml:space="preserve">second box line </w:t></w:r></w:p>
        </w:txbxContent></wps:txbx></wps:wsp>
      </a:graphicData></a:graphic></wp:anchor></w:drawing>
    </mc:Choice>
    <mc:Fallback>
      <w:pict><v:shape><v:textbox><w:txbxContent>
        <w:p><w:r><w:t>Boxed aside</w:t></w:r></w:p>
        <w:p><w:r><w:t xml:space="preserve">second box line </w:t></w:r></w:p>
      </w:txbxContent></v:textbox></v:shape></w:pict>
    </mc:Fallback>
  </mc:AlternateContent>
</w:r>"""

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
QUOTED = "He said \u201cyes\u201d and \u2018no\u2019 \u2013 then \u2014 waited\u00a0here."


def save(document: docx.document.Document, path: Path) -> Path:
    document.save(str(path))
    return path


def test_paragraph_text_is_kept_exactly(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph(QUOTED)
    document.add_paragraph("")
    run = document.add_paragraph("Speaker:").add_run()
    run.add_tab()
    run.add_text("line one")
    run.add_break()
    run.add_text("line two  ")
    (doc,) = read_file(save(document, tmp_path / "PJ 1.docx"))
    assert doc.text == f"{QUOTED}\n\nSpeaker:\tline one\nline two  "
    assert (doc.name, doc.format, doc.kind) == ("PJ 1", "docx", "interview")
    assert "\u00a0" in doc.text and "\r" not in doc.text


def test_table_rows_sit_between_paragraphs(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Before the table.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Interviewer"
    table.cell(0, 1).text = "How did it start?"
    table.cell(1, 0).text = "PJ"
    table.cell(1, 1).text = "Slowly."
    table.cell(1, 1).add_paragraph("Then all at once.")
    document.add_paragraph("After the table.")
    (doc,) = read_file(save(document, tmp_path / "PJ 2.docx"))
    assert doc.text.split("\n") == [
        "Before the table.",
        "Interviewer\tHow did it start?",
        "PJ\tSlowly. Then all at once.",
        "After the table.",
    ]


def test_headers_and_footers_are_left_out(tmp_path: Path) -> None:
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "CONFIDENTIAL HEADER"
    section.footer.paragraphs[0].text = "Page footer"
    document.add_paragraph("Body only.")
    (doc,) = read_file(save(document, tmp_path / "PR 1.docx"))
    assert doc.text == "Body only."


def test_text_box_is_read_once_after_its_paragraph(tmp_path: Path) -> None:
    document = docx.Document()
    anchor = document.add_paragraph("Anchor text.")
    anchor._p.append(parse_xml(TEXT_BOX_RUN))
    document.add_paragraph("Next paragraph.")
    (doc,) = read_file(save(document, tmp_path / "PJ 3.docx"))
    assert doc.text == "Anchor text.\nBoxed aside\nsecond box line \nNext paragraph."
    assert doc.text.count("Boxed aside") == 1


def test_tracked_deletions_and_field_codes_are_left_out(tmp_path: Path) -> None:
    paragraph = parse_xml(
        f'<w:p {W_NS}><w:r><w:t xml:space="preserve">Kept </w:t></w:r>'
        "<w:del><w:r><w:delText>deleted </w:delText></w:r></w:del>"
        '<w:ins><w:r><w:t xml:space="preserve">inserted </w:t></w:r></w:ins>'
        "<w:r><w:instrText>PAGE</w:instrText></w:r>"
        "<w:hyperlink><w:r><w:t>linked</w:t></w:r></w:hyperlink></w:p>"
    )
    document = docx.Document()
    document.element.body.insert(0, paragraph)
    (doc,) = read_file(save(document, tmp_path / "PJ 4.docx"))
    assert doc.text == "Kept inserted linked"


def test_trailing_blank_paragraphs_are_dropped(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Last words.")
    document.add_paragraph("")
    document.add_paragraph("   ")
    (doc,) = read_file(save(document, tmp_path / "PJ 5.docx"))
    assert doc.text == "Last words."


def test_document_without_text_is_refused(tmp_path: Path) -> None:
    path = save(docx.Document(), tmp_path / "blank.docx")
    with pytest.raises(IngestError, match=r"^blank\.docx: contains no text$"):
        read_file(path)


def real_docx_bytes(text: str = "Hello") -> bytes:
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph(text)
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, r"not a Word document \(it looks like a PNG image\)"),
        (b"%PDF-1.7\n%%EOF\n", r"not a Word document \(it looks like a PDF document; rename"),
        (b"plain words, nothing else", r"not a Word document \(it looks like plain text"),
        (OLE_MAGIC + b"\x00" * 64, r"is an old Word 97-2003 \(\.doc\) file"),
    ],
    ids=["png", "pdf", "text", "old-doc"],
)
def test_mislabelled_files_are_refused(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "PJ 1.docx"
    path.write_bytes(content)
    with pytest.raises(IngestError, match=rf"^PJ 1\.docx: {message}"):
        read_file(path)


def test_password_protected_docx_is_refused(tmp_path: Path) -> None:
    # Encrypted Office files are OLE containers with an "EncryptedPackage" stream.
    ole = OLE_MAGIC + b"\x00" * 504
    path = tmp_path / "PJ 1.docx"
    path.write_bytes(ole + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 512)
    with pytest.raises(IngestError, match=r"^PJ 1\.docx: is password-protected"):
        read_file(path)


def test_zip_that_is_not_a_word_document_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "PJ 1.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "not word")
    with pytest.raises(
        IngestError, match=r"^PJ 1\.docx: not a Word document \(it looks like a zip "
    ):
        read_file(path)


def test_truncated_docx_is_damaged(tmp_path: Path) -> None:
    data = real_docx_bytes()
    path = tmp_path / "PJ 1.docx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(IngestError, match=r"^PJ 1\.docx: is damaged"):
        read_file(path)


def test_corrupt_member_inside_the_zip_is_damaged(tmp_path: Path) -> None:
    stored = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(real_docx_bytes("Hello there"))) as source,
        zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as target,
    ):
        for item in source.namelist():
            target.writestr(item, source.read(item))
    data = bytearray(stored.getvalue())
    data[data.index(b"Hello there")] ^= 0x20  # breaks document.xml's CRC
    with pytest.raises(IngestError, match=r"^PJ 1\.docx: is damaged and cannot be read"):
        read_docx(bytes(data), "PJ 1.docx")


def test_package_without_content_types_is_damaged() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<not-really/>")
    with pytest.raises(IngestError, match=r"^PJ 1\.docx: is damaged"):
        read_docx(buffer.getvalue(), "PJ 1.docx")
