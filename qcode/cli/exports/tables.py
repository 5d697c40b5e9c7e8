"""`export themes` and `export cmo`: the papers' tables, their captions kept in the project."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from qcode.errors import QcodeError

if TYPE_CHECKING:
    from collections.abc import Callable

    from qcode.export.tables.captions import Caption
    from qcode.store.project import Project

    Writer = Callable[[Caption], str]  # writes the table with a caption; says what it wrote

CAPTIONED = ("themes", "cmo")  # the export kinds that take --number, --title, --heading
# Each caption option (by its argparse name) and the kinds that take it.
CAPTION_OPTIONS = dict.fromkeys(("number", "title", "heading", "reset_caption"), CAPTIONED)


def add_caption_arguments(parser: argparse.ArgumentParser) -> None:
    """--number, --title, --heading N=TEXT and --reset-caption (themes and cmo only)."""
    group = parser.add_argument_group(
        "caption of `export themes` and `export cmo` (kept in the project for the next export)"
    )
    group.add_argument("--number", metavar="N", help="the table's number: 'Table N. Title'")
    group.add_argument("--title", metavar="TEXT", help="the table's title")
    group.add_argument(
        "--heading",
        action="append",
        default=[],
        metavar="N=TEXT",
        help='column N\'s heading, e.g. 1="Outcome theme"; repeat for more',
    )
    group.add_argument(
        "--reset-caption",
        action="store_true",
        help="go back to the default number, title and headings (before any given here)",
    )


def caption_asked(args: argparse.Namespace) -> bool:
    """Whether the export names a number, title or heading, or asks for the defaults."""
    given = args.number is not None or args.title is not None or bool(args.heading)
    return given or bool(args.reset_caption)


def parse_heading(text: str) -> tuple[int, str]:
    """ "1=Outcome theme" → (1, "Outcome theme"), as `--heading` takes it."""
    column, sep, heading = text.partition("=")
    if not sep or not column.strip().isdigit():
        raise QcodeError(f"--heading takes N=TEXT, such as 1=\"Outcome theme\" (got '{text}')")
    return int(column), heading


def caption_of(kind: str, kept: object, args: argparse.Namespace) -> Caption:
    """The caption kept in the project (or the defaults, with --reset-caption), edited by
    this export's options."""
    from qcode.export.tables.captions import DEFAULTS, edited_caption, kept_caption

    caption = DEFAULTS[kind] if args.reset_caption else kept_caption(kind, kept)
    headings = dict(parse_heading(text) for text in args.heading)
    return edited_caption(caption, args.number, args.title, headings)


def keep_caption(project: Project, kind: str, caption: Caption, kept: object) -> bool:
    """Keep the caption for the next export (one undoable step) if it differs from what
    the project keeps; the defaults are kept as nothing. True if it changed."""
    from qcode.export.tables.captions import setting_key, value_to_keep
    from qcode.services.settings import keep_setting

    value = value_to_keep(kind, caption)
    if value == kept:
        return False
    keep_setting(project, setting_key(kind), value, reason=f"caption of `export {kind}`")
    return True


def export_captioned(
    project: Project, kind: str, kept: object, args: argparse.Namespace, write: Writer
) -> str:
    """Write the table with its caption, then keep the caption if this export changed it."""
    caption = caption_of(kind, kept, args)
    line = write(caption)
    if not caption_asked(args):
        return line
    if project.read_only:
        return line + "; the project is read-only, so its caption is not kept"
    if keep_caption(project, kind, caption, kept):
        line += "; its caption is kept for the next export"
    return line


def export_cmo(project: Project, output: Path, args: argparse.Namespace) -> str:
    """`export cmo`: outcome theme | categories | statements (| quotes with --quotes)."""
    from qcode.cli.export_cmds import quoting_session
    from qcode.export.tables.captions import setting_key
    from qcode.export.tables.realist import cmo_table
    from qcode.export.tables.write import write_table
    from qcode.services import reports
    from qcode.services.settings import read_setting

    with quoting_session(project, args) as session:
        themes = reports.configurations(session, theme=args.code)
        kept = read_setting(session, setting_key("cmo"))
    if not themes:
        raise QcodeError("no configuration statements to export; add one with `qcode cmo add`")
    quotes = bool(args.quotes)
    return export_captioned(
        project,
        "cmo",
        kept,
        args,
        lambda caption: write_table(cmo_table(themes, quotes, caption), output),
    )


def export_themes(project: Project, output: Path, args: argparse.Namespace) -> str:
    """`export themes`: each outcome theme spanning its categories and their C/M flags,
    sub-categories indented."""
    from qcode.export.tables.captions import setting_key
    from qcode.export.tables.realist import themes_table
    from qcode.export.tables.write import write_table
    from qcode.services import reports
    from qcode.services.settings import read_setting

    with project.session() as session:
        themes = reports.themes_overview(session, theme=args.code)
        kept = read_setting(session, setting_key("themes"))
    if not themes:
        raise QcodeError("no outcome themes to export: flag some categories C or M first")
    return export_captioned(
        project,
        "themes",
        kept,
        args,
        lambda caption: write_table(themes_table(themes, caption), output),
    )
