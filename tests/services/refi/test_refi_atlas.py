"""The real ATLAS.ti export in ../shared imports: its codebook whole, the rest reported."""

from __future__ import annotations

from pathlib import Path

from qcode.services.codebook.edit import codebook_tree
from qcode.services.coders import list_coders
from qcode.services.refi.importer import import_refi
from qcode.store.models import Code, Memo
from qcode.store.project import create_project
from tests.services.refi.test_refi_support import (
    ATLAS,
    XSD,
    export_to,
    needs_shared,
    qde_of,
    schema_errors,
    snapshot,
)

pytestmark = needs_shared(ATLAS)

# The file's 6 text sources and 2 PDFs: its archive holds an empty Sources folder.
MISSING = {
    "1960s Coca Cola commercial - Audio.docx": "",
    "1960s Coca Cola commercial - Visual.docx": "",
    "1994 Diet Coke-Diet Coke Break.docx": ", nor its 1 coded selection",
    "Mabêl 2ième.txt": "",
    "Mabel.txt": ", nor its 1 coded selection",
    "Simon.docx": ", nor its 3 coded selections",
    "Kellogg's Passion for Nutrition.pdf": "",
    "Pay de Limón con Base de Granola | Kellogg's ®.pdf": ", nor its 4 coded selections",
}
MEDIA = [  # one line per kind
    "1 picture source(s) not imported (qcode holds text only), nor their 1 coded selection: "
    "'cornflakes-n-milk.jpg'",
    "1 audio source(s) not imported (qcode holds text only): 'Jeanine's Breakfast.m4a'",
    "2 video source(s) not imported (qcode holds text only), nor their 1 coded selection: "
    "'1960s Coca Cola commercial.mp4', '1994 Diet Coke-Diet Coke Break.mp4'",
]


def test_atlas_project_imports_its_codebook_and_reports_the_rest(tmp_path: Path) -> None:
    with create_project(tmp_path / "atlas.qcode") as project:
        result = import_refi(project, ATLAS)
        summary, *warnings = result.outcomes
        assert (summary.status, summary.message) == (
            "imported",
            "atlasti-TestProject.qdpx: imported 14 codes, 3 coders, 2 memos",
        )
        with project.session() as session:
            paths = [node.path for node in codebook_tree(session)]
            coke = session.query(Code).filter_by(name="Coke").one()
            coders = [coder.name for coder in list_coders(session)]
            memos = {m.title: (m.text, m.document_id) for m in session.query(Memo)}
    assert len(paths) == 14
    assert ("Coke", "diet Coke") in paths and ("Coke", "full-fat Coke") in paths
    assert ('"rushed"',) in paths and not [p for p in paths if any("::" in n for n in p)]
    assert (coke.guid, coke.description) == (
        "7496ba52-9c8d-4396-8fab-cc438614e453",
        "the breakfast of champions",
    )
    assert coders == ["ATLAS.ti", "Friedrich Markgraf", "Sebastian Petrausch"]
    assert memos["Research Plan"][0].startswith("day to day log about this amazing project\n\n")
    lines = [w.message.removeprefix("atlasti-TestProject.qdpx: ") for w in warnings]
    assert {w.status for w in warnings} == {"warning"}
    for name, tail in MISSING.items():
        (line,) = [line for line in lines if line.startswith(f"source '{name}': ")]
        assert "its text is not in the archive (internal://" in line
        assert line.endswith(f"; not imported{tail}")
    for line in MEDIA:
        assert lines.count(line) == 1
    assert lines[-3:] == [
        "memo 'My favorite Coke ad' was attached to something not imported; "
        "it is kept as a free-standing memo",
        "16 set(s) not imported (qcode has no sets): 'Mabel', 'gender: male', 'Simon', "
        "'Text files', 'gender: female', …",
        "1 graph(s) not imported (qcode has no network views)",
    ]
    assert len(lines) == len(MISSING) + len(MEDIA) + 3
    assert all("\n" not in line and "Traceback" not in line for line in lines)


@needs_shared(XSD)
def test_atlas_project_exports_valid_and_comes_back_the_same(tmp_path: Path) -> None:
    with create_project(tmp_path / "atlas.qcode") as project:
        import_refi(project, ATLAS)
        archive = export_to(project, tmp_path / "again.qdpx")
        assert schema_errors(qde_of(archive)) == []
        with create_project(tmp_path / "again.qcode") as again:
            (outcome,) = import_refi(again, archive).outcomes
            assert outcome.message == "again.qdpx: imported 14 codes, 3 coders, 2 memos"
            assert snapshot(again) == snapshot(project)
