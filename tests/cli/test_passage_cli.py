"""Three coders through the command line: passages, majority/keep/unanimity, the log, errors."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import docx
import pytest

from qcode.cli import main
from qcode.store.postgres import open_any
from tests.helpers import dump

TEXT = "Interviewer: And then?\nPJ: The mentor made time for me. It helped a lot.\n"
TIME, SUPPORT = "Better work/Time", "Better work/Support"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def study(tmp_path: Path, store_location: str, capsys) -> str:
    """Ana, Ben and Cai: Time differs on 27:50, Cai codes Support on 30:40 too."""
    project = store_location
    (tmp_path / "PJ 1.txt").write_text(TEXT, encoding="utf-8")
    coding = [
        (TIME, "Ana", "27:40"),
        (TIME, "Ben", "30:50"),
        (TIME, "Cai", "30:45"),
        (SUPPORT, "Cai", "30:40"),
        *((TIME, coder, "0:10") for coder in ("Ana", "Ben", "Cai")),
    ]
    steps = [
        ["new", project],
        ["import", project, str(tmp_path / "PJ 1.txt")],
        ["codes", project, "add", TIME],
        ["codes", project, "add", SUPPORT],
        *(
            ["code", project, "--doc", "PJ 1", "--code", code, "--coder", coder, "--span", span]
            for code, coder, span in coding
        ),
    ]
    for argv in steps:
        status, _out, err = run(capsys, *argv)
        assert status == 0, err
    return project


def decide(project: str, code: str, choice: str, *extra: str) -> list[str]:
    base = ["decide", project, "--coders", "Ana,Ben,Cai", "--doc", "PJ 1", "--code", code]
    return [*base, "--at", "35", "--choice", choice, "--rationale", "we talked", *extra]


def test_three_coders_list_passages_across_codes(study: str, capsys) -> None:
    status, out, err = run(capsys, "disagreements", study, "--coders", "Ana,Ben,Cai", "--json")
    assert status == 0, err
    listing = json.loads(out)
    assert (listing["coders"], listing["decided"], listing["total"]) == (
        ["Ana", "Ben", "Cai"],
        0,
        1,
    )
    [passage] = listing["passages"]
    assert (passage["start"], passage["end"], passage["text"]) == (27, 50, TEXT[27:50])
    support, time = passage["codes"]
    assert support["code"] == ["Better work", "Support"]
    assert support["spans"] == {"Ana": [], "Ben": [], "Cai": [[30, 40]]}
    assert time["spans"] == {"Ana": [[27, 40]], "Ben": [[30, 50]], "Cai": [[30, 45]]}
    status, out, _ = run(capsys, "disagreements", study, "--coders", "Ana,Ben,Cai")
    assert status == 0 and out.splitlines()[-1] == "0 of 1 passages decided"
    assert "Ana" in out.splitlines()[0] and "Cai" in out.splitlines()[0]


def test_majority_keep_and_the_log_of_three(study: str, capsys, tmp_path: Path) -> None:
    status, out, err = run(capsys, *decide(study, TIME, "majority", "--k", "2"))
    assert status == 0, err
    assert "coded what at least 2 of the 3 coders coded (majority); consensus 30:45" in out
    assert out.strip().endswith("0 of 1 passages decided")  # Support still open
    status, out, err = run(capsys, *decide(study, SUPPORT, "keep", "--keep", "Cai"))
    assert status == 0 and "kept Cai's coding; consensus 30:40; 1 of 1" in out, err
    status, out, err = run(capsys, *decide(study, TIME, "unanimity"))
    assert status == 1 and "already decided" in err and "--replace" in err
    status, out, err = run(capsys, *decide(study, TIME, "unanimity", "--replace"))
    assert status == 0 and "(unanimity); consensus 30:40" in out, err
    status, out, _ = run(capsys, "decisions", study, "--json")
    rows = json.loads(out)
    assert [(r["choice"], r["in_force"]) for r in rows] == [
        ("majority", False),
        ("keep", True),
        ("unanimity", True),
    ]
    assert rows[0]["coders"] == ["Ana", "Ben", "Cai"]
    status, out, err = run(capsys, "adopt-agreements", study, "--coders", "Ana,Ben,Cai")
    assert status == 0 and out.strip() == "adopted 10 characters all of Ana, Ben, Cai coded"
    path = tmp_path / "log.docx"
    status, _out, err = run(capsys, "export", "decisions", study, "-o", str(path))
    assert status == 0, err
    methods = docx.Document(str(path)).paragraphs[1].text
    assert "the coding of Ana, Ben and Cai was" in methods
    assert "2 of 2 disagreements were decided" in methods
    assert "kept Cai's coding in 1 passage" in methods
    assert "coded only what every coder coded in 1 passage" in methods


BAD = [
    (["--choice", "keep"], "needs the coder whose coding is kept"),
    (["--choice", "keep", "--keep", "Dan"], "not one of this workshop's coders"),
    (["--choice", "union", "--k", "2"], "goes with the 'majority' choice"),
    (["--choice", "majority", "--k", "5"], "a majority is 1 to 3 coders"),
    (["--choice", "keep_a"], "unknown choice 'keep_a'"),
    (["--at", "5"], "do not differ at offset 5"),
    (["--coders", "Ana,Ben,Ana"], "two or more different coders"),
    (["--coders", "Ana,Ben,Zed"], "no coder 'Zed'"),
]


@pytest.mark.parametrize(("changes", "message"), BAD)
def test_bad_input_is_one_line_and_changes_nothing(
    study: str, capsys, changes: list[str], message: str
) -> None:
    argv = decide(study, TIME, "union")
    for flag, value in zip(changes[::2], changes[1::2], strict=True):
        if flag in argv:
            argv[argv.index(flag) + 1] = value
        else:
            argv += [flag, value]
    with open_any(study) as project:
        before = dump(project)
    status, out, err = run(capsys, *argv)
    assert status == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("qcode: ") and message in err, err
    with open_any(study) as project:
        assert dump(project) == before


def test_a_merge_shows_both_decisions_and_the_code_each_was_decided_on(
    study: str, capsys, tmp_path: Path
) -> None:
    for code, choice, extra in ((TIME, "majority", ["--k", "2"]), (SUPPORT, "none", [])):
        status, _out, err = run(capsys, *decide(study, code, choice, *extra))
        assert status == 0, err
    status, _out, err = run(capsys, "codes", study, "merge", SUPPORT, TIME)
    assert status == 0, err
    status, out, _err = run(capsys, "disagreements", study, "--coders", "Ana,Ben,Cai")
    [row] = [line for line in out.splitlines() if "27:50" in line]
    assert row.endswith("majority + none")
    status, out, _err = run(capsys, "disagreements", study, "--coders", "Ana,Ben,Cai", "--json")
    [passage] = json.loads(out)["passages"]
    [time] = passage["codes"]
    assert [d["choice"] for d in time["decisions"]] == ["majority", "none"]
    assert [d["decided_on"] for d in time["decisions"]] == [None, ["Better work", "Support"]]
    status, out, _err = run(capsys, "decisions", study)
    assert "Better work/Time (decided on Better work/Support)" in out
    status, _out, err = run(capsys, *decide(study, TIME, "union"))
    assert status == 1 and err.count("\n") == 1 and "on 'Better work/Support'" in err
    status, out, err = run(capsys, *decide(study, TIME, "union", "--replace"))
    assert status == 0, err
    output = tmp_path / "log.csv"
    status, _out, err = run(capsys, "export", "decisions", study, "-o", str(output))
    with output.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["decided_on"], r["status"][:10]) for r in rows] == [
        ("", "superseded"),
        ("Better work/Support", "superseded"),
        ("", "in force"),
    ]
