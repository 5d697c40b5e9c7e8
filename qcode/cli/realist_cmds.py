"""`cmo`, `vignette`, and the export kinds cmo, themes, segments, codebook and vignette."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from qcode.cli.common import add_actor_argument, add_project_argument, open_cli_project
from qcode.cli.export_cmds import EXPORT_OPTIONS, EXPORTERS, KIND_OPTIONS, quoting_session
from qcode.cli.exports.tables import (
    CAPTION_OPTIONS,
    add_caption_arguments,
    export_cmo,
    export_themes,
)
from qcode.cli.output import print_json
from qcode.errors import QcodeError

if TYPE_CHECKING:
    from qcode.services.realist.configurations import ThemeView
    from qcode.services.realist.vignette_view import VignetteView
    from qcode.store.project import Project


def register(commands: argparse._SubParsersAction) -> None:
    """Add `cmo` and `vignette`, and register the realist export kinds."""
    register_cmo(commands)
    register_vignette(commands)
    EXPORTERS.update(
        {
            "cmo": export_cmo,
            "themes": export_themes,
            "segments": export_segments,
            "codebook": export_codebook,
            "vignette": export_vignette,
        }
    )
    EXPORT_OPTIONS["captions"] = add_caption_arguments
    KIND_OPTIONS.update(CAPTION_OPTIONS)


def register_cmo(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("cmo", help="list or change the CMO configuration statements")
    add_project_argument(parser)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--coder", help="count only this coder's segments as support")
    parser.set_defaults(handler=run_cmo_list)
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    add = actions.add_parser("add", help="add a configuration statement to an outcome theme")
    add.add_argument("theme", metavar="THEME_PATH")
    add.add_argument("--statement", required=True, metavar="TEXT")
    add.add_argument(
        "--category",
        action="append",
        default=[],
        metavar="PATH",
        help="a category under the theme (full path or below the theme); repeat for more",
    )
    add_actor_argument(add)
    add.set_defaults(handler=run_cmo_add)
    edit = actions.add_parser("edit", help="reword a statement")
    edit.add_argument("id", type=int, metavar="STATEMENT_ID")
    edit.add_argument("--statement", required=True, metavar="TEXT")
    add_actor_argument(edit)
    edit.set_defaults(handler=run_cmo_edit)
    register_cmo_categories(actions)
    cite = actions.add_parser(
        "evidence", help="cite coded segments as a statement's evidence, or stop citing them"
    )
    cite.add_argument("id", type=int, metavar="STATEMENT_ID")
    cite.add_argument("segments", type=int, nargs="*", metavar="SEGMENT_ID")
    cite.add_argument(
        "--remove",
        type=int,
        action="append",
        default=[],
        metavar="SEGMENT_ID",
        help="stop citing this segment (it stays coded); repeat for more",
    )
    add_actor_argument(cite)
    cite.set_defaults(handler=run_cmo_evidence)
    delete = actions.add_parser("delete", help="delete a statement (codes and coding stay)")
    delete.add_argument("id", type=int, metavar="STATEMENT_ID")
    add_actor_argument(delete)
    delete.set_defaults(handler=run_cmo_delete)


def register_cmo_categories(actions: argparse._SubParsersAction) -> None:
    narrow = actions.add_parser(
        "categories",
        help="narrow the categories a statement draws on (by default its theme's C/M ones)",
    )
    narrow.add_argument("id", type=int, metavar="STATEMENT_ID")
    for option, verb in (("--add", "draw on"), ("--remove", "stop drawing on")):
        narrow.add_argument(
            option,
            action="append",
            default=[],
            metavar="PATH",
            help=f"{verb} this category (full path or below the theme); repeat for more",
        )
    narrow.add_argument(
        "--inherit", action="store_true", help="draw on the theme's C/M categories again"
    )
    add_actor_argument(narrow)
    narrow.set_defaults(handler=run_cmo_categories)


def cmo_json(themes: list[ThemeView]) -> list[dict[str, object]]:
    """The `cmo --json` fields: codes as lists of names, evidence as segment ids; the
    categories are the theme's C/M ones (``categories_inherited``) or the statement's own."""
    return [
        {
            "id": statement.id,
            "theme": list(theme.path),
            "statement": statement.text,
            "categories": [{"code": list(c.path), "flags": c.flags} for c in statement.categories],
            "categories_inherited": statement.inherited,
            "evidence": [quote.segment_id for quote in statement.evidence],
        }
        for theme in themes
        for statement in theme.statements
    ]


def run_cmo_list(args: argparse.Namespace) -> int:
    from qcode.export.tables.realist import category_line
    from qcode.services.realist.configurations import list_statements

    with open_cli_project(args.project) as project, project.session() as session:
        themes = list_statements(session, coder=args.coder)
    if args.json:
        print_json(cmo_json(themes))
        return 0
    for theme in themes:
        print(theme.name)
        for statement in theme.statements:
            print(f"  [{statement.id}] {statement.text}")
            if statement.inherited:
                print("      (draws on the theme's C/M categories)")
            for category in statement.categories:
                counts = f"{plural(category.segments, 'segment')}, " + plural(
                    category.participants, "participant"
                )
                print(f"      - {category_line(category)}  [{counts}]")
            if statement.evidence:
                print("      evidence: " + "; ".join(q.citation for q in statement.evidence))
    if not themes:
        print("(no configuration statements yet; add one with `qcode cmo PROJECT add THEME`)")
    return 0


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def run_cmo_add(args: argparse.Namespace) -> int:
    from qcode.services.realist import statements as cmo

    with open_cli_project(args.project) as project:
        change = cmo.add_statement(
            project, args.theme, args.statement, args.category, actor=args.actor
        )
    print(f"added statement {change.value} to {args.theme}")
    return 0


def run_cmo_edit(args: argparse.Namespace) -> int:
    from qcode.services.realist import statements as cmo

    with open_cli_project(args.project) as project:
        cmo.edit_statement(project, args.id, args.statement, actor=args.actor, reason=args.reason)
    print(f"changed statement {args.id}")
    return 0


def run_cmo_categories(args: argparse.Namespace) -> int:
    from qcode.export.tables.realist import category_line
    from qcode.services.realist import statements as cmo
    from qcode.services.realist.configurations import list_statements

    if args.inherit and (args.add or args.remove):
        raise QcodeError("--inherit takes no --add or --remove")
    with open_cli_project(args.project) as project:
        if args.inherit:
            cmo.inherit_categories(project, args.id, args.actor, args.reason)
        else:
            cmo.narrow_categories(project, args.id, args.add, args.remove, args.actor, args.reason)
        with project.session() as session:
            themes = list_statements(session)
    (statement,) = [s for t in themes for s in t.statements if s.id == args.id]
    shown = ", ".join(category_line(c) for c in statement.categories) or "no category"
    how = "inherits" if statement.inherited else "draws on"
    print(f"statement {args.id} {how}: {shown}")
    return 0


def run_cmo_evidence(args: argparse.Namespace) -> int:
    from qcode.services.realist import evidence as cmo_evidence

    if bool(args.segments) == bool(args.remove):
        raise QcodeError("name the segments to cite, or --remove SEGMENT_ID: one or the other")
    with open_cli_project(args.project) as project:
        if args.remove:
            cmo_evidence.detach_evidence(project, args.id, args.remove, args.actor, args.reason)
        else:
            cmo_evidence.attach_evidence(project, args.id, args.segments, actor=args.actor)
    ids, done = (args.remove, "no longer cites") if args.remove else (args.segments, "now cites")
    print(f"statement {args.id} {done} {len(ids)} {'more ' * bool(args.segments)}segment(s)")
    return 0


def run_cmo_delete(args: argparse.Namespace) -> int:
    from qcode.services.realist import statements as cmo

    with open_cli_project(args.project) as project:
        cmo.delete_statement(project, args.id, actor=args.actor, reason=args.reason)
    print(f"deleted statement {args.id}")
    return 0


def register_vignette(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("vignette", help="list or build composite vignettes")
    add_project_argument(parser)
    parser.set_defaults(handler=run_vignette_list)
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    add = actions.add_parser("add", help="start a vignette")
    add.add_argument("title", metavar="TITLE")
    add.add_argument("--theme", metavar="PATH", help="the outcome theme it illustrates")
    add_actor_argument(add)
    add.set_defaults(handler=run_vignette_add)
    pick = actions.add_parser("pick", help="draw coded segments into one section")
    pick.add_argument("title", metavar="TITLE")
    pick.add_argument("--section", required=True, choices=["context", "mechanism", "outcome"])
    pick.add_argument("segments", type=int, nargs="+", metavar="SEGMENT_ID")
    add_actor_argument(pick)
    pick.set_defaults(handler=run_vignette_pick)
    narrative = actions.add_parser("narrative", help="write the vignette's whole narrative")
    narrative.add_argument("title", metavar="TITLE")
    narrative.add_argument("--text", required=True)
    add_actor_argument(narrative)
    narrative.set_defaults(handler=run_vignette_narrative)
    words = actions.add_parser("words", help="change the words of one part")
    words.add_argument("part", type=int, metavar="PART_ID")
    words.add_argument("--text", required=True)
    add_actor_argument(words)
    words.set_defaults(handler=run_vignette_words)
    delete = actions.add_parser("delete", help="delete a vignette (the coding stays)")
    delete.add_argument("title", metavar="TITLE")
    add_actor_argument(delete)
    delete.set_defaults(handler=run_vignette_delete)
    check = actions.add_parser(
        "check",
        help="the anonymity check: one voice only, names and places of the pseudonym list; "
        "exit status 1 if a vignette fails it",
    )
    check.add_argument("title", nargs="?", metavar="TITLE", help="only this vignette")
    check.add_argument("--json", action="store_true")
    check.set_defaults(handler=run_vignette_check)


def warn(message: str | None) -> None:
    """Tell the user (not the document) about a risk, on stderr."""
    if message:
        print(f"qcode: warning: {message}", file=sys.stderr)


def print_vignette(view: VignetteView) -> None:
    theme = f"  (theme: {' / '.join(view.theme)})" if view.theme else ""
    flag = "" if view.check.passed else "  [fails the anonymity check]"
    print(f"{view.title}{theme}{flag}")
    for section in view.sections:
        print(f"  {section.heading}")
        for part in section.parts:
            source = f"  [{part.citation}]" if part.citation else ""
            print(f"    [{part.id}] {part.text}{source}")
    for problem in view.check.problems():
        warn(problem)


def run_vignette_list(args: argparse.Namespace) -> int:
    from qcode.services.realist.vignette_view import list_vignettes

    with open_cli_project(args.project) as project, project.session() as session:
        views = list_vignettes(session)
    for view in views:
        print_vignette(view)
    if not views:
        print("(no vignettes yet; start one with `qcode vignette PROJECT add TITLE`)")
    return 0


def run_vignette_check(args: argparse.Namespace) -> int:
    from qcode.services.realist.vignette_view import list_vignettes, vignette_view

    with open_cli_project(args.project) as project, project.session() as session:
        views = [vignette_view(session, args.title)] if args.title else list_vignettes(session)
    if args.json:
        print_json([check_json(view) for view in views])
    for view in [] if args.json else views:
        people = ", ".join(view.participants) or "no participant"
        verdict = "passes" if view.check.passed else "FAILS"
        print(f"{view.title}: {verdict} the anonymity check (draws on {people})")
        for problem in view.check.problems():
            print(f"  - {problem}")
    if not views and not args.json:
        print("(no vignettes yet; start one with `qcode vignette PROJECT add TITLE`)")
    return 0 if all(view.check.passed for view in views) else 1


def check_json(view: VignetteView) -> dict[str, object]:
    """A vignette's check as `vignette check --json` gives it."""
    findings = [
        {"where": f.where, "found": f.found, "original": f.original, "kind": f.kind}
        for f in view.check.findings
    ]
    return {
        "title": view.title,
        "passed": view.check.passed,
        "participants": list(view.participants),
        "one_participant": view.check.one_voice,
        "findings": findings,
        "problems": view.check.problems(),
    }


def run_vignette_add(args: argparse.Namespace) -> int:
    from qcode.services.realist import vignettes

    with open_cli_project(args.project) as project:
        vignettes.add_vignette(project, args.title, args.theme, actor=args.actor)
    print(f"added vignette '{args.title}'")
    return 0


def run_vignette_pick(args: argparse.Namespace) -> int:
    from qcode.services.realist import vignettes

    with open_cli_project(args.project) as project:
        change = vignettes.pick_segments(
            project, args.title, args.section, args.segments, actor=args.actor
        )
    ids = ", ".join(str(i) for i in change.value.part_ids)
    print(f"added part(s) {ids} to the {args.section} of '{args.title}'")
    for problem in change.value.problems:
        warn(problem)
    return 0


def run_vignette_narrative(args: argparse.Namespace) -> int:
    from qcode.services.realist import vignettes

    with open_cli_project(args.project) as project:
        vignettes.set_narrative(project, args.title, args.text, actor=args.actor)
    print(f"wrote the narrative of '{args.title}'")
    return 0


def run_vignette_words(args: argparse.Namespace) -> int:
    from qcode.services.realist import vignettes

    with open_cli_project(args.project) as project:
        vignettes.edit_part(project, args.part, args.text, actor=args.actor)
    print(f"changed part {args.part}")
    return 0


def run_vignette_delete(args: argparse.Namespace) -> int:
    from qcode.services.realist import vignettes

    with open_cli_project(args.project) as project:
        vignettes.delete_vignette(project, args.title, actor=args.actor)
    print(f"deleted vignette '{args.title}'")
    return 0


def export_segments(project: Project, output: Path, args: argparse.Namespace) -> str:
    """`export segments`: per code in tree order, each quote with its citation.

    The report is written code by code as it is read, never held whole in memory.
    """
    from itertools import chain

    from qcode.export.tables.segments import segments_stream
    from qcode.export.tables.write import write_table
    from qcode.services import reports

    with quoting_session(project, args) as session, reports.paused_collection():
        report = reports.stream_segments_report(session, coder=args.coder, code=args.code)
        first = next(report, None)
        if first is None:
            raise QcodeError("no coded segments to export")
        return write_table(segments_stream(chain([first], report), args.coder), output)


def export_codebook(project: Project, output: Path, args: argparse.Namespace) -> str:
    """`export codebook`: definitions, flags and counts of every code."""
    from qcode.export.tables.codebook import codebook_table
    from qcode.export.tables.write import write_table
    from qcode.services import reports

    with project.session() as session:
        entries = reports.codebook_report(session, coder=args.coder, code=args.code)
    if not entries:
        raise QcodeError("the codebook is empty")
    return write_table(codebook_table(entries, args.coder), output)


def export_vignette(project: Project, output: Path, args: argparse.Namespace) -> str:
    """`export vignette --name TITLE`: the composite as a document, its quotes cited as
    --sources says; one failing its anonymity check only with --override-anonymity."""
    from qcode.export.vignette import write_vignette
    from qcode.services.realist.vignette_view import (
        check_exportable,
        list_vignettes,
        vignette_view,
    )

    with quoting_session(project, args) as session:
        if args.name:
            view = vignette_view(session, args.name)
        else:
            views = list_vignettes(session)
            if len(views) != 1:
                titles = ", ".join(f"'{v.title}'" for v in views) or "none yet"
                raise QcodeError(f"say which vignette with --name TITLE (vignettes: {titles})")
            view = views[0]
    check_exportable(view, args.override_anonymity, "export it anyway with --override-anonymity")
    written = write_vignette(view, output, args.sources)
    for problem in view.check.problems():
        warn(problem)
    return written
