"""`qcode import` of .qdpx/.qdc and `qcode export qdpx|qdc`, end to end."""

from __future__ import annotations

import json
from pathlib import Path

from qcode.cli import main
from qcode.store.project import open_project
from tests.helpers import dump
from tests.services.refi.test_refi_support import ATLAS, build_rich_project, needs_shared, zip_bytes


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_export_then_import_into_a_new_project(tmp_path: Path, capsys) -> None:
    build_rich_project(tmp_path / "rich.qcode").close()
    status, out, err = run(
        capsys, "export", "qdpx", str(tmp_path / "rich.qcode"), "-o", str(tmp_path / "rich.qdpx")
    )
    assert (status, err) == (0, "")
    assert out == (
        f"wrote {tmp_path / 'rich.qdpx'} (5 documents, 10 codes, 3 coders, 3 participants, "
        "8 segments, 6 memos, 1 CMO statement, 1 case)\n"
    )
    copy = str(tmp_path / "copy.qcode")
    assert run(capsys, "new", copy)[0] == 0
    status, out, err = run(capsys, "import", copy, str(tmp_path / "rich.qdpx"))
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        "imported  rich.qdpx: imported 5 documents, 10 codes, 3 coders, 3 participants, "
        "8 segments, 6 memos, 1 CMO statement, 1 case, 8 participant attributes"
    ]
    status, out, _ = run(capsys, "docs", copy, "--json")
    docs = {d["name"]: (d["participant"], d["wave"]) for d in json.loads(out)}
    assert docs["PJ 2"] == ("PJ", 2) and docs["Team notes"] == (None, None)


def test_codebook_export_and_import(tmp_path: Path, capsys) -> None:
    build_rich_project(tmp_path / "rich.qcode").close()
    qdc = tmp_path / "book.qdc"
    status, out, _ = run(capsys, "export", "qdc", str(tmp_path / "rich.qcode"), "-o", str(qdc))
    assert (status, out) == (0, f"wrote {qdc} (10 codes)\n")
    target = str(tmp_path / "t.qcode")
    run(capsys, "new", target)
    status, out, _ = run(capsys, "import", target, str(qdc))
    assert (status, out) == (0, "imported  book.qdc: imported 10 codes\n")
    status, out, _ = run(capsys, "codes", target, "--json")
    flags = {"/".join(c["path"]): c["flags"] for c in json.loads(out)}
    assert flags["Better specialist support/Engagement with mentorship/Trust"] == "CM"


def test_a_refused_file_exits_1_with_one_line_and_changes_nothing(tmp_path: Path, capsys) -> None:
    target = tmp_path / "t.qcode"
    run(capsys, "new", str(target))
    slip = tmp_path / "slip.qdpx"
    slip.write_bytes(zip_bytes({"project.qde": "<Project/>", "../../evil.txt": "x"}))
    before = sorted(p.name for p in tmp_path.iterdir())
    with open_project(target) as project:
        rows = dump(project)
    status, out, err = run(capsys, "import", str(target), str(slip))
    assert (status, out) == (1, "")
    assert err.count("\n") == 1 and err.startswith(
        "failed    slip.qdpx: refused, entry '../../evil.txt'"
    )
    with open_project(target) as project:
        assert dump(project) == rows
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_export_needs_the_right_suffix(tmp_path: Path, capsys) -> None:
    run(capsys, "new", str(tmp_path / "t.qcode"))
    status, out, err = run(
        capsys, "export", "qdpx", str(tmp_path / "t.qcode"), "-o", str(tmp_path / "x.zip")
    )
    assert (status, out) == (1, "")
    assert err == "qcode: x.zip: a .qdpx export needs a file name ending in .qdpx\n"


@needs_shared(ATLAS)
def test_atlas_file_prints_one_line_per_outcome(tmp_path: Path, capsys) -> None:
    target = str(tmp_path / "atlas.qcode")
    run(capsys, "new", target)
    status, out, err = run(capsys, "import", target, str(ATLAS))
    lines = out.splitlines()
    assert (status, err) == (0, "")
    assert lines[0] == "imported  atlasti-TestProject.qdpx: imported 14 codes, 3 coders, 2 memos"
    assert len(lines) == 15 and all(line.startswith("warning   ") for line in lines[1:])
    assert "Traceback" not in out
