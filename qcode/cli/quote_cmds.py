"""`qcode quotes PROJECT style`: show or set the quote style the project keeps for exports."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from qcode.cli.common import add_actor_argument, add_project_argument, open_cli_project
from qcode.cli.export_cmds import add_quote_arguments, quote_style_of
from qcode.cli.output import print_json

if TYPE_CHECKING:
    from qcode.services.quotes import QuoteStyle

QUOTE_OPTIONS = ("citation", "cite_with", "interviewer", "ellipsis")


def register(commands: argparse._SubParsersAction) -> None:
    """Add `quotes` to the parser."""
    parser = commands.add_parser("quotes", help="how quotes are cited and cut in exports")
    add_project_argument(parser)
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    style = actions.add_parser(
        "style",
        help="show the project's quote style, or set it with the export's quote options",
    )
    add_quote_arguments(style)
    style.add_argument("--reset", action="store_true", help="back to the default style")
    style.add_argument("--json", action="store_true")
    add_actor_argument(style)
    style.set_defaults(handler=run_style)


def run_style(args: argparse.Namespace) -> int:
    from qcode.errors import QcodeError
    from qcode.services.quotes import QuoteStyle, keep_quote_style, kept_quote_style, style_value

    changing = any(getattr(args, name) is not None for name in QUOTE_OPTIONS)
    if args.reset and changing:
        raise QcodeError("--reset takes no other quote option")
    with open_cli_project(args.project) as project:
        with project.session() as session:
            kept = kept_quote_style(session)
        if args.reset or changing:
            wanted = QuoteStyle() if args.reset else quote_style_of(args, kept)
            if wanted != kept or args.reset:
                keep_quote_style(project, None if args.reset else wanted, args.actor, args.reason)
            kept = wanted
    if args.json:
        print_json(style_value(kept))
    else:
        print(style_lines(kept))
    return 0


def style_lines(style: QuoteStyle) -> str:
    """The style as a few lines a researcher reads."""
    examples = {"short": "PJ 1", "lines": "PJ 1, lines 12–14", "full": "[PJ 1: GP/trainer, 12–14]"}
    left_out = ", ".join(f"'{label}'" for label in style.interviewer) or "none (every turn kept)"
    unused = " (a full citation names them)" if style.cite_with and style.citation != "full" else ""
    lines = [
        f"citation: {style.citation} (e.g. {examples[style.citation]})",
        f"cite with: {', '.join(style.cite_with) or '-'}{unused}",
        f"turns left out: {left_out}",
        f"ellipsis: {'on' if style.ellipsis else 'off'}",
    ]
    return "\n".join(lines)
