"""`qcode similar P …`: suggestions listed (never coded), indexed on request, accepted by number."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qcode.cli import main
from tests.services.test_similar import MENTOR, NIGHTS, TIRED


def run(capsys, *argv: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def ok(capsys, *argv: str) -> str:  # type: ignore[no-untyped-def]
    status, out, err = run(capsys, *argv)
    assert status == 0, err
    return out


@pytest.fixture
def study(tmp_path: Path, store_location: str, capsys) -> str:  # type: ignore[no-untyped-def]
    project = store_location
    files = []
    for name, text in (("A", NIGHTS), ("B", TIRED), ("C", MENTOR)):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
        files.append(str(tmp_path / f"{name}.txt"))
    ok(capsys, "new", project)
    ok(capsys, "import", project, *files)
    ok(capsys, "codes", project, "add", "Fatigue")
    ok(capsys, "code", project, "--doc", "A", "--code", "Fatigue", "--coder", "Ann",
       "--span", f"0:{NIGHTS.index(chr(10))}")  # fmt: skip
    return project


def segments(capsys, project: str) -> list[tuple[str, str, int]]:  # type: ignore[no-untyped-def]
    found = json.loads(ok(capsys, "segments", project, "--json"))
    return sorted((s["document"], s["coder"], s["start"]) for s in found)


def test_not_indexed_is_said_then_indexing_lists_suggestions(capsys, study: str) -> None:  # type: ignore[no-untyped-def]
    status, out, err = run(capsys, "similar", study, "--code", "Fatigue")
    assert status == 1 and out == ""
    assert err.splitlines() == [
        "qcode: 3 documents are not indexed (left out): add --index",
        "qcode: no passages are indexed yet: index the project first",
    ]
    status, out, err = run(capsys, "similar", study, "--code", "Fatigue", "--index", "--json")
    assert status == 0
    assert err.splitlines()[-1] == "qcode: indexing passages: 3 of 3 documents"
    found = json.loads(out)
    assert len(found) == 5 and found[0]["document"] == "B" and found[0]["start"] == 0
    assert set(found[0]) == {"number", "document", "start", "end", "text", "score",
                             "semantic", "lexical"}  # fmt: skip
    assert found[0]["text"] == TIRED[: TIRED.index("\n")]
    assert segments(capsys, study) == [("A", "Ann", 0)]  # a suggestion codes nothing


def test_a_table_by_default_and_accepting_by_number(capsys, study: str) -> None:  # type: ignore[no-untyped-def]
    table = ok(capsys, "similar", study, "--text", "worn out after nights", "--index",
               "--limit", "2").splitlines()  # fmt: skip
    assert table[0].split() == ["#", "document", "span", "score", "semantic", "bm25", "text"]
    assert len(table) == 4 and table[-1].startswith("2 suggestions (none coded")
    out = ok(capsys, "similar", study, "--code", "Fatigue", "--accept", "1", "--coder", "Ben")
    assert out == "coded 1 suggested passages as 'Fatigue' by Ben\n"
    assert segments(capsys, study) == [("A", "Ann", 0), ("B", "Ben", 0)]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "qcode: similar: give --text, --segment or --code"),
        (["--text", "tired", "--accept", "1"], "qcode: similar: --accept needs --code"),
        (["--code", "Fatigue", "--accept", "9", "--coder", "Ben"], "qcode: --accept: there are"),
        (["--code", "Fatigue", "--accept", "x", "--coder", "Ben"], "qcode: --accept expects"),
        (["--code", "Nothing"], "qcode: "),
    ],
)
def test_refusals_are_one_line_and_change_nothing(capsys, study: str, argv, message) -> None:  # type: ignore[no-untyped-def]
    ok(capsys, "similar", study, "--text", "tired", "--index")
    status, out, err = run(capsys, "similar", study, *argv)
    assert (status, out) == (1, "") and err.startswith(message) and len(err.splitlines()) == 1
    assert segments(capsys, study) == [("A", "Ann", 0)]


@pytest.mark.file_only(
    reason="a fresh interpreter opens the file; the modules loaded are the point"
)
def test_other_commands_never_load_the_model(study: str) -> None:
    from tests.cli.test_lazy_imports import run_probe

    for argv in (["--version"], ["--help"], ["docs", study, "--json"], ["similar", "--help"]):
        result, loaded = run_probe(*argv)
        assert result["status"] == 0
        assert loaded.isdisjoint({"wordllama", "bm25s", "tokenizers", "safetensors"}), argv
