"""Workshop commands: `disagreements`, `decide`, `adopt-agreements`, `decisions`; export kind."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from qcode.analysis.disagreements import CHOICES
from qcode.analysis.passages import PASSAGE_CHOICES
from qcode.cli.common import add_project_argument, open_cli_project, parse_span
from qcode.cli.export_cmds import EXPORTERS
from qcode.cli.output import print_json, print_table, stream_json
from qcode.cli.passage_cmds import decision_json, run_decide_passage, run_passages, spans_text
from qcode.errors import QcodeError

if TYPE_CHECKING:
    from qcode.services.workshop.disagreements import Disagreement
    from qcode.store.project import Project


def register(commands: argparse._SubParsersAction) -> None:
    listing = commands.add_parser("disagreements", help="where the coders' coding differs")
    add_scope_arguments(listing)
    add_passages_argument(listing)
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=run_disagreements)

    decide = commands.add_parser("decide", help="record a workshop decision on a disagreement")
    add_project_argument(decide)
    decide.add_argument("--coders", required=True, metavar="A,B[,C…]")
    decide.add_argument("--doc", required=True, metavar="NAME")
    decide.add_argument("--code", required=True, metavar="PATH")
    decide.add_argument("--at", required=True, type=int, metavar="OFFSET", help="inside the unit")
    decide.add_argument("--choice", required=True, choices=ALL_CHOICES)
    decide.add_argument("--keep", metavar="CODER", help="the coder kept (with keep)")
    decide.add_argument(
        "--k", type=int, metavar="K", help="at least K coders (with majority; default: most)"
    )
    decide.add_argument("--span", metavar="START:END", help="the team's span (with custom)")
    decide.add_argument("--rationale", required=True, metavar="TEXT", help="why")
    decide.add_argument("--attendees", default="", metavar='"Ana, Ben"')
    decide.add_argument("--as", dest="actor", metavar="CODER", help="who records the decision")
    decide.add_argument(
        "--replace",
        action="store_true",
        help="supersede an earlier decision on this passage (it stays in the log)",
    )
    add_passages_argument(decide)
    decide.set_defaults(handler=run_decide)

    adopt = commands.add_parser(
        "adopt-agreements", help="copy what both coders coded into the consensus layer"
    )
    add_scope_arguments(adopt)
    adopt.add_argument("--as", dest="actor", metavar="CODER", help="who makes the change")
    adopt.set_defaults(handler=run_adopt)

    log = commands.add_parser("decisions", help="the workshop decision log")
    add_project_argument(log)
    log.add_argument("--code", metavar="PATH")
    log.add_argument("--doc", metavar="NAME")
    log.add_argument("--in-force", action="store_true", help="leave out superseded decisions")
    log.add_argument("--json", action="store_true")
    log.set_defaults(handler=run_decisions)


ALL_CHOICES = tuple(dict.fromkeys((*CHOICES, *PASSAGE_CHOICES)))
N_CODER_CHOICES = ("keep", "majority", "unanimity")


def add_scope_arguments(parser: argparse.ArgumentParser) -> None:
    add_project_argument(parser)
    parser.add_argument("--coders", required=True, metavar="A,B[,C…]")
    parser.add_argument("--code", metavar="PATH")
    parser.add_argument("--descendants", action="store_true", help="also each sub-code")
    parser.add_argument("--doc", metavar="NAME")


def add_passages_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--passages",
        action="store_true",
        help="units are passages across codes (always so for three coders or more)",
    )


def coder_list(text: str) -> list[str]:
    """``"Ana,Ben,Cai"`` → ["Ana", "Ben", "Cai"]; two or more different coders."""
    names = [" ".join(name.split()) for name in text.split(",")]
    if len(names) < 2 or not all(names) or len(set(names)) != len(names):
        raise QcodeError(f"--coders expects two or more different coders as A,B,C, not '{text}'")
    return names


def parse_coders(text: str) -> tuple[str, str]:
    """``"Ana,Ben"`` → ("Ana", "Ben"); exactly two different coders."""
    names = coder_list(text)
    if len(names) != 2:
        raise QcodeError(f"--coders expects two different coders as A,B, not '{text}'")
    return names[0], names[1]


def by_passage(args: argparse.Namespace, names: list[str]) -> bool:
    """Whether a command works on passages across codes (N coders) or per code (a pair)."""
    choice = getattr(args, "choice", None)
    return len(names) > 2 or args.passages or choice in N_CODER_CHOICES


def disagreement_json(item: Disagreement) -> dict[str, object]:
    return {
        "document": item.document,
        "code": list(item.code),
        "coder_a": item.coder_a,
        "coder_b": item.coder_b,
        "start": item.start,
        "end": item.end,
        "citation": item.citation,
        "text": item.text,
        "a_spans": [list(span) for span in item.a_spans],
        "b_spans": [list(span) for span in item.b_spans],
        "union": [list(span) for span in item.union],
        "overlap": [list(span) for span in item.overlap],
        "context": item.context,
        "context_start": item.context_start,
        "memos": [
            {
                "coder": m.coder,
                "author": m.author,
                "title": m.title,
                "text": m.text,
                "start": m.start,
                "end": m.end,
            }
            for m in item.memos
        ],
        "decision": decision_json(item.decision),
        "decisions": [decision_json(info) for info in item.decisions],
    }


def run_disagreements(args: argparse.Namespace) -> int:
    from qcode.services.lookup import join_path
    from qcode.services.workshop import disagreements as workshop

    names = coder_list(args.coders)
    if by_passage(args, names):
        return run_passages(args, names)
    a, b = parse_coders(args.coders)
    with open_cli_project(args.project) as project, project.session() as session:
        listing = workshop.iter_disagreements(session, a, b, args.code, args.doc, args.descendants)
        if args.json:
            stream_json(
                {
                    "coders": [a, b],
                    "decided": listing.decided,
                    "total": listing.total,
                    "disagreements": (disagreement_json(item) for item in listing.items),
                }
            )
            return 0
        rows = [
            (
                number,
                item.citation,
                join_path(item.code),
                f"{item.start}:{item.end}",
                spans_text(item.a_spans),
                spans_text(item.b_spans),
                " + ".join(info.choice for info in item.decisions),
            )
            for number, item in enumerate(listing.items, 1)
        ]
    print_table(["#", "where", "code", "span", a, b, "decision"], rows)
    print(f"{listing.decided} of {listing.total} decided")
    return 0


def run_decide(args: argparse.Namespace) -> int:
    from qcode.services.lookup import join_path
    from qcode.services.workshop import disagreements as workshop

    names = coder_list(args.coders)
    if by_passage(args, names):
        return run_decide_passage(args, names)
    if args.keep is not None or args.k is not None:
        raise QcodeError("--keep goes with --choice keep, --k with --choice majority")
    a, b = parse_coders(args.coders)
    custom = parse_span(args.span) if args.span is not None else None
    with open_cli_project(args.project) as project:
        with project.session() as session:
            unit = workshop.disagreement_at(session, a, b, args.code, args.doc, args.at)
        workshop.decide(
            project,
            unit.key,
            args.choice,
            args.rationale,
            args.attendees,
            args.actor,
            custom,
            replace=args.replace,
        )
        with project.session() as session:
            after = workshop.get_disagreement(session, unit.key)
            decided, total = workshop.workshop_progress(session, a, b)
    assert after is not None and after.decision is not None
    info = after.decision
    print(
        f"decided {after.citation} ({after.start}:{after.end}), {join_path(after.code)}: "
        f"{info.words}; consensus {spans_text(info.result)}; {decided} of {total} decided"
    )
    return 0


def run_adopt(args: argparse.Namespace) -> int:
    from qcode.services.workshop import disagreements as workshop

    names = coder_list(args.coders)
    if len(names) > 2:
        from qcode.services.workshop.settle import adopt_unanimous

        with open_cli_project(args.project) as project:
            change = adopt_unanimous(
                project, names, args.code, args.doc, args.descendants, args.actor
            )
        print(f"adopted {change.value} characters all of {', '.join(names)} coded")
        return 0
    a, b = parse_coders(args.coders)
    with open_cli_project(args.project) as project:
        change = workshop.adopt_agreements(
            project, a, b, args.code, args.doc, args.descendants, args.actor
        )
    print(f"adopted {change.value} characters both {a} and {b} coded into the consensus")
    return 0


def run_decisions(args: argparse.Namespace) -> int:
    from qcode.services.lookup import join_path
    from qcode.services.workshop import disagreements as workshop

    with open_cli_project(args.project) as project, project.session() as session:
        rows = workshop.decision_log(session, args.doc, args.code, in_force_only=args.in_force)
    if args.json:
        print_json(
            [
                {
                    "when": row.decided_at.isoformat(sep=" ", timespec="seconds"),
                    "document": row.document,
                    "code": list(row.code),
                    "decided_on": list(row.decided_on) if row.decided_on else None,
                    "start": row.start,
                    "end": row.end,
                    "text": row.text,
                    "coders": list(row.coders or (row.coder_a, row.coder_b)),
                    "choice": row.choice,
                    "decision": row.choice_words,
                    "result": [list(span) for span in row.result],
                    "rationale": row.rationale,
                    "attendees": list(row.attendees),
                    "decided_by": row.decided_by,
                    "id": row.decision_id,
                    "in_force": row.in_force,
                    "superseded_by": row.superseded_by,
                    "superseded_at": (
                        row.superseded_at.isoformat(sep=" ", timespec="seconds")
                        if row.superseded_at is not None
                        else None
                    ),
                }
                for row in rows
            ]
        )
        return 0
    print_table(
        ["#", "when", "where", "code", "decision", "rationale", "by", "status"],
        [
            (
                row.decision_id,
                row.decided_at.isoformat(sep=" ", timespec="minutes"),
                row.citation,
                join_path(row.code)
                + (f" (decided on {join_path(row.decided_on)})" if row.decided_on else ""),
                row.choice_words,
                row.rationale,
                row.decided_by,
                row.status,
            )
            for row in rows
        ],
    )
    return 0


def export_decisions(project: Project, output: Path, args: argparse.Namespace) -> str:
    """`qcode export decisions PROJECT -o log.csv|log.docx [--doc] [--code] [--coders A,B]`."""
    from qcode.export.decision_log import write_decision_log
    from qcode.services.workshop import disagreements as workshop
    from qcode.store.project import project_title

    pair = set(coder_list(args.coders)) if getattr(args, "coders", None) else None
    doc, code = getattr(args, "doc", None), getattr(args, "code", None)
    with project.session() as session:
        rows = workshop.decision_log(session, doc, code)
        if pair is not None:
            rows = [row for row in rows if set(row.coders or (row.coder_a, row.coder_b)) == pair]
        progress = workshop.log_progress(session, rows, doc, code)
        title = f"Workshop decisions: {project_title(session)}"
    return write_decision_log(rows, output, title, progress)


EXPORTERS["decisions"] = export_decisions
