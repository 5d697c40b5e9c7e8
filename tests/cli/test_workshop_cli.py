"""`qcode disagreements`, `decide`, `adopt-agreements`, `decisions`, `export decisions`."""

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
CODE = "Better work/Time"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def study(tmp_path: Path, store_location: str, capsys) -> str:
    """A project where Ana and Ben disagree twice on one code and agree once."""
    project = store_location
    (tmp_path / "PJ 1.txt").write_text(TEXT, encoding="utf-8")
    steps = [
        ["new", project],
        ["import", project, str(tmp_path / "PJ 1.txt")],
        ["codes", project, "add", CODE],
        ["code", project, "--doc", "PJ 1", "--code", CODE, "--coder", "Ana", "--span", "27:40"],
        ["code", project, "--doc", "PJ 1", "--code", CODE, "--coder", "Ben", "--span", "30:50"],
        ["code", project, "--doc", "PJ 1", "--code", CODE, "--coder", "Ben", "--span", "60:65"],
        ["code", project, "--doc", "PJ 1", "--code", CODE, "--coder", "Ana", "--span", "0:10"],
        ["code", project, "--doc", "PJ 1", "--code", CODE, "--coder", "Ben", "--span", "0:10"],
    ]
    for argv in steps:
        status, _out, err = run(capsys, *argv)
        assert status == 0, err
    return project


def decide_args(project: str, *extra: str) -> list[str]:
    base = ["decide", project, "--coders", "Ana,Ben", "--doc", "PJ 1", "--code", CODE]
    return [*base, "--at", "35", "--choice", "union", "--rationale", "both", *extra]


def test_disagreements_json(study: str, capsys) -> None:
    status, out, err = run(capsys, "disagreements", study, "--coders", "Ana,Ben", "--json")
    assert status == 0, err
    listing = json.loads(out)
    assert (listing["coders"], listing["decided"], listing["total"]) == (["Ana", "Ben"], 0, 2)
    first, second = listing["disagreements"]
    assert (first["document"], first["code"], first["start"], first["end"]) == (
        "PJ 1",
        ["Better work", "Time"],
        27,
        50,
    )
    assert first["text"] == TEXT[27:50] and first["citation"] == "PJ 1, line 2"
    assert (first["a_spans"], first["b_spans"]) == ([[27, 40]], [[30, 50]])
    assert (first["union"], first["overlap"]) == ([[27, 50]], [[30, 40]])
    assert first["context"] == TEXT.rstrip("\n") and first["context_start"] == 0
    assert first["memos"] == [] and first["decision"] is None
    assert (second["start"], second["end"], second["a_spans"]) == (60, 65, [])


def test_decide_then_list_log_and_export(study: str, tmp_path: Path, capsys) -> None:
    status, out, err = run(capsys, *decide_args(study, "--attendees", "Ana, Ben", "--as", "Ana"))
    assert status == 0, err
    assert out.strip() == (
        "decided PJ 1, line 2 (27:50), Better work/Time: coded what either coder coded"
        " (union); consensus 27:50; 1 of 2 decided"
    )
    status, out, _ = run(capsys, "disagreements", study, "--coders", "Ben,Ana")
    assert out.splitlines()[-1] == "1 of 2 decided" and "union" in out.splitlines()[1]
    status, out, _ = run(capsys, "segments", study, "--coder", "Consensus", "--json")
    assert [(s["start"], s["end"]) for s in json.loads(out)] == [(27, 50)]
    status, out, _ = run(capsys, "decisions", study, "--json")
    [entry] = json.loads(out)
    assert (entry["choice"], entry["rationale"], entry["attendees"], entry["decided_by"]) == (
        "union",
        "both",
        ["Ana", "Ben"],
        "Ana",
    )
    for suffix in ("csv", "docx"):
        output = tmp_path / f"log.{suffix}"
        status, out, err = run(capsys, "export", "decisions", study, "-o", str(output))
        assert status == 0 and out.strip() == f"wrote 1 decision to {output}", err
    with (tmp_path / "log.csv").open(encoding="utf-8", newline="") as handle:
        records = list(csv.DictReader(handle))
    assert [(r["code"], r["choice"], r["result"]) for r in records] == [
        ("Better work/Time", "union", "27:50")
    ]
    [table] = docx.Document(str(tmp_path / "log.docx")).tables
    assert table.rows[1].cells[5].text == "both"


def test_custom_span_and_adopt_agreements(study: str, capsys) -> None:
    argv = decide_args(study)
    argv[argv.index("union")] = "custom"
    status, out, err = run(capsys, *argv, "--span", "23:72")
    assert status == 0 and "consensus 23:72" in out, err
    status, out, err = run(capsys, "adopt-agreements", study, "--coders", "Ana,Ben")
    assert status == 0 and out.strip() == (
        "adopted 10 characters both Ana and Ben coded into the consensus"
    ), err
    status, out, _ = run(capsys, "segments", study, "--coder", "Consensus", "--json")
    assert [(s["start"], s["end"]) for s in json.loads(out)] == [(0, 10), (23, 72)]


BAD = [
    (["--coders", "Ana"], "two or more different coders"),
    (["--coders", "Ana,Ana"], "two or more different coders"),
    (["--coders", "Ana,Nobody"], "no coder 'Nobody'"),
    (["--coders", "Consensus,Ana"], "consensus layer"),
    (["--doc", "PX 9"], "no document 'PX 9'"),
    (["--code", "Nope"], "no code 'Nope'"),
    (["--at", "55"], "do not disagree at offset 55"),
    (["--choice", "custom"], "needs the span"),
    (["--span", "1:2"], "only with the 'custom'"),
    (["--choice", "custom", "--span", "5:999"], "outside"),
    (["--choice", "custom", "--span", "abc"], "--span expects START:END"),
    (["--rationale", "  "], "rationale"),
]


@pytest.mark.parametrize(("changes", "message"), BAD)
def test_bad_decide_input_is_one_line_and_changes_nothing(
    study: str, capsys, changes: list[str], message: str
) -> None:
    argv = decide_args(study)
    for flag, value in zip(changes[::2], changes[1::2], strict=True):
        if flag in argv:
            argv[argv.index(flag) + 1] = value
        else:
            argv += [flag, value]
    with open_any(study) as project:
        before = dump(project)
    status, out, err = run(capsys, *argv)
    assert status == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("qcode: ") and message in err
    assert "Traceback" not in err
    with open_any(study) as project:
        assert dump(project) == before


def test_bad_listing_and_export_input_is_one_line(study: str, tmp_path: Path, capsys) -> None:
    for argv in (
        ["disagreements", study, "--coders", "Ana,Ben", "--code", "Nope"],
        ["adopt-agreements", study, "--coders", "Ana,Ana"],
        ["export", "decisions", study, "-o", str(tmp_path / "log.xlsx")],
    ):
        status, _out, err = run(capsys, *argv)
        assert status == 1 and err.count("\n") == 1 and err.startswith("qcode: "), argv
    assert not (tmp_path / "log.xlsx").exists()


def test_an_unknown_choice_is_a_usage_error(study: str, capsys) -> None:
    argv = decide_args(study)
    argv[argv.index("union")] = "vote"
    with open_any(study) as project:
        before = dump(project)
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2 and "invalid choice" in capsys.readouterr().err
    with open_any(study) as project:
        assert dump(project) == before
