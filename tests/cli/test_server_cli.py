"""The same command-line workflow on a project file and on a PostgreSQL server database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qcode.cli import main

TEXT = "Interviewer: And then?\nPJ: The mentor made time for me. It helped a lot.\n"
CODE = "Better work/Time"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture(params=["file", "server"])
def project(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """PROJECT as a user types it: a .qcode file, or a postgresql:// URL."""
    if request.param == "file":
        return str(tmp_path / "study.qcode")
    return str(request.getfixturevalue("postgres_url"))


def test_a_study_coded_compared_and_decided_on_either(project: str, tmp_path: Path, capsys) -> None:
    (tmp_path / "PJ 1.txt").write_text(TEXT, encoding="utf-8")
    steps = [
        ["new", project, "--title", "Team study"],
        ["import", project, str(tmp_path / "PJ 1.txt"), "--participant", "PJ", "--wave", "1"],
        ["codes", project, "add", CODE],
        ["code", project, "--doc", "PJ 1", "--code", CODE, "--coder", "Ana", "--span", "27:40"],
        ["code", project, "--doc", "PJ 1", "--code", CODE, "--coder", "Ben", "--span", "30:50"],
    ]
    for argv in steps:
        status, _out, err = run(capsys, *argv)
        assert status == 0, (argv, err)
    status, out, err = run(capsys, "segments", project, "--json")
    assert status == 0, err
    assert [(s["coder"], s["start"], s["end"]) for s in json.loads(out)] == [
        ("Ana", 27, 40),
        ("Ben", 30, 50),
    ]
    status, out, err = run(capsys, "agree", project, "--coders", "Ana,Ben", "--json")
    assert status == 0, err
    overall = json.loads(out)["overall"]["pairs"][0]
    assert (overall["both"], overall["a_only"], overall["b_only"]) == (10, 3, 10)
    argv = ["decide", project, "--coders", "Ana,Ben", "--doc", "PJ 1", "--code", CODE]
    status, out, err = run(capsys, *argv, "--at", "35", "--choice", "union", "--rationale", "both")
    assert status == 0 and "consensus 27:50; 1 of 1 decided" in out, err
    status, out, err = run(capsys, "decisions", project, "--json")
    assert [(d["choice"], d["in_force"]) for d in json.loads(out)] == [("union", True)]
    status, out, err = run(capsys, "log", project, "--json")
    assert [e["action"] for e in json.loads(out)][-3:] == ["code", "code", "decide"]
    report = tmp_path / "quotes.csv"
    status, out, err = run(capsys, "export", "segments", project, "-o", str(report))
    assert status == 0 and report.read_text(encoding="utf-8").count("The mentor") >= 1, err


def test_a_mistake_on_a_server_is_one_line_and_changes_nothing(postgres_url: str, capsys) -> None:
    assert run(capsys, "new", postgres_url)[0] == 0
    status, out, err = run(capsys, "codes", postgres_url, "add", "Time")
    assert status == 0, err
    status, out, err = run(capsys, "codes", postgres_url, "add", "Time")
    assert status == 1 and err.count("\n") == 1 and err.startswith("qcode: "), err
    status, out, err = run(capsys, "new", postgres_url)
    assert status == 1 and "already holds tables" in err and err.count("\n") == 1
    status, out, _ = run(capsys, "codes", postgres_url, "--json")
    assert [c["path"] for c in json.loads(out)] == [["Time"]]


def test_publish_and_snapshot_say_what_they_copied(
    tmp_path: Path, postgres_url: str, capsys
) -> None:
    (tmp_path / "PJ 1.txt").write_text(TEXT, encoding="utf-8")
    file = str(tmp_path / "study.qcode")
    for argv in (
        ["new", file],
        ["import", file, str(tmp_path / "PJ 1.txt")],
        ["codes", file, "add", CODE],
        ["code", file, "--doc", "PJ 1", "--code", CODE, "--coder", "Ana", "--span", "27:40"],
    ):
        assert run(capsys, *argv)[0] == 0
    status, out, err = run(capsys, "publish", file, postgres_url)
    assert status == 0, err
    assert out.startswith("copied ") and "; checksum " in out and "@" not in out
    published = out.strip().rsplit(" ", 1)[-1]
    back = str(tmp_path / "back.qcode")
    status, out, err = run(capsys, "snapshot", postgres_url, back)
    assert status == 0 and out.strip().endswith(f"checksum {published}"), err
    status, out, _ = run(capsys, "segments", back, "--json")
    assert [(s["coder"], s["start"]) for s in json.loads(out)] == [("Ana", 27)]
    status, out, err = run(capsys, "publish", file, postgres_url)
    assert status == 1 and "already holds tables" in err and err.count("\n") == 1
    status, out, err = run(capsys, "publish", file, "study2.qcode")
    assert status == 1 and "not a PostgreSQL URL" in err


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["check", "{url}"], "qcode check works on project files"),
        (["copy", "{url}", "{tmp}/c.qcode"], "qcode copy works on project files"),
        (["merge", "{url}", "{tmp}/c.qcode"], "qcode merge works on project files"),
    ],
)
def test_what_works_on_files_only_says_so_in_one_line(
    postgres_url: str, tmp_path: Path, capsys, argv: list[str], said: str
) -> None:
    assert run(capsys, "new", postgres_url)[0] == 0
    filled = [part.format(url=postgres_url, tmp=tmp_path) for part in argv]
    status, out, err = run(capsys, *filled)
    assert status == 1 and out == "" and err.count("\n") == 1 and said in err, err
    assert not (tmp_path / "c.qcode").exists()


def test_a_server_out_of_reach_is_one_line(capsys) -> None:
    from tests.postgres_server import free_port

    url = f"postgresql://nobody@127.0.0.1:{free_port()}/study"
    status, out, err = run(capsys, "docs", url)
    assert status == 1 and out == "" and err.count("\n") == 1
    assert err.startswith("qcode: study: could not reach the server (") and "Traceback" not in err


def test_on_a_server_the_audit_trail_names_the_database_role(postgres_url: str, capsys) -> None:
    role = postgres_url.split("://", 1)[1].split("@", 1)[0]
    assert run(capsys, "new", postgres_url)[0] == 0
    assert run(capsys, "codes", postgres_url, "add", "Time")[0] == 0
    assert run(capsys, "codes", postgres_url, "add", "Trust", "--as", "Ana")[0] == 0
    status, out, err = run(capsys, "log", postgres_url, "--json")
    assert status == 0, err
    assert [(e["who"], e["action"]) for e in json.loads(out)][-2:] == [
        (role, "add code"),
        ("Ana", "add code"),
    ]
