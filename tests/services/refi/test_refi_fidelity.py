"""Every text and every coding's words survive REFI-QDA import and qcode → qcode round trips."""

from __future__ import annotations

import zipfile
from pathlib import Path

from sqlalchemy import select

from qcode.export.refi.project import BOM
from qcode.ingest.refi.model import RefiDocument, RefiProject
from qcode.services.codebook.edit import add_code
from qcode.services.coding import code_span
from qcode.services.refi.importer import import_refi, merged_sources
from qcode.services.refi.store import Stored
from qcode.store.models import Document, DocumentAttribute, Segment
from qcode.store.project import Project, create_project
from tests.helpers import add_text
from tests.ingest.refi.test_refi_positions import (
    PA1,
    PA1_WORDS,
    QC,
    VARIABLES,
    guid,
    project,
    qualcoder_variables,
    selections,
    source,
)
from tests.services.refi.test_refi_support import ATLAS, export_to, needs_shared, zip_bytes

TEXTS = {
    "Marked": "\ufeffPB: the text itself begins with U+FEFF 😀 and goes on.",
    "Controls": "tab\there, vt\x0bhere, ff\x0chere, us\x1fhere, 𝒜 and 👍 end",
    "Plain": "No mark, no emoji, nothing odd.",
}
WORDS = {"Marked": "goes on", "Controls": "end", "Plain": "nothing odd"}


def coded_words(project: Project) -> dict[str, list[str]]:
    """Each document's text, and the words its segments cover (by document name)."""
    with project.session() as session:
        found: dict[str, list[str]] = {}
        for doc in session.scalars(select(Document).order_by(Document.name)):
            spans = session.scalars(
                select(Segment).where(Segment.document_id == doc.id).order_by(Segment.start)
            )
            found[doc.name] = [doc.text, *(doc.text[s.start : s.end] for s in spans)]
        return found


def test_every_text_comes_back_exactly_from_qcode_to_qcode(tmp_path: Path) -> None:
    with create_project(tmp_path / "one.qcode") as one:
        add_code(one, "Theme")
        for name, text in TEXTS.items():
            add_text(one, name, text)
            start = text.index(WORDS[name])
            code_span(one, name, "Theme", "Ann", start, start + len(WORDS[name]))
        archive = export_to(one, tmp_path / "one.qdpx")
        before = coded_words(one)
    with zipfile.ZipFile(archive) as zipped:
        first_bytes = {m: zipped.read(m)[:6] for m in zipped.namelist() if m.endswith(".txt")}
    assert sorted(data.startswith(BOM) for data in first_bytes.values()) == [False, False, True]
    assert BOM + BOM in first_bytes.values()  # the mark, then the text's own U+FEFF
    with create_project(tmp_path / "two.qcode") as two:
        outcomes = import_refi(two, archive).outcomes
        assert [o.status for o in outcomes] == ["imported"], outcomes
        after = coded_words(two)
    assert after == before
    assert after["Marked"] == [TEXTS["Marked"], "goes on"]


def nvivo_archive(path: Path) -> Path:
    """An NVivo-style export: CR LF, emoji, UTF-16 positions, nameless selections."""
    xml = project(source(1, selections(PA1, PA1_WORDS)), "NVivo for Windows 12.6")
    member = "sources/" + source(1, "").split("internal://")[1].split('"')[0]
    path.write_bytes(zip_bytes({"project.qde": xml, member: PA1}))
    return path


def test_crlf_originals_come_back_byte_for_byte_with_their_codings(tmp_path: Path) -> None:
    """qcode stores \n; a source that broke every line with CR LF is written back so, its
    positions counted over the CR LF (code points, as the standard says), and a second
    import reads the same characters and words."""
    with create_project(tmp_path / "one.qcode") as one:
        outcomes = import_refi(one, nvivo_archive(tmp_path / "nvivo.qdpx")).outcomes
        first = coded_words(one)
        with one.session() as session:
            (doc,) = session.scalars(select(Document)).all()
            assert (doc.line_breaks, "\r" in doc.text) == ("crlf", False)
            guid = doc.guid
        archive = export_to(one, tmp_path / "again.qdpx")
    assert first == {"PA 1": [PA1.replace("\r\n", "\n"), *sorted(PA1_WORDS, key=PA1.index)]}
    lines = [o.message.removeprefix("nvivo.qdpx: ") for o in outcomes[1:]]
    assert [line for line in lines if "CR LF" in line] == [
        "source 'PA 1': positions counted in UTF-16 units, CR LF as 2 characters "
        "(as NVivo counts); converted to qcode's characters",
    ]
    with zipfile.ZipFile(archive) as zipped:
        written = zipped.read(f"sources/{guid.upper()}.txt").decode("utf-8")
        qde = zipped.read("project.qde").decode("utf-8")
    assert written == PA1  # the original's characters, CR LF included
    for word in PA1_WORDS:  # each selection's positions are code points of that text
        at = PA1.index(word)
        assert f'startPosition="{at}" endPosition="{at + len(word)}"' in qde
    with create_project(tmp_path / "two.qcode") as two:
        again = import_refi(two, archive).outcomes
        assert [o.status for o in again] == ["imported"], again
        assert coded_words(two) == first
        with two.session() as session:
            assert session.scalars(select(Document.line_breaks)).all() == ["crlf"]


@needs_shared(ATLAS)
def test_the_atlas_export_imports_as_before(tmp_path: Path) -> None:
    with create_project(tmp_path / "atlas.qcode") as target:
        summary, *warnings = import_refi(target, ATLAS).outcomes
    assert summary.message == "atlasti-TestProject.qdpx: imported 14 codes, 3 coders, 2 memos"
    assert not [w for w in warnings if "positions" in w.message or "CR LF" in w.message]


def test_a_qualcoder_source_keeps_its_feff_and_no_variable_is_dropped_silently(
    tmp_path: Path,
) -> None:
    declared, values = qualcoder_variables()
    body = selections(QC, ["mentor"], named=True, utf16=False) + values
    xml = project(source(1, body, name="PB"), "QualCoder 3.6", declared)
    archive = tmp_path / "qc.qdpx"
    archive.write_bytes(
        zip_bytes({"project.qde": xml, f"sources/{guid(1, 9)}.txt": QC.encode("utf-8-sig")})
    )
    with create_project(tmp_path / "qc.qcode") as target:
        outcomes = import_refi(target, archive).outcomes
        assert coded_words(target) == {"PB": [QC, "mentor"]}
        with target.session() as session:
            document = session.scalars(select(Document)).one()
            held = set(session.scalars(select(DocumentAttribute.name)))
            wave = document.wave
    said = " ".join(o.message for o in outcomes[1:])
    assert wave == 2
    for name in VARIABLES.keys() - {"Wave"}:
        assert name in held or f"{name} of 'PB'" in said, name


def test_sources_stored_as_one_document_are_named_in_the_summary() -> None:
    data = RefiProject(
        documents=[RefiDocument(guid(n, 9), name, "") for n, name in enumerate("ABC")]
    )
    stored = Stored(documents={guid(0, 9): 1, guid(1, 9): 2, guid(2, 9): 1})
    assert merged_sources(data, stored) == [
        "source 'C' has the same text as source 'A'; both are one document"
    ]


def test_two_empty_sources_are_stored_as_two_documents(tmp_path: Path) -> None:
    """Distinct sources (GUIDs) of one file stay distinct, even when their texts are the
    same (both empty); only a project's own document with that text is matched."""
    empty = "<PlainTextContent></PlainTextContent>"
    twice = "<PlainTextContent>Same words.</PlainTextContent>"
    body = source(1, empty, name="Blank A") + source(2, empty, name="Blank B")
    body += source(3, twice, name="Copy 1") + source(4, twice, name="Copy 2")
    archive = tmp_path / "blank.qdpx"
    archive.write_bytes(zip_bytes({"project.qde": project(body, "Tool 1.0")}))
    with create_project(tmp_path / "p.qcode") as target:
        summary, *lines = import_refi(target, archive).outcomes
        with target.session() as session:
            names = sorted(session.scalars(select(Document.name)).all())
    assert names == ["Blank A", "Blank B", "Copy 1", "Copy 2"]
    assert summary.message == "blank.qdpx: imported 4 documents, 1 code, 1 coder"
    assert not [line for line in lines if "same text" in line.message]
