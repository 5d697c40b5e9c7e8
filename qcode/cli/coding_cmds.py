"""Coding commands: `code`, `uncode`, `segments`, `search`, `autocode`, `memo`, `coders`."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from qcode.analysis.search import MODES, UNITS
from qcode.cli.common import (
    add_actor_argument,
    add_project_argument,
    one_line_usage_errors,
    open_cli_project,
    parse_span,
)
from qcode.cli.output import print_table, stream_json
from qcode.errors import QcodeError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from qcode.services import memos, search
    from qcode.services.retrieval import SegmentRow
    from qcode.store.project import Project

Parsers = list[argparse.ArgumentParser]


def register(commands: argparse._SubParsersAction) -> None:
    """Add the coding commands; their usage errors are one line."""
    for add in (add_code_parsers, add_segments_parser, add_search_parsers, add_memo_parsers):
        for parser in add(commands):
            one_line_usage_errors(parser)


def add_code_parsers(commands: argparse._SubParsersAction) -> Parsers:
    """`code` and `uncode`."""
    code = commands.add_parser("code", help="code a span of a document as a coder")
    add_project_argument(code)
    code.add_argument("--doc", required=True, metavar="NAME")
    code.add_argument("--code", metavar="PATH", help="the code (the parent, with --in-vivo)")
    code.add_argument("--coder", required=True, metavar="NAME")
    where = code.add_mutually_exclusive_group(required=True)
    where.add_argument("--span", metavar="START:END")
    where.add_argument("--quote", metavar="TEXT")
    code.add_argument("--in-vivo", action="store_true", help="name a new code from the words")
    code.set_defaults(handler=run_code)

    uncode = commands.add_parser("uncode", help="remove coding from a span or a segment")
    add_project_argument(uncode)
    what = uncode.add_mutually_exclusive_group(required=True)
    what.add_argument("--segment", type=int, metavar="ID")
    what.add_argument("--span", metavar="START:END")
    uncode.add_argument("--doc", metavar="NAME")
    uncode.add_argument("--coder", metavar="NAME")
    uncode.add_argument("--code", metavar="PATH", help="only this code (default: all)")
    uncode.set_defaults(handler=run_uncode)
    return [code, uncode]


def add_segments_parser(commands: argparse._SubParsersAction) -> Parsers:
    """`segments`."""
    segs = commands.add_parser("segments", help="retrieve coded segments")
    add_project_argument(segs)
    segs.add_argument("--code", metavar="PATH")
    segs.add_argument("--descendants", action="store_true", help="include sub-codes' coding")
    segs.add_argument("--coder", metavar="NAME")
    segs.add_argument("--participant", metavar="ID")
    segs.add_argument("--wave", type=int, metavar="N")
    segs.add_argument("--doc", metavar="NAME")
    segs.add_argument("--attr", metavar="KEY=VALUE", help="participants with this attribute")
    segs.add_argument("--case", metavar="NAME", help="only the segments of this topic case")
    segs.add_argument("--json", action="store_true")
    segs.set_defaults(handler=run_segments)
    return [segs]


def add_search_parsers(commands: argparse._SubParsersAction) -> Parsers:
    """`search` and `autocode`, which share their search options."""
    searches = []
    for name, helptext in (
        ("search", "search the text of every document"),
        ("autocode", "code every search hit in one undoable step"),
    ):
        sub = commands.add_parser(name, help=helptext)
        searches.append(sub)
        add_project_argument(sub)
        sub.add_argument("query")
        sub.add_argument("--mode", choices=MODES, default="exact")
        sub.add_argument(
            "--unit",
            choices=UNITS,
            default="none",
            help="widen each hit to its sentence, paragraph or speaker turn",
        )
        sub.add_argument("--threshold", type=float, default=80.0, help="fuzzy: 0–100")
        sub.add_argument("--doc", action="append", metavar="NAME", help="only these documents")
        if name == "search":
            sub.add_argument("--json", action="store_true")
            sub.set_defaults(handler=run_search)
        else:
            sub.add_argument("--code", required=True, metavar="PATH")
            sub.add_argument("--coder", required=True, metavar="NAME")
            sub.add_argument("--preview", action="store_true", help="list the hits, code none")
            sub.set_defaults(handler=run_autocode)
    return searches


def add_memo_parsers(commands: argparse._SubParsersAction) -> Parsers:
    """`memo` and `coders`."""
    memo = commands.add_parser(
        "memo", help="write a memo on a document, code, segment, participant or case"
    )
    add_project_argument(memo)
    memo.add_argument("text")
    memo.add_argument("--title", default="")
    on = memo.add_mutually_exclusive_group()
    on.add_argument("--doc", metavar="NAME")
    on.add_argument("--code", metavar="PATH")
    on.add_argument("--segment", type=int, metavar="ID")
    on.add_argument("--participant", metavar="ID")
    on.add_argument("--case", metavar="NAME")
    add_actor_argument(memo)
    memo.set_defaults(handler=run_memo)

    coder_cmd = commands.add_parser("coders", help="list coders, or add one")
    add_project_argument(coder_cmd)
    coder_cmd.add_argument("--add", metavar="NAME")
    coder_cmd.add_argument("--color", metavar="#RRGGBB")
    coder_cmd.set_defaults(handler=run_coders)
    return [memo, coder_cmd]


def run_code(args: argparse.Namespace) -> int:
    from qcode.services import coding
    from qcode.services.lookup import get_document, join_path

    with open_cli_project(args.project) as project:
        if args.quote is not None:
            with project.session() as session:
                start, end = coding.find_quote(get_document(session, args.doc), args.quote)
        else:
            start, end = parse_span(args.span)
        if args.in_vivo:
            change = coding.code_in_vivo(project, args.doc, args.coder, start, end, args.code)
        elif args.code is None:
            raise QcodeError("--code is required (or use --in-vivo)")
        else:
            change = coding.code_span(project, args.doc, args.code, args.coder, start, end)
        row = retrieve_segments_by_id(project, change.value)
    print(f"coded {row.citation}: {join_path(row.code)} by {row.coder} ({row.start}:{row.end})")
    return 0


def retrieve_segments_by_id(project: Project, segment_id: int) -> SegmentRow:
    from qcode.services.retrieval import rows_for
    from qcode.store.models import Segment

    with project.session() as session:
        segment = session.get(Segment, segment_id)
        assert segment is not None
        return rows_for(session, [segment])[0]


def run_uncode(args: argparse.Namespace) -> int:
    from qcode.services import coding

    with open_cli_project(args.project) as project:
        if args.segment is not None:
            coding.uncode_segment(project, args.segment, args.coder)
        else:
            if not args.doc or not args.coder:
                raise QcodeError("uncoding a span needs --doc and --coder")
            start, end = parse_span(args.span)
            coding.uncode_span(project, args.doc, args.coder, start, end, args.code)
    print("uncoded")
    return 0


def run_segments(args: argparse.Namespace) -> int:
    from qcode.services import cases
    from qcode.services.documents.participants import parse_attribute_option
    from qcode.services.lookup import join_path
    from qcode.services.retrieval import SegmentFilter, iter_segments

    attribute = None
    if args.attr:
        try:
            key, value = parse_attribute_option(args.attr)
        except ValueError as exc:
            raise QcodeError(str(exc)) from exc
        attribute = (key, str(value))
    with open_cli_project(args.project) as project, project.session() as session:
        case = cases.get_case(session, args.case).id if args.case else None
        flt = SegmentFilter(
            code=args.code,
            with_descendants=args.descendants,
            coder=args.coder,
            participant=args.participant,
            wave=args.wave,
            document=args.doc,
            attribute=attribute,
            case=case,
        )
        rows = iter_segments(session, flt)
        if args.json:
            stream_json(segment_json(row) for row in rows)
            return 0
        count = 0
        for row in rows:
            print(f"#{row.id} [{row.citation}] {join_path(row.code)} — {row.coder}")
            print(f"    {' '.join(row.text.split())}")
            count += 1
    print(f"{count} segments")
    return 0


def segment_json(row: SegmentRow) -> dict[str, object]:
    """A segment's `--json` fields (../shared/CLI.md)."""
    return {
        "id": row.id,
        "document": row.document,
        "code": list(row.code),
        "coder": row.coder,
        "start": row.start,
        "end": row.end,
        "text": row.text,
    }


def find_hits(args: argparse.Namespace, session: Session) -> list[search.SearchHit]:
    from qcode.services import search

    return search.search_project(
        session, args.query, args.mode, args.unit, args.doc, args.threshold
    )


def run_search(args: argparse.Namespace) -> int:
    with open_cli_project(args.project) as project, project.session() as session:
        hits = find_hits(args, session)
    if args.json:
        stream_json(
            {
                "document": h.document,
                "start": h.start,
                "end": h.end,
                "text": h.text,
                "citation": h.citation,
            }
            for h in hits
        )
        return 0
    for hit in hits:
        print(f"[{hit.citation}] {' '.join(hit.text.split())}")
    print(f"{len(hits)} hits")
    return 0


def run_autocode(args: argparse.Namespace) -> int:
    from qcode.services import search
    from qcode.services.lookup import get_code

    with open_cli_project(args.project) as project:
        with project.session() as session:
            get_code(session, args.code)
            hits = find_hits(args, session)
        if args.preview:
            for hit in hits:
                print(f"[{hit.citation}] {' '.join(hit.text.split())}")
            print(f"{len(hits)} hits would be coded '{args.code}' as {args.coder}")
            return 0
        search.autocode(project, hits, args.code, args.coder, query=args.query)
    print(f"coded {len(hits)} hits as '{args.code}' by {args.coder}")
    return 0


def run_memo(args: argparse.Namespace) -> int:
    from qcode.services import memos

    with open_cli_project(args.project) as project:
        with project.session() as session:
            target = memo_target(session, args)
        change = memos.add_memo(
            project, args.text, target, args.title, actor=args.actor, reason=args.reason
        )
    print(f"memo {change.value} written")
    return 0


def memo_target(session: Session, args: argparse.Namespace) -> memos.MemoTarget | None:
    from qcode.services import cases, memos
    from qcode.services.lookup import get_code, get_document, get_participant

    if args.doc:
        return memos.MemoTarget("document", get_document(session, args.doc).id)
    if args.code:
        return memos.MemoTarget("code", get_code(session, args.code).id)
    if args.segment is not None:
        return memos.MemoTarget("segment", args.segment)
    if args.participant:
        return memos.MemoTarget("participant", get_participant(session, args.participant).id)
    if args.case:
        return memos.MemoTarget("case", cases.get_case(session, args.case).id)
    return None


def run_coders(args: argparse.Namespace) -> int:
    from qcode.services import coders

    with open_cli_project(args.project) as project:
        if args.add:
            coders.add_coder(project, args.add, color=args.color)
        with project.session() as session:
            rows = [(c.name, c.initials, c.color) for c in coders.list_coders(session)]
    print_table(["coder", "initials", "colour"], rows)
    return 0
