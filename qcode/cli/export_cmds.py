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
# Options only some kinds take, added by their areas as they register their kinds (before
# `export` is built): name -> a function adding them to `export`; KIND_OPTIONS: each such
# option (by its argparse name) -> the kinds that take it (any other kind refuses it).
EXPORT_OPTIONS: dict[str, Callable[[argparse.ArgumentParser], None]] = {}
KIND_OPTIONS: dict[str, tuple[str, ...]] = {}


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
    export.add_argument(
        "--sources",
        choices=["notes", "list", "none"],
        default="notes",
        help="vignette: cite each quote in numbered notes (default), a source list, or not",
    )
    export.add_argument(
        "--override-anonymity",
        action="store_true",
        help="vignette: export it although it fails its anonymity check",
    )
    add_quote_arguments(export)
    for add_options in EXPORT_OPTIONS.values():
        add_options(export)
    export.set_defaults(handler=run_export)


def add_quote_arguments(parser: argparse.ArgumentParser) -> None:
    """How exported quotes are cited and cut: --citation, --cite-with, --interviewer,
    --ellipsis; each one given overrides the project's quote style (`qcode quotes P style`)."""
    parser.add_argument(
        "--citation",
        choices=["short", "lines", "full"],
        help="'PJ 1', 'PJ 1, lines 12–14' or '[PJ 1: GP/trainer, 12–14]' (default: the "
        "project's quote style, 'lines' unless set)",
    )
    parser.add_argument(
        "--cite-with",
        action="append",
        metavar="ATTRIBUTE",
        help="a participant (or document) attribute a full citation names; repeat for more",
    )
    parser.add_argument(
        "--interviewer",
        action="append",
        metavar="LABEL",
        help="a speaker label whose turns quotes leave out (default: the project's, "
        "'Interviewer' unless set); repeat for more; --interviewer '' keeps every turn",
    )
    parser.add_argument(
        "--ellipsis",
        action=argparse.BooleanOptionalAction,
        help="'…' where a quote starts or ends inside a sentence (default: the project's, "
        "on unless set)",
    )


def quote_style_of(args: argparse.Namespace, base: QuoteStyle | None = None) -> QuoteStyle:
    """The quote style the options ask for: ``base`` (the default style unless given) with
    each option given put in its place."""
    from qcode.services.quotes import QuoteStyle

    base = base or QuoteStyle()
    citation = args.citation or base.citation
    cite_with = base.cite_with
    if args.cite_with is not None:
        cite_with = tuple(name.strip() for name in args.cite_with if name.strip())
        if cite_with and citation != "full":
            raise QcodeError("--cite-with needs --citation full")
    labels = base.interviewer
    if args.interviewer is not None:
        labels = tuple(label for label in args.interviewer if label.strip(":").strip())
    return QuoteStyle(
        citation=citation,
        cite_with=cite_with,
        interviewer=labels,
        ellipsis=base.ellipsis if args.ellipsis is None else args.ellipsis,
    )


def quoting_session(project: Project, args: argparse.Namespace) -> Session:
    """A session of the project whose quotes follow the project's quote style, each quote
    option given overriding it."""
    from qcode.services.quotes import quote_style, use_quote_style

    session = project.session()
    use_quote_style(session, quote_style_of(args, quote_style(session)))
    return session


def kind_names() -> list[str]:
    return sorted(EXPORTERS) or ["(none available)"]


def check_kind_options(args: argparse.Namespace) -> None:
    """Refuse an option given to a kind that does not take it."""
    for name, kinds in KIND_OPTIONS.items():
        if args.kind not in kinds and getattr(args, name, None) not in (None, False, []):
            option = "--" + name.replace("_", "-")
            raise QcodeError(f"{option} is for `export {'` and `export '.join(kinds)}` only")


def run_export(args: argparse.Namespace) -> int:
    from qcode.services.output_paths import check_output_path

    exporter = EXPORTERS.get(args.kind)
    if exporter is None:
        raise QcodeError(f"cannot export '{args.kind}'; kinds: {', '.join(kind_names())}")
    check_kind_options(args)
    output = check_output_path(Path(args.output), Path(args.project))
    if not output.parent.is_dir():
        raise QcodeError(f"{output}: folder {output.parent} does not exist")
    with open_cli_project(args.project) as project:
        print(exporter(project, output, args))
    return 0
