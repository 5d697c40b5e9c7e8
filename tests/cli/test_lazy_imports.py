"""Each command imports only what it uses: quick commands never load the heavy libraries."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

import qcode
from qcode.cli import COMMAND_MODULES, build_parser
from qcode.services.codebook.edit import add_code
from qcode.services.coding import code_span
from qcode.store.project import create_project
from tests.helpers import add_text

ROOT = Path(qcode.__file__).resolve().parents[1]
# Heavy, and needed only by some commands: writers, readers, statistics, fuzzy search, Qt.
HEAVY = ("openpyxl", "numpy", "docx", "pdfminer", "lxml", "PySide6", "shiboken6", "rapidfuzz")

PROBE = """
import contextlib, io, json, sys
from qcode.cli import main
with contextlib.redirect_stdout(io.StringIO()) as out:
    try:
        status = main(sys.argv[1:])
    except SystemExit as exc:
        status = exc.code
print(json.dumps({"status": status, "out": out.getvalue(), "modules": sorted(sys.modules)}))
"""


def run_probe(*argv: str) -> tuple[dict[str, object], set[str]]:
    """Run `qcode ARGV...` in a fresh interpreter; its result and the top-level modules loaded."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    return result, {name.partition(".")[0] for name in result["modules"]}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("lazy") / "study.qcode"
    with create_project(path) as made:
        add_text(made, "PJ 1", "We talked about the rota.\nIt was hard.", "PJ", 1)
        add_code(made, "Work/Rota")
        code_span(made, "PJ 1", "Work/Rota", "Ann", 0, 12)
        code_span(made, "PJ 1", "Work/Rota", "Ben", 4, 20)
    return str(path)


def test_version_loads_nothing_heavy() -> None:
    result, loaded = run_probe("--version")
    assert result["status"] == 0
    assert loaded.isdisjoint({*HEAVY, "alembic", "sqlalchemy"}), loaded & {*HEAVY, "alembic"}


def test_help_loads_nothing_heavy() -> None:
    result, loaded = run_probe("--help")
    assert result["status"] == 0
    assert loaded.isdisjoint({*HEAVY, "alembic", "sqlalchemy"})


@pytest.mark.parametrize(
    "command",
    [["docs", "--json"], ["codes", "--json"], ["segments", "--json"], ["docs"], ["segments"]],
)
def test_listing_commands_load_no_heavy_library(project: str, command: list[str]) -> None:
    result, loaded = run_probe(command[0], project, *command[1:])
    assert result["status"] == 0
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))


def test_docs_json_still_lists_the_documents(project: str) -> None:
    result, _loaded = run_probe("docs", project, "--json")
    assert [doc["name"] for doc in json.loads(str(result["out"]))] == ["PJ 1"]


def test_opening_a_current_project_loads_no_alembic(project: str) -> None:
    result, loaded = run_probe("docs", project, "--json")
    assert result["status"] == 0
    assert "alembic" not in loaded


def test_agree_loads_its_statistics_but_no_writer_or_reader(project: str) -> None:
    result, loaded = run_probe("agree", project, "--coders", "Ann,Ben", "--json")
    assert result["status"] == 0
    assert "numpy" in loaded
    assert loaded.isdisjoint({"openpyxl", "docx", "pdfminer", "lxml", "PySide6", "rapidfuzz"})


def command_modules(result: dict[str, object]) -> set[str]:
    return {str(name) for name in result["modules"] if str(name).endswith("_cmds")}  # type: ignore[union-attr]


def test_docs_loads_no_other_command_module(project: str) -> None:
    result, _loaded = run_probe("docs", project, "--json")
    assert command_modules(result) == {"qcode.cli.project_cmds", "qcode.cli.document_cmds"}


def test_version_loads_no_command_module() -> None:
    result, _loaded = run_probe("--version")
    assert result["status"] == 0
    assert command_modules(result) == set()


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The parser's sub-commands by name (none if it has no sub-commands)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def helps(parser: argparse.ArgumentParser, prefix: str = "") -> dict[str, str]:
    """Every (sub-)command's help text under ``parser``, by its words."""
    found = {prefix: parser.format_help()}
    for name, child in subcommands(parser).items():
        found.update(helps(child, f"{prefix} {name}".strip()))
    return found


def test_every_command_but_export_has_its_module() -> None:
    assert set(subcommands(build_parser())) - set(COMMAND_MODULES) == {"export"}
    assert set(COMMAND_MODULES) <= set(subcommands(build_parser()))


@pytest.mark.parametrize("command", sorted(COMMAND_MODULES))
def test_a_command_alone_helps_as_in_the_full_parser(command: str) -> None:
    full = helps(subcommands(build_parser())[command], command)
    alone = helps(subcommands(build_parser(command))[command], command)
    assert alone == full


def test_an_unknown_word_gets_the_full_parser() -> None:
    assert set(subcommands(build_parser("nonsense"))) == set(subcommands(build_parser()))
