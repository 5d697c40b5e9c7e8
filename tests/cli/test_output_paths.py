"""No command writes over a project: its file, its -wal/-shm/-journal, or another project."""

from __future__ import annotations

import argparse
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from qcode.cli import build_parser, main
from qcode.cli.export_cmds import EXPORTERS
from qcode.services.codebook.edit import add_code
from qcode.services.lookup import get_code
from qcode.store.project import create_project, open_project
from tests.helpers import add_text

build_parser()  # every area registers its export kinds
KINDS = sorted(EXPORTERS)
Argv = Callable[[str, str], list[str]]


def export_argv(kind: str) -> Argv:
    return lambda project, out: ["export", kind, project, "-o", out]


COMMANDS: dict[str, Argv] = {
    "log --csv": lambda project, out: ["log", project, "--csv", out],
    "codes export": lambda project, out: ["codes", project, "export", out],
    "open --screenshot": lambda project, out: ["open", project, "--screenshot", out],
    "chart frequency": lambda project, out: ["chart", "frequency", project, "-o", out],
    "pseudonyms key": lambda project, out: ["pseudonyms", project, "key", "-o", out],
    **{f"export {kind}": export_argv(kind) for kind in KINDS},
}
# Where each target lies, given the project and another project in the same folder.
TARGETS: dict[str, Callable[[Path, Path], Path]] = {
    "the project": lambda project, _other: project,
    "its -wal": lambda project, _other: project.with_name(project.name + "-wal"),
    "its -shm": lambda project, _other: project.with_name(project.name + "-shm"),
    "its -journal": lambda project, _other: project.with_name(project.name + "-journal"),
    "another project": lambda _project, other: other,
    "a symlink to it": lambda project, _other: symlink(project, project.with_name("out.csv")),
    "a hard link to it": lambda project, _other: hardlink(project, project.with_name("hard.csv")),
    "a copy named .csv": lambda project, _other: copy(project, project.with_name("backup.csv")),
    "a new .QCODE name": lambda project, _other: project.with_name("fresh.QCODE"),
}
# Each option of the CLI that names a file, and whether the command reads or writes it.
OUTPUTS = {("log", "csv"), ("codes export", "file"), ("open", "screenshot"), ("demo", "screenshot")}
OUTPUTS |= {("export", "output"), ("chart", "output"), ("pseudonyms key", "output")}
INPUTS = {("import", "files"), ("codes import", "file"), ("publish", "file")}
NEW_PROJECTS = {("snapshot", "file")}  # a new .qcode file only: see the test below


def symlink(target: Path, link: Path) -> Path:
    link.symlink_to(target)
    return link


def hardlink(target: Path, link: Path) -> Path:
    os.link(target, link)
    return link


def copy(source: Path, to: Path) -> Path:
    shutil.copyfile(source, to)
    return to


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small project with a document and a code, copied for each test."""
    path = tmp_path_factory.mktemp("template") / "template.qcode"
    with create_project(path) as project:
        add_text(project, "PJ 1", "PJ: It helped me a lot.\nI: Why?\n")
        add_code(project, ["Helped"])
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every regular file in the folder (links followed), by name."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str, str]:
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


def assert_refused(status: int, out: str, err: str) -> None:
    assert status == 1, (out, err)
    assert err.count("\n") == 1 and err.startswith("qcode: "), err
    assert "choose another output file (exports never write over a project)" in err
    assert "Traceback" not in out + err


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("command", COMMANDS)
def test_no_command_writes_over_a_project(
    tmp_path: Path, template: Path, capsys: pytest.CaptureFixture[str], command: str, target: str
) -> None:
    project = copy(template, tmp_path / "study.qcode")
    other = copy(template, tmp_path / "other.qcode")
    out = TARGETS[target](project, other)
    before = snapshot(tmp_path)
    assert_refused(*run(capsys, COMMANDS[command](str(project), str(out))))
    assert snapshot(tmp_path) == before  # nothing written, nothing created


@pytest.mark.parametrize("suffix", ["-wal", "-shm"])
@pytest.mark.parametrize("command", COMMANDS)
def test_the_live_companions_of_an_open_project_are_refused(
    tmp_path: Path, template: Path, capsys: pytest.CaptureFixture[str], command: str, suffix: str
) -> None:
    path = copy(template, tmp_path / "study.qcode")
    with open_project(path) as project:  # open, with a change still in the write-ahead log
        add_code(project, ["Only in the WAL"])
        companion = path.with_name(path.name + suffix)
        assert companion.exists()
        before = snapshot(tmp_path)
        assert_refused(*run(capsys, COMMANDS[command](str(path), str(companion))))
        assert snapshot(tmp_path) == before
    with open_project(path) as project, project.session() as session:
        assert get_code(session, "Only in the WAL").name == "Only in the WAL"


def test_demo_refuses_a_screenshot_over_the_project_it_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    demo = tmp_path / "demo.png"
    assert_refused(*run(capsys, ["demo", str(demo), "--screenshot", str(demo)]))
    assert not demo.exists()


def test_exports_elsewhere_still_write(
    tmp_path: Path, template: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = str(copy(template, tmp_path / "study.qcode"))
    assert run(capsys, ["log", project, "--csv", str(tmp_path / "log.csv")])[0] == 0
    assert run(capsys, ["codes", project, "export", str(tmp_path / "codes.csv")])[0] == 0
    assert run(capsys, ["export", "qdc", project, "-o", str(tmp_path / "codes.qdc")])[0] == 0
    assert {"log.csv", "codes.csv", "codes.qdc"} <= {p.name for p in tmp_path.iterdir()}


def test_every_file_option_is_known_to_be_an_input_or_a_guarded_output() -> None:
    """A new option naming a file must join OUTPUTS (and COMMANDS) or INPUTS."""
    found = set(file_options(build_parser(), ""))
    assert found == OUTPUTS | INPUTS | NEW_PROJECTS
    assert set(KINDS) >= {"cmo", "themes", "codebook", "segments", "agreement", "vignette"}
    assert set(KINDS) >= {"qdpx", "qdc", "decisions"}


def file_options(parser: argparse.ArgumentParser, command: str) -> list[tuple[str, str]]:
    """(command, dest) for every argument that names a file, in every sub-command."""
    names = {"file", "files", "output", "csv", "screenshot"}
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                found += file_options(child, f"{command} {name}".strip())
        elif action.dest in names:
            found.append((command, action.dest))
    return found


@pytest.mark.parametrize("target", TARGETS)
def test_a_snapshot_never_writes_over_a_file(
    tmp_path: Path, template: Path, capsys: pytest.CaptureFixture[str], target: str
) -> None:
    project = copy(template, tmp_path / "study.qcode")
    other = copy(template, tmp_path / "other.qcode")
    out = TARGETS[target](project, other)
    before = snapshot(tmp_path)
    status, stdout, err = run(capsys, ["snapshot", "postgresql://nobody@127.0.0.1:1/x", str(out)])
    assert status == 1 and stdout == "" and err.count("\n") == 1, err
    if target != "a new .QCODE name":  # refused before the server is asked
        assert "already exists" in err or "name it ….qcode" in err, err
    assert snapshot(tmp_path) == before  # nothing written, nothing created


def test_export_help_names_every_kind(capsys: pytest.CaptureFixture[str]) -> None:
    """Kinds registered at import (qdpx, qdc, decisions) are listed as well as the others."""
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    listed = " ".join(capsys.readouterr().out.split()).split("what to export: ")[1]
    assert KINDS and all(kind in listed for kind in KINDS)
    assert {"qdpx", "qdc", "decisions"} <= set(KINDS)
