"""`qcode pseudonyms P …` and `qcode correct P DOCUMENT …`: one line out, one per refusal."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from qcode.cli import main

TEXT = (
    "Interviewer: Who helped?\n"
    "PJ: Dr Rees did. Later teh rota was shared, and Rees' deputy took over at Brookfield.\n"
)


def run(capsys, *argv: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def ok(capsys, *argv: str) -> str:  # type: ignore[no-untyped-def]
    status, out, err = run(capsys, *argv)
    assert (status, err) == (0, ""), err
    return out


@pytest.fixture
def study(tmp_path: Path, store_location: str, capsys) -> str:  # type: ignore[no-untyped-def]
    project = store_location
    (tmp_path / "PJ 1.txt").write_text(TEXT, encoding="utf-8")
    start = TEXT.index("teh rota")
    for argv in (
        ["new", project],
        ["import", project, str(tmp_path / "PJ 1.txt")],
        ["codes", project, "add", "Rota"],
        ["code", project, "--doc", "PJ 1", "--code", "Rota", "--coder", "Ana",
         "--span", f"{start}:{start + len('teh rota was shared')}"],
    ):  # fmt: skip
        ok(capsys, *argv)
    return project


def segment_words(capsys, project: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [s["text"] for s in json.loads(ok(capsys, "segments", project, "--json"))]


def test_pairs_are_added_listed_edited_and_removed(capsys, study: str) -> None:  # type: ignore[no-untyped-def]
    assert ok(capsys, "pseudonyms", study, "list") == "the pseudonym list is empty\n"
    assert ok(capsys, "pseudonyms", study, "add", "Rees", "Evans") == (
        "added pseudonym 'Evans' (person)\n"
    )
    ok(capsys, "pseudonyms", study, "add", "Brookfield", "Northtown", "--kind", "place")
    assert ok(capsys, "pseudonyms", study).splitlines() == [
        "original    pseudonym  kind",
        "Brookfield  Northtown  place",
        "Rees        Evans      person",
    ]
    assert ok(capsys, "pseudonyms", study, "edit", "rees", "--pseudonym", "Morgan") == (
        "edited the pair\n"
    )
    ok(capsys, "pseudonyms", study, "remove", "Brookfield")
    assert json.loads(ok(capsys, "pseudonyms", study, "list", "--json")) == [
        {"original": "Rees", "pseudonym": "Morgan", "kind": "person", "note": ""}
    ]


def test_refusals_are_one_line_and_change_nothing(capsys, study: str) -> None:  # type: ignore[no-untyped-def]
    ok(capsys, "pseudonyms", study, "add", "Rees", "Evans")
    status, out, err = run(capsys, "pseudonyms", study, "add", "REES", "Jones")
    assert (status, out) == (1, "")
    assert err == "qcode: that name is already on the pseudonym list\n"
    with pytest.raises(SystemExit) as usage:
        main(["pseudonyms", study, "add", "Owen", "Evan", "--kind", "pet"])
    assert usage.value.code == 2
    assert capsys.readouterr().err.startswith("qcode: pseudonyms add: argument --kind")
    status, _, err = run(capsys, "pseudonyms", study, "remove", "Nobody")
    assert (status, err) == (1, "qcode: that name is not on the pseudonym list\n")
    assert len(json.loads(ok(capsys, "pseudonyms", study, "list", "--json"))) == 1


def test_preview_then_apply_keeps_the_coding_on_its_words(capsys, study: str) -> None:  # type: ignore[no-untyped-def]
    ok(capsys, "pseudonyms", study, "add", "Rees", "Evans")
    ok(capsys, "pseudonyms", study, "add", "Brookfield", "Northtown", "--kind", "place")
    hits = json.loads(ok(capsys, "pseudonyms", study, "preview", "--json"))
    assert [(h["found"], h["replacement"], h["how"], h["line"]) for h in hits] == [
        ("Dr Rees", "Dr Evans", "title", 2),
        ("Rees'", "Evans'", "possessive", 2),
        ("Brookfield", "Northtown", "exact", 2),
    ]
    assert TEXT[hits[0]["start"] : hits[0]["end"]] == "Dr Rees"
    printed = ok(capsys, "pseudonyms", study, "preview")
    assert printed.splitlines()[-1] == "3 replacements in 1 document"
    status, out, err = run(capsys, "pseudonyms", study, "apply")
    assert (status, out) == (1, "")
    assert "3 replacements in 1 document would be made; add --yes" in err
    assert ok(capsys, "pseudonyms", study, "apply", "--yes", "--as", "Ana") == (
        "made 3 replacements in 1 document\n"
    )
    assert segment_words(capsys, study) == ["teh rota was shared"]
    assert json.loads(ok(capsys, "pseudonyms", study, "preview", "--json")) == []
    [event] = [
        e
        for e in json.loads(ok(capsys, "log", study, "--json"))
        if e["action"] == "apply pseudonyms"
    ]
    assert "Rees" not in json.dumps(event) and "Brookfield" not in json.dumps(event)


def test_the_key_file_is_written_only_on_request(capsys, study: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ok(capsys, "pseudonyms", study, "add", "Rees", "Evans")
    key = tmp_path / "key.csv"
    out = ok(capsys, "pseudonyms", study, "key", "-o", str(key))
    assert out.startswith("wrote 1 pair to ") and "keep it apart" in out
    with key.open(encoding="utf-8-sig", newline="") as handle:
        assert list(csv.reader(handle)) == [
            ["original", "pseudonym", "kind"],
            ["Rees", "Evans", "person"],
        ]
    status, _, err = run(capsys, "pseudonyms", study, "key", "-o", str(tmp_path / "k.qcode"))
    assert status == 1 and "exports never write over a project" in err


def test_correct_by_find_and_replace(capsys, study: str) -> None:  # type: ignore[no-untyped-def]
    out = ok(capsys, "correct", study, "PJ 1", "--find", "teh", "--replace", "the")
    assert out == "corrected 'PJ 1': 1 change, 0 segments moved\n"
    assert segment_words(capsys, study) == ["the rota was shared"]
    status, _, err = run(capsys, "correct", study, "PJ 1", "--find", "Rees", "--replace", "X")
    assert status == 1 and "'Rees' occurs 2 times; say which (--occurrence N) or --all" in err
    ok(capsys, "correct", study, "PJ 1", "--find", "Rees", "--replace", "Evans", "--all")
    ok(capsys, "correct", study, "PJ 1", "--find", "rota was", "--replace", "rota, at last, was")
    assert segment_words(capsys, study) == ["the rota, at last, was shared"]


def test_correct_at_an_offset(capsys, study: str) -> None:  # type: ignore[no-untyped-def]
    start = TEXT.index("shared")
    ok(capsys, "correct", study, "PJ 1", "--at", str(start), "--length", "6", "--text", "split")
    assert segment_words(capsys, study) == ["teh rota was split"]
    status, _, err = run(
        capsys, "correct", study, "PJ 1", "--at", "0", "--length", "999", "--text", ""
    )
    assert status == 1 and "outside the text" in err
    status, _, err = run(capsys, "correct", study, "PJ 1", "--at", "3")
    assert (status, err) == (1, "qcode: --at needs --text (the new words; '' deletes)\n")


def test_a_correction_that_would_empty_a_segment_is_refused(capsys, study: str) -> None:  # type: ignore[no-untyped-def]
    status, out, err = run(
        capsys, "correct", study, "PJ 1", "--find", "teh rota was shared", "--replace", ""
    )
    assert (status, out) == (1, "")
    assert "remove all the text of segment" in err and "uncode it first" in err
    assert segment_words(capsys, study) == ["teh rota was shared"]


def test_correct_needs_something_to_change(capsys, study: str) -> None:  # type: ignore[no-untyped-def]
    status, _, err = run(capsys, "correct", study, "PJ 1")
    assert status == 1 and "say what to change" in err
    status, _, err = run(capsys, "correct", study, "PJ 9", "--find", "a", "--replace", "b")
    assert status == 1 and "PJ 9" in err
