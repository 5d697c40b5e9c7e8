"""`qcode similar`: passages like a text, a segment or a code; accept chosen ones as one step."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from qcode.cli.common import add_project_argument, one_line_usage_errors, open_cli_project
from qcode.cli.output import print_table, stream_json
from qcode.errors import QcodeError

if TYPE_CHECKING:
    from qcode.services.similar.query import Suggestion
    from qcode.store.project import Project


def register(commands: argparse._SubParsersAction) -> None:
    """Add `similar`; its usage errors are one line."""
    sub = commands.add_parser(
        "similar", help="find passages like a text, a segment or a code (offline; never codes)"
    )
    add_project_argument(sub)
    what = sub.add_mutually_exclusive_group()
    what.add_argument("--text", metavar="TEXT", help="passages like these words")
    what.add_argument("--segment", type=int, metavar="ID", help="passages like this segment")
    sub.add_argument(
        "--code", metavar="PATH", help="passages like its segments (left out: what it codes)"
    )
    sub.add_argument("--limit", type=int, default=20, metavar="N")
    sub.add_argument("--method", choices=("hybrid", "semantic", "lexical"), default="hybrid")
    sub.add_argument("--include-coded", action="store_true", help="keep the code's own passages")
    sub.add_argument("--index", action="store_true", help="index changed texts first")
    sub.add_argument(
        "--accept", metavar="N,M", help="code these suggestions (numbers as listed): needs --code"
    )
    sub.add_argument("--coder", metavar="NAME", help="who accepts (needed with --accept)")
    sub.add_argument("--json", action="store_true")
    sub.set_defaults(handler=run_similar)
    one_line_usage_errors(sub)


def numbers(text: str, count: int) -> list[int]:
    """``"1,3"`` → [1, 3], each between 1 and ``count``."""
    try:
        chosen = [int(word) for word in text.split(",") if word.strip()]
    except ValueError:
        raise QcodeError(f"--accept expects numbers such as 1,3, not '{text}'") from None
    wrong = [n for n in chosen if not 1 <= n <= count]
    if not chosen or wrong:
        raise QcodeError(f"--accept: there are {count} suggestions; {text} is not among them")
    return list(dict.fromkeys(chosen))


def progress(done: int, total: int) -> None:
    print(f"qcode: indexing passages: {done} of {total} documents", file=sys.stderr)


def refresh(project: Project, index: bool) -> None:
    """Index stale documents (with --index), or say on stderr how many are left out."""
    from qcode.services.similar.index import index_passages, stale_documents

    if index:
        index_passages(project, progress=progress)
        return
    with project.session() as session:
        stale = len(stale_documents(session))
    if stale:
        print(f"qcode: {stale} documents are not indexed (left out): add --index", file=sys.stderr)


def suggestion_json(number: int, found: Suggestion) -> dict[str, object]:
    return {
        "number": number,
        "document": found.document,
        "start": found.start,
        "end": found.end,
        "text": found.words,
        "score": found.score,
        "semantic": found.semantic,
        "lexical": found.lexical,
    }


def run_similar(args: argparse.Namespace) -> int:
    from qcode.services.similar.query import similar

    if args.text is None and args.segment is None and args.code is None:
        raise QcodeError("similar: give --text, --segment or --code")
    if args.accept and (args.code is None or not args.coder):
        raise QcodeError("similar: --accept needs --code (what to code) and --coder (who)")
    with open_cli_project(args.project) as project:
        refresh(project, args.index)
        with project.session() as session:
            found = similar(session, args.text, args.code, args.segment, args.limit,
                            not args.include_coded, args.method)  # fmt: skip
        if args.accept:
            return accept(project, args, found)
    if args.json:
        stream_json(suggestion_json(n, s) for n, s in enumerate(found, 1))
        return 0
    rows = [
        (n, s.document, f"{s.start}:{s.end}", f"{s.score:.4f}", f"{s.semantic:.3f}",
         f"{s.lexical:.2f}", " ".join(s.words.split())[:80])
        for n, s in enumerate(found, 1)
    ]  # fmt: skip
    print_table(["#", "document", "span", "score", "semantic", "bm25", "text"], rows)
    print(
        f"{len(found)} suggestions (none coded: accept with --accept N,M --code PATH --coder NAME)"
    )
    return 0


def accept(project: Project, args: argparse.Namespace, found: list[Suggestion]) -> int:
    from qcode.services.similar.accept import accept_suggestions

    chosen = [found[n - 1] for n in numbers(args.accept, len(found))]
    accept_suggestions(project, args.code, chosen, args.coder)
    print(f"coded {len(chosen)} suggested passages as '{args.code}' by {args.coder}")
    return 0
