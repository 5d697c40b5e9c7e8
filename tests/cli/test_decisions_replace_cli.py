"""`qcode decide --replace` over three coders, the log marking superseded decisions, the export."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import docx
import pytest

from qcode.cli import main
from tests.helpers import dump

TEXT = "Interviewer: And then?\nPJ: The mentor made time for me. It helped a lot.\n"
CODE = "Support"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def study(tmp_path: Path, store_location: str, capsys) -> str:
    """Ana, Ben and Cai code one passage three ways."""
    project = store_location
    (tmp_path / "PJ 1.txt").write_text(TEXT, encoding="utf-8")
    steps = [
        ["new", project],
        ["import", project, str(tmp_path / "PJ 1.txt")],
        ["codes", project, "add", CODE],
        ["code", project, "--doc", "PJ 1", "--code", CODE, "--coder", "Ana", "--span", "27:40"],
        ["code", project, "--doc", "PJ 1", "--code", CODE, "--coder", "Ben", "--span", "30:50"],
        ["code", project, "--doc", "PJ 1", "--code", CODE, "--coder", "Cai", "--span", "27:50"],
    ]
    for argv in steps:
        assert run(capsys, *argv)[0] == 0
    return project


def decide(capsys, project: str, coders: str, choice: str, why: str, *more: str):  # type: ignore[no-untyped-def]
    return run(
        capsys, "decide", project, "--coders", coders, "--doc", "PJ 1", "--code", CODE,
        "--at", "35", "--choice", choice, "--rationale", why, "--as", "Dr Who", *more,
    )  # fmt: skip


def test_a_second_pair_cannot_silently_replace_the_consensus(study: str, capsys) -> None:
    assert decide(capsys, study, "Ana,Ben", "keep_b", "Ben's reading")[0] == 0
    before = dump_file(study)
    status, out, err = decide(capsys, study, "Ana,Cai", "keep_a", "Ana's reading")
    assert status != 0 and out == ""
    [line] = err.strip().splitlines()
    assert "already decided (decision 1 of " in line and "by Dr Who" in line
    assert "kept Ben's coding" in line and "Ben's reading" in line and "--replace" in line
    assert dump_file(study) == before
    status, out, _ = decide(capsys, study, "Ana,Cai", "keep_a", "Ana's reading", "--replace")
    assert status == 0 and "kept Ana's coding; consensus 27:40" in out
    _, out, _ = run(capsys, "decisions", study, "--json")
    rows = json.loads(out)
    assert [(r["id"], r["in_force"], r["superseded_by"]) for r in rows] == [
        (1, False, 2),
        (2, True, None),
    ]
    assert rows[0]["superseded_at"] is not None and rows[1]["coders"] == ["Ana", "Cai"]
    assert [r["decided_by"] for r in rows] == ["Dr Who", "Dr Who"]
    _, out, _ = run(capsys, "decisions", study)
    assert "superseded by decision 2 on" in out and "in force" in out
    _, out, _ = run(capsys, "decisions", study, "--in-force", "--json")
    assert [r["id"] for r in json.loads(out)] == [2]


def dump_file(project: str) -> object:
    from qcode.store.postgres import open_any

    with open_any(project) as opened:
        return dump(opened)


def test_the_export_marks_superseded_decisions_and_counts_open_units(
    study: str, capsys, tmp_path: Path
) -> None:
    decide(capsys, study, "Ana,Ben", "keep_b", "Ben's reading")
    decide(capsys, study, "Ben,Ana", "union", "both readings", "--replace")
    out_csv, out_docx = tmp_path / "log.csv", tmp_path / "log.docx"
    assert run(capsys, "export", "decisions", study, "-o", str(out_csv))[0] == 0
    with out_csv.open(encoding="utf-8", newline="") as handle:
        header, *lines = list(csv.reader(handle))
    status = header.index("status")
    assert lines[0][status].startswith("superseded by decision 2 on")
    assert lines[1][status] == "in force"
    assert run(capsys, "export", "decisions", study, "-o", str(out_docx))[0] == 0
    methods = docx.Document(str(out_docx)).paragraphs[1].text
    assert "the coding of Ana and Ben was then compared" in methods  # once, by name
    assert "1 of 1 disagreement was decided in a whole-team workshop: 1 union; 0 remain" in methods
    assert "recorded by Dr Who" in methods
    assert "1 earlier decision the team later replaced, marked superseded" in methods
