"""Codebooks as .qdc: qcode's round trip (flags included) and another tool's flat names."""

from __future__ import annotations

from pathlib import Path

import pytest

from qcode.errors import QcodeError
from qcode.export.refi.codebook import write_qdc
from qcode.services.codebook.edit import add_code, codebook_tree
from qcode.services.demo.build import build_demo
from qcode.services.refi.gather import gather_codebook
from qcode.services.refi.importer import import_refi
from qcode.store.models import Code
from qcode.store.project import Project, create_project
from tests.services.refi.test_refi_support import (
    CODEBOOK_XSD,
    add_codebook,
    codebook_errors,
    needs_shared,
    snapshot,
)


@pytest.fixture
def book(tmp_path: Path):
    with create_project(tmp_path / "book.qcode") as project:
        add_codebook(project)
        yield project


def export_qdc(project: Project, output: Path) -> Path:
    with project.session() as session:
        write_qdc(gather_codebook(session), output)
    return output


def test_qdc_round_trip_keeps_tree_flags_fields_colours_and_guids(book, tmp_path: Path) -> None:
    output = export_qdc(book, tmp_path / "book.qdc")
    with create_project(tmp_path / "copy.qcode") as copy:
        (outcome,) = import_refi(copy, output).outcomes
        assert (outcome.status, outcome.message) == ("imported", "book.qdc: imported 10 codes")
        assert snapshot(copy)["codes"] == snapshot(book)["codes"]


@needs_shared(CODEBOOK_XSD)
def test_qdc_is_valid_against_the_codebook_schema(book, tmp_path: Path) -> None:
    """Codebook.xsd itself (its MemberCode takes ``guid``, where Project.xsd's has
    ``targetGUID``): the small codebook and the demo's, sets of flagged codes included."""
    assert codebook_errors(export_qdc(book, tmp_path / "book.qdc").read_bytes()) == []
    with build_demo(tmp_path / "demo.qcode") as demo:
        xml = export_qdc(demo, tmp_path / "demo.qdc").read_bytes()
    assert b"<MemberCode guid=" in xml
    assert codebook_errors(xml) == []


def test_another_tools_flat_codebook_is_nested(tmp_path: Path) -> None:
    codes = "".join(
        f'<Code guid="{{3333333{n}-0000-0000-0000-000000000000}}" name="{name}" isCodable="true"'
        f' color="#F00"><Description>{text}</Description></Code>'
        for n, (name, text) in enumerate([("Coke::diet Coke", "non sucré"), ("Coke", "champions")])
    )
    qdc = tmp_path / "atlas.qdc"
    qdc.write_text(
        '<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0" '
        f'origin="ATLAS.ti 9"><Codes>{codes}</Codes><Sets><Set guid="44444444-0000-0000-0000-'
        '000000000000" name="Drinks"/></Sets></CodeBook>',
        encoding="utf-8",
    )
    with create_project(tmp_path / "p.qcode") as project:
        outcomes = import_refi(project, qdc).outcomes
        with project.session() as session:
            tree = [(n.path, n.color, n.description) for n in codebook_tree(session)]
            guids = sorted(session.query(Code.guid))
    assert [o.message for o in outcomes] == [
        "atlas.qdc: imported 2 codes",
        "atlas.qdc: 1 set(s) not imported (qcode has no sets)",
    ]
    assert tree == [
        (("Coke",), "#ff0000", "champions"),
        (("Coke", "diet Coke"), "#ff0000", "non sucré"),
    ]
    assert [g for (g,) in guids] == [f"3333333{n}-0000-0000-0000-000000000000" for n in (0, 1)]


def test_qdc_into_a_project_with_some_of_its_codes(book, tmp_path: Path) -> None:
    output = export_qdc(book, tmp_path / "book.qdc")
    with create_project(tmp_path / "other.qcode") as other:
        add_code(other, ["Better work", "Workload"], flags="M", description="Ours.")
        (outcome,) = import_refi(other, output).outcomes
        assert outcome.message == "book.qdc: imported 8 codes; 2 already in the project"
        codes = snapshot(other)["codes"]
    assert codes[("Better work", "Workload")][1:4] == ("M", "#ff7f0e", "Ours.")
    assert codes[("Better specialist support", "Engagement with mentorship", "Trust")][1] == "CM"


def test_an_empty_codebook_is_not_exported(tmp_path: Path) -> None:
    with (
        create_project(tmp_path / "empty.qcode") as project,
        pytest.raises(QcodeError, match="the codebook is empty"),
    ):
        export_qdc(project, tmp_path / "empty.qdc")
    assert not (tmp_path / "empty.qdc").exists()
