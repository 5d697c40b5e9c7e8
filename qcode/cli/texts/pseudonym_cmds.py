"""`qcode pseudonyms P list|add|edit|remove|preview|apply|key` and `qcode correct P DOCUMENT`."""

from __future__ import annotations

import argparse
from pathlib import Path

from qcode.cli.common import (
    add_actor_argument,
    add_project_argument,
    one_line_usage_errors,
    open_cli_project,
)
from qcode.cli.output import print_json, print_table
from qcode.errors import QcodeError

KINDS = ("person", "place", "organisation", "other")  # as qcode.store.models.PSEUDONYM_KINDS


def register(commands: argparse._SubParsersAction) -> None:
    """Add `pseudonyms` (with its actions) and `correct`."""
    register_pseudonyms(commands)
    register_correct(commands)


def register_pseudonyms(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "pseudonyms",
        help="keep a list of real names and their pseudonyms; preview and apply it",
        description="The pseudonym list replaces real names and places in every text. "
        "`preview` shows each hit (case, titles, possessives, misspellings); `apply --yes` "
        "rewrites the texts in one undoable step that keeps all coding on its words. The "
        "list is written out only by `key`; no export and no coder's copy carries it.",
    )
    add_project_argument(parser)
    parser.add_argument("--json", action="store_true", help="the list as JSON")
    parser.set_defaults(handler=run_list)
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    listing = actions.add_parser("list", help="print the list")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=run_list)
    add = actions.add_parser("add", help="put a real name on the list with its pseudonym")
    add.add_argument("original", metavar="ORIGINAL")
    add.add_argument("pseudonym", metavar="PSEUDONYM")
    add.add_argument("--kind", choices=KINDS, default="person")
    add.add_argument("--note", default="")
    add_actor_argument(add)
    add.set_defaults(handler=run_add)
    edit = actions.add_parser("edit", help="change a pair's pseudonym, kind or note")
    edit.add_argument("original", metavar="ORIGINAL")
    edit.add_argument("--pseudonym")
    edit.add_argument("--kind", choices=KINDS)
    edit.add_argument("--note")
    edit.add_argument("--original", dest="new_original", metavar="SPELLING")
    add_actor_argument(edit)
    edit.set_defaults(handler=run_edit)
    remove = actions.add_parser("remove", help="take a name off the list")
    remove.add_argument("original", metavar="ORIGINAL")
    add_actor_argument(remove)
    remove.set_defaults(handler=run_remove)
    preview = actions.add_parser("preview", help="every hit of the list in the texts")
    preview.add_argument("--doc", action="append", metavar="NAME", help="only this document")
    preview.add_argument("--json", action="store_true")
    preview.set_defaults(handler=run_preview)
    apply = actions.add_parser("apply", help="replace every hit (one undoable step)")
    apply.add_argument("--yes", action="store_true", help="make the replacements")
    add_actor_argument(apply)
    apply.set_defaults(handler=run_apply)
    key = actions.add_parser("key", help="write the key file (original,pseudonym,kind)")
    key.add_argument("-o", "--output", required=True, metavar="F.csv")
    key.set_defaults(handler=run_key)
    one_line_usage_errors(parser)


def register_correct(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "correct",
        help="correct a document's text; its coding stays on its words",
        description="Replace text in one document as one undoable step: --find TEXT "
        "--replace TEXT (the only occurrence, --occurrence N, or --all), or --at START "
        "--length N --text T (offsets in code points). Segments, memos, cases and "
        "workshop decisions keep covering the same words.",
    )
    add_project_argument(parser)
    parser.add_argument("document", metavar="DOCUMENT")
    parser.add_argument("--find", metavar="TEXT")
    parser.add_argument("--replace", metavar="TEXT")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--occurrence", type=int, metavar="N", help="the N-th occurrence")
    which.add_argument("--all", action="store_true", help="every occurrence")
    parser.add_argument("--at", type=int, metavar="START")
    parser.add_argument("--length", type=int, default=0, metavar="N")
    parser.add_argument("--text", metavar="T")
    add_actor_argument(parser)
    parser.set_defaults(handler=run_correct)
    one_line_usage_errors(parser)


def run_list(args: argparse.Namespace) -> int:
    from qcode.services.pseudonyms.pairs import list_pairs

    with open_cli_project(args.project) as project, project.session() as session:
        pairs = list_pairs(session)
    if args.json:
        print_json(
            [
                {"original": p.original, "pseudonym": p.pseudonym, "kind": p.kind, "note": p.note}
                for p in pairs
            ]
        )
    elif pairs:
        print_table(
            ("original", "pseudonym", "kind"), [(p.original, p.pseudonym, p.kind) for p in pairs]
        )
    else:
        print("the pseudonym list is empty")
    return 0


def run_add(args: argparse.Namespace) -> int:
    from qcode.services.pseudonyms.pairs import add_pair

    with open_cli_project(args.project) as project:
        add_pair(
            project, args.original, args.pseudonym, args.kind, args.note, args.actor, args.reason
        )
    print(f"added pseudonym '{' '.join(args.pseudonym.split())}' ({args.kind})")
    return 0


def run_edit(args: argparse.Namespace) -> int:
    from qcode.services.pseudonyms.pairs import edit_pair

    with open_cli_project(args.project) as project:
        change = edit_pair(
            project,
            args.original,
            pseudonym=args.pseudonym,
            kind=args.kind,
            note=args.note,
            new_original=args.new_original,
            actor=args.actor,
            reason=args.reason,
        )
    print("changed nothing" if change.is_empty else "edited the pair")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    from qcode.services.pseudonyms.pairs import remove_pair

    with open_cli_project(args.project) as project:
        remove_pair(project, args.original, args.actor, args.reason)
    print("removed the pair (texts already rewritten keep their pseudonym)")
    return 0


def run_preview(args: argparse.Namespace) -> int:
    from qcode.services.pseudonyms.applying import preview

    with open_cli_project(args.project) as project, project.session() as session:
        hits = preview(session, args.doc)
    if args.json:
        print_json(
            [
                {
                    "document": h.document,
                    "start": h.start,
                    "end": h.end,
                    "line": h.line,
                    "found": h.found,
                    "how": h.how,
                    "original": h.original,
                    "replacement": h.replacement,
                    "context": h.context,
                }
                for h in hits
            ]
        )
        return 0
    rows = [(f"{h.document}:{h.line}", h.found, h.replacement, h.how, h.context) for h in hits]
    if rows:
        print_table(("where", "found", "replacement", "how", "line"), rows)
    print(counted(hits))
    return 0


def counted(hits: list) -> str:  # type: ignore[type-arg]
    documents = len({h.document_id for h in hits})
    return (
        f"{len(hits)} replacement{'' if len(hits) == 1 else 's'} "
        f"in {documents} document{'' if documents == 1 else 's'}"
    )


def run_apply(args: argparse.Namespace) -> int:
    from qcode.services.pseudonyms.applying import apply_pseudonyms, preview

    with open_cli_project(args.project) as project:
        if not args.yes:
            with project.session() as session:
                hits = preview(session)
            raise QcodeError(
                f"{counted(hits)} would be made; add --yes to make them "
                "(see `qcode pseudonyms PROJECT preview`)"
            )
        change = apply_pseudonyms(project, actor=args.actor, reason=args.reason)
    rewrites = change.value or []
    made = sum(r.edits for r in rewrites)
    documents = sum(1 for r in rewrites if r.edits)
    print(
        f"made {made} replacement{'' if made == 1 else 's'} "
        f"in {documents} document{'' if documents == 1 else 's'}"
    )
    return 0


def run_key(args: argparse.Namespace) -> int:
    from qcode.services.output_paths import check_output_path
    from qcode.services.pseudonyms.keyfile import write_key

    check_output_path(Path(args.output), Path(args.project))  # before the project is opened
    with open_cli_project(args.project) as project, project.session() as session:
        count = write_key(session, Path(args.output))
    print(
        f"wrote {count} pair{'' if count == 1 else 's'} to {args.output}; "
        "keep it apart from the project and its exports"
    )
    return 0


def correction_edits(args: argparse.Namespace, text: str) -> list[tuple[int, int, str]]:
    """The edits a `correct` command line asks for, in ``text``."""
    from qcode.services.pseudonyms.textedit import find_occurrences, pick_occurrences

    if args.at is not None:
        if args.find is not None or args.replace is not None or args.all or args.occurrence:
            raise QcodeError("give either --at/--length/--text or --find/--replace, not both")
        if args.text is None:
            raise QcodeError("--at needs --text (the new words; '' deletes)")
        if args.length < 0:
            raise QcodeError("--length cannot be negative")
        return [(args.at, args.at + args.length, args.text)]
    if args.find is None or args.replace is None:
        raise QcodeError("say what to change: --find TEXT --replace TEXT, or --at START --text T")
    spans = pick_occurrences(
        find_occurrences(text, args.find), args.find, args.occurrence, args.all
    )
    return [(start, end, args.replace) for start, end in spans]


def run_correct(args: argparse.Namespace) -> int:
    from qcode.services.lookup import get_document
    from qcode.services.pseudonyms.textedit import replace_spans

    with open_cli_project(args.project) as project:
        with project.session() as session:
            doc = get_document(session, args.document)
            name, sha, edits = doc.name, doc.sha256, correction_edits(args, doc.text)
        change = replace_spans(project, name, edits, args.actor, args.reason, expected_sha256=sha)
    result = change.value
    print(
        f"corrected '{name}': {result.edits} change{'' if result.edits == 1 else 's'}, "
        f"{result.segments_moved} segment{'' if result.segments_moved == 1 else 's'} moved"
    )
    return 0
