"""Hostile archives are refused with one line: the project unchanged, nothing written."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from qcode.services.refi.importer import import_refi
from qcode.store.project import Project, create_project
from tests.helpers import dump
from tests.services.refi.test_refi_support import zip_bytes

DOC = "69A4332D-5B31-4915-B520-5275CFC21B40"
QDE = (
    '<?xml version="1.0" encoding="utf-8"?>\n{doctype}'
    '<Project xmlns="urn:QDA-XML:project:1.0" name="{name}">'
    '<CodeBook><Codes><Code guid="85D17F60-7BB0-481E-B742-B4861DD669DF" name="happy" '
    'isCodable="true"/></Codes></CodeBook><Sources><TextSource guid="' + DOC + '" name="Doc" '
    'plainTextPath="internal://' + DOC + '.txt"/></Sources></Project>'
)


def qde(doctype: str = "", name: str = "t") -> str:
    return QDE.format(doctype=doctype, name=name)


def listing(root: Path) -> set[str]:
    """Every path under ``root`` (names only: the open project's own files change in place)."""
    return {str(path.relative_to(root)) for path in root.rglob("*")}


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    (tmp_path / "work").mkdir()
    with create_project(tmp_path / "work" / "study.qcode") as opened:
        yield opened


def refuse(project: Project, tmp_path: Path, archive: Path, *expected: str) -> str:
    """Import ``archive``; check it was refused in one line and changed nothing anywhere."""
    before, files, beside = dump(project), listing(tmp_path), set(os.listdir(tmp_path.parent))
    outcomes = import_refi(project, archive).outcomes
    assert [o.status for o in outcomes] == ["failed"], outcomes
    line = outcomes[0].message
    assert "\n" not in line and line.startswith(f"{archive.name}: ")
    for words in expected:
        assert words in line
    assert dump(project) == before
    assert listing(tmp_path) == files and set(os.listdir(tmp_path.parent)) == beside
    return line


@pytest.mark.parametrize("entry", ["../evil.txt", "/tmp/evil.txt", "C:\\evil.txt", "a/../../x"])
def test_zip_slip_is_refused(project: Project, tmp_path: Path, entry: str) -> None:
    archive = tmp_path / "slip.qdpx"
    archive.write_bytes(
        zip_bytes({"project.qde": qde(), entry: "pwned", f"sources/{DOC}.txt": "hi"})
    )
    refuse(project, tmp_path, archive, "refused", "points outside the archive", entry)


@pytest.mark.parametrize("megabytes", [5, 80])
def test_zip_bomb_is_refused(project: Project, tmp_path: Path, megabytes: int) -> None:
    """5 MB of one letter is a 1000-fold compression; 80 MB is over the 64 MB a file."""
    archive = tmp_path / "bomb.qdpx"
    bomb = b"a" * (megabytes * 1024 * 1024)
    archive.write_bytes(zip_bytes({"project.qde": qde(), f"sources/{DOC}.txt": bomb}))
    refuse(project, tmp_path, archive, "refused as a possible zip bomb", f"sources/{DOC}.txt")


def test_a_member_larger_than_it_declares_is_refused(project: Project, tmp_path: Path) -> None:
    data = bytearray(zip_bytes({f"sources/{DOC}.txt": "x" * 100_000, "project.qde": qde()}))
    assert data[:4] == b"PK\x03\x04"
    data[22:26] = (1000).to_bytes(4, "little")  # the local header's size
    central = data.find(b"PK\x01\x02")
    data[central + 24 : central + 28] = (1000).to_bytes(4, "little")
    archive = tmp_path / "liar.qdpx"
    archive.write_bytes(bytes(data))
    assert zipfile.ZipFile(archive).getinfo(f"sources/{DOC}.txt").file_size == 1000
    refuse(project, tmp_path, archive, "is damaged", f"sources/{DOC}.txt")


def test_external_entity_is_refused(project: Project, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    doctype = f'<!DOCTYPE Project [<!ENTITY leak SYSTEM "file://{secret}">]>\n'
    archive = tmp_path / "xxe.qdpx"
    archive.write_bytes(zip_bytes({"project.qde": qde(doctype, "&leak;")}))
    line = refuse(project, tmp_path, archive, "refused", "DTD")
    assert "TOP-SECRET" not in line


def test_entity_expansion_bomb_is_refused(project: Project, tmp_path: Path) -> None:
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">' for n in range(8)
    )
    archive = tmp_path / "laughs.qdpx"
    archive.write_bytes(zip_bytes({"project.qde": qde(f"<!DOCTYPE Project [{entities}]>", "&i;")}))
    refuse(project, tmp_path, archive, "refused", "DTD")


def test_broken_archives_are_refused(project: Project, tmp_path: Path) -> None:
    truncated = tmp_path / "cut.qdpx"
    truncated.write_bytes(zip_bytes({"project.qde": qde()})[:40])
    refuse(project, tmp_path, truncated, "not a readable zip archive")
    not_xml = tmp_path / "junk.qdpx"
    not_xml.write_bytes(zip_bytes({"project.qde": "<Project><Unclosed></Project>"}))
    refuse(project, tmp_path, not_xml, "is not well-formed XML")
    missing = tmp_path / "gone.qdpx"
    refuse(project, tmp_path, missing, "file not found")
    assert not os.path.exists(missing)


def test_a_bomb_inside_a_word_file_is_refused(project: Project, tmp_path: Path) -> None:
    inner = zip_bytes({"word/document.xml": b"a" * (5 * 1024 * 1024)})
    source = QDE.replace(
        f'plainTextPath="internal://{DOC}.txt"', f'richTextPath="internal://{DOC}.docx"'
    )
    archive = tmp_path / "nested.qdpx"
    archive.write_bytes(
        zip_bytes(
            {"project.qde": source.format(doctype="", name="t"), f"sources/{DOC}.docx": inner}
        )
    )
    refuse(project, tmp_path, archive, "refused", f"in 'sources/{DOC}.docx'", "zip bomb")
