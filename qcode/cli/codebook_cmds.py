"""`codes` and its actions: list, add, edit, rename, move, merge, split, delete, CSV in and out."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from qcode.cli.common import (
    add_actor_argument,
    add_project_argument,
    one_line_usage_errors,
    open_cli_project,
)
from qcode.cli.output import stream_json
from qcode.errors import QcodeError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def register(commands: argparse._SubParsersAction) -> None:
    """Add `codes` and its actions; their usage errors are one line."""
    codes = commands.add_parser("codes", help="print or change the codebook")
    add_project_argument(codes)
    codes.add_argument("--json", action="store_true")
    codes.add_argument("--coder", help="count only this coder's segments")
    codes.set_defaults(handler=run_list)
    actions = codes.add_subparsers(dest="action", metavar="ACTION")
    add_edit_actions(actions)
    add_tree_actions(actions)
    export = actions.add_parser("export", help="write the codebook to CSV")
    export.add_argument("file")
    export.set_defaults(handler=run_export)
    load = actions.add_parser("import", help="read codes from a codebook CSV")
    load.add_argument("file")
    add_actor_argument(load)
    load.set_defaults(handler=run_import)
    one_line_usage_errors(codes)


def add_edit_actions(actions: argparse._SubParsersAction) -> None:
    """`codes add`, `edit` and `rename`."""
    add = actions.add_parser("add", help="add a code (and any missing parents)")
    add.add_argument("path")
    add_field_options(add, with_name=False)
    add.set_defaults(handler=run_add)

    edit = actions.add_parser(
        "edit", help="change a code's name, flags, colour, description, or make it a category"
    )
    edit.add_argument("path")
    add_field_options(edit, with_name=True)
    edit.set_defaults(handler=run_edit)

    rename = actions.add_parser("rename", help="rename a code")
    rename.add_argument("path")
    rename.add_argument("name")
    add_actor_argument(rename)
    rename.set_defaults(handler=lambda a: edit_fields(a, {"name": a.name}))


def add_tree_actions(actions: argparse._SubParsersAction) -> None:
    """`codes move`, `merge`, `split` and `delete`."""
    move = actions.add_parser("move", help="move a code under another (or to the top)")
    move.add_argument("path")
    where = move.add_mutually_exclusive_group(required=True)
    where.add_argument("--to", metavar="PARENT_PATH")
    where.add_argument("--top", action="store_true")
    move.add_argument("--position", type=int, help="place among the siblings, 1 = first")
    add_actor_argument(move)
    move.set_defaults(handler=run_move)

    merge = actions.add_parser("merge", help="merge SOURCE into TARGET (coding moves over)")
    merge.add_argument("source")
    merge.add_argument("target")
    add_actor_argument(merge)
    merge.set_defaults(handler=run_merge)

    split = actions.add_parser("split", help="move chosen segments of a code to a new sibling")
    split.add_argument("path")
    split.add_argument("new_name")
    split.add_argument("--coder", help="split off this coder's segments of the code")
    split.add_argument("--document", help="split off the code's segments in this document")
    split.add_argument("--segments", metavar="ID,ID…", help="split off exactly these segments")
    add_actor_argument(split)
    split.set_defaults(handler=run_split)

    delete = actions.add_parser("delete", help="delete a code, its sub-codes and their coding")
    delete.add_argument("path")
    add_actor_argument(delete)
    delete.set_defaults(handler=run_delete)


def add_field_options(parser: argparse.ArgumentParser, with_name: bool) -> None:
    if with_name:
        parser.add_argument("--name")
    parser.add_argument("--flags", metavar="C|M|CM", help="realist flags; '' for none")
    parser.add_argument("--color", metavar="#RRGGBB")
    parser.add_argument("--description", help="the definition")
    parser.add_argument("--when-to-use")
    parser.add_argument("--when-not-to-use")
    parser.add_argument("--example")
    category_help = "a category: it groups codes and is not used for coding"
    if with_name:
        kind = parser.add_mutually_exclusive_group()
        kind.add_argument("--category", action="store_true", help=f"make it {category_help}")
        kind.add_argument("--no-category", action="store_true", help="make it a code again")
    else:
        parser.add_argument("--category", action="store_true", help=f"make {category_help}")
    add_actor_argument(parser)


def run_list(args: argparse.Namespace) -> int:
    from qcode.services.codebook import edit as codebook
    from qcode.services.lookup import get_coder

    with open_cli_project(args.project) as project, project.session() as session:
        coder_id = get_coder(session, args.coder).id if args.coder else None
        nodes = codebook.codebook_tree(session, coder_id)
    if args.json:
        stream_json(
            {
                "path": list(n.path),
                "flags": n.flags,
                "color": n.color,
                "codable": n.codable,
                "description": n.description,
                "segments": n.segments,
            }
            for n in nodes
        )
        return 0
    for node in nodes:
        flags = f" ({', '.join(node.flags)})" if node.flags else ""
        kind = "" if node.codable else " (category)"
        print(f"{'  ' * node.depth}{node.path[-1]}{flags}{kind}  [{node.segments}]")
    if not nodes:
        print("(the codebook is empty)")
    return 0


def run_add(args: argparse.Namespace) -> int:
    from qcode.services.codebook import edit as codebook

    with open_cli_project(args.project) as project:
        details = {
            k: v
            for k, v in field_values(args, with_name=False).items()
            if k in ("when_to_use", "when_not_to_use", "example")
        }
        codebook.add_code(
            project,
            args.path,
            flags=args.flags or "",
            color=args.color,
            description=args.description or "",
            category=args.category,
            actor=args.actor,
            reason=args.reason,
            **details,
        )
    print(f"added {'category ' if args.category else ''}{args.path}")
    return 0


def field_values(args: argparse.Namespace, with_name: bool) -> dict[str, str]:
    names = ["flags", "color", "description", "when_to_use", "when_not_to_use", "example"]
    values = {n: getattr(args, n) for n in (["name"] if with_name else []) + names}
    return {key: value for key, value in values.items() if value is not None}


def run_edit(args: argparse.Namespace) -> int:
    fields: dict[str, object] = {**field_values(args, with_name=True)}
    if args.category or args.no_category:
        fields["codable"] = args.no_category
    if not fields:
        raise QcodeError("say what to change, e.g. --flags CM or --name 'New name'")
    return edit_fields(args, fields)


def edit_fields(args: argparse.Namespace, fields: dict[str, object]) -> int:
    from qcode.services.codebook import edit as codebook
    from qcode.services.lookup import get_code

    with open_cli_project(args.project) as project:
        with project.session() as session:
            code = get_code(session, args.path)
        codebook.update_code(  # refused if another coder renamed it in between
            project, code.id, actor=args.actor, reason=args.reason, was=code.name, **fields
        )
    print(f"changed {args.path}")
    return 0


def run_move(args: argparse.Namespace) -> int:
    from qcode.services.codebook import edit as codebook
    from qcode.services.lookup import code_path, get_code, join_path

    with open_cli_project(args.project) as project:
        with project.session() as session:
            code_id = get_code(session, args.path).id
            parent = None if args.top else get_code(session, args.to).id
        position = None if args.position is None else args.position - 1
        codebook.move_code(project, code_id, parent, position, args.actor, args.reason)
        with project.session() as session:
            print(f"moved to {join_path(code_path(session, get_code(session, code_id)))}")
    return 0


def run_merge(args: argparse.Namespace) -> int:
    from qcode.services.codebook import merge_split as codebook_merge
    from qcode.services.lookup import get_code

    with open_cli_project(args.project) as project:
        with project.session() as session:
            source, target = get_code(session, args.source).id, get_code(session, args.target).id
        codebook_merge.merge_codes(project, source, target, actor=args.actor, reason=args.reason)
    print(f"merged {args.source} into {args.target}")
    return 0


def segment_ids(text: str) -> list[int]:
    """Ids from "12,15, 40"; anything else is a one-line error."""
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if not parts or not all(part.isdigit() for part in parts):
        raise QcodeError(f"--segments takes segment ids separated by commas, not '{text}'")
    return [int(part) for part in parts]


def run_split(args: argparse.Namespace) -> int:
    from qcode.services.codebook.merge_split import split_code
    from qcode.services.lookup import get_code

    with open_cli_project(args.project) as project:
        with project.session() as session:
            code = get_code(session, args.path).id
            ids = chosen_segments(session, code, args)
        split_code(project, code, ids, args.new_name, actor=args.actor, reason=args.reason)
    name = " ".join(args.new_name.split())
    print(f"split {len(ids)} segment(s) of {args.path} off into '{name}'")
    return 0


def chosen_segments(session: Session, code_id: int, args: argparse.Namespace) -> list[int]:
    """The code's own segments that --coder, --document and --segments pick (all given)."""
    from sqlalchemy import select

    from qcode.services.lookup import get_coder, get_document
    from qcode.store.models import Segment

    if not (args.coder or args.document or args.segments):
        raise QcodeError("say which segments to split off: --coder, --document or --segments")
    query = select(Segment.id).where(Segment.code_id == code_id).order_by(Segment.id)
    if args.coder:
        query = query.where(Segment.coder_id == get_coder(session, args.coder).id)
    if args.document:
        query = query.where(Segment.document_id == get_document(session, args.document).id)
    if args.segments:
        query = query.where(Segment.id.in_(segment_ids(args.segments)))
        ids = list(session.scalars(query))
        if len(ids) != len(set(segment_ids(args.segments))):
            raise QcodeError(f"every segment to split off must be coded '{args.path}' itself")
        return ids
    ids = list(session.scalars(query))
    if not ids:
        raise QcodeError(f"no segments of '{args.path}' match; nothing to split off")
    return ids


def run_delete(args: argparse.Namespace) -> int:
    from qcode.services.codebook import edit as codebook
    from qcode.services.lookup import get_code

    with open_cli_project(args.project) as project:
        with project.session() as session:
            code_id = get_code(session, args.path).id
        codebook.delete_code(project, code_id, actor=args.actor, reason=args.reason)
    print(f"deleted {args.path}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from qcode.services.codebook import exchange as codebook_io
    from qcode.services.output_paths import check_output_path

    check_output_path(Path(args.file), Path(args.project))
    with open_cli_project(args.project) as project, project.session() as session:
        count = codebook_io.export_codebook_csv(session, Path(args.file))
    print(f"wrote {count} codes to {args.file}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from qcode.services.codebook import exchange as codebook_io

    with open_cli_project(args.project) as project:
        change = codebook_io.import_codebook_csv(
            project, Path(args.file), actor=args.actor, reason=args.reason
        )
    print(f"read {change.value} codes from {args.file}")
    return 0
