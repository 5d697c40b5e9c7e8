"""`qcode export KIND PROJECT -o FILE`: one exporter per kind, the format from FILE's suffix."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from qcode.cli.common import open_cli_project
from qcode.errors import QcodeError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from qcode.services.quotes import QuoteStyle
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
    add_quote_arguments(export)
    export.set_defaults(handler=run_export)


def add_quote_arguments(parser: argparse.ArgumentParser) -> None:
    """How exported quotes are cited and cut: --citation, --cite-with, --interviewer."""
    parser.add_argument(
        "--citation",
        choices=["short", "lines", "full"],
        default="lines",
        help="'PJ 1', 'PJ 1, lines 12–14' (default) or '[PJ 1: GP/trainer, 12–14]'",
    )
    parser.add_argument(
        "--cite-with",
        action="append",
        default=[],
        metavar="ATTRIBUTE",
        help="a participant (or document) attribute a full citation names; repeat for more",
    )
    parser.add_argument(
        "--interviewer",
        action="append",
        metavar="LABEL",
        help="a speaker label whose turns quotes leave out (default 'Interviewer:'); repeat "
        "for more; --interviewer '' keeps every turn",
    )
    parser.add_argument(
        "--no-ellipsis",
        action="store_true",
        help="no '…' where a quote starts or ends inside a sentence",
    )


def quote_style_of(args: argparse.Namespace) -> QuoteStyle:
    """The quote style the export options ask for."""
    from qcode.services.quotes import INTERVIEWER, QuoteStyle

    labels = INTERVIEWER if args.interviewer is None else args.interviewer
    if args.cite_with and args.citation != "full":
        raise QcodeError("--cite-with needs --citation full")
    return QuoteStyle(
        citation=args.citation,
        cite_with=tuple(name.strip() for name in args.cite_with if name.strip()),
        interviewer=tuple(label for label in labels if label.strip(":").strip()),
        ellipsis=not args.no_ellipsis,
    )


def quoting_session(project: Project, args: argparse.Namespace) -> Session:
    """A session of the project whose quotes follow the export's quote options."""
    from qcode.services.quotes import use_quote_style

    session = project.session()
    use_quote_style(session, quote_style_of(args))
    return session


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
