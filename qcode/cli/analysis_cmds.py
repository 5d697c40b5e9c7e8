"""Analysis commands: `matrix`, `cooccurrence`, `stats`, `cases`, `log`."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from qcode.cli.common import (
    add_actor_argument,
    add_project_argument,
    one_line_usage_errors,
    open_cli_project,
)
from qcode.cli.output import print_json, print_table
from qcode.errors import QcodeError

if TYPE_CHECKING:
    from qcode.services import matrices

COUNTS = ("segments", "characters", "participants")


def register(commands: argparse._SubParsersAction) -> None:
    """Add the analysis, case and log commands; their usage errors are one line."""
    for parser in (*add_analysis_parsers(commands), add_case_parser(commands)):
        one_line_usage_errors(parser)
    log = commands.add_parser("log", help="print the audit trail (or export it as CSV)")
    add_project_argument(log)
    log.add_argument("--limit", type=int, metavar="N", help="only the last N events")
    log.add_argument("--csv", metavar="FILE")
    log.add_argument("--json", action="store_true")
    log.set_defaults(handler=run_log)
    one_line_usage_errors(log)


def add_analysis_parsers(commands: argparse._SubParsersAction) -> list[argparse.ArgumentParser]:
    """`matrix`, `cooccurrence` and `stats`."""
    matrix = commands.add_parser("matrix", help="codes × participants, waves or attribute values")
    add_project_argument(matrix)
    matrix.add_argument(
        "--by", default="participant", help="participant (default), wave, or attribute:NAME"
    )
    matrix.add_argument("--code", action="append", metavar="PATH", help="rows (default: all)")
    matrix.add_argument("--coder", metavar="NAME")
    matrix.add_argument("--descendants", action="store_true", help="count sub-codes' coding")
    matrix.add_argument("--count", choices=COUNTS, default="segments")
    matrix.add_argument("--json", action="store_true")
    matrix.set_defaults(handler=run_matrix)

    co = commands.add_parser("cooccurrence", help="codes whose segments overlap")
    add_project_argument(co)
    co.add_argument("--coder", metavar="NAME")
    co.add_argument("--json", action="store_true")
    co.set_defaults(handler=run_cooccurrence)

    stats = commands.add_parser("stats", help="n, mean, SD of a numeric attribute")
    add_project_argument(stats)
    stats.add_argument("attribute")
    stats.add_argument("--by", metavar="ATTRIBUTE", help="also per value of this attribute")
    stats.add_argument("--json", action="store_true")
    stats.set_defaults(handler=run_stats)
    return [matrix, co, stats]


def add_case_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """`cases` and its actions."""
    case = commands.add_parser("cases", help="list topic cases, or change them")
    add_project_argument(case)
    case.add_argument("--json", action="store_true")
    case.set_defaults(handler=run_cases)
    actions = case.add_subparsers(dest="action", metavar="ACTION")
    add = actions.add_parser("add", help="create a case")
    add.add_argument("name")
    add.add_argument("--participant", metavar="ID")
    add.add_argument("--description", default="")
    add_actor_argument(add)
    add.set_defaults(handler=run_case_add)
    link = actions.add_parser("link", help="add segments (by id) to a case")
    link.add_argument("name")
    link.add_argument("segments", nargs="+", type=int, metavar="SEGMENT_ID")
    add_actor_argument(link)
    link.set_defaults(handler=run_case_link)
    unlink = actions.add_parser("unlink", help="take segments (by id) out of a case")
    unlink.add_argument("name")
    unlink.add_argument("segments", nargs="+", type=int, metavar="SEGMENT_ID")
    add_actor_argument(unlink)
    unlink.set_defaults(handler=run_case_unlink)
    remove = actions.add_parser("delete", help="delete a case (its segments stay coded)")
    remove.add_argument("name")
    add_actor_argument(remove)
    remove.set_defaults(handler=run_case_delete)
    show = actions.add_parser("show", help="a case's segments in wave order")
    show.add_argument("name")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=run_case_show)
    return case


def run_matrix(args: argparse.Namespace) -> int:
    from qcode.services import matrices
    from qcode.services.lookup import join_path

    with open_cli_project(args.project) as project, project.session() as session:
        result = matrices.build_matrix(session, args.by, args.code, args.coder, args.descendants)
    cells = {
        (code_id, column): getattr(result.matrix.cell(code_id, column), args.count)
        for code_id, _path in result.codes
        for column in result.columns
    }
    if args.json:
        print_json(
            {
                "by": args.by,
                "count": args.count,
                "columns": result.columns,
                "rows": [
                    {"code": list(path), "values": [cells[(cid, col)] for col in result.columns]}
                    for cid, path in result.codes
                ],
            }
        )
        return 0
    print_table(
        ["code", *result.columns],
        [
            (join_path(path), *(cells[(cid, col)] for col in result.columns))
            for cid, path in result.codes
        ],
    )
    return 0


def run_cooccurrence(args: argparse.Namespace) -> int:
    from qcode.services import matrices
    from qcode.services.lookup import join_path

    with open_cli_project(args.project) as project, project.session() as session:
        rows = matrices.code_cooccurrence(session, args.coder)
    if args.json:
        print_json(
            [
                {
                    "code_a": list(a),
                    "code_b": list(b),
                    "pairs": v.pairs,
                    "characters": v.characters,
                    "documents": v.documents,
                }
                for a, b, v in rows
            ]
        )
        return 0
    print_table(
        ["code A", "code B", "overlaps", "characters", "documents"],
        [(join_path(a), join_path(b), v.pairs, v.characters, v.documents) for a, b, v in rows],
    )
    return 0


def describe_row(label: str, d: matrices.Description) -> tuple[object, ...]:
    def fmt(value: float | None) -> str:
        return "" if value is None else f"{value:.2f}"

    return (label, d.n, fmt(d.mean), fmt(d.sd), fmt(d.median), fmt(d.minimum), fmt(d.maximum))


def run_stats(args: argparse.Namespace) -> int:
    from qcode.services import matrices

    with open_cli_project(args.project) as project, project.session() as session:
        overall, groups = matrices.attribute_statistics(session, args.attribute, args.by)
    if args.json:

        def as_dict(d: matrices.Description) -> dict[str, object]:
            return {
                "n": d.n,
                "mean": d.mean,
                "sd": d.sd,
                "median": d.median,
                "min": d.minimum,
                "max": d.maximum,
                "distribution": [[k, v] for k, v in d.distribution.items()],
            }

        print_json(
            {
                "attribute": args.attribute,
                "overall": as_dict(overall),
                "groups": {str(k): as_dict(v) for k, v in groups.items()},
            }
        )
        return 0
    rows = [describe_row("all", overall)] + [describe_row(str(k), v) for k, v in groups.items()]
    print_table(["group", "n", "mean", "SD", "median", "min", "max"], rows)
    dist = ", ".join(f"{k:g}: {v}" for k, v in overall.distribution.items())
    print(f"distribution ({args.attribute}): {dist}")
    return 0


def run_cases(args: argparse.Namespace) -> int:
    from qcode.services import cases

    with open_cli_project(args.project) as project, project.session() as session:
        rows = cases.case_summaries(session)
    if args.json:
        print_json([row._asdict() for row in rows])
        return 0
    print_table(
        ["case", "participant", "segments", "waves"],
        [(r.name, r.participant, r.segments, r.waves) for r in rows],
    )
    return 0


def run_case_add(args: argparse.Namespace) -> int:
    from qcode.services import cases

    with open_cli_project(args.project) as project:
        cases.create_case(
            project, args.name, args.participant, args.description, args.actor, args.reason
        )
    print(f"created case '{args.name}'")
    return 0


def run_case_link(args: argparse.Namespace) -> int:
    from qcode.services import cases

    with open_cli_project(args.project) as project:
        cases.link_segments(project, args.name, args.segments, args.actor, args.reason)
    print(f"linked {len(args.segments)} segments to '{args.name}'")
    return 0


def run_case_unlink(args: argparse.Namespace) -> int:
    from qcode.services import cases

    with open_cli_project(args.project) as project:
        cases.unlink_segments(project, args.name, args.segments, args.actor, args.reason)
    print(f"unlinked {len(args.segments)} segments from '{args.name}'")
    return 0


def run_case_delete(args: argparse.Namespace) -> int:
    from qcode.services import cases

    with open_cli_project(args.project) as project:
        cases.delete_case(project, args.name, args.actor, args.reason)
    print(f"deleted case '{args.name}'")
    return 0


def run_case_show(args: argparse.Namespace) -> int:
    from qcode.services import cases
    from qcode.services.lookup import join_path
    from qcode.services.retrieval import rows_for

    with open_cli_project(args.project) as project, project.session() as session:
        rows = rows_for(session, cases.case_segments_in_wave_order(session, args.name))
    if args.json:
        print_json(
            [
                {
                    "id": row.id,
                    "document": row.document,
                    "wave": row.wave,
                    "code": list(row.code),
                    "coder": row.coder,
                    "start": row.start,
                    "end": row.end,
                    "text": row.text,
                    "citation": row.citation,
                }
                for row in rows
            ]
        )
        return 0
    for row in rows:
        print(f"[{row.citation}] {join_path(row.code)} — {' '.join(row.text.split())}")
    return 0


def run_log(args: argparse.Namespace) -> int:
    from qcode.services import auditlog
    from qcode.services.output_paths import check_output_path

    if args.limit is not None and args.limit < 1:
        raise QcodeError("--limit must be 1 or more")
    if args.csv:
        check_output_path(Path(args.csv), Path(args.project))
    with open_cli_project(args.project) as project, project.session() as session:
        if args.csv:
            count = auditlog.export_audit_csv(session, Path(args.csv))
            print(f"wrote {count} events to {args.csv}")
            return 0
        lines = auditlog.audit_log(session, args.limit)
    if args.json:
        print_json([asdict(line) for line in lines])
        return 0
    for line in lines:
        print(auditlog.log_text(line))
    return 0
