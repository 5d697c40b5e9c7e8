"""`qcode export KIND PROJECT -o FILE`: one exporter per kind, the format from FILE's suffix."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from qcode.cli.common import open_cli_project
from qcode.errors import QcodeError

if TYPE_CHECKING:
    from qcode.store.project import Project

# An exporter writes ``output`` from an open project and returns one line saying what it wrote.
Exporter = Callable[["Project", Path, argparse.Namespace], str]

# Each area registers its kinds here: kind -> exporter. Kinds named in ../shared/CLI.md:
# cmo, themes, codebook, segments, agreement, vignette, qdpx, qdc. An exporter imports its
# service and writer when it runs, so registering one costs nothing.
EXPORTERS: dict[str, Exporter] = {}


def register(commands: argparse._SubParsersAction) -> None:
    """Add `export` to the parser."""
    export = commands.add_parser(
        "export", help="write a table, report or exchange file; the format follows -o's suffix"
    )
    export.add_argument("kind", metavar="KIND", help="what to export: " + ", ".join(kind_names()))
    export.add_argument("project", metavar="PROJECT")
    export.add_argument("-o", "--output", required=True, metavar="FILE")
    export.add_argument("--coder", metavar="NAME", help="only this coder's coding")
    export.add_argument("--coders", metavar="A,B[,C...]", help="the coders to compare")
    export.add_argument("--code", metavar="PATH", help="only this code")
    export.add_argument("--doc", metavar="NAME", help="only this document")
    export.add_argument("--name", metavar="NAME", help="which one (e.g. a vignette's title)")
    export.add_argument("--quotes", action="store_true", help="add supporting quotes")
    export.set_defaults(handler=run_export)


def kind_names() -> list[str]:
    return sorted(EXPORTERS) or ["(none available)"]


def run_export(args: argparse.Namespace) -> int:
    from qcode.services.output_paths import check_output_path

    exporter = EXPORTERS.get(args.kind)
    if exporter is None:
        raise QcodeError(f"cannot export '{args.kind}'; kinds: {', '.join(kind_names())}")
    output = check_output_path(Path(args.output), Path(args.project))
    if not output.parent.is_dir():
        raise QcodeError(f"{output}: folder {output.parent} does not exist")
    with open_cli_project(args.project) as project:
        print(exporter(project, output, args))
    return 0
