"""`qcode merge TEAM_PROJECT CODER_PROJECT...`: bring coders' copies back, a report per copy."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from qcode.cli.common import add_actor_argument, file_only, open_cli_project
from qcode.cli.output import fail, print_json
from qcode.services.merge.anchor import PLACE_THRESHOLD

if TYPE_CHECKING:
    from qcode.services.merge.run import MergeReport
    from qcode.services.merge.state import CodeChoice
    from qcode.store.project import Project


def register(commands: argparse._SubParsersAction) -> None:
    """Add `merge` to the parser."""
    merge = commands.add_parser(
        "merge",
        help="bring coders' independent work (copies of the team file) into the team project",
        description="Merge each copy in its own step and print what came in, what matched "
        "and what needs a decision. The copies are read, never changed.",
    )
    merge.add_argument("team", metavar="TEAM_PROJECT", help="the team's .qcode file")
    merge.add_argument("copies", nargs="+", metavar="CODER_PROJECT", help="coders' copies")
    merge.add_argument(
        "--map",
        action="append",
        default=[],
        type=parse_map,
        metavar="COPY_PATH=TEAM_PATH",
        help="this code of the copy is that team code (answers a suggestion)",
    )
    merge.add_argument(
        "--new",
        action="append",
        default=[],
        metavar="COPY_PATH",
        help="this code of the copy is a new code, not the one suggested",
    )
    merge.add_argument(
        "--accept-suggestions",
        action="store_true",
        help="take every suggested team code for the copy's look-alike code",
    )
    merge.add_argument(
        "--dry-run", action="store_true", help="report what a merge would do; change nothing"
    )
    merge.add_argument(
        "--allow-unrelated",
        action="store_true",
        help="merge a project that shares nothing with the team file",
    )
    merge.add_argument(
        "--place-threshold",
        type=float,
        default=PLACE_THRESHOLD,
        metavar="0-100",
        help="how alike a passage of an edited transcript must be to take a segment",
    )
    merge.add_argument("--json", action="store_true", help="the reports as JSON")
    add_actor_argument(merge)
    merge.set_defaults(handler=run_merge)


def parse_map(text: str) -> tuple[str, str]:
    """``"copy path=team path"`` → the two paths."""
    copy, sep, team = text.partition("=")
    if not sep or not copy.strip() or not team.strip():
        raise argparse.ArgumentTypeError(f"expects COPY_PATH=TEAM_PATH, not '{text}'")
    return copy.strip(), team.strip()


def code_choices(project: Project, args: argparse.Namespace) -> dict[str, CodeChoice]:
    """The user's answers, with every team path checked before anything is merged."""
    from qcode.services.lookup import get_code

    choices: dict[str, CodeChoice] = {path.strip(): None for path in args.new}
    with project.session() as session:
        for copy_path, team_path in args.map:
            get_code(session, team_path)
            choices[copy_path] = team_path
    return choices


def run_merge(args: argparse.Namespace) -> int:
    from qcode.services.merge.run import CopyError

    if not 0 <= args.place_threshold <= 100:
        return fail("--place-threshold must be between 0 and 100", status=2)
    status = 0
    outcomes: list[dict[str, object]] = []
    file_only(args.team, "qcode merge", "on a server, coders code it directly")
    with open_cli_project(args.team) as project:
        choices = code_choices(project, args)
        for copy in args.copies:
            try:
                report = merge_one(project, Path(copy), choices, args)
            except CopyError as exc:
                status = fail(str(exc))
                outcomes.append({"copy": copy, "error": str(exc)})
                continue
            outcomes.append(report.as_dict())
            if not args.json:
                print("\n".join(report.lines()))
    if args.json:
        print_json(outcomes)
    return status


def merge_one(
    project: Project, copy: Path, choices: dict[str, CodeChoice], args: argparse.Namespace
) -> MergeReport:
    from qcode.services.merge.run import merge_copy

    return merge_copy(
        project,
        copy,
        code_matches=choices,
        accept_suggestions=args.accept_suggestions,
        allow_unrelated=args.allow_unrelated,
        place_threshold=args.place_threshold,
        dry_run=args.dry_run,
        actor=args.actor,
        reason=args.reason,
    )
