"""The .qdpx writer: plain values in, a zip with project.qde and UTF-8 sources out."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from lxml import etree

from qcode.errors import QcodeError
from qcode.export.refi.project import write_qdpx
from qcode.ingest.refi.model import (
    RefiCode,
    RefiDocument,
    RefiMemo,
    RefiParticipant,
    RefiProject,
    RefiSegment,
    RefiStatement,
    RefiTopicCase,
    RefiUser,
    RefiValue,
)
from qcode.services.demo.build import build_demo
from qcode.services.refi.gather import gather_project
from tests.services.refi.test_refi_support import XSD, needs_shared, qde_of, schema_errors

NS = {"q": "urn:QDA-XML:project:1.0"}
ANN, THEME, TRUST = (f"{n:08x}-0000-4000-8000-000000000000" for n in (1, 2, 3))
DOC, SEG, PERSON = (f"{n:08x}-0000-4000-8000-000000000000" for n in (4, 5, 6))
MEMO, CMO, CASE = (f"{n:08x}-0000-4000-8000-000000000000" for n in (7, 8, 9))
TEXT = "Line one\nPJ: I trusted her 😀\n\fpage two"


def sample() -> RefiProject:
    trust = RefiCode(TRUST, "Trust", "#aabbcc", "CM", "Felt safe.", {"example": "E.g."})
    return RefiProject(
        name="Study",
        origin="qcode 0.1.0",
        created_at=datetime(2024, 5, 1, 12, 30),
        creator=ANN,
        users=[RefiUser(ANN, "Ann Smith")],
        codes=[RefiCode(THEME, "Theme", "#123456", children=[trust])],
        documents=[RefiDocument(DOC, "PJ 1", TEXT, wave=2, format="docx")],
        segments=[RefiSegment(SEG, SEG, DOC, TRUST, ANN, 13, 28)],
        participants=[
            RefiParticipant(
                PERSON,
                "PJ",
                [RefiValue("ratio", "float", "1e-05"), RefiValue("x", "float", "inf")],
                [DOC],
            )
        ],
        memos=[
            RefiMemo(MEMO, "Who", "A GP.\x0c", ANN, target_kind="participant", target=PERSON),
        ],
        statements=[RefiStatement(CMO, THEME, "Trust enables.", 1, [TRUST], [SEG])],
        topic_cases=[RefiTopicCase(CASE, "Rota", "Clash.", PERSON, [SEG])],
    )


@pytest.fixture
def written(tmp_path: Path) -> tuple[zipfile.ZipFile, etree._Element]:
    output = tmp_path / "out.qdpx"
    write_qdpx(sample(), output)
    archive = zipfile.ZipFile(output)
    return archive, etree.fromstring(archive.read("project.qde"))


def one(root: etree._Element, xpath: str) -> etree._Element:
    (found,) = root.xpath(xpath, namespaces=NS)
    return found


def test_archive_holds_the_project_and_each_text_as_utf8(written) -> None:
    archive, _root = written
    assert sorted(archive.namelist()) == ["project.qde", f"sources/{DOC.upper()}.txt"]
    assert archive.read(f"sources/{DOC.upper()}.txt") == TEXT.encode("utf-8")


def test_flags_are_in_the_description_and_in_one_set_per_flag(written) -> None:
    _archive, root = written
    trust = one(root, "//q:Code[@name='Trust']")
    assert (
        one(trust, "q:Description").text == "[qcode flags: CM]\nFelt safe.\n[qcode example]\nE.g."
    )
    for name in ("Context", "Mechanism"):
        assert one(root, f"//q:Set[@name='{name}']/q:MemberCode").get("targetGUID") == TRUST.upper()


def test_selection_codes_by_its_coder_and_quotes_its_text(written) -> None:
    _archive, root = written
    selection = one(root, "//q:TextSource/q:PlainTextSelection")
    assert (selection.get("startPosition"), selection.get("endPosition")) == ("13", "28")
    assert (
        selection.get("name") == TEXT[13:28] == "I trusted her 😀"
        and selection.get("creatingUser") == ANN.upper()
    )
    assert one(selection, "q:Coding/q:CodeRef").get("targetGUID") == TRUST.upper()
    assert one(root, "//q:TextSource/q:VariableValue/q:IntegerValue").text == "2"


def test_attributes_are_typed_variables(written) -> None:
    _archive, root = written
    values = [
        v.text for v in root.xpath("//q:Case[@name='PJ']/q:VariableValue/*[2]", namespaces=NS)
    ]
    assert values == ["0.00001", "inf"]
    kinds = {
        v.get("name") + v.get("typeOfVariable") for v in root.xpath("//q:Variable", namespaces=NS)
    }
    assert kinds == {"ratioFloat", "xText", "WaveInteger"}


def test_memos_statements_and_cases_point_at_their_targets(written) -> None:
    _archive, root = written
    link = one(root, "//q:Link")
    assert (link.get("originGUID"), link.get("targetGUID")) == (MEMO.upper(), PERSON.upper())
    assert one(root, f"//q:Note[@guid='{MEMO.upper()}']/q:PlainTextContent").text == "A GP."
    cmo = one(root, f"//q:Note[@guid='{CMO.upper()}']")
    assert cmo.get("name") == "CMO: Theme"
    assert one(cmo, "q:Description").text.startswith('[qcode cmo: {"categories": [')
    holders = {ref.getparent().get("guid") for ref in root.xpath("//q:NoteRef", namespaces=NS)}
    assert holders == {THEME.upper(), TRUST.upper(), SEG.upper()}
    assert one(root, "//q:Case[@name='Rota']/q:SelectionRef").get("targetGUID") == SEG.upper()


@needs_shared(XSD)
def test_written_project_is_valid(written) -> None:
    archive, _root = written
    assert schema_errors(archive.read("project.qde")) == []


@needs_shared(XSD)
def test_the_demo_project_is_valid(tmp_path: Path) -> None:
    """The demo holds every kind qcode exports: coders, flags, memos, cases, CMO notes."""
    with build_demo(tmp_path / "demo.qcode") as demo, demo.session() as session:
        write_qdpx(gather_project(session), tmp_path / "demo.qdpx")
    assert schema_errors(qde_of(tmp_path / "demo.qdpx")) == []


def test_an_unwritable_file_is_one_line_and_leaves_nothing(tmp_path: Path) -> None:
    (tmp_path / "taken.qdpx").mkdir()
    with pytest.raises(QcodeError, match="could not be written") as caught:
        write_qdpx(sample(), tmp_path / "taken.qdpx")
    assert "\n" not in str(caught.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken.qdpx"]
