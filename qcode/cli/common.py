"""Helpers shared by command modules: opening projects, parsing spans and attributes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from qcode.errors import QcodeError
from qcode.store.location import is_server_url

if TYPE_CHECKING:
    from qcode.store.project import Project


def open_cli_project(path: str, warn: bool = True) -> Project:
    """Open a project, telling the user on stderr if it was upgraded and where the backup is
    (and, with ``warn``, in one line if it is damaged: see `qcode check`)."""
    if is_server_url(path):  # a team server's database
        from qcode.store.postgres import open_server_project

        return open_server_project(path)
    from qcode.store.project import open_project

    project = open_project(Path(path))
    note = project.opening_note()
    if note is not None:
        print(f"qcode: {note}", file=sys.stderr)
    if warn:
        from qcode.services.integrity import open_warning

        warning = open_warning(project)
        if warning is not None:
            print(f"qcode: {project.path.name}: {warning}", file=sys.stderr)
    return project


def file_only(project: str, what: str, instead: str) -> None:
    """Refuse, in one line, a command that works on project files only (for now)."""
    if is_server_url(project):
        raise QcodeError(f"{what} works on project files, not yet on a server: {instead}")


def parse_span(text: str) -> tuple[int, int]:
    """``"12:40"`` → (12, 40)."""
    start, sep, end = text.partition(":")
    try:
        if not sep:
            raise ValueError
        return int(start), int(end)
    except ValueError:
        raise QcodeError(f"--span expects START:END, e.g. 120:245, not '{text}'") from None


def add_project_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "project", metavar="PROJECT", help="the .qcode project file, or postgresql://…/db"
    )


def add_actor_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as",
        dest="actor",
        metavar="CODER",
        help="who makes the change (recorded in the audit trail)",
    )
    parser.add_argument("--reason", default="", help="why (recorded in the audit trail)")


def one_line_usage_errors(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Make a parser (and its sub-commands) print usage errors as one "qcode: …" line, exit 2."""
    command = " ".join(word for word in parser.prog.split()[1:] if not word.isupper())

    def error(message: str) -> NoReturn:
        where = f"{command}: " if command else ""
        hint = " ".join(part for part in ("qcode", command, "--help") if part)
        parser.exit(2, f"qcode: {where}{message} (see {hint})\n")

    parser.error = error  # type: ignore[method-assign]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                one_line_usage_errors(child)
    return parser
