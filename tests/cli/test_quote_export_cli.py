"""`qcode export ... --citation short|lines|full --cite-with ATTR --interviewer LABEL`."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from qcode.cli import main
from tests.helpers import dump

TALK = (
    "Interviewer: What happens when the rota slips?\n"
    "PN: I ring my mentor before I ring anyone else, because she listens.\n"
    "Interviewer: Does that help?\n"
    "PN: It does. I walk back onto the ward calmer.\n"
)
QUOTE = "my mentor before I ring anyone else, because she listens.\nInterviewer: Does that help?"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def study(store_location: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """PN's first interview (role GP, grade trainer), one quote running into a question."""
    path = store_location
    talk = tmp_path / "PN 1.txt"
    talk.write_text(TALK, encoding="utf-8")
    assert run(capsys, "new", path)[0] == 0
    attrs = ["--attr", "role=GP", "--attr", "grade=trainer"]
    assert (
        run(capsys, "import", path, str(talk), "--participant", "PN", "--wave", "1", *attrs)[0] == 0
    )
    assert run(capsys, "codes", path, "add", "Support/Ringing first")[0] == 0
    coded = run(
        capsys,
        "code",
        path,
        "--doc",
        "PN 1",
        "--code",
        "Support/Ringing first",
        "--coder",
        "Ann",
        "--quote",
        QUOTE,
    )
    assert coded[0] == 0, coded
    return path


def exported(capsys, study: str, tmp_path: Path, *options: str) -> list[str]:
    """The quote and citation cells of `export segments` with these options."""
    output = tmp_path / "quotes.csv"
    status, _out, err = run(capsys, "export", "segments", study, "-o", str(output), *options)
    assert (status, err) == (0, "")
    with output.open(encoding="utf-8-sig", newline="") as handle:
        header, row = list(csv.reader(handle))
    return [row[header.index("Quote")], row[header.index("Citation")]]


def test_by_default_the_interviewer_is_left_out_and_lines_cited(capsys, study, tmp_path) -> None:
    assert exported(capsys, study, tmp_path) == [
        "\u2026 my mentor before I ring anyone else, because she listens.",
        "PN 1, line 2",
    ]


@pytest.mark.parametrize(
    ("options", "cited"),
    [
        (["--citation", "short"], "PN 1"),
        (["--citation", "full"], "[PN 1, 2]"),
        (
            ["--citation", "full", "--cite-with", "role", "--cite-with", "grade"],
            "[PN 1: GP/trainer, 2]",
        ),
    ],
)
def test_citation_options(capsys, study, tmp_path, options: list[str], cited: str) -> None:
    assert exported(capsys, study, tmp_path, *options)[1] == cited


def test_an_empty_interviewer_label_keeps_every_turn(capsys, study, tmp_path) -> None:
    words, cited = exported(capsys, study, tmp_path, "--interviewer", "", "--no-ellipsis")
    assert words == " ".join(QUOTE.split())
    assert cited == "PN 1, lines 2\u20133"


def test_another_label_is_left_out_instead(capsys, study, tmp_path) -> None:
    words, _cited = exported(capsys, study, tmp_path, "--interviewer", "PN:")
    assert words == "Does that help?"  # the rule is the user's: here PN's turn goes


def test_cite_with_without_a_full_citation_is_one_line_and_no_file(capsys, study, tmp_path) -> None:
    before = dump_of(study)
    output = tmp_path / "quotes.csv"
    argv = ["export", "segments", study, "-o", str(output), "--cite-with", "role"]
    assert run(capsys, *argv) == (1, "", "qcode: --cite-with needs --citation full\n")
    assert not output.exists()
    assert dump_of(study) == before


def test_an_unknown_citation_style_is_a_usage_error(capsys, study, tmp_path) -> None:
    output = tmp_path / "quotes.csv"
    with pytest.raises(SystemExit) as stopped:
        main(["export", "segments", study, "-o", str(output), "--citation", "long"])
    assert stopped.value.code == 2
    assert "invalid choice: 'long'" in capsys.readouterr().err
    assert not output.exists()


def test_cmo_quotes_follow_the_options(capsys, study, tmp_path) -> None:
    assert (
        run(capsys, "cmo", study, "add", "Support", "--statement", "Calls steady people.")[0] == 0
    )
    assert run(capsys, "cmo", study, "evidence", "1", "1")[0] == 0
    output = tmp_path / "cmo.csv"
    argv = ["export", "cmo", study, "-o", str(output), "--quotes", "--citation", "short"]
    assert run(capsys, *argv)[0] == 0
    text = output.read_text(encoding="utf-8-sig")
    assert (
        "\u201c\u2026 my mentor before I ring anyone else, because she listens.\u201d (PN 1)"
        in text
    )
    assert "Does that help" not in text


def dump_of(study: str) -> dict[str, list[tuple[object, ...]]]:
    from qcode.store.postgres import open_any

    with open_any(study) as project:
        return dump(project)
