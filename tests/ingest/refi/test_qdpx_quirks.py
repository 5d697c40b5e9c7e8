"""Real exports' quirks, in archives built here: each coding lands on the same text."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from qcode.errors import IngestError
from qcode.ingest.refi.model import RefiProject
from qcode.ingest.refi.project import read_qdpx
from tests.ingest.pdfbytes import build_pdf
from tests.services.refi.test_refi_support import zip_bytes

NS = 'xmlns="urn:QDA-XML:project:1.0"'
USER = "AD68FBE7-E1EE-4A82-A279-23CC698C89EB"
CODE = "85D17F60-7BB0-481E-B742-B4861DD669DF"
DOC = "69A4332D-5B31-4915-B520-5275CFC21B40"
CODES = f'<CodeBook><Codes><Code guid="{CODE}" name="happy" isCodable="true"/></Codes></CodeBook>'


def project(sources: str, *, origin: str = "Tool 1.0", extra: str = "", codes: str = CODES) -> str:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<Project {NS} name="t" origin="{origin}">'
        f'<Users><User guid="{USER}" name="Ann"/></Users>{codes}{extra}'
        f"<Sources>{sources}</Sources></Project>"
    )


def selection(start: int, end: int, name: str | None = None, guid: str = "") -> str:
    guid = guid or f"aaaaaaaa-0000-0000-{start:04d}-{end:012d}"
    named = f' name="{name}"' if name is not None else ""
    coding = f"cccccccc-0000-0000-{start:04d}-{end:012d}"
    return (
        f'<PlainTextSelection guid="{guid}" startPosition="{start}" endPosition="{end}"{named}>'
        f'<Coding guid="{coding}" creatingUser="{USER}"><CodeRef targetGUID="{CODE}"/>'
        "</Coding></PlainTextSelection>"
    )


def text_source(body: str, path: str = f"internal://{DOC}.txt", name: str = "Doc.txt") -> str:
    return f'<TextSource guid="{DOC}" name="{name}" plainTextPath="{path}">{body}</TextSource>'


def read(tmp_path: Path, members: dict[str, bytes | str]) -> RefiProject:
    archive = tmp_path / "in.qdpx"
    archive.write_bytes(zip_bytes(members))
    return read_qdpx(archive)


def coded(data: RefiProject) -> list[str]:
    """The text each segment covers, in file order."""
    texts = {doc.guid: doc.text for doc in data.documents}
    return [texts[s.document][s.start : s.end] for s in data.segments]


def test_capital_folder_and_file_braced_uppercase_guids(tmp_path: Path) -> None:
    braced = "{" + DOC + "}"
    source = f'<TextSource guid="{braced}" name="Doc" plainTextPath="internal://{DOC}.txt">'
    braced_selection = "{ABCDEF01-0000-0000-0000-0000000000AA}"
    xml = project(source + selection(6, 11, "world", guid=braced_selection) + "</TextSource>")
    xml = xml.replace(f'targetGUID="{CODE}"', f'targetGUID="{{{CODE.lower()}}}"')
    data = read(tmp_path, {"Project.qde": xml, f"Sources/{DOC.lower()}.TXT": "hello world"})
    assert data.documents[0].guid == DOC.lower()
    assert coded(data) == ["world"]
    assert data.segments[0].code == CODE.lower() and data.segments[0].coder == USER.lower()
    assert data.segments[0].guid == braced_selection.strip("{}").lower()


RAW = "Line one\r\nLine two\r\nThe third line\r\n"


@pytest.mark.parametrize("counted_as", [1, 2])
def test_crlf_either_convention_is_detected_from_quoted_text(
    tmp_path: Path, counted_as: int
) -> None:
    start = RAW.index("third") - (0 if counted_as == 2 else 2)
    xml = project(text_source(selection(start, start + 5, "third")))
    data = read(tmp_path, {"project.qde": xml, f"sources/{DOC}.txt": RAW})
    assert data.documents[0].text == "Line one\nLine two\nThe third line\n"
    assert coded(data) == ["third"]
    assert not [p for p in data.problems if "assumed" in p]


def test_crlf_boundary_inside_a_line_break_rules_out_two(tmp_path: Path) -> None:
    # counted as one, 9 is where "Line two" starts; counted as two, 9 is between CR and LF
    xml = project(text_source(selection(9, 17)))
    data = read(tmp_path, {"project.qde": xml, f"sources/{DOC}.txt": RAW})
    assert coded(data) == ["Line two"]
    assert not [p for p in data.problems if "assumed" in p]


@pytest.mark.parametrize(("origin", "expected"), [("ATLAS.ti 9", "third"), ("Other", "e thi")])
def test_crlf_without_evidence_is_assumed_and_reported(
    tmp_path: Path, origin: str, expected: str
) -> None:
    start = RAW.index("third") - 2
    xml = project(text_source(selection(start, start + 5)), origin=origin)
    data = read(tmp_path, {"project.qde": xml, f"sources/{DOC}.txt": RAW})
    assert coded(data) == [expected]
    (line,) = [p for p in data.problems if "assumed" in p]
    assert "'Doc.txt'" in line and ("1 character" if origin.startswith("ATLAS") else "2") in line


@pytest.mark.parametrize("bom_counted", [False, True])
def test_bom_is_stripped_and_a_counted_bom_is_detected(tmp_path: Path, bom_counted: bool) -> None:
    text = "Älpha beta gamma"
    start = text.index("beta") + bom_counted
    xml = project(text_source(selection(start, start + 4, "beta")))
    data = read(
        tmp_path, {"project.qde": xml, f"sources/{DOC}.txt": b"\xef\xbb\xbf" + text.encode()}
    )
    assert data.documents[0].text == "\ufeff" * bom_counted + text  # counted: the tool's own
    assert coded(data) == ["beta"]


def test_utf16_counting_is_detected_past_an_emoji(tmp_path: Path) -> None:
    text = "I 😀 like the mentor a lot"
    start = text.index("mentor") + 1  # one more UTF-16 unit for the emoji
    xml = project(text_source(selection(start, start + 6, "mentor")))
    data = read(tmp_path, {"project.qde": xml, f"sources/{DOC}.txt": text})
    assert coded(data) == ["mentor"]


def test_docx_only_source_is_read_with_qcodes_reader(tmp_path: Path) -> None:
    document = docx.Document()
    for line in ("First paragraph.", "Second paragraph with mentoring."):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    start = len("First paragraph.\nSecond paragraph with ")
    source = (
        f'<TextSource guid="{DOC}" name="Interview.docx" richTextPath="internal://{DOC}.docx">'
        f"{selection(start, start + 9, 'mentoring')}</TextSource>"
    )
    data = read(
        tmp_path, {"project.qde": project(source), f"sources/{DOC}.docx": buffer.getvalue()}
    )
    assert data.documents[0].format == "docx"
    assert coded(data) == ["mentoring"]
    assert any("read from its .docx file" in p for p in data.problems)


def test_pdf_only_source_is_read_with_qcodes_reader(tmp_path: Path) -> None:
    pdf = build_pdf(b"BT /F1 12 Tf 72 720 Td (Mentoring helped) Tj ET")
    source = f'<PDFSource guid="{DOC}" name="Report.pdf" path="internal://{DOC}.pdf"/>'
    data = read(tmp_path, {"project.qde": project(source), f"sources/{DOC}.pdf": pdf})
    assert data.documents[0].text == "Mentoring helped"
    assert data.documents[0].format == "pdf"


VARIABLES = (
    '<Variables><Variable guid="11111111-0000-0000-0000-000000000001" name="Wave" '
    'typeOfVariable="Integer"/><Variable guid="11111111-0000-0000-0000-000000000002" '
    'name="Age" typeOfVariable="Integer"/></Variables>'
)


def nameless_case(owner: str = "") -> str:
    named = (
        f'<Case guid="22222222-0000-0000-0000-000000000001" name="{owner}">'
        f'<SourceRef targetGUID="{DOC}"/></Case>'
        if owner
        else ""
    )
    values = "".join(
        f'<VariableValue><VariableRef targetGUID="11111111-0000-0000-0000-00000000000{n}"/>'
        f"<IntegerValue>{value}</IntegerValue></VariableValue>"
        for n, value in ((1, 3), (2, 41))
    )
    return (
        f'<Cases>{named}<Case guid="22222222-0000-0000-0000-000000000002">{values}'
        f'<SourceRef targetGUID="{DOC}"/></Case></Cases>'
    )


@pytest.mark.parametrize("owner", ["PJ", ""])
def test_variables_in_a_case_with_no_name(tmp_path: Path, owner: str) -> None:
    xml = project(text_source(""), extra=VARIABLES + nameless_case(owner))
    data = read(tmp_path, {"project.qde": xml, f"sources/{DOC}.txt": "Some text"})
    assert data.documents[0].wave == 3
    (person,) = data.participants
    assert person.label == (owner or "Doc.txt") and person.documents == [DOC.lower()]
    assert [(v.name, v.type, v.value) for v in person.attributes] == [("Age", "integer", "41")]
    assert any("case with no name" in p for p in data.problems) == (not owner)


def test_missing_source_keeps_the_codebook_and_reports_one_line(tmp_path: Path) -> None:
    data = read(tmp_path, {"project.qde": project(text_source(selection(0, 4, "Some")))})
    assert [c.name for c in data.codes] == ["happy"] and not data.documents
    assert data.problems == [
        f"source 'Doc.txt': its text is not in the archive (internal://{DOC}.txt); "
        "not imported, nor its 1 coded selection"
    ]


def test_flat_parent_child_names_are_nested(tmp_path: Path) -> None:
    codes = "".join(
        f'<Code guid="33333333-0000-0000-0000-00000000000{n}" name="{name}" isCodable="true"/>'
        for n, name in enumerate(["Coke::diet Coke", "Coke", "Tea::green::sencha"])
    )
    data = read(
        tmp_path, {"project.qde": project("", codes=f"<CodeBook><Codes>{codes}</Codes></CodeBook>")}
    )
    tree = {c.name: [k.name for k in c.children] for c in data.codes}
    assert tree == {"Coke": ["diet Coke"], "Tea": ["green"]}
    assert data.codes[0].guid == "33333333-0000-0000-0000-000000000001"
    assert data.codes[1].children[0].children[0].name == "sencha"
    assert sorted(p for p in data.problems if "parent" in p) == [
        "code 'Tea' was created as the parent of 'Tea::green::sencha'",
        "code 'green' was created as the parent of 'Tea::green::sencha'",
    ]


def test_a_selection_off_its_quoted_text_is_reported(tmp_path: Path) -> None:
    xml = project(text_source(selection(0, 4, "beta gamma")))
    data = read(tmp_path, {"project.qde": xml, f"sources/{DOC}.txt": "alpha beta gamma"})
    assert coded(data) == ["alph"]
    assert any("do not cover the text the file quotes" in p for p in data.problems)


def test_no_namespace_and_inline_text(tmp_path: Path) -> None:
    body = "<PlainTextContent>inline text here</PlainTextContent>" + selection(7, 11, "text")
    xml = project(f'<TextSource guid="{DOC}" name="Inline">{body}</TextSource>')
    data = read(tmp_path, {"project.qde": xml.replace(f" {NS}", "")})
    assert coded(data) == ["text"]


def test_not_a_project(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="no project.qde inside"):
        read(tmp_path, {"readme.txt": "hello"})
    (tmp_path / "plain.qdpx").write_text("not a zip")
    with pytest.raises(IngestError, match="not a readable zip archive"):
        read_qdpx(tmp_path / "plain.qdpx")


def test_decomposed_names_from_macos_tools_are_composed(tmp_path: Path) -> None:
    """ATLAS.ti on macOS writes "Mabêl" as "Mabe" + U+0302; the text itself is kept as is."""
    text = "Mabe\u0302l said: cafe\u0301 first"
    xml = project(text_source(selection(0, 6, "Mabe\u0302l"), name="Mabe\u0302l 2ie\u0300me.txt"))
    data = read(tmp_path, {"project.qde": xml, f"sources/{DOC}.txt": text})
    assert data.documents[0].name == "Mabêl 2ième.txt"
    assert data.documents[0].text == text
    assert coded(data) == ["Mabe\u0302l"]
    assert not [p for p in data.problems if "do not cover" in p]


def test_a_damaged_word_file_is_reported_and_the_rest_imported(tmp_path: Path) -> None:
    source = f'<TextSource guid="{DOC}" name="Broken.docx" richTextPath="internal://{DOC}.docx"/>'
    data = read(
        tmp_path, {"project.qde": project(source), f"sources/{DOC}.docx": b"PK\x03\x04junk"}
    )
    assert [c.name for c in data.codes] == ["happy"] and not data.documents
    assert data.problems == [
        f"source 'Broken.docx': its file sources/{DOC}.docx is damaged; not imported"
    ]
