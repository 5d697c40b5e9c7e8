"""`qcode copy PROJECT NEW.qcode [--coder NAME]`: a coder's complete copy of a project."""

from __future__ import annotations

import argparse
from pathlib import Path

from qcode.cli.common import (
    add_project_argument,
    file_only,
    one_line_usage_errors,
    open_cli_project,
)


def register(commands: argparse._SubParsersAction) -> None:
    """Add `copy` to the parser."""
    copy = commands.add_parser(
        "copy",
        help="make a coder's copy of a project (safe while the project is open)",
        description="Write a complete copy of the project to a new file, for a coder to work "
        "in apart and merge back later with `qcode merge`. Safe while the project is open "
        "in qcode: everything saved is in the copy. The project itself is only read; an "
        "existing file is never overwritten.",
    )
    add_project_argument(copy)
    copy.add_argument("target", metavar="NEW.qcode", help="the copy to write (must not exist)")
    copy.add_argument(
        "--coder", metavar="NAME", help="who will code in the copy (added there if new)"
    )
    copy.add_argument(
        "--as",
        dest="actor",
        metavar="CODER",
        help="who adds the coder (recorded in the copy's audit trail)",
    )
    copy.set_defaults(handler=run_copy)
    one_line_usage_errors(copy)


def run_copy(args: argparse.Namespace) -> int:
    from qcode.services.copies import make_coder_copy

    file_only(args.project, "qcode copy", "take a `qcode snapshot` for a coder's copy")
    with open_cli_project(args.project) as project:
        report = make_coder_copy(project, Path(args.target), args.coder, actor=args.actor)
    print(report.line())
    return 0
