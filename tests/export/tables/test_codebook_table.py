"""The codebook export: definitions, when to use and not, example, flags and counts."""

from __future__ import annotations

from pathlib import Path

import pytest

from qcode.cli import main
from qcode.services.demo.sample import DEFINITIONS, T3, THEMES, build_sample
from qcode.store.project import create_project
from tests.export.golden import check_golden, check_golden_json, docx_tables, xlsx_values


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sample") / "sample.qcode"
    with create_project(path) as project:
        build_sample(project)
    return path


def export(capsys: pytest.CaptureFixture[str], *argv: str) -> int:
    status = main(["export", "codebook", *argv])
    assert capsys.readouterr().err == ""
    return status


def test_codebook_in_every_format(sample: Path, tmp_path: Path, capsys) -> None:
    for suffix in (".docx", ".xlsx", ".csv", ".md"):
        assert export(capsys, str(sample), "-o", str(tmp_path / f"codebook{suffix}")) == 0
    values = xlsx_values(tmp_path / "codebook.xlsx")
    header, *rows = values["rows"]
    assert header[:6] == [
        "Code",
        "Flags",
        "Definition",
        "When to use",
        "When not to use",
        "Example",
    ]
    categories = sum(len(cats) for cats, _statement in THEMES.values())
    assert len(rows) == len(THEMES) + categories + 1  # one sub-category
    pressure = next(r for r in rows if r[0] == f"{T3} / Pressure from workload and rotas")
    assert pressure[1:6] == ["C", *DEFINITIONS[(T3, 0)]]
    # Ann and Ben coded it, and so did the consensus: three segments, one participant.
    assert pressure[6:] == [3, 1]
    read = docx_tables(tmp_path / "codebook.docx")
    assert read["landscape"] is True
    assert read["tables"][0][1][0] == next(iter(THEMES))  # the name; the tree shows by indent
    check_golden_json("codebook.docx.json", read)
    check_golden_json("codebook.xlsx.json", values)
    check_golden("codebook.csv", (tmp_path / "codebook.csv").read_bytes())
    check_golden("codebook.md", (tmp_path / "codebook.md").read_bytes())


def test_one_coder_and_one_branch(sample: Path, tmp_path: Path, capsys) -> None:
    output = tmp_path / "ben.csv"
    assert export(capsys, str(sample), "-o", str(output), "--coder", "Ben", "--code", T3) == 0
    lines = output.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 1 + 1 + 5  # header, the theme, four categories and a sub-category
    assert lines[2].endswith(",1,1")  # Ben coded the rota quote once
