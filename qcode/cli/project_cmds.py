"""Project commands: `new`, `import` (and, from document_cmds, `docs` and `attrs`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from qcode.cli import document_cmds
from qcode.cli.common import is_server_url, open_cli_project
from qcode.cli.output import log_traceback
from qcode.errors import QcodeError

if TYPE_CHECKING:
    from qcode.ingest.survey_columns import SurveyColumn
    from qcode.services.documents.outcomes import ImportOptions


def register(commands: argparse._SubParsersAction) -> None:
    """Add `new`, `import`, then `docs` and `attrs`, to the parser."""
    new = commands.add_parser("new", help="create a project")
    new.add_argument("project")
    new.add_argument("--template", choices=["bitc", "none"], default="none")
    new.add_argument("--title", default="")
    new.set_defaults(handler=run_new)

    imp = commands.add_parser(
        "import", help="import transcripts, surveys, REFI-QDA files and QualCoder projects"
    )
    imp.add_argument("project")
    imp.add_argument("files", nargs="+", metavar="FILE")
    imp.add_argument("--participant", metavar="ID")
    imp.add_argument("--wave", type=int, metavar="N")
    imp.add_argument("--attr", action="append", default=[], metavar="KEY=VALUE")
    imp.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="HEADING=CLASS",
        help="a questionnaire column's class: open, categorical, numeric or likert",
    )
    imp.add_argument(
        "--show-columns",
        action="store_true",
        help="list each questionnaire column's class and import nothing",
    )
    imp.set_defaults(handler=run_import)

    document_cmds.register(commands)


def run_new(args: argparse.Namespace) -> int:
    from qcode.services.codebook.exchange import apply_template
    from qcode.store.project import create_project

    if is_server_url(args.project):
        return new_on_server(args)
    with create_project(Path(args.project), title=args.title) as project:
        try:
            apply_template(project, args.template)
        except Exception:
            project.close()
            Path(args.project).unlink(missing_ok=True)
            raise
        print(
            f"created {project.path}"
            + (f" with the {args.template} codebook" if args.template != "none" else "")
        )
    return 0


def new_on_server(args: argparse.Namespace) -> int:
    """`qcode new postgresql://…/db`: a project in an empty server database."""
    from qcode.services.codebook.exchange import apply_template
    from qcode.store.postgres import create_server_project

    title = args.title or args.project.rsplit("/", 1)[-1]
    with create_server_project(args.project, title) as project:
        apply_template(project, args.template)
    shown = args.project.rsplit("@", 1)[-1]
    print(
        f"created a project on {shown}"
        + (f" with the {args.template} codebook" if args.template != "none" else "")
    )
    return 0


def import_options(args: argparse.Namespace) -> ImportOptions:
    """Turn --participant, --wave and --attr into import options."""
    from qcode.ingest.survey_columns import parse_column_option
    from qcode.services.documents.outcomes import ImportOptions
    from qcode.services.documents.participants import parse_attribute_option

    if args.wave is not None and args.wave < 1:
        raise QcodeError("--wave must be 1 or more")
    try:
        attributes = dict(parse_attribute_option(text) for text in args.attr)
    except ValueError as exc:
        raise QcodeError(str(exc)) from exc
    columns = dict(parse_column_option(text) for text in args.column)
    return ImportOptions(
        participant=args.participant, wave=args.wave, attributes=attributes, columns=columns
    )


def run_import(args: argparse.Namespace) -> int:
    """Try every file; one line per outcome (failures on stderr); exit 1 if any failed."""
    from qcode.services.imports import import_files, survey_column_classes

    options = import_options(args)
    paths = [Path(f) for f in args.files]
    if args.show_columns or options.columns:
        found = survey_column_classes(paths, options.columns)  # refuses before importing
        if args.show_columns:
            print_column_classes(found)
            return 0
    with open_cli_project(args.project) as project:
        outcomes = import_files(project, paths, options)
    for outcome in outcomes:
        stream = sys.stderr if outcome.failed else sys.stdout
        details = log_traceback(outcome.error) if outcome.error is not None else ""
        print(f"{outcome.status:<8}  {outcome.message}{details}", file=stream)
    return 1 if any(outcome.failed for outcome in outcomes) else 0


def print_column_classes(found: list[tuple[Path, list[SurveyColumn]]]) -> None:
    """Each export's columns: heading, class (and the detected one if chosen otherwise)."""
    from qcode.cli.output import print_table

    if not found:
        print("no questionnaire export (.csv, .xlsx) among the files")
    for path, columns in found:
        print(f"{path.name}:")
        print_table(
            ["column", "class", "detected", "answers", "distinct", "example"],
            [[c.heading, c.chosen, c.detected, c.answers, c.distinct, c.example] for c in columns],
        )
