"""`qcode cmo`, `qcode cmo add` and `qcode vignette`: output, JSON fields, one-line errors."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from qcode.cli import main
from qcode.services.demo.sample import THEMES, build_sample
from qcode.store.postgres import open_any
from qcode.store.project import create_project
from tests.helpers import dump

THEME = "Outcome"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def study(store_location: str, capsys: pytest.CaptureFixture[str]) -> str:
    """A project with one outcome theme and two flagged categories, made with the CLI."""
    path = store_location
    assert run(capsys, "new", path)[0] == 0
    assert run(capsys, "codes", path, "add", f"{THEME}/Access", "--flags", "C")[0] == 0
    assert run(capsys, "codes", path, "add", f"{THEME}/Engagement", "--flags", "CM")[0] == 0
    assert run(capsys, "codes", path, "add", "Other theme/Elsewhere", "--flags", "M")[0] == 0
    return path


def project_rows(path: str) -> dict[str, list[tuple[object, ...]]]:
    with open_any(path) as project:
        return dump(project)


def test_cmo_add_then_list_as_json(study: str, capsys) -> None:
    status, out, err = run(
        capsys,
        "cmo",
        study,
        "add",
        THEME,
        "--statement",
        "Access enables engagement.",
        "--category",
        "Access",
        "--category",
        f"{THEME}/Engagement",
    )
    assert (status, out, err) == (0, f"added statement 1 to {THEME}\n", "")
    status, out, err = run(capsys, "cmo", study, "--json")
    assert (status, err) == (0, "")
    assert json.loads(out) == [
        {
            "id": 1,
            "theme": [THEME],
            "statement": "Access enables engagement.",
            "categories": [
                {"code": [THEME, "Access"], "flags": "C"},
                {"code": [THEME, "Engagement"], "flags": "CM"},
            ],
            "categories_inherited": False,
            "evidence": [],
        }
    ]


def test_cmo_lists_statements_by_theme(tmp_path: Path, capsys) -> None:
    path = tmp_path / "sample.qcode"
    with create_project(path) as project:
        build_sample(project)
    status, out, err = run(capsys, "cmo", str(path))
    assert (status, err) == (0, "")
    lines = out.splitlines()
    themes = [line for line in lines if not line.startswith(" ")]
    assert themes == list(THEMES)
    assert lines[1] == f"  [1] {THEMES[themes[0]][1]}"
    assert lines[2].startswith(
        "      - Knowing mentoring exists and can be reached (C)  [5 segments"
    )
    assert "      evidence: PA 1, line 2; PD 1, line 2" in lines
    status, out, _ = run(capsys, "cmo", str(path), "--json")
    assert [entry["theme"] for entry in json.loads(out)] == [[theme] for theme in THEMES]


def test_cmo_on_a_new_project_says_how_to_start(study: str, capsys) -> None:
    status, out, _ = run(capsys, "cmo", study)
    assert status == 0 and "no configuration statements yet" in out
    assert run(capsys, "cmo", study, "--json")[1] == "[]\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["No theme", "--statement", "x"], "no code 'No theme' in the codebook"),
        ([f"{THEME}/Access", "--statement", "x"], "is not an outcome theme"),
        ([THEME, "--statement", "  "], "a configuration statement needs some words"),
        ([THEME, "--statement", "x", "--category", "Elsewhere"], "no category 'Elsewhere'"),
        (
            [THEME, "--statement", "x", "--category", "Other theme/Elsewhere"],
            "is not a category of the theme",
        ),
    ],
)
def test_cmo_add_bad_input_is_one_line_and_changes_nothing(
    study: str, capsys, argv: list[str], message: str
) -> None:
    before = project_rows(study)
    status, out, err = run(capsys, "cmo", study, "add", *argv)
    assert (status, out) == (1, "")
    assert err.startswith("qcode: ") and message in err and err.count("\n") == 1
    assert "Traceback" not in err
    assert project_rows(study) == before


def segment_at(path: str, document: str, words: str) -> str:
    """The id of Ann's segment that starts with ``words``, as typed on a command line."""
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            'SELECT s.id, substr(d.text, s.start + 1, s."end" - s.start) FROM segments s'
            " JOIN documents d ON d.id = s.document_id JOIN coders c ON c.id = s.coder_id"
            " WHERE d.name = ? AND c.name = 'Ann'",
            (document,),
        ).fetchall()
    finally:
        conn.close()
    return next(str(sid) for sid, text in rows if text.startswith(words))


def test_cmo_edit_evidence_delete(tmp_path: Path, capsys) -> None:
    path = str(tmp_path / "sample.qcode")
    with create_project(Path(path)) as project:
        build_sample(project)
    assert run(capsys, "cmo", path, "edit", "1", "--statement", "Reworded.")[0] == 0
    segment = segment_at(path, "PA 1", "A consultant mentioned")
    assert run(capsys, "cmo", path, "evidence", "1", segment)[0] == 0
    assert "evidence: PA 1, line 2; PD 1, line 2; PA 1, line 3" in run(capsys, "cmo", path)[1]
    status, _out, err = run(capsys, "cmo", path, "evidence", "1", segment)
    assert (status, err) == (1, f"qcode: segment {segment} is already cited by this statement\n")
    assert run(capsys, "cmo", path, "delete", "1")[0] == 0
    statements = [e["statement"] for e in json.loads(run(capsys, "cmo", path, "--json")[1])]
    assert "Reworded." not in statements and len(statements) == len(THEMES) - 1
    assert run(capsys, "cmo", path, "delete", "1")[2] == (
        "qcode: no configuration statement 1 in the project\n"
    )


def test_export_refuses_what_it_cannot_write(study: str, tmp_path: Path, capsys) -> None:
    cases = [
        ("cmo", "t.docx", "no configuration statements to export"),
        ("segments", "t.docx", "no coded segments to export"),
        ("themes", "t.odt", "t.odt: cannot write a table as '.odt'"),
    ]
    before = project_rows(study)
    for kind, name, message in cases:
        status, out, err = run(capsys, "export", kind, study, "-o", str(tmp_path / name))
        assert (status, out) == (1, "")
        assert err.startswith(f"qcode: {message}") and err.count("\n") == 1
    assert not list(tmp_path.glob("t.*"))
    assert project_rows(study) == before


def test_vignette_commands(study: str, tmp_path: Path, capsys) -> None:
    assert run(capsys, "vignette", study, "add", "Draft", "--theme", THEME)[0] == 0
    status, _out, err = run(capsys, "vignette", study, "add", "Draft")
    assert (status, err) == (1, "qcode: a vignette called 'Draft' already exists\n")
    narrative = run(capsys, "vignette", study, "narrative", "Draft", "--text", "Once upon a time.")
    assert narrative[:2] == (0, "wrote the narrative of 'Draft'\n")
    status, out, _ = run(capsys, "vignette", study)
    assert (status, out) == (
        0,
        f"Draft  (theme: {THEME})\n  Context\n  What mentoring did\n  Impact and outcome\n",
    )
    status, _out, err = run(capsys, "vignette", study, "pick", "Draft", "--section", "context", "9")
    assert (status, err) == (1, "qcode: no coded segment 9 in the project\n")
    assert run(capsys, "vignette", study, "delete", "Draft")[0] == 0
    assert "no vignettes yet" in run(capsys, "vignette", study)[1]
