"""REFI-QDA categories, colours (given or absent, codes' and coders') and typed variables."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

from lxml import etree
from sqlalchemy import select

from qcode.export.refi.codebook import write_qdc
from qcode.ingest.refi.codebook import read_qdc
from qcode.services.codebook.edit import add_code, update_code
from qcode.services.coders import add_coder
from qcode.services.coding import code_span
from qcode.services.documents.attributes import (
    set_document_attributes,
    set_participant_attributes,
    stored_document_attributes,
)
from qcode.services.lookup import code_names, get_code, path_of
from qcode.services.refi.gather import gather_codebook
from qcode.services.refi.importer import import_refi
from qcode.store.models import Code, Coder, Document, Participant, ProjectInfo, Segment
from qcode.store.project import Project, create_project
from tests.helpers import add_text
from tests.services.refi.test_refi_support import (
    CODEBOOK_XSD,
    XSD,
    codebook_errors,
    export_to,
    needs_shared,
    qde_of,
    schema_errors,
    zip_bytes,
)

NS = {"q": "urn:QDA-XML:project:1.0"}


def build_study(path: Path) -> Project:
    """A category over a coloured code and a colourless one; two coders whose names sort
    against the order they were added in; typed attributes of documents and participants,
    one name ("site") used by both."""
    project = create_project(path, title="Wards study")
    add_text(project, "Alice 1", "Happy on the ward, worried about nights.", "Alice", 1)
    add_text(project, "Bob 1", "Tired of the rota.", "Bob", 2)
    add_code(project, "Feelings", category=True, description="Groups feelings.")
    add_code(project, ["Feelings", "Joy"], color="#00aa00")
    worry = add_code(project, ["Feelings", "Worry"]).value
    update_code(project, worry, color=None)
    add_coder(project, "Zoe Adams", color="#d62728", initials="ZA")
    add_coder(project, "Adam Young", color="#1f77b4", initials="Ad")
    code_span(project, "Alice 1", "Feelings/Joy", "Zoe Adams", 0, 5)
    code_span(project, "Alice 1", "Feelings/Worry", "Adam Young", 19, 26)
    when = date(2024, 5, 1)
    values = {"site": "Leeds", "pages": 12, "score": 2.5, "consented": True, "held": when}
    set_document_attributes(project, "Alice 1", values)
    set_document_attributes(project, "Bob 1", {"site": "York", "pages": 3, "consented": False})
    set_participant_attributes(project, "Alice", {"site": "Ward 3", "age": 41, "mentor": False})
    set_participant_attributes(project, "Bob", {"ratio": 0.5, "since": date(2019, 3, 1)})
    return project


def picture(project: Project) -> dict[str, object]:
    """What this feature must carry: codes' kind and colour, coders' colours and initials,
    documents' and participants' typed attributes, the project's description."""
    with project.session() as session:
        names = code_names(session)
        info = session.scalars(select(ProjectInfo)).one()
        return {
            "codes": {
                tuple(path_of(code.id, names)): (code.guid, code.codable, code.color)
                for code in session.scalars(select(Code))
            },
            "coders": {
                coder.name: (coder.guid, coder.color, coder.initials)
                for coder in session.scalars(select(Coder))
            },
            "documents": {
                doc.name: stored_document_attributes(session, doc.id)
                for doc in session.scalars(select(Document))
            },
            "participants": {
                person.label: [(a.name, a.value_type, a.value) for a in person.attributes]
                for person in session.scalars(select(Participant))
            },
            "description": info.description,
        }


def test_qcode_round_trip_keeps_categories_colours_coders_and_typed_attributes(
    tmp_path: Path,
) -> None:
    with build_study(tmp_path / "first.qcode") as study:
        with study.transaction() as session:
            session.scalars(select(ProjectInfo)).one().description = "Two wards, one winter."
        before = picture(study)
        archive = export_to(study, tmp_path / "wards.qdpx")
    assert before["codes"][("Feelings", "Worry")][2] is None  # absent, not a fallback
    with create_project(tmp_path / "copy.qcode") as copy:
        summary, *warnings = import_refi(copy, archive).outcomes
        assert (summary.status, warnings) == ("imported", [])
        assert picture(copy) == before


@needs_shared(XSD)
def test_exported_project_states_categories_colours_and_variables_validly(tmp_path: Path) -> None:
    with build_study(tmp_path / "first.qcode") as study:
        archive = export_to(study, tmp_path / "wards.qdpx")
    xml = qde_of(archive)
    assert schema_errors(xml) == []
    root = etree.fromstring(xml)
    codes = {c.get("name"): c for c in root.iterfind(".//q:Code", NS)}
    assert {name: c.get("isCodable") for name, c in codes.items()} == {
        "Feelings": "false",
        "Joy": "true",
        "Worry": "true",
    }
    assert (codes["Joy"].get("color"), codes["Worry"].get("color")) == ("#00aa00", None)
    variables = [
        (v.get("name"), v.get("typeOfVariable")) for v in root.iterfind(".//q:Variable", NS)
    ]
    assert sorted(variables) == sorted(
        [
            ("site", "Text"),  # one variable for documents and participants alike
            ("age", "Integer"),
            ("mentor", "Boolean"),
            ("ratio", "Float"),
            ("since", "Date"),
            ("pages", "Integer"),
            ("score", "Float"),
            ("consented", "Boolean"),
            ("held", "Date"),
            ("Wave", "Integer"),
        ]
    )
    (alice,) = root.iterfind(".//q:TextSource[@name='Alice 1']", NS)
    values = [value[1].text for value in alice.iterfind("q:VariableValue", NS)]
    assert values == ["1", "true", "2024-05-01", "12", "2.5", "Leeds"]  # wave, then by name


def test_coders_are_given_back_their_colours_into_a_project_that_has_coders(
    tmp_path: Path,
) -> None:
    with build_study(tmp_path / "first.qcode") as study:
        archive = export_to(study, tmp_path / "wards.qdpx")
    with create_project(tmp_path / "team.qcode") as team:
        add_coder(team, "Adam Young", color="#000000")  # already here: left as it is
        add_coder(team, "Cleo Idle", color="#d62728")
        import_refi(team, archive)
        with team.session() as session:
            coders = {c.name: (c.color, c.initials) for c in session.scalars(select(Coder))}
            info = session.scalars(select(ProjectInfo)).one()
            assert "[qcode" not in info.description
    assert coders == {
        "Adam Young": ("#000000", "AY"),
        "Cleo Idle": ("#d62728", "CI"),
        "Zoe Adams": ("#d62728", "ZA"),
    }


# -- a QualCoder-style export ------------------------------------------------------------------

USER = "aaaaaaaa-0000-0000-0000-000000000001"
FEELINGS, JOY, WORRY = (f"cccccccc-0000-0000-0000-00000000000{n}" for n in (1, 2, 3))
SITE, PAGES, HELD, AGE = (f"dddddddd-0000-0000-0000-00000000000{n}" for n in (1, 2, 3, 4))
SOURCE, CASE = "eeeeeeee-0000-0000-0000-000000000001", "ffffffff-0000-0000-0000-000000000001"
TEXT = "Happy on the ward, worried about nights."


def value(variable: str, kind: str, text: str) -> str:
    return (
        f'<VariableValue><VariableRef targetGUID="{variable}"/>'
        f"<{kind}>{text}</{kind}></VariableValue>"
    )


def coding(number: int, code: str, start: int, end: int) -> str:
    return (
        f'<PlainTextSelection guid="bbbbbbbb-0000-0000-0000-00000000000{number}" '
        f'startPosition="{start}" endPosition="{end}" creatingUser="{USER}">'
        f'<Coding guid="bbbbbbbb-1111-0000-0000-00000000000{number}" creatingUser="{USER}">'
        f'<CodeRef targetGUID="{code}"/></Coding></PlainTextSelection>'
    )


def qualcoder_qdpx(path: Path, site: str = "Leeds", on_category: bool = False) -> Path:
    """What QualCoder writes: categories isCodable="false", codes with and without colour,
    Float and Text variables on a case and on a source (one, Site, on both)."""
    codings = coding(1, JOY, 0, 5) + coding(2, WORRY, 19, 26)
    codings += coding(3, FEELINGS, 0, 17) if on_category else ""
    xml = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="wards" origin="QualCoder 3.5"
 creatingUserGUID="{USER}" creationDateTime="2024-05-01T10:00:00Z">
<Users><User guid="{USER}" name="default"/></Users>
<CodeBook><Codes>
<Code guid="{FEELINGS}" name="Feelings" isCodable="false"><Description>category</Description>
<Code guid="{JOY}" name="Joy" isCodable="true" color="#F5A9A9"/>
<Code guid="{WORRY}" name="Worry" isCodable="true"/>
</Code></Codes></CodeBook>
<Variables>
<Variable guid="{SITE}" name="Site" typeOfVariable="Text"/>
<Variable guid="{PAGES}" name="Pages" typeOfVariable="Float"/>
<Variable guid="{HELD}" name="Held" typeOfVariable="Date"/>
<Variable guid="{AGE}" name="Age" typeOfVariable="Float"/>
</Variables>
<Cases><Case guid="{CASE}" name="Alice">{value(AGE, "FloatValue", "41")}
{value(SITE, "TextValue", "Ward 3")}<SourceRef targetGUID="{SOURCE}"/></Case></Cases>
<Sources><TextSource guid="{SOURCE}" name="alice.txt" plainTextPath="internal://{SOURCE}.txt"
 creatingUser="{USER}" creationDateTime="2024-05-01T10:00:00Z">{codings}
{value(SITE, "TextValue", site)}{value(PAGES, "FloatValue", "12")}
{value(HELD, "TextValue", "soon after Easter")}</TextSource></Sources>
</Project>"""
    path.write_bytes(zip_bytes({"project.qde": xml, f"sources/{SOURCE}.txt": TEXT}))
    return path


def test_a_qualcoder_export_imports_categories_source_variables_and_colourless_codes(
    project: Project, tmp_path: Path
) -> None:
    result = import_refi(project, qualcoder_qdpx(tmp_path / "qc.qdpx"))
    summary, *warnings = result.outcomes
    assert summary.status == "imported"
    assert [w.message for w in warnings] == [
        "qc.qdpx: 1 variable value(s) do not fit their variable's type; kept as text: "
        "Held of source 'alice.txt'"
    ]
    assert result.change is not None
    counts = result.change.value
    assert (counts["codes"], counts["categories"]) == (3, 1)
    assert (counts["document attributes"], counts["participant attributes"]) == (3, 2)
    with project.session() as session:
        codes = {c.name: (c.codable, c.color) for c in session.scalars(select(Code))}
        doc = session.scalars(select(Document)).one()
        attributes = stored_document_attributes(session, doc.id)
        alice = session.scalars(select(Participant)).one()
        people = [(a.name, a.value_type, a.value) for a in alice.attributes]
        coded = sorted(
            (s.code.name, doc.text[s.start : s.end]) for s in session.scalars(select(Segment))
        )
        (coder,) = session.scalars(select(Coder))
        assert coder.color.startswith("#") and len(coder.color) == 7
    assert codes == {"Feelings": (False, None), "Joy": (True, "#f5a9a9"), "Worry": (True, None)}
    assert attributes == [
        ("Held", "text", "soon after Easter"),
        ("Pages", "float", "12.0"),
        ("Site", "text", "Leeds"),
    ]
    assert people == [("Age", "float", "41.0"), ("Site", "text", "Ward 3")]
    assert coded == [("Joy", "Happy"), ("Worry", "worried")]


def test_codings_on_a_category_are_not_imported_and_named(project: Project, tmp_path: Path) -> None:
    result = import_refi(project, qualcoder_qdpx(tmp_path / "qc.qdpx", on_category=True))
    lines = [o.message for o in result.outcomes[1:]]
    assert (
        "qc.qdpx: 1 coding(s) on categories were not imported (a category groups codes and "
        "codes no text): 'Feelings' (1); make a category codable and import again to keep "
        "its codings"
    ) in lines
    with project.session() as session:
        coded = sorted(s.code.name for s in session.scalars(select(Segment)))
        feelings = get_code(session, "Feelings").id
    assert coded == ["Joy", "Worry"]
    update_code(project, feelings, codable=True)
    again = import_refi(project, qualcoder_qdpx(tmp_path / "qc.qdpx", on_category=True))
    assert again.outcomes[0].message == "qc.qdpx: imported 1 segment; 8 already in the project"
    with project.session() as session:
        assert sorted(s.code.name for s in session.scalars(select(Segment))) == [
            "Feelings",
            "Joy",
            "Worry",
        ]


def test_importing_again_adds_no_attribute_and_reports_a_differing_one(
    project: Project, tmp_path: Path
) -> None:
    import_refi(project, qualcoder_qdpx(tmp_path / "qc.qdpx"))
    again = import_refi(project, qualcoder_qdpx(tmp_path / "york.qdpx", site="York"))
    assert again.outcomes[0].status == "skipped"
    assert "york.qdpx: document 'alice.txt': 'Site' kept as 'Leeds' (the file says 'York')" in [
        o.message for o in again.outcomes
    ]
    with project.session() as session:
        doc = session.scalars(select(Document)).one()
        assert ("Site", "text", "Leeds") in stored_document_attributes(session, doc.id)


# -- codebooks ----------------------------------------------------------------------------------


@needs_shared(CODEBOOK_XSD)
def test_qdc_keeps_categories_and_absent_colours_and_stays_valid(tmp_path: Path) -> None:
    with build_study(tmp_path / "first.qcode") as study:
        with study.session() as session:
            data = gather_codebook(session)
        write_qdc(data, tmp_path / "wards.qdc")
        before = picture(study)["codes"]
    xml = (tmp_path / "wards.qdc").read_bytes()
    assert codebook_errors(xml) == []
    with create_project(tmp_path / "copy.qcode") as copy:
        (outcome,) = import_refi(copy, tmp_path / "wards.qdc").outcomes
        assert outcome.message == "wards.qdc: imported 3 codes (1 category)"
        assert picture(copy)["codes"] == before


def test_a_foreign_qdc_reads_is_codable_as_xsd_booleans(tmp_path: Path) -> None:
    codes = "".join(
        f'<Code guid="cccccccc-0000-0000-0000-00000000000{n}" name="c{n}"{flag}/>'
        for n, flag in enumerate(
            [' isCodable="false"', ' isCodable="0"', ' isCodable="true"', ' color="#123"', ""]
        )
    )
    qdc = tmp_path / "other.qdc"
    qdc.write_text(
        '<?xml version="1.0"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="MAXQDA">'
        f"<Codes>{codes}</Codes></CodeBook>",
        encoding="utf-8",
    )
    book = read_qdc(qdc)
    assert [(c.name, c.codable, c.color) for c in book.codes] == [
        ("c0", False, None),
        ("c1", False, None),
        ("c2", True, None),
        ("c3", True, "#112233"),
        ("c4", True, None),
    ]


def test_an_export_of_attributes_not_of_their_type_says_text(tmp_path: Path) -> None:
    with build_study(tmp_path / "first.qcode") as study:
        with study.transaction() as session:
            doc = session.scalars(select(Document).where(Document.name == "Bob 1")).one()
            odd = next(a for a in doc.attributes if a.name == "pages")
            odd.value = "three"  # as another tool may have left it
        archive = export_to(study, tmp_path / "odd.qdpx")
    with zipfile.ZipFile(archive) as zipped:
        root = etree.fromstring(zipped.read("project.qde"))
    pages = root.iterfind(".//q:Variable[@name='pages']", NS)
    assert sorted(v.get("typeOfVariable") for v in pages) == ["Integer", "Text"]
    with create_project(tmp_path / "copy.qcode") as copy:
        import_refi(copy, archive)
        with copy.session() as session:
            bob = session.scalars(select(Document).where(Document.name == "Bob 1")).one()
            assert ("pages", "text", "three") in stored_document_attributes(session, bob.id)
